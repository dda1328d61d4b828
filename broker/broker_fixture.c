/*  broker_fixture: the selftests' broker, without sockets. */

#include "broker_fixture.h"
#include "lx_domain.h"

//  Makes every district of the configuration known to the store in its
//  role, and indexes them. Returns 0, or -1 with a reason in error.
static int
s_districts (broker_fixture_t *self, char *error, size_t error_size)
{
    zconfig_t *districts = zconfig_locate (self->config, "districts");
    for (zconfig_t *item = districts? zconfig_child (districts): NULL; item; item = zconfig_next (item)) {
        const char *id = zconfig_name (item);
        const char *role = zconfig_get (item, "role", "");
        if (self->districts == BROKER_FIXTURE_MAX_DISTRICTS) {
            snprintf (error, error_size, "more than %d districts", BROKER_FIXTURE_MAX_DISTRICTS);
            return -1;
        }
        int number = lx_role_from_name (role);
        if (number < 0) {
            snprintf (error, error_size, "%s: no role '%s'", id, role);
            return -1;
        }
        if (broker_store_node_ensure (self->store, id, role)) {
            snprintf (error, error_size, "%s: %s", id, lx_store_error (broker_store_db (self->store)));
            return -1;
        }
        self->ids [self->districts] = id;
        self->roles [self->districts] = number;
        self->districts++;
    }
    return 0;
}

broker_fixture_t *
broker_fixture_new (const char *name, const char *city, const char *extra, bool verbose)
{
    assert (name && strlen (name) < sizeof (((broker_fixture_t *) 0)->name));
    assert (city);
    broker_fixture_t *self = (broker_fixture_t *) zmalloc (sizeof (broker_fixture_t));
    if (!self)
        return NULL;
    snprintf (self->name, sizeof self->name, "%s", name);
    self->verbose = verbose;
    self->numbering = true;
    self->follow_dates = true;
    self->start = BROKER_FIXTURE_START;
    char error [256] = "out of memory";
    char *text = zsys_sprintf ("%s%s", city, extra? extra: "");
    if (text && !(self->config = zconfig_str_load (text)))
        snprintf (error, sizeof error, "the configuration does not parse");
    zstr_free (&text);
    if (!self->config)
        goto failed;
    snprintf (self->dir, sizeof self->dir, "/tmp/%s_XXXXXX", name);
    if (!mkdtemp (self->dir)) {
        snprintf (error, sizeof error, "%s: %s", self->dir, strerror (errno));
        self->dir [0] = '\0';
        goto failed;
    }
    self->path = zsys_sprintf ("%s/broker.db", self->dir);
    if (!self->path)
        goto failed;
    if (!(self->store = broker_store_new (self->path, error, sizeof error))
    ||  !(self->match = broker_match_load (self->config, error, sizeof error))
    ||  !(self->policy = broker_policy_load (self->config, error, sizeof error))
    ||  !(self->reg = broker_register_load (self->config, error, sizeof error))
    ||  !(self->timers = broker_timers_load (self->config, error, sizeof error)))
        goto failed;
    snprintf (error, sizeof error, "out of memory");
    self->clock = lx_clock_new_manual (self->start);
    if (self->clock) {
        lx_sign_t *sign = broker_fixture_sign (true);
        self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                        self->clock, &sign);
    }
    if (self->logic && s_districts (self, error, sizeof error) == 0)
        return self;
failed:
    zsys_error ("%s: no fixture: %s", name, error);
    broker_fixture_destroy (&self);
    return NULL;
}

void
broker_fixture_destroy (broker_fixture_t **self_p)
{
    assert (self_p);
    broker_fixture_t *self = *self_p;
    if (!self)
        return;
    broker_logic_destroy (&self->logic);
    lx_clock_destroy (&self->clock);
    broker_policy_destroy (&self->policy);
    broker_register_destroy (&self->reg);
    broker_timers_destroy (&self->timers);
    broker_match_destroy (&self->match);
    broker_store_destroy (&self->store);
    zconfig_destroy (&self->config);
    if (self->path)
        assert (lx_store_remove (self->path) == 0);
    if (*self->dir)
        assert (rmdir (self->dir) == 0);
    zstr_free (&self->path);
    free (self);
    *self_p = NULL;
}

