/*  lx_name: company names compared the way Chinese company names vary. */

#include "lx_name.h"
#include "lx_valid.h"

#include <czmq.h>

//  Longest name handled, in code points: longer names are compared on
//  their first S_MAX characters (a company name is under 100).
#define S_MAX 256

//  Province and city prefixes, without 省 / 市 (both forms are removed).
//  Provinces, the municipalities, Zhejiang's cities, Quzhou's counties and
//  the cities investors most often come from.
static const char *const s_places [] = {
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
    "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水",
    "柯城", "衢江", "龙游", "江山", "常山", "开化",
    "深圳", "广州", "苏州", "南京", "无锡", "常州", "合肥", "厦门", "福州", "宁德", "武汉",
    "成都", "西安", "长沙", "青岛", "济南", "郑州", "东莞", "佛山", "义乌",
    "中国",
};

//  Legal-form suffixes, longest first so that the longest is removed.
static const char *const s_suffixes [] = {
    "股份有限公司", "有限责任公司", "集团股份", "有限公司", "集团", "股份", "公司", "有限",
};

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
    for (size_t index = 0; index < count; index++) {
        uint32_t point = points [index];
        if (point < 0x80)
            *at++ = (char) point;
        else
        if (point < 0x800) {
            *at++ = (char) (0xC0 | (point >> 6));
            *at++ = (char) (0x80 | (point & 0x3F));
        }
        else
        if (point < 0x10000) {
            *at++ = (char) (0xE0 | (point >> 12));
            *at++ = (char) (0x80 | ((point >> 6) & 0x3F));
            *at++ = (char) (0x80 | (point & 0x3F));
        }
        else {
            *at++ = (char) (0xF0 | (point >> 18));
            *at++ = (char) (0x80 | ((point >> 12) & 0x3F));
            *at++ = (char) (0x80 | ((point >> 6) & 0x3F));
            *at++ = (char) (0x80 | (point & 0x3F));
        }
    }
    *at = 0;
    return text;
}

//  True for a CJK unified ideograph (the basic block and extension A).
static bool
s_han (uint32_t point)
{
    return (point >= 0x4E00 && point <= 0x9FFF) || (point >= 0x3400 && point <= 0x4DBF);
}

//  Step 1 on one code point: the folded point, or 0 to drop it.
static uint32_t
s_fold (uint32_t point)
{
    if (point >= 0xFF01 && point <= 0xFF5E)
        point -= 0xFEE0;        //  full-width ASCII, （ and ） among it
    if (point == 0x3010 || point == 0x3014)
        point = '(';            //  【 〔
    if (point == 0x3011 || point == 0x3015)
        point = ')';            //  】 〕
    if (point >= 'A' && point <= 'Z')
        point += 'a' - 'A';
    if (point == ' ' || point == '\t' || point == '\n' || point == 0x3000 || point == 0xA0)
        return 0;
    return point;
}

//  True when the points at from (count of them) begin with text's points.
static size_t
s_starts (const uint32_t *points, size_t count, const char *text)
{
    uint32_t want [16];
    size_t length = s_decode (text, want, 16);
    if (length > count)
        return 0;
    return memcmp (points, want, length * sizeof (uint32_t)) == 0? length: 0;
}

