/*  broker_timers: the clocks the exchange's rules run on. */

#include "broker_timers.h"
#include "broker_store.h"
#include "lx_cfg.h"

#define S_DAY_MS (INT64_C (24) * 3600 * 1000)

struct _broker_timers_t {
    int64_t interval;           //  ms between two runs of the timers
    int64_t offer_days;         //  an open offer returns to its finder after this many days
    int64_t progress_days;      //  no progress this many days after a claim or transfer: stale
    int64_t return_stale;       //  1: a stale transfer returns to the pool; 0: flagged only
    int64_t strike_days;        //  no progress this many days: due to be struck off
};

broker_timers_t *
broker_timers_load (zconfig_t *root, char *error, size_t error_size)
{
    broker_timers_t *self = (broker_timers_t *) zmalloc (sizeof (broker_timers_t));
    if (!self)
        return NULL;
    zconfig_t *none = root? NULL: zconfig_new ("root", NULL);
    zconfig_t *config = root? root: none;
    if (!config
    ||  lx_cfg_int (config, "timers/interval_ms", 10000, 10, 3600000, &self->interval, error, error_size)
    ||  lx_cfg_int (config, "timers/offer_days", 14, 1, 3650, &self->offer_days, error, error_size)
    ||  lx_cfg_int (config, "timers/progress_days", 30, 1, 3650, &self->progress_days, error, error_size)
    ||  lx_cfg_int (config, "timers/return_stale", 1, 0, 1, &self->return_stale, error, error_size)
    ||  lx_cfg_int (config, "timers/strike_days", 90, 1, 3650, &self->strike_days, error, error_size))
        broker_timers_destroy (&self);
    zconfig_destroy (&none);
    return self;
}

