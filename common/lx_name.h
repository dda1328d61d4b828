/*  lx_name: company names compared the way Chinese company names vary,
    and the way a district bends them on purpose.

    Two districts name the same investor differently: full-width or
    half-width characters, spaces, traditional characters, a province or
    city prefix (浙江, 衢州市), a bracketed place (（杭州）), a legal-form
    suffix (有限公司, 股份有限公司, 集团), a typo; and a district that
    wants its registration not to be seen as a duplicate inserts what
    cannot be seen (a zero-width space, a word joiner) or what carries no
    identity (a middle dot, a dash, quotes), or writes a region the list
    of places lacked. lx_name_normalize reduces a name to its distinctive
    core; lx_name_similarity compares two cores by edit distance.

    The Unicode work is done by well-kept libraries, not by tables written
    here: utf8proc (NFKC, case folding, each character's category and
    whether it is default-ignorable) and OpenCC (traditional characters
    to simplified, by phrase and character, its t2s conversion). OpenCC's
    conversion takes a while to open, so a normalizer (lx_name_t) is made
    once by whoever compares names and passed in; similarity and matching
    of cores already made are pure functions.

    The rule (also in README.md, "Duplicate investors"):
    1. Unicode folding. NFKC (full-width forms, compatibility ideographs
       and Kangxi radicals, circled and styled letters and digits, ㈱ to
       (株)) and case folding; then every default-ignorable character is
       dropped (zero-width space, word joiner, BOM, soft hyphen, bidi
       controls, variation selectors, Hangul fillers), and every character
       of a category that carries no identity in a company name: format
       (Cf), control (Cc), private use (Co), separators (Z*: every space),
       combining marks that did not compose (Mn, Me), punctuation (P*:
       middle dots · ・ •, dashes, quotes, commas, ampersands) and symbols
       (S*: ∙ ★ ®) — except round, square and curly brackets and 【】〔〕
       〖〗〘〙, which become ( ) for step 2. Then traditional characters
       become simplified (OpenCC t2s: 時 时, 華 华, 集團 集团).
    2. A bracketed part of 2..6 Han characters is removed: in company names
       it holds a place or 中国; so are (株) and (有), the Japanese legal
       forms ㈱ ㈲ fold to. Other brackets are dropped.
    3. Legal-form suffixes are removed from the end while one is there:
       股份有限公司 有限责任公司 株式会社 集团股份 有限公司 集团 股份 公司
       有限.
    4. Place prefixes are removed from the start while one is there: every
       province-level and prefecture-level division of GB/T 2260 (with or
       without 省, 市, 自治区, 特别行政区, 地区, 盟, 自治州 or 州, or by
       the full name of an autonomous area), Quzhou's counties (with 市, 区
       or 县), 中国 — each while at least LX_NAME_PLACE_REST characters
       remain — and informal regions (闽东, 浙西, 苏南, 皖南 ...) while at
       least LX_NAME_REGION_REST remain (lx_name_places.c says why).
    Two names match when their cores are equal, or when both cores have at
    least LX_NAME_MIN_CHARS characters, begin with the same
    LX_NAME_TRADE_CHARS characters, and their similarity is at least the
    threshold: 10000 × (1 − edit distance / longer core) ≥ threshold bp.
    A registered name is place + trade name (字号) + industry + legal form;
    once the place and the form are gone the core begins with the trade
    name, which is what tells companies apart: 华科特种纸 and 华创特种纸 are
    two companies, 凌峰数控机床 and 凌峰数控机窗 one with a typo.
*/
#ifndef LX_NAME_H_INCLUDED
#define LX_NAME_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

typedef struct _lx_name_t lx_name_t;

//  The rule's version, kept beside every core a store computed (see
//  broker_store): a store whose cores an older rule made computes them
//  again when it opens. Raise it with every change of the rule.
#define LX_NAME_RULE 2

//  The default threshold in basis points, fixed before the test set was
//  measured: one character in five may differ.
#define LX_NAME_THRESHOLD 8000

//  Below this many characters a core matches only when equal: one
//  character of a four-character core is its identity (华友 / 华发).
#define LX_NAME_MIN_CHARS 5

//  A near match needs the cores' first this many characters equal: the
//  shortest trade name (字号) has two.
#define LX_NAME_TRADE_CHARS 2

//  A place is removed from the start while at least this many characters
//  remain (衢州市柯城区 keeps 柯城区).
#define LX_NAME_PLACE_REST 2

//  An informal region is removed only when this many remain: a trade name
//  and an industry (皖南电机 is a company, 皖南华科电机 华科电机).
#define LX_NAME_REGION_REST 4

//  Creates a normalizer: opens OpenCC's traditional-to-simplified
//  conversion (LX_NAME_T2S, the file the build found, else t2s.json in
//  OpenCC's own data directory). Costly (about 10 ms): make one and keep
//  it. Returns NULL, with the reason in error (error_size bytes), when
//  OpenCC cannot open it (libopencc-data missing) or out of memory.
lx_name_t *lx_name_new (char *error, size_t error_size);

//  Closes the conversion, frees the normalizer and nulls *self_p; safe on
//  NULL and twice.
void lx_name_destroy (lx_name_t **self_p);

//  The core of a company name (the rule above), as a new UTF-8 string the
//  caller frees. Returns NULL when name is NULL or not valid UTF-8, or out
//  of memory. An empty core means the name held nothing distinctive.
//  Names longer than 256 characters are compared on their first 256.
char *lx_name_normalize (lx_name_t *self, const char *name);

//  Similarity of two cores (from lx_name_normalize), in basis points:
//  10000 for equal cores, 0 when either is empty. Edit distance counts
//  characters (code points), not bytes.
int lx_name_similarity (const char *core_a, const char *core_b);

//  True when the two names (raw, not normalized) name the same company by
//  the rule above, at threshold bp; *similarity (may be NULL) gets the
//  cores' similarity. False when either name is not valid UTF-8.
bool lx_name_match (lx_name_t *self, const char *name_a, const char *name_b, int threshold,
                    int *similarity);

//  The same for two cores already normalized (either may be NULL: no
//  match, similarity 0).
bool lx_name_match_cores (const char *core_a, const char *core_b, int threshold, int *similarity);

//  Self test.
void lx_name_test (bool verbose);

#endif
