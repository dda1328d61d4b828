/*  bench_report: how long the annual assessment report of one district
    takes over a large ledger.

    Builds a broker store holding entries ledger entries in one district's
    chain (appended with lx_ledger_append, as the broker does), the
    progress reports behind them and the leads they name, then times
    lx_report_figures for that district over a year, several times.
*/
#ifndef BENCH_REPORT_H_INCLUDED
#define BENCH_REPORT_H_INCLUDED

#include <stdint.h>

//  Runs the report benchmark with a store in dir: entries ledger entries,
//  runs timed reports. Fills best and median (ms). Returns 0, or -1 with
//  a reason on stderr.
int bench_report (const char *dir, int64_t entries, int runs, double *best, double *median);

#endif
