/*  broker_register: the city's register of investors (报备). */

#include "broker_register.h"
#include "broker_store.h"
#include "lx_cfg.h"
#include "lx_name.h"

#define S_DAY_MS (INT64_C (24) * 3600 * 1000)

struct _broker_register_t {
    int64_t protect_days;       //  protection window of a registration, days
    int64_t protect_days_major; //  ... of a major project, days
    int64_t major_investment;   //  a major project plans at least this, yuan
    int threshold;              //  lx_name near-match threshold, basis points
    int64_t near_candidates;    //  near-match candidates compared per check, oldest first
    lx_name_t *names;           //  the normalizer of investors' names (OpenCC opened once)
};

broker_register_t *
broker_register_load (zconfig_t *root, char *error, size_t error_size)
{
    assert (root);
    broker_register_t *self = (broker_register_t *) zmalloc (sizeof (broker_register_t));
    if (!self)
        return NULL;
    int64_t threshold;
    if (lx_cfg_int (root, "register/protect_days", 90, 0, 3650, &self->protect_days, error, error_size)
    ||  lx_cfg_int (root, "register/protect_days_major", 180, 0, 3650, &self->protect_days_major,
                    error, error_size)
    ||  lx_cfg_int (root, "register/major_investment", 1000000000, 0, INT64_MAX, &self->major_investment,
                    error, error_size)
    ||  lx_cfg_int (root, "register/name_threshold", LX_NAME_THRESHOLD, 1, 10000, &threshold,
                    error, error_size)
    ||  lx_cfg_int (root, "register/near_candidates", 200, 1, 1000000, &self->near_candidates,
                    error, error_size)) {
        broker_register_destroy (&self);
        return NULL;
    }
    self->threshold = (int) threshold;
    self->names = lx_name_new (error, error_size);
    if (!self->names)
        broker_register_destroy (&self);
    return self;
}

void
broker_register_destroy (broker_register_t **self_p)
{
    assert (self_p);
    if (*self_p) {
        lx_name_destroy (&(*self_p)->names);
        free (*self_p);
        *self_p = NULL;
    }
}

int64_t
broker_register_window (broker_register_t *self, int64_t investment)
{
    assert (self);
    return (investment >= self->major_investment? self->protect_days_major: self->protect_days) * S_DAY_MS;
}

char *
broker_register_core (broker_register_t *self, const char *investor)
{
    assert (self);
    return lx_name_normalize (self->names, investor);
}

const char *
broker_register_kind_name (int kind)
{
    return kind == BROKER_MATCH_USCC? "uscc": kind == BROKER_MATCH_NAME? "name": "similar";
}

//  The number of characters (code points) of UTF-8 text.
static size_t
s_chars (const char *text)
{
    size_t count = 0;
    for (; *text; text++)
        count += ((unsigned char) *text & 0xC0) != 0x80;
    return count;
}

//  The first count characters of UTF-8 text, as a new string (caller frees).
static char *
s_prefix (const char *text, size_t count)
{
    const char *end = text;
    for (size_t seen = 0; *end; end++) {
        if (((unsigned char) *end & 0xC0) != 0x80 && seen++ == count)
            break;
    }
    return strndup (text, (size_t) (end - text));
}

//  The earliest registration found to name an investor.
typedef struct {
    char lead [65];             //  its lead id
    char finder [33];           //  the district holding it
    int64_t registered;         //  when, ms since epoch
    int64_t until;              //  end of its protection window, ms since epoch
    int kind;                   //  broker_match_kind_t
    int similarity;             //  the names' similarity, basis points
} s_found_t;

