/*  broker_bounds: what a progress report may plausibly claim. */

#include "broker_bounds.h"
#include "lx_cfg.h"
#include "lx_lead.h"

//  Greatest bound in basis points of the planned investment (100 ×): keeps
//  the bound's product inside int64 for any planned investment.
#define S_BP_MAX 1000000

struct _broker_bounds_t {
    int64_t bp [LX_METRIC_COUNT];   //  per metric, basis points of the planned investment
    int64_t max_amount;             //  no single report above this, yuan
};

//  Each bounded metric's key and default.
static const struct {
    int metric;                 //  lx_metric_t
    const char *key;            //  bounds/KEY
    int64_t bp;                 //  default
} s_keys [] = {
    { LX_METRIC_CONTRACT, "bounds/contract_bp", 30000 },
    { LX_METRIC_FUNDS, "bounds/funds_bp", 30000 },
    { LX_METRIC_FIXED_ASSET, "bounds/fixed_asset_bp", 30000 },
    { LX_METRIC_OUTPUT, "bounds/output_bp", 100000 },
    { LX_METRIC_TAX, "bounds/tax_bp", 20000 },
};

broker_bounds_t *
broker_bounds_load (zconfig_t *root, char *error, size_t error_size)
{
    broker_bounds_t *self = (broker_bounds_t *) zmalloc (sizeof (broker_bounds_t));
    if (!self)
        return NULL;
    for (size_t index = 0; index < sizeof s_keys / sizeof s_keys [0]; index++)
        if (lx_cfg_int (root, s_keys [index].key, s_keys [index].bp, 0, S_BP_MAX,
                        &self->bp [s_keys [index].metric], error, error_size)) {
            free (self);
            return NULL;
        }
    if (lx_cfg_int (root, "bounds/max_amount", INT64_C (100000000000), 1, LX_MONEY_MAX, &self->max_amount,
                    error, error_size)) {
        free (self);
        return NULL;
    }
    return self;
}

void
broker_bounds_destroy (broker_bounds_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

bool
broker_bounds_cumulative (int metric)
{
    return metric == LX_METRIC_CONTRACT || metric == LX_METRIC_FUNDS || metric == LX_METRIC_FIXED_ASSET;
}

int
broker_bounds_check (broker_bounds_t *self, int metric, int64_t investment, int64_t before, int64_t amount,
                     char *why, size_t why_size)
{
    assert (self && why && metric >= 0 && metric < LX_METRIC_COUNT);
    why [0] = '\0';
    if (metric == LX_METRIC_COUNT_PROJECTS)
        return 0;               //  counted by the broker, never reported
    if (amount > self->max_amount) {
        snprintf (why, why_size, "%s %" PRId64 " yuan in one report is above the city's limit of %" PRId64
                  " yuan", lx_metric_name (metric), amount, self->max_amount);
        return 1;
    }
    //  investment × bp / 10000, exact: investment ≤ 10^15 and bp ≤ 10^6.
    int64_t bp = self->bp [metric];
    int64_t bound = (investment / 10000) * bp + (investment % 10000) * bp / 10000;
    bool cumulative = broker_bounds_cumulative (metric);
    int64_t total = amount;
    if (cumulative && __builtin_add_overflow (before, amount, &total))
        total = INT64_MAX;
    if (total <= bound)
        return 0;
    if (cumulative)
        snprintf (why, why_size, "%s would total %" PRId64 " yuan, above %" PRId64 ".%02" PRId64 " times the"
                  " planned investment of %" PRId64 " yuan (%" PRId64 " yuan)", lx_metric_name (metric), total,
                  bp / 10000, bp % 10000 / 100, investment, bound);
    else
        snprintf (why, why_size, "%s of %" PRId64 " yuan in one report is above %" PRId64 ".%02" PRId64 " times"
                  " the planned investment of %" PRId64 " yuan (%" PRId64 " yuan)", lx_metric_name (metric), amount,
                  bp / 10000, bp % 10000 / 100, investment, bound);
    return 1;
}

void
broker_bounds_test (bool verbose)
{
    (void) verbose;
    char error [256];
    zconfig_t *root = zconfig_new ("root", NULL);
    broker_bounds_t *bounds = broker_bounds_load (root, error, sizeof error);
    assert (bounds);
    char why [300];
    //  A lead planning 1,000,000 yuan: funds up to 3,000,000 in all.
    assert (broker_bounds_check (bounds, LX_METRIC_FUNDS, 1000000, 0, 3000000, why, sizeof why) == 0);
    assert (broker_bounds_check (bounds, LX_METRIC_FUNDS, 1000000, 2000000, 1000001, why, sizeof why) == 1);
    assert (strstr (why, "funds would total 3000001 yuan, above 3.00 times the planned investment of 1000000"));
    assert (broker_bounds_check (bounds, LX_METRIC_FUNDS, 1000000, 0, INT64_C (1000000000000000), why, sizeof why) == 1);
    //  An earlier total near the top cannot wrap around.
    assert (broker_bounds_check (bounds, LX_METRIC_CONTRACT, LX_MONEY_MAX, INT64_MAX - 5, 10, why, sizeof why) == 1);
    //  Tax is bounded report by report: two reports of 2 × each pass.
    assert (broker_bounds_check (bounds, LX_METRIC_TAX, 1000000, 2000000, 2000000, why, sizeof why) == 0);
    assert (broker_bounds_check (bounds, LX_METRIC_TAX, 1000000, 0, 2000001, why, sizeof why) == 1);
    //  The absolute bound, whatever the lead.
    assert (broker_bounds_check (bounds, LX_METRIC_OUTPUT, LX_MONEY_MAX, 0, INT64_C (100000000001), why, sizeof why) == 1);
    assert (strstr (why, "above the city's limit"));
    //  The largest planned investment at the largest bound: no overflow.
    broker_bounds_destroy (&bounds);
    zconfig_put (root, "bounds/output_bp", "1000000");
    bounds = broker_bounds_load (root, error, sizeof error);
    assert (bounds);
    assert (broker_bounds_check (bounds, LX_METRIC_OUTPUT, LX_MONEY_MAX, 0, INT64_C (100000000000), why, sizeof why) == 0);
    broker_bounds_destroy (&bounds);
    broker_bounds_destroy (&bounds);
    zconfig_put (root, "bounds/tax_bp", "1000001");
    assert (!broker_bounds_load (root, error, sizeof error) && strstr (error, "tax_bp"));
    zconfig_destroy (&root);
}
