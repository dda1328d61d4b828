/*  broker_logic rules selftest: the register (conflicts, RESOLVE, STRIKE)
    and the timers (offer expiry, stale claims and transfers, the return to
    the pool), applied to a real store in a temporary directory, without
    sockets, on a manual clock.

    Each scenario builds its own fixture, so that a window opened or a
    timer started in one never acts in another. Every message is applied
    inside a transaction exactly as broker_server does (s_apply); a refused
    one is rolled back, and s_refused checks that it left the store byte
    for byte as it was.
*/

#include "broker_logic.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_name.h"
#include "lx_valid.h"

#define S_DAY (INT64_C (86400000))

//  The test city: three counties, one platform, the center. A chemicals
//  lead (C2614) of kecheng fits qujiang, zhizao and longyou (leading C26,
//  40 points each); a battery lead (C3841) fits zhizao only (cluster C38).
static const char *s_city =
    "match\n"
    "    top = 3\n"
    "    min_score = 20\n"
    "policy\n"
    "    rule\n"
    "        finder_bp = 3000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 5000\n"
    "districts\n"
    "    kecheng\n"
    "        name = \"柯城区\"\n"
    "        role = \"county\"\n"
    "        leading = \"C39\"\n"
    "    qujiang\n"
    "        name = \"衢江区\"\n"
    "        role = \"county\"\n"
    "        leading = \"C22,C26\"\n"
    "    zhizao\n"
    "        name = \"智造新城\"\n"
    "        role = \"platform\"\n"
    "        leading = \"C26\"\n"
    "        cluster = \"C38\"\n"
    "    longyou\n"
    "        name = \"龙游县\"\n"
    "        role = \"county\"\n"
    "        leading = \"C26\"\n"
    "    center\n"
    "        name = \"市协作中心\"\n"
    "        role = \"center\"\n";

#define S_NODES 5
static const char *s_nodes [S_NODES] = { "kecheng", "qujiang", "zhizao", "longyou", "center" };
static const char *s_role_names [S_NODES] = { "county", "county", "platform", "county", "center" };
static const int s_roles [S_NODES] = { LX_ROLE_COUNTY, LX_ROLE_COUNTY, LX_ROLE_PLATFORM, LX_ROLE_COUNTY,
                                       LX_ROLE_CENTER };

//  A valid unified social credit code (check digit included).
#define S_USCC "91330802MA29U5P27G"

//  Everything a scenario needs, in its own temporary directory.
typedef struct {
    char dir [64];              //  temporary directory
    char *path;                 //  the store's file
    zconfig_t *config;          //  parsed city
    broker_store_t *store;      //  the store under test
    broker_match_t *match;      //  profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's rule, defaults
    broker_timers_t *timers;    //  timer settings
    lx_clock_t *clock;          //  manual clock
    broker_logic_t *logic;      //  the class under test
    int64_t seq [S_NODES];      //  next seq per sender
    int64_t start;              //  the clock's start, ms
    bool verbose;
} s_fixture_t;

//  Index of a node in s_nodes.
static int
s_index (const char *node)
{
    for (int index = 0; index < S_NODES; index++)
        if (streq (node, s_nodes [index]))
            return index;
    assert (false);
    return -1;
}

//  True when text is present and equal to expected.
static bool
s_is (const char *text, const char *expected)
{
    return text && expected && streq (text, expected);
}

//  Builds a fixture over the city plus extra configuration text (may be "").
static s_fixture_t *
s_fixture_new (const char *extra, bool verbose)
{
    s_fixture_t *self = (s_fixture_t *) zmalloc (sizeof (s_fixture_t));
    assert (self);
    self->verbose = verbose;
    snprintf (self->dir, sizeof self->dir, "/tmp/broker_logic_rules_XXXXXX");
    assert (mkdtemp (self->dir));
    self->path = zsys_sprintf ("%s/broker.db", self->dir);
    char *text = zsys_sprintf ("%s%s", s_city, extra);
    char error [256];
    self->config = zconfig_str_load (text);
    zstr_free (&text);
    assert (self->config);
    self->store = broker_store_new (self->path, error, sizeof error);
    self->match = broker_match_load (self->config, error, sizeof error);
    self->policy = broker_policy_load (self->config, error, sizeof error);
    self->reg = broker_register_load (self->config, error, sizeof error);
    self->timers = broker_timers_load (self->config, error, sizeof error);
    self->start = INT64_C (1795348800000);     //  2026-11-22 12:00 UTC
    self->clock = lx_clock_new_manual (self->start);
    assert (self->store && self->match && self->policy && self->reg && self->timers && self->clock);
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock);
    assert (self->logic);
    for (int index = 0; index < S_NODES; index++)
        assert (broker_store_node_ensure (self->store, s_nodes [index], s_role_names [index]) == 0);
    return self;
}

static void
s_fixture_destroy (s_fixture_t **self_p)
{
    s_fixture_t *self = *self_p;
    broker_logic_destroy (&self->logic);
    lx_clock_destroy (&self->clock);
    broker_policy_destroy (&self->policy);
    broker_register_destroy (&self->reg);
    broker_timers_destroy (&self->timers);
    broker_match_destroy (&self->match);
    broker_store_destroy (&self->store);
    zconfig_destroy (&self->config);
    assert (lx_store_remove (self->path) == 0);
    assert (rmdir (self->dir) == 0);
    zstr_free (&self->path);
    free (self);
    *self_p = NULL;
}

static lx_store_t *
s_db (s_fixture_t *self)
{
    return broker_store_db (self->store);
}

//  Moves the clock to start + days (never back).
static void
s_at_day (s_fixture_t *self, int64_t days)
{
    int64_t target = self->start + days * S_DAY;
    int64_t now = lx_clock_now (self->clock);
    assert (target >= now);
    lx_clock_advance (self->clock, target - now);
    assert (lx_clock_now (self->clock) == target);
}

//  The local date of start + days.
static void
s_date (s_fixture_t *self, int64_t days, char date [11])
{
    assert (lx_clock_date (self->start + days * S_DAY, date) == 0);
}

//  Every node's events are numbered 1..head without a gap, whatever was
//  rolled back on the way.
static void
s_check_numbering (s_fixture_t *self)
{
    int64_t bad = -1;
    assert (lx_store_int (s_db (self), &bad,
        "SELECT count(*) FROM node WHERE head != (SELECT count(*) FROM event WHERE event.node = node.id)"
        " OR head != (SELECT ifnull (max (seq), 0) FROM event WHERE event.node = node.id)", "") == 0);
    assert (bad == 0);
}

//  A digest of every row of every table: equal digests, equal stores.
static uint64_t
s_digest (s_fixture_t *self)
{
    sqlite3 *handle = lx_store_handle (s_db (self));
    uint64_t hash = UINT64_C (14695981039346656037);
    #define S_MIX(byte) (hash = (hash ^ (uint8_t) (byte)) * UINT64_C (1099511628211))
    sqlite3_stmt *tables = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                -1, &tables, NULL) == SQLITE_OK);
    while (sqlite3_step (tables) == SQLITE_ROW) {
        char *sql = zsys_sprintf ("SELECT * FROM \"%s\"", (const char *) sqlite3_column_text (tables, 0));
        for (const char *name = (const char *) sqlite3_column_text (tables, 0); *name; name++)
            S_MIX (*name);
        sqlite3_stmt *rows = NULL;
        assert (sqlite3_prepare_v2 (handle, sql, -1, &rows, NULL) == SQLITE_OK);
        zstr_free (&sql);
        int step;
        while ((step = sqlite3_step (rows)) == SQLITE_ROW) {
            S_MIX ('\n');
            for (int column = 0; column < sqlite3_column_count (rows); column++) {
                int type = sqlite3_column_type (rows, column);
                S_MIX (type);
                const uint8_t *bytes = type == SQLITE_BLOB? (const uint8_t *) sqlite3_column_blob (rows, column)
                                                           : sqlite3_column_text (rows, column);
                int size = sqlite3_column_bytes (rows, column);
                for (int index = 0; bytes && index < size; index++)
                    S_MIX (bytes [index]);
                S_MIX (0xFF);
            }
        }
        assert (step == SQLITE_DONE);
        sqlite3_finalize (rows);
    }
    sqlite3_finalize (tables);
    #undef S_MIX
    return hash;
}

//  Applies msg from node inside a transaction; returns the error code
//  (0 applied), rolling back when refused, as the server does.
static int
s_apply (s_fixture_t *self, const char *node, lx_msg_t *msg)
{
    int index = s_index (node);
    lx_store_t *db = s_db (self);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, ++self->seq [index]);
    lx_error_t error = { 0, "" };
    assert (lx_msg_validate (msg, &error) == 0);
    assert (lx_store_begin (db) == 0);
    int rc = broker_logic_apply (self->logic, node, s_roles [index], msg, &error);
    if (rc) {
        if (self->verbose)
            zsys_info ("rules test: %s %s refused: %d %s", node, lx_cmd_name (lx_msg_cmd (msg)),
                       error.code, error.reason);
        assert (error.code != LX_ERR_NONE && error.code != LX_ERR_INTERNAL);
        assert (lx_store_rollback (db) == 0);
    }
    else
        assert (lx_store_commit (db) == 0);
    lx_msg_destroy (&msg);
    s_check_numbering (self);
    return rc? error.code: 0;
}

