/*  broker_policy: the city's split policy.

    A policy is a list of rules, each giving the finder's share of one
    kind of credit in basis points (the lander gets the rest) and a counting
    window in years. A rule may name a metric, a channel and a size tier
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
*/
#ifndef BROKER_POLICY_H_INCLUDED
#define BROKER_POLICY_H_INCLUDED

#include "lx_domain.h"

#include <czmq.h>

//  Finder's share when no rule matches.
#define BROKER_POLICY_DEFAULT_BP 3000

typedef struct _broker_policy_t broker_policy_t;

//  Loads the rules under policy/ in the broker configuration (none is
//  fine). Returns the policy, or NULL with a reason in error naming the
//  rule and key at fault.
broker_policy_t *broker_policy_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the policy and nulls *self_p; safe on NULL and twice.
void broker_policy_destroy (broker_policy_t **self_p);

//  The finder's share in basis points for one metric of a lead that came
//  through channel with the given planned investment; *years (if not NULL)
//  receives the rule's window (0 = unlimited).
int broker_policy_finder_bp (broker_policy_t *self, int metric, int channel,
                             int64_t investment, int *years);

//  Number of rules loaded.
size_t broker_policy_size (broker_policy_t *self);

//  Self test.
void broker_policy_test (bool verbose);

#endif
