/*  node_store: one district's SQLite record. Applying the broker's
    events is in node_store_apply.c. */

#include "node_store_int.h"
#include "lx_chain.h"
#include "lx_digest.h"
#include "lx_ledger.h"
#include "lx_domain.h"
#include "lx_split.h"

static const char *const s_migrations [] = {
    //  1: leads, offers, approvals, transfers, progress; outbox and meta
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES ('applied', '0'), ('lead_counter', '0');"
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  cmd TEXT NOT NULL,"
    "  lead TEXT,"
    "  body BLOB NOT NULL,"
    "  acked INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE lead ("                       //  found here, or transferred here
    "  id TEXT PRIMARY KEY, finder TEXT NOT NULL,"
    "  investor TEXT NOT NULL, uscc TEXT, project TEXT NOT NULL, summary TEXT,"
    "  industries TEXT NOT NULL, tags TEXT NOT NULL,"
    "  investment INTEGER NOT NULL, land INTEGER NOT NULL, tax INTEGER NOT NULL,"
    "  output INTEGER NOT NULL, type TEXT NOT NULL, channel TEXT NOT NULL,"
    "  contact TEXT, phone TEXT, found TEXT NOT NULL,"
    "  stage TEXT NOT NULL, lander TEXT, note TEXT"
    ");"
    "CREATE TABLE offer ("                      //  offers routed here (never contact data)
    "  lead TEXT PRIMARY KEY, finder TEXT NOT NULL, investor TEXT NOT NULL, uscc TEXT,"
    "  project TEXT NOT NULL, summary TEXT, industries TEXT NOT NULL, investment INTEGER NOT NULL,"
    "  land INTEGER NOT NULL, type TEXT NOT NULL, score INTEGER NOT NULL, reasons TEXT NOT NULL,"
    "  status TEXT NOT NULL, note TEXT"         //  open | won | lost | closed
    ");"
    "CREATE TABLE approval ("                   //  center: claims awaiting a decision
    "  lead TEXT PRIMARY KEY, finder TEXT NOT NULL, claimant TEXT NOT NULL,"
    "  project TEXT NOT NULL, investor TEXT NOT NULL, investment INTEGER NOT NULL,"
    "  channel TEXT NOT NULL, splits TEXT NOT NULL, status TEXT NOT NULL"
    ");"
    "CREATE TABLE transfer ("
    "  lead TEXT PRIMARY KEY, finder TEXT NOT NULL, lander TEXT NOT NULL,"
    "  decision TEXT NOT NULL, splits TEXT NOT NULL, reason TEXT"
    ");"
    "CREATE TABLE progress ("                   //  as the broker numbered and split it
    "  id INTEGER PRIMARY KEY, lead TEXT NOT NULL, stage TEXT NOT NULL, date TEXT NOT NULL,"
    "  metric TEXT, amount INTEGER, finder TEXT NOT NULL, lander TEXT NOT NULL,"
    "  finder_bp INTEGER, finder_share INTEGER, lander_share INTEGER,"
    "  CHECK (metric IS NULL OR finder_share + lander_share = amount)"
    ");"
    "CREATE TABLE rejection ("
    "  ref INTEGER PRIMARY KEY, code INTEGER NOT NULL, reason TEXT NOT NULL, lead TEXT"
    ");",
    //  2: the register's conflicts, and what the broker's timers did
    "CREATE TABLE conflict ("                   //  a lead naming an investor registered first elsewhere
    "  lead TEXT PRIMARY KEY, finder TEXT NOT NULL, investor TEXT NOT NULL,"
    "  earlier TEXT NOT NULL, holder TEXT NOT NULL,"   //  the registration holding priority, and its district
    "  registered TEXT NOT NULL, until TEXT NOT NULL," //  its date, and the end of its protection
    "  match TEXT NOT NULL, similarity INTEGER NOT NULL,"
    "  status TEXT NOT NULL, reason TEXT"       //  open | keep | transfer | merge | dismiss
    ");"
    "CREATE TABLE notice ("                     //  returned, stale and struck leads, as told
    "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, lead TEXT NOT NULL, finder TEXT NOT NULL,"
    "  holder TEXT, stage TEXT, date TEXT, reason TEXT NOT NULL"
    ");",
    //  3: the credit ledger: this district's hash chain, as the broker's copy
    LX_LEDGER_SCHEMA
    "CREATE INDEX progress_report ON progress (lander, lead, stage, date);",
    //  4: every staff action's outcome. settled: the highest outbox seq
    //  whose verdict is known here; awaiting: staff were told it was queued
    //  and get a notice of the verdict; a lead's routes as the broker sent
    //  them; notices of refusals and alerts name no lead or finder
    "INSERT OR IGNORE INTO meta VALUES ('settled', '0');"
    "ALTER TABLE outbox ADD COLUMN awaiting INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX outbox_lead ON outbox (lead, seq);"
    "ALTER TABLE lead ADD COLUMN routes TEXT;"
    "CREATE TABLE notice_new ("
    "  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, lead TEXT, finder TEXT,"
    "  holder TEXT, stage TEXT, date TEXT, reason TEXT NOT NULL,"
    "  ref INTEGER"                             //  the outbox seq a verdict is about
    ");"
    "INSERT INTO notice_new (id, kind, lead, finder, holder, stage, date, reason)"
    "  SELECT id, kind, lead, finder, holder, stage, date, reason FROM notice;"
    "DROP TABLE notice;"
    "ALTER TABLE notice_new RENAME TO notice;"
    //  messages made here that the broker never accepted, found when the
    //  store was rebuilt from the broker's record: kept for staff to see
    "CREATE TABLE stranded ("
    "  seq INTEGER NOT NULL, cmd TEXT NOT NULL, lead TEXT, body BLOB NOT NULL,"
    "  at INTEGER NOT NULL"                     //  ms since epoch, when it was found
    ");",
    //  5: progress reports the broker holds for the center (its bounds):
    //  the reporter's, the finder's, and at the center the queue to decide
    "CREATE TABLE held ("
    "  id INTEGER PRIMARY KEY,"                 //  the broker's number
    "  lead TEXT NOT NULL, finder TEXT NOT NULL, lander TEXT NOT NULL,"
    "  stage TEXT NOT NULL, date TEXT NOT NULL, metric TEXT NOT NULL, amount INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"                   //  held | confirmed | rejected
    "  reason TEXT NOT NULL"                    //  why held, or the center's decision
    ");",
    //  6: the broker's signature of each ledger entry, kept with it, so
    //  that anyone with the broker's public key can tell this chain from
    //  one re-hashed after the fact (entries from before have none)
    LX_LEDGER_SIGNATURE_SCHEMA,
};

