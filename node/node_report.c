/*  node_report: what a district's staff read from their node's store. */

#include "node_report.h"
#include "node_store.h"
#include "lx_clock.h"
#include "lx_ledger.h"
#include "lx_report.h"
#include "lx_table.h"
#include "lx_text.h"

#include <czmq.h>
#include <inttypes.h>

int
node_report_credit (lx_store_t *db, const char *node, const char *from, const char *to,
                    int64_t backed, bool entries, bool json, FILE *out)
{
    assert (db && node && from && to && out);
    if (entries) {
        //  Every entry with a number, as the broker split it.
        static const char *names [] = { "date", "lead", "stage", "metric", "amount", "finder", "finder_share",
                                        "lander", "lander_share", "check" };
        return lx_table_print (db, lx_store_query (db,
            "SELECT date, lead, stage, metric, amount, finder, finder_share, lander, lander_share,"
            " CASE WHEN seq > ?4 THEN 'NOT BACKED by the broker''s signature'"
            "      WHEN finder_share + lander_share != amount THEN 'MISMATCH'"
            "      WHEN counted THEN 'exact' ELSE 'exact, not counted (outside its window)' END"
            " FROM ledger WHERE node = ?1 AND date >= ?2 AND date < ?3 ORDER BY seq", "ttti", node, from, to,
            backed), names, 10, json, out);
    }
    sqlite3_stmt *stmt = lx_store_query (db,
        "SELECT metric,"
        " lx_sum (CASE WHEN finder = lander THEN amount ELSE 0 END),"
        " lx_sum (CASE WHEN finder = ?1 AND lander != ?1 THEN finder_share ELSE 0 END),"
        " lx_sum (CASE WHEN lander = ?1 AND finder != ?1 THEN lander_share ELSE 0 END),"
        " lx_sum (CASE WHEN finder = ?1 AND lander != ?1 THEN lander_share"
        "           WHEN lander = ?1 AND finder != ?1 THEN finder_share ELSE 0 END),"
        " lx_sum (amount), count(*), sum (finder_share + lander_share = amount), sum (seq > ?4)"
        " FROM ledger WHERE node = ?1 AND counted = 1 AND date >= ?2 AND date < ?3 GROUP BY metric ORDER BY metric",
        "ttti", node, from, to, backed);
    if (!stmt)
        return -1;
    if (json)
        fprintf (out, "[");
    else
        fprintf (out, "Credit of %s, %s .. %s (yuan; count in 1/10000 project)\n"
                      "%-12s %16s %16s %16s %16s %16s  %s\n", node, from, to, "METRIC", "OWN",
                 "AS FINDER", "AS LANDER", "PARTNER SHARE", "REPORTED", "CHECK");
    int rows = 0;
    int step;
    while ((step = lx_store_step (db, stmt)) == 1) {
        const char *metric = (const char *) sqlite3_column_text (stmt, 0);
        int64_t own = sqlite3_column_int64 (stmt, 1), finder = sqlite3_column_int64 (stmt, 2);
        int64_t lander = sqlite3_column_int64 (stmt, 3), partner = sqlite3_column_int64 (stmt, 4);
        int64_t whole = sqlite3_column_int64 (stmt, 5);
        bool exact = sqlite3_column_int64 (stmt, 6) == sqlite3_column_int64 (stmt, 7)
                  && own + finder + lander + partner == whole;
        bool signed_off = sqlite3_column_int64 (stmt, 8) == 0;
        if (json)
            fprintf (out, "%s{\"metric\":\"%s\",\"own\":%" PRId64 ",\"as_finder\":%" PRId64 ",\"as_lander\":%"
                     PRId64 ",\"partner_share\":%" PRId64 ",\"reported\":%" PRId64 ",\"exact\":%s,\"backed\":%s}",
                     rows? ",": "", metric, own, finder, lander, partner, whole, exact? "true": "false",
                     signed_off? "true": "false");
        else
            fprintf (out, "%-12s %16" PRId64 " %16" PRId64 " %16" PRId64 " %16" PRId64 " %16" PRId64 "  %s%s\n",
                     metric, own, finder, lander, partner, whole, exact? "shares sum exactly": "MISMATCH",
                     signed_off? "": ", NOT BACKED by the broker's signature");
        rows++;
    }
    if (json)
        fprintf (out, "]\n");
    else
    if (rows == 0)
        fprintf (out, "(no credit in this period)\n");
    return step == 0? 0: -1;
}