//  Applies msg, which must be refused with code, and checks that the store
//  is exactly as it was before.
static void
s_refused (s_fixture_t *self, const char *node, lx_msg_t *msg, int code)
{
    uint64_t before = s_digest (self);
    assert (s_apply (self, node, msg) == code);
    assert (s_digest (self) == before);
}

//  Runs the timers inside a transaction, as the server does. Returns how
//  many leads they acted on (rolled back and -1 on a failure).
static int
s_timers (s_fixture_t *self)
{
    lx_store_t *db = s_db (self);
    assert (lx_store_begin (db) == 0);
    lx_error_t error = { 0, "" };
    int acted = broker_logic_run_timers (self->logic, &error);
    if (acted < 0) {
        if (self->verbose)
            zsys_info ("rules test: timers failed: %d %s", error.code, error.reason);
        assert (lx_store_rollback (db) == 0);
    }
    else
        assert (lx_store_commit (db) == 0);
    s_check_numbering (self);
    return acted;
}

//  The integer a query with one text parameter returns (-1 when no row).
static int64_t
s_int (s_fixture_t *self, const char *sql, const char *text)
{
    int64_t value = -1;
    int rc = lx_store_int (s_db (self), &value, sql, "t", text);
    assert (rc == 0 || rc == 1);
    return value;
}

//  The integer a query with two text parameters returns (-1 when no row).
static int64_t
s_int2 (s_fixture_t *self, const char *sql, const char *one, const char *two)
{
    int64_t value = -1;
    int rc = lx_store_int (s_db (self), &value, sql, "tt", one, two);
    assert (rc == 0 || rc == 1);
    return value;
}

//  True when lead is at stage on the register.
static bool
s_stage_is (s_fixture_t *self, const char *lead, const char *stage)
{
    return s_int2 (self, "SELECT count(*) FROM lead WHERE id = ? AND stage = ?", lead, stage) == 1;
}

//  True when lead's offer has status.
static bool
s_offer_is (s_fixture_t *self, const char *lead, const char *status)
{
    return s_int2 (self, "SELECT count(*) FROM offer WHERE lead = ? AND status = ?", lead, status) == 1;
}

//  Walks the events of cmd (wire name) for node (every node when NULL)
//  whose lead field is lead (any when NULL): returns how many, and the
//  last one decoded in *last_p when last_p is not NULL (caller destroys;
//  NULL when none).
static int
s_walk (s_fixture_t *self, const char *node, const char *cmd, const char *lead, lx_msg_t **last_p)
{
    sqlite3 *handle = lx_store_handle (s_db (self));
    sqlite3_stmt *stmt = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT body FROM event WHERE (?1 IS NULL OR node = ?1) AND cmd = ?2"
                                " ORDER BY node, seq", -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 1, node, -1, SQLITE_STATIC) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 2, cmd, -1, SQLITE_STATIC) == SQLITE_OK);
    if (last_p)
        *last_p = NULL;
    int count = 0, step;
    while ((step = sqlite3_step (stmt)) == SQLITE_ROW) {
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0),
                                       NULL);
        assert (msg);
        assert (streq (lx_cmd_name (lx_msg_cmd (msg)), cmd));
        if (lead && !s_is (lx_msg_str (msg, LX_F_LEAD), lead)) {
            lx_msg_destroy (&msg);
            continue;
        }
        count++;
        if (last_p) {
            lx_msg_destroy (last_p);
            *last_p = msg;
        }
        else
            lx_msg_destroy (&msg);
    }
    assert (step == SQLITE_DONE);
    sqlite3_finalize (stmt);
    return count;
}

//  How many events of cmd about lead node got (node NULL: all nodes).
static int
s_events (s_fixture_t *self, const char *node, const char *cmd, const char *lead)
{
    return s_walk (self, node, cmd, lead, NULL);
}

//  The last event of cmd about lead that node got, decoded (caller
//  destroys); asserts there is one.
static lx_msg_t *
s_event (s_fixture_t *self, const char *node, const char *cmd, const char *lead)
{
    lx_msg_t *msg = NULL;
    assert (s_walk (self, node, cmd, lead, &msg) > 0);
    assert (msg);
    return msg;
}

//  Checks that exactly the nodes in told (a NULL-ended list) got count
//  events of cmd about lead, and every other node none.
static void
s_told (s_fixture_t *self, const char *cmd, const char *lead, int count, const char **told)
{
    int expected = 0;
    for (int index = 0; index < S_NODES; index++) {
        bool listed = false;
        for (const char **node = told; *node; node++)
            listed = listed || streq (*node, s_nodes [index]);
        int got = s_events (self, s_nodes [index], cmd, lead);
        if (got != (listed? count: 0))
            zsys_error ("rules test: %s got %d %s about %s, expected %d", s_nodes [index], got, cmd, lead,
                        listed? count: 0);
        assert (got == (listed? count: 0));
        expected += listed? count: 0;
    }
    assert (s_events (self, NULL, cmd, lead) == expected);
}

//  A lead of the finder its id names: investor, investment, one industry
//  code; a contact and a phone made from the id's number.
static lx_lead_t *
s_lead (const char *id, const char *investor, int64_t investment, const char *industry)
{
    lx_lead_t *lead = lx_lead_new ();
    assert (lead);
    const char *dash = strchr (id, '-');
    assert (dash);
    char finder [33];
    snprintf (finder, sizeof finder, "%.*s", (int) (dash - id), id);
    char phone [16];
    snprintf (phone, sizeof phone, "1390000%s", id + strlen (id) - 4);
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, finder);
    lx_lead_set (&lead->investor, investor);
    lx_lead_set (&lead->project, "新材料项目");
    lx_lead_set (&lead->contact, "王经理");
    lx_lead_set (&lead->phone, phone);
    lx_lead_set (&lead->found, "2026-11-10");
    assert (lx_lead_add_industry (lead, industry) == 0);
    lead->investment = investment;
    return lead;
}

//  Registers lead at its finder (destroys lead). Returns the error code.
static int
s_register (s_fixture_t *self, lx_lead_t *lead)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    char *finder = strdup (lead->finder);
    lx_lead_destroy (&lead);
    int rc = s_apply (self, finder, msg);
    free (finder);
    return rc;
}

//  Builds a command naming lead.
static lx_msg_t *
s_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  The finder (named by the id) offers lead.
static int
s_offer (s_fixture_t *self, const char *lead)
{
    char finder [33];
    snprintf (finder, sizeof finder, "%.*s", (int) (strchr (lead, '-') - lead), lead);
    return s_apply (self, finder, s_cmd (LX_CMD_OFFER, lead));
}

//  The center approves the claim on lead (with an output override when
//  output_bp >= 0).
static int
s_approve (s_fixture_t *self, const char *lead, int64_t output_bp)
{
    lx_msg_t *msg = s_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    if (output_bp >= 0) {
        lx_msg_put (msg, LX_F_SPLITS, "output", output_bp);
        lx_msg_set_str (msg, LX_F_REASON, "产值按约定分成");
    }
    return s_apply (self, "center", msg);
}

//  node reports lead at stage on date.
static int
s_progress (s_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date)
{
    lx_msg_t *msg = s_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    return s_apply (self, node, msg);
}