//  The node's side of each reconciliation section (lx_digest_sections),
//  for this node given as ?1: the same columns, in the same order, as
//  broker_store's queries over the broker's record of the node.
static const char *const s_digest_queries [LX_DIGEST_SECTION_COUNT] = {
    "SELECT seq, cmd, body FROM outbox WHERE acked = 1 AND ?1 IS NOT NULL ORDER BY seq",
    "SELECT ref, code FROM rejection WHERE ?1 IS NOT NULL ORDER BY ref",
    "WITH RECURSIVE applied (top) AS (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'applied'),"
    " event (seq) AS (SELECT 1 FROM applied WHERE top >= 1"
    "  UNION ALL SELECT seq + 1 FROM event, applied WHERE seq < top)"
    " SELECT seq FROM event WHERE ?1 IS NOT NULL",
    "SELECT id, investor, uscc, project, industries, investment, land, found FROM lead"
    " WHERE finder = ?1 ORDER BY id",
    "SELECT id, stage, ifnull (lander, '') FROM lead WHERE finder = ?1 OR lander = ?1 ORDER BY id",
    "SELECT lead, finder, lander FROM transfer WHERE decision = 'approve' AND (finder = ?1 OR lander = ?1)"
    " ORDER BY lead",
    "SELECT id, lead, stage, date, metric, amount, finder, lander, finder_bp, finder_share, lander_share"
    " FROM progress WHERE finder = ?1 OR lander = ?1 ORDER BY id",
    "SELECT seq, hash FROM ledger WHERE node = ?1 ORDER BY seq",
};


