/*  broker_bounds: what a progress report may plausibly claim.

    Credit decides officials' evaluations, so a district has a motive to
    report more than happened: 10^15 yuan of funds on a lead planning a
    million. Each metric's amounts are bounded relative to the lead's
    planned investment, in basis points of it, and absolutely. For the
    metrics that accumulate over a project's life (contract, funds in place,
    fixed-asset investment) the bound applies to the lead's total, this
    report included; for the annual ones (output, tax) to each report. A
    report outside its bounds is not credited: the broker holds it for the
    center, which confirms or rejects it with a reason on the record.

        bounds
            contract_bp = 30000         #   3 × the planned investment
            funds_bp = 30000
            fixed_asset_bp = 30000
            output_bp = 100000          #   one report: 10 × the planned investment
            tax_bp = 20000
            max_amount = 100000000000   #   no report above this, yuan

    Every product is computed in exact integer arithmetic without overflow.
*/
#ifndef BROKER_BOUNDS_H_INCLUDED
#define BROKER_BOUNDS_H_INCLUDED

#include "lx_domain.h"

#include <czmq.h>

typedef struct _broker_bounds_t broker_bounds_t;

//  Loads the bounds under bounds/ in the broker configuration, each key
//  with its default (above). Returns the bounds, or NULL with a reason in
//  error naming the key at fault.
broker_bounds_t *broker_bounds_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the bounds and nulls *self_p; safe on NULL and twice.
void broker_bounds_destroy (broker_bounds_t **self_p);

//  True when metric's total is the lead's whole life (contract, funds,
//  fixed_asset), so that the bound applies to the lead's total.
bool broker_bounds_cumulative (int metric);

//  Checks a report of amount for metric on a lead planning investment,
//  whose earlier reports of metric total before (used for the cumulative
//  metrics). Returns 0 when plausible; 1 when not, with why (a sentence
//  naming the bound and the figures) in why; never fails.
int broker_bounds_check (broker_bounds_t *self, int metric, int64_t investment, int64_t before,
                         int64_t amount, char *why, size_t why_size);

//  Self test.
void broker_bounds_test (bool verbose);

#endif