int
node_report_assessment (lx_store_t *db, const char *node, const char *period, const char *format_name,
                        const char *output, bool force, int64_t target_bp, const char *mark, char *error,
                        size_t error_size)
{
    assert (db && node && error);
    char month [11], from [11], to [11];
    lx_clock_date (zclock_time (), month);
    month [7] = 0;
    if (!period)
        period = month;
    int format = lx_report_format_parse (format_name? format_name: "table");
    if (format < 0)
        return snprintf (error, error_size, "--format is table, csv, json or xlsx"), -1;
    if (lx_report_period (period, from, to))
        return snprintf (error, error_size, "bad --period %s: use 2026-11, 2026-Q4 or 2026", period), -1;
    lx_report_figures_t figures;
    if (lx_report_figures (db, node, from, to, &figures))
        return snprintf (error, error_size, "store: %s", lx_store_error (db)), -1;
    char *title = zsys_sprintf ("%s %s%s%s", node, period, mark? " ": "", mark? mark: "");
    lx_sheet_t *sheets [LX_REPORT_SHEETS];
    const char *names [LX_REPORT_SHEETS] = { "credit", "projects", "rates" };
    int rc = title? lx_report_sheets (&figures, title, target_bp, sheets): -1;
    zstr_free (&title);
    if (rc)
        return snprintf (error, error_size, "out of memory"), -1;
    rc = lx_report_output (sheets, names, LX_REPORT_SHEETS, format, output, force, error, error_size);
    for (int index = 0; index < LX_REPORT_SHEETS; index++)
        lx_sheet_destroy (&sheets [index]);
    return rc;
}

void
node_report_test (bool verbose)
{
    (void) verbose;
    //  A node's store with two entries in its chain: one counted, one not.
    char dir [] = "/tmp/node_report_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = node_store_db (store);
    lx_ledger_entry_t entry = { .progress = 1, .lead = "kecheng-000001", .stage = "signed",
                                .date = "2026-11-03", .metric = "contract", .amount = 2000000000,
                                .finder = "kecheng", .lander = "longyou", .finder_bp = 3000,
                                .finder_share = 600000000, .lander_share = 1400000000, .counted = 1 };
    assert (lx_ledger_append (db, "kecheng", &entry, NULL, NULL) == 0);
    lx_ledger_entry_t late = { .progress = 2, .lead = "kecheng-000001", .stage = "producing",
                               .date = "2026-11-20", .metric = "tax", .amount = 1000,
                               .finder = "kecheng", .lander = "longyou", .finder_bp = 5000,
                               .finder_share = 500, .lander_share = 500, .counted = 0 };
    assert (lx_ledger_append (db, "kecheng", &late, NULL, NULL) == 0);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out);
    assert (node_report_credit (db, "kecheng", "2026-11-01", "2026-12-01", 2, false, true, out) == 0);
    assert (node_report_credit (db, "kecheng", "2026-11-01", "2026-12-01", 2, true, false, out) == 0);
    assert (node_report_credit (db, "kecheng", "2026-12-01", "2027-01-01", 2, false, false, out) == 0);
    fclose (out);
    //  The counted entry is credit; the other is listed, marked, and not summed.
    assert (strstr (text, "[{\"metric\":\"contract\",\"own\":0,\"as_finder\":600000000,\"as_lander\":0,"
                          "\"partner_share\":1400000000,\"reported\":2000000000,\"exact\":true,\"backed\":true}]"));
    assert (!strstr (text, "\"metric\":\"tax\""));
    assert (strstr (text, "exact, not counted (outside its window)"));
    assert (strstr (text, "(no credit in this period)"));
    assert (!strstr (text, "NOT BACKED"));
    zstr_free (&text);
    //  Not backed by the broker's signature (none of the entries): each
    //  figure and each entry says so.
    out = open_memstream (&text, &size);
    assert (out);
    assert (node_report_credit (db, "kecheng", "2026-11-01", "2026-12-01", 0, false, false, out) == 0);
    assert (node_report_credit (db, "kecheng", "2026-11-01", "2026-12-01", 0, false, true, out) == 0);
    assert (node_report_credit (db, "kecheng", "2026-11-01", "2026-12-01", 1, true, false, out) == 0);
    fclose (out);
    assert (strstr (text, "shares sum exactly, NOT BACKED by the broker's signature"));
    assert (strstr (text, "\"exact\":true,\"backed\":false}"));
    assert (strstr (text, "NOT BACKED by the broker's signature") && !strstr (text, "exact, not counted"));
    zstr_free (&text);
    node_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    assert (rmdir (dir) == 0);
}