lx_store_t *
broker_fixture_db (broker_fixture_t *self)
{
    assert (self);
    return broker_store_db (self->store);
}

lx_sign_t *
broker_fixture_sign (bool secret)
{
    unsigned char seed [32];
    memset (seed, 0x5a, sizeof seed);
    lx_sign_t *key = lx_sign_new_seeded (seed);
    assert (key);
    if (!secret) {
        lx_sign_t *whole = key;
        key = lx_sign_public_copy (whole);
        lx_sign_destroy (&whole);
        assert (key);
    }
    return key;
}

//  The index of district node; asserts it is one of the configuration's.
static size_t
s_index (broker_fixture_t *self, const char *node)
{
    for (size_t index = 0; index < self->districts; index++)
        if (streq (node, self->ids [index]))
            return index;
    zsys_error ("%s: no district %s", self->name, node);
    assert (false);
    return 0;
}

int
broker_fixture_apply_as (broker_fixture_t *self, const char *node, int role, lx_msg_t *msg)
{
    assert (self && node && msg);
    lx_store_t *db = broker_fixture_db (self);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, ++self->seq [s_index (self, node)]);
    lx_error_t error = { 0, "" };
    assert (lx_msg_validate (msg, &error) == 0);
    //  A report is dated today or before: the scenario's clock follows.
    char today [11];
    while (self->follow_dates && lx_msg_cmd (msg) == LX_CMD_PROGRESS
        && lx_clock_date (lx_clock_now (self->clock), today) == 0
        && strcmp (today, lx_msg_str (msg, LX_F_DATE)) < 0)
        lx_clock_advance (self->clock, BROKER_FIXTURE_DAY);
    assert (lx_store_begin (db) == 0);
    int rc = broker_logic_apply (self->logic, node, role, msg, &error);
    if (rc) {
        if (self->verbose)
            zsys_info ("%s: %s %s refused: %d %s", self->name, node, lx_cmd_name (lx_msg_cmd (msg)),
                       error.code, error.reason);
        assert (error.code != LX_ERR_NONE && error.code != LX_ERR_INTERNAL);
        assert (lx_store_rollback (db) == 0);
    }
    else
        assert (lx_store_commit (db) == 0);
    lx_msg_destroy (&msg);
    if (self->numbering)
        broker_fixture_check_numbering (self);
    return rc? error.code: 0;
}

int
broker_fixture_apply (broker_fixture_t *self, const char *node, lx_msg_t *msg)
{
    assert (self && node);
    return broker_fixture_apply_as (self, node, self->roles [s_index (self, node)], msg);
}

void
broker_fixture_refused (broker_fixture_t *self, const char *node, lx_msg_t *msg, int code)
{
    uint64_t before = broker_fixture_digest (self);
    int rc = broker_fixture_apply (self, node, msg);
    if (rc != code)
        zsys_error ("%s: refused with %d, expected %d", self->name, rc, code);
    assert (rc == code);
    assert (broker_fixture_digest (self) == before);
}

void
broker_fixture_check_numbering (broker_fixture_t *self)
{
    int64_t bad = -1;
    assert (lx_store_int (broker_fixture_db (self), &bad,
        "SELECT count(*) FROM node WHERE (SELECT count(*) FROM event WHERE event.node = node.id)"
        " != " BROKER_STORE_HEAD ("node.id") " OR acked > " BROKER_STORE_HEAD ("node.id"), "") == 0);
    assert (bad == 0);
}

