/*  lx_name: company names compared the way Chinese company names vary.

    Two districts name the same investor differently: full-width or
    half-width characters, spaces, a province or city prefix (浙江, 衢州市),
    a bracketed place (（杭州）), a legal-form suffix (有限公司, 股份有限公司,
    集团), a typo. lx_name_normalize reduces a name to its distinctive core;
    lx_name_similarity compares two cores by edit distance. Pure functions:
    no state, nothing kept.

    The rule (also in README.md, "Duplicate investors"):
    1. Full-width ASCII (U+FF01..FF5E) and the ideographic space become
       ASCII; （）【】〔〕 become ( ); Latin letters become lower case;
       every space is removed.
    2. A bracketed part of 2..6 Han characters is removed: in company names
       it holds a place or 中国.
    3. Legal-form suffixes are removed from the end while one is there:
       股份有限公司 有限责任公司 有限公司 集团股份 集团 股份 公司 有限.
    4. Province and city prefixes (LX_NAME_PLACES, each with or without
       省/市) are removed from the start while one is there and at least
       two characters remain.
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

//  The default threshold in basis points, fixed before the test set was
//  measured: one character in five may differ.
#define LX_NAME_THRESHOLD 8000

//  Below this many characters a core matches only when equal: one
//  character of a four-character core is its identity (华友 / 华发).
#define LX_NAME_MIN_CHARS 5

//  A near match needs the cores' first this many characters equal: the
//  shortest trade name (字号) has two.
#define LX_NAME_TRADE_CHARS 2

//  The core of a company name (the rule above), as a new UTF-8 string the
//  caller frees. Returns NULL when name is NULL or not valid UTF-8, or out
//  of memory. An empty core means the name held nothing distinctive.
char *lx_name_normalize (const char *name);

//  Similarity of two cores (from lx_name_normalize), in basis points:
//  10000 for equal cores, 0 when either is empty. Edit distance counts
//  characters (code points), not bytes.
int lx_name_similarity (const char *core_a, const char *core_b);

//  True when the two names (raw, not normalized) name the same company by
//  the rule above, at threshold bp; *similarity (may be NULL) gets the
//  cores' similarity. False when either name is not valid UTF-8.
bool lx_name_match (const char *name_a, const char *name_b, int threshold, int *similarity);

//  The same for two cores already normalized (either may be NULL: no
//  match, similarity 0).
bool lx_name_match_cores (const char *core_a, const char *core_b, int threshold, int *similarity);

//  Self test.
void lx_name_test (bool verbose);

#endif
