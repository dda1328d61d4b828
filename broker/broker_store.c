/*  broker_store: the broker's SQLite record. */

#include "broker_store.h"
#include "lx_digest.h"
#include "lx_ledger.h"
#include "lx_name.h"
#include "lx_sheet.h"

#include <czmq.h>

//  Migrations: migration N brings user_version from N to N + 1. Never edit
//  one that has shipped; add another.
static const char *const s_migrations [] = {
    //  1: delivery bookkeeping and the city's register of leads
    "CREATE TABLE node ("
    "  id TEXT PRIMARY KEY,"                    //  district id
    "  role TEXT NOT NULL,"                     //  county | platform | liaison | center
    "  received INTEGER NOT NULL DEFAULT 0,"    //  highest node seq stored
    "  acked INTEGER NOT NULL DEFAULT 0,"       //  highest event seq acknowledged
    "  head INTEGER NOT NULL DEFAULT 0,"        //  highest event seq created
    "  last_seen INTEGER NOT NULL DEFAULT 0,"   //  ms since epoch
    "  online INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE TABLE inbound ("                    //  every numbered message stored
    "  node TEXT NOT NULL REFERENCES node (id),"
    "  seq INTEGER NOT NULL,"
    "  cmd TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  outcome INTEGER NOT NULL,"               //  0 applied, else error code
    "  PRIMARY KEY (node, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE event ("                      //  everything sent to a node
    "  node TEXT NOT NULL REFERENCES node (id),"
    "  seq INTEGER NOT NULL,"
    "  cmd TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  PRIMARY KEY (node, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE lead ("
    "  id TEXT PRIMARY KEY,"
    "  finder TEXT NOT NULL REFERENCES node (id),"
    "  investor TEXT NOT NULL, uscc TEXT, project TEXT NOT NULL, summary TEXT,"
    "  industries TEXT NOT NULL, tags TEXT NOT NULL,"
    "  investment INTEGER NOT NULL, land INTEGER NOT NULL, tax INTEGER NOT NULL,"
    "  output INTEGER NOT NULL, type TEXT NOT NULL, channel TEXT NOT NULL,"
    "  contact TEXT, phone TEXT, found TEXT NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  lander TEXT REFERENCES node (id),"       //  set when a transfer is approved
    "  counted INTEGER NOT NULL DEFAULT 0,"     //  1 once counted at first signing
    "  registered INTEGER NOT NULL"             //  ms since epoch
    ");"
    "CREATE TABLE offer ("
    "  lead TEXT PRIMARY KEY REFERENCES lead (id),"
    "  status TEXT NOT NULL,"                   //  open | claimed | approved | rejected
    "  offered INTEGER NOT NULL,"
    "  claimant TEXT REFERENCES node (id),"
    "  claimed INTEGER"
    ");"
    "CREATE TABLE route ("                      //  where an offer was sent, and why
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  node TEXT NOT NULL REFERENCES node (id),"
    "  score INTEGER NOT NULL,"
    "  reasons TEXT NOT NULL,"
    "  PRIMARY KEY (lead, node)"
    ");"
    "CREATE TABLE claim ("
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  node TEXT NOT NULL REFERENCES node (id),"
    "  at INTEGER NOT NULL,"
    "  won INTEGER NOT NULL,"
    "  PRIMARY KEY (lead, node)"
    ");"
    "CREATE TABLE decision ("                   //  every approval and rejection
    "  id INTEGER PRIMARY KEY,"
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  claimant TEXT NOT NULL REFERENCES node (id),"
    "  decision TEXT NOT NULL,"                 //  approve | reject
    "  decided_by TEXT NOT NULL REFERENCES node (id),"
    "  reason TEXT,"
    "  decided INTEGER NOT NULL"
    ");"
    "CREATE TABLE transfer ("                   //  approved transfers
    "  lead TEXT PRIMARY KEY REFERENCES lead (id),"
    "  finder TEXT NOT NULL REFERENCES node (id),"
    "  lander TEXT NOT NULL REFERENCES node (id),"
    "  decision INTEGER NOT NULL REFERENCES decision (id)"
    ");"
    "CREATE TABLE transfer_split ("             //  fixed at approval, never changed
    "  lead TEXT NOT NULL REFERENCES transfer (lead),"
    "  metric TEXT NOT NULL,"
    "  finder_bp INTEGER NOT NULL CHECK (finder_bp BETWEEN 0 AND 10000),"
    "  source TEXT NOT NULL,"                   //  policy | override
    "  PRIMARY KEY (lead, metric)"
    ");"
    "CREATE TRIGGER transfer_split_fixed BEFORE UPDATE ON transfer_split"
    "  BEGIN SELECT RAISE (ABORT, 'an agreed split never changes'); END;"
    "CREATE TABLE progress ("
    "  id INTEGER PRIMARY KEY,"
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  reporter TEXT NOT NULL REFERENCES node (id),"
    "  stage TEXT NOT NULL, date TEXT NOT NULL,"
    "  metric TEXT, amount INTEGER,"
    "  finder TEXT NOT NULL, lander TEXT NOT NULL,"
    "  finder_bp INTEGER, finder_share INTEGER, lander_share INTEGER,"
    "  CHECK (metric IS NULL OR finder_share + lander_share = amount)"
    ");"
    "CREATE INDEX progress_lead ON progress (lead);",
    //  2: each node's last reconciliation, section by section
    "CREATE TABLE reconcile ("
    "  node TEXT NOT NULL REFERENCES node (id),"
    "  section TEXT NOT NULL,"
    "  node_digest TEXT NOT NULL,"              //  "SECTION COUNT HEX" as the node sent it
    "  broker_digest TEXT NOT NULL,"            //  ours at that moment
    "  at INTEGER NOT NULL,"                    //  ms since epoch
    "  PRIMARY KEY (node, section)"
    ");",
    //  3: the finder's withdrawals and edits, on the record
    "CREATE TABLE lead_change ("
    "  id INTEGER PRIMARY KEY,"
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  node TEXT NOT NULL REFERENCES node (id),"   //  who changed it: the finder
    "  kind TEXT NOT NULL,"                     //  withdraw | edit
    "  fields TEXT,"                            //  edit: the fields it carried, comma-separated
    "  reason TEXT,"                            //  as the finder gave it
    "  at INTEGER NOT NULL"                     //  ms since epoch
    ");",
    //  4: the register's conflicts, the timers' marks, transfers returned
    //  activity: ms of its last change of stage, and before signing of its
    //  last progress report too (what the timers read)
    "ALTER TABLE lead ADD COLUMN activity INTEGER NOT NULL DEFAULT 0;"
    "UPDATE lead SET activity = registered;"
    "ALTER TABLE lead ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;"   //  the activity it was flagged stale at
    "ALTER TABLE lead ADD COLUMN name_core TEXT;"       //  the investor's name by lx_name's rule
    "CREATE INDEX lead_activity ON lead (stage, activity);"
    "CREATE INDEX lead_uscc ON lead (uscc);"
    "CREATE INDEX lead_core ON lead (name_core);"
    "CREATE INDEX lead_trade ON lead (substr (name_core, 1, 2));"   //  near matches share a trade name's start
    "CREATE INDEX offer_waiting ON offer (status, offered);"
    "CREATE TABLE conflict ("                   //  a registration naming an investor already protected
    "  lead TEXT PRIMARY KEY REFERENCES lead (id),"    //  the later registration
    "  earlier TEXT NOT NULL REFERENCES lead (id),"    //  the one holding priority
    "  match TEXT NOT NULL,"                    //  uscc | name | similar
    "  similarity INTEGER NOT NULL,"            //  the names', basis points
    "  detected INTEGER NOT NULL,"              //  ms since epoch
    "  status TEXT NOT NULL,"                   //  open | keep | transfer | merge | dismiss
    "  resolved_by TEXT REFERENCES node (id),"
    "  reason TEXT,"                            //  the center's, on the record
    "  resolved INTEGER"                        //  ms since epoch
    ");"
    "CREATE TABLE transfer_returned ("          //  transfers the progress rule took back
    "  id INTEGER PRIMARY KEY,"
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  finder TEXT NOT NULL, lander TEXT NOT NULL,"
    "  decision INTEGER NOT NULL REFERENCES decision (id),"
    "  splits TEXT NOT NULL,"                   //  metric=finder_bp, comma-separated, as agreed
    "  returned INTEGER NOT NULL,"              //  ms since epoch
    "  reason TEXT NOT NULL"
    ");",
    //  5: the credit ledger, a hash chain per district; each transfer's
    //  counting window, agreed with its split
    LX_LEDGER_SCHEMA
    "ALTER TABLE transfer_split ADD COLUMN years INTEGER NOT NULL DEFAULT 0;"   //  0 = unlimited
    "ALTER TABLE transfer_split ADD COLUMN window_from TEXT NOT NULL DEFAULT 'signed';"    //  signed | started | first
    "CREATE INDEX progress_report ON progress (lander, lead, stage, date);"    //  the reports' rates
    //  A report's window start and capital increase read a lead's reports
    //  of one stage or metric: by index, however many the lead has.
    "DROP INDEX progress_lead;"
    "CREATE INDEX progress_stage ON progress (lead, stage, date);"
    "CREATE INDEX progress_metric ON progress (lead, metric, date, amount);",
    //  6: the ledger's index by progress id is the node's (it checks each
    //  entry once); no broker query reads it, and every entry paid for it
    "DROP INDEX ledger_progress;",
    //  7: a node's head is its highest event seq, read from the event
    //  table's key; every event paid for a second write to keep a copy
    "ALTER TABLE node DROP COLUMN head;",
    //  8: no district can bend the record: reports held for the center,
    //  periods closed by a published ranking, a correction's reason, when
    //  each message came (the quotas count from it)
    "ALTER TABLE progress ADD COLUMN reason TEXT;"   //  the reporter's, for a correction
    "ALTER TABLE inbound ADD COLUMN at INTEGER NOT NULL DEFAULT 0;"    //  ms since epoch, received
    "CREATE TABLE held ("                       //  implausible reports, for the center
    "  id INTEGER PRIMARY KEY,"
    "  lead TEXT NOT NULL REFERENCES lead (id),"
    "  reporter TEXT NOT NULL REFERENCES node (id),"
    "  stage TEXT NOT NULL, date TEXT NOT NULL, metric TEXT NOT NULL, amount INTEGER NOT NULL,"
    "  reason TEXT,"                            //  the reporter's
    "  why TEXT NOT NULL,"                      //  the bound it is outside
    "  held INTEGER NOT NULL,"                  //  ms since epoch
    "  status TEXT NOT NULL,"                   //  held | confirmed | rejected
    "  decided_by TEXT REFERENCES node (id), decision_reason TEXT, decided INTEGER"
    ");"
    "CREATE INDEX held_status ON held (status, id);"
    "CREATE TABLE closed ("                     //  months whose ranking (通报) is published
    "  month TEXT PRIMARY KEY,"                 //  YYYY-MM
    "  period TEXT NOT NULL,"                   //  the published period that closed it
    "  at INTEGER NOT NULL,"                    //  ms since epoch
    "  reason TEXT NOT NULL"
    ");"
    LX_SHEET_SCHEMA,
    //  9: the version of lx_name's rule the name cores were computed by
    //  (LX_NAME_RULE); 1, the rule before versions, until s_fill_cores
    //  computes them again at open
    "CREATE TABLE name_rule (version INTEGER NOT NULL);"   //  one row
    "INSERT INTO name_rule (version) VALUES (1);",
    //  10: the register reads near-match candidates of a live registration
    //  oldest first and stops at its limit (broker_register): by the
    //  trade name's start, then time
    "DROP INDEX lead_trade;"
    "CREATE INDEX lead_trade ON lead (substr (name_core, 1, 2), registered, id)"
    "  WHERE stage NOT IN ('withdrawn', 'struck');",
    //  11: the challenge a reconciliation was keyed with (lx_digest): the
    //  broker's proof that the node's digests were computed from its rows
    //  ('' for one kept from before challenges: no proof)
    "ALTER TABLE reconcile ADD COLUMN challenge TEXT NOT NULL DEFAULT '';",
};