uint64_t
broker_fixture_digest (broker_fixture_t *self)
{
    sqlite3 *handle = lx_store_handle (broker_fixture_db (self));
    uint64_t hash = UINT64_C (14695981039346656037);
    #define S_MIX(byte) (hash = (hash ^ (uint8_t) (byte)) * UINT64_C (1099511628211))
    sqlite3_stmt *tables = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')"
                                " ORDER BY name", -1, &tables, NULL) == SQLITE_OK);
    while (sqlite3_step (tables) == SQLITE_ROW) {
        const char *name = (const char *) sqlite3_column_text (tables, 0);
        for (const char *cursor = name; *cursor; cursor++)
            S_MIX (*cursor);
        if (streq ((const char *) sqlite3_column_text (tables, 1), "trigger"))
            continue;                   //  a trigger: its name is enough (a dropped one changes the digest)
        char *sql = zsys_sprintf ("SELECT * FROM \"%s\"", name);
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

int64_t
broker_fixture_int0 (broker_fixture_t *self, const char *sql)
{
    int64_t value = -1;
    int rc = lx_store_int (broker_fixture_db (self), &value, sql, "");
    assert (rc == 0 || rc == 1);
    return value;
}

int64_t
broker_fixture_int (broker_fixture_t *self, const char *sql, const char *text)
{
    int64_t value = -1;
    int rc = lx_store_int (broker_fixture_db (self), &value, sql, "t", text);
    assert (rc == 0 || rc == 1);
    return value;
}

int64_t
broker_fixture_int2 (broker_fixture_t *self, const char *sql, const char *one, const char *two)
{
    int64_t value = -1;
    int rc = lx_store_int (broker_fixture_db (self), &value, sql, "tt", one, two);
    assert (rc == 0 || rc == 1);
    return value;
}

//  Walks the events of cmd (wire name) for node (every node when NULL)
//  whose lead field is lead (any when NULL): returns how many, and the
//  last one decoded in *last_p when last_p is not NULL (caller destroys;
//  NULL when none).
static int
s_walk (broker_fixture_t *self, const char *node, const char *cmd, const char *lead, lx_msg_t **last_p)
{
    sqlite3 *handle = lx_store_handle (broker_fixture_db (self));
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
        if (lead && !broker_fixture_is (lx_msg_str (msg, LX_F_LEAD), lead)) {
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

int
broker_fixture_events (broker_fixture_t *self, const char *node, const char *cmd, const char *lead)
{
    return s_walk (self, node, cmd, lead, NULL);
}

lx_msg_t *
broker_fixture_event (broker_fixture_t *self, const char *node, const char *cmd, const char *lead)
{
    lx_msg_t *msg = NULL;
    assert (s_walk (self, node, cmd, lead, &msg) > 0);
    assert (msg);
    return msg;
}

void
broker_fixture_told (broker_fixture_t *self, const char *cmd, const char *lead, int count, const char **told)
{
    int expected = 0;
    for (size_t index = 0; index < self->districts; index++) {
        bool listed = false;
        for (const char **node = told; *node; node++)
            listed = listed || streq (*node, self->ids [index]);
        int got = broker_fixture_events (self, self->ids [index], cmd, lead);
        if (got != (listed? count: 0))
            zsys_error ("%s: %s got %d %s about %s, expected %d", self->name, self->ids [index], got, cmd, lead,
                        listed? count: 0);
        assert (got == (listed? count: 0));
        expected += listed? count: 0;
    }
    assert (broker_fixture_events (self, NULL, cmd, lead) == expected);
}

bool
broker_fixture_is (const char *text, const char *expected)
{
    return text && expected && streq (text, expected);
}

lx_msg_t *
broker_fixture_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

lx_lead_t *
broker_fixture_lead (const char *id, const char *investor, int64_t investment, const char *industry)
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

int
broker_fixture_register (broker_fixture_t *self, lx_lead_t *lead)
{
    assert (self && lead);
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    char *finder = strdup (lead->finder);
    lx_lead_destroy (&lead);
    int rc = broker_fixture_apply (self, finder, msg);
    free (finder);
    return rc;
}

void
broker_fixture_at_day (broker_fixture_t *self, int64_t days)
{
    int64_t target = self->start + days * BROKER_FIXTURE_DAY;
    int64_t now = lx_clock_now (self->clock);
    assert (target >= now);
    lx_clock_advance (self->clock, target - now);
    assert (lx_clock_now (self->clock) == target);
}

void
broker_fixture_date (broker_fixture_t *self, int64_t days, char date [11])
{
    assert (lx_clock_date (self->start + days * BROKER_FIXTURE_DAY, date) == 0);
}

bool
broker_fixture_stage_is (broker_fixture_t *self, const char *lead, const char *stage)
{
    return broker_fixture_int2 (self, "SELECT count(*) FROM lead WHERE id = ? AND stage = ?", lead, stage) == 1;
}

bool
broker_fixture_offer_is (broker_fixture_t *self, const char *lead, const char *status)
{
    return broker_fixture_int2 (self, "SELECT count(*) FROM offer WHERE lead = ? AND status = ?", lead, status) == 1;
}

int
broker_fixture_offer (broker_fixture_t *self, const char *lead)
{
    char finder [33];
    snprintf (finder, sizeof finder, "%.*s", (int) (strchr (lead, '-') - lead), lead);
    return broker_fixture_apply (self, finder, broker_fixture_cmd (LX_CMD_OFFER, lead));
}

int
broker_fixture_approve (broker_fixture_t *self, const char *lead, int64_t output_bp)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    if (output_bp >= 0) {
        lx_msg_put (msg, LX_F_SPLITS, "output", output_bp);
        lx_msg_set_str (msg, LX_F_REASON, "产值按约定分成");
    }
    return broker_fixture_apply (self, "center", msg);
}

int
broker_fixture_progress (broker_fixture_t *self, const char *node, const char *lead, const char *stage,
                         const char *date)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    return broker_fixture_apply (self, node, msg);
}

lx_msg_t *
broker_fixture_resolve (const char *lead, const char *resolution, const char *reason)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_RESOLVE, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

bool
broker_fixture_reason_has (broker_fixture_t *self, const char *node, const char *cmd, const char *lead,
                           const char *text)
{
    lx_msg_t *event = broker_fixture_event (self, node, cmd, lead);
    bool has = lx_msg_str (event, LX_F_REASON) && strstr (lx_msg_str (event, LX_F_REASON), text);
    lx_msg_destroy (&event);
    return has;
}

void
broker_fixture_test (bool verbose)
{
    broker_fixture_t *self = broker_fixture_new ("broker_fixture", BROKER_FIXTURE_DISTRICTS, "", verbose);
    assert (self);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM node") == 5);
    uint64_t empty = broker_fixture_digest (self);
    //  A registration goes through and is seen; the digest moves.
    assert (broker_fixture_register (self, broker_fixture_lead ("kecheng-000001", "某化工有限公司", 600000000,
                                                                 "C2614")) == 0);
    assert (broker_fixture_int (self, "SELECT count(*) FROM lead WHERE id = ?", "kecheng-000001") == 1);
    assert (broker_fixture_int (self, "SELECT count(*) FROM lead WHERE id = ?", "kecheng-000002") == 0);
    uint64_t registered = broker_fixture_digest (self);
    assert (registered != empty);
    //  A refusal is checked to leave the store as it was, and the offer's
    //  events are found by the readers.
    broker_fixture_refused (self, "qujiang", broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001"), LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_digest (self) == registered);
    assert (broker_fixture_apply (self, "kecheng", broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001")) == 0);
    int routed = broker_fixture_events (self, NULL, "offered", "kecheng-000001");
    assert (routed > 0 && broker_fixture_events (self, "kecheng", "offered", "kecheng-000001") == 0);
    lx_msg_t *event = broker_fixture_event (self, NULL, "offered", "kecheng-000001");
    assert (event && broker_fixture_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    assert (broker_fixture_is ("a", "a") && !broker_fixture_is (NULL, "a"));
    broker_fixture_destroy (&self);
    broker_fixture_destroy (&self);
}