node_store_t *
node_store_new (const char *path, char *error, size_t error_size)
{
    node_store_t *self = (node_store_t *) zmalloc (sizeof (node_store_t));
    if (!self)
        return NULL;
    self->db = lx_store_new (path, LX_STORE_FULL, s_migrations,
                             sizeof s_migrations / sizeof s_migrations [0], error, error_size);
    if (!self->db) {
        free (self);
        return NULL;
    }
    return self;
}

void
node_store_destroy (node_store_t **self_p)
{
    assert (self_p);
    node_store_t *self = *self_p;
    if (self) {
        lx_sign_destroy (&self->broker_key);
        lx_store_destroy (&self->db);
        free (self);
        *self_p = NULL;
    }
}

lx_store_t *
node_store_db (node_store_t *self)
{
    assert (self);
    return self->db;
}

void
node_store_set_broker_key (node_store_t *self, lx_sign_t **key_p)
{
    assert (self && key_p && *key_p);
    lx_sign_destroy (&self->broker_key);
    self->broker_key = *key_p;
    *key_p = NULL;
}

char *
node_store_meta (node_store_t *self, const char *key)
{
    assert (self && key);
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT value FROM meta WHERE key = ?", "t", key);
    if (!stmt || lx_store_step (self->db, stmt) != 1)
        return NULL;
    char *value = strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return value;
}

int
node_store_set_meta (node_store_t *self, const char *key, const char *value)
{
    assert (self && key && value);
    return lx_store_exec (self->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                          "tt", key, value);
}

int64_t
node_store_outbox_add (node_store_t *self, const char *node, lx_msg_t *msg)
{
    assert (self && node && msg);
    int64_t head = node_store_outbox_head (self);
    if (head < 0)
        return -1;
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, head + 1);
    uint8_t *body;
    size_t size;
    if (lx_msg_validate (msg, NULL) || lx_msg_encode (msg, &body, &size))
        return -1;
    int rc = lx_store_exec (self->db, "INSERT INTO outbox (seq, cmd, lead, body) VALUES (?, ?, ?, ?)",
                            "ittb", head + 1, lx_cmd_name (lx_msg_cmd (msg)),
                            lx_msg_allows (msg, LX_F_LEAD)? lx_msg_str (msg, LX_F_LEAD): NULL, body, size);
    free (body);
    return rc? -1: head + 1;
}

int
node_store_lead_write (node_store_t *self, lx_lead_t *lead, const char *lander)
{
    char *industries = lx_lead_industries_csv (lead);
    char *tags = lx_lead_tags_csv (lead);
    int rc = -1;
    if (industries && tags)
        rc = lx_store_exec (self->db,
            "INSERT OR REPLACE INTO lead (id, finder, investor, uscc, project, summary, industries, tags,"
            " investment, land, tax, output, type, channel, contact, phone, found, stage, lander)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "ttttttttiiiittttttt", lead->id, lead->finder, lead->investor, lead->uscc,
            lead->project, lead->summary, industries, tags, lead->investment, lead->land,
            lead->tax, lead->output, lx_type_name (lead->type), lx_channel_name (lead->channel),
            lead->contact, lead->phone, lead->found, lx_stage_name (lead->stage), lander);
    free (industries);
    free (tags);
    return rc;
}

int64_t
node_store_lead_add (node_store_t *self, const char *node, lx_lead_t *lead, lx_error_t *error)
{
    assert (self && node && lead);
    if (lx_store_begin (self->db))
        return lx_error_set (error, LX_ERR_INTERNAL, "%s", lx_store_error (self->db));
    int64_t counter;
    char *text = node_store_meta (self, "lead_counter");
    counter = text? strtoll (text, NULL, 10) + 1: 1;
    free (text);
    char id [64], number [24];
    snprintf (id, sizeof id, "%s-%06" PRId64, node, counter);
    snprintf (number, sizeof number, "%" PRId64, counter);
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, node);
    if (lx_lead_validate (lead, error)) {
        lx_store_rollback (self->db);
        return -1;
    }
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    int64_t seq = -1;
    if (node_store_set_meta (self, "lead_counter", number)
    ||  node_store_lead_write (self, lead, NULL)
    ||  (seq = node_store_outbox_add (self, node, msg)) < 0
    ||  lx_store_commit (self->db)) {
        lx_error_set (error, LX_ERR_INTERNAL, "%s", lx_store_error (self->db));
        lx_store_rollback (self->db);
        lx_msg_destroy (&msg);
        return -1;
    }
    lx_msg_destroy (&msg);
    return seq;
}