//  The head of the node bound as ?1.
#define S_HEAD BROKER_STORE_HEAD ("?1")

//  The broker's side of each reconciliation section (lx_digest_sections),
//  for the node given as ?1: the same columns, in the same order, as
//  node_store's queries over the node's own tables.
static const char *const s_digest_queries [LX_DIGEST_SECTION_COUNT] = {
    "SELECT seq, cmd, body FROM inbound WHERE node = ?1 ORDER BY seq",
    "SELECT seq, outcome FROM inbound WHERE node = ?1 AND outcome != 0 ORDER BY seq",
    "SELECT seq FROM event WHERE node = ?1 ORDER BY seq",
    "SELECT id, investor, uscc, project, industries, investment, land, found FROM lead"
    " WHERE finder = ?1 ORDER BY id",
    "SELECT id, stage, ifnull (lander, '') FROM lead WHERE finder = ?1 OR lander = ?1 ORDER BY id",
    "SELECT lead, finder, lander FROM transfer WHERE finder = ?1 OR lander = ?1 ORDER BY lead",
    "SELECT id, lead, stage, date, metric, amount, finder, lander, finder_bp, finder_share, lander_share"
    " FROM progress WHERE finder = ?1 OR lander = ?1 ORDER BY id",
    "SELECT seq, hash FROM ledger WHERE node = ?1 ORDER BY seq",
};

