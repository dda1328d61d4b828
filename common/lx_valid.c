/*  lx_valid: validators for everything that comes from outside. */

#include "lx_valid.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

bool
lx_valid_utf8 (const char *data, size_t size)
{
    const unsigned char *byte = (const unsigned char *) data;
    size_t index = 0;
    while (index < size) {
        unsigned char lead = byte [index];
        if (lead < 0x80) {
            if ((lead < 0x20 && lead != '\t' && lead != '\n') || lead == 0x7F)
                return false;
            index++;
            continue;
        }
        size_t extra;
        uint32_t point;
        if (lead >= 0xC2 && lead <= 0xDF) { extra = 1; point = lead & 0x1F; }
        else
        if (lead >= 0xE0 && lead <= 0xEF) { extra = 2; point = lead & 0x0F; }
        else
        if (lead >= 0xF0 && lead <= 0xF4) { extra = 3; point = lead & 0x07; }
        else
            return false;       //  continuation byte, overlong C0/C1, or F5..FF
        if (size - index <= extra)
            return false;
        for (size_t next = 1; next <= extra; next++) {
            unsigned char cont = byte [index + next];
            if ((cont & 0xC0) != 0x80)
                return false;
            point = (point << 6) | (cont & 0x3F);
        }
        if ((extra == 2 && point < 0x800)
        ||  (extra == 3 && (point < 0x10000 || point > 0x10FFFF))
        ||  (point >= 0xD800 && point <= 0xDFFF))
            return false;
        index += extra + 1;
    }
    return true;
}

//  True when every character of text is in [a-z0-9_-] (lower_only) or
//  [A-Za-z0-9_-], and its length is 1..max_len.
static bool
s_valid_name (const char *text, size_t max_len, bool lower_only)
{
    if (!text)
        return false;
    size_t length = strlen (text);
    if (length == 0 || length > max_len)
        return false;
    for (size_t index = 0; index < length; index++) {
        char c = text [index];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
               || c == '_' || c == '-' || (!lower_only && c >= 'A' && c <= 'Z');
        if (!ok)
            return false;
    }
    return true;
}

bool
lx_valid_id (const char *text)
{
    return s_valid_name (text, 32, true) && text [0] != '_' && text [0] != '-';
}

bool
lx_valid_lead_id (const char *text)
{
    return s_valid_name (text, 64, false);
}

bool
lx_valid_date (const char *text)
{
    if (!text || strlen (text) != 10 || text [4] != '-' || text [7] != '-')
        return false;
    for (int index = 0; index < 10; index++)
        if (index != 4 && index != 7 && (text [index] < '0' || text [index] > '9'))
            return false;
    int year = (text [0] - '0') * 1000 + (text [1] - '0') * 100
             + (text [2] - '0') * 10 + (text [3] - '0');
    int month = (text [5] - '0') * 10 + (text [6] - '0');
    int day = (text [8] - '0') * 10 + (text [9] - '0');
    if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1)
        return false;
    static const int days_in [12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int limit = days_in [month - 1];
    if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
        limit = 29;
    return day <= limit;
}

//  GB/T 4754-2017 sections (门类) and the first and last division (大类)
//  each contains.
static const struct {
    char section;               //  section letter
    int first;                  //  first division number in the section
    int last;                   //  last division number in the section
} s_sections [] = {
    { 'A',  1,  5 }, { 'B',  6, 12 }, { 'C', 13, 43 }, { 'D', 44, 46 },
    { 'E', 47, 50 }, { 'F', 51, 52 }, { 'G', 53, 60 }, { 'H', 61, 62 },
    { 'I', 63, 65 }, { 'J', 66, 69 }, { 'K', 70, 70 }, { 'L', 71, 72 },
    { 'M', 73, 75 }, { 'N', 76, 79 }, { 'O', 80, 82 }, { 'P', 83, 83 },
    { 'Q', 84, 85 }, { 'R', 86, 90 }, { 'S', 91, 97 }, { 'T', 98, 98 },
};

bool
lx_valid_industry (const char *text)
{
    if (!text)
        return false;
    size_t length = strlen (text);
    if (length != 1 && (length < 3 || length > 5))
        return false;
    for (size_t index = 1; index < length; index++)
        if (text [index] < '0' || text [index] > '9')
            return false;
    for (size_t index = 0; index < sizeof s_sections / sizeof s_sections [0]; index++) {
        if (s_sections [index].section != text [0])
            continue;
        if (length == 1)
            return true;
        int division = (text [1] - '0') * 10 + (text [2] - '0');
        return division >= s_sections [index].first && division <= s_sections [index].last;
    }
    return false;
}