int64_t
node_store_outbox_head (node_store_t *self)
{
    int64_t value;
    return lx_store_int (self->db, &value, "SELECT ifnull (max (seq), 0) FROM outbox", "") == 0? value: -1;
}

int64_t
node_store_outbox_acked (node_store_t *self)
{
    int64_t value;
    return lx_store_int (self->db, &value, "SELECT ifnull (max (seq), 0) FROM outbox WHERE acked = 1",
                         "") == 0? value: -1;
}

int
node_store_outbox_ack (node_store_t *self, int64_t ack)
{
    return lx_store_exec (self->db, "UPDATE outbox SET acked = 1 WHERE seq <= ? AND acked = 0", "i", ack);
}

sqlite3_stmt *
node_store_outbox_from (node_store_t *self, int64_t after, int64_t limit)
{
    return lx_store_query (self->db, "SELECT seq, body FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                           "ii", after, limit);
}

int64_t
node_store_applied (node_store_t *self)
{
    int64_t value;
    return lx_store_int (self->db, &value, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'applied'",
                         "") == 0? value: -1;
}

int
node_store_set_applied (node_store_t *self, int64_t seq)
{
    assert (self);
    char applied [24];
    snprintf (applied, sizeof applied, "%" PRId64, seq);
    return node_store_set_meta (self, "applied", applied);
}

//  The number in an own lead id "<node>-<number>", or 0.
static int64_t
s_lead_number (const char *id)
{
    const char *dash = strrchr (id, '-');
    return dash? strtoll (dash + 1, NULL, 10): 0;
}

//  Moves outbox messages from seq on to the stranded table, with the own
//  lead rows their registrations wrote. Returns 0 or -1.
static int
s_strand (node_store_t *self, const char *node, int64_t seq)
{
    zsys_warning ("node: our messages from #%" PRId64 " on are not the broker's: kept as stranded", seq);
    return lx_store_exec (self->db, "DELETE FROM lead WHERE finder = ? AND id IN"
                          " (SELECT lead FROM outbox WHERE seq >= ? AND cmd = 'lead')", "ti", node, seq)
        || lx_store_exec (self->db, "INSERT INTO stranded (seq, cmd, lead, body, at) SELECT seq, cmd, lead,"
                          " body, ? FROM outbox WHERE seq >= ? ORDER BY seq", "ii", zclock_time (), seq)
        || lx_store_exec (self->db, "DELETE FROM outbox WHERE seq >= ?", "i", seq)? -1: 0;
}

int
node_store_recall (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    assert (self && node && msg);
    int64_t seq = lx_msg_int (msg, LX_F_SEQ);
    uint8_t *body;
    size_t size;
    if (lx_msg_encode (msg, &body, &size))
        return lx_error_set (error, LX_ERR_INTERNAL, "out of memory");
    int rc = -1;
    if (lx_store_begin (self->db))
        goto done;
    int64_t same;
    int found = lx_store_int (self->db, &same, "SELECT body = ? FROM outbox WHERE seq = ?", "bi", body, size, seq);
    if (found == 0 && same) {
        rc = node_store_outbox_ack (self, seq);
        goto finish;
    }
    if (found < 0 || (found == 0 && s_strand (self, node, seq)))
        goto finish;
    const char *lead = lx_msg_allows (msg, LX_F_LEAD)? lx_msg_str (msg, LX_F_LEAD): NULL;
    if (lx_store_exec (self->db, "INSERT INTO outbox (seq, cmd, lead, body, acked) VALUES (?, ?, ?, ?, 1)",
                       "ittb", seq, lx_cmd_name (lx_msg_cmd (msg)), lead, body, size))
        goto finish;
    rc = 0;
    if (lx_msg_cmd (msg) == LX_CMD_LEAD) {
        //  The registration as it was sent; the events that follow move it.
        lx_lead_t *record = lx_lead_from_msg (msg);
        int64_t counter;
        char number [24];
        rc = record? 0: -1;
        if (rc == 0)
            rc = lx_store_int (self->db, &counter, "SELECT CAST (value AS INTEGER) FROM meta"
                               " WHERE key = 'lead_counter'", "") == 0? 0: -1;
        if (rc == 0 && s_lead_number (record->id) > counter) {
            snprintf (number, sizeof number, "%" PRId64, s_lead_number (record->id));
            rc = node_store_set_meta (self, "lead_counter", number);
        }
        int64_t exists = 0;
        if (rc == 0 && lx_store_int (self->db, &exists, "SELECT count(*) FROM lead WHERE id = ?", "t",
                                     record->id) != 0)
            rc = -1;
        if (rc == 0 && !exists)
            rc = node_store_lead_write (self, record, NULL);
        lx_lead_destroy (&record);
    }
finish:
    if (rc == 0 && lx_store_commit (self->db) == 0)
        goto done;
    lx_store_rollback (self->db);
    rc = lx_error_set (error, LX_ERR_INTERNAL, "store: %s", lx_store_error (self->db));
done:
    if (rc && error && error->code == LX_ERR_NONE)
        lx_error_set (error, LX_ERR_INTERNAL, "store: %s", lx_store_error (self->db));
    free (body);
    return rc;
}

int64_t
node_store_settled (node_store_t *self)
{
    int64_t value;
    return lx_store_int (self->db, &value, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'settled'",
                         "") == 0? value: -1;
}

int
node_store_settle (node_store_t *self, int64_t ack)
{
    assert (self);
    int64_t settled = node_store_settled (self);
    if (settled < 0)
        return -1;
    if (ack <= settled)
        return 0;
    char text [24];
    snprintf (text, sizeof text, "%" PRId64, ack);
    if (lx_store_begin (self->db))
        return -1;
    if (lx_store_exec (self->db,
            "INSERT INTO notice (kind, lead, reason, ref) SELECT 'accepted', lead,"
            " 'the broker accepted our ' || cmd || ' #' || seq, seq FROM outbox"
            " WHERE seq > ? AND seq <= ? AND awaiting = 1 AND seq NOT IN (SELECT ref FROM rejection)"
            " ORDER BY seq", "ii", settled, ack)
    ||  lx_store_exec (self->db, "UPDATE outbox SET awaiting = 0 WHERE seq <= ? AND awaiting = 1", "i", ack)
    ||  node_store_set_meta (self, "settled", text)
    ||  lx_store_commit (self->db)) {
        lx_store_rollback (self->db);
        return -1;
    }
    return 0;
}

int
node_store_verdict (node_store_t *self, int64_t seq, int *code, char *reason, size_t reason_size)
{
    assert (self && code && reason);
    int64_t settled = node_store_settled (self);
    if (settled < 0)
        return -1;
    if (seq > settled)
        return 2;
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT code, reason FROM rejection WHERE ref = ?", "i", seq);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found != 1)
        return found == 0? 0: -1;
    *code = sqlite3_column_int (stmt, 0);
    snprintf (reason, reason_size, "%s", (const char *) sqlite3_column_text (stmt, 1));
    sqlite3_reset (stmt);
    return 1;
}

int
node_store_outbox_await (node_store_t *self, int64_t seq)
{
    assert (self);
    return lx_store_exec (self->db, "UPDATE outbox SET awaiting = 1 WHERE seq = ?", "i", seq);
}

int
node_store_outbox_hash (node_store_t *self, int64_t seq, char hash [65])
{
    assert (self && hash);
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT body FROM outbox WHERE seq = ?", "i", seq);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found != 1)
        return found == 0? 1: -1;
    int rc = lx_chain_hash_bytes (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0), hash);
    sqlite3_reset (stmt);
    return rc;
}