struct _broker_store_t {
    lx_store_t *db;             //  the open database
    zhashx_t *dirty;            //  node ids that got events since take_dirty
    zhashx_t *heads;            //  node id -> int64_t *: its head, as this transaction left it
    int64_t heads_rollbacks;    //  lx_store_rollbacks when heads was last known right
};

//  zhashx destructor of a cached head.
static void
s_head_free (void **item_p)
{
    free (*item_p);
    *item_p = NULL;
}

//  Computes the name cores SQL cannot (lx_name): every lead's when an
//  older rule made them (name_rule), else those missing (leads registered
//  before migration 4). The normalizer is made only when there is a core
//  to compute. Returns 0, or -1 with the reason in error.
static int
s_fill_cores (broker_store_t *self, char *error, size_t error_size)
{
    int64_t version = 0;
    if (lx_store_int (self->db, &version, "SELECT version FROM name_rule", "") == -1) {
        snprintf (error, error_size, "%s", lx_store_error (self->db));
        return -1;
    }
    bool stale = version != LX_NAME_RULE;
    sqlite3_stmt *stmt = lx_store_query (self->db, stale? "SELECT id, investor FROM lead"
                                         : "SELECT id, investor FROM lead WHERE name_core IS NULL", "");
    if (!stmt) {
        snprintf (error, error_size, "%s", lx_store_error (self->db));
        return -1;
    }
    zlistx_t *rows = zlistx_new ();
    assert (rows);
    zlistx_set_destructor (rows, (zlistx_destructor_fn *) zstr_free);
    lx_name_t *names = NULL;
    bool unnamed = false;       //  the normalizer could not be made: error says why
    int step;
    while ((step = lx_store_step (self->db, stmt)) == 1) {
        if (!names && !(names = lx_name_new (error, error_size))) {
            sqlite3_reset (stmt);
            unnamed = true;
            break;
        }
        zlistx_add_end (rows, strdup ((const char *) sqlite3_column_text (stmt, 0)));
        char *core = lx_name_normalize (names, (const char *) sqlite3_column_text (stmt, 1));
        zlistx_add_end (rows, core? core: strdup (""));
    }
    lx_name_destroy (&names);
    int rc = unnamed || step != 0? -1: 0;
    if (rc == 0 && (zlistx_size (rows) || stale) && (rc = lx_store_begin (self->db)) == 0) {
        for (char *id = (char *) zlistx_first (rows); id && rc == 0; id = (char *) zlistx_next (rows))
            rc = lx_store_exec (self->db, "UPDATE lead SET name_core = ? WHERE id = ?", "tt",
                                (const char *) zlistx_next (rows), id);
        if (rc == 0)
            rc = lx_store_exec (self->db, "UPDATE name_rule SET version = ?", "i", (int64_t) LX_NAME_RULE);
        if (rc || lx_store_commit (self->db)) {
            lx_store_rollback (self->db);
            rc = -1;
        }
    }
    if (rc && !unnamed)
        snprintf (error, error_size, "%s", lx_store_error (self->db));
    zlistx_destroy (&rows);
    return rc;
}

