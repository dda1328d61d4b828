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
lx_ledger_sign_add (lx_store_t *db, const char *node, int64_t seq, const char *signature)
{
    assert (db && node && signature);
    return lx_store_exec (db, "INSERT INTO ledger_signature (node, seq, signature) VALUES (?, ?, ?)", "tit",
                          node, seq, signature);
}

//  Fills audit->reason from its figures: how far the chain is backed.
static void
s_audit_reason (const lx_sign_t *key, bool every, lx_ledger_audit_t *audit)
{
    char why [160] = "";
    if (audit->bad > audit->backed)
        snprintf (why, sizeof why, "entry %" PRId64 "'s signature does not verify: the entry was changed and"
                  " re-hashed, or the signature is not the broker's", audit->bad);
    else
    if (audit->chain.kind != LX_CHAIN_OK)
        snprintf (why, sizeof why, "the chain is bad at entry %" PRId64, audit->chain.seq);
    else
    if (audit->backed == 0)
        snprintf (why, sizeof why, "no entry carries a signature of the broker's");
    else
        snprintf (why, sizeof why, "none after entry %" PRId64 " carries a signature of the broker's",
                  audit->backed);
    if (audit->entries == 0)
        snprintf (audit->reason, sizeof audit->reason, "no entry yet: nothing to back");
    else
    if (audit->backed == audit->entries && audit->bad == 0) {
        int length = snprintf (audit->reason, sizeof audit->reason, "backed by the broker's signature: entry %"
                               PRId64 "'s is good (key %.16s...)", audit->backed, lx_sign_public (key));
        if (every && length > 0 && (size_t) length < sizeof audit->reason)
            snprintf (audit->reason + length, sizeof audit->reason - (size_t) length,
                      "; %" PRId64 " signatures checked, all good%s", audit->checked,
                      audit->missing? ", the entries before the broker signed have none of their own": "");
    }
    else
    if (audit->backed == audit->entries)
        snprintf (audit->reason, sizeof audit->reason, "backed by the broker's signature on entry %" PRId64
                  ", but entry %" PRId64 "'s stored signature is not the broker's: the signatures were"
                  " tampered with", audit->backed, audit->bad);
    else
    if (audit->backed == 0)
        snprintf (audit->reason, sizeof audit->reason, "NOT BACKED by the broker's signature: none of the %"
                  PRId64 " entries is the broker's (%s)", audit->entries, why);
    else
        snprintf (audit->reason, sizeof audit->reason, "NOT BACKED by the broker's signature after entry %" PRId64
                  ": entries %" PRId64 " .. %" PRId64 " are not the broker's (%s)", audit->backed,
                  audit->backed + 1, audit->entries, why);
}