char *
lx_name_normalize (const char *name)
{
    if (!name || !lx_valid_utf8 (name, strlen (name)))
        return NULL;
    uint32_t raw [S_MAX], points [S_MAX];
    size_t raw_count = s_decode (name, raw, S_MAX);
    size_t count = 0;
    //  1. fold widths, brackets and case; drop spaces
    for (size_t index = 0; index < raw_count; index++) {
        uint32_t point = s_fold (raw [index]);
        if (point)
            points [count++] = point;
    }
    //  2. drop bracketed places: ( then 2..6 Han then )
    size_t kept = 0;
    for (size_t index = 0; index < count; index++) {
        if (points [index] == '(') {
            size_t close = index + 1;
            while (close < count && close - index <= 7 && s_han (points [close]))
                close++;
            size_t inside = close - index - 1;
            if (close < count && points [close] == ')' && inside >= 2 && inside <= 6) {
                index = close;
                continue;
            }
        }
        points [kept++] = points [index];
    }
    count = kept;
    //  3. legal-form suffixes, from the end
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
    //  4. place prefixes, from the start, keeping two characters at least
    size_t start = 0;
    for (bool found = true; found; ) {
        found = false;
        for (size_t index = 0; index < sizeof s_places / sizeof s_places [0]; index++) {
            size_t length = s_starts (points + start, count - start, s_places [index]);
            if (length == 0)
                continue;
            if (start + length < count && (points [start + length] == 0x7701 || points [start + length] == 0x5E02))
                length++;               //  省, 市
            if (count - start - length >= 2) {
                start += length;
                found = true;
                break;
            }
        }
    }
    return s_encode (points + start, count - start);
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
lx_name_match (const char *name_a, const char *name_b, int threshold, int *similarity)
{
    char *core_a = lx_name_normalize (name_a);
    char *core_b = lx_name_normalize (name_b);
    bool match = lx_name_match_cores (core_a, core_b, threshold, similarity);
    free (core_a);
    free (core_b);
    return match;
}

void
lx_name_test (bool verbose)
{
    //  Each step of the rule, alone.
    const char *cores [][2] = {
        { "瑞丰智能装备（衢州）有限公司", "瑞丰智能装备" },
        { "浙江ＨＸ新材料股份有限公司", "hx新材料" },
        { "浙江省衢州市　晶川新材料 有限责任公司", "晶川新材料" },
        { "恒驰【杭州】智能装备集团股份有限公司", "恒驰智能装备" },
        { "某某（中国）投资有限公司", "某某投资" },
        { "衢州市柯城区", "柯城区" },               //  two characters stay at least
        { "有限公司", "有限" },                     //  nothing but a legal form: two characters stay
        { "ABC(Hangzhou) Ltd", "abc(hangzhou)ltd" },    //  only Han places are dropped
        { "", "" },
    };
    for (size_t index = 0; index < sizeof cores / sizeof cores [0]; index++) {
        char *core = lx_name_normalize (cores [index][0]);
        assert (core);
        if (verbose)
            printf ("  %s -> %s\n", cores [index][0], core);
        assert (streq (core, cores [index][1]));
        free (core);
    }
    assert (lx_name_normalize (NULL) == NULL);
    assert (lx_name_normalize ("\xC3\x28") == NULL);

    //  Similarity counts characters, not bytes, and rounds down.
    assert (lx_name_similarity ("晶川新材料", "晶川新材料") == 10000);
    assert (lx_name_similarity ("晶川新材料", "晶川新材") == 8000);
    assert (lx_name_similarity ("华友钴业", "华发钴业") == 7500);
    assert (lx_name_similarity ("abc", "") == 0);
    assert (lx_name_similarity ("abc", "xyz") == 0);
    assert (lx_name_similarity ("abcdefg", "abcdefx") == 8571);

    //  Matching: equal cores, or long cores close enough; short cores must
    //  be equal.
    int similarity;
    assert (lx_name_match ("浙江衢州晶川新材料有限公司", "晶川新材料股份有限公司", LX_NAME_THRESHOLD, &similarity));
    assert (similarity == 10000);
    assert (lx_name_match ("宁德时代新能源科技股份有限公司", "宁德时代新能源科枝有限公司", LX_NAME_THRESHOLD, NULL));
    assert (!lx_name_match ("华友钴业有限公司", "华发钴业有限公司", LX_NAME_THRESHOLD, &similarity));
    assert (similarity == 7500);
    assert (!lx_name_match ("恒盛新能源科技有限公司", "恒盛新材料科技有限公司", LX_NAME_THRESHOLD, NULL));
    //  A trade name one character off is another company, however close.
    assert (!lx_name_match ("浙江中恒智能装备制造有限公司", "浙江中力智能装备制造有限公司", LX_NAME_THRESHOLD,
                            &similarity));
    assert (similarity == 8750);
    assert (lx_name_match ("浙江中恒智能装备制造有限公司", "中恒智能装备制选有限公司", LX_NAME_THRESHOLD, NULL));
    assert (!lx_name_match ("有限公司", "有限公司x", LX_NAME_THRESHOLD, NULL));
    assert (!lx_name_match ("\xff", "\xff", LX_NAME_THRESHOLD, &similarity) && similarity == 0);
}
