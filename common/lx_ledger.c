/*  lx_ledger: the credit ledger, append-only and hash-chained. */

#include "lx_ledger.h"

#include <czmq.h>

//  The entry's fields in the order they are hashed, after the node; the
//  verify query selects seq, prev, hash, node and these in this order.
#define S_FIELDS "progress, lead, stage, date, metric, amount, finder, lander," \
                 " finder_bp, finder_share, lander_share, counted"

void
lx_ledger_entry_from_event (lx_msg_t *event, lx_ledger_entry_t *entry)
{
    assert (event && entry && lx_msg_cmd (event) == LX_CMD_PROGRESSED);
    memset (entry, 0, sizeof *entry);
    entry->progress = lx_msg_int (event, LX_F_PROGRESS);
    snprintf (entry->lead, sizeof entry->lead, "%s", lx_msg_str (event, LX_F_LEAD));
    snprintf (entry->stage, sizeof entry->stage, "%s", lx_msg_str (event, LX_F_STAGE));
    snprintf (entry->date, sizeof entry->date, "%s", lx_msg_str (event, LX_F_DATE));
    snprintf (entry->metric, sizeof entry->metric, "%s", lx_msg_str (event, LX_F_METRIC));
    entry->amount = lx_msg_int (event, LX_F_AMOUNT);
    snprintf (entry->finder, sizeof entry->finder, "%s", lx_msg_str (event, LX_F_FINDER));
    snprintf (entry->lander, sizeof entry->lander, "%s", lx_msg_str (event, LX_F_LANDER));
    entry->finder_bp = lx_msg_int (event, LX_F_FINDER_BP);
    entry->finder_share = lx_msg_int (event, LX_F_FINDER_SHARE);
    entry->lander_share = lx_msg_int (event, LX_F_LANDER_SHARE);
    entry->counted = lx_msg_bool (event, LX_F_COUNTED)? 1: 0;
}

int
lx_ledger_link (const char *node, const char prev [65], const lx_ledger_entry_t *entry, char hash [65])
{
    assert (node && prev && entry && hash);
    lx_chain_entry_t *fields = lx_chain_entry_new ();
    if (!fields)
        return -1;
    int rc = lx_chain_entry_add_text (fields, node)
          || lx_chain_entry_add_int (fields, entry->progress)
          || lx_chain_entry_add_text (fields, entry->lead)
          || lx_chain_entry_add_text (fields, entry->stage)
          || lx_chain_entry_add_text (fields, entry->date)
          || lx_chain_entry_add_text (fields, entry->metric)
          || lx_chain_entry_add_int (fields, entry->amount)
          || lx_chain_entry_add_text (fields, entry->finder)
          || lx_chain_entry_add_text (fields, entry->lander)
          || lx_chain_entry_add_int (fields, entry->finder_bp)
          || lx_chain_entry_add_int (fields, entry->finder_share)
          || lx_chain_entry_add_int (fields, entry->lander_share)
          || lx_chain_entry_add_int (fields, entry->counted)
          || lx_chain_link (prev, fields, hash)? -1: 0;
    lx_chain_entry_destroy (&fields);
    return rc;
}

int
lx_ledger_head (lx_store_t *db, const char *node, int64_t *count, char hash [65])
{
    assert (db && node && count && hash);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, hash FROM ledger WHERE node = ?"
                                         " ORDER BY seq DESC LIMIT 1", "t", node);
    int rc = stmt? lx_store_step (db, stmt): -1;
    if (rc == -1)
        return -1;
    *count = 0;
    snprintf (hash, 65, "%s", LX_CHAIN_GENESIS);
    if (rc == 1) {
        *count = sqlite3_column_int64 (stmt, 0);
        snprintf (hash, 65, "%s", (const char *) sqlite3_column_text (stmt, 1));
        sqlite3_reset (stmt);
    }
    return 0;
}

int
lx_ledger_append (lx_store_t *db, const char *node, const lx_ledger_entry_t *entry, int64_t *seq, char hash [65])
{
    assert (db && node && entry);
    int64_t count;
    char prev [65], next [65];
    if (lx_ledger_head (db, node, &count, prev) || lx_ledger_link (node, prev, entry, next))
        return -1;
    if (lx_store_exec (db, "INSERT INTO ledger (node, seq, prev, hash, " S_FIELDS ")"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tittittttittiiii",
                       node, count + 1, prev, next, entry->progress, entry->lead, entry->stage,
                       entry->date, entry->metric, entry->amount, entry->finder, entry->lander,
                       entry->finder_bp, entry->finder_share, entry->lander_share, entry->counted))
        return -1;
    if (seq)
        *seq = count + 1;
    if (hash)
        memcpy (hash, next, 65);
    return 0;
}

