/*  lx_name_test: lx_name's selftest, each step of the rule and each way
    a district was seen to bend a name. Part of the lx_name class. */

#include "lx_name_int.h"

#include <czmq.h>

//  Asserts that name's core is core.
static void
s_core (lx_name_t *self, const char *name, const char *core, bool verbose)
{
    char *made = lx_name_normalize (self, name);
    assert (made);
    if (verbose || !streq (made, core))
        printf ("  %s -> %s (expected %s)\n", name, made, core);
    assert (streq (made, core));
    free (made);
}

//  Asserts that the two names match (same) or not, at the default threshold.
static void
s_pair (lx_name_t *self, const char *name_a, const char *name_b, bool same)
{
    int similarity;
    bool match = lx_name_match (self, name_a, name_b, LX_NAME_THRESHOLD, &similarity);
    if (match != same)
        printf ("  %s | %s: %s (%d bp)\n", name_a, name_b, match? "match": "no match", similarity);
    assert (match == same);
}

void
lx_name_test (bool verbose)
{
    char error [256];
    lx_name_t *self = lx_name_new (error, sizeof error);
    if (!self)
        printf ("lx_name: %s\n", error);
    assert (self);

    //  The table: the 34 province-level and 333 prefecture-level divisions
    //  of GB/T 2260 (293 cities, 7 prefectures, 3 leagues, 30 autonomous
    //  prefectures).
    size_t kinds [LX_NAME_KINDS] = { 0 };
    for (size_t index = 0; index < lx_name_place_count; index++)
        kinds [lx_name_places [index].kind]++;
    assert (kinds [LX_NAME_PROVINCE] == 34);
    assert (kinds [LX_NAME_CITY] == 293 && kinds [LX_NAME_PREFECTURE] == 7);
    assert (kinds [LX_NAME_LEAGUE] == 3 && kinds [LX_NAME_AUTONOMOUS] == 30);

    //  Each step of the rule, alone.
    s_core (self, "瑞丰智能装备（衢州）有限公司", "瑞丰智能装备", verbose);
    s_core (self, "浙江ＨＸ新材料股份有限公司", "hx新材料", verbose);
    s_core (self, "浙江省衢州市　晶川新材料 有限责任公司", "晶川新材料", verbose);
    s_core (self, "恒驰【杭州】智能装备集团股份有限公司", "恒驰智能装备", verbose);
    s_core (self, "某某（中国）投资有限公司", "某某投资", verbose);
    s_core (self, "衢州市柯城区", "柯城区", verbose);         //  two characters stay at least
    s_core (self, "有限公司", "有限", verbose);               //  nothing but a legal form: two characters stay
    s_core (self, "ABC(Hangzhou) Ltd", "abchangzhoultd", verbose);     //  only Han places go; brackets too
    s_core (self, "", "", verbose);
    s_core (self, "\u200B\u00B7", "", verbose);               //  nothing but what carries no identity
    assert (lx_name_normalize (self, NULL) == NULL);
    assert (lx_name_normalize (self, "\xC3\x28") == NULL);

    //  What cannot be seen: format characters (Cf), default-ignorable
    //  characters, combining marks that compose with nothing.
    const char *unseen [] = {
        "华\u200B科特种纸",         //  zero-width space
        "华\u2060科特种纸",         //  word joiner
        "\uFEFF华科特种纸",         //  byte order mark, first
        "华\uFEFF科特种纸",         //  ... and inside
        "华\u00AD科特种纸",         //  soft hyphen
        "华\u200C科\u200D特种纸",   //  zero-width non-joiner and joiner
        "\u200E华科\u200F特种纸",   //  left-to-right and right-to-left marks
        "\u202A华科特种纸\u202C",   //  bidi embedding
        "\u2066华科\u2069特种纸",   //  bidi isolate
        "华\u180E科特种纸",         //  Mongolian vowel separator
        "华\u2062科特种纸",         //  invisible times
        "华\uFE0F科\U000E0101特种纸",       //  variation selectors
        "华\u0301科特种纸",         //  a combining accent on a Han character
        "华\u3164科特种纸",         //  Hangul filler (a letter, but default-ignorable)
        "华\u2800科特种纸",         //  braille blank (a symbol)
        "华\u3000科\u00A0特\u202F种纸",     //  ideographic, no-break and narrow spaces
    };
    for (size_t index = 0; index < sizeof unseen / sizeof unseen [0]; index++)
        s_core (self, unseen [index], "华科特种纸", verbose);

    //  Punctuation and symbols that carry no identity.
    const char *marks [] = {
        "华·科特种纸", "华・科特种纸", "华•科特种纸", "华‧科特种纸", "华･科特种纸", "华∙科特种纸",
        "华⋅科特种纸", "华-科特种纸", "华–科特种纸", "华—科特种纸", "华―科特种纸", "华－科特种纸",
        "华〜科特种纸", "“华科”特种纸", "「华科」特种纸", "『华科』特种纸", "《华科》特种纸",
        "'华科'特种纸", "华、科。特种纸", "★华科☆特种纸", "华科®特种纸", "华_科/特种纸",
    };
    for (size_t index = 0; index < sizeof marks / sizeof marks [0]; index++)
        s_core (self, marks [index], "华科特种纸", verbose);
    //  Quotes are not brackets: what they hold is no place to remove.
    s_core (self, "「华科」特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "A.O.史密斯（中国）热水器有限公司", "ao史密斯热水器", verbose);
    s_core (self, "杭州Ａ＆Ｋ生物医药有限公司", "ak生物医药", verbose);

    //  Compatibility forms (NFKC): full-width, compatibility ideographs,
    //  Kangxi radicals, circled and styled letters and digits, ㈱ ㍿.
    s_core (self, "浙江\uF90A瓯新材料有限公司", "金瓯新材料", verbose);
    s_core (self, "浙江\u2FA6瓯新材料有限公司", "金瓯新材料", verbose);
    s_core (self, "衢州③⑥⓪储能科技有限公司", "360储能科技", verbose);
    s_core (self, "\U0001D413\U0001D402\U0001D40B华星光电技术有限公司", "tcl华星光电技术", verbose);
    s_core (self, "衢州H₂氢能科技有限公司", "h2氢能科技", verbose);
    s_core (self, "日立建机㈱", "日立建机", verbose);
    s_core (self, "㈱日立建机", "日立建机", verbose);
    s_core (self, "日立建机㍿", "日立建机", verbose);
    s_core (self, "日立建机株式会社", "日立建机", verbose);

    //  Traditional characters become simplified, by phrase: 時 for 时.
    s_core (self, "寧德時代新能源科技股份有限公司", "时代新能源科技", verbose);
    s_core (self, "宁德時代新能源科技股份有限公司", "时代新能源科技", verbose);
    s_core (self, "浙江華友鈷業股份有限公司", "华友钴业", verbose);
    s_core (self, "鴻泰控股集團有限公司", "鸿泰控股", verbose);     //  集團 is a legal form once simplified
    s_core (self, "臺州市遠卓鋰電池有限公司", "远卓锂电池", verbose);
    s_core (self, "龍遊縣華岳鋰電池有限公司", "华岳锂电池", verbose);
    s_core (self, "衢州凌峯数控机床有限公司", "凌峰数控机床", verbose);   //  a variant: 峯

    //  Places: every province and prefecture, with or without its suffix,
    //  or by its full name; informal regions while four characters remain.
    s_core (self, "闽东恒达电机有限公司", "恒达电机", verbose);
    s_core (self, "浙西晶川新材料有限公司", "晶川新材料", verbose);
    s_core (self, "苏南华岳锂电池有限公司", "华岳锂电池", verbose);
    s_core (self, "皖南凯越特种纸业有限公司", "凯越特种纸业", verbose);
    s_core (self, "安徽皖南电机股份有限公司", "皖南电机", verbose);   //  a trade name: no industry after it
    s_core (self, "福建省宁德市闽东恒达电机有限公司", "恒达电机", verbose);
    s_core (self, "延边朝鲜族自治州华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "延边州华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "黔东南苗族侗族自治州华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "阿克苏地区华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "锡林郭勒盟华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "广西壮族自治区华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "内蒙古自治区华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "香港特别行政区华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "海南藏族自治州华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "乌鲁木齐市华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "龙游县华科特种纸有限公司", "华科特种纸", verbose);
    s_core (self, "襄樊华科特种纸有限公司", "华科特种纸", verbose);

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
    assert (lx_name_match (self, "浙江衢州晶川新材料有限公司", "晶川新材料股份有限公司", LX_NAME_THRESHOLD,
                           &similarity));
    assert (similarity == 10000);
    s_pair (self, "宁德时代新能源科技股份有限公司", "宁德时代新能源科枝有限公司", true);
    assert (!lx_name_match (self, "华友钴业有限公司", "华发钴业有限公司", LX_NAME_THRESHOLD, &similarity));
    assert (similarity == 7500);
    s_pair (self, "恒盛新能源科技有限公司", "恒盛新材料科技有限公司", false);
    //  A trade name one character off is another company, however close.
    assert (!lx_name_match (self, "浙江中恒智能装备制造有限公司", "浙江中力智能装备制造有限公司",
                            LX_NAME_THRESHOLD, &similarity));
    assert (similarity == 8750);
    s_pair (self, "浙江中恒智能装备制造有限公司", "中恒智能装备制选有限公司", true);
    s_pair (self, "有限公司", "有限公司x", false);
    assert (!lx_name_match (self, "\xff", "\xff", LX_NAME_THRESHOLD, &similarity) && similarity == 0);

    //  The evasions seen, as whole names against the name registered.
    s_pair (self, "宁德時代新能源科技股份有限公司", "宁德时代新能源科技股份有限公司", true);
    s_pair (self, "浙江华友\u200B钴业股份有限公司", "浙江华友钴业股份有限公司", true);
    s_pair (self, "浙江华\u2060友钴业股份有限公司", "华友钴业", true);
    s_pair (self, "\uFEFF衢州东晟化工有限公司", "衢州东晟化工有限公司", true);
    s_pair (self, "衢州华·科特种纸有限公司", "衢州华科特种纸有限公司", true);
    s_pair (self, "闽东恒达电机有限公司", "恒达电机有限公司", true);
    //  ... and what they must not join.
    s_pair (self, "华\u200B友钴业有限公司", "华发钴业有限公司", false);
    s_pair (self, "衢州华·科特种纸有限公司", "衢州华创特种纸有限公司", false);
    s_pair (self, "安徽皖南电机股份有限公司", "江苏苏南电机有限公司", false);

    lx_name_destroy (&self);
    lx_name_destroy (&self);
}
