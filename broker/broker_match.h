/*  broker_match: scores a lead against every district profile and picks
    the districts an offer is routed to.

    The matcher holds the profiles of all districts (broker_profile) and two
    settings from the `match` section of the broker config:

        match
            top = 3             # districts an offer is routed to, 1..50
            min_score = 20      # lowest score that is routed, 0..100

    Scoring rules (integer points, no floating point). A lead scores
    against one profile as follows.

    1. Minimum investment. When the profile's min_investment is above 0 and
       the lead's investment is below it, the score is 0, the one reason is
       "investment <n> yuan below minimum <m> yuan", and the district is not
       routable. Rules 2 to 4 are then skipped.

    2. Industry, at most 40. Two GB/T 4754 codes match when one is a prefix
       of the other: profile C39 matches lead C3911, lead C39 matches profile
       C391, and a bare section letter (C) matches every code of its section.
       A match with a leading industry is worth 40, with a cluster industry
       30, with an emerging industry 20. Only the single best match counts
       (no sum). Among equal matches the first lead code wins, then the
       first profile code, in list order. Reason:
       "<leading|cluster|emerging> industry <profile code> matches <lead code>",
       e.g. "leading industry C39 matches C3911".

    3. Tags, at most 15. Each profile tag that equals (byte for byte) one of
       the lead's tags adds 5, in profile order, up to three tags. Reason per
       counted tag: "tag <tag>", e.g. "tag 新材料".

    4. Land, 25. Only when the lead needs land (land > 0). A plot fits when
       (a) one of its industries matches one of the lead's codes by the
       prefix rule, (b) its area >= the lead's land, and (c) the lead's
       intensity meets its min_intensity: investment / land (integer
       division, yuan per mu) >= min_intensity * 10000, which is exactly
       investment >= min_intensity * 10000 * land without overflow. When
       several plots fit, the one with the smallest area counts (tightest
       fit, keeps big plots for big projects), the first in config order
       among equal areas. It adds 25 and the reason
       "plot <id> <name> (<area> mu, ≥<min_intensity> 万元/mu)", e.g.
       "plot kc-01 航埠工业园区块 (120 mu, ≥300 万元/mu)". When none fits, no
       points, and one reason says why: about the first plot (config order)
       zoned for the lead's industries, "plot <id> too small (<area> mu <
       <land> mu)" when (b) fails, else "plot <id> needs ≥<min> 万元/mu, lead
       has <intensity> 万元/mu" (intensity = investment / land / 10000,
       rounded down); or "no plot zoned for the lead's industries".

    5. The score is the sum, capped at 100. (With the rules above the most
       a lead can reach is 40 + 15 + 25 = 80; the cap guards future rules.)

    6. Exclusions: a district with role center, and the lead's finder
       (profile id equal to lead->finder), are never routed to. Their score
       is still computed, for operator views; they are marked not routable
       with the reason "center is never routed to" or "finder of the lead".

    Routing: every routable district with score >= min_score, best score
    first, equal scores by district id ascending (strcmp), at most top of
    them.

    Reasons are one line of UTF-8 each, at most BROKER_ROUTE_REASON_MAX
    bytes (a longer one, e.g. with a long plot name, is cut at a character
    boundary), at most BROKER_ROUTE_MAX_REASONS per district, in rule order.

    The lead is only read. It is expected to have passed lx_lead_validate;
    even if it did not, scoring never crashes: NULL codes and tags are
    skipped, industry_count and tag_count are clamped to the arrays, and a
    negative investment meets no minimum and no intensity.
*/
#ifndef BROKER_MATCH_H_INCLUDED
#define BROKER_MATCH_H_INCLUDED

#include "broker_profile.h"
#include "lx_lead.h"

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>

#define BROKER_MATCH_TOP_DEFAULT 3          //  match/top when absent
#define BROKER_MATCH_TOP_MAX 50             //  largest match/top
#define BROKER_MATCH_MIN_SCORE_DEFAULT 20   //  match/min_score when absent
#define BROKER_MATCH_SCORE_MAX 100          //  scores are 0..100