int
lx_ledger_verify (lx_store_t *db, const char *node, const char *head, int64_t count, lx_chain_fault_t *fault)
{
    assert (db && node && fault);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, prev, hash, node, " S_FIELDS " FROM ledger WHERE node = ?"
                                         " ORDER BY seq", "t", node);
    if (!stmt) {
        memset (fault, 0, sizeof *fault);
        snprintf (fault->reason, sizeof fault->reason, "store: %s", lx_store_error (db));
        return -1;
    }
    return lx_chain_verify_rows (db, stmt, head, count, fault);
}

int
lx_ledger_check (lx_store_t *db, const char *node, FILE *out)
{
    assert (db && node && out);
    lx_chain_fault_t fault;
    int rc = lx_ledger_verify (db, node, NULL, 0, &fault);
    if (rc == 0)
        fprintf (out, "%s: %" PRId64 " entries, chain good, head %s\n", node, fault.count, fault.head);
    else
    if (rc == 1)
        fprintf (out, "%s: entry %" PRId64 " is bad (%s): %s; the %" PRId64 " entries before it are good\n",
                 node, fault.seq, lx_chain_fault_name (fault.kind), fault.reason, fault.count);
    else
        fprintf (out, "%s: %s\n", node, fault.reason);
    return rc;
}

zlistx_t *
lx_ledger_nodes (lx_store_t *db)
{
    assert (db);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT DISTINCT node FROM ledger ORDER BY node", "");
    if (!stmt)
        return NULL;
    zlistx_t *nodes = zlistx_new ();
    assert (nodes);
    zlistx_set_destructor (nodes, (zlistx_destructor_fn *) zstr_free);
    int step;
    while ((step = lx_store_step (db, stmt)) == 1)
        zlistx_add_end (nodes, strdup ((const char *) sqlite3_column_text (stmt, 0)));
    if (step != 0)
        zlistx_destroy (&nodes);
    return nodes;
}

//  An entry of lead in the selftest, amount split at 3000 bp.
static lx_ledger_entry_t
s_entry (int64_t progress, const char *lead, int64_t amount)
{
    lx_ledger_entry_t entry;
    memset (&entry, 0, sizeof entry);
    entry.progress = progress;
    snprintf (entry.lead, sizeof entry.lead, "%s", lead);
    snprintf (entry.stage, sizeof entry.stage, "signed");
    snprintf (entry.date, sizeof entry.date, "2026-11-%02u", (unsigned) ((uint64_t) progress % 28) + 1);
    snprintf (entry.metric, sizeof entry.metric, "contract");
    entry.amount = amount;
    snprintf (entry.finder, sizeof entry.finder, "kecheng");
    snprintf (entry.lander, sizeof entry.lander, "longyou");
    entry.finder_bp = 3000;
    entry.finder_share = amount / 10000 * 3000 + amount % 10000 * 3000 / 10000;
    entry.lander_share = amount - entry.finder_share;
    entry.counted = 1;
    return entry;
}