broker_store_t *
broker_store_new (const char *path, char *error, size_t error_size)
{
    broker_store_t *self = (broker_store_t *) zmalloc (sizeof (broker_store_t));
    if (!self)
        return NULL;
    self->db = lx_store_new (path, LX_STORE_FULL, s_migrations,
                             sizeof s_migrations / sizeof s_migrations [0], error, error_size);
    self->dirty = zhashx_new ();
    self->heads = zhashx_new ();
    if (self->heads)
        zhashx_set_destructor (self->heads, s_head_free);
    if (!self->db || !self->dirty || !self->heads) {
        broker_store_destroy (&self);
        return NULL;
    }
    char reason [256] = "";
    if (s_fill_cores (self, reason, sizeof reason)) {
        snprintf (error, error_size, "%s: name cores: %s", path, reason);
        broker_store_destroy (&self);
        return NULL;
    }
    return self;
}

void
broker_store_destroy (broker_store_t **self_p)
{
    assert (self_p);
    broker_store_t *self = *self_p;
    if (self) {
        lx_store_destroy (&self->db);
        zhashx_destroy (&self->dirty);
        zhashx_destroy (&self->heads);
        free (self);
        *self_p = NULL;
    }
}

lx_store_t *
broker_store_db (broker_store_t *self)
{
    assert (self);
    return self->db;
}