//  Steps stmt (columns id, finder, name_core, uscc, investment,
//  registered, oldest first) to the first registration still protected at
//  now that names lead's investor (core): the same credit code, or a
//  matching name. Returns 1 with *found filled, 0 when none, -1 when the
//  store failed.
static int
s_first (broker_register_t *self, lx_store_t *db, sqlite3_stmt *stmt, lx_lead_t *lead, const char *core,
         int64_t now, s_found_t *found)
{
    int step;
    while ((step = lx_store_step (db, stmt)) == 1) {
        int64_t registered = sqlite3_column_int64 (stmt, 5);
        int64_t until = registered + broker_register_window (self, sqlite3_column_int64 (stmt, 4));
        if (now >= until)
            continue;
        const char *uscc = (const char *) sqlite3_column_text (stmt, 3);
        int kind = -1, similarity = 0;
        bool named = lx_name_match_cores ((const char *) sqlite3_column_text (stmt, 2), core,
                                          self->threshold, &similarity);
        if (uscc && lead->uscc && streq (uscc, lead->uscc))
            kind = BROKER_MATCH_USCC;
        else
        if (named)
            kind = similarity == 10000? BROKER_MATCH_NAME: BROKER_MATCH_SIMILAR;
        if (kind < 0)
            continue;
        snprintf (found->lead, sizeof found->lead, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (found->finder, sizeof found->finder, "%s", (const char *) sqlite3_column_text (stmt, 1));
        found->registered = registered;
        found->until = until;
        found->kind = kind;
        found->similarity = similarity;
        sqlite3_reset (stmt);
        return 1;
    }
    return step == 0? 0: -1;
}

int
broker_register_find (broker_register_t *self, lx_store_t *db, lx_lead_t *lead, int64_t now,
                      broker_conflict_t *conflict)
{
    assert (self && db && lead && conflict);
    //  Oldest first: the first protected registration that matches holds
    //  the priority, whoever made it; when that is the lead's own district,
    //  later registrations by others are its duplicates, not its rivals.
    //  Only registrations that can match are read, by index, and only
    //  those young enough to be protected still: first every one with the
    //  same credit code or the same core (few: each is a match); then the
    //  near-match candidates, cores of at least LX_NAME_MIN_CHARS beginning
    //  with the same trade-name characters, at most near_candidates of
    //  them, the oldest still protected, so that a district registering
    //  many names with one start cannot make every check read them all.
    char *core = lx_name_normalize (self->names, lead->investor);
    if (!core)
        return 0;               //  validated text always has a core
    int64_t longest = self->protect_days_major > self->protect_days? self->protect_days_major: self->protect_days;
    s_found_t exact = { .registered = INT64_MAX }, near = { .registered = INT64_MAX };
    sqlite3_stmt *stmt = lx_store_query (db,
        "SELECT id, finder, name_core, uscc, investment, registered FROM lead"
        " WHERE (uscc = ?1 OR name_core = ?2) AND id != ?3 AND registered > ?4"
        " AND stage NOT IN ('withdrawn', 'struck') ORDER BY registered, id", "ttti", lead->uscc,
        *core? core: NULL, lead->id, now - longest * S_DAY_MS);
    int found = stmt? s_first (self, db, stmt, lead, core, now, &exact): -1;
    if (found != -1 && s_chars (core) >= LX_NAME_MIN_CHARS) {
        //  lead_trade indexes (substr (name_core, 1, 2), registered, id)
        //  of the live registrations: read in order, LIMIT stops it.
        _Static_assert (LX_NAME_TRADE_CHARS == 2, "lead_trade indexes substr (name_core, 1, 2)");
        char *trade = s_prefix (core, LX_NAME_TRADE_CHARS);
        stmt = trade? lx_store_query (db,
            "SELECT id, finder, name_core, uscc, investment, registered FROM lead"
            " WHERE substr (name_core, 1, 2) = ?1 AND stage NOT IN ('withdrawn', 'struck')"
            " AND registered > ?2 AND id != ?3 AND length (name_core) >= ?4"
            " AND registered + CASE WHEN investment >= ?5 THEN ?6 ELSE ?7 END > ?8"
            " ORDER BY registered, id LIMIT ?9", "titiiiiii", trade, now - longest * S_DAY_MS, lead->id,
            (int64_t) LX_NAME_MIN_CHARS, self->major_investment, self->protect_days_major * S_DAY_MS,
            self->protect_days * S_DAY_MS, now, self->near_candidates): NULL;
        free (trade);
        int near_found = stmt? s_first (self, db, stmt, lead, core, now, &near): -1;
        found = near_found == -1? -1: found || near_found;
    }
    free (core);
    if (found != 1)
        return found;
    //  The earlier of the two holds the priority.
    s_found_t *first = near.registered < exact.registered
                    || (near.registered == exact.registered && strcmp (near.lead, exact.lead) < 0)? &near: &exact;
    if (streq (first->finder, lead->finder))
        return 0;               //  the lead's own district's: no conflict
    snprintf (conflict->lead, sizeof conflict->lead, "%s", first->lead);
    snprintf (conflict->finder, sizeof conflict->finder, "%s", first->finder);
    conflict->registered = first->registered;
    conflict->protected_until = first->until;
    conflict->kind = first->kind;
    conflict->similarity = first->similarity;
    return 1;
}

//  Registers a lead row directly (the selftest's fixture), its name's core
//  by self's rule.
static void
s_row (broker_register_t *self, lx_store_t *db, const char *id, const char *finder, const char *investor,
       const char *uscc, int64_t investment, const char *stage, int64_t registered)
{
    char *core = broker_register_core (self, investor);
    int rc = lx_store_exec (db,
        "INSERT INTO lead (id, finder, investor, uscc, project, industries, tags, investment, land, tax,"
        " output, type, channel, found, stage, registered, name_core) VALUES (?, ?, ?, ?, 'p', 'C3841', '',"
        " ?, 0, 0, 0, 'manufacturing', 'own', '2026-01-01', ?, ?, ?)", "ttttitit", id, finder, investor,
        uscc, investment, stage, registered, core);
    assert (rc == 0);
    free (core);
}

void
broker_register_test (bool verbose)
{
    (void) verbose;
    char error [256];
    zconfig_t *config = zconfig_str_load ("register\n    protect_days = 30\n");
    broker_register_t *self = broker_register_load (config, error, sizeof error);
    assert (self);
    assert (broker_register_window (self, 1) == 30 * S_DAY_MS);
    assert (broker_register_window (self, 1000000000) == 180 * S_DAY_MS);
    zconfig_destroy (&config);
    config = zconfig_str_load ("register\n    name_threshold = 0\n");
    assert (broker_register_load (config, error, sizeof error) == NULL);
    assert (strstr (error, "name_threshold"));
    zconfig_destroy (&config);

    char dir [] = "/tmp/broker_register_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/broker.db", dir);
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = broker_store_db (store);
    const char *nodes [] = { "kecheng", "qujiang", "longyou" };
    for (int index = 0; index < 3; index++)
        assert (broker_store_node_ensure (store, nodes [index], "county") == 0);
    int64_t day0 = INT64_C (1790000000000);
    s_row (self, db, "qujiang-1", "qujiang", "浙江晶川新材料有限公司", NULL, 500000000, "offered", day0);
    s_row (self, db, "longyou-1", "longyou", "某锂电科技有限公司", "91330802MA29U5P27G", 2000000000, "captured",
           day0 + S_DAY_MS);
    s_row (self, db, "longyou-2", "longyou", "衢州晶川新材料股份有限公司", NULL, 1, "withdrawn", day0 - S_DAY_MS);

    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->id, "kecheng-1");
    lx_lead_set (&lead->finder, "kecheng");
    lx_lead_set (&lead->investor, "晶川新材料（衢州）有限公司");
    broker_conflict_t conflict;
    //  The same name, within 30 days: qujiang's (longyou's was withdrawn).
    assert (broker_register_find (self, db, lead, day0 + 10 * S_DAY_MS, &conflict) == 1);
    assert (streq (conflict.lead, "qujiang-1") && streq (conflict.finder, "qujiang"));
    assert (conflict.kind == BROKER_MATCH_NAME && conflict.similarity == 10000);
    assert (conflict.protected_until == day0 + 30 * S_DAY_MS);
    //  After the window: no conflict.
    assert (broker_register_find (self, db, lead, day0 + 30 * S_DAY_MS, &conflict) == 0);
    //  A near match of the name.
    lx_lead_set (&lead->investor, "晶川新材枓有限公司");
    assert (broker_register_find (self, db, lead, day0, &conflict) == 1);
    assert (conflict.kind == BROKER_MATCH_SIMILAR && conflict.similarity == 8000);
    //  The same credit code under another name; a major project's window.
    lx_lead_set (&lead->investor, "完全不同的名字有限公司");
    lx_lead_set (&lead->uscc, "91330802MA29U5P27G");
    assert (broker_register_find (self, db, lead, day0 + 100 * S_DAY_MS, &conflict) == 1);
    assert (streq (conflict.lead, "longyou-1") && conflict.kind == BROKER_MATCH_USCC);
    assert (streq (broker_register_kind_name (conflict.kind), "uscc"));
    //  The same district registering again is not a conflict.
    lx_lead_set (&lead->finder, "longyou");
    lx_lead_set (&lead->id, "longyou-3");
    assert (broker_register_find (self, db, lead, day0, &conflict) == 0);
    //  Nor is it when another district registered the investor after it:
    //  that later one is the duplicate.
    s_row (self, db, "qujiang-2", "qujiang", "某锂电科技（衢州）有限公司", NULL, 2000000000, "captured",
           day0 + 2 * S_DAY_MS);
    lx_lead_set (&lead->uscc, NULL);
    lx_lead_set (&lead->investor, "衢州某锂电科技有限公司");
    assert (broker_register_find (self, db, lead, day0 + 3 * S_DAY_MS, &conflict) == 0);
    //  Once its own has lapsed, the other's registration protects.
    assert (broker_register_find (self, db, lead, day0 + 181 * S_DAY_MS + 1000, &conflict) == 1);
    assert (streq (conflict.lead, "qujiang-2") && streq (conflict.finder, "qujiang"));

    //  Near matches are looked for among the oldest near_candidates
    //  protected candidates only; equal names and credit codes always.
    config = zconfig_str_load ("register\n    near_candidates = 2\n");
    broker_register_t *capped = broker_register_load (config, error, sizeof error);
    assert (capped);
    zconfig_destroy (&config);
    int64_t day1 = day0 + 400 * S_DAY_MS;
    s_row (self, db, "qujiang-3", "qujiang", "华科甲乙特种纸有限公司", NULL, 1, "captured", day1 - 100 * S_DAY_MS);
    s_row (self, db, "qujiang-4", "qujiang", "华科丙丁特种纸有限公司", NULL, 1, "captured", day1 + 1);
    s_row (self, db, "qujiang-5", "qujiang", "华科戊己特种纸有限公司", NULL, 1, "withdrawn", day1 + 2);
    s_row (self, db, "qujiang-6", "qujiang", "华科庚辛特种纸有限公司", NULL, 1, "captured", day1 + 3);
    s_row (self, db, "qujiang-7", "qujiang", "华科壬癸特种纸有限公司", NULL, 1, "captured", day1 + 4);
    lx_lead_set (&lead->id, "kecheng-2");
    lx_lead_set (&lead->finder, "kecheng");
    lx_lead_set (&lead->investor, "华科壬葵特种纸有限公司");    //  a typo of qujiang-7's
    //  qujiang-3 is no longer protected, qujiang-5 withdrawn: neither
    //  counts; qujiang-4 and -6 fill the two places.
    assert (broker_register_find (capped, db, lead, day1 + 10, &conflict) == 0);
    assert (broker_register_find (self, db, lead, day1 + 10, &conflict) == 1);
    assert (streq (conflict.lead, "qujiang-7") && conflict.kind == BROKER_MATCH_SIMILAR);
    lx_lead_set (&lead->investor, "华科壬癸特种纸股份有限公司");
    assert (broker_register_find (capped, db, lead, day1 + 10, &conflict) == 1);
    assert (streq (conflict.lead, "qujiang-7") && conflict.kind == BROKER_MATCH_NAME);
    broker_register_destroy (&capped);
    lx_lead_destroy (&lead);

    broker_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    rmdir (dir);
    zstr_free (&path);
    broker_register_destroy (&self);
    broker_register_destroy (&self);
}