int
lx_ledger_audit (lx_store_t *db, const char *node, const lx_sign_t *key, bool every, lx_ledger_audit_t *audit)
{
    assert (db && node && key && audit);
    memset (audit, 0, sizeof *audit);
    //  A good chain's length is what its verification saw, in one
    //  snapshot: an entry the daemon appends meanwhile is not counted as
    //  one short of a signature. Past a fault, the stored head says how
    //  many entries there are.
    char head [65];
    int rc = lx_ledger_verify (db, node, NULL, 0, &audit->chain);
    audit->entries = audit->chain.count;
    if (rc == -1 || (rc == 1 && lx_ledger_head (db, node, &audit->entries, head))) {
        if (rc == -1)
            snprintf (audit->reason, sizeof audit->reason, "%s", audit->chain.reason);
        else
            snprintf (audit->reason, sizeof audit->reason, "store: %s", lx_store_error (db));
        return -1;
    }
    //  Only the good part of the chain can be backed: its hashes are those
    //  of its fields. Newest first, unless every signature is checked.
    int64_t good = audit->chain.count;
    sqlite3_stmt *stmt = lx_store_query (db, every
        ? "SELECT l.seq, l.hash, s.signature FROM ledger l LEFT JOIN ledger_signature s"
          " ON s.node = l.node AND s.seq = l.seq WHERE l.node = ? AND l.seq <= ? ORDER BY l.seq"
        : "SELECT l.seq, l.hash, s.signature FROM ledger l LEFT JOIN ledger_signature s"
          " ON s.node = l.node AND s.seq = l.seq WHERE l.node = ? AND l.seq <= ? ORDER BY l.seq DESC",
        "ti", node, good);
    int step = stmt? 0: -1;
    while (stmt && (step = lx_store_step (db, stmt)) == 1) {
        int64_t seq = sqlite3_column_int64 (stmt, 0);
        const char *hash = (const char *) sqlite3_column_text (stmt, 1);
        const char *signature = (const char *) sqlite3_column_text (stmt, 2);
        if (!signature) {
            audit->missing++;
            continue;
        }
        audit->checked++;
        if (lx_sign_check (key, node, seq, hash, signature)) {
            if (seq > audit->backed)
                audit->backed = seq;
            if (!every) {
                sqlite3_reset (stmt);
                step = 0;
                break;
            }
        }
        else
        if (audit->bad == 0 || seq < audit->bad)
            audit->bad = seq;
    }
    if (step != 0) {
        snprintf (audit->reason, sizeof audit->reason, "store: %s", lx_store_error (db));
        return -1;
    }
    s_audit_reason (key, every, audit);
    return audit->backed == audit->entries && audit->bad == 0? 0: 1;
}

int
lx_ledger_check (lx_store_t *db, const char *node, const lx_sign_t *key, FILE *out)
{
    assert (db && node && out);
    //  With a key, the audit verifies the chain too: once is enough.
    lx_chain_fault_t fault;
    lx_ledger_audit_t audit;
    int audited = key? lx_ledger_audit (db, node, key, true, &audit): 0;
    if (audited == -1) {
        fprintf (out, "%s: %s\n", node, audit.reason);
        return -1;
    }
    int rc = key? (audit.chain.kind == LX_CHAIN_OK? 0: 1): lx_ledger_verify (db, node, NULL, 0, &fault);
    if (key)
        fault = audit.chain;
    if (rc == 0)
        fprintf (out, "%s: %" PRId64 " entries, chain good, head %s\n", node, fault.count, fault.head);
    else
    if (rc == 1)
        fprintf (out, "%s: entry %" PRId64 " is bad (%s): %s; the %" PRId64 " entries before it are good\n",
                 node, fault.seq, lx_chain_fault_name (fault.kind), fault.reason, fault.count);
    else
        fprintf (out, "%s: %s\n", node, fault.reason);
    if (!key)
        return rc;
    fprintf (out, "%s: %s\n", node, audit.reason);
    return rc || audited? 1: 0;
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
        assert (out && lx_ledger_check (db, "kecheng", NULL, out) == 1);
        fclose (out);
        char *expected = zsys_sprintf ("kecheng: entry %" PRId64 " is bad (%s)", seq, lx_chain_fault_name (kind));
        assert (strstr (text, expected));
        zstr_free (&expected);
        zstr_free (&text);
    }
    lx_store_destroy (&db);
}

//  A store of the signature tests: the ledger and its signatures, as a
//  node holds them.
static lx_store_t *
s_signed_open (const char *path)
{
    static const char *const migrations [] = { LX_LEDGER_SCHEMA, LX_LEDGER_SIGNATURE_SCHEMA };
    char error [256];
    lx_store_t *db = lx_store_new (path, LX_STORE_NORMAL, migrations, 2, error, sizeof error);
    assert (db);
    return db;
}

