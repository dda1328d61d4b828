/*  node_report: what a district's staff read from their node's store.

    The credit report per metric (listings go through lx_table, periods
    through lx_report_period). Read-only: nothing here writes the store. Output
    goes to the FILE the caller gives.
*/
#ifndef NODE_REPORT_H_INCLUDED
#define NODE_REPORT_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Prints node's credit from its ledger entries dated from <= date < to:
//  per metric, of the entries that count (inside their window), its own
//  work, its shares as finder and as lander, the partner's share and the
//  reported whole, checked to add up exactly; with entries, each entry
//  with both shares instead, those not counted marked. Entries after
//  backed (the last entry the broker's signature backs, lx_ledger_audit)
//  are marked NOT BACKED, as is every figure summing one of them (JSON:
//  "backed": false). Table or JSON. Returns 0, or -1 when the store fails
//  (lx_store_error says why).
int node_report_credit (lx_store_t *db, const char *node, const char *from, const char *to,
                        int64_t backed, bool entries, bool json, FILE *out);

//  Prints (or for xlsx writes at output) node's assessment report for
//  period (NULL: this month) in format_name (table, csv, json, xlsx; NULL:
//  table), computed from db as the broker computes it (lx_report), with
//  target_bp its manufacturing target; output NULL is standard output. A
//  file at output is replaced only with force (lx_report_output). mark
//  (NULL: none) follows the district and the period in every sheet's
//  title: what staff must know before trusting the figures (a ledger not
//  backed by the broker's signature). Returns 0, or -1 with a reason in
//  error.
int node_report_assessment (lx_store_t *db, const char *node, const char *period, const char *format_name,
                            const char *output, bool force, int64_t target_bp, const char *mark, char *error,
                            size_t error_size);

//  Self test.
void node_report_test (bool verbose);

#endif
