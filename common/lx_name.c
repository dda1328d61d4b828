/*  lx_name: company names compared the way Chinese company names vary. */

#include "lx_name_int.h"
#include "lx_valid.h"

#include <czmq.h>
#include <opencc.h>
#include <utf8proc.h>

//  Longest name handled, in code points: longer names are compared on
//  their first S_MAX characters (a company name is under 100).
#define S_MAX 256

//  OpenCC's traditional-to-simplified conversion: the file the build found
//  (CMake defines LX_NAME_T2S), else the name OpenCC looks up in its own
//  data directory.
#ifndef LX_NAME_T2S
#define LX_NAME_T2S OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP
#endif

struct _lx_name_t {
    opencc_t t2s;               //  OpenCC's t2s conversion, opened once
};

//  Legal-form suffixes, longest first so that the longest is removed.
static const char *const s_suffixes [] = {
    "股份有限公司", "有限责任公司", "株式会社", "集团股份", "有限公司", "集团", "股份", "公司", "有限",
};

//  The suffixes each kind of place takes (lx_name_kind_t order), each
//  list ending with NULL.
static const char *const s_place_suffixes [LX_NAME_KINDS][5] = {
    { "特别行政区", "自治区", "省", "市", NULL },     //  province level
    { "市", NULL },                                  //  prefecture-level city
    { "地区", NULL },                                //  prefecture
    { "盟", NULL },                                  //  league
    { "自治州", "州", NULL },                        //  autonomous prefecture
    { "市", "区", "县", NULL },                      //  county level
    { NULL },                                        //  中国
    { NULL },                                        //  informal region
};

