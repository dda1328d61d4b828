/*  bench_report: how long the annual assessment report of one district
    takes over a large ledger. */

#include "bench_report.h"
#include "broker_store.h"
#include "lx_ledger.h"
#include "lx_report.h"

#include <czmq.h>

//  Leads behind the entries: one in a hundred entries starts a lead.
#define S_ENTRIES_PER_LEAD 100

//  qsort order of doubles.
static int
s_compare (const void *one, const void *two)
{
    double a = *(const double *) one, b = *(const double *) two;
    return a < b? -1: a > b;
}

//  Registers n leads of district d01 and its partners in the store.
static int
s_leads (lx_store_t *db, int64_t count)
{
    const char *types [] = { "manufacturing", "manufacturing", "service", "headquarters" };
    for (int64_t index = 0; index < count; index++) {
        char id [32], finder [8];
        snprintf (id, sizeof id, "d01-%06" PRId64, index);
        snprintf (finder, sizeof finder, "d%02d", index % 3 == 2? (int) (2 + index % 9): 1);
        if (lx_store_exec (db,
                "INSERT INTO lead (id, finder, investor, project, industries, tags, investment, land, tax, output,"
                " type, channel, found, stage, registered) VALUES (?, ?, 'x', 'p', 'C3841', '', ?, 0, 0, 0, ?,"
                " 'own', '2026-01-02', 'signed', 0)", "ttit", id, finder,
                (int64_t) (50000000 + (index % 40) * 30000000), types [index % 4]))
            return -1;
    }
    return 0;
}

int
bench_report (const char *dir, int64_t entries, int runs, double *best, double *median)
{
    char *path = zsys_sprintf ("%s/leadx-bench-report.db", dir);
    lx_store_remove (path);
    char error [256];
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    if (!store) {
        fprintf (stderr, "bench_report: %s\n", error);
        zstr_free (&path);
        return -1;
    }
    lx_store_t *db = broker_store_db (store);
    const char *metrics [] = { "contract", "funds", "funds", "fixed_asset", "output", "tax", "count", "funds" };
    const char *stages [] = { "negotiating", "signed", "registered", "started", "producing" };
    int rc = 0;
    for (int node = 1; node <= 10 && rc == 0; node++) {
        char id [8];
        snprintf (id, sizeof id, "d%02d", node);
        rc = broker_store_node_ensure (store, id, "county");
    }
    int64_t leads = entries / S_ENTRIES_PER_LEAD + 1;
    rc = rc || lx_store_begin (db) || s_leads (db, leads);
    //  Entries over 2025 and 2026: own leads, found by d01 and landed
    //  elsewhere, found elsewhere and landed by d01; a few not counted.
    for (int64_t index = 0; index < entries && rc == 0; index++) {
        int64_t lead = index % leads;
        char date [11];
        snprintf (date, sizeof date, "%d-%02d-%02d", index % 5? 2026: 2025, (int) (index % 12) + 1,
                  (int) (index % 28) + 1);
        lx_ledger_entry_t entry = { .progress = index + 1, .amount = 1000000 + index % 9973 * 1001,
                                    .finder_bp = 3000, .counted = index % 50? 1: 0 };
        if (streq (metrics [index % 8], "count"))
            entry.amount = 10000;       //  one project
        snprintf (entry.lead, sizeof entry.lead, "d01-%06" PRId64, lead);
        snprintf (entry.stage, sizeof entry.stage, "%s", stages [index % 5]);
        snprintf (entry.date, sizeof entry.date, "%s", date);
        snprintf (entry.metric, sizeof entry.metric, "%s", metrics [index % 8]);
        const char *other = index % 3 == 0? "d01": "d07";
        snprintf (entry.finder, sizeof entry.finder, "%s", index % 3 == 2? other: "d01");
        snprintf (entry.lander, sizeof entry.lander, "%s", index % 3 == 1? "d04": "d01");
        if (streq (entry.finder, entry.lander))
            entry.finder_bp = 0;
        entry.finder_share = (int64_t) ((__int128) entry.amount * entry.finder_bp / 10000);
        entry.lander_share = entry.amount - entry.finder_share;
        rc = lx_store_exec (db, "INSERT INTO progress (id, lead, reporter, stage, date, metric, amount, finder,"
                            " lander, finder_bp, finder_share, lander_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            " ?, ?)", "itttttittiii", entry.progress, entry.lead, entry.lander, entry.stage,
                            entry.date, entry.metric, entry.amount, entry.finder, entry.lander, entry.finder_bp,
                            entry.finder_share, entry.lander_share)
          || lx_ledger_append (db, "d01", &entry, NULL, NULL);
    }
    rc = rc || lx_store_commit (db);
    double times [64];
    if (runs > 64)
        runs = 64;
    lx_report_figures_t figures;
    for (int run = 0; run < runs && rc == 0; run++) {
        int64_t start = zclock_usecs ();
        rc = lx_report_figures (db, "d01", "2026-01-01", "2027-01-01", &figures);
        times [run] = (zclock_usecs () - start) / 1000.0;
    }
    if (rc)
        fprintf (stderr, "bench_report: store: %s\n", lx_store_error (db));
    else {
        qsort (times, (size_t) runs, sizeof times [0], s_compare);
        *best = times [0];
        *median = times [runs / 2];
        printf ("report of d01 for 2026: contract %" PRId64 ", funds %" PRId64 ", projects %" PRId64
                "/10000, signing rate %" PRId64 " bp\n", lx_report_total (&figures, LX_METRIC_CONTRACT),
                lx_report_total (&figures, LX_METRIC_FUNDS), lx_report_total (&figures, LX_METRIC_COUNT_PROJECTS),
                lx_report_rate_bp (&figures, LX_RATE_SIGNING));
    }
    broker_store_destroy (&store);
    if (!getenv ("LEADX_BENCH_KEEP"))
        lx_store_remove (path);
    zstr_free (&path);
    return rc? -1: 0;
}
