/*  lx_valid: validators for everything that comes from outside.

    Network fields, command-line arguments and configuration values all pass
    through these checks before they touch a store. Each returns true when
    the value is acceptable; none allocates or keeps state.
*/
#ifndef LX_VALID_H_INCLUDED
#define LX_VALID_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  True when the size bytes at data are well-formed UTF-8 (no overlongs,
//  no surrogates, nothing above U+10FFFF) and contain no NUL or ASCII
//  control character other than tab and newline.
bool lx_valid_utf8 (const char *data, size_t size);

//  True for an identifier: 1..32 characters of [a-z0-9_-], starting with a
//  letter or digit. Node ids and plot ids are identifiers.
bool lx_valid_id (const char *text);

//  True for a lead id: 1..64 characters of [A-Za-z0-9_-].
bool lx_valid_lead_id (const char *text);

//  True for a calendar date "YYYY-MM-DD" between 2000-01-01 and 2099-12-31
//  that exists (leap years honoured).
bool lx_valid_date (const char *text);

//  True for an industry code of GB/T 4754-2017: a section letter A..T alone,
//  or the letter followed by a 2-, 3- or 4-digit code whose first two digits
//  (the division) belong to that section, e.g. "C", "C39", "C391", "C3911".
bool lx_valid_industry (const char *text);

//  True for an 18-character unified social credit code whose check
//  character (the 18th) is right by GB 32100-2015. Letters must be upper
//  case; I, O, S, V and Z never appear.
bool lx_valid_uscc (const char *text);

//  Computes the GB 32100-2015 check character for the first 17 characters
//  of code. Returns the character, or 0 when any of them is not a valid
//  code character.
char lx_valid_uscc_check (const char *code17);

//  Self test.
void lx_valid_test (bool verbose);

#endif
