/*  lx_report: a district's assessment figures for a period, from the record.

    Computed the same way from the broker's store and from the district's
    own node store, which hold the same ledger chain, the same progress
    reports and the leads they name (tables ledger, progress, lead with the
    same columns on both sides), so both print the same report.

    For district D and a period [from, to) (a month, a quarter, a year):
    - Credit per metric, from the entries of D's chain that count (inside
      their rule's window) dated in the period: own work (D found and
      landed the lead), transferred out (D found it, another district
      landed it: D's finder share) and transferred in (D landed a lead
      another found: D's lander share).
    - Projects, the same way from the count entries (a project is 10000,
      shared like money: 0.3 of a project is 3000), in all and for projects
      whose planned investment is at least 100 M, 500 M and 1 bn yuan.
    - The manufacturing share of funds in place: D's credited funds from
      manufacturing leads over all D's credited funds in the period, in
      basis points, against D's target.
    - The rates the city ranks on, over the leads D lands (its own and
      those transferred to it), counting every report up to the period's
      end (the state at the end of the period):
        signing rate          leads signed / leads negotiated
        start rate            leads whose construction started / leads signed
        landing rate          leads registered locally (注册) or further / leads signed
        funds-in-place rate   funds in place / contract investment (whole amounts)
      where "signed" means a report at signed or any later stage, and so on.
      A rate whose denominator is zero has no value.
    Everything is exact integer arithmetic; rates and shares are basis
    points rounded down.
*/
#ifndef LX_REPORT_H_INCLUDED
#define LX_REPORT_H_INCLUDED

#include "lx_domain.h"
#include "lx_sheet.h"
#include "lx_store.h"

#include <stdbool.h>
#include <stdint.h>

//  Investment tiers of the project counts: all, >= 100 M, >= 500 M, >= 1 bn.
#define LX_REPORT_TIERS 4
extern const int64_t lx_report_tier_floor [LX_REPORT_TIERS];

//  Where a district's credit comes from.
typedef enum {
    LX_REPORT_OWN = 0,          //  found and landed by the district
    LX_REPORT_OUT,              //  found by it, landed elsewhere: its finder share
    LX_REPORT_IN,               //  found elsewhere, landed by it: its lander share
    LX_REPORT_SOURCES
} lx_report_source_t;

//  The rates, in the order above.
typedef enum {
    LX_RATE_SIGNING = 0, LX_RATE_START, LX_RATE_LANDING, LX_RATE_FUNDS, LX_RATE_COUNT
} lx_rate_t;

//  One district's figures for one period.
typedef struct {
    int64_t credit [LX_METRIC_COUNT][LX_REPORT_SOURCES];     //  counted credit, by metric and source
    int64_t projects [LX_REPORT_TIERS][LX_REPORT_SOURCES];   //  project shares (10000 a project), by tier
    int64_t funds_manufacturing;    //  credited funds from manufacturing leads
    int64_t funds;                  //  all credited funds (own + out + in)
    int64_t rate_numerator [LX_RATE_COUNT];      //  e.g. leads signed
    int64_t rate_denominator [LX_RATE_COUNT];    //  e.g. leads negotiated
    bool saturated;                 //  a sum reached INT64_MAX and is held there: "this much or more"
} lx_report_figures_t;

//  The note a report carries when a figure reached INT64_MAX, the most a
//  report holds, and is shown at that bound ("this much or more").
#define LX_REPORT_SATURATED_NOTE "有合计达到报表所能容纳的上限 9,223,372,036,854,775,807，按此上限显示（实际不少于此）。"

//  Computes district's figures for dates from <= date < to (YYYY-MM-DD)
//  from db, a broker or node store. Returns 0, or -1 on a store error.
int lx_report_figures (lx_store_t *db, const char *district, const char *from, const char *to,
                       lx_report_figures_t *figures);

//  Turns a period ("2026-11", "2026-Q4", "2026") into the first date of
//  the period and the first date after it ("2026-11-01", "2026-12-01").
//  Returns 0, or -1 when period is not one of those forms (or its year is
//  outside 2000 .. 2099).
int lx_report_period (const char *period, char from [11], char to [11]);

//  The sum of a metric's credit over the sources.
int64_t lx_report_total (const lx_report_figures_t *figures, int metric);

//  The manufacturing share of funds in basis points, or -1 with no funds.
int64_t lx_report_manufacturing_bp (const lx_report_figures_t *figures);

//  A rate in basis points (rounded down), or -1 when it has no value.
int64_t lx_report_rate_bp (const lx_report_figures_t *figures, int rate);

//  Name of a rate ("signing", "start", "landing", "funds") and its Chinese
//  label (签约率 ...); static strings, NULL when out of range.
const char *lx_report_rate_name (int rate);
const char *lx_report_rate_label (int rate);

//  The sheets of a district's report, in order: credit per metric, project
//  counts by tier, and the shares and rates (the manufacturing share with
//  target_bp, the district's target). title names the district and the
//  period (e.g. "柯城区 kecheng 2026-11"). Fills sheets [0..2] (the
//  caller destroys them). Returns 0, or -1 if out of memory (none made).
#define LX_REPORT_SHEETS 3
int lx_report_sheets (const lx_report_figures_t *figures, const char *title, int64_t target_bp,
                      lx_sheet_t *sheets [LX_REPORT_SHEETS]);

//  Output formats of a report.
typedef enum {
    LX_REPORT_TABLE = 0, LX_REPORT_CSV, LX_REPORT_JSON, LX_REPORT_XLSX
} lx_report_format_t;

//  The format named "table", "csv", "json" or "xlsx", or -1.
int lx_report_format_parse (const char *name);

//  Prints count sheets in format to the file at path, or to standard
//  output when path is NULL (table: one after another; CSV: separated by
//  an empty record; JSON: an array of the sheets' objects), or for XLSX
//  writes one workbook at path, which it needs (names: each worksheet's
//  name). A file is written beside path and renamed onto it whole
//  (lx_outfile); one already at path is replaced only with force, and is
//  otherwise refused before anything is written. Returns 0, or -1 with a
//  one-line reason in error.
int lx_report_output (lx_sheet_t **sheets, const char **names, size_t count, int format, const char *path,
                      bool force, char *error, size_t error_size);

//  Self test.
void lx_report_test (bool verbose);

#endif
