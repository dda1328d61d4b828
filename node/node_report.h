/*  node_report: what a district's staff read from their node's store.

    Listings (leads, offers, approvals) as a table aligned by display width
    or as JSON, and the credit report per metric. Read-only: nothing here
    writes the store. Output goes to the FILE the caller gives.
*/
#ifndef NODE_REPORT_H_INCLUDED
#define NODE_REPORT_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Most columns a listing prints.
#define NODE_REPORT_COLUMNS 10

//  Prints the rows of stmt (from lx_store_query on db) under the column
//  names (columns of them, at most NODE_REPORT_COLUMNS): a table whose
//  columns are aligned by display width (a Chinese character takes two),
//  empty cells shown as "-", or with json a JSON array of objects. Returns
//  0, or -1 when stmt is NULL (its query failed: lx_store_error says why).
int node_report_listing (lx_store_t *db, sqlite3_stmt *stmt, const char **names, int columns,
                         bool json, FILE *out);

//  Turns a period ("2026-11", "2026-Q4", "2026") into the first date of
//  the period and the first date after it ("2026-11-01", "2026-12-01").
//  Returns 0, or -1 when period is not one of those forms (or its year is
//  outside 2000 .. 2099).
int node_report_period (const char *period, char from [11], char to [11]);

//  Prints node's credit from the progress entries dated from <= date < to:
//  per metric its own work, its shares as finder and as lander, the
//  partner's share and the reported whole, checked to add up exactly; with
//  entries, each entry with both shares instead. Table or JSON. Returns 0,
//  or -1 when the store fails (lx_store_error says why).
int node_report_credit (lx_store_t *db, const char *node, const char *from, const char *to,
                        bool entries, bool json, FILE *out);

//  Self test.
void node_report_test (bool verbose);

#endif
