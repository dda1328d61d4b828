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

size_t
broker_match_size (broker_match_t *self)
{
    assert (self);
    return self->size;
}

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
broker_match_top (broker_match_t *self)
{
    assert (self);
    return self->top;
}

int
broker_match_min_score (broker_match_t *self)
{
    assert (self);
    return self->min_score;
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
    size_t length = strlen (text);
    bool digits = length > 0 && length <= 9 && strspn (text, "0123456789") == length;
    long parsed = digits? strtol (text, NULL, 10): -1;
    if (parsed < min || parsed > max) {
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