int
broker_store_node_ensure (broker_store_t *self, const char *node, const char *role)
{
    assert (self && node && role);
    return lx_store_exec (self->db, "INSERT INTO node (id, role) VALUES (?, ?)"
                          " ON CONFLICT (id) DO UPDATE SET role = excluded.role", "tt", node, role);
}

int
broker_store_node_state (broker_store_t *self, const char *node, broker_node_state_t *state)
{
    assert (self && node && state);
    sqlite3_stmt *stmt = lx_store_query (self->db,
        "SELECT received, acked, " S_HEAD " FROM node WHERE id = ?1", "t", node);
    if (!stmt)
        return -1;
    int rc = lx_store_step (self->db, stmt);
    if (rc != 1)
        return rc == 0? 1: -1;
    state->received = sqlite3_column_int64 (stmt, 0);
    state->acked = sqlite3_column_int64 (stmt, 1);
    state->head = sqlite3_column_int64 (stmt, 2);
    sqlite3_reset (stmt);
    return 0;
}

int
broker_store_received (broker_store_t *self, const char *node, int64_t seq,
                       const char *cmd, const uint8_t *body, size_t size, int outcome, int64_t at)
{
    assert (self && node && cmd && body);
    return lx_store_exec (self->db, "INSERT INTO inbound (node, seq, cmd, body, outcome, at)"
                          " VALUES (?, ?, ?, ?, ?, ?)", "titbii", node, seq, cmd, body, size,
                          (int64_t) outcome, at);
}

int
broker_store_set_received (broker_store_t *self, const char *node, int64_t seq)
{
    assert (self && node);
    return lx_store_exec (self->db, "UPDATE node SET received = ? WHERE id = ?", "it", seq, node);
}

int
broker_store_acked (broker_store_t *self, const char *node, int64_t ack)
{
    assert (self && node);
    return lx_store_exec (self->db, "UPDATE node SET acked = min (max (acked, ?2), " S_HEAD ")"
                          " WHERE id = ?1", "ti", node, ack);
}

int
broker_store_set_acked (broker_store_t *self, const char *node, int64_t ack)
{
    assert (self && node);
    return lx_store_exec (self->db, "UPDATE node SET acked = min (?2, " S_HEAD ") WHERE id = ?1", "ti", node, ack);
}

int
broker_store_seen (broker_store_t *self, const char *node, int64_t when, bool online)
{
    assert (self && node);
    return lx_store_exec (self->db, "UPDATE node SET last_seen = ?, online = ? WHERE id = ?",
                          "iit", when, (int64_t) (online? 1: 0), node);
}

int64_t
broker_store_event_add (broker_store_t *self, const char *node, lx_msg_t *msg)
{
    assert (self && node && msg);
    //  Events come in bursts for the same few nodes: their heads are kept
    //  here until a rollback may have undone some of their events.
    if (lx_store_rollbacks (self->db) != self->heads_rollbacks) {
        zhashx_purge (self->heads);
        self->heads_rollbacks = lx_store_rollbacks (self->db);
    }
    int64_t *cached = (int64_t *) zhashx_lookup (self->heads, node);
    int64_t head;
    if (cached)
        head = *cached;
    else
    if (lx_store_int (self->db, &head, "SELECT " S_HEAD, "t", node) != 0)
        return -1;
    int64_t seq = head + 1;
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, seq);
    lx_error_t error;
    if (lx_msg_validate (msg, &error)) {
        zsys_error ("broker: refusing to store a bad %s event: %s",
                    lx_cmd_name (lx_msg_cmd (msg)), error.reason);
        return -1;
    }
    uint8_t *body;
    size_t size;
    if (lx_msg_encode (msg, &body, &size))
        return -1;
    int rc = lx_store_exec (self->db, "INSERT INTO event (node, seq, cmd, body) VALUES (?, ?, ?, ?)",
                            "titb", node, seq, lx_cmd_name (lx_msg_cmd (msg)), body, size);
    free (body);
    if (rc)
        return -1;
    if (!cached) {
        cached = (int64_t *) malloc (sizeof (int64_t));
        assert (cached);
        zhashx_insert (self->heads, node, cached);
    }
    *cached = seq;
    zhashx_update (self->dirty, node, (void *) 1);
    return seq;
}


zlistx_t *
broker_store_take_dirty (broker_store_t *self)
{
    assert (self);
    zlistx_t *nodes = zhashx_keys (self->dirty);
    zhashx_purge (self->dirty);
    return nodes;
}