//  Runs sql (tampering with the file as an outsider would: the guards
//  dropped first) and checks what verify finds in kecheng's chain.
static void
s_tamper (const char *path, const char *sql, int kind, int64_t seq, const char *head, int64_t count)
{
    char error [256];
    static const char *const migrations [] = { LX_LEDGER_SCHEMA };
    lx_store_t *db = lx_store_new (path, LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (db);
    assert (lx_store_exec (db, "DROP TRIGGER IF EXISTS ledger_no_update", "") == 0);
    assert (lx_store_exec (db, "DROP TRIGGER IF EXISTS ledger_no_delete", "") == 0);
    assert (lx_store_exec (db, sql, "") == 0);
    lx_chain_fault_t fault;
    int rc = lx_ledger_verify (db, "kecheng", head, count, &fault);
    if (rc != 1 || fault.kind != kind || fault.seq != seq)
        zsys_error ("lx_ledger: after '%s': rc %d, %s at %" PRId64 " (%s)", sql, rc,
                    lx_chain_fault_name (fault.kind), fault.seq, fault.reason);
    assert (rc == 1 && fault.kind == kind && fault.seq == seq);
    if (!head) {
        char *text = NULL;
        size_t size = 0;
        FILE *out = open_memstream (&text, &size);
        assert (out && lx_ledger_check (db, "kecheng", out) == 1);
        fclose (out);
        char *expected = zsys_sprintf ("kecheng: entry %" PRId64 " is bad (%s)", seq, lx_chain_fault_name (kind));
        assert (strstr (text, expected));
        zstr_free (&expected);
        zstr_free (&text);
    }
    lx_store_destroy (&db);
}

void
lx_ledger_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_ledger_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/ledger.db", dir);
    char *copy = zsys_sprintf ("%s/copy.db", dir);
    static const char *const migrations [] = { LX_LEDGER_SCHEMA };
    char error [256];
    lx_store_t *db = lx_store_new (path, LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (db);

    //  Two chains, appended in turn: each numbered and linked on its own.
    int64_t count, seq;
    char head [65], hash [65];
    assert (lx_ledger_head (db, "kecheng", &count, head) == 0);
    assert (count == 0 && streq (head, LX_CHAIN_GENESIS));
    assert (lx_store_begin (db) == 0);
    for (int64_t progress = 1; progress <= 40; progress++) {
        lx_ledger_entry_t entry = s_entry (progress, progress % 2? "kecheng-000001": "kecheng-000002",
                                           progress * 100000001);
        assert (lx_ledger_append (db, "kecheng", &entry, &seq, hash) == 0 && seq == progress);
        assert (lx_ledger_append (db, "longyou", &entry, NULL, NULL) == 0);
    }
    assert (lx_store_commit (db) == 0);
    assert (lx_ledger_head (db, "kecheng", &count, head) == 0 && count == 40 && streq (head, hash));
    char other [65];
    assert (lx_ledger_head (db, "longyou", &count, other) == 0 && count == 40);
    assert (!streq (head, other));              //  the node is part of every hash
    //  The same entries give the same hashes: the other side's copy agrees.
    lx_ledger_entry_t first = s_entry (1, "kecheng-000001", 100000001);
    char again [65];
    assert (lx_ledger_link ("kecheng", LX_CHAIN_GENESIS, &first, again) == 0);
    int64_t found;
    assert (lx_store_int (db, &found, "SELECT count(*) FROM ledger WHERE node = 'kecheng' AND seq = 1"
                          " AND hash = ?", "t", again) == 0 && found == 1);
    zlistx_t *nodes = lx_ledger_nodes (db);
    assert (nodes && zlistx_size (nodes) == 2 && streq ((char *) zlistx_first (nodes), "kecheng"));
    zlistx_destroy (&nodes);
    lx_chain_fault_t fault;
    assert (lx_ledger_verify (db, "kecheng", NULL, 0, &fault) == 0 && fault.count == 40);
    assert (lx_ledger_verify (db, "kecheng", head, 40, &fault) == 0);
    assert (lx_ledger_verify (db, "nobody", NULL, 0, &fault) == 0 && fault.count == 0);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out && lx_ledger_check (db, "kecheng", out) == 0);
    fclose (out);
    assert (strstr (text, "kecheng: 40 entries, chain good, head ") && strstr (text, head));
    zstr_free (&text);
    //  The guards refuse an honest mistake.
    assert (lx_store_exec (db, "UPDATE ledger SET amount = 1 WHERE seq = 3", "") == -1);
    assert (lx_store_exec (db, "DELETE FROM ledger WHERE seq = 40", "") == -1);
    lx_store_destroy (&db);

    //  Tampering with the file, each way, on a fresh copy: found, and where.
    struct {
        const char *sql;        //  what the outsider does
        int kind;               //  what verify finds
        int64_t seq;            //  at which entry
        bool with_head;         //  checked against the known head
    } cases [] = {
        { "UPDATE ledger SET finder_share = finder_share + 1, lander_share = lander_share - 1"
          " WHERE node = 'kecheng' AND seq = 17", LX_CHAIN_CHANGED, 17, false },
        { "UPDATE ledger SET counted = 0 WHERE node = 'kecheng' AND seq = 5", LX_CHAIN_CHANGED, 5, false },
        { "UPDATE ledger SET node = 'kecheng', seq = 41 WHERE node = 'longyou' AND seq = 40",
          LX_CHAIN_BROKEN, 41, false },
        { "DELETE FROM ledger WHERE node = 'kecheng' AND seq = 20", LX_CHAIN_GAP, 21, false },
        { "DELETE FROM ledger WHERE node = 'kecheng' AND seq = 40", LX_CHAIN_TRUNCATED, 40, true },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        char *command = zsys_sprintf ("cp %s %s", path, copy);
        assert (system (command) == 0);
        zstr_free (&command);
        s_tamper (copy, cases [index].sql, cases [index].kind, cases [index].seq,
                  cases [index].with_head? head: NULL, cases [index].with_head? 40: 0);
        assert (lx_store_remove (copy) == 0);
    }
    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    zstr_free (&copy);
    assert (rmdir (dir) == 0);
}
