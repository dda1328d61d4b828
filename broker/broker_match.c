/*  broker_match: scores a lead against every district profile and picks
    the districts an offer is routed to. The rules are in broker_match.h. */

#include "broker_match.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _broker_match_t {
    broker_profile_t **profiles;    //  owned profiles, in load order
    size_t size;                    //  used entries of profiles
    size_t capacity;                //  allocated entries of profiles
    int top;                        //  districts an offer is routed to, 1..50
    int min_score;                  //  lowest score routed, 0..100
};

//  Writes a printf-style message into error (if any). Returns -1.
static int
    s_fail (char *error, size_t error_size, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static int
s_fail (char *error, size_t error_size, const char *format, ...)
{
    if (error && error_size > 0) {
        va_list args;
        va_start (args, format);
        vsnprintf (error, error_size, format, args);
        va_end (args);
    }
    return -1;
}

//  Appends a printf-style reason to route, unless it holds the most
//  reasons already. A reason longer than BROKER_ROUTE_REASON_MAX bytes is
//  cut at the last whole UTF-8 character that fits.
static void
    s_reason (broker_route_t *route, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

static void
s_reason (broker_route_t *route, const char *format, ...)
{
    if (route->reason_count >= BROKER_ROUTE_MAX_REASONS)
        return;
    char *text = route->reasons [route->reason_count++];
    va_list args;
    va_start (args, format);
    int length = vsnprintf (text, BROKER_ROUTE_REASON_MAX + 1, format, args);
    va_end (args);
    if (length <= BROKER_ROUTE_REASON_MAX)
        return;
    //  Truncated: find the start of the last character and drop it if
    //  some of its bytes were cut off.
    size_t end = strlen (text);
    size_t start = end;
    while (start > 0 && ((unsigned char) text [start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char) text [start - 1];
    size_t need = lead < 0x80? 1: lead >= 0xF0? 4: lead >= 0xE0? 3: 2;
    if (end - (start - 1) < need)
        text [start - 1] = 0;
}

//  True when two industry codes match: one is a prefix of the other.
static bool
s_codes_match (const char *profile_code, const char *lead_code)
{
    if (!profile_code || !lead_code)
        return false;
    size_t shorter = strlen (profile_code);
    size_t other = strlen (lead_code);
    if (other < shorter)
        shorter = other;
    return shorter > 0 && strncmp (profile_code, lead_code, shorter) == 0;
}

//  Number of used entries of a lead array, clamped to its size.
static int
s_clamp (int count, int max)
{
    return count < 0? 0: count > max? max: count;
}

//  Rule 2: the best single industry match.
static int
s_score_industry (broker_profile_t *profile, const lx_lead_t *lead, broker_route_t *route)
{
    static const struct {
        broker_profile_list_t list;     //  profile list of this tier
        int points;                     //  points of a match in it
    } tiers [] = {
        { BROKER_PROFILE_LEADING, BROKER_MATCH_LEADING_POINTS },
        { BROKER_PROFILE_CLUSTER, BROKER_MATCH_CLUSTER_POINTS },
        { BROKER_PROFILE_EMERGING, BROKER_MATCH_EMERGING_POINTS },
    };
    int lead_count = s_clamp (lead->industry_count, LX_LEAD_MAX_INDUSTRIES);
    for (size_t tier = 0; tier < sizeof tiers / sizeof tiers [0]; tier++) {
        size_t count = broker_profile_count (profile, tiers [tier].list);
        for (int code = 0; code < lead_count; code++)
            for (size_t index = 0; index < count; index++) {
                const char *mine = broker_profile_item (profile, tiers [tier].list, index);
                if (s_codes_match (mine, lead->industries [code])) {
                    s_reason (route, "%s industry %s matches %s",
                              broker_profile_list_name (tiers [tier].list), mine,
                              lead->industries [code]);
                    return tiers [tier].points;
                }
            }
    }
    return 0;
}

//  Rule 3: shared tags, 5 each, at most 15.
static int
s_score_tags (broker_profile_t *profile, const lx_lead_t *lead, broker_route_t *route)
{
    int lead_count = s_clamp (lead->tag_count, LX_LEAD_MAX_TAGS);
    int points = 0;
    size_t count = broker_profile_count (profile, BROKER_PROFILE_TAGS);
    for (size_t index = 0; index < count && points < BROKER_MATCH_TAG_POINTS_MAX; index++) {
        const char *mine = broker_profile_item (profile, BROKER_PROFILE_TAGS, index);
        for (int tag = 0; tag < lead_count; tag++)
            if (lead->tags [tag] && strcmp (lead->tags [tag], mine) == 0) {
                s_reason (route, "tag %s", mine);
                points += BROKER_MATCH_TAG_POINTS;
                break;
            }
    }
    return points;
}

//  True when one of the plot's industries matches one of the lead's codes.
static bool
s_plot_zoned (broker_profile_t *profile, size_t plot, const lx_lead_t *lead)
{
    int lead_count = s_clamp (lead->industry_count, LX_LEAD_MAX_INDUSTRIES);
    size_t count = broker_profile_plot_industry_count (profile, plot);
    for (size_t index = 0; index < count; index++)
        for (int code = 0; code < lead_count; code++)
            if (s_codes_match (broker_profile_plot_industry (profile, plot, index),
                               lead->industries [code]))
                return true;
    return false;
}

//  True when investment / land (yuan per mu, land > 0) is at least
//  min_intensity 万元 per mu. min_intensity <= BROKER_PROFILE_INTENSITY_MAX,
//  so the product cannot overflow; dividing keeps investment from overflowing.
static bool
s_intensity_met (int64_t investment, int64_t land, int64_t min_intensity)
{
    return investment >= 0 && investment / land >= min_intensity * 10000;
}

//  Rule 4: the tightest plot that fits.
static int
s_score_land (broker_profile_t *profile, const lx_lead_t *lead, broker_route_t *route)
{
    int64_t land = lead->land;
    if (land <= 0)
        return 0;
    size_t plots = broker_profile_plot_count (profile);
    size_t best = plots;                //  plots = none yet
    size_t zoned = plots;               //  first plot zoned for the lead
    for (size_t plot = 0; plot < plots; plot++) {
        if (!s_plot_zoned (profile, plot, lead))
            continue;
        if (zoned == plots)
            zoned = plot;
        int64_t area = broker_profile_plot_area (profile, plot);
        if (area >= land
        &&  s_intensity_met (lead->investment, land,
                             broker_profile_plot_min_intensity (profile, plot))
        &&  (best == plots || area < broker_profile_plot_area (profile, best)))
            best = plot;
    }
    if (best < plots) {
        s_reason (route, "plot %s %s (%" PRId64 " mu, ≥%" PRId64 " 万元/mu)",
                  broker_profile_plot_id (profile, best),
                  broker_profile_plot_name (profile, best),
                  broker_profile_plot_area (profile, best),
                  broker_profile_plot_min_intensity (profile, best));
        return BROKER_MATCH_PLOT_POINTS;
    }
    if (zoned == plots)
        s_reason (route, "no plot zoned for the lead's industries");
    else
    if (broker_profile_plot_area (profile, zoned) < land)
        s_reason (route, "plot %s too small (%" PRId64 " mu < %" PRId64 " mu)",
                  broker_profile_plot_id (profile, zoned),
                  broker_profile_plot_area (profile, zoned), land);
    else
        s_reason (route, "plot %s needs ≥%" PRId64 " 万元/mu, lead has %" PRId64 " 万元/mu",
                  broker_profile_plot_id (profile, zoned),
                  broker_profile_plot_min_intensity (profile, zoned),
                  lead->investment / land / 10000);
    return 0;
}

int
broker_match_score (broker_profile_t *profile, const lx_lead_t *lead, broker_route_t *route)
{
    assert (profile);
    assert (lead);
    assert (route);
    memset (route, 0, sizeof *route);
    snprintf (route->district, sizeof route->district, "%s", broker_profile_id (profile));
    route->routable = true;

    int score = 0;
    int64_t minimum = broker_profile_min_investment (profile);
    if (minimum > 0 && lead->investment < minimum) {
        s_reason (route, "investment %" PRId64 " yuan below minimum %" PRId64 " yuan",
                  lead->investment, minimum);
        route->routable = false;
    }
    else {
        score += s_score_industry (profile, lead, route);
        score += s_score_tags (profile, lead, route);
        score += s_score_land (profile, lead, route);
    }
    if (score > BROKER_MATCH_SCORE_MAX)
        score = BROKER_MATCH_SCORE_MAX;
    if (broker_profile_role (profile) == LX_ROLE_CENTER) {
        s_reason (route, "center is never routed to");
        route->routable = false;
    }
    if (lead->finder && strcmp (lead->finder, broker_profile_id (profile)) == 0) {
        s_reason (route, "finder of the lead");
        route->routable = false;
    }
    route->score = score;
    return score;
}

broker_match_t *
broker_match_new (void)
{
    broker_match_t *self = (broker_match_t *) calloc (1, sizeof (broker_match_t));
    if (!self)
        return NULL;
    self->top = BROKER_MATCH_TOP_DEFAULT;
    self->min_score = BROKER_MATCH_MIN_SCORE_DEFAULT;
    return self;
}

void
broker_match_destroy (broker_match_t **self_p)
{
    assert (self_p);
    broker_match_t *self = *self_p;
    if (!self)
        return;
    for (size_t index = 0; index < self->size; index++)
        broker_profile_destroy (&self->profiles [index]);
    free (self->profiles);
    free (self);
    *self_p = NULL;
}

int
broker_match_add (broker_match_t *self, broker_profile_t **profile_p)
{
    assert (self);
    assert (profile_p && *profile_p);
    broker_profile_t *profile = *profile_p;
    *profile_p = NULL;
    if (broker_match_profile (self, broker_profile_id (profile))) {
        broker_profile_destroy (&profile);
        return -1;
    }
    if (self->size == self->capacity) {
        size_t capacity = self->capacity? self->capacity * 2: 16;
        broker_profile_t **grown = (broker_profile_t **)
            realloc (self->profiles, capacity * sizeof (broker_profile_t *));
        if (!grown) {
            broker_profile_destroy (&profile);
            return -1;
        }
        self->profiles = grown;
        self->capacity = capacity;
    }
    self->profiles [self->size++] = profile;
    return 0;
}

size_t broker_match_size (broker_match_t *self)   { assert (self); return self->size; }
int broker_match_top (broker_match_t *self)       { assert (self); return self->top; }
int broker_match_min_score (broker_match_t *self) { assert (self); return self->min_score; }

broker_profile_t *
broker_match_profile (broker_match_t *self, const char *id)
{
    assert (self);
    if (!id)
        return NULL;
    for (size_t index = 0; index < self->size; index++)
        if (strcmp (broker_profile_id (self->profiles [index]), id) == 0)
            return self->profiles [index];
    return NULL;
}

broker_profile_t *
broker_match_at (broker_match_t *self, size_t index)
{
    assert (self);
    assert (index < self->size);
    return self->profiles [index];
}

int
broker_match_set_top (broker_match_t *self, int top)
{
    assert (self);
    if (top < 1 || top > BROKER_MATCH_TOP_MAX)
        return -1;
    self->top = top;
    return 0;
}

int
broker_match_set_min_score (broker_match_t *self, int min_score)
{
    assert (self);
    if (min_score < 0 || min_score > BROKER_MATCH_SCORE_MAX)
        return -1;
    self->min_score = min_score;
    return 0;
}

//  Reads the optional setting at path of root: decimal digits only, in
//  min..max. Returns 0 (with *value set when present), or -1.
static int
s_load_setting (zconfig_t *root, const char *path, int min, int max, int *value,
                char *error, size_t error_size)
{
    zconfig_t *item = zconfig_locate (root, path);
    if (!item)
        return 0;
    const char *text = zconfig_value (item);
    char *end = NULL;
    errno = 0;
    //  Digits only: strtoll alone would take blanks and signs
    long long parsed = (*text >= '0' && *text <= '9')? strtoll (text, &end, 10): -1;
    if (errno != 0 || (end && *end != 0) || parsed < min || parsed > max) {
        char clean [16];
        size_t used = 0;
        for (; *text && used < 12; text++)
            clean [used++] = (*text >= 0x20 && *text < 0x7F)? *text: '?';
        clean [used] = 0;
        return s_fail (error, error_size, "%s: \"%s%s\" is not a decimal integer %d..%d",
                       path, clean, *text? "...": "", min, max);
    }
    *value = (int) parsed;
    return 0;
}

broker_match_t *
broker_match_load (zconfig_t *root, char *error, size_t error_size)
{
    assert (root);
    zconfig_t *districts = zconfig_locate (root, "districts");
    if (!districts) {
        s_fail (error, error_size, "districts: missing: the config names no district");
        return NULL;
    }
    if (!zconfig_child (districts)) {
        s_fail (error, error_size, "districts: no district configured");
        return NULL;
    }
    broker_match_t *self = broker_match_new ();
    if (!self) {
        s_fail (error, error_size, "districts: out of memory");
        return NULL;
    }
    for (zconfig_t *item = zconfig_child (districts); item; item = zconfig_next (item)) {
        broker_profile_t *profile = broker_profile_load (item, error, error_size);
        if (!profile) {
            broker_match_destroy (&self);
            return NULL;
        }
        if (broker_match_profile (self, broker_profile_id (profile))) {
            s_fail (error, error_size, "districts: duplicate district id %s",
                    broker_profile_id (profile));
            broker_profile_destroy (&profile);
            broker_match_destroy (&self);
            return NULL;
        }
        if (broker_match_add (self, &profile)) {
            s_fail (error, error_size, "districts: out of memory");
            broker_match_destroy (&self);
            return NULL;
        }
    }
    if (s_load_setting (root, "match/top", 1, BROKER_MATCH_TOP_MAX, &self->top,
                        error, error_size)
    ||  s_load_setting (root, "match/min_score", 0, BROKER_MATCH_SCORE_MAX, &self->min_score,
                        error, error_size))
        broker_match_destroy (&self);
    return self;
}

//  Best score first, then district id ascending.
static int
s_compare_routes (const void *left, const void *right)
{
    const broker_route_t *one = (const broker_route_t *) left;
    const broker_route_t *two = (const broker_route_t *) right;
    if (one->score != two->score)
        return one->score > two->score? -1: 1;
    return strcmp (one->district, two->district);
}

int
broker_match_route (broker_match_t *self, const lx_lead_t *lead,
                    broker_route_t **routes_p, size_t *count_p)
{
    assert (self);
    assert (lead);
    assert (routes_p);
    assert (count_p);
    *routes_p = NULL;
    *count_p = 0;
    if (self->size == 0)
        return 0;
    broker_route_t *routes = (broker_route_t *) calloc (self->size, sizeof (broker_route_t));
    if (!routes)
        return -1;
    size_t count = 0;
    for (size_t index = 0; index < self->size; index++) {
        int score = broker_match_score (self->profiles [index], lead, &routes [count]);
        if (routes [count].routable && score >= self->min_score)
            count++;
    }
    qsort (routes, count, sizeof (broker_route_t), s_compare_routes);
    if (count > (size_t) self->top)
        count = (size_t) self->top;
    if (count == 0) {
        free (routes);
        return 0;
    }
    broker_route_t *shrunk = (broker_route_t *) realloc (routes, count * sizeof (broker_route_t));
    *routes_p = shrunk? shrunk: routes;
    *count_p = count;
    return 0;
}

void
broker_match_routes_destroy (broker_route_t **routes_p)
{
    assert (routes_p);
    free (*routes_p);
    *routes_p = NULL;
}

//  A lead for the selftest: a plain record whose strings live in the fixture.
typedef struct {
    lx_lead_t lead;                 //  the record under test
    char finder [33];               //  storage for lead.finder
    char codes [128];               //  storage for lead.industries
    char tags [256];                //  storage for lead.tags
} s_test_lead_t;

//  Splits a comma-separated text in place into at most max items.
static int
s_test_split (char *text, char **items, int max)
{
    int count = 0;
    while (text && *text && count < max) {
        items [count++] = text;
        text = strchr (text, ',');
        if (text)
            *text++ = 0;
    }
    return count;
}

//  Fills the fixture's lead; finder NULL means unknown.
static lx_lead_t *
s_test_lead (s_test_lead_t *self, const char *finder, const char *codes, const char *tags,
             int64_t investment, int64_t land)
{
    memset (self, 0, sizeof *self);
    snprintf (self->finder, sizeof self->finder, "%s", finder? finder: "");
    snprintf (self->codes, sizeof self->codes, "%s", codes);
    snprintf (self->tags, sizeof self->tags, "%s", tags);
    self->lead.finder = finder? self->finder: NULL;
    self->lead.industry_count = s_test_split (self->codes, self->lead.industries, LX_LEAD_MAX_INDUSTRIES);
    self->lead.tag_count = s_test_split (self->tags, self->lead.tags, LX_LEAD_MAX_TAGS);
    self->lead.investment = investment;
    self->lead.land = land;
    return &self->lead;
}

//  Loads a matcher from ZPL text, or asserts it is refused with expect.
static broker_match_t *
s_test_load (const char *text, const char *expect, bool verbose)
{
    zconfig_t *root = zconfig_str_load (text);
    assert (root);
    char error [256] = "";
    broker_match_t *self = broker_match_load (root, error, sizeof error);
    zconfig_destroy (&root);
    if (verbose && expect)
        printf ("   refused: %s\n", error);
    assert (expect? self == NULL && strstr (error, expect) != NULL: self != NULL);
    return self;
}

//  Sets top and min_score, routes lead and asserts the district ids in
//  order ("a,b,c" or "").
static void
s_test_route (broker_match_t *self, int top, int min_score, const lx_lead_t *lead,
              const char *expect)
{
    assert (broker_match_set_top (self, top) == 0);
    assert (broker_match_set_min_score (self, min_score) == 0);
    broker_route_t *routes = NULL;
    size_t count = 99;
    assert (broker_match_route (self, lead, &routes, &count) == 0);
    assert (count <= (size_t) broker_match_top (self));
    assert ((count == 0) == (routes == NULL));
    char got [256] = "";
    for (size_t index = 0; index < count; index++) {
        assert (routes [index].routable && routes [index].score >= broker_match_min_score (self));
        strcat (got, index? ",": "");
        strcat (got, routes [index].district);
    }
    assert (streq (got, expect));
    broker_match_routes_destroy (&routes);
    broker_match_routes_destroy (&routes);      //  safe twice
    assert (routes == NULL);
}

void
broker_match_test (bool verbose)
{
    printf (" * broker_match: ");
    if (verbose)
        printf ("\n");
    //  Profiles for the scoring rules, one concern each
    const char *config =
        "districts\n"
        "    kecheng\n        name = \"柯城区\"\n        role = county\n"
        "        leading = \"C39,C38\"\n        cluster = C30\n        emerging = I65\n"
        "        tags = \"新材料,电子信息,集成电路,智能制造\"\n"
        "        plots\n            kc-01\n                name = \"航埠工业园区块\"\n"
        "                area = 120\n                industries = \"C39,C38\"\n"
        "                min_intensity = 300\n"
        "    qujiang\n        name = \"衢江区\"\n        role = county\n        leading = C391\n"
        "    longyou\n        name = \"龙游县\"\n        role = county\n        plots\n"
        "            ly-01\n                name = \"大区块\"\n                area = 500\n"
        "                industries = C39\n                min_intensity = 100\n"
        "            ly-02\n                name = \"小区块\"\n                area = 120\n"
        "                industries = \"C38,C39\"\n                min_intensity = 300\n"
        "            ly-03\n                name = \"食品区块\"\n                area = 1000\n"
        "                industries = C14\n"
        "    kaihua\n        name = \"开化县\"\n        role = liaison\n        leading = C39\n"
        "        min_investment = 50000000\n";
    broker_match_t *self = s_test_load (config, NULL, verbose);
    static const struct {
        const char *district;           //  profile scored
        const char *codes;              //  lead industries, comma separated
        const char *tags;               //  lead tags, comma separated
        int64_t investment;             //  lead investment, yuan
        int64_t land;                   //  lead land need, mu
        int score;                      //  expected score
        size_t reasons;                 //  expected reason count
        const char *reason;             //  expected first reason, if any
    } cases [] = {
        //  Industry: leading 40, cluster 30, emerging 20, best single match
        { "kecheng", "C3911", "", 1, 0, 40, 1, "leading industry C39 matches C3911" },
        { "kecheng", "C3011", "", 1, 0, 30, 1, "cluster industry C30 matches C3011" },
        { "kecheng", "I651", "", 1, 0, 20, 1, "emerging industry I65 matches I651" },
        { "kecheng", "I651,C3011,C3911", "", 1, 0, 40, 1, "leading industry C39 matches C3911" },
        { "kecheng", "I651,C3011", "", 1, 0, 30, 1, "cluster industry C30 matches C3011" },
        { "kecheng", "A01,C3911,C38", "", 1, 0, 40, 1, "leading industry C39 matches C3911" },
        { "kecheng", "A01", "", 1, 0, 0, 0, NULL },
        //  Prefix rule both ways; the section letter alone matches its codes
        { "qujiang", "C39", "", 1, 0, 40, 1, "leading industry C391 matches C39" },
        { "qujiang", "C3911", "", 1, 0, 40, 1, "leading industry C391 matches C3911" },
        { "qujiang", "C", "", 1, 0, 40, 1, "leading industry C391 matches C" },
        { "qujiang", "C3920,C38,D44", "", 1, 0, 0, 0, NULL },
        //  Tags: 5 each, exact equality, at most 15
        { "kecheng", "A01", "新材料", 1, 0, 5, 1, "tag 新材料" },
        { "kecheng", "A01", "新材料x,新材", 1, 0, 0, 0, NULL },
        { "kecheng", "A01", "电子信息,电子信息", 1, 0, 5, 1, "tag 电子信息" },
        { "kecheng", "A01", "智能制造,集成电路,电子信息,新材料", 1, 0, 15, 3, "tag 新材料" },
        { "kecheng", "C3011", "新材料,电子信息", 1, 0, 40, 3, "cluster industry C30 matches C3011" },
        //  Land: the tightest plot that fits, or one reason why none does
        { "longyou", "C3911", "", 300000000, 100, 25, 1, "plot ly-02 小区块 (120 mu, ≥300 万元/mu)" },
        { "longyou", "C3911", "", 299999999, 100, 25, 1, "plot ly-01 大区块 (500 mu, ≥100 万元/mu)" },
        { "longyou", "C3911", "", 99999999, 100, 0, 1, "plot ly-01 needs ≥100 万元/mu, lead has 99 万元/mu" },
        { "longyou", "C3911", "", LX_MONEY_MAX, 600, 0, 1, "plot ly-01 too small (500 mu < 600 mu)" },
        { "longyou", "C26,I65", "", LX_MONEY_MAX, 10, 0, 1, "no plot zoned for the lead's industries" },
        { "longyou", "C1411", "", 0, 10, 25, 1, "plot ly-03 食品区块 (1000 mu, ≥0 万元/mu)" },
        { "longyou", "C39", "", LX_MONEY_MAX, 1, 25, 1, "plot ly-02 小区块 (120 mu, ≥300 万元/mu)" },
        { "longyou", "C39", "", LX_MONEY_MAX, LX_LAND_MAX, 0, 1, "plot ly-01 too small (500 mu < 10000000 mu)" },
        { "longyou", "C39", "", LX_MONEY_MAX, 0, 0, 0, NULL },
        //  Everything at once: 40 + 15 + 25 = 80, the most these rules give
        { "kecheng", "C3911", "新材料,电子信息,集成电路,智能制造", 360000000, 120, 80, 5,
          "leading industry C39 matches C3911" },
        //  Minimum investment: score 0, one reason, not routable
        { "kaihua", "C3911", "新材料", 49999999, 0, 0, 1,
          "investment 49999999 yuan below minimum 50000000 yuan" },
        { "kaihua", "C3911", "新材料", 50000000, 0, 40, 1, "leading industry C39 matches C3911" },
    };
    s_test_lead_t fixture;
    broker_route_t route;
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        broker_profile_t *profile = broker_match_profile (self, cases [index].district);
        lx_lead_t *lead = s_test_lead (&fixture, "finder", cases [index].codes,
                                       cases [index].tags, cases [index].investment,
                                       cases [index].land);
        int score = broker_match_score (profile, lead, &route);
        if (verbose)
            printf ("   %s %s: %d %s\n", cases [index].district, cases [index].codes, score,
                    route.reason_count? route.reasons [0]: "-");
        assert (score == cases [index].score && route.score == score);
        assert (streq (route.district, cases [index].district));
        assert (route.reason_count == cases [index].reasons);
        assert (!cases [index].reason || streq (route.reasons [0], cases [index].reason));
        assert (route.routable
                == (cases [index].investment >= broker_profile_min_investment (profile)));
    }
    //  The last reasons of the full score, and of the capped tags
    s_test_lead (&fixture, NULL, "C3911", "新材料,电子信息,集成电路,智能制造", 360000000, 120);
    assert (broker_match_score (broker_match_profile (self, "kecheng"), &fixture.lead, &route) == 80);
    assert (streq (route.reasons [3], "tag 集成电路"));
    assert (streq (route.reasons [4], "plot kc-01 航埠工业园区块 (120 mu, ≥300 万元/mu)"));
    //  A lead that never passed validation does not crash the scorer
    fixture.lead.industry_count = 1000;
    fixture.lead.tag_count = -3;
    fixture.lead.investment = -5;
    assert (broker_match_score (broker_match_profile (self, "kecheng"), &fixture.lead, &route) == 40);
    //  The finder is scored but not routable
    s_test_lead (&fixture, "kecheng", "C3911", "", 1, 0);
    assert (broker_match_score (broker_match_profile (self, "kecheng"), &fixture.lead, &route) == 40);
    assert (!route.routable && streq (route.reasons [1], "finder of the lead"));
    broker_match_destroy (&self);

    //  Reasons: at most 8, each at most 200 bytes, cut at a character
    memset (&route, 0, sizeof route);
    char long_text [400] = "";
    for (int index = 0; index < 100; index++)
        strcat (long_text, "中");
    s_reason (&route, "a%s", long_text);        //  1 + 300 bytes: 1 + 66 whole characters fit
    assert (strlen (route.reasons [0]) == 199 && lx_valid_utf8 (route.reasons [0], 199));
    s_reason (&route, "%s%s", long_text, long_text);
    assert (strlen (route.reasons [1]) == 198 && lx_valid_utf8 (route.reasons [1], 198));
    s_reason (&route, "%0250d", 7);
    assert (strlen (route.reasons [2]) == BROKER_ROUTE_REASON_MAX);
    for (int index = 0; index < 10; index++)
        s_reason (&route, "reason %d", index);
    assert (route.reason_count == BROKER_ROUTE_MAX_REASONS && streq (route.reasons [7], "reason 4"));

    //  Adding profiles: ownership, duplicates, lookup, settings
    self = broker_match_new ();
    assert (self && broker_match_top (self) == 3 && broker_match_min_score (self) == 20);
    broker_route_t *routes = NULL;
    size_t count = 7;
    assert (broker_match_route (self, &fixture.lead, &routes, &count) == 0);
    assert (routes == NULL && count == 0);
    broker_profile_t *profile = broker_profile_new ("kecheng", "柯城区", LX_ROLE_COUNTY);
    assert (broker_match_add (self, &profile) == 0 && profile == NULL);
    profile = broker_profile_new ("longyou", "龙游县", LX_ROLE_COUNTY);
    assert (broker_match_add (self, &profile) == 0 && profile == NULL);
    profile = broker_profile_new ("kecheng", "again", LX_ROLE_COUNTY);
    assert (broker_match_add (self, &profile) == -1 && profile == NULL);
    assert (broker_match_size (self) == 2);
    assert (streq (broker_profile_id (broker_match_at (self, 1)), "longyou"));
    assert (streq (broker_profile_name (broker_match_profile (self, "kecheng")), "柯城区"));
    assert (!broker_match_profile (self, "nowhere") && !broker_match_profile (self, NULL));
    assert (broker_match_set_top (self, 0) == -1 && broker_match_set_top (self, 51) == -1);
    assert (broker_match_set_min_score (self, -1) == -1 && broker_match_set_min_score (self, 101) == -1);
    assert (broker_match_top (self) == 3 && broker_match_min_score (self) == 20);
    broker_match_destroy (&self);
    broker_match_destroy (&self);               //  safe twice
    assert (self == NULL);

    //  Loading: refusals name the section, district or key
#   define KC "    kecheng\n        name = \"柯城区\"\n        role = county\n"
    s_test_load ("match\n    top = 3\n", "districts: missing", verbose);
    s_test_load ("districts\n", "districts: no district configured", verbose);
    s_test_load ("districts\n" KC KC, "districts: duplicate district id kecheng", verbose);
    s_test_load ("districts\n" KC "    qujiang\n        name = x\n        role = mayor\n",
                 "district qujiang: role: \"mayor\"", verbose);
    s_test_load ("match\n    top = 0\ndistricts\n" KC, "match/top: \"0\"", verbose);
    s_test_load ("match\n    top = 51\ndistricts\n" KC, "match/top: \"51\"", verbose);
    s_test_load ("match\n    top = 3x\ndistricts\n" KC, "match/top: \"3x\"", verbose);
    s_test_load ("match\n    top = \"\"\ndistricts\n" KC, "match/top", verbose);
    s_test_load ("match\n    min_score = 101\ndistricts\n" KC, "match/min_score: \"101\"", verbose);
    s_test_load ("match\n    min_score = 99999999999999999999\ndistricts\n" KC,
                 "match/min_score: \"999999999999...\"", verbose);
    self = s_test_load ("districts\n" KC, NULL, verbose);
    assert (broker_match_top (self) == 3 && broker_match_min_score (self) == 20);
    broker_match_destroy (&self);

    //  Routing: best first, ties by id, min_score, top, exclusions
    self = s_test_load (
        "match\n    top = 2\n    min_score = 20\n"
        "districts\n"
        "    center\n        name = \"衢州市\"\n        role = center\n        leading = C39\n"
        KC "        leading = C39\n        tags = \"新材料\"\n"
        "    qujiang\n        name = \"衢江区\"\n        role = county\n        cluster = C39\n"
        "    longyou\n        name = \"龙游县\"\n        role = county\n        cluster = C3911\n"
        "    jiangshan\n        name = \"江山市\"\n        role = platform\n        emerging = C\n"
        "    kaihua\n        name = \"开化县\"\n        role = liaison\n        leading = C39\n"
        "        min_investment = 1000000000\n"
        "    changshan\n        name = \"常山县\"\n        role = county\n        tags = \"新材料\"\n",
        NULL, verbose);
#   undef KC
    assert (broker_match_size (self) == 7);
    assert (broker_match_top (self) == 2 && broker_match_min_score (self) == 20);
    assert (streq (broker_profile_id (broker_match_at (self, 0)), "center"));
    assert (streq (broker_profile_id (broker_match_at (self, 6)), "changshan"));
    //  Scores: center 40, kecheng 45 (finder), qujiang 30, longyou 30,
    //  jiangshan 20, kaihua 0 (below minimum), changshan 5
    lx_lead_t *lead = s_test_lead (&fixture, "kecheng", "C3911", "新材料", 100000000, 0);
    s_test_route (self, 2, 20, lead, "longyou,qujiang");
    s_test_route (self, 10, 20, lead, "longyou,qujiang,jiangshan");
    s_test_route (self, 10, 25, lead, "longyou,qujiang");
    s_test_route (self, 10, 0, lead, "longyou,qujiang,jiangshan,changshan");
    lead->finder = NULL;
    s_test_route (self, 10, 0, lead, "kecheng,longyou,qujiang,jiangshan,changshan");
    lead->investment = 1000000000;
    s_test_route (self, 10, 0, lead, "kecheng,kaihua,longyou,qujiang,jiangshan,changshan");
    s_test_route (self, 1, 0, lead, "kecheng");
    s_test_route (self, 50, 100, lead, "");
    //  The center scores like anyone but is never routed to
    assert (broker_match_score (broker_match_profile (self, "center"), lead, &route) == 40);
    assert (!route.routable && streq (route.reasons [1], "center is never routed to"));
    //  Nothing fits: no routes at all
    s_test_route (self, 3, 20, s_test_lead (&fixture, "kecheng", "A01", "新材料", 1000000000, 0), "");
    broker_match_destroy (&self);

    printf ("OK\n");
}