//  A RESOLVE of lead's conflict.
static lx_msg_t *
s_resolve (const char *lead, const char *resolution, const char *reason)
{
    lx_msg_t *msg = s_cmd (LX_CMD_RESOLVE, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A STRIKE of the NULL-ended leads (none: an empty list is not sent),
//  due when asked.
static lx_msg_t *
s_strike_msg (const char **leads, bool due, const char *reason)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_STRIKE);
    for (const char **lead = leads; lead && *lead; lead++)
        lx_msg_add_item (msg, LX_F_LEADS, *lead);
    if (due)
        lx_msg_set_bool (msg, LX_F_DUE, true);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  How many conflicts name lead as the later registration.
static int64_t
s_conflicts (s_fixture_t *self, const char *lead)
{
    return s_int (self, "SELECT count(*) FROM conflict WHERE lead = ?", lead);
}

//  Checks the CONFLICT about lead that node got.
static void
s_check_conflict_event (s_fixture_t *self, const char *node, const char *lead, const char *finder,
                        const char *investor, const char *earlier, const char *holder, const char *match,
                        int64_t similarity, const char *date, const char *until)
{
    lx_msg_t *event = s_event (self, node, "conflict", lead);
    assert (s_is (lx_msg_str (event, LX_F_NODE), node));
    assert (s_is (lx_msg_str (event, LX_F_FINDER), finder));
    assert (s_is (lx_msg_str (event, LX_F_INVESTOR), investor));
    assert (s_is (lx_msg_str (event, LX_F_EARLIER), earlier));
    assert (s_is (lx_msg_str (event, LX_F_HOLDER), holder));
    assert (s_is (lx_msg_str (event, LX_F_MATCH), match));
    assert (lx_msg_has (event, LX_F_SIMILARITY) && lx_msg_int (event, LX_F_SIMILARITY) == similarity);
    assert (s_is (lx_msg_str (event, LX_F_DATE), date));
    assert (s_is (lx_msg_str (event, LX_F_UNTIL), until));
    lx_msg_destroy (&event);
}

//  Checks the RESOLVED about lead that node got.
static void
s_check_resolved_event (s_fixture_t *self, const char *node, const char *lead, const char *finder,
                        const char *earlier, const char *holder, const char *resolution, const char *reason)
{
    lx_msg_t *event = s_event (self, node, "resolved", lead);
    assert (s_is (lx_msg_str (event, LX_F_FINDER), finder));
    assert (s_is (lx_msg_str (event, LX_F_EARLIER), earlier));
    assert (s_is (lx_msg_str (event, LX_F_HOLDER), holder));
    assert (s_is (lx_msg_str (event, LX_F_RESOLUTION), resolution));
    assert (s_is (lx_msg_str (event, LX_F_REASON), reason));
    lx_msg_destroy (&event);
}

//  True when node's last event of cmd about lead carries text in its reason.
static bool
s_reason_has (s_fixture_t *self, const char *node, const char *cmd, const char *lead, const char *text)
{
    lx_msg_t *event = s_event (self, node, cmd, lead);
    bool has = lx_msg_str (event, LX_F_REASON) && strstr (lx_msg_str (event, LX_F_REASON), text);
    lx_msg_destroy (&event);
    return has;
}

//  ---------------------------------------------------------------------
//  1-3. The register: what is a conflict, who is told, and the offer held
//  until the center resolves it.

static void
s_test_register (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    char day0 [11], day90 [11], day180 [11];
    s_date (f, 0, day0);
    s_date (f, 90, day90);
    s_date (f, 180, day180);

    //  Day 0: qujiang registers 晶川 twice (its own re-registration is no
    //  conflict), a battery maker with its credit code, and the investors
    //  of the window tests; then one it withdraws.
    assert (s_register (f, s_lead ("qujiang-000001", "衢州晶川新材料有限公司", 500000000, "C2614")) == 0);
    assert (s_register (f, s_lead ("qujiang-000002", "晶川新材料（衢州）有限公司", 500000000, "C2614")) == 0);
    lx_lead_t *lead = s_lead ("qujiang-000003", "某锂电科技有限公司", 800000000, "C3841");
    assert (lx_valid_uscc (S_USCC));
    lx_lead_set (&lead->uscc, S_USCC);
    assert (s_register (f, lead) == 0);
    assert (s_register (f, s_lead ("qujiang-000004", "衢州凌峰数控机床有限公司", 500000000, "C3424")) == 0);
    assert (s_register (f, s_lead ("qujiang-000005", "浙江银轮机械股份有限公司", 500000000, "C3670")) == 0);
    assert (s_register (f, s_lead ("qujiang-000006", "衢州巨化新材料股份有限公司", 1200000000, "C2614")) == 0);
    assert (s_register (f, s_lead ("qujiang-000007", "衢州华科特种纸有限公司", 300000000, "C2221")) == 0);
    lx_msg_t *msg = s_cmd (LX_CMD_WITHDRAW, "qujiang-000007");
    lx_msg_set_str (msg, LX_F_REASON, "投资方放弃");
    assert (s_apply (f, "qujiang", msg) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead != ?", "") == 0);
    assert (s_events (f, NULL, "conflict", NULL) == 0);

    //  Day 1: kecheng names 晶川 in another form: the same core, a conflict
    //  with qujiang's first registration (not its second).
    s_at_day (f, 1);
    assert (s_register (f, s_lead ("kecheng-000001", "晶川新材料（衢州）有限公司", 600000000, "C2614")) == 0);
    assert (s_conflicts (f, "kecheng-000001") == 1);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000001'"
                   " AND match = 'name' AND similarity = 10000 AND status = 'open' AND resolved_by IS NULL"
                   " AND resolved IS NULL", "kecheng-000001") == 1);
    assert (s_int (f, "SELECT detected FROM conflict WHERE lead = ?", "kecheng-000001") == f->start + S_DAY);
    const char *both_k [] = { "kecheng", "qujiang", "center", NULL };
    s_told (f, "conflict", "kecheng-000001", 1, both_k);
    for (int index = 0; both_k [index]; index++)
        s_check_conflict_event (f, both_k [index], "kecheng-000001", "kecheng", "晶川新材料（衢州）有限公司",
                                "qujiang-000001", "qujiang", "name", 10000, day0, day90);
    //  qujiang registering 晶川 once more is still no conflict: the
    //  earliest registration is its own, kecheng's is the duplicate.
    assert (s_register (f, s_lead ("qujiang-000008", "晶川新材料股份有限公司", 500000000, "C2614")) == 0);
    assert (s_conflicts (f, "qujiang-000008") == 0);
    s_told (f, "conflict", "qujiang-000008", 0, none);
    //  The register takes the lead as sent: still captured, no offer.
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (s_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);

    //  zhizao names another investor under the battery maker's credit code.
    lead = s_lead ("zhizao-000001", "完全不同的名字有限公司", 100000000, "C3841");
    lx_lead_set (&lead->uscc, S_USCC);
    assert (s_register (f, lead) == 0);
    int similarity = -1;
    assert (!lx_name_match ("某锂电科技有限公司", "完全不同的名字有限公司", LX_NAME_THRESHOLD, &similarity));
    assert (similarity >= 0 && similarity < 8000);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000003'"
                   " AND match = 'uscc' AND status = 'open'", "zhizao-000001") == 1);
    assert (s_int (f, "SELECT similarity FROM conflict WHERE lead = ?", "zhizao-000001") == similarity);
    const char *both_z [] = { "zhizao", "qujiang", "center", NULL };
    s_told (f, "conflict", "zhizao-000001", 1, both_z);
    for (int index = 0; both_z [index]; index++)
        s_check_conflict_event (f, both_z [index], "zhizao-000001", "zhizao", "完全不同的名字有限公司",
                                "qujiang-000003", "qujiang", "uscc", similarity, day0, day90);

    //  longyou names 晶川 with a typo: a near match, with the oldest.
    assert (s_register (f, s_lead ("longyou-000001", "晶川新材枓有限公司", 200000000, "C2614")) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000001'"
                   " AND match = 'similar' AND similarity = 8000", "longyou-000001") == 1);
    const char *both_l [] = { "longyou", "qujiang", "center", NULL };
    s_told (f, "conflict", "longyou-000001", 1, both_l);
    s_check_conflict_event (f, "longyou", "longyou-000001", "longyou", "晶川新材枓有限公司", "qujiang-000001",
                            "qujiang", "similar", 8000, day0, day90);

    //  A withdrawn registration protects nothing; an unrelated name neither.
    assert (s_register (f, s_lead ("kecheng-000002", "华科特种纸（衢州）有限公司", 300000000, "C2221")) == 0);
    assert (s_register (f, s_lead ("kecheng-000003", "衢州华友钴业股份有限公司", 300000000, "C3841")) == 0);
    assert (s_conflicts (f, "kecheng-000002") == 0 && s_conflicts (f, "kecheng-000003") == 0);
    s_told (f, "conflict", "kecheng-000002", 0, none);
    s_told (f, "conflict", "kecheng-000003", 0, none);
    assert (s_events (f, NULL, "conflict", NULL) == 9);

    //  3. While the conflict is open the later lead cannot be offered,
    //  and nothing of the attempt stays; the earlier one can.
    s_refused (f, "kecheng", s_cmd (LX_CMD_OFFER, "kecheng-000001"), LX_ERR_CONFLICT);
    s_refused (f, "zhizao", s_cmd (LX_CMD_OFFER, "zhizao-000001"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (s_events (f, NULL, "offered", "kecheng-000001") == 0);
    assert (s_offer (f, "qujiang-000001") == 0);
    assert (s_offer_is (f, "qujiang-000001", "open"));
    //  The center dismisses it: not the same investor; both stand.
    s_at_day (f, 2);
    assert (s_apply (f, "center", s_resolve ("kecheng-000001", "dismiss", "经核实为不同企业")) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'"
                   " AND resolved_by = 'center' AND reason = '经核实为不同企业'", "kecheng-000001") == 1);
    assert (s_int (f, "SELECT resolved FROM conflict WHERE lead = ?", "kecheng-000001") == f->start + 2 * S_DAY);
    s_told (f, "resolved", "kecheng-000001", 1, both_k);
    for (int index = 0; both_k [index]; index++)
        s_check_resolved_event (f, both_k [index], "kecheng-000001", "kecheng", "qujiang-000001", "qujiang",
                                "dismiss", "经核实为不同企业");
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (s_stage_is (f, "qujiang-000001", "offered"));
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "kecheng-000001") == 0);
    s_told (f, "struck", "kecheng-000001", 0, none);
    //  ... and now it can be offered (routed, as any other).
    assert (s_offer (f, "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000001", "open"));
    assert (s_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000001") == 3);
    const char *routed_k [] = { "qujiang", "zhizao", "longyou", NULL };
    s_told (f, "offered", "kecheng-000001", 1, routed_k);
    //  Resolved is resolved: a second RESOLVE finds no open conflict.
    s_refused (f, "center", s_resolve ("kecheng-000001", "keep", "再次裁决"), LX_ERR_CONFLICT);
    //  The other conflicts are still open.
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE status = 'open' AND lead != ?", "") == 2);

    //  1. The windows. Day 89: a 0.5 bn registration still protects.
    s_at_day (f, 89);
    assert (s_register (f, s_lead ("kecheng-000004", "银轮机械（浙江）股份有限公司", 500000000, "C3670")) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000005'"
                   " AND match = 'name'", "kecheng-000004") == 1);
    s_check_conflict_event (f, "center", "kecheng-000004", "kecheng", "银轮机械（浙江）股份有限公司",
                            "qujiang-000005", "qujiang", "name", 10000, day0, day90);
    assert (s_apply (f, "center", s_resolve ("kecheng-000004", "keep", "重复报备")) == 0);
    //  Day 90: the window of 90 days has closed.
    s_at_day (f, 90);
    assert (s_register (f, s_lead ("zhizao-000002", "凌峰数控机床（衢州）有限公司", 500000000, "C3424")) == 0);
    assert (s_conflicts (f, "zhizao-000002") == 0);
    s_told (f, "conflict", "zhizao-000002", 0, none);
    //  Day 120: the 1.2 bn project's registration still protects (180 days).
    s_at_day (f, 120);
    lead = s_lead ("kecheng-000005", "巨化新材料（衢州）有限公司", 1200000000, "C2614");
    assert (s_register (f, lead) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000006'"
                   " AND match = 'name' AND status = 'open'", "kecheng-000005") == 1);
    s_told (f, "conflict", "kecheng-000005", 1, both_k);
    s_check_conflict_event (f, "qujiang", "kecheng-000005", "kecheng", "巨化新材料（衢州）有限公司",
                            "qujiang-000006", "qujiang", "name", 10000, day0, day180);
    assert (s_apply (f, "center", s_resolve ("kecheng-000005", "keep", "重复报备")) == 0);
    assert (s_stage_is (f, "kecheng-000005", "struck"));
    //  Day 181: it no longer does.
    s_at_day (f, 181);
    assert (s_register (f, s_lead ("zhizao-000003", "衢州巨化新材料有限公司", 1200000000, "C2614")) == 0);
    assert (s_conflicts (f, "zhizao-000003") == 0);
    s_told (f, "conflict", "zhizao-000003", 0, none);
    //  Every CONFLICT accounted for: five conflicts, three events each.
    assert (s_events (f, NULL, "conflict", NULL) == 15);
    s_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  4. The resolutions, and the refusals.

