/*  broker_policy: the city's split policy. */

#include "broker_policy.h"
#include "lx_cfg.h"
#include "lx_split.h"

//  One rule of the policy.
typedef struct {
    int metric;                 //  lx_metric_t, or -1 for any
    int channel;                //  lx_channel_t, or -1 for any
    int64_t min_investment;     //  size tier: applies from this planned investment
    int finder_bp;              //  finder's share, basis points
    int years;                  //  counting window in years, 0 = unlimited
    int from;                   //  broker_from_t: what the window runs from
} s_rule_t;

#define MAX_RULES 256

struct _broker_policy_t {
    s_rule_t rules [MAX_RULES]; //  rules in configuration order
    size_t count;               //  rules used
};

//  Reads a vocabulary key of a rule ("*" or absent = -1). Returns 0 or -1.
static int
s_read_name (zconfig_t *rule, const char *key, int (*lookup) (const char *), int *value,
             size_t number, char *error, size_t error_size)
{
    const char *text = lx_cfg_str (rule, key, "*");
    if (streq (text, "*")) {
        *value = -1;
        return 0;
    }
    *value = lookup (text);
    if (*value < 0) {
        snprintf (error, error_size, "policy rule %zu: unknown %s '%.32s'", number, key, text);
        return -1;
    }
    return 0;
}

broker_policy_t *
broker_policy_load (zconfig_t *root, char *error, size_t error_size)
{
    assert (root);
    broker_policy_t *self = (broker_policy_t *) zmalloc (sizeof (broker_policy_t));
    if (!self)
        return NULL;
    zconfig_t *policy = zconfig_locate (root, "policy");
    zconfig_t *rule = policy? zconfig_child (policy): NULL;
    for (; rule; rule = zconfig_next (rule)) {
        if (!streq (zconfig_name (rule), "rule")) {
            snprintf (error, error_size, "policy: unknown section '%.32s'", zconfig_name (rule));
            goto failed;
        }
        size_t number = self->count + 1;
        if (self->count == MAX_RULES) {
            snprintf (error, error_size, "policy: more than %d rules", MAX_RULES);
            goto failed;
        }
        s_rule_t *slot = &self->rules [self->count];
        int64_t bp, years, tier;
        char reason [160];
        if (s_read_name (rule, "metric", lx_metric_from_name, &slot->metric, number, error, error_size)
        ||  s_read_name (rule, "channel", lx_channel_from_name, &slot->channel, number, error, error_size))
            goto failed;
        if (lx_cfg_int (rule, "finder_bp", BROKER_POLICY_DEFAULT_BP, 0, LX_BP_WHOLE, &bp, reason, sizeof reason)
        ||  lx_cfg_int (rule, "years", 0, 0, 100, &years, reason, sizeof reason)
        ||  lx_cfg_int (rule, "min_investment", 0, 0, INT64_MAX, &tier, reason, sizeof reason)) {
            snprintf (error, error_size, "policy rule %zu: %s", number, reason);
            goto failed;
        }
        slot->from = broker_policy_from_parse (lx_cfg_str (rule, "from", "signed"));
        if (slot->from < 0) {
            snprintf (error, error_size, "policy rule %zu: from is signed, started or first, not '%.32s'",
                      number, lx_cfg_str (rule, "from", ""));
            goto failed;
        }
        slot->finder_bp = (int) bp;
        slot->years = (int) years;
        slot->min_investment = tier;
        self->count++;
    }
    return self;

failed:
    broker_policy_destroy (&self);
    return NULL;
}

