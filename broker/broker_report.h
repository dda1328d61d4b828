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
//  or NULL with a reason in error.
lx_sheet_t *broker_report_ranking (lx_store_t *db, broker_match_t *match, const char *period,
                                   char *error, size_t error_size);

//  Self test.
void broker_report_test (bool verbose);

#endif