sqlite3_stmt *
broker_store_events (broker_store_t *self, const char *node, int64_t after, int64_t limit)
{
    assert (self && node);
    return lx_store_query (self->db, "SELECT seq, body FROM event WHERE node = ? AND seq > ?"
                           " ORDER BY seq LIMIT ?", "tii", node, after, limit);
}

zlistx_t *
broker_store_digests (broker_store_t *self, const char *node, const char *challenge)
{
    assert (self && node);
    return lx_digest_store (self->db, s_digest_queries, node, challenge);
}

const char *const *
broker_store_digest_queries (void)
{
    return s_digest_queries;
}

int
broker_store_reconciled (broker_store_t *self, const char *node, const char *challenge,
                         zlistx_t *node_lines, zlistx_t *broker_lines, int64_t when)
{
    assert (self && node && challenge && node_lines && broker_lines);
    if (lx_store_begin (self->db)
    ||  lx_store_exec (self->db, "DELETE FROM reconcile WHERE node = ?", "t", node))
        goto failed;
    //  One row per section, in section order, each side's line as it came.
    const char *mine = (const char *) zlistx_first (node_lines);
    const char *theirs = (const char *) zlistx_first (broker_lines);
    for (int index = 0; index < LX_DIGEST_SECTION_COUNT; index++) {
        if (lx_store_exec (self->db, "INSERT INTO reconcile (node, section, node_digest, broker_digest, at,"
                           " challenge) VALUES (?, ?, ?, ?, ?, ?)", "ttttit", node, lx_digest_sections [index],
                           mine? mine: "", theirs? theirs: "", when, challenge))
            goto failed;
        mine = (const char *) zlistx_next (node_lines);
        theirs = (const char *) zlistx_next (broker_lines);
    }
    return lx_store_commit (self->db);
failed:
    lx_store_rollback (self->db);
    return -1;
}

int
broker_store_reported (broker_store_t *self, const char *node, broker_reconciled_t *last)
{
    assert (self && node && last);
    memset (last, 0, sizeof *last);
    last->node_lines = zlistx_new ();
    last->broker_lines = zlistx_new ();
    assert (last->node_lines && last->broker_lines);
    zlistx_set_destructor (last->node_lines, (zlistx_destructor_fn *) zstr_free);
    zlistx_set_destructor (last->broker_lines, (zlistx_destructor_fn *) zstr_free);
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT node_digest, broker_digest, at, challenge"
                                         " FROM reconcile WHERE node = ? ORDER BY rowid", "t", node);
    int rc = stmt? 0: -1;
    while (stmt && (rc = lx_store_step (self->db, stmt)) == 1) {
        zlistx_add_end (last->node_lines, strdup ((const char *) sqlite3_column_text (stmt, 0)));
        zlistx_add_end (last->broker_lines, strdup ((const char *) sqlite3_column_text (stmt, 1)));
        last->when = sqlite3_column_int64 (stmt, 2);
        snprintf (last->challenge, sizeof last->challenge, "%s", (const char *) sqlite3_column_text (stmt, 3));
    }
    if (rc) {
        broker_reconciled_clear (last);
        return -1;
    }
    return 0;
}

void
broker_reconciled_clear (broker_reconciled_t *last)
{
    assert (last);
    zlistx_destroy (&last->node_lines);
    zlistx_destroy (&last->broker_lines);
}