static void
s_test_resolve (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };

    //  kecheng's 晶川 lead, offered; it already knows its land need.
    lx_lead_t *lead = s_lead ("kecheng-000001", "衢州晶川新材料有限公司", 600000000, "C2614");
    lead->land = 50;
    assert (s_register (f, lead) == 0);
    assert (s_offer (f, "kecheng-000001") == 0);
    s_told (f, "offered", "kecheng-000001", 1, routed);
    //  qujiang's, a day later, knows more.
    s_at_day (f, 1);
    lead = s_lead ("qujiang-000001", "晶川新材料（衢州）有限公司", 650000000, "C2614");
    lx_lead_set (&lead->uscc, S_USCC);
    lx_lead_set (&lead->summary, "年产5万吨电子级氢氟酸");
    lead->land = 120;
    lead->tax = 30000000;
    lead->output = 800000000;
    assert (s_register (f, lead) == 0);
    assert (s_conflicts (f, "qujiang-000001") == 1);

    //  Refusals change nothing: a county, a platform, no reason, no open
    //  conflict, no such lead.
    s_refused (f, "qujiang", s_resolve ("qujiang-000001", "merge", "合并"), LX_ERR_NOT_ALLOWED);
    s_refused (f, "zhizao", s_resolve ("qujiang-000001", "keep", "保留"), LX_ERR_NOT_ALLOWED);
    s_refused (f, "center", s_resolve ("qujiang-000001", "merge", ""), LX_ERR_MISSING_FIELD);
    s_refused (f, "center", s_resolve ("kecheng-000001", "keep", "先报备方"), LX_ERR_CONFLICT);
    s_refused (f, "center", s_resolve ("kecheng-999999", "keep", "无此项目"), LX_ERR_NOT_FOUND);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'open'", "qujiang-000001") == 1);

    //  Merge: the earlier lead takes the facts only the later had (the
    //  land it knew stays), told as an edit to whoever holds it; the later
    //  is struck off.
    s_at_day (f, 2);
    assert (s_apply (f, "center", s_resolve ("qujiang-000001", "merge", "同一投资方，合并报备")) == 0);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '" S_USCC "'"
                   " AND summary = '年产5万吨电子级氢氟酸' AND land = 50 AND tax = 30000000"
                   " AND output = 800000000 AND investment = 600000000 AND investor = '衢州晶川新材料有限公司'"
                   " AND stage = 'offered'", "kecheng-000001") == 1);
    assert (s_offer_is (f, "kecheng-000001", "open"));
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'merge' AND node = 'center'"
                   " AND fields = 'uscc,summary,tax,output' AND reason = '同一投资方，合并报备'",
                   "kecheng-000001") == 1);
    //  EDITED: the finder with the contact, the routed districts without,
    //  not the center (it holds no transfer of it).
    const char *editors [] = { "kecheng", "qujiang", "zhizao", "longyou", NULL };
    s_told (f, "edited", "kecheng-000001", 1, editors);
    lx_msg_t *event = s_event (f, "kecheng", "edited", "kecheng-000001");
    assert (s_is (lx_msg_str (event, LX_F_USCC), S_USCC));
    assert (lx_msg_int (event, LX_F_TAX) == 30000000 && lx_msg_int (event, LX_F_LAND) == 50);
    assert (s_is (lx_msg_str (event, LX_F_PHONE), "13900000001"));
    lx_msg_destroy (&event);
    for (int index = 1; editors [index]; index++) {
        event = s_event (f, editors [index], "edited", "kecheng-000001");
        assert (s_is (lx_msg_str (event, LX_F_USCC), S_USCC));
        assert (!lx_msg_has (event, LX_F_PHONE) && !lx_msg_has (event, LX_F_CONTACT));
        lx_msg_destroy (&event);
    }
    assert (s_stage_is (f, "qujiang-000001", "struck"));
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike' AND node = 'center'"
                   " AND instr (reason, 'merged into kecheng-000001') > 0", "qujiang-000001") == 1);
    const char *struck_q [] = { "qujiang", "center", NULL };
    s_told (f, "struck", "qujiang-000001", 1, struck_q);
    assert (s_reason_has (f, "qujiang", "struck", "qujiang-000001", "merged into kecheng-000001"));
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'merge'"
                   " AND resolved_by = 'center'", "qujiang-000001") == 1);
    const char *both_qk [] = { "qujiang", "kecheng", "center", NULL };
    s_told (f, "resolved", "qujiang-000001", 1, both_qk);
    for (int index = 0; both_qk [index]; index++)
        s_check_resolved_event (f, both_qk [index], "qujiang-000001", "qujiang", "kecheng-000001", "kecheng",
                                "merge", "同一投资方，合并报备");
    s_refused (f, "center", s_resolve ("qujiang-000001", "merge", "再合并"), LX_ERR_CONFLICT);
    //  A merge never overwrites what the earlier lead knew: its own credit
    //  code and summary stay, only the output it lacked is taken.
    lead = s_lead ("qujiang-000004", "衢州华友钴业有限公司", 900000000, "C3841");
    assert (lx_valid_uscc ("91330800MA2DHY1X5X"));
    lx_lead_set (&lead->uscc, "91330800MA2DHY1X5X");
    lx_lead_set (&lead->summary, "三元前驱体");
    assert (s_register (f, lead) == 0);
    lead = s_lead ("kecheng-000005", "华友钴业（衢州）有限公司", 900000000, "C3841");
    assert (lx_valid_uscc ("91330803MA2DJ0K71B"));
    lx_lead_set (&lead->uscc, "91330803MA2DJ0K71B");
    lx_lead_set (&lead->summary, "另一说法");
    lead->output = 500000000;
    assert (s_register (f, lead) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000004'"
                   " AND match = 'name'", "kecheng-000005") == 1);
    assert (s_apply (f, "center", s_resolve ("kecheng-000005", "merge", "同一企业")) == 0);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '91330800MA2DHY1X5X'"
                   " AND summary = '三元前驱体' AND output = 500000000", "qujiang-000004") == 1);
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'merge' AND fields = 'output'",
                   "qujiang-000004") == 1);
    const char *finder_q [] = { "qujiang", NULL };
    s_told (f, "edited", "qujiang-000004", 1, finder_q);
    assert (s_stage_is (f, "kecheng-000005", "struck"));

    //  Keep: the later lead is struck off as a duplicate; the earlier is
    //  untouched and nobody is told it was edited.
    assert (s_register (f, s_lead ("qujiang-000002", "衢州凌峰数控机床有限公司", 400000000, "C3424")) == 0);
    s_at_day (f, 3);
    lead = s_lead ("zhizao-000001", "凌峰数控机床（衢州）有限公司", 400000000, "C3424");
    lead->tax = 5000000;
    assert (s_register (f, lead) == 0);
    assert (s_conflicts (f, "zhizao-000001") == 1);
    uint64_t digest = s_digest (f);
    assert (s_apply (f, "center", s_resolve ("zhizao-000001", "keep", "重复报备，保留先报备方")) == 0);
    assert (s_digest (f) != digest);
    assert (s_stage_is (f, "zhizao-000001", "struck"));
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'captured' AND tax = 0"
                   " AND uscc IS NULL AND investor = '衢州凌峰数控机床有限公司'", "qujiang-000002") == 1);
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "qujiang-000002") == 0);
    s_told (f, "edited", "qujiang-000002", 0, none);
    const char *struck_z [] = { "zhizao", "center", NULL };
    s_told (f, "struck", "zhizao-000001", 1, struck_z);
    assert (s_reason_has (f, "center", "struck", "zhizao-000001", "a duplicate of qujiang-000002"));
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'keep'"
                   " AND reason = '重复报备，保留先报备方'", "zhizao-000001") == 1);
    const char *both_zq [] = { "zhizao", "qujiang", "center", NULL };
    s_told (f, "resolved", "zhizao-000001", 1, both_zq);
    s_check_resolved_event (f, "qujiang", "zhizao-000001", "zhizao", "qujiang-000002", "qujiang", "keep",
                            "重复报备，保留先报备方");

    //  Transfer is refused while the earlier lead is claimed, and once it
    //  is transferred to another district.
    assert (s_register (f, s_lead ("kecheng-000002", "衢州银轮机械有限公司", 500000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000002") == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    assert (s_register (f, s_lead ("longyou-000001", "浙江银轮机械股份有限公司", 500000000, "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000001") == 1);
    s_refused (f, "center", s_resolve ("longyou-000001", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "kecheng-000002", "claimed") && s_offer_is (f, "kecheng-000002", "claimed"));
    assert (s_approve (f, "kecheng-000002", -1) == 0);
    s_refused (f, "center", s_resolve ("longyou-000001", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (s_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'", "kecheng-000002") == 1);
    assert (s_apply (f, "center", s_resolve ("longyou-000001", "dismiss", "不同企业")) == 0);

    //  Transfer: the earlier lead, offered, goes to the later lead's
    //  district as an approved transfer with the policy's split; the
    //  routed districts are told it is closed; the later lead is struck.
    assert (s_register (f, s_lead ("kecheng-000003", "衢州巨化新材料有限公司", 600000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    s_told (f, "offered", "kecheng-000003", 1, routed);
    s_at_day (f, 4);
    assert (s_register (f, s_lead ("longyou-000002", "巨化新材料（衢州）有限公司", 600000000, "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000002") == 1);
    assert (s_apply (f, "center", s_resolve ("longyou-000002", "transfer", "投资方选择龙游落地")) == 0);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'longyou'",
                   "kecheng-000003") == 1);
    assert (s_offer_is (f, "kecheng-000003", "approved"));
    int64_t decision = s_int (f, "SELECT id FROM decision WHERE lead = ? AND claimant = 'longyou'"
                              " AND decision = 'approve' AND decided_by = 'center'"
                              " AND instr (reason, '投资方选择龙游落地') > 0", "kecheng-000003");
    assert (decision > 0);
    assert (s_int (f, "SELECT decision FROM transfer WHERE lead = ? AND finder = 'kecheng' AND lander = 'longyou'",
                   "kecheng-000003") == decision);
    assert (s_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ? AND source = 'policy'",
                   "kecheng-000003") == LX_METRIC_COUNT);
    assert (s_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ? AND source != 'policy'",
                   "kecheng-000003") == 0);
    assert (s_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                    "kecheng-000003", "contract") == 3000);
    assert (s_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                    "kecheng-000003", "tax") == 5000);
    assert (s_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                    "kecheng-000003", "count") == 3000);
    s_told (f, "closed", "kecheng-000003", 1, routed);
    event = s_event (f, "qujiang", "closed", "kecheng-000003");
    assert (s_is (lx_msg_str (event, LX_F_CLAIMANT), "longyou"));
    lx_msg_destroy (&event);
    const char *transfer_told [] = { "longyou", "kecheng", "center", NULL };
    s_told (f, "transfer", "kecheng-000003", 1, transfer_told);
    event = s_event (f, "longyou", "transfer", "kecheng-000003");
    assert (s_is (lx_msg_str (event, LX_F_PHONE), "13900000003") && s_is (lx_msg_str (event, LX_F_CONTACT), "王经理"));
    assert (s_is (lx_msg_str (event, LX_F_LANDER), "longyou") && s_is (lx_msg_str (event, LX_F_DECISION), "approve"));
    int64_t bp = -1;
    assert (lx_msg_lookup (event, LX_F_SPLITS, "tax", &bp) == 0 && bp == 5000);
    assert (lx_msg_lookup (event, LX_F_SPLITS, "funds", &bp) == 0 && bp == 3000);
    lx_msg_destroy (&event);
    for (int index = 1; transfer_told [index]; index++) {
        event = s_event (f, transfer_told [index], "transfer", "kecheng-000003");
        assert (!lx_msg_has (event, LX_F_PHONE) && !lx_msg_has (event, LX_F_CONTACT));
        assert (s_is (lx_msg_str (event, LX_F_LANDER), "longyou"));
        assert (lx_msg_lookup (event, LX_F_SPLITS, "tax", &bp) == 0 && bp == 5000);
        lx_msg_destroy (&event);
    }
    assert (s_stage_is (f, "longyou-000002", "struck"));
    const char *struck_l [] = { "longyou", "center", NULL };
    s_told (f, "struck", "longyou-000002", 1, struck_l);
    assert (s_reason_has (f, "longyou", "struck", "longyou-000002", "merged into the transfer of kecheng-000003"));
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'transfer'", "longyou-000002") == 1);
    const char *both_lk [] = { "longyou", "kecheng", "center", NULL };
    s_told (f, "resolved", "longyou-000002", 1, both_lk);
    s_check_resolved_event (f, "kecheng", "longyou-000002", "longyou", "kecheng-000003", "kecheng", "transfer",
                            "投资方选择龙游落地");
    //  The lander now reports progress; the finder does not.
    assert (s_progress (f, "longyou", "kecheng-000003", "negotiating", "2026-11-27") == 0);
    assert (s_stage_is (f, "kecheng-000003", "negotiating"));
    assert (s_progress (f, "kecheng", "kecheng-000003", "signed", "2026-11-28") == LX_ERR_NOT_ALLOWED);

    //  Transfer of an earlier lead never offered: no offer, no CLOSED.
    assert (s_register (f, s_lead ("qujiang-000003", "衢州华科特种纸有限公司", 300000000, "C2221")) == 0);
    assert (s_register (f, s_lead ("kecheng-000004", "华科特种纸（衢州）有限公司", 300000000, "C2221")) == 0);
    assert (s_conflicts (f, "kecheng-000004") == 1);
    assert (s_apply (f, "center", s_resolve ("kecheng-000004", "transfer", "柯城承接")) == 0);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'kecheng'",
                   "qujiang-000003") == 1);
    assert (s_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND finder = 'qujiang' AND lander = 'kecheng'",
                   "qujiang-000003") == 1);
    assert (s_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "qujiang-000003") == 0);
    s_told (f, "closed", "qujiang-000003", 0, none);
    const char *transfer_q [] = { "kecheng", "qujiang", "center", NULL };
    s_told (f, "transfer", "qujiang-000003", 1, transfer_q);
    event = s_event (f, "kecheng", "transfer", "qujiang-000003");
    assert (lx_msg_has (event, LX_F_PHONE));
    lx_msg_destroy (&event);
    event = s_event (f, "qujiang", "transfer", "qujiang-000003");
    assert (!lx_msg_has (event, LX_F_PHONE));
    lx_msg_destroy (&event);
    assert (s_stage_is (f, "kecheng-000004", "struck"));

    //  An earlier registration withdrawn since holds no priority: keep,
    //  merge and transfer are refused (nothing changes), dismiss resolves
    //  it, and the later lead stands and can be offered.
    assert (s_register (f, s_lead ("zhizao-000002", "衢州凌云光电有限公司", 300000000, "C2614")) == 0);
    lead = s_lead ("longyou-000003", "凌云光电（衢州）有限公司", 300000000, "C2614");
    lead->tax = 2000000;
    assert (s_register (f, lead) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'zhizao-000002'"
                   " AND status = 'open'", "longyou-000003") == 1);
    lx_msg_t *msg = s_cmd (LX_CMD_WITHDRAW, "zhizao-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (s_apply (f, "zhizao", msg) == 0);
    s_refused (f, "center", s_resolve ("longyou-000003", "keep", "保留先报备方"), LX_ERR_CONFLICT);
    s_refused (f, "center", s_resolve ("longyou-000003", "merge", "合并"), LX_ERR_CONFLICT);
    s_refused (f, "center", s_resolve ("longyou-000003", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "longyou-000003", "captured") && s_stage_is (f, "zhizao-000002", "withdrawn"));
    assert (s_int (f, "SELECT tax FROM lead WHERE id = ?", "zhizao-000002") == 0);
    assert (s_apply (f, "center", s_resolve ("longyou-000003", "dismiss", "先报备方已撤回")) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'", "longyou-000003") == 1);
    s_told (f, "struck", "longyou-000003", 0, none);
    s_told (f, "edited", "zhizao-000002", 0, none);
    assert (s_offer (f, "longyou-000003") == 0);
    assert (s_offer_is (f, "longyou-000003", "open"));
    s_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  5. STRIKE: named, or what the monthly review lists.

static void
s_test_strike (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    assert (s_register (f, s_lead ("kecheng-000001", "某甲公司", 100000000, "C2614")) == 0);
    assert (s_register (f, s_lead ("kecheng-000002", "某乙公司", 100000000, "C2614")) == 0);
    //  3: signed by its lander.
    assert (s_register (f, s_lead ("kecheng-000003", "某丙公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    assert (s_apply (f, "qujiang", s_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (s_approve (f, "kecheng-000003", -1) == 0);
    assert (s_progress (f, "qujiang", "kecheng-000003", "signed", "2026-11-22") == 0);
    //  5: offered; 6: transferred to zhizao.
    assert (s_register (f, s_lead ("kecheng-000005", "某戊公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000005") == 0);
    assert (s_register (f, s_lead ("kecheng-000006", "某己公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000006") == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000006")) == 0);
    assert (s_approve (f, "kecheng-000006", -1) == 0);
    s_at_day (f, 50);
    assert (s_register (f, s_lead ("kecheng-000004", "某丁公司", 100000000, "C2614")) == 0);

    //  Refusals, each leaving everything as it was: a county; a signed
    //  lead among the named (the other is not struck either); an unknown
    //  one; no reason; neither leads nor due, or both.
    const char *one [] = { "kecheng-000001", NULL };
    const char *with_signed [] = { "kecheng-000001", "kecheng-000003", NULL };
    const char *with_unknown [] = { "kecheng-000001", "kecheng-999999", NULL };
    s_refused (f, "kecheng", s_strike_msg (one, false, "销号"), LX_ERR_NOT_ALLOWED);
    s_refused (f, "qujiang", s_strike_msg (one, false, "销号"), LX_ERR_NOT_ALLOWED);
    s_refused (f, "center", s_strike_msg (with_signed, false, "销号"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "kecheng-000001", "captured") && s_stage_is (f, "kecheng-000003", "signed"));
    s_told (f, "struck", "kecheng-000001", 0, none);
    s_refused (f, "center", s_strike_msg (with_unknown, false, "销号"), LX_ERR_NOT_FOUND);
    s_refused (f, "center", s_strike_msg (one, false, ""), LX_ERR_MISSING_FIELD);
    s_refused (f, "center", s_strike_msg (NULL, false, "销号"), LX_ERR_BAD_VALUE);
    s_refused (f, "center", s_strike_msg (one, true, "销号"), LX_ERR_BAD_VALUE);

    //  Named: struck, on the record, the finder and the center told.
    assert (s_apply (f, "center", s_strike_msg (one, false, "投资意向不明确")) == 0);
    assert (s_stage_is (f, "kecheng-000001", "struck"));
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike' AND node = 'center'"
                   " AND reason = '投资意向不明确'", "kecheng-000001") == 1);
    const char *struck_one [] = { "kecheng", "center", NULL };
    s_told (f, "struck", "kecheng-000001", 1, struck_one);
    assert (s_reason_has (f, "kecheng", "struck", "kecheng-000001", "投资意向不明确"));
    s_refused (f, "center", s_strike_msg (one, false, "再次销号"), LX_ERR_CONFLICT);

    //  Day 89: nothing has been silent 90 days yet; a due strike is
    //  applied and changes nothing.
    s_at_day (f, 89);
    uint64_t digest = s_digest (f);
    assert (s_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (s_digest (f) == digest);
    //  Day 90: the review lists 2 (assessing), 5 (offered) and 6
    //  (transferred), all silent 90 days; not 3 (signed), 4 (day 50) nor 1.
    s_at_day (f, 90);
    assert (s_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (s_stage_is (f, "kecheng-000002", "struck"));
    assert (s_stage_is (f, "kecheng-000005", "struck"));
    assert (s_stage_is (f, "kecheng-000006", "struck"));
    assert (s_stage_is (f, "kecheng-000003", "signed"));
    assert (s_stage_is (f, "kecheng-000004", "captured"));
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE kind = 'strike' AND reason = ?", "月度销号") == 3);
    s_told (f, "struck", "kecheng-000002", 1, struck_one);
    //  The offered one: its offer is struck, the routed districts told.
    assert (s_offer_is (f, "kecheng-000005", "struck"));
    const char *struck_five [] = { "kecheng", "qujiang", "zhizao", "longyou", "center", NULL };
    s_told (f, "struck", "kecheng-000005", 1, struck_five);
    //  The transferred one: its lander told, the offer stays approved.
    assert (s_offer_is (f, "kecheng-000006", "approved"));
    const char *struck_six [] = { "kecheng", "zhizao", "center", NULL };
    s_told (f, "struck", "kecheng-000006", 1, struck_six);
    s_told (f, "struck", "kecheng-000003", 0, none);
    s_told (f, "struck", "kecheng-000004", 0, none);
    //  Again: nothing is due, nothing changes (but the strike is applied).
    digest = s_digest (f);
    assert (s_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (s_digest (f) == digest);
    //  A struck lead cannot be offered.
    assert (s_offer (f, "kecheng-000002") == LX_ERR_CONFLICT);
    s_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  6. The timers.

static void
s_test_timers (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    assert (broker_timers_offer_days (f->timers) == 14 && broker_timers_progress_days (f->timers) == 30);
    assert (broker_timers_return_stale (f->timers));
    const char *none [] = { NULL };
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };
    const char *three [] = { "zhizao", "kecheng", "center", NULL };
    const char *center [] = { "center", NULL };
    const char *ids [] = { "kecheng-000001", "kecheng-000002", "kecheng-000003", "kecheng-000004" };
    const char *names [] = { "某甲化工有限公司", "某乙化工有限公司", "某丙化工有限公司", "某丁化工有限公司" };
    for (int index = 0; index < 4; index++) {
        assert (s_register (f, s_lead (ids [index], names [index], 600000000, "C2614")) == 0);
        assert (s_offer (f, ids [index]) == 0);
        s_told (f, "offered", ids [index], 1, routed);
    }
    //  5: a battery plant only zhizao fits.
    assert (s_register (f, s_lead ("kecheng-000005", "某戊电池有限公司", 600000000, "C3841")) == 0);
    assert (s_offer (f, "kecheng-000005") == 0);
    const char *only_zhizao [] = { "zhizao", NULL };
    s_told (f, "offered", "kecheng-000005", 1, only_zhizao);
    //  Day 1: zhizao claims 2 to 5; day 2 the center approves 3 (output
    //  split overridden to 40 %), 4 and 5; 2 stays undecided.
    s_at_day (f, 1);
    for (int index = 1; index < 4; index++)
        assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, ids [index])) == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000005")) == 0);
    s_at_day (f, 2);
    assert (s_approve (f, "kecheng-000003", 4000) == 0);
    assert (s_approve (f, "kecheng-000004", -1) == 0);
    assert (s_approve (f, "kecheng-000005", -1) == 0);
    int64_t decision3 = s_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000003");
    int64_t decision5 = s_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000005");
    assert (decision3 > 0 && decision5 > 0);

    //  Day 13: the open offer of 1 waits on; day 14 it expires.
    s_at_day (f, 13);
    assert (s_timers (f) == 0);
    assert (s_offer_is (f, "kecheng-000001", "open") && s_stage_is (f, "kecheng-000001", "offered"));
    s_told (f, "returned", "kecheng-000001", 0, none);
    s_at_day (f, 14);
    assert (s_timers (f) == 1);
    assert (s_offer_is (f, "kecheng-000001", "expired") && s_stage_is (f, "kecheng-000001", "assessing"));
    assert (s_int (f, "SELECT activity FROM lead WHERE id = ?", "kecheng-000001") == f->start + 14 * S_DAY);
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'expire' AND node = 'kecheng'",
                   "kecheng-000001") == 1);
    const char *finder [] = { "kecheng", NULL };
    s_told (f, "returned", "kecheng-000001", 1, finder);
    lx_msg_t *event = s_event (f, "kecheng", "returned", "kecheng-000001");
    assert (s_is (lx_msg_str (event, LX_F_STAGE), "assessing") && !lx_msg_has (event, LX_F_CLAIMANT));
    assert (s_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    s_told (f, "closed", "kecheng-000001", 1, routed);
    assert (s_reason_has (f, "longyou", "closed", "kecheng-000001", "expired"));
    assert (s_timers (f) == 0);
    s_told (f, "returned", "kecheng-000001", 1, finder);
    //  Back with its finder, it can no longer be claimed: a late claim is
    //  refused (nothing to take), and the offer stays expired.
    s_refused (f, "qujiang", s_cmd (LX_CMD_CLAIM, "kecheng-000001"), LX_ERR_CONFLICT);
    assert (s_offer_is (f, "kecheng-000001", "expired"));
    s_told (f, "claim_result", "kecheng-000001", 0, none);

    //  Day 20: zhizao reports progress on 4.
    s_at_day (f, 20);
    assert (s_progress (f, "zhizao", "kecheng-000004", "negotiating", "2026-12-12") == 0);
    //  Day 30: nothing is stale yet (2 was claimed on day 1).
    s_at_day (f, 30);
    assert (s_timers (f) == 0);
    s_told (f, "stale", NULL, 0, none);
    //  Day 31: the undecided claim of 2 is flagged, once, and stays claimed.
    s_at_day (f, 31);
    assert (s_timers (f) == 1);
    s_told (f, "stale", "kecheng-000002", 1, center);
    char day1 [11], day20 [11], day2 [11];
    s_date (f, 1, day1);
    s_date (f, 2, day2);
    s_date (f, 20, day20);
    event = s_event (f, "center", "stale", "kecheng-000002");
    assert (s_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao") && s_is (lx_msg_str (event, LX_F_STAGE), "claimed"));
    assert (s_is (lx_msg_str (event, LX_F_DATE), day1) && s_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    assert (s_int (f, "SELECT flagged FROM lead WHERE id = ?", "kecheng-000002") == f->start + S_DAY);
    assert (s_int (f, "SELECT activity FROM lead WHERE id = ?", "kecheng-000002") == f->start + S_DAY);
    assert (s_stage_is (f, "kecheng-000002", "claimed") && s_offer_is (f, "kecheng-000002", "claimed"));
    s_told (f, "returned", "kecheng-000002", 0, none);
    assert (s_timers (f) == 0);
    s_told (f, "stale", "kecheng-000002", 1, center);

    //  Day 32: the transfers of 3 and 5 are stale and return to the pool;
    //  4 had progress on day 20 and is not stale.
    s_at_day (f, 32);
    assert (s_timers (f) == 2);
    s_told (f, "stale", "kecheng-000003", 1, center);
    s_told (f, "stale", "kecheng-000005", 1, center);
    s_told (f, "stale", "kecheng-000004", 0, none);
    event = s_event (f, "center", "stale", "kecheng-000003");
    assert (s_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao") && s_is (lx_msg_str (event, LX_F_STAGE), "transferred"));
    assert (s_is (lx_msg_str (event, LX_F_DATE), day2));
    lx_msg_destroy (&event);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'negotiating' AND lander = 'zhizao'",
                   "kecheng-000004") == 1);
    //  3: the transfer and its agreed split kept in transfer_returned ...
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ? AND finder = 'kecheng'"
                   " AND lander = 'zhizao' AND splits = 'contract=3000,count=3000,fixed_asset=3000,funds=3000,"
                   "output=4000,tax=5000'", "kecheng-000003") == 1);
    assert (s_int (f, "SELECT decision FROM transfer_returned WHERE lead = ?", "kecheng-000003") == decision3);
    assert (s_int (f, "SELECT returned FROM transfer_returned WHERE lead = ?", "kecheng-000003")
            == f->start + 32 * S_DAY);
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ? AND instr (reason, '30 days') > 0"
                   " AND instr (reason, 'the transfer is undone') > 0", "kecheng-000003") == 1);
    assert (s_int (f, "SELECT count(*) FROM transfer WHERE lead = ?", "kecheng-000003") == 0);
    assert (s_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?", "kecheng-000003") == 0);
    assert (s_int (f, "SELECT count(*) FROM decision WHERE id = (SELECT decision FROM transfer_returned"
                   " WHERE lead = ?)", "kecheng-000003") == 1);
    //  ... the former lander off the routes, the offer open again ...
    assert (s_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000003") == 2);
    assert (s_int (f, "SELECT count(*) FROM route WHERE lead = ? AND node = 'zhizao'", "kecheng-000003") == 0);
    assert (s_int (f, "SELECT count(*) FROM offer WHERE lead = ? AND status = 'open' AND claimant IS NULL"
                   " AND claimed IS NULL", "kecheng-000003") == 1);
    assert (s_int (f, "SELECT offered FROM offer WHERE lead = ?", "kecheng-000003") == f->start + 32 * S_DAY);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'offered' AND lander IS NULL",
                   "kecheng-000003") == 1);
    assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'return' AND node = 'zhizao'",
                   "kecheng-000003") == 1);
    //  ... OFFERED again to the others (not zhizao), without the contact ...
    assert (s_events (f, "qujiang", "offered", "kecheng-000003") == 2);
    assert (s_events (f, "longyou", "offered", "kecheng-000003") == 2);
    assert (s_events (f, "zhizao", "offered", "kecheng-000003") == 1);
    assert (s_events (f, NULL, "offered", "kecheng-000003") == 5);
    event = s_event (f, "longyou", "offered", "kecheng-000003");
    assert (!lx_msg_has (event, LX_F_PHONE) && lx_msg_int (event, LX_F_SCORE) == 40);
    assert (lx_msg_count (event, LX_F_REASONS) >= 1);
    lx_msg_destroy (&event);
    //  ... and RETURNED to the former lander, the finder and the center.
    s_told (f, "returned", "kecheng-000003", 1, three);
    for (int index = 0; three [index]; index++) {
        event = s_event (f, three [index], "returned", "kecheng-000003");
        assert (s_is (lx_msg_str (event, LX_F_STAGE), "offered") && s_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao"));
        lx_msg_destroy (&event);
    }
    //  5: nobody else to offer it to: back with its finder.
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ? AND lander = 'zhizao'"
                   " AND splits = 'contract=3000,count=3000,fixed_asset=3000,funds=3000,output=3000,tax=5000'",
                   "kecheng-000005") == 1);
    assert (s_int (f, "SELECT decision FROM transfer_returned WHERE lead = ?", "kecheng-000005") == decision5);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'assessing' AND lander IS NULL",
                   "kecheng-000005") == 1);
    assert (s_offer_is (f, "kecheng-000005", "expired"));
    assert (s_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000005") == 0);
    assert (s_events (f, NULL, "offered", "kecheng-000005") == 1);
    s_told (f, "returned", "kecheng-000005", 1, three);
    event = s_event (f, "kecheng", "returned", "kecheng-000005");
    assert (s_is (lx_msg_str (event, LX_F_STAGE), "assessing"));
    lx_msg_destroy (&event);
    assert (s_timers (f) == 0);
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead != ?", "") == 2);

    //  Day 33: the former lander cannot claim it back; qujiang claims it,
    //  longyou comes second, and the center approves again: a new transfer.
    s_at_day (f, 33);
    s_refused (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000003"), LX_ERR_NOT_ALLOWED);
    assert (s_apply (f, "qujiang", s_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (s_apply (f, "longyou", s_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    event = s_event (f, "longyou", "claim_result", "kecheng-000003");
    assert (!lx_msg_bool (event, LX_F_WON) && s_is (lx_msg_str (event, LX_F_CLAIMANT), "qujiang"));
    lx_msg_destroy (&event);
    assert (s_approve (f, "kecheng-000003", -1) == 0);
    int64_t again = s_int (f, "SELECT decision FROM transfer WHERE lead = ? AND lander = 'qujiang'"
                           " AND finder = 'kecheng'", "kecheng-000003");
    assert (again > 0 && again != decision3);
    assert (s_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                    "kecheng-000003", "output") == 3000);
    assert (s_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?", "kecheng-000003") == LX_METRIC_COUNT);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'qujiang'",
                   "kecheng-000003") == 1);
    event = s_event (f, "qujiang", "transfer", "kecheng-000003");
    assert (lx_msg_has (event, LX_F_PHONE) && s_is (lx_msg_str (event, LX_F_LANDER), "qujiang"));
    lx_msg_destroy (&event);
    assert (s_events (f, "zhizao", "transfer", "kecheng-000003") == 1);     //  only the first
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000003") == 1);
    assert (s_progress (f, "zhizao", "kecheng-000003", "negotiating", "2026-12-25") == LX_ERR_NOT_ALLOWED);
    assert (s_progress (f, "qujiang", "kecheng-000003", "negotiating", "2026-12-25") == 0);

    //  Day 49: 4 (progress on day 20) is not stale yet; day 50 it is, and
    //  returns from its negotiation to the two other districts.
    s_at_day (f, 49);
    assert (s_timers (f) == 0);
    s_at_day (f, 50);
    assert (s_timers (f) == 1);
    s_told (f, "stale", "kecheng-000004", 1, center);
    event = s_event (f, "center", "stale", "kecheng-000004");
    assert (s_is (lx_msg_str (event, LX_F_STAGE), "negotiating") && s_is (lx_msg_str (event, LX_F_DATE), day20));
    lx_msg_destroy (&event);
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'offered' AND lander IS NULL",
                   "kecheng-000004") == 1);
    s_told (f, "returned", "kecheng-000004", 1, three);
    assert (s_events (f, "zhizao", "offered", "kecheng-000004") == 1);
    assert (s_events (f, "qujiang", "offered", "kecheng-000004") == 2);
    //  3 is qujiang's since day 33: not stale.
    s_told (f, "stale", "kecheng-000003", 1, center);
    s_fixture_destroy (&f);
}

//  return_stale = 0: a stale transfer is flagged, once per silence, and
//  stays with its lander.
static void
s_test_flag_only (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("timers\n    return_stale = 0\n    progress_days = 20\n", verbose);
    assert (!broker_timers_return_stale (f->timers) && broker_timers_progress_days (f->timers) == 20);
    const char *none [] = { NULL };
    const char *center [] = { "center", NULL };
    assert (s_register (f, s_lead ("kecheng-000001", "某甲化工有限公司", 600000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000001") == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (s_approve (f, "kecheng-000001", -1) == 0);
    s_at_day (f, 19);
    assert (s_timers (f) == 0);
    s_at_day (f, 20);
    assert (s_timers (f) == 1);
    s_told (f, "stale", "kecheng-000001", 1, center);
    assert (s_reason_has (f, "center", "stale", "kecheng-000001", "no progress"));
    assert (!s_reason_has (f, "center", "stale", "kecheng-000001", "returned"));
    assert (s_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'zhizao'"
                   " AND flagged = activity", "kecheng-000001") == 1);
    assert (s_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'", "kecheng-000001") == 1);
    assert (s_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?", "kecheng-000001") == LX_METRIC_COUNT);
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000001", "approved"));
    s_told (f, "returned", "kecheng-000001", 0, none);
    s_at_day (f, 25);
    assert (s_timers (f) == 0);
    s_told (f, "stale", "kecheng-000001", 1, center);
    //  Progress ends the silence; a new one is flagged again.
    assert (s_progress (f, "zhizao", "kecheng-000001", "negotiating", "2026-12-17") == 0);
    s_at_day (f, 44);
    assert (s_timers (f) == 0);
    s_at_day (f, 45);
    assert (s_timers (f) == 1);
    assert (s_events (f, "center", "stale", "kecheng-000001") == 2);
    assert (s_stage_is (f, "kecheng-000001", "negotiating"));
    s_told (f, "returned", "kecheng-000001", 0, none);
    s_fixture_destroy (&f);
}

//  A lead its finder lands itself (never transferred) has no claimant to
//  take it from: its silence is no transfer to return to the pool.
static void
s_test_own_lead (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    //  1: negotiated by kecheng itself; 2: offered, claimed by zhizao,
    //  rejected by the center, then negotiated by kecheng itself.
    assert (s_register (f, s_lead ("kecheng-000001", "某甲化工有限公司", 600000000, "C2614")) == 0);
    assert (s_progress (f, "kecheng", "kecheng-000001", "negotiating", "2026-11-22") == 0);
    assert (s_register (f, s_lead ("kecheng-000002", "某乙化工有限公司", 600000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000002") == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    lx_msg_t *msg = s_cmd (LX_CMD_DECIDE, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_DECISION, "reject");
    lx_msg_set_str (msg, LX_F_REASON, "不符合产业定位");
    assert (s_apply (f, "center", msg) == 0);
    assert (s_stage_is (f, "kecheng-000002", "assessing") && s_offer_is (f, "kecheng-000002", "rejected"));
    assert (s_progress (f, "kecheng", "kecheng-000002", "negotiating", "2026-11-22") == 0);
    //  A transfer of 3 to zhizao, going stale at the same time.
    assert (s_register (f, s_lead ("kecheng-000003", "某丙化工有限公司", 600000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    assert (s_apply (f, "zhizao", s_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (s_approve (f, "kecheng-000003", -1) == 0);

    //  Day 30: the timers run (they must not fail: a bad return to the pool
    //  rolls the whole run back), the transfer of 3 returns to the pool, and
    //  neither own lead is flagged nor taken from kecheng.
    s_at_day (f, 30);
    assert (s_timers (f) == 1);
    s_told (f, "stale", "kecheng-000001", 0, none);
    s_told (f, "stale", "kecheng-000002", 0, none);
    s_told (f, "stale", "kecheng-000003", 1, (const char *[]) { "center", NULL });
    assert (s_stage_is (f, "kecheng-000003", "offered"));
    assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000003") == 1);
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };
    for (int index = 0; index < 2; index++) {
        const char *id = index? "kecheng-000002": "kecheng-000001";
        assert (s_stage_is (f, id, "negotiating"));
        s_told (f, "returned", id, 0, none);
        s_told (f, "offered", id, 1, index? routed: none);
        assert (s_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'return'", id) == 0);
        assert (s_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", id) == 0);
    }
    assert (s_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000002", "rejected"));
    assert (s_int (f, "SELECT count(*) FROM route WHERE lead = ? AND node = 'zhizao'", "kecheng-000002") == 1);
    //  Run again: nothing more is due, nothing changes.
    uint64_t digest = s_digest (f);
    assert (s_timers (f) == 0);
    assert (s_digest (f) == digest);
    s_fixture_destroy (&f);
}

//  A later registration in conflict: it may neither be offered nor make
//  progress; withdrawn by its finder, the conflict closes by itself (the
//  first keeps the investor), told once to each party.
static void
s_test_conflict_withdrawn (bool verbose)
{
    s_fixture_t *f = s_fixture_new ("", verbose);
    assert (s_register (f, s_lead ("kecheng-000001", "衢州晶川新材料有限公司", 600000000, "C2614")) == 0);
    assert (s_register (f, s_lead ("qujiang-000001", "晶川新材料（衢州）有限公司", 600000000, "C2614")) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'open'", "qujiang-000001") == 1);
    s_refused (f, "qujiang", s_cmd (LX_CMD_OFFER, "qujiang-000001"), LX_ERR_CONFLICT);
    lx_msg_t *progress = s_cmd (LX_CMD_PROGRESS, "qujiang-000001");
    lx_msg_set_str (progress, LX_F_STAGE, "negotiating");
    lx_msg_set_str (progress, LX_F_DATE, "2026-11-22");
    s_refused (f, "qujiang", progress, LX_ERR_CONFLICT);
    lx_msg_t *withdraw = s_cmd (LX_CMD_WITHDRAW, "qujiang-000001");
    lx_msg_set_str (withdraw, LX_F_REASON, "柯城区已先报备");
    assert (s_apply (f, "qujiang", withdraw) == 0);
    assert (s_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'keep'"
                   " AND instr (reason, 'withdrawn') > 0", "qujiang-000001") == 1);
    s_told (f, "resolved", "qujiang-000001", 1, (const char *[]) { "qujiang", "kecheng", "center", NULL });
    assert (s_reason_has (f, "kecheng", "resolved", "qujiang-000001", "the first keeps the investor"));
    s_refused (f, "center", s_resolve ("qujiang-000001", "dismiss", "迟到的裁决"), LX_ERR_CONFLICT);
    s_fixture_destroy (&f);
}

void
broker_logic_rules_test (bool verbose)
{
    s_test_conflict_withdrawn (verbose);
    s_test_register (verbose);
    s_test_resolve (verbose);
    s_test_strike (verbose);
    s_test_timers (verbose);
    s_test_flag_only (verbose);
    s_test_own_lead (verbose);
}