lx_name_t *
lx_name_new (char *error, size_t error_size)
{
    assert (error && error_size);
    lx_name_t *self = (lx_name_t *) zmalloc (sizeof (lx_name_t));
    if (!self) {
        snprintf (error, error_size, "out of memory");
        return NULL;
    }
    self->t2s = opencc_open (LX_NAME_T2S);
    if (self->t2s == (opencc_t) -1 && strcmp (LX_NAME_T2S, OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP) != 0)
        self->t2s = opencc_open (OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (self->t2s == (opencc_t) -1) {
        snprintf (error, error_size, "OpenCC cannot open its traditional-to-simplified conversion (%s,"
                  " then %s; Debian package libopencc-data): %s", LX_NAME_T2S,
                  OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, opencc_error ());
        free (self);
        return NULL;
    }
    return self;
}

void
lx_name_destroy (lx_name_t **self_p)
{
    assert (self_p);
    lx_name_t *self = *self_p;
    if (self) {
        opencc_close (self->t2s);
        free (self);
        *self_p = NULL;
    }
}

//  Decodes UTF-8 text (already checked) into code points; returns how many.
static size_t
s_decode (const char *text, uint32_t *points, size_t max)
{
    const unsigned char *at = (const unsigned char *) text;
    size_t count = 0;
    while (*at && count < max) {
        uint32_t point;
        int extra;
        if (*at < 0x80)         { point = *at; extra = 0; }
        else if (*at < 0xE0)    { point = *at & 0x1F; extra = 1; }
        else if (*at < 0xF0)    { point = *at & 0x0F; extra = 2; }
        else                    { point = *at & 0x07; extra = 3; }
        at++;
        for (int index = 0; index < extra && *at; index++, at++)
            point = (point << 6) | (*at & 0x3F);
        points [count++] = point;
    }
    return count;
}

//  Encodes code points as a new UTF-8 string, or NULL.
static char *
s_encode (const uint32_t *points, size_t count)
{
    char *text = (char *) malloc (count * 4 + 1);
    if (!text)
        return NULL;
    char *at = text;
    for (size_t index = 0; index < count; index++)
        at += utf8proc_encode_char ((utf8proc_int32_t) points [index], (utf8proc_uint8_t *) at);
    *at = 0;
    return text;
}

//  The number of characters of UTF-8 text.
static size_t
s_chars (const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += ((unsigned char) *text & 0xC0) != 0x80;
    return count;
}

//  True for a CJK unified ideograph (the basic block, extension A, and
//  extensions B to H).
static bool
s_han (uint32_t point)
{
    return (point >= 0x4E00 && point <= 0x9FFF) || (point >= 0x3400 && point <= 0x4DBF)
        || (point >= 0x20000 && point <= 0x323AF);
}

//  Step 1 on one code point, after NFKC and case folding: the point kept,
//  '(' or ')' for a bracket, or 0 to drop it.
static uint32_t
s_fold (uint32_t point)
{
    const utf8proc_property_t *property = utf8proc_get_property ((utf8proc_int32_t) point);
    if (property->ignorable)
        return 0;               //  default-ignorable: nothing to see
    switch (property->category) {
        case UTF8PROC_CATEGORY_PS:
            //  ( [ { 【 〔 〖 〘: brackets step 2 reads; 「『《〈 and the like quote
            return point == '(' || point == '[' || point == '{' || point == 0x3010 || point == 0x3014
                || point == 0x3016 || point == 0x3018? '(': 0;
        case UTF8PROC_CATEGORY_PE:
            return point == ')' || point == ']' || point == '}' || point == 0x3011 || point == 0x3015
                || point == 0x3017 || point == 0x3019? ')': 0;
        case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CO:
        case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME:
        case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PI:
        case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
        case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
        case UTF8PROC_CATEGORY_SO:
            return 0;
        default:
            return point;       //  letters, digits, and what Unicode has not assigned yet
    }
}

//  Step 1: name (valid UTF-8) folded by Unicode and converted to
//  simplified characters, as at most max code points in points. Returns
//  how many, or -1 when out of memory.
static ssize_t
s_unicode (lx_name_t *self, const char *name, uint32_t *points, size_t max)
{
    //  The first max characters only: NFKC can make one character many.
    const char *end = name;
    for (size_t count = 0; *end && count < max; count++)
        do end++; while (((unsigned char) *end & 0xC0) == 0x80);
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t size = utf8proc_map ((const utf8proc_uint8_t *) name, end - name, &mapped,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT
                                          | UTF8PROC_CASEFOLD);
    if (size < 0)
        return -1;
    //  Folded characters take no more bytes than their UTF-8 form.
    char *kept = (char *) malloc ((size_t) size + 1);
    if (!kept) {
        free (mapped);
        return -1;
    }
    char *at = kept;
    utf8proc_ssize_t offset = 0;
    while (offset < size) {
        utf8proc_int32_t point;
        utf8proc_ssize_t length = utf8proc_iterate (mapped + offset, size - offset, &point);
        assert (length > 0);    //  utf8proc_map wrote valid UTF-8
        offset += length;
        uint32_t folded = s_fold ((uint32_t) point);
        if (folded)
            at += utf8proc_encode_char ((utf8proc_int32_t) folded, (utf8proc_uint8_t *) at);
    }
    *at = 0;
    free (mapped);
    char *simple = *kept? opencc_convert_utf8 (self->t2s, kept, strlen (kept)): NULL;
    size_t count = 0;
    if (*kept && !simple) {
        free (kept);
        return -1;
    }
    if (simple) {
        count = s_decode (simple, points, max);
        opencc_convert_utf8_free (simple);
    }
    free (kept);
    return (ssize_t) count;
}

//  Step 2: drops bracketed places and Japanese legal forms, then every
//  bracket left. Returns the new count.
static size_t
s_brackets (uint32_t *points, size_t count)
{
    size_t kept = 0;
    for (size_t index = 0; index < count; index++) {
        if (points [index] == '(') {
            size_t close = index + 1;
            while (close < count && close - index <= 7 && s_han (points [close]))
                close++;
            size_t inside = close - index - 1;
            bool legal = inside == 1 && (points [index + 1] == 0x682A || points [index + 1] == 0x6709);
            if (close < count && points [close] == ')' && ((inside >= 2 && inside <= 6) || legal)) {
                index = close;  //  (衢州), (中国), (株), (有)
                continue;
            }
        }
        points [kept++] = points [index];
    }
    count = kept;
    kept = 0;
    for (size_t index = 0; index < count; index++)
        if (points [index] != '(' && points [index] != ')')
            points [kept++] = points [index];
    return kept;
}

//  Step 3: legal-form suffixes, from the end. Returns the new count.
static size_t
s_legal_forms (uint32_t *points, size_t count)
{
    for (bool found = true; found; ) {
        found = false;
        for (size_t index = 0; index < sizeof s_suffixes / sizeof s_suffixes [0]; index++) {
            uint32_t suffix [8];
            size_t length = s_decode (s_suffixes [index], suffix, 8);
            if (length < count
            &&  memcmp (points + count - length, suffix, length * sizeof (uint32_t)) == 0) {
                count -= length;
                found = true;
                break;
            }
        }
    }
    return count;
}

//  The bytes of text that is, or prefix followed by one of suffixes (a
//  NULL-ended list, may be NULL) begins with: the longest, 0 if none.
static size_t
s_begins (const char *text, const char *prefix, const char *const *suffixes)
{
    size_t length = strlen (prefix);
    if (strncmp (text, prefix, length) != 0)
        return 0;
    size_t best = length;
    for (size_t index = 0; suffixes && suffixes [index]; index++) {
        size_t extra = strlen (suffixes [index]);
        if (length + extra > best && strncmp (text + length, suffixes [index], extra) == 0)
            best = length + extra;
    }
    return best;
}

//  Step 4: the bytes of the longest place core begins with whose removal
//  leaves what its kind needs (LX_NAME_PLACE_REST or LX_NAME_REGION_REST
//  characters), 0 if none.
static size_t
s_place (const char *core)
{
    size_t best = 0;
    for (size_t index = 0; index < lx_name_place_count; index++) {
        const lx_name_place_t *place = &lx_name_places [index];
        size_t rest = place->kind == LX_NAME_REGION? LX_NAME_REGION_REST: LX_NAME_PLACE_REST;
        size_t forms [2] = {
            s_begins (core, place->name, s_place_suffixes [place->kind]),
            place->full? s_begins (core, place->full, NULL): 0
        };
        for (int form = 0; form < 2; form++) {
            size_t length = forms [form];
            //  The short name alone, when the suffix leaves too little.
            if (length > best && s_chars (core + length) < rest && form == 0
            &&  strlen (place->name) < length)
                length = strlen (place->name);
            if (length > best && s_chars (core + length) >= rest)
                best = length;
        }
    }
    return best;
}

char *
lx_name_normalize (lx_name_t *self, const char *name)
{
    assert (self);
    if (!name || !lx_valid_utf8 (name, strlen (name)))
        return NULL;
    uint32_t points [S_MAX];
    //  1. Unicode folding, then simplified characters
    ssize_t folded = s_unicode (self, name, points, S_MAX);
    if (folded < 0)
        return NULL;
    //  2. bracketed places, 3. legal forms
    size_t count = s_brackets (points, (size_t) folded);
    count = s_legal_forms (points, count);
    //  4. places, from the start
    char *core = s_encode (points, count);
    if (!core)
        return NULL;
    size_t start = 0;
    for (size_t length; (length = s_place (core + start)) > 0; )
        start += length;
    if (start)
        memmove (core, core + start, strlen (core + start) + 1);
    return core;
}

int
lx_name_similarity (const char *core_a, const char *core_b)
{
    assert (core_a && core_b);
    uint32_t a [S_MAX], b [S_MAX];
    size_t length_a = s_decode (core_a, a, S_MAX);
    size_t length_b = s_decode (core_b, b, S_MAX);
    if (length_a == 0 || length_b == 0)
        return 0;
    //  Levenshtein distance, two rows.
    size_t row [S_MAX + 1], next [S_MAX + 1];
    for (size_t column = 0; column <= length_b; column++)
        row [column] = column;
    for (size_t line = 1; line <= length_a; line++) {
        next [0] = line;
        for (size_t column = 1; column <= length_b; column++) {
            size_t cost = a [line - 1] == b [column - 1]? 0: 1;
            size_t best = row [column - 1] + cost;
            if (row [column] + 1 < best)
                best = row [column] + 1;
            if (next [column - 1] + 1 < best)
                best = next [column - 1] + 1;
            next [column] = best;
        }
        memcpy (row, next, (length_b + 1) * sizeof (size_t));
    }
    size_t longer = length_a > length_b? length_a: length_b;
    return (int) (10000 - (row [length_b] * 10000 + longer - 1) / longer);
}

bool
lx_name_match_cores (const char *core_a, const char *core_b, int threshold, int *similarity)
{
    bool match = false;
    int score = 0;
    if (core_a && core_b) {
        score = lx_name_similarity (core_a, core_b);
        uint32_t a [S_MAX], b [S_MAX];
        size_t length_a = s_decode (core_a, a, S_MAX);
        size_t length_b = s_decode (core_b, b, S_MAX);
        size_t shorter = length_a < length_b? length_a: length_b;
        bool same_trade = shorter >= LX_NAME_TRADE_CHARS
                       && memcmp (a, b, LX_NAME_TRADE_CHARS * sizeof (uint32_t)) == 0;
        match = (*core_a && streq (core_a, core_b))
             || (shorter >= LX_NAME_MIN_CHARS && same_trade && score >= threshold);
    }
    if (similarity)
        *similarity = score;
    return match;
}

bool
lx_name_match (lx_name_t *self, const char *name_a, const char *name_b, int threshold, int *similarity)
{
    assert (self);
    char *core_a = lx_name_normalize (self, name_a);
    char *core_b = lx_name_normalize (self, name_b);
    bool match = lx_name_match_cores (core_a, core_b, threshold, similarity);
    free (core_a);
    free (core_b);
    return match;
}