//  The 31 characters of GB 32100-2015 in value order (no I, O, S, V, Z).
static const char s_uscc_chars [] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

//  Returns the value 0..30 of a code character, or -1.
static int
s_uscc_value (char c)
{
    if (c == 0)
        return -1;
    const char *found = strchr (s_uscc_chars, c);
    return found? (int) (found - s_uscc_chars): -1;
}

char
lx_valid_uscc_check (const char *code17)
{
    //  Weight of position i is 3^i mod 31.
    int weight = 1;
    int sum = 0;
    for (int index = 0; index < 17; index++) {
        int value = s_uscc_value (code17 [index]);
        if (value < 0)
            return 0;
        sum += value * weight;
        weight = (weight * 3) % 31;
    }
    int check = 31 - sum % 31;
    return s_uscc_chars [check == 31? 0: check];
}

bool
lx_valid_uscc (const char *text)
{
    if (!text || strlen (text) != 18)
        return false;
    char check = lx_valid_uscc_check (text);
    return check != 0 && check == text [17];
}

void
lx_valid_test (bool verbose)
{
    (void) verbose;
    //  UTF-8
    assert (lx_valid_utf8 ("", 0));
    assert (lx_valid_utf8 ("衢州市柯城区", strlen ("衢州市柯城区")));
    assert (lx_valid_utf8 ("tab\tand\nnewline", 15));
    assert (!lx_valid_utf8 ("\x01", 1));
    assert (!lx_valid_utf8 ("a\0b", 3));
    assert (!lx_valid_utf8 ("\xC0\xAF", 2));            //  overlong '/'
    assert (!lx_valid_utf8 ("\xE0\x80\xAF", 3));        //  overlong
    assert (!lx_valid_utf8 ("\xED\xA0\x80", 3));        //  surrogate
    assert (!lx_valid_utf8 ("\xF4\x90\x80\x80", 4));    //  above U+10FFFF
    assert (!lx_valid_utf8 ("\xE8\xA1", 2));            //  truncated
    assert (!lx_valid_utf8 ("\x80", 1));
    assert (lx_valid_utf8 ("\xF0\x9F\x98\x80", 4));     //  emoji

    //  Identifiers and dates
    assert (lx_valid_id ("kecheng"));
    assert (lx_valid_id ("liaison-bj_1"));
    assert (!lx_valid_id (""));
    assert (!lx_valid_id ("-x"));
    assert (!lx_valid_id ("Kecheng"));
    assert (!lx_valid_id ("a.b"));
    assert (!lx_valid_id ("abcdefghijabcdefghijabcdefghijabc"));
    assert (lx_valid_lead_id ("kecheng-000001"));
    assert (!lx_valid_lead_id ("kecheng 1"));
    assert (lx_valid_date ("2026-11-22"));
    assert (lx_valid_date ("2024-02-29"));
    assert (!lx_valid_date ("2026-02-29"));
    assert (!lx_valid_date ("2100-02-28"));
    assert (!lx_valid_date ("2026-13-01"));
    assert (!lx_valid_date ("2026-1-01"));
    assert (!lx_valid_date (NULL));

    //  GB/T 4754-2017
    assert (lx_valid_industry ("C"));
    assert (lx_valid_industry ("C39"));
    assert (lx_valid_industry ("C391"));
    assert (lx_valid_industry ("C3911"));
    assert (lx_valid_industry ("I65"));
    assert (lx_valid_industry ("A01"));
    assert (lx_valid_industry ("T98"));
    assert (!lx_valid_industry ("C44"));                //  44 is section D
    assert (!lx_valid_industry ("D43"));
    assert (!lx_valid_industry ("U"));
    assert (!lx_valid_industry ("C3"));
    assert (!lx_valid_industry ("C39111"));
    assert (!lx_valid_industry ("c39"));
    assert (!lx_valid_industry ("C3a"));
    assert (!lx_valid_industry (""));

    //  GB 32100-2015
    assert (lx_valid_uscc ("91350100M000100Y43"));
    assert (lx_valid_uscc ("91110000600037341L"));
    assert (lx_valid_uscc ("91330802MA29U5P27G"));
    assert (!lx_valid_uscc ("91350100M000100Y44"));     //  wrong check
    assert (!lx_valid_uscc ("91350100M000100Y4"));      //  short
    assert (!lx_valid_uscc ("91350100I000100Y43"));     //  I is not a code char
    assert (!lx_valid_uscc ("91350100m000100Y43"));     //  lower case
    assert (lx_valid_uscc_check ("9135010OM000100Y4") == 0);
}