zlistx_t *
node_store_digests (node_store_t *self, const char *node, const char *challenge)
{
    assert (self && node);
    return lx_digest_store (self->db, s_digest_queries, node, challenge);
}

const char *const *
node_store_digest_queries (void)
{
    return s_digest_queries;
}

void
node_store_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/node_store_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    assert (node_store_applied (store) == 0);
    assert (node_store_outbox_head (store) == 0);

    //  A lead gets the next id and its registration waits in the outbox.
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->investor, "某新能源科技有限公司");
    lx_lead_set (&lead->project, "储能电池项目");
    lx_lead_set (&lead->found, "2026-11-03");
    lx_lead_set (&lead->contact, "张总");
    lx_lead_add_industry (lead, "C3841");
    lead->investment = 800000000;
    lx_error_t err;
    assert (node_store_lead_add (store, "kecheng", lead, &err) == 1);
    assert (streq (lead->id, "kecheng-000001"));
    assert (node_store_lead_add (store, "kecheng", lead, &err) == 2);
    assert (streq (lead->id, "kecheng-000002"));
    assert (node_store_outbox_head (store) == 2);
    lx_lead_add_industry (lead, "Z99");             //  invalid: nothing is stored
    assert (node_store_lead_add (store, "kecheng", lead, &err) == -1);
    assert (node_store_outbox_head (store) == 2);
    lx_lead_destroy (&lead);
    sqlite3_stmt *stmt = node_store_outbox_from (store, 1, 10);
    assert (stmt && lx_store_step (node_store_db (store), stmt) == 1);
    lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 1), (size_t) sqlite3_column_bytes (stmt, 1), NULL);
    sqlite3_reset (stmt);
    assert (msg && lx_msg_cmd (msg) == LX_CMD_LEAD && lx_msg_int (msg, LX_F_SEQ) == 2);
    assert (streq (lx_msg_str (msg, LX_F_CONTACT), "张总"));
    lx_msg_destroy (&msg);
    assert (node_store_outbox_ack (store, 1) == 0);
    assert (node_store_outbox_acked (store) == 1);

    //  Events apply and advance the counter.
    msg = lx_msg_new (LX_CMD_OFFERED);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_SEQ, 1);
    lx_msg_set_str (msg, LX_F_LEAD, "qujiang-000007");
    lx_msg_set_str (msg, LX_F_FINDER, "qujiang");
    lx_msg_set_str (msg, LX_F_INVESTOR, "x");
    lx_msg_set_str (msg, LX_F_PROJECT, "y");
    lx_msg_add_item (msg, LX_F_INDUSTRIES, "C39");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 5);
    lx_msg_set_str (msg, LX_F_TYPE, "manufacturing");
    lx_msg_set_str (msg, LX_F_CHANNEL, "own");
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    lx_msg_set_str (msg, LX_F_FOUND, "2026-11-01");
    lx_msg_set_int (msg, LX_F_SCORE, 60);
    lx_msg_add_item (msg, LX_F_REASONS, "leading industry C39 matches C39");
    assert (lx_store_begin (node_store_db (store)) == 0);
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    assert (node_store_set_applied (store, 1) == 0);
    assert (lx_store_commit (node_store_db (store)) == 0);
    assert (node_store_applied (store) == 1);
    int64_t score;
    lx_store_t *db = node_store_db (store);
    assert (lx_store_int (db, &score, "SELECT score FROM offer WHERE lead = ?", "t",
                          "qujiang-000007") == 0 && score == 60);

    //  The finder edits it: the offer held here follows.
    lx_msg_t *edited = lx_msg_new (LX_CMD_EDITED);
    lx_msg_set_str (edited, LX_F_NODE, "kecheng");
    lx_msg_set_int (edited, LX_F_SEQ, 2);
    lx_lead_t *copy = lx_lead_from_msg (msg);
    copy->investment = 700;
    lx_lead_set (&copy->summary, "扩产");
    lx_lead_to_msg (copy, edited, true);
    lx_lead_destroy (&copy);
    assert (lx_msg_validate (edited, &err) == 0);
    assert (node_store_apply (store, "kecheng", edited, &err) == 0);
    int64_t investment;
    assert (lx_store_int (db, &investment, "SELECT investment FROM offer WHERE lead = ? AND summary = '扩产'",
                          "t", "qujiang-000007") == 0 && investment == 700);
    lx_msg_destroy (&edited);
    lx_msg_destroy (&msg);

    //  ... and withdraws it: the offer is closed for good.
    msg = lx_msg_new (LX_CMD_WITHDRAWN);
    lx_msg_set_str (msg, LX_F_LEAD, "qujiang-000007");
    lx_msg_set_str (msg, LX_F_FINDER, "qujiang");
    lx_msg_set_str (msg, LX_F_REASON, "投资方放弃");
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    int64_t withdrawn;
    assert (lx_store_int (db, &withdrawn, "SELECT count(*) FROM offer WHERE status = 'withdrawn'"
                          " AND note = '投资方放弃'", "") == 0 && withdrawn == 1);
    lx_msg_destroy (&msg);

    //  A progressed whose shares are not its amount's split is refused and
    //  leaves nothing; the right one is recorded, once however often sent.
    msg = lx_msg_new (LX_CMD_PROGRESSED);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000001");
    lx_msg_set_int (msg, LX_F_PROGRESS, 9);
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-01");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_METRIC, "contract");
    lx_msg_set_int (msg, LX_F_AMOUNT, 100000001);
    lx_msg_set_int (msg, LX_F_FINDER_BP, 3000);
    lx_msg_set_int (msg, LX_F_FINDER_SHARE, 30000001);
    lx_msg_set_int (msg, LX_F_LANDER_SHARE, 70000000);
    lx_msg_set_bool (msg, LX_F_COUNTED, true);
    //  The entry as the broker chains it for kecheng: the first of its chain.
    lx_ledger_entry_t entry = { .progress = 9, .lead = "kecheng-000001", .stage = "signed",
                                .date = "2026-12-01", .metric = "contract", .amount = 100000001,
                                .finder = "kecheng", .lander = "longyou", .finder_bp = 3000,
                                .finder_share = 30000000, .lander_share = 70000001, .counted = 1 };
    char hash [65];
    assert (lx_ledger_link ("kecheng", LX_CHAIN_GENESIS, &entry, hash) == 0);
    lx_msg_set_int (msg, LX_F_LEDGER, 1);
    lx_msg_set_str (msg, LX_F_HASH, hash);
    int64_t rows;
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_VALUE);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM progress", "") == 0 && rows == 0);
    lx_msg_set_int (msg, LX_F_FINDER_SHARE, 30000000);
    lx_msg_set_int (msg, LX_F_LANDER_SHARE, 70000001);
    //  A hash that is not the chain's: refused, and (applied in a savepoint
    //  as the daemon does) nothing stays.
    lx_msg_set_str (msg, LX_F_HASH, "00000000000000000000000000000000000000000000000000000000000000ff");
    assert (lx_store_begin (db) == 0);
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_VALUE);
    assert (strstr (err.reason, "the chains differ"));
    assert (lx_store_rollback (db) == 0);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM ledger", "") == 0 && rows == 0);
    lx_msg_set_str (msg, LX_F_HASH, hash);
    //  Signed, but with no broker key to check it: not applied. Signed
    //  with a key that is not the broker's: refused, and nothing stays.
    unsigned char seed [32];
    memset (seed, 0x11, sizeof seed);
    lx_sign_t *broker = lx_sign_new_seeded (seed);
    memset (seed, 0x22, sizeof seed);
    lx_sign_t *stranger = lx_sign_new_seeded (seed);
    assert (broker && stranger);
    char signature [LX_SIGN_HEX + 1];
    assert (lx_sign_head (stranger, "kecheng", 1, hash, signature) == 0);
    lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    assert (lx_store_begin (db) == 0);
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_INTERNAL);
    assert (strstr (err.reason, "no broker signing key"));
    assert (lx_store_rollback (db) == 0);
    lx_sign_t *key = lx_sign_public_copy (broker);
    node_store_set_broker_key (store, &key);
    assert (!key);
    assert (lx_store_begin (db) == 0);
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_VALUE);
    assert (strstr (err.reason, "the signature of ledger entry 1 is not the broker's"));
    assert (lx_store_rollback (db) == 0);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM ledger", "") == 0 && rows == 0);
    assert (lx_sign_head (broker, "kecheng", 1, hash, signature) == 0);
    lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM progress", "") == 0 && rows == 1);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM ledger WHERE node = 'kecheng' AND seq = 1", "") == 0
            && rows == 1);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM ledger_signature WHERE node = 'kecheng' AND seq = 1"
                          " AND signature = ?", "t", signature) == 0 && rows == 1);
    lx_chain_fault_t fault;
    assert (lx_ledger_verify (db, "kecheng", hash, 1, &fault) == 0);
    lx_msg_unset (msg, LX_F_LANDER_SHARE);
    lx_msg_set_int (msg, LX_F_PROGRESS, 10);
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_VALUE);
    //  An entry the broker stored before it signed comes without a
    //  signature: kept, and backed once a later signed entry comes.
    lx_msg_set_int (msg, LX_F_LANDER_SHARE, 70000001);
    entry.progress = 10;
    char second [65], third [65];
    assert (lx_ledger_link ("kecheng", hash, &entry, second) == 0);
    lx_msg_set_int (msg, LX_F_LEDGER, 2);
    lx_msg_set_str (msg, LX_F_HASH, second);
    lx_msg_unset (msg, LX_F_SIGNATURE);
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    lx_ledger_audit_t audit;
    assert (lx_ledger_audit (db, "kecheng", broker, true, &audit) == 1 && audit.backed == 1);
    entry.progress = 11;
    assert (lx_ledger_link ("kecheng", second, &entry, third) == 0);
    assert (lx_sign_head (broker, "kecheng", 3, third, signature) == 0);
    lx_msg_set_int (msg, LX_F_PROGRESS, 11);
    lx_msg_set_int (msg, LX_F_LEDGER, 3);
    lx_msg_set_str (msg, LX_F_HASH, third);
    lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    assert (lx_ledger_audit (db, "kecheng", broker, true, &audit) == 0);
    assert (audit.backed == 3 && audit.checked == 2 && audit.missing == 1);
    //  A signature with no ledger entry is no event of the broker's.
    lx_msg_destroy (&msg);
    msg = lx_msg_new (LX_CMD_PROGRESSED);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000001");
    lx_msg_set_int (msg, LX_F_PROGRESS, 12);
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-02");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_VALUE);
    lx_sign_destroy (&broker);
    lx_sign_destroy (&stranger);
    lx_msg_destroy (&msg);

    //  A refused registration leaves no lead here, and a notice says so.
    int64_t leads_before;
    assert (lx_store_int (db, &leads_before, "SELECT count(*) FROM lead WHERE id = 'kecheng-000002'", "") == 0
            && leads_before == 1);
    msg = lx_msg_new (LX_CMD_REJECTED);
    lx_msg_set_int (msg, LX_F_REF, 2);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CONFLICT);
    lx_msg_set_str (msg, LX_F_REASON, "the district's daily quota of leads is used");
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000002");
    assert (node_store_apply (store, "kecheng", msg, &err) == 0);
    lx_msg_destroy (&msg);
    assert (lx_store_int (db, &leads_before, "SELECT count(*) FROM lead WHERE id = 'kecheng-000002'", "") == 0
            && leads_before == 0);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM notice WHERE kind = 'refused' AND ref = 2"
                          " AND reason LIKE 'our lead #2 was refused: %'", "") == 0 && rows == 1);
    assert (lx_store_int (db, &rows, "SELECT count(*) FROM lead WHERE id = 'kecheng-000001'", "") == 0 && rows == 1);

    //  A node's own command is no event.
    msg = lx_msg_new (LX_CMD_OFFER);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000001");
    assert (node_store_apply (store, "kecheng", msg, &err) == -1 && err.code == LX_ERR_BAD_COMMAND);
    lx_msg_destroy (&msg);
    node_store_destroy (&store);
    node_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    rmdir (dir);
    zstr_free (&path);
}