//  Re-hashes kecheng's chain in the file at path as a district that knows
//  the format would (its guards dropped first): the entries from seq from
//  on get their amount and shares multiplied by factor, and from there on
//  every entry gets the hash of its new fields after the new hash before
//  it. The chain is good again; the signatures are left as they were.
static void
s_forge (const char *path, int64_t from, int64_t factor)
{
    lx_store_t *db = s_signed_open (path);
    assert (lx_store_exec (db, "DROP TRIGGER ledger_no_update", "") == 0);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, " S_FIELDS " FROM ledger WHERE node = 'kecheng'"
                                         " ORDER BY seq", "");
    assert (stmt);
    lx_ledger_entry_t entries [16];
    int64_t count = 0;
    while (lx_store_step (db, stmt) == 1) {
        assert (count < 16 && sqlite3_column_int64 (stmt, 0) == count + 1);
        lx_ledger_entry_t *entry = &entries [count++];
        entry->progress = sqlite3_column_int64 (stmt, 1);
        snprintf (entry->lead, sizeof entry->lead, "%s", (const char *) sqlite3_column_text (stmt, 2));
        snprintf (entry->stage, sizeof entry->stage, "%s", (const char *) sqlite3_column_text (stmt, 3));
        snprintf (entry->date, sizeof entry->date, "%s", (const char *) sqlite3_column_text (stmt, 4));
        snprintf (entry->metric, sizeof entry->metric, "%s", (const char *) sqlite3_column_text (stmt, 5));
        entry->amount = sqlite3_column_int64 (stmt, 6);
        snprintf (entry->finder, sizeof entry->finder, "%s", (const char *) sqlite3_column_text (stmt, 7));
        snprintf (entry->lander, sizeof entry->lander, "%s", (const char *) sqlite3_column_text (stmt, 8));
        entry->finder_bp = sqlite3_column_int64 (stmt, 9);
        entry->finder_share = sqlite3_column_int64 (stmt, 10);
        entry->lander_share = sqlite3_column_int64 (stmt, 11);
        entry->counted = sqlite3_column_int64 (stmt, 12);
    }
    char prev [65] = LX_CHAIN_GENESIS, hash [65];
    for (int64_t seq = 1; seq <= count; seq++) {
        lx_ledger_entry_t *entry = &entries [seq - 1];
        if (seq >= from) {
            entry->amount *= factor;
            entry->finder_share *= factor;
            entry->lander_share *= factor;
        }
        assert (lx_ledger_link ("kecheng", prev, entry, hash) == 0);
        if (seq >= from)
            assert (lx_store_exec (db, "UPDATE ledger SET prev = ?, hash = ?, amount = ?, finder_share = ?,"
                                   " lander_share = ? WHERE node = 'kecheng' AND seq = ?", "ttiiii", prev, hash,
                                   entry->amount, entry->finder_share, entry->lander_share, seq) == 0);
        memcpy (prev, hash, sizeof prev);
    }
    lx_chain_fault_t fault;
    assert (lx_ledger_verify (db, "kecheng", NULL, 0, &fault) == 0 && fault.count == count);
    lx_store_destroy (&db);
}

//  Audits kecheng's chain in the file at path with key and checks what is
//  found: the return, how far it is backed, the first bad signature and
//  words of the reason.
static void
s_audit_is (const char *path, const lx_sign_t *key, bool every, int rc, int64_t backed, int64_t bad,
            const char *says)
{
    lx_store_t *db = s_signed_open (path);
    lx_ledger_audit_t audit;
    int audited = lx_ledger_audit (db, "kecheng", key, every, &audit);
    if (audited != rc || audit.backed != backed || audit.bad != bad || !strstr (audit.reason, says))
        zsys_error ("lx_ledger: audit %s: rc %d, backed %" PRId64 ", bad %" PRId64 ": %s", path, audited,
                    audit.backed, audit.bad, audit.reason);
    assert (audited == rc && audit.backed == backed && audit.bad == bad && strstr (audit.reason, says));
    lx_store_destroy (&db);
}

