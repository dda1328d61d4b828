/*  broker_quota: how much one district may send. */

#include "broker_quota.h"
#include "lx_cfg.h"
#include "lx_clock.h"

//  The commands with a quota.
typedef enum { S_LEADS, S_OFFERS, S_PROGRESS, S_KINDS } s_kind_t;

//  Each kind's command, name in the configuration and messages, and defaults.
static const struct {
    lx_cmd_t cmd;               //  the command counted
    const char *name;           //  quota/NAME_per_minute, quota/NAME_per_day
    const char *what;           //  as staff read it
    int64_t per_minute;         //  default
    int64_t per_day;            //  default
} s_kinds [S_KINDS] = {
    { LX_CMD_LEAD, "leads", "leads registered", 30, 300 },
    { LX_CMD_OFFER, "offers", "offers", 30, 300 },
    { LX_CMD_PROGRESS, "progress", "progress reports", 120, 3000 },
};

//  What one district has taken today and this minute.
typedef struct {
    int64_t day_start;          //  ms of the local midnight the day counts began
    int64_t minute;             //  the minute (ms / 60000) the minute counts are of
    int64_t day [S_KINDS];      //  taken today, by kind
    int64_t in_minute [S_KINDS];    //  taken this minute, by kind
    int64_t rollbacks;          //  lx_store_rollbacks when the counts were last known right
    bool known;                 //  counted since it was last found unsure
} s_taken_t;

struct _broker_quota_t {
    int64_t per_minute [S_KINDS];   //  0: no limit
    int64_t per_day [S_KINDS];      //  0: no limit
    zhashx_t *taken;                //  node id -> s_taken_t
};

//  zhashx destructor of a district's counts.
static void
s_taken_free (void **item_p)
{
    free (*item_p);
    *item_p = NULL;
}

broker_quota_t *
broker_quota_load (zconfig_t *root, char *error, size_t error_size)
{
    broker_quota_t *self = (broker_quota_t *) zmalloc (sizeof (broker_quota_t));
    if (!self)
        return NULL;
    self->taken = zhashx_new ();
    if (!self->taken) {
        free (self);
        return NULL;
    }
    zhashx_set_destructor (self->taken, s_taken_free);
    for (int kind = 0; kind < S_KINDS; kind++) {
        char key [64];
        snprintf (key, sizeof key, "quota/%s_per_minute", s_kinds [kind].name);
        int rc = lx_cfg_int (root, key, s_kinds [kind].per_minute, 0, 1000000000, &self->per_minute [kind],
                             error, error_size);
        snprintf (key, sizeof key, "quota/%s_per_day", s_kinds [kind].name);
        if (rc || lx_cfg_int (root, key, s_kinds [kind].per_day, 0, 1000000000, &self->per_day [kind],
                              error, error_size)) {
            broker_quota_destroy (&self);
            return NULL;
        }
    }
    return self;
}

void
broker_quota_destroy (broker_quota_t **self_p)
{
    assert (self_p);
    broker_quota_t *self = *self_p;
    if (self) {
        zhashx_destroy (&self->taken);
        free (self);
        *self_p = NULL;
    }
}

//  Counts again what node has had accepted today and this minute, from
//  the store: its messages newest first, until one came before today.
//  Returns 0 or -1.
static int
s_recount (s_taken_t *taken, lx_store_t *db, const char *node, int64_t now)
{
    memset (taken->day, 0, sizeof taken->day);
    memset (taken->in_minute, 0, sizeof taken->in_minute);
    taken->day_start = lx_clock_day_start (now);
    taken->minute = now / 60000;
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT cmd, at, outcome FROM inbound WHERE node = ?"
                                         " ORDER BY seq DESC", "t", node);
    if (!stmt)
        return -1;
    int step;
    while ((step = lx_store_step (db, stmt)) == 1) {
        int64_t at = sqlite3_column_int64 (stmt, 1);
        if (at < taken->day_start) {
            sqlite3_reset (stmt);
            step = 0;
            break;
        }
        if (sqlite3_column_int (stmt, 2) != 0)
            continue;           //  refused: took nothing
        const char *cmd = (const char *) sqlite3_column_text (stmt, 0);
        for (int kind = 0; kind < S_KINDS; kind++)
            if (cmd && streq (cmd, lx_cmd_name (s_kinds [kind].cmd))) {
                taken->day [kind]++;
                if (at / 60000 == taken->minute)
                    taken->in_minute [kind]++;
            }
    }
    if (step != 0)
        return -1;
    taken->rollbacks = lx_store_rollbacks (db);
    taken->known = true;
    return 0;
}