void
broker_timers_destroy (broker_timers_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

int64_t
broker_timers_interval (broker_timers_t *self)
{
    assert (self);
    return self->interval;
}

int64_t
broker_timers_offer_days (broker_timers_t *self)
{
    assert (self);
    return self->offer_days;
}

int64_t
broker_timers_progress_days (broker_timers_t *self)
{
    assert (self);
    return self->progress_days;
}

int64_t
broker_timers_strike_days (broker_timers_t *self)
{
    assert (self);
    return self->strike_days;
}

bool
broker_timers_return_stale (broker_timers_t *self)
{
    assert (self);
    return self->return_stale != 0;
}

//  zlistx destructor of a broker_due_t.
static void
s_due_free (void **item_p)
{
    free (*item_p);
    *item_p = NULL;
}

//  Collects the rows of stmt (lead, finder, holder, stage, activity) as
//  broker_due_t. Returns the list, or NULL on a store error.
static zlistx_t *
s_collect (lx_store_t *db, sqlite3_stmt *stmt)
{
    if (!stmt)
        return NULL;
    zlistx_t *list = zlistx_new ();
    assert (list);
    zlistx_set_destructor (list, s_due_free);
    int step;
    while ((step = lx_store_step (db, stmt)) == 1) {
        broker_due_t *due = (broker_due_t *) zmalloc (sizeof (broker_due_t));
        assert (due);
        #define TEXT(column) (sqlite3_column_text (stmt, column)? (const char *) sqlite3_column_text (stmt, column): "")
        snprintf (due->lead, sizeof due->lead, "%s", TEXT (0));
        snprintf (due->finder, sizeof due->finder, "%s", TEXT (1));
        snprintf (due->holder, sizeof due->holder, "%s", TEXT (2));
        snprintf (due->stage, sizeof due->stage, "%s", TEXT (3));
        #undef TEXT
        due->activity = sqlite3_column_int64 (stmt, 4);
        zlistx_add_end (list, due);
    }
    if (step != 0)
        zlistx_destroy (&list);
    return list;
}

zlistx_t *
broker_timers_expired_offers (broker_timers_t *self, lx_store_t *db, int64_t now)
{
    assert (self && db);
    return s_collect (db, lx_store_query (db,
        "SELECT lead.id, lead.finder, NULL, lead.stage, offer.offered FROM offer JOIN lead ON lead.id = offer.lead"
        " WHERE offer.status = 'open' AND offer.offered <= ? ORDER BY offer.offered, lead.id",
        "i", now - self->offer_days * S_DAY_MS));
}

zlistx_t *
broker_timers_stale (broker_timers_t *self, lx_store_t *db, int64_t now)
{
    assert (self && db);
    //  A transferred or negotiating lead is stale only when it was
    //  transferred (it has a lander): a finder landing its own lead holds
    //  no claim to take back (its offer's claimant, if any, was rejected).
    return s_collect (db, lx_store_query (db,
        "SELECT lead.id, lead.finder, ifnull (lead.lander, offer.claimant), lead.stage, lead.activity"
        " FROM lead LEFT JOIN offer ON offer.lead = lead.id"
        " WHERE lead.stage IN ('claimed', 'transferred', 'negotiating') AND lead.activity <= ?"
        " AND (lead.stage = 'claimed' OR lead.lander IS NOT NULL)"
        " AND lead.flagged != lead.activity ORDER BY lead.activity, lead.id",
        "i", now - self->progress_days * S_DAY_MS));
}

//  The stages a lead may be struck off in: before signing, still alive.
#define S_STRIKABLE "('captured', 'assessing', 'offered', 'claimed', 'transferred', 'negotiating')"

zlistx_t *
broker_timers_review (broker_timers_t *self, lx_store_t *db, int64_t now)
{
    assert (self && db);
    return s_collect (db, lx_store_query (db,
        "SELECT lead.id, lead.finder, ifnull (lead.lander, offer.claimant), lead.stage, lead.activity"
        " FROM lead LEFT JOIN offer ON offer.lead = lead.id"
        " WHERE lead.stage IN " S_STRIKABLE " AND lead.activity <= ?"
        " ORDER BY lead.finder, lead.activity, lead.id",
        "i", now - self->strike_days * S_DAY_MS));
}

int
broker_timers_is_due (broker_timers_t *self, lx_store_t *db, const char *lead, int64_t now)
{
    assert (self && db && lead);
    int64_t one;
    int found = lx_store_int (db, &one, "SELECT 1 FROM lead WHERE id = ? AND stage IN " S_STRIKABLE
                              " AND activity <= ?", "ti", lead, now - self->strike_days * S_DAY_MS);
    return found == 0? 1: found == 1? 0: -1;
}

//  Registers a lead row directly (the selftest's fixture).
static void
s_row (lx_store_t *db, const char *id, const char *stage, const char *lander, int64_t activity)
{
    int rc = lx_store_exec (db,
        "INSERT INTO lead (id, finder, investor, project, industries, tags, investment, land, tax,"
        " output, type, channel, found, stage, lander, registered, activity) VALUES (?, 'kecheng', 'x', 'p',"
        " 'C3841', '', 1, 0, 0, 0, 'manufacturing', 'own', '2026-01-01', ?, ?, 0, ?)", "ttti",
        id, stage, lander, activity);
    assert (rc == 0);
}

void
broker_timers_test (bool verbose)
{
    (void) verbose;
    char error [256];
    //  Defaults, and a key out of range named.
    broker_timers_t *self = broker_timers_load (NULL, error, sizeof error);
    assert (self);
    assert (broker_timers_interval (self) == 10000 && broker_timers_offer_days (self) == 14);
    assert (broker_timers_progress_days (self) == 30 && broker_timers_strike_days (self) == 90);
    assert (broker_timers_return_stale (self));
    broker_timers_destroy (&self);
    broker_timers_destroy (&self);
    zconfig_t *config = zconfig_str_load ("timers\n    offer_days = 0\n");
    assert (config);
    assert (broker_timers_load (config, error, sizeof error) == NULL);
    assert (strstr (error, "timers/offer_days"));
    zconfig_destroy (&config);
    config = zconfig_str_load ("timers\n    offer_days = 7\n    return_stale = 0\n");
    self = broker_timers_load (config, error, sizeof error);
    assert (self && broker_timers_offer_days (self) == 7 && !broker_timers_return_stale (self));
    zconfig_destroy (&config);

    char dir [] = "/tmp/broker_timers_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/broker.db", dir);
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = broker_store_db (store);
    assert (broker_store_node_ensure (store, "kecheng", "county") == 0);
    assert (broker_store_node_ensure (store, "longyou", "county") == 0);
    int64_t day = S_DAY_MS, now = 200 * S_DAY_MS;
    s_row (db, "kecheng-000001", "offered", NULL, now - 8 * day);
    s_row (db, "kecheng-000002", "offered", NULL, now - 6 * day);
    s_row (db, "kecheng-000003", "transferred", "longyou", now - 31 * day);
    s_row (db, "kecheng-000004", "negotiating", "longyou", now - 29 * day);
    s_row (db, "kecheng-000005", "assessing", NULL, now - 91 * day);
    s_row (db, "kecheng-000006", "signed", "longyou", now - 400 * day);
    s_row (db, "kecheng-000007", "struck", NULL, now - 400 * day);
    assert (lx_store_exec (db, "INSERT INTO offer (lead, status, offered) VALUES ('kecheng-000001', 'open', ?),"
                           " ('kecheng-000002', 'open', ?)", "ii", now - 8 * day, now - 6 * day) == 0);

    //  Offers past 7 days: only the first.
    zlistx_t *list = broker_timers_expired_offers (self, db, now);
    assert (list && zlistx_size (list) == 1);
    assert (streq (((broker_due_t *) zlistx_first (list))->lead, "kecheng-000001"));
    zlistx_destroy (&list);
    //  Stale after 30 days: the transfer, with its lander; once flagged, no more.
    list = broker_timers_stale (self, db, now);
    assert (list && zlistx_size (list) == 1);
    broker_due_t *due = (broker_due_t *) zlistx_first (list);
    assert (streq (due->lead, "kecheng-000003") && streq (due->holder, "longyou"));
    assert (due->activity == now - 31 * day);
    zlistx_destroy (&list);
    assert (lx_store_exec (db, "UPDATE lead SET flagged = activity WHERE id = 'kecheng-000003'", "") == 0);
    list = broker_timers_stale (self, db, now);
    assert (list && zlistx_size (list) == 0);
    zlistx_destroy (&list);
    list = broker_timers_stale (self, db, now + 2 * day);
    assert (list && zlistx_size (list) == 1);           //  the negotiating one's turn
    zlistx_destroy (&list);
    //  Review after 90 days: the assessing lead, never the signed nor the struck.
    list = broker_timers_review (self, db, now);
    assert (list && zlistx_size (list) == 1);
    assert (streq (((broker_due_t *) zlistx_first (list))->lead, "kecheng-000005"));
    zlistx_destroy (&list);
    list = broker_timers_review (self, db, now + 85 * day);
    assert (list && zlistx_size (list) == 5);
    zlistx_destroy (&list);
    assert (broker_timers_is_due (self, db, "kecheng-000005", now) == 1);
    assert (broker_timers_is_due (self, db, "kecheng-000004", now) == 0);
    assert (broker_timers_is_due (self, db, "kecheng-000006", now + 1000 * day) == 0);
    assert (broker_timers_is_due (self, db, "nobody-000001", now) == 0);

    broker_timers_destroy (&self);
    broker_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    assert (rmdir (dir) == 0);
}