void
broker_store_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/broker_store_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/broker.db", dir);
    char error [256];
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    assert (store);
    assert (lx_store_version (broker_store_db (store)) == 11);
    int64_t found;
    assert (lx_store_int (broker_store_db (store), &found, "SELECT count(*) FROM sqlite_schema"
                          " WHERE name = 'ledger_progress'", "") == 0 && found == 0);
    broker_node_state_t state;
    assert (broker_store_node_state (store, "kecheng", &state) == 1);
    assert (broker_store_node_ensure (store, "kecheng", "county") == 0);
    assert (broker_store_node_state (store, "kecheng", &state) == 0);
    assert (state.received == 0 && state.acked == 0 && state.head == 0);

    //  Events are numbered from 1 per node and read back in order.
    for (int index = 0; index < 3; index++) {
        lx_msg_t *msg = lx_msg_new (LX_CMD_CLOSED);
        lx_msg_set_str (msg, LX_F_LEAD, "qujiang-1");
        lx_msg_set_str (msg, LX_F_REASON, "taken by qujiang");
        assert (broker_store_event_add (store, "kecheng", msg) == index + 1);
        assert (lx_msg_int (msg, LX_F_SEQ) == index + 1);
        lx_msg_destroy (&msg);
    }
    //  An event undone by a rollback leaves no gap once the heads are forgotten.
    lx_store_t *db_ = broker_store_db (store);
    lx_msg_t *undone = lx_msg_new (LX_CMD_CLOSED);
    lx_msg_set_str (undone, LX_F_LEAD, "qujiang-1");
    lx_msg_set_str (undone, LX_F_REASON, "undone");
    for (int round = 0; round < 2; round++) {
        assert (lx_store_begin (db_) == 0);
        assert (broker_store_event_add (store, "kecheng", undone) == 4);
        assert (lx_store_rollback (db_) == 0);
    }
    lx_msg_destroy (&undone);
    zlistx_t *dirty = broker_store_take_dirty (store);
    assert (zlistx_size (dirty) == 1 && streq ((char *) zlistx_first (dirty), "kecheng"));
    zlistx_destroy (&dirty);
    dirty = broker_store_take_dirty (store);
    assert (zlistx_size (dirty) == 0);
    zlistx_destroy (&dirty);
    //  An invalid event is refused, not stored.
    lx_msg_t *bad = lx_msg_new (LX_CMD_CLOSED);
    assert (broker_store_event_add (store, "kecheng", bad) == -1);
    lx_msg_destroy (&bad);
    sqlite3_stmt *stmt = broker_store_events (store, "kecheng", 1, 10);
    assert (stmt);
    int64_t expect = 2;
    while (lx_store_step (broker_store_db (store), stmt) == 1) {
        assert (sqlite3_column_int64 (stmt, 0) == expect++);
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 1),
                                       (size_t) sqlite3_column_bytes (stmt, 1), NULL);
        assert (msg && lx_msg_cmd (msg) == LX_CMD_CLOSED);
        assert (streq (lx_msg_str (msg, LX_F_NODE), "kecheng"));
        lx_msg_destroy (&msg);
    }
    assert (expect == 4);

    //  Acks only rise, and never past head.
    assert (broker_store_acked (store, "kecheng", 2) == 0);
    assert (broker_store_acked (store, "kecheng", 1) == 0);
    assert (broker_store_node_state (store, "kecheng", &state) == 0 && state.acked == 2);
    assert (broker_store_acked (store, "kecheng", 99) == 0);
    //  A hello sets it exactly: lower when the node's store went back.
    broker_node_state_t before;
    assert (broker_store_node_state (store, "kecheng", &before) == 0 && before.acked > 0);
    assert (broker_store_set_acked (store, "kecheng", 0) == 0);
    broker_node_state_t after;
    assert (broker_store_node_state (store, "kecheng", &after) == 0 && after.acked == 0);
    assert (broker_store_set_acked (store, "kecheng", before.acked) == 0);
    assert (broker_store_node_state (store, "kecheng", &state) == 0 && state.acked == 3);
    assert (state.head == 3);

    //  Received messages are recorded once.
    assert (broker_store_received (store, "kecheng", 1, "lead", (const uint8_t *) "x", 1, 0, 1000) == 0);
    assert (broker_store_received (store, "kecheng", 1, "lead", (const uint8_t *) "x", 1, 0, 1000) == -1);
    assert (broker_store_node_state (store, "kecheng", &state) == 0 && state.received == 0);
    assert (broker_store_set_received (store, "kecheng", 1) == 0);
    assert (broker_store_node_state (store, "kecheng", &state) == 0 && state.received == 1);
    assert (broker_store_seen (store, "kecheng", 1000, true) == 0);

    //  The agreed split cannot be updated.
    lx_store_t *db = broker_store_db (store);
    assert (lx_store_exec (db, "INSERT INTO lead (id, finder, investor, project, industries, tags,"
        " investment, land, tax, output, type, channel, found, stage, registered)"
        " VALUES ('kecheng-1', 'kecheng', 'x', 'y', 'C39', '', 1, 0, 0, 0, 'service', 'own',"
        " '2026-11-01', 'captured', 0)", "") == 0);
    assert (broker_store_node_ensure (store, "center", "center") == 0);
    assert (lx_store_exec (db, "INSERT INTO decision (lead, claimant, decision, decided_by, decided)"
        " VALUES ('kecheng-1', 'kecheng', 'approve', 'center', 0)", "") == 0);
    assert (lx_store_exec (db, "INSERT INTO transfer (lead, finder, lander, decision)"
        " VALUES ('kecheng-1', 'kecheng', 'kecheng', 1)", "") == 0);
    assert (lx_store_exec (db, "INSERT INTO transfer_split VALUES ('kecheng-1', 'tax', 3000, 'policy', 5, 'first')", "") == 0);
    assert (lx_store_exec (db, "UPDATE transfer_split SET finder_bp = 9000", "") == -1);

    //  Digests: six sections; a reconciliation is kept until the next one.
    zlistx_t *ours = broker_store_digests (store, "kecheng", NULL);
    assert (ours && zlistx_size (ours) == LX_DIGEST_SECTION_COUNT);
    assert (strncmp ((char *) zlistx_first (ours), "sent 1 ", 7) == 0);
    broker_reconciled_t last;
    assert (broker_store_reported (store, "kecheng", &last) == 0);
    assert (zlistx_size (last.node_lines) == 0 && last.when == 0 && !*last.challenge);
    broker_reconciled_clear (&last);
    broker_reconciled_clear (&last);
    //  Keyed, the same rows digest otherwise.
    char challenge [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (challenge);
    zlistx_t *keyed = broker_store_digests (store, "kecheng", challenge);
    assert (keyed && strcmp ((char *) zlistx_first (keyed), (char *) zlistx_first (ours)) != 0);
    zlistx_t *theirs = zlistx_dup (keyed);
    zlistx_delete (theirs, zlistx_last (theirs)? zlistx_cursor (theirs): NULL);
    assert (broker_store_reconciled (store, "kecheng", "", theirs, ours, 5000) == 0);
    assert (broker_store_reconciled (store, "kecheng", challenge, theirs, keyed, 6000) == 0);
    assert (broker_store_reported (store, "kecheng", &last) == 0);
    assert (last.when == 6000 && streq (last.challenge, challenge));
    assert (zlistx_size (last.node_lines) == LX_DIGEST_SECTION_COUNT);
    assert (zlistx_size (last.broker_lines) == LX_DIGEST_SECTION_COUNT);
    assert (streq ((char *) zlistx_first (last.node_lines), (char *) zlistx_first (keyed)));
    assert (streq ((char *) zlistx_first (last.broker_lines), (char *) zlistx_first (keyed)));
    assert (streq ((char *) zlistx_last (last.node_lines), ""));      //  the node sent no ledger line
    broker_reconciled_clear (&last);
    zlistx_destroy (&theirs);
    zlistx_destroy (&keyed);
    zlistx_destroy (&ours);
    broker_store_destroy (&store);
    broker_store_destroy (&store);

    //  Reopening keeps everything.
    store = broker_store_new (path, error, sizeof error);
    assert (store);
    assert (broker_store_node_state (store, "kecheng", &state) == 0 && state.head == 3);
    //  ... and gives the lead stored without one its name core.
    db = broker_store_db (store);
    char *core = NULL;
    stmt = lx_store_query (db, "SELECT name_core FROM lead WHERE id = 'kecheng-1'", "");
    assert (stmt && lx_store_step (db, stmt) == 1);
    assert (streq ((const char *) sqlite3_column_text (stmt, 0), "x"));
    sqlite3_reset (stmt);
    //  Cores an older rule made are all computed again at open.
    assert (lx_store_exec (db, "INSERT INTO lead (id, finder, investor, project, industries, tags,"
        " investment, land, tax, output, type, channel, found, stage, registered, name_core)"
        " VALUES ('kecheng-2', 'kecheng', '浙江華友\u200B鈷業股份有限公司', 'y', 'C39', '', 1, 0, 0, 0,"
        " 'service', 'own', '2026-11-01', 'captured', 0, '華友鈷業')", "") == 0);
    assert (lx_store_exec (db, "UPDATE lead SET name_core = 'stale' WHERE id = 'kecheng-1'", "") == 0);
    assert (lx_store_exec (db, "UPDATE name_rule SET version = 1", "") == 0);
    broker_store_destroy (&store);
    store = broker_store_new (path, error, sizeof error);
    assert (store);
    db = broker_store_db (store);
    int64_t version;
    assert (lx_store_int (db, &version, "SELECT version FROM name_rule", "") == 0 && version == LX_NAME_RULE);
    stmt = lx_store_query (db, "SELECT group_concat (name_core, '|') FROM (SELECT name_core FROM lead"
                           " ORDER BY id)", "");
    assert (stmt && lx_store_step (db, stmt) == 1);
    core = strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    assert (streq (core, "x|华友钴业"));
    free (core);
    broker_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    rmdir (dir);
    zstr_free (&path);
}
