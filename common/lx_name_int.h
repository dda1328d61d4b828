/*  lx_name_int: what lx_name's source files share (lx_name.c, the rule;
    lx_name_places.c, its table of places). Private to the class. */
#ifndef LX_NAME_INT_H_INCLUDED
#define LX_NAME_INT_H_INCLUDED

#include "lx_name.h"

//  Kinds of place: which suffixes follow the name, and how much of the
//  company name must remain once it is removed.
typedef enum {
    LX_NAME_PROVINCE,           //  province level: 省, 市, 自治区, 特别行政区
    LX_NAME_CITY,               //  prefecture-level city: 市
    LX_NAME_PREFECTURE,         //  prefecture: 地区
    LX_NAME_LEAGUE,             //  league: 盟
    LX_NAME_AUTONOMOUS,         //  autonomous prefecture: 自治州, 州, or its full name
    LX_NAME_COUNTY,             //  county level: 市, 区, 县
    LX_NAME_COUNTRY,            //  中国: no suffix
    LX_NAME_REGION,             //  informal or former region: no suffix, four characters must remain
    LX_NAME_KINDS
} lx_name_kind_t;

//  One place.
typedef struct {
    const char *name;           //  its short name, as it begins a company name (浙江, 延边)
    const char *full;           //  its full name when that is not name + a suffix (延边朝鲜族自治州), or NULL
    int kind;                   //  lx_name_kind_t
} lx_name_place_t;

//  The places (lx_name_places.c), in GB/T 2260 order, then the others;
//  constant data.
extern const lx_name_place_t lx_name_places [];

//  How many there are.
extern const size_t lx_name_place_count;

#endif
