/*  broker_report: the coordination center's assessment reports.

    A district's report for a period (lx_report's figures and sheets, with
    the district's name and manufacturing target from its profile), and
    the city's ranking for a period (通报): every district but the center,
    one row each with its credit, projects, manufacturing share and rates,
    ranked by funds in place credited (到位资金), then by contract
    investment, then by district id. Read from the broker's store; the
    same figures a district's node computes from its own store.
*/
#ifndef BROKER_REPORT_H_INCLUDED
#define BROKER_REPORT_H_INCLUDED

#include "broker_match.h"
#include "lx_report.h"
#include "lx_sheet.h"
#include "lx_store.h"

//  The sheets of district's report for period ("2026-11", "2026-Q4",
//  "2026") into sheets (the caller destroys them). Returns 0, or -1 with
//  a reason in error: an unknown district or period, a store error.
int broker_report_district (lx_store_t *db, broker_match_t *match, const char *district, const char *period,
                            lx_sheet_t *sheets [LX_REPORT_SHEETS], char *error, size_t error_size);

//  The city's ranking for period as a new sheet (the caller destroys it),
//  or NULL with a reason in error: the published one, exactly as it was
//  published, when the period's ranking is published; else computed now.
lx_sheet_t *broker_report_ranking (lx_store_t *db, broker_match_t *match, const char *period,
                                   char *error, size_t error_size);

//  The ranking for period computed from the record now, whether published
//  or not, as broker_report_ranking.
lx_sheet_t *broker_report_ranking_now (lx_store_t *db, broker_match_t *match, const char *period,
                                       char *error, size_t error_size);

//  Publishes period's ranking (通报) at when (ms since epoch), for reason
//  (kept on the record): its sheet is kept exactly (lx_sheet_save) and
//  printed the same forever, and every month of the period closes: a
//  report dated in it is refused from now on (CLOSED), a correction goes
//  in the open period. Returns 0, or -1 with a reason in error (a bad or
//  published period, an empty reason, a store error).
int broker_report_publish (lx_store_t *db, broker_match_t *match, const char *period, const char *reason,
                           int64_t when, char *error, size_t error_size);

//  Self test.
void broker_report_test (bool verbose);

#endif
