/*  lx_text: terminal text, measured the way a terminal shows it.

    Chinese names fill two columns per character in a terminal, so aligning
    tables by bytes (printf's %-16s) or by characters breaks them. These
    functions count display columns: East Asian wide and fullwidth
    characters (Unicode's W and F classes) take two, control characters
    none, everything else one.
*/
#ifndef LX_TEXT_H_INCLUDED
#define LX_TEXT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

//  Display columns of UTF-8 text (NULL counts 0). Bytes that are not valid
//  UTF-8 count one column each, so a bad input still aligns.
size_t lx_text_width (const char *text);

//  Writes text (NULL as "") to out, then spaces up to width display
//  columns; text wider than width is written whole, unpadded.
void lx_text_pad (FILE *out, const char *text, size_t width);

//  Writes text (NULL as "") to out as a JSON string: quoted, with quotes,
//  backslashes and control characters escaped; UTF-8 passes through.
void lx_text_json (FILE *out, const char *text);

//  Copies text (NULL: "") into out, cut at a UTF-8 character boundary to
//  fit its size bytes with the NUL (a reason field's limit, say).
void lx_text_cut (const char *text, char *out, size_t size);

//  Self test.
void lx_text_test (bool verbose);

#endif