#define BROKER_MATCH_LEADING_POINTS 40      //  best match is a leading industry
#define BROKER_MATCH_CLUSTER_POINTS 30      //  best match is a cluster industry
#define BROKER_MATCH_EMERGING_POINTS 20     //  best match is an emerging industry
#define BROKER_MATCH_TAG_POINTS 5           //  per shared tag
#define BROKER_MATCH_TAG_POINTS_MAX 15      //  all tags together
#define BROKER_MATCH_PLOT_POINTS 25         //  a plot fits

#define BROKER_ROUTE_MAX_REASONS 8          //  reasons per district
#define BROKER_ROUTE_REASON_MAX 200         //  bytes in one reason, without the NUL

//  The fit of a lead to one district: a plain record, no pointers.
typedef struct {
    char district [33];                     //  district (node) id, NUL-terminated
    int score;                              //  0..100
    bool routable;                          //  false: below minimum, center, or finder
    size_t reason_count;                    //  used entries of reasons
    char reasons [BROKER_ROUTE_MAX_REASONS][BROKER_ROUTE_REASON_MAX + 1];  //  one line each, UTF-8
} broker_route_t;

typedef struct _broker_match_t broker_match_t;

//  Creates a matcher with no profiles, top 3 and min_score 20. Returns NULL
//  if out of memory.
broker_match_t *
    broker_match_new (void);

//  Loads the matcher from the broker's whole config: every child of
//  `districts` (broker_profile_load) and the optional `match` section.
//  Does not keep or modify root. Returns a new matcher (the caller's to
//  destroy), or NULL when `districts` is missing or has no child, a profile
//  is refused, two districts have the same id, match/top is not 1..50 or
//  match/min_score not 0..100 (decimal digits only), or out of memory;
//  error (may be NULL) then receives one line naming the district or key.
broker_match_t *
    broker_match_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the matcher and all its profiles, and nulls *self_p; safe on
//  NULL and twice.
void
    broker_match_destroy (broker_match_t **self_p);

//  Adds a profile, taking ownership: *profile_p is always nulled. Returns
//  0, or -1 when a profile with the same id is already held or out of
//  memory; the profile is then destroyed.
int
    broker_match_add (broker_match_t *self, broker_profile_t **profile_p);

//  Number of profiles held.
size_t
    broker_match_size (broker_match_t *self);

//  The profile with district id id, or NULL if none (id may be NULL). The
//  profile still belongs to the matcher.
broker_profile_t *
    broker_match_profile (broker_match_t *self, const char *id);

//  The profile number index (0 .. size - 1, in load order), for iteration.
//  index out of range asserts. The profile belongs to the matcher.
broker_profile_t *
    broker_match_at (broker_match_t *self, size_t index);

//  The settings. The setters return 0, or -1 (unchanged) when out of range:
//  top 1..BROKER_MATCH_TOP_MAX, min_score 0..BROKER_MATCH_SCORE_MAX.
int
    broker_match_top (broker_match_t *self);
int
    broker_match_min_score (broker_match_t *self);
int
    broker_match_set_top (broker_match_t *self, int top);
int
    broker_match_set_min_score (broker_match_t *self, int min_score);

//  Scores lead against one profile by the rules above and fills *route
//  (district, score, routable, reasons). Returns the score, 0..100.
int
    broker_match_score (broker_profile_t *profile, const lx_lead_t *lead, broker_route_t *route);

//  Scores lead against every profile and returns the routing: the routable
//  districts with score >= min_score, best first, ties by id ascending, at
//  most top. Sets *routes_p to a new array of *count_p records (the
//  caller's, freed with broker_match_routes_destroy; NULL when *count_p is
//  0). Returns 0, or -1 if out of memory (then *routes_p is NULL and
//  *count_p 0).
int
    broker_match_route (broker_match_t *self, const lx_lead_t *lead,
                        broker_route_t **routes_p, size_t *count_p);

//  Frees an array from broker_match_route and nulls *routes_p; safe on NULL
//  and twice.
void
    broker_match_routes_destroy (broker_route_t **routes_p);

//  Self test.
void
    broker_match_test (bool verbose);

#endif