//  The broker's signatures: a chain signed as the broker issues it is
//  backed; re-hashed with other amounts (all of it, or its tail), signed
//  with another key, with an entry appended, or with its signatures
//  removed, it is not, and the audit says from which entry.
static void
s_signed_test (const char *dir)
{
    unsigned char seed [32];
    memset (seed, 0x42, sizeof seed);
    lx_sign_t *broker = lx_sign_new_seeded (seed);
    memset (seed, 0x24, sizeof seed);
    lx_sign_t *stranger = lx_sign_new_seeded (seed);
    assert (broker && stranger);
    lx_sign_t *key = lx_sign_public_copy (broker);
    assert (key);
    char *path = zsys_sprintf ("%s/signed.db", dir);
    char *copy = zsys_sprintf ("%s/forged.db", dir);
    lx_store_t *db = s_signed_open (path);
    lx_ledger_audit_t audit;
    assert (lx_ledger_audit (db, "kecheng", key, true, &audit) == 0 && audit.entries == 0);
    //  Ten entries; the first three from before the broker signed.
    assert (lx_store_begin (db) == 0);
    for (int64_t progress = 1; progress <= 10; progress++) {
        lx_ledger_entry_t entry = s_entry (progress, "kecheng-000001", progress * 1000003);
        int64_t seq;
        char hash [65], signature [LX_SIGN_HEX + 1];
        assert (lx_ledger_append (db, "kecheng", &entry, &seq, hash) == 0);
        if (progress > 3) {
            assert (lx_sign_head (broker, "kecheng", seq, hash, signature) == 0);
            assert (lx_ledger_sign_add (db, "kecheng", seq, signature) == 0);
        }
    }
    assert (lx_store_commit (db) == 0);
    assert (lx_store_exec (db, "DELETE FROM ledger_signature", "") == -1);      //  guarded too
    assert (lx_ledger_audit (db, "kecheng", key, true, &audit) == 0);
    assert (audit.backed == 10 && audit.checked == 7 && audit.missing == 3 && audit.bad == 0);
    assert (lx_ledger_audit (db, "kecheng", key, false, &audit) == 0);
    assert (audit.backed == 10 && audit.checked == 1);      //  the head alone, when it is good
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out && lx_ledger_check (db, "kecheng", key, out) == 0);
    fclose (out);
    assert (strstr (text, "kecheng: 10 entries, chain good, head ")
         && strstr (text, "kecheng: backed by the broker's signature: entry 10's is good")
         && strstr (text, "7 signatures checked, all good"));
    zstr_free (&text);
    //  Another key backs nothing.
    assert (lx_ledger_audit (db, "kecheng", stranger, false, &audit) == 1 && audit.backed == 0);
    lx_store_destroy (&db);

    //  Every amount x100, the chain re-hashed: good as a chain, not backed.
    char *command = zsys_sprintf ("cp %s %s", path, copy);
    assert (system (command) == 0);
    s_forge (copy, 1, 100);
    s_audit_is (copy, key, true, 1, 0, 4, "NOT BACKED by the broker's signature: none of the 10 entries");
    s_audit_is (copy, key, false, 1, 0, 4, "entry 4's signature does not verify");
    db = s_signed_open (copy);
    out = open_memstream (&text, &size);
    assert (out && lx_ledger_check (db, "kecheng", key, out) == 1);
    fclose (out);
    assert (strstr (text, "chain good") && strstr (text, "kecheng: NOT BACKED"));
    zstr_free (&text);
    lx_store_destroy (&db);
    assert (lx_store_remove (copy) == 0);
    //  Only the last three: the seven before stay the broker's.
    assert (system (command) == 0);
    s_forge (copy, 8, 100);
    s_audit_is (copy, key, true, 1, 7, 8, "after entry 7: entries 8 .. 10 are not the broker's");
    s_audit_is (copy, key, false, 1, 7, 8, "entry 8's signature does not verify");
    assert (lx_store_remove (copy) == 0);
    //  Re-hashed and signed again, with a key that is not the broker's.
    assert (system (command) == 0);
    s_forge (copy, 1, 100);
    db = s_signed_open (copy);
    assert (lx_store_exec (db, "DROP TRIGGER ledger_signature_no_delete", "") == 0);
    assert (lx_store_exec (db, "DELETE FROM ledger_signature", "") == 0);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, hash FROM ledger WHERE node = 'kecheng'", "");
    zlistx_t *heads = zlistx_new ();
    zlistx_set_destructor (heads, (zlistx_destructor_fn *) zstr_free);
    while (stmt && lx_store_step (db, stmt) == 1) {
        char signature [LX_SIGN_HEX + 1];
        assert (lx_sign_head (stranger, "kecheng", sqlite3_column_int64 (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1), signature) == 0);
        zlistx_add_end (heads, zsys_sprintf ("%" PRId64 " %s", sqlite3_column_int64 (stmt, 0), signature));
    }
    for (char *line = (char *) zlistx_first (heads); line; line = (char *) zlistx_next (heads))
        assert (lx_ledger_sign_add (db, "kecheng", atoll (line), strchr (line, ' ') + 1) == 0);
    zlistx_destroy (&heads);
    lx_store_destroy (&db);
    s_audit_is (copy, key, true, 1, 0, 1, "entry 1's signature does not verify");
    assert (lx_store_remove (copy) == 0);
    //  Re-hashed, its signatures removed: nothing backs it.
    assert (system (command) == 0);
    s_forge (copy, 1, 100);
    db = s_signed_open (copy);
    assert (lx_store_exec (db, "DROP TRIGGER ledger_signature_no_delete", "") == 0);
    assert (lx_store_exec (db, "DELETE FROM ledger_signature", "") == 0);
    lx_store_destroy (&db);
    s_audit_is (copy, key, true, 1, 0, 0, "no entry carries a signature of the broker's");
    assert (lx_store_remove (copy) == 0);
    //  An entry appended by the district: the ten before stay backed.
    assert (system (command) == 0);
    db = s_signed_open (copy);
    lx_ledger_entry_t extra = s_entry (11, "kecheng-000001", 999999999);
    assert (lx_ledger_append (db, "kecheng", &extra, NULL, NULL) == 0);
    lx_store_destroy (&db);
    s_audit_is (copy, key, false, 1, 10, 0, "entries 11 .. 11 are not the broker's (none after entry 10");
    assert (lx_store_remove (copy) == 0);
    //  One stored signature swapped for another entry's: the figures are
    //  still backed by the head, but a full audit names the tampering.
    assert (system (command) == 0);
    db = s_signed_open (copy);
    assert (lx_store_exec (db, "DROP TRIGGER ledger_signature_no_update", "") == 0);
    assert (lx_store_exec (db, "UPDATE ledger_signature SET signature = (SELECT signature FROM ledger_signature"
                           " WHERE seq = 6) WHERE seq = 5", "") == 0);
    lx_store_destroy (&db);
    s_audit_is (copy, key, true, 1, 10, 5, "entry 5's stored signature is not the broker's");
    s_audit_is (copy, key, false, 0, 10, 0, "backed by the broker's signature");
    assert (lx_store_remove (copy) == 0);
    //  A changed entry not re-hashed: the chain shows it, and nothing
    //  after it is backed.
    assert (system (command) == 0);
    db = s_signed_open (copy);
    assert (lx_store_exec (db, "DROP TRIGGER ledger_no_update", "") == 0);
    assert (lx_store_exec (db, "UPDATE ledger SET counted = 0 WHERE seq = 9", "") == 0);
    lx_store_destroy (&db);
    s_audit_is (copy, key, true, 1, 8, 0, "(the chain is bad at entry 9)");
    assert (lx_store_remove (copy) == 0);
    zstr_free (&command);

    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    zstr_free (&copy);
    lx_sign_destroy (&key);
    lx_sign_destroy (&stranger);
    lx_sign_destroy (&broker);
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
    assert (out && lx_ledger_check (db, "kecheng", NULL, out) == 0);
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
    s_signed_test (dir);
    zstr_free (&path);
    zstr_free (&copy);
    assert (rmdir (dir) == 0);
}
