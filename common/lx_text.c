/*  lx_text: terminal text, measured the way a terminal shows it. */

#include "lx_text.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

//  Decodes one UTF-8 sequence at text. Returns its length in bytes (1 for
//  an invalid byte, with *code set to 0xFFFD).
static size_t
s_decode (const unsigned char *text, uint32_t *code)
{
    size_t length = text [0] < 0x80? 1: (text [0] & 0xE0) == 0xC0? 2: (text [0] & 0xF0) == 0xE0? 3:
                    (text [0] & 0xF8) == 0xF0? 4: 0;
    if (length == 0) {
        *code = 0xFFFD;
        return 1;
    }
    uint32_t value = length == 1? text [0]: text [0] & (0x7F >> length);
    for (size_t index = 1; index < length; index++) {
        if ((text [index] & 0xC0) != 0x80) {
            *code = 0xFFFD;
            return 1;
        }
        value = (value << 6) | (text [index] & 0x3F);
    }
    *code = value;
    return length;
}

//  Columns one code point takes.
static size_t
s_columns (uint32_t code)
{
    if (code < 0x20 || (code >= 0x7F && code < 0xA0))
        return 0;
    if ((code >= 0x1100 && code <= 0x115F)      //  Hangul Jamo
    ||  (code >= 0x2E80 && code <= 0x303E)      //  CJK radicals, punctuation
    ||  (code >= 0x3041 && code <= 0x33FF)      //  kana, CJK compatibility
    ||  (code >= 0x3400 && code <= 0x4DBF)      //  CJK extension A
    ||  (code >= 0x4E00 && code <= 0x9FFF)      //  CJK unified ideographs
    ||  (code >= 0xA000 && code <= 0xA4CF)      //  Yi
    ||  (code >= 0xAC00 && code <= 0xD7A3)      //  Hangul syllables
    ||  (code >= 0xF900 && code <= 0xFAFF)      //  CJK compatibility ideographs
    ||  (code >= 0xFE30 && code <= 0xFE4F)      //  CJK compatibility forms
    ||  (code >= 0xFF00 && code <= 0xFF60)      //  fullwidth forms
    ||  (code >= 0xFFE0 && code <= 0xFFE6)
    ||  (code >= 0x20000 && code <= 0x3FFFD))   //  CJK extensions B..
        return 2;
    return 1;
}

size_t
lx_text_width (const char *text)
{
    size_t width = 0;
    const unsigned char *at = (const unsigned char *) (text? text: "");
    while (*at) {
        uint32_t code;
        at += s_decode (at, &code);
        width += s_columns (code);
    }
    return width;
}

void
lx_text_pad (FILE *out, const char *text, size_t width)
{
    assert (out);
    fputs (text? text: "", out);
    for (size_t used = lx_text_width (text); used < width; used++)
        fputc (' ', out);
}

void
lx_text_json (FILE *out, const char *text)
{
    assert (out);
    fputc ('"', out);
    for (const unsigned char *at = (const unsigned char *) (text? text: ""); *at; at++) {
        if (*at == '"' || *at == '\\')
            fprintf (out, "\\%c", *at);
        else
        if (*at < 0x20)
            fprintf (out, "\\u%04x", *at);
        else
            fputc (*at, out);
    }
    fputc ('"', out);
}

void
lx_text_cut (const char *text, char *out, size_t size)
{
    assert (out && size > 0);
    snprintf (out, size, "%s", text? text: "");
    size_t length = strlen (out);
    //  snprintf cut at a byte: step back to the start of that character.
    if (text && length < strlen (text)) {
        while (length > 0 && ((unsigned char) text [length] & 0xC0) == 0x80)
            length--;
        out [length] = '\0';
    }
}

void
lx_text_test (bool verbose)
{
    char cut [8];
    lx_text_cut ("衢州市区", cut, sizeof cut);       //  3 bytes a character: two fit in 7
    assert (strcmp (cut, "衢州") == 0);
    lx_text_cut ("abc", cut, sizeof cut);
    assert (strcmp (cut, "abc") == 0);
    lx_text_cut (NULL, cut, sizeof cut);
    assert (strcmp (cut, "") == 0);
    (void) verbose;
    assert (lx_text_width (NULL) == 0);
    assert (lx_text_width ("") == 0);
    assert (lx_text_width ("kecheng") == 7);
    assert (lx_text_width ("柯城区") == 6);
    assert (lx_text_width ("年产10GWh锂电池项目") == 7 + 12);
    assert (lx_text_width ("（杭州）") == 8);              //  fullwidth brackets
    assert (lx_text_width ("≥300 万元/mu") == 4 + 1 + 4 + 3);
    assert (lx_text_width ("a\tb") == 2);
    assert (lx_text_width ("\xFF\xFE") == 2);               //  invalid bytes: one each
    assert (lx_text_width ("\xE6\x9F") == 2);               //  truncated sequence
    char buffer [64];
    FILE *out = fmemopen (buffer, sizeof buffer, "w");
    assert (out);
    lx_text_pad (out, "衢州", 6);
    lx_text_pad (out, "|", 1);
    lx_text_pad (out, "longer than", 3);
    fclose (out);
    assert (strcmp (buffer, "衢州  |longer than") == 0);
    out = fmemopen (buffer, sizeof buffer, "w");
    assert (out);
    lx_text_json (out, "柯城\"a\\b\n");
    lx_text_json (out, NULL);
    fclose (out);
    assert (strcmp (buffer, "\"柯城\\\"a\\\\b\\u000a\"\"\"") == 0);
}
