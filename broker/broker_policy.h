/*  broker_policy: the city's split policy.

    A policy is a list of rules, each giving the finder's share of one
    kind of credit in basis points (the lander gets the rest) and a counting
    window in years from an event of the project's life: its first signing
    (signed, the default), its construction start (started) or the first
    report of that metric (first: the first tax paid). Credit reported on
    or after the window's end is recorded but does not count. A rule may name a metric, a channel and a size tier
    (planned investment at least min_investment); "*" or absence matches
    any. For a given (metric, channel, investment) the most specific
    matching rule wins: a named metric counts 4, a named channel 2, a size
    tier 1; among equals the higher tier, then the later rule. With no
    matching rule the default applies: finder_bp 3000 (30 / 70), no window.

        policy
            rule
                metric = "*"
                channel = "*"
                min_investment = 0
                finder_bp = 3000
                years = 0
                from = "signed"
*/
#ifndef BROKER_POLICY_H_INCLUDED
#define BROKER_POLICY_H_INCLUDED

#include "lx_domain.h"

#include <czmq.h>

//  Finder's share when no rule matches.
#define BROKER_POLICY_DEFAULT_BP 3000

//  What a rule's counting window runs from.
typedef enum {
    BROKER_FROM_SIGNED = 0,     //  the project's first signing
    BROKER_FROM_STARTED,        //  its construction start
    BROKER_FROM_FIRST           //  the first report of the rule's metric
} broker_from_t;

typedef struct _broker_policy_t broker_policy_t;

//  Loads the rules under policy/ in the broker configuration (none is
//  fine). Returns the policy, or NULL with a reason in error naming the
//  rule and key at fault.
broker_policy_t *broker_policy_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the policy and nulls *self_p; safe on NULL and twice.
void broker_policy_destroy (broker_policy_t **self_p);

//  The finder's share in basis points for one metric of a lead that came
//  through channel with the given planned investment; *years and *from
//  (either may be NULL) receive the rule's window (0 = unlimited) and
//  what it runs from (broker_from_t).
int broker_policy_finder_bp (broker_policy_t *self, int metric, int channel,
                             int64_t investment, int *years, int *from);

//  The configuration name of a window's start ("signed", "started",
//  "first"), or NULL; and back (-1 when unknown).
const char *broker_policy_from_name (int from);
int broker_policy_from_parse (const char *name);

//  Number of rules loaded.
size_t broker_policy_size (broker_policy_t *self);

//  Self test.
void broker_policy_test (bool verbose);

#endif
