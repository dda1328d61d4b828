/*  leadx-forge: a district forging its own ledger, for the tests.

    leadx-forge STORE NODE FACTOR

    Does what a district that wants more credit can do to its own node
    store with nothing but the project's code: opens STORE (node_store),
    drops the ledger's guards, multiplies the amount and both shares of
    every entry of NODE's chain by FACTOR (2 .. 1000), and re-hashes the
    chain entry by entry with lx_ledger_link, in one transaction, so that
    it verifies good as a chain again (lx_ledger_verify). What it cannot
    do is sign the new heads as the broker: the broker's signatures stay
    as they were, over the old hashes, and lx_ledger_audit finds that
    none of the forged entries is the broker's. Prints how many entries it
    rewrote; exit 0, or 1 (with the reason on stderr) on failure.
*/

#include "node_store.h"
#include "lx_ledger.h"
#include "lx_cfg.h"

#include <czmq.h>

//  The ledger's fields after the seq, in the order lx_ledger_entry_t has them.
#define S_FIELDS "progress, lead, stage, date, metric, amount, finder, lander," \
                 " finder_bp, finder_share, lander_share, counted"

//  Copies column of stmt's row into a text field of size bytes.
static void
s_text (sqlite3_stmt *stmt, int column, char *field, size_t size)
{
    const char *text = (const char *) sqlite3_column_text (stmt, column);
    snprintf (field, size, "%s", text? text: "");
}

//  Reads the entries of node's chain in seq order into a new array of
//  *count entries (the caller frees). Returns NULL on a store error or a
//  gap in the numbering.
static lx_ledger_entry_t *
s_read (lx_store_t *db, const char *node, int64_t *count)
{
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, " S_FIELDS " FROM ledger WHERE node = ? ORDER BY seq",
                                         "t", node);
    lx_ledger_entry_t *entries = NULL;
    size_t capacity = 0;
    *count = 0;
    int step;
    while (stmt && (step = lx_store_step (db, stmt)) == 1) {
        if (sqlite3_column_int64 (stmt, 0) != *count + 1) {
            sqlite3_reset (stmt);
            free (entries);
            return NULL;
        }
        if ((size_t) *count == capacity) {
            capacity = capacity? capacity * 2: 64;
            lx_ledger_entry_t *grown = (lx_ledger_entry_t *) realloc (entries, capacity * sizeof *entries);
            if (!grown) {
                sqlite3_reset (stmt);
                free (entries);
                return NULL;
            }
            entries = grown;
        }
        lx_ledger_entry_t *entry = &entries [(*count)++];
        memset (entry, 0, sizeof *entry);
        entry->progress = sqlite3_column_int64 (stmt, 1);
        s_text (stmt, 2, entry->lead, sizeof entry->lead);
        s_text (stmt, 3, entry->stage, sizeof entry->stage);
        s_text (stmt, 4, entry->date, sizeof entry->date);
        s_text (stmt, 5, entry->metric, sizeof entry->metric);
        entry->amount = sqlite3_column_int64 (stmt, 6);
        s_text (stmt, 7, entry->finder, sizeof entry->finder);
        s_text (stmt, 8, entry->lander, sizeof entry->lander);
        entry->finder_bp = sqlite3_column_int64 (stmt, 9);
        entry->finder_share = sqlite3_column_int64 (stmt, 10);
        entry->lander_share = sqlite3_column_int64 (stmt, 11);
        entry->counted = sqlite3_column_int64 (stmt, 12);
    }
    if (!stmt || step != 0) {
        free (entries);
        return NULL;
    }
    if (!entries)
        entries = (lx_ledger_entry_t *) malloc (sizeof *entries);
    return entries;
}

int
main (int argc, char *argv [])
{
    int64_t factor;
    if (argc != 4 || lx_cfg_parse_int (argv [3], 2, 1000, &factor)) {
        fprintf (stderr, "usage: leadx-forge STORE NODE FACTOR (2 .. 1000)\n");
        return 2;
    }
    const char *node = argv [2];
    char error [256];
    node_store_t *store = node_store_new (argv [1], error, sizeof error);
    if (!store) {
        fprintf (stderr, "leadx-forge: %s\n", error);
        return 1;
    }
    lx_store_t *db = node_store_db (store);
    error [0] = '\0';
    int64_t count = 0;
    lx_ledger_entry_t *entries = NULL;
    char prev [65] = LX_CHAIN_GENESIS, hash [65];
    int rc = lx_store_begin (db) == 0
          && lx_store_exec (db, "DROP TRIGGER IF EXISTS ledger_no_update", "") == 0
          && (entries = s_read (db, node, &count)) != NULL? 0: -1;
    for (int64_t seq = 1; seq <= count && rc == 0; seq++) {
        lx_ledger_entry_t *entry = &entries [seq - 1];
        if (entry->amount > INT64_MAX / factor) {
            snprintf (error, sizeof error, "entry %" PRId64 "'s amount would overflow", seq);
            rc = -1;
            break;
        }
        entry->amount *= factor;
        entry->finder_share *= factor;
        entry->lander_share *= factor;
        rc = lx_ledger_link (node, prev, entry, hash) == 0
          && lx_store_exec (db, "UPDATE ledger SET prev = ?, hash = ?, amount = ?, finder_share = ?,"
                            " lander_share = ? WHERE node = ? AND seq = ?", "ttiiiti", prev, hash,
                            entry->amount, entry->finder_share, entry->lander_share, node, seq) == 0? 0: -1;
        memcpy (prev, hash, sizeof prev);
    }
    //  As a careful forger: the guard back, and the chain good again.
    lx_chain_fault_t fault;
    if (rc == 0
    &&  (lx_store_exec (db, "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger"
                        "  BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END", "")
      || lx_ledger_verify (db, node, NULL, 0, &fault) != 0))
        rc = -1;
    if (rc == 0 && lx_store_commit (db) == 0)
        printf ("leadx-forge: %s: %" PRId64 " entries rewritten with every amount x%" PRId64
                ", the chain re-hashed (head %s)\n", node, count, factor, prev);
    else {
        fprintf (stderr, "leadx-forge: %s\n", *error? error: lx_store_error (db));
        lx_store_rollback (db);
        rc = -1;
    }
    free (entries);
    node_store_destroy (&store);
    return rc? 1: 0;
}
