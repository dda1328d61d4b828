/*  node_report: what a district's staff read from their node's store. */

#include "node_report.h"
#include "lx_table.h"
#include "lx_text.h"

#include <czmq.h>
#include <inttypes.h>

int
node_report_period (const char *period, char from [11], char to [11])
{
    int year = 0, part = 0;
#pragma GCC diagnostic push
#if !defined (__clang__)            //  clang has no such warning, and says so
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
    char tail = 0;
    if (!period)
        return -1;
    if (strlen (period) == 4 && sscanf (period, "%4d%c", &year, &tail) == 1) {
        snprintf (from, 11, "%04d-01-01", year);
        snprintf (to, 11, "%04d-01-01", year + 1);
    }
    else
    if (strlen (period) == 7 && sscanf (period, "%4d-Q%1d%c", &year, &part, &tail) == 2 && part >= 1 && part <= 4) {
        snprintf (from, 11, "%04d-%02d-01", year, part * 3 - 2);
        snprintf (to, 11, part == 4? "%04d-01-01": "%04d-%02d-01", part == 4? year + 1: year, part * 3 + 1);
    }
    else
    if (strlen (period) == 7 && sscanf (period, "%4d-%2d%c", &year, &part, &tail) == 2 && part >= 1 && part <= 12) {
        snprintf (from, 11, "%04d-%02d-01", year, part);
        snprintf (to, 11, part == 12? "%04d-01-01": "%04d-%02d-01", part == 12? year + 1: year, part + 1);
    }
    else
        return -1;
#pragma GCC diagnostic pop
    return year >= 2000 && year <= 2099? 0: -1;
}

int
node_report_credit (lx_store_t *db, const char *node, const char *from, const char *to,
                    bool entries, bool json, FILE *out)
{
    assert (db && node && from && to && out);
    if (entries) {
        //  Every entry with a number, as the broker split it.
        static const char *names [] = { "date", "lead", "stage", "metric", "amount", "finder", "finder_share",
                                        "lander", "lander_share", "check" };
        return lx_table_print (db, lx_store_query (db,
            "SELECT date, lead, stage, metric, amount, finder, finder_share, lander, lander_share,"
            " CASE WHEN finder_share + lander_share != amount THEN 'MISMATCH'"
            "      WHEN counted THEN 'exact' ELSE 'exact, not counted (outside its window)' END"
            " FROM ledger WHERE node = ?1 AND date >= ?2 AND date < ?3 ORDER BY seq", "ttt", node, from, to),
            names, 10, json, out);
    }
    sqlite3_stmt *stmt = lx_store_query (db,
        "SELECT metric,"
        " sum (CASE WHEN finder = lander THEN amount ELSE 0 END),"
        " sum (CASE WHEN finder = ?1 AND lander != ?1 THEN finder_share ELSE 0 END),"
        " sum (CASE WHEN lander = ?1 AND finder != ?1 THEN lander_share ELSE 0 END),"
        " sum (CASE WHEN finder = ?1 AND lander != ?1 THEN lander_share"
        "           WHEN lander = ?1 AND finder != ?1 THEN finder_share ELSE 0 END),"
        " sum (amount), count(*), sum (finder_share + lander_share = amount)"
        " FROM ledger WHERE node = ?1 AND counted = 1 AND date >= ?2 AND date < ?3 GROUP BY metric ORDER BY metric",
        "ttt", node, from, to);
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
        if (json)
            fprintf (out, "%s{\"metric\":\"%s\",\"own\":%" PRId64 ",\"as_finder\":%" PRId64 ",\"as_lander\":%"
                     PRId64 ",\"partner_share\":%" PRId64 ",\"reported\":%" PRId64 ",\"exact\":%s}",
                     rows? ",": "", metric, own, finder, lander, partner, whole, exact? "true": "false");
        else
            fprintf (out, "%-12s %16" PRId64 " %16" PRId64 " %16" PRId64 " %16" PRId64 " %16" PRId64 "  %s\n",
                     metric, own, finder, lander, partner, whole, exact? "shares sum exactly": "MISMATCH");
        rows++;
    }
    if (json)
        fprintf (out, "]\n");
    else
    if (rows == 0)
        fprintf (out, "(no credit in this period)\n");
    return step == 0? 0: -1;
}

void
node_report_test (bool verbose)
{
    (void) verbose;
    char from [11], to [11];
    assert (node_report_period ("2026-11", from, to) == 0 && streq (from, "2026-11-01") && streq (to, "2026-12-01"));
    assert (node_report_period ("2026-12", from, to) == 0 && streq (to, "2027-01-01"));
    assert (node_report_period ("2026-Q4", from, to) == 0 && streq (from, "2026-10-01") && streq (to, "2027-01-01"));
    assert (node_report_period ("2026-Q1", from, to) == 0 && streq (from, "2026-01-01") && streq (to, "2026-04-01"));
    assert (node_report_period ("2026", from, to) == 0 && streq (from, "2026-01-01") && streq (to, "2027-01-01"));
    assert (node_report_period ("2026-13", from, to) == -1);
    assert (node_report_period ("2026-Q5", from, to) == -1);
    assert (node_report_period ("26-11", from, to) == -1);
    assert (node_report_period ("2026-11x", from, to) == -1);
    assert (node_report_period ("1999", from, to) == -1);
    assert (node_report_period (NULL, from, to) == -1);
}