int
broker_quota_take (broker_quota_t *self, lx_store_t *db, const char *node, lx_cmd_t cmd, int64_t now,
                   lx_error_t *error)
{
    assert (self && db && node);
    int kind = 0;
    while (kind < S_KINDS && s_kinds [kind].cmd != cmd)
        kind++;
    if (kind == S_KINDS || (!self->per_minute [kind] && !self->per_day [kind]))
        return 0;
    s_taken_t *taken = (s_taken_t *) zhashx_lookup (self->taken, node);
    if (!taken) {
        taken = (s_taken_t *) zmalloc (sizeof (s_taken_t));
        assert (taken);
        zhashx_insert (self->taken, node, taken);
    }
    //  A rollback may have undone what was counted; a new day starts anew.
    if (!taken->known || taken->rollbacks != lx_store_rollbacks (db) || taken->day_start != lx_clock_day_start (now)) {
        taken->known = false;
        if (s_recount (taken, db, node, now))
            return lx_error_set (error, LX_ERR_INTERNAL, "store: %s", lx_store_error (db));
    }
    if (taken->minute != now / 60000) {
        taken->minute = now / 60000;
        memset (taken->in_minute, 0, sizeof taken->in_minute);
    }
    if (self->per_day [kind] && taken->day [kind] >= self->per_day [kind])
        return lx_error_set (error, LX_ERR_QUOTA, "%s has had %" PRId64 " %s accepted today, its daily quota;"
                             " it resets at midnight (the broker's time)", node, taken->day [kind],
                             s_kinds [kind].what);
    if (self->per_minute [kind] && taken->in_minute [kind] >= self->per_minute [kind])
        return lx_error_set (error, LX_ERR_QUOTA, "%s has had %" PRId64 " %s accepted this minute, its quota"
                             " a minute; send the rest after it", node, taken->in_minute [kind],
                             s_kinds [kind].what);
    taken->day [kind]++;
    taken->in_minute [kind]++;
    return 0;
}

void
broker_quota_test (bool verbose)
{
    (void) verbose;
    static const char *const migrations [] = {
        "CREATE TABLE inbound (node TEXT, seq INTEGER, cmd TEXT, outcome INTEGER, at INTEGER,"
        " PRIMARY KEY (node, seq)) WITHOUT ROWID;"
    };
    char error [256];
    lx_store_t *db = lx_store_new (":memory:", LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (db);
    zconfig_t *root = zconfig_new ("root", NULL);
    zconfig_put (root, "quota/leads_per_minute", "3");
    zconfig_put (root, "quota/leads_per_day", "6");
    zconfig_put (root, "quota/offers_per_minute", "0");
    zconfig_put (root, "quota/offers_per_day", "0");
    broker_quota_t *quota = broker_quota_load (root, error, sizeof error);
    assert (quota);
    //  2026-11-22 12:00: what kecheng had accepted earlier today counts
    //  (two leads, one refused), yesterday's does not.
    int64_t noon = INT64_C (1795348800000);
    assert (lx_store_exec (db, "INSERT INTO inbound VALUES ('kecheng', 1, 'lead', 0, ?),"
                           " ('kecheng', 2, 'lead', 0, ?), ('kecheng', 3, 'lead', 0, ?),"
                           " ('kecheng', 4, 'lead', 421, ?)", "iiii", noon - 86400000, noon - 3600000,
                           noon - 60000, noon - 50000) == 0);
    lx_error_t failure;
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon, &failure) == 0);     //  3rd today
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 1, &failure) == 0);
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 2, &failure) == 0);
    //  Three this minute: the minute's quota.
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 3, &failure) == -1);
    assert (failure.code == LX_ERR_QUOTA && strstr (failure.reason, "this minute"));
    //  A minute on, one more: then the day's quota (six) is used.
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 60000, &failure) == 0);
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 60001, &failure) == -1);
    assert (failure.code == LX_ERR_QUOTA && strstr (failure.reason, "6 leads registered accepted today"));
    //  Another district, and offers (no quota), are not held by it.
    assert (broker_quota_take (quota, db, "qujiang", LX_CMD_LEAD, noon, &failure) == 0);
    for (int index = 0; index < 100; index++)
        assert (broker_quota_take (quota, db, "kecheng", LX_CMD_OFFER, noon, &failure) == 0);
    //  A rollback undoes counts: they are taken again from the store.
    assert (lx_store_begin (db) == 0 && lx_store_rollback (db) == 0);
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 60002, &failure) == 0);
    //  The next day, everything resets.
    assert (broker_quota_take (quota, db, "kecheng", LX_CMD_LEAD, noon + 86400000, &failure) == 0);
    broker_quota_destroy (&quota);
    broker_quota_destroy (&quota);
    zconfig_put (root, "quota/progress_per_day", "-1");
    assert (!broker_quota_load (root, error, sizeof error) && strstr (error, "progress_per_day"));
    zconfig_destroy (&root);
    lx_store_destroy (&db);
}
