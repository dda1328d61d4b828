/*  node_report: what a district's staff read from their node's store.

    The credit report per metric, and the periods it is read by (listings
    go through lx_table). Read-only: nothing here writes the store. Output
    goes to the FILE the caller gives.
*/
#ifndef NODE_REPORT_H_INCLUDED
#define NODE_REPORT_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Turns a period ("2026-11", "2026-Q4", "2026") into the first date of
//  the period and the first date after it ("2026-11-01", "2026-12-01").
//  Returns 0, or -1 when period is not one of those forms (or its year is
//  outside 2000 .. 2099).
int node_report_period (const char *period, char from [11], char to [11]);

//  Prints node's credit from its ledger entries dated from <= date < to:
//  per metric, of the entries that count (inside their window), its own
//  work, its shares as finder and as lander, the partner's share and the
//  reported whole, checked to add up exactly; with entries, each entry
//  with both shares instead, those not counted marked. Table or JSON. Returns 0,
//  or -1 when the store fails (lx_store_error says why).
int node_report_credit (lx_store_t *db, const char *node, const char *from, const char *to,
                        bool entries, bool json, FILE *out);

//  Self test.
void node_report_test (bool verbose);

#endif
