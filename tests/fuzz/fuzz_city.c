/*  fuzz_city: the small city the fuzz targets and their seed generator share. */

#include "fuzz_city.h"
#include "lx_domain.h"
#include "lx_store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  Two counties, two platforms (one with a minimum investment and two
//  plots), a liaison office and the center. A chemicals lead (C2614) fits
//  qujiang, zhizao and gaoxin, so with top = 3 an offer of one of
//  kecheng's leads reaches all three. The policy has a default rule, a
//  channel rule and a metric rule, so splits differ by channel and metric.
static const char *s_config =
    "match\n"
    "    top = 3\n"
    "    min_score = 20\n"
    "policy\n"
    "    rule\n"
    "        finder_bp = 3000\n"
    "    rule\n"
    "        channel = \"liaison\"\n"
    "        finder_bp = 4000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 5000\n"
    "        years = 5\n"
    "districts\n"
    "    kecheng\n"
    "        name = \"柯城区\"\n"
    "        role = \"county\"\n"
    "        leading = \"C34,C38\"\n"
    "        cluster = \"C33\"\n"
    "        emerging = \"I65\"\n"
    "        tags = \"智能装备,数字经济\"\n"
    "        plots\n"
    "            kc-01\n"
    "                name = \"航埠工业功能区块\"\n"
    "                area = 120\n"
    "                industries = \"C34,C38\"\n"
    "                min_intensity = 300\n"
    "    qujiang\n"
    "        name = \"衢江区\"\n"
    "        role = \"county\"\n"
    "        leading = \"C22,C26\"\n"
    "        cluster = \"C30\"\n"
    "        emerging = \"C29\"\n"
    "        tags = \"特种纸,新型建材\"\n"
    "        plots\n"
    "            qj-01\n"
    "                name = \"衢江经济开发区\"\n"
    "                area = 100\n"
    "                industries = \"C22,C26\"\n"
    "                min_intensity = 250\n"
    "    zhizao\n"
    "        name = \"衢州智造新城\"\n"
    "        role = \"platform\"\n"
    "        leading = \"C384,C26\"\n"
    "        cluster = \"C38\"\n"
    "        emerging = \"C35\"\n"
    "        tags = \"新能源,锂电池\"\n"
    "        min_investment = 100000000\n"
    "        plots\n"
    "            zz-01\n"
    "                name = \"东港新能源区块\"\n"
    "                area = 500\n"
    "                industries = \"C384,C26\"\n"
    "                min_intensity = 400\n"
    "            zz-02\n"
    "                name = \"集成电路产业园\"\n"
    "                area = 100\n"
    "                industries = \"C397\"\n"
    "                min_intensity = 500\n"
    "    gaoxin\n"
    "        name = \"衢州高新区\"\n"
    "        role = \"platform\"\n"
    "        leading = \"C26,C39\"\n"
    "        cluster = \"C26\"\n"
    "        emerging = \"C384\"\n"
    "        tags = \"氟硅新材料\"\n"
    "        plots\n"
    "            gx-01\n"
    "                name = \"氟硅新材料产业园\"\n"
    "                area = 150\n"
    "                industries = \"C26\"\n"
    "                min_intensity = 300\n"
    "    lo-beijing\n"
    "        name = \"驻京津冀招商联络处\"\n"
    "        role = \"liaison\"\n"
    "    center\n"
    "        name = \"市招商协作中心\"\n"
    "        role = \"center\"\n";

//  One district of the city.
typedef struct {
    const char *id;             //  node id
    int role;                   //  lx_role_t, as the configuration says
} s_district_t;

//  The districts in the order the first byte of a fuzz_logic input picks them.
static const s_district_t s_districts [FUZZ_CITY_DISTRICTS] = {
    { "kecheng", LX_ROLE_COUNTY },
    { "qujiang", LX_ROLE_COUNTY },
    { "zhizao", LX_ROLE_PLATFORM },
    { "gaoxin", LX_ROLE_PLATFORM },
    { "lo-beijing", LX_ROLE_LIAISON },
    { "center", LX_ROLE_CENTER },
};

const char *
fuzz_city_config (void)
{
    return s_config;
}

const char *
fuzz_city_district (size_t index)
{
    assert (index < FUZZ_CITY_DISTRICTS);
    return s_districts [index].id;
}

int
fuzz_city_role (size_t index)
{
    assert (index < FUZZ_CITY_DISTRICTS);
    return s_districts [index].role;
}

int
fuzz_city_index (const char *id)
{
    for (int index = 0; id && index < FUZZ_CITY_DISTRICTS; index++)
        if (strcmp (s_districts [index].id, id) == 0)
            return index;
    return -1;
}

lx_sign_t *
fuzz_city_sign (bool secret)
{
    unsigned char seed [32];
    memset (seed, 0xf0, sizeof seed);
    lx_sign_t *key = lx_sign_new_seeded (seed);
    if (key && !secret) {
        lx_sign_t *whole = key;
        key = lx_sign_public_copy (whole);
        lx_sign_destroy (&whole);
    }
    return key;
}

void
fuzz_city_require (const char *target, bool condition, const char *what, const char *detail)
{
    if (!condition) {
        fprintf (stderr, "%s: cannot build the fixture: %s%s%s\n",
                 target, what, detail? ": ": "", detail? detail: "");
        abort ();
    }
}

void
fuzz_city_remove_store (const char *path, const char *dir)
{
    lx_store_remove (path);
    rmdir (dir);
}

lx_lead_t *
fuzz_city_lead (const char *id, const char *finder, int channel, int stage)
{
    lx_lead_t *lead = lx_lead_new ();
    assert (lead);
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, finder);
    lx_lead_set (&lead->investor, "某化工集团有限公司");
    lx_lead_set (&lead->uscc, "91330802MA29U5P27G");
    lx_lead_set (&lead->project, "高端氟硅新材料项目");
    lx_lead_set (&lead->summary, "有机硅单体及下游深加工");
    lx_lead_set (&lead->contact, "李总");
    lx_lead_set (&lead->phone, "13900000000");
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C2614");
    lx_lead_add_tag (lead, "氟硅新材料");
    lead->investment = 1500000000;
    lead->land = 120;
    lead->tax = 80000000;
    lead->output = 3000000000;
    lead->channel = channel;
    lead->stage = stage;
    return lead;
}