void
broker_policy_destroy (broker_policy_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

const char *
broker_policy_from_name (int from)
{
    return from == BROKER_FROM_SIGNED? "signed": from == BROKER_FROM_STARTED? "started":
           from == BROKER_FROM_FIRST? "first": NULL;
}

int
broker_policy_from_parse (const char *name)
{
    for (int from = BROKER_FROM_SIGNED; from <= BROKER_FROM_FIRST; from++)
        if (name && streq (name, broker_policy_from_name (from)))
            return from;
    return -1;
}

int
broker_policy_finder_bp (broker_policy_t *self, int metric, int channel,
                         int64_t investment, int *years, int *from)
{
    assert (self);
    const s_rule_t *best = NULL;
    int best_weight = -1;
    for (size_t index = 0; index < self->count; index++) {
        const s_rule_t *rule = &self->rules [index];
        if ((rule->metric >= 0 && rule->metric != metric)
        ||  (rule->channel >= 0 && rule->channel != channel)
        ||  investment < rule->min_investment)
            continue;
        int weight = (rule->metric >= 0? 4: 0) + (rule->channel >= 0? 2: 0)
                   + (rule->min_investment > 0? 1: 0);
        if (weight > best_weight
        || (weight == best_weight && rule->min_investment >= best->min_investment)) {
            best = rule;
            best_weight = weight;
        }
    }
    if (years)
        *years = best? best->years: 0;
    if (from)
        *from = best? best->from: BROKER_FROM_SIGNED;
    return best? best->finder_bp: BROKER_POLICY_DEFAULT_BP;
}

size_t
broker_policy_size (broker_policy_t *self)
{
    assert (self);
    return self->count;
}

void
broker_policy_test (bool verbose)
{
    (void) verbose;
    char error [200];
    //  No policy section: the default split.
    zconfig_t *root = zconfig_str_load ("broker\n    endpoint = x\n");
    broker_policy_t *policy = broker_policy_load (root, error, sizeof error);
    assert (policy && broker_policy_size (policy) == 0);
    assert (broker_policy_finder_bp (policy, LX_METRIC_TAX, LX_CHANNEL_OWN, 0, NULL, NULL) == 3000);
    broker_policy_destroy (&policy);
    broker_policy_destroy (&policy);
    zconfig_destroy (&root);

    //  Fuzhou-like: investment 100 % to the bringer, tax 7:3; liaison leads
    //  5:5; big projects' contract credit 6:4 for 5 years.
    root = zconfig_str_load (
        "policy\n"
        "    rule\n"
        "        finder_bp = 10000\n"
        "    rule\n"
        "        metric = \"tax\"\n"
        "        finder_bp = 7000\n"
        "        years = 5\n"
        "        from = \"first\"\n"
        "    rule\n"
        "        channel = \"liaison\"\n"
        "        finder_bp = 5000\n"
        "    rule\n"
        "        metric = \"contract\"\n"
        "        min_investment = 1000000000\n"
        "        finder_bp = 6000\n"
        "        years = 5\n");
    policy = broker_policy_load (root, error, sizeof error);
    assert (policy && broker_policy_size (policy) == 4);
    int years = -1, from = -1;
    assert (broker_policy_finder_bp (policy, LX_METRIC_FUNDS, LX_CHANNEL_OWN, 5, &years, &from) == 10000);
    assert (years == 0 && from == BROKER_FROM_SIGNED);
    assert (broker_policy_finder_bp (policy, LX_METRIC_TAX, LX_CHANNEL_OWN, 5, &years, &from) == 7000);
    assert (years == 5 && from == BROKER_FROM_FIRST);
    assert (streq (broker_policy_from_name (BROKER_FROM_STARTED), "started"));
    assert (broker_policy_from_parse ("started") == BROKER_FROM_STARTED && broker_policy_from_parse ("x") == -1);
    //  metric beats channel
    assert (broker_policy_finder_bp (policy, LX_METRIC_TAX, LX_CHANNEL_LIAISON, 5, NULL, NULL) == 7000);
    assert (broker_policy_finder_bp (policy, LX_METRIC_OUTPUT, LX_CHANNEL_LIAISON, 5, NULL, NULL) == 5000);
    //  size tier
    assert (broker_policy_finder_bp (policy, LX_METRIC_CONTRACT, LX_CHANNEL_OWN, 999999999, NULL, NULL) == 10000);
    assert (broker_policy_finder_bp (policy, LX_METRIC_CONTRACT, LX_CHANNEL_OWN, 1000000000, NULL, NULL) == 6000);
    broker_policy_destroy (&policy);
    zconfig_destroy (&root);

    //  The shipped examples say what their comments say.
    char *path = zsys_sprintf ("%s/deploy/policies/ningde.cfg", LEADX_SOURCE_DIR);
    root = zconfig_load (path);
    assert (root);
    policy = broker_policy_load (root, error, sizeof error);
    assert (policy && broker_policy_size (policy) == 3);
    assert (broker_policy_finder_bp (policy, LX_METRIC_TAX, LX_CHANNEL_OWN, 1, &years, &from) == 5000);
    assert (years == 5 && from == BROKER_FROM_FIRST);
    assert (broker_policy_finder_bp (policy, LX_METRIC_OUTPUT, LX_CHANNEL_LIAISON, 1, &years, &from) == 5000);
    assert (years == 5 && from == BROKER_FROM_STARTED);
    assert (broker_policy_finder_bp (policy, LX_METRIC_FIXED_ASSET, LX_CHANNEL_OWN, 1, &years, &from) == 5000);
    assert (years == 5 && from == BROKER_FROM_STARTED);
    assert (broker_policy_finder_bp (policy, LX_METRIC_CONTRACT, LX_CHANNEL_OWN, 1, &years, NULL) == 3000);
    assert (years == 0);
    broker_policy_destroy (&policy);
    zconfig_destroy (&root);
    zstr_free (&path);
    path = zsys_sprintf ("%s/deploy/policies/fuzhou.cfg", LEADX_SOURCE_DIR);
    root = zconfig_load (path);
    assert (root);
    policy = broker_policy_load (root, error, sizeof error);
    assert (policy && broker_policy_size (policy) == 2);
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        assert (broker_policy_finder_bp (policy, metric, LX_CHANNEL_OWN, 1, &years, NULL)
                == (metric == LX_METRIC_TAX? 7000: 10000) && years == 0);
    broker_policy_destroy (&policy);
    zconfig_destroy (&root);
    zstr_free (&path);

    //  Bad rules are refused with a reason.
    const char *bad [] = {
        "policy\n    rule\n        finder_bp = 10001\n",
        "policy\n    rule\n        finder_bp = 30%\n",
        "policy\n    rule\n        metric = \"profit\"\n",
        "policy\n    rule\n        channel = \"friend\"\n",
        "policy\n    rules\n        finder_bp = 1\n",
        "policy\n    rule\n        from = \"landed\"\n",
    };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        root = zconfig_str_load (bad [index]);
        assert (root);
        error [0] = 0;
        assert (broker_policy_load (root, error, sizeof error) == NULL);
        assert (strncmp (error, "policy", 6) == 0);
        zconfig_destroy (&root);
    }
}
