/*  broker_logic credit selftest, its fixture: the city, the investors,
    and the checks every scenario makes of what a report credited (the
    progress row, the ledger entries, both chains, the PROGRESSED events),
    declared in broker_logic_credit_test.h. The expected shares are
    computed here, in 128-bit arithmetic, never by lx_split.
*/

#include "broker_logic_credit_test.h"
#include "lx_chain.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_ledger.h"
#include "lx_split.h"

//  The test city: the fixture's districts (three counties, one platform,
//  the center). A chemicals lead (C2614) of kecheng fits qujiang, zhizao
//  and longyou; the policy is appended by each fixture.
static const char *s_city =
    "match\n"
    "    top = 3\n"
    "    min_score = 20\n"
    BROKER_FIXTURE_DISTRICTS;

const char *const broker_credit_ningde =
    "policy\n"
    "    rule\n"
    "        finder_bp = 3000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 5000\n"
    "        years = 5\n"
    "        from = \"first\"\n"
    "    rule\n"
    "        metric = \"output\"\n"
    "        finder_bp = 5000\n"
    "        years = 5\n"
    "        from = \"started\"\n"
    "    rule\n"
    "        metric = \"fixed_asset\"\n"
    "        finder_bp = 5000\n"
    "        years = 5\n"
    "        from = \"started\"\n"
    "    rule\n"
    "        metric = \"funds\"\n"
    "        channel = \"intermediary\"\n"
    "        finder_bp = 4000\n"
    "        years = 2\n"
    "        from = \"signed\"\n";

const char *const broker_credit_nodes [BROKER_CREDIT_NODES] = { "kecheng", "qujiang", "zhizao", "longyou",
                                                               "center" };

//  Investors, one per lead number: all different names.
static const char *s_investors [] = {
    "宁德时代新能源科技股份有限公司", "福耀玻璃工业集团股份有限公司", "紫金矿业集团股份有限公司",
    "安踏体育用品集团有限公司", "恒申控股集团有限公司", "永荣控股集团有限公司",
    "万华化学集团股份有限公司", "华峰集团有限公司", "荣盛石化股份有限公司",
    "恒逸石化股份有限公司", "新和成控股集团有限公司", "龙盛集团股份有限公司",
};
#define S_INVESTORS (sizeof s_investors / sizeof s_investors [0])

//  The finder's share of amount at bp, computed apart from lx_split: the
//  exact floor of amount * bp / 10000.
static int64_t
s_floor (int64_t amount, int64_t bp)
{
    assert (amount >= 0 && bp >= 0 && bp <= LX_BP_WHOLE);
    return (int64_t) ((__int128) amount * bp / LX_BP_WHOLE);
}

broker_fixture_t *
broker_credit_fixture (const char *policy, bool verbose)
{
    broker_fixture_t *self = broker_fixture_new ("broker_logic_credit", s_city, policy, verbose);
    assert (self);
    return self;
}

int
broker_credit_register (broker_fixture_t *self, const char *id, int channel)
{
    const char *dash = strchr (id, '-');
    assert (dash);
    int number = atoi (dash + 1);
    assert (number >= 1 && (size_t) number <= S_INVESTORS);
    lx_lead_t *lead = broker_fixture_lead (id, s_investors [number - 1], 600000000, "C2614");
    lead->channel = channel;
    //  The scenarios date their reports from the fixture's start on, in
    //  the order a section needs, whatever an earlier section moved the
    //  clock to: each lead is on the register from the start.
    int64_t now = lx_clock_now (self->clock);
    lx_clock_set (self->clock, self->start);
    int rc = broker_fixture_register (self, lead);
    lx_clock_set (self->clock, now);
    return rc;
}

void
broker_credit_transfer (broker_fixture_t *self, const char *lead, int channel, const char *lander,
                        const char *overrides)
{
    assert (broker_credit_register (self, lead, channel) == 0);
    assert (broker_fixture_apply (self, "kecheng", broker_fixture_cmd (LX_CMD_OFFER, lead)) == 0);
    assert (broker_fixture_apply (self, lander, broker_fixture_cmd (LX_CMD_CLAIM, lead)) == 0);
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    if (overrides) {
        char *copy = strdup (overrides);
        for (char *item = strtok (copy, ","); item; item = strtok (NULL, ",")) {
            char *equals = strchr (item, '=');
            assert (equals);
            *equals = '\0';
            lx_msg_put (msg, LX_F_SPLITS, item, atoll (equals + 1));
        }
        free (copy);
        lx_msg_set_str (msg, LX_F_REASON, "三方确认书约定的分成");
    }
    assert (broker_fixture_apply (self, "center", msg) == 0);
    assert (broker_fixture_int2 (self,
                                 "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = ?",
                                 lead, lander) == 1);
    assert (broker_fixture_int (self, "SELECT count(*) FROM transfer_split WHERE lead = ?", lead) == LX_METRIC_COUNT);
}

lx_msg_t *
broker_credit_progress_msg (const char *lead, const char *stage, const char *date, const char *metric, int64_t amount)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    if (metric) {
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, amount);
    }
    return msg;
}

int
broker_credit_report (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
                      const char *metric, int64_t amount)
{
    return broker_fixture_apply (self, node, broker_credit_progress_msg (lead, stage, date, metric, amount));
}

bool
broker_credit_split_is (broker_fixture_t *self, const char *lead, const char *metric, int64_t bp, int64_t years,
                        const char *from, const char *source)
{
    int64_t found = -1;
    assert (lx_store_int (broker_fixture_db (self), &found,
                          "SELECT count(*) FROM transfer_split WHERE lead = ? AND metric = ?"
                          " AND finder_bp = ? AND years = ? AND window_from = ? AND source = ?", "ttiitt",
                          lead, metric, bp, years, from, source) == 0);
    return found == 1;
}

//  The one PROGRESSED about progress id among node's last few events,
//  decoded (caller destroys), or NULL when none. Called right after the
//  report, so the event is among the last.
static lx_msg_t *
s_progressed (broker_fixture_t *self, const char *node, int64_t progress)
{
    sqlite3 *handle = lx_store_handle (broker_fixture_db (self));
    sqlite3_stmt *stmt = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT body FROM event WHERE node = ? AND cmd = 'progressed'"
                                " ORDER BY seq DESC LIMIT 8", -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 1, node, -1, SQLITE_STATIC) == SQLITE_OK);
    lx_msg_t *found = NULL;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0),
                                       NULL);
        assert (msg && lx_msg_cmd (msg) == LX_CMD_PROGRESSED);
        if (lx_msg_int (msg, LX_F_PROGRESS) == progress) {
            assert (!found);            //  once per district
            found = msg;
        }
        else
            lx_msg_destroy (&msg);
    }
    sqlite3_finalize (stmt);
    return found;
}

int64_t
broker_credit_expect (broker_fixture_t *self, const char *lead, const char *metric, int64_t amount, int64_t bp,
                      bool counted)
{
    lx_store_t *db = broker_fixture_db (self);
    int64_t id = broker_fixture_int2 (self, "SELECT ifnull (max (id), -1) FROM progress WHERE lead = ? AND metric = ?",
                                      lead, metric);
    assert (id > 0);
    int64_t finder_share = s_floor (amount, bp);
    int64_t lander_share = amount - finder_share;
    char finder [33], lander [33], stage [16], date [11];
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT amount, finder_bp, finder_share, lander_share, finder, lander,"
                                         " stage, date FROM progress WHERE id = ?", "i", id);
    assert (stmt && lx_store_step (db, stmt) == 1);
    int64_t got_amount = sqlite3_column_int64 (stmt, 0), got_bp = sqlite3_column_int64 (stmt, 1);
    int64_t got_finder = sqlite3_column_int64 (stmt, 2), got_lander = sqlite3_column_int64 (stmt, 3);
    snprintf (finder, sizeof finder, "%s", (const char *) sqlite3_column_text (stmt, 4));
    snprintf (lander, sizeof lander, "%s", (const char *) sqlite3_column_text (stmt, 5));
    snprintf (stage, sizeof stage, "%s", (const char *) sqlite3_column_text (stmt, 6));
    snprintf (date, sizeof date, "%s", (const char *) sqlite3_column_text (stmt, 7));
    assert (lx_store_step (db, stmt) == 0);
    if (got_amount != amount || got_bp != bp || got_finder != finder_share || got_lander != lander_share)
        zsys_error ("credit test: %s %s #%" PRId64 ": %" PRId64 " at %" PRId64 " bp as %" PRId64 " + %" PRId64
                    ", expected %" PRId64 " at %" PRId64 " bp as %" PRId64 " + %" PRId64, lead, metric, id,
                    got_amount, got_bp, got_finder, got_lander, amount, bp, finder_share, lander_share);
    assert (got_amount == amount && got_bp == bp);
    assert (got_finder == finder_share && got_lander == lander_share);
    assert (got_finder + got_lander == got_amount);
    bool transferred = !streq (finder, lander);
    assert (transferred || bp == 0);            //  an own lead is all its own
    int64_t entries = 0;
    for (int index = 0; index < BROKER_CREDIT_NODES; index++) {
        const char *node = broker_credit_nodes [index];
        bool credited = streq (node, lander) || streq (node, finder);
        int64_t rows = -1;
        assert (lx_store_int (db, &rows, "SELECT count(*) FROM ledger WHERE node = ? AND progress = ?", "ti",
                              node, id) == 0);
        assert (rows == (credited? 1: 0));
        lx_msg_t *event = s_progressed (self, node, id);
        if (!credited) {
            assert (!event);
            continue;
        }
        entries++;
        stmt = lx_store_query (db, "SELECT seq, hash, lead, stage, date, metric, amount, finder, lander,"
                               " finder_bp, finder_share, lander_share, counted FROM ledger"
                               " WHERE node = ? AND progress = ?", "ti", node, id);
        assert (stmt && lx_store_step (db, stmt) == 1);
        int64_t seq = sqlite3_column_int64 (stmt, 0);
        char hash [65];
        snprintf (hash, sizeof hash, "%s", (const char *) sqlite3_column_text (stmt, 1));
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 2), lead));
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 3), stage));
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 4), date));
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 5), metric));
        assert (sqlite3_column_int64 (stmt, 6) == amount);
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 7), finder));
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 8), lander));
        assert (sqlite3_column_int64 (stmt, 9) == bp);
        assert (sqlite3_column_int64 (stmt, 10) == finder_share);
        assert (sqlite3_column_int64 (stmt, 11) == lander_share);
        if (sqlite3_column_int64 (stmt, 12) != (counted? 1: 0))
            zsys_error ("credit test: %s %s %s %s #%" PRId64 " in %s's chain: counted %" PRId64 ", expected %d",
                        lead, stage, date, metric, id, node, sqlite3_column_int64 (stmt, 12), counted);
        assert (sqlite3_column_int64 (stmt, 12) == (counted? 1: 0));
        assert (lx_store_step (db, stmt) == 0);
        //  The district's PROGRESSED names this entry of its own chain.
        assert (event);
        assert (broker_fixture_is (lx_msg_str (event, LX_F_NODE), node));
        assert (broker_fixture_is (lx_msg_str (event, LX_F_LEAD), lead));
        assert (broker_fixture_is (lx_msg_str (event, LX_F_STAGE), stage)
                && broker_fixture_is (lx_msg_str (event, LX_F_DATE), date));
        assert (broker_fixture_is (lx_msg_str (event, LX_F_METRIC), metric));
        assert (broker_fixture_is (lx_msg_str (event, LX_F_FINDER), finder)
                && broker_fixture_is (lx_msg_str (event, LX_F_LANDER), lander));
        assert (lx_msg_has (event, LX_F_AMOUNT) && lx_msg_int (event, LX_F_AMOUNT) == amount);
        assert (lx_msg_has (event, LX_F_FINDER_BP) && lx_msg_int (event, LX_F_FINDER_BP) == bp);
        assert (lx_msg_has (event, LX_F_FINDER_SHARE) && lx_msg_int (event, LX_F_FINDER_SHARE) == finder_share);
        assert (lx_msg_has (event, LX_F_LANDER_SHARE) && lx_msg_int (event, LX_F_LANDER_SHARE) == lander_share);
        assert (lx_msg_has (event, LX_F_COUNTED) && lx_msg_bool (event, LX_F_COUNTED) == counted);
        assert (lx_msg_has (event, LX_F_LEDGER) && lx_msg_int (event, LX_F_LEDGER) == seq);
        assert (broker_fixture_is (lx_msg_str (event, LX_F_HASH), hash));
        //  ... signed by the broker: what the node holds checks it.
        lx_sign_t *key = broker_fixture_sign (false);
        assert (lx_sign_check (key, node, seq, hash, lx_msg_str (event, LX_F_SIGNATURE)));
        assert (!lx_sign_check (key, node, seq + 1, hash, lx_msg_str (event, LX_F_SIGNATURE)));
        lx_sign_destroy (&key);
        lx_msg_destroy (&event);
    }
    assert (entries == (transferred? 2: 1));
    return id;
}

int64_t
broker_credit_credit (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
                      const char *metric, int64_t amount, int64_t bp, bool counted)
{
    int rc = broker_credit_report (self, node, lead, stage, date, metric, amount);
    if (rc)
        zsys_error ("credit test: %s %s %s %s %" PRId64 " refused: %d", lead, stage, date, metric, amount, rc);
    assert (rc == 0);
    return broker_credit_expect (self, lead, metric, amount, bp, counted);
}

int64_t
broker_credit_increase (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
                        int64_t total, int64_t added, int64_t bp, bool counted)
{
    assert (broker_credit_report (self, node, lead, stage, date, "contract", total) == 0);
    return broker_credit_expect (self, lead, "contract", added, bp, counted);
}

int64_t
broker_credit_check_chain (broker_fixture_t *self, const char *node, char head [65])
{
    lx_store_t *db = broker_fixture_db (self);
    sqlite3 *handle = lx_store_handle (db);
    sqlite3_stmt *stmt = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT seq, prev, hash, progress, lead, stage, date, metric, amount,"
                                " finder, lander, finder_bp, finder_share, lander_share, counted FROM ledger"
                                " WHERE node = ? ORDER BY seq", -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 1, node, -1, SQLITE_STATIC) == SQLITE_OK);
    char prev [65];
    snprintf (prev, sizeof prev, "%s", LX_CHAIN_GENESIS);
    int64_t count = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        count++;
        assert (sqlite3_column_int64 (stmt, 0) == count);
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 1), prev));
        lx_ledger_entry_t entry;
        memset (&entry, 0, sizeof entry);
        entry.progress = sqlite3_column_int64 (stmt, 3);
        snprintf (entry.lead, sizeof entry.lead, "%s", (const char *) sqlite3_column_text (stmt, 4));
        snprintf (entry.stage, sizeof entry.stage, "%s", (const char *) sqlite3_column_text (stmt, 5));
        snprintf (entry.date, sizeof entry.date, "%s", (const char *) sqlite3_column_text (stmt, 6));
        snprintf (entry.metric, sizeof entry.metric, "%s", (const char *) sqlite3_column_text (stmt, 7));
        entry.amount = sqlite3_column_int64 (stmt, 8);
        snprintf (entry.finder, sizeof entry.finder, "%s", (const char *) sqlite3_column_text (stmt, 9));
        snprintf (entry.lander, sizeof entry.lander, "%s", (const char *) sqlite3_column_text (stmt, 10));
        entry.finder_bp = sqlite3_column_int64 (stmt, 11);
        entry.finder_share = sqlite3_column_int64 (stmt, 12);
        entry.lander_share = sqlite3_column_int64 (stmt, 13);
        entry.counted = sqlite3_column_int64 (stmt, 14);
        //  The district credited, its shares exact.
        assert (streq (node, entry.finder) || streq (node, entry.lander));
        assert (entry.finder_bp >= 0 && entry.finder_bp <= LX_BP_WHOLE);
        assert (entry.finder_share == s_floor (entry.amount, entry.finder_bp));
        assert (entry.finder_share + entry.lander_share == entry.amount);
        assert (entry.finder_share >= 0 && entry.lander_share >= 0);
        assert (entry.counted == 0 || entry.counted == 1);
        assert (lx_metric_from_name (entry.metric) >= 0 && lx_stage_from_name (entry.stage) >= 0);
        //  The hash, recomputed.
        char hash [65];
        assert (lx_ledger_link (node, prev, &entry, hash) == 0);
        assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 2), hash));
        //  A copy of its progress row.
        int64_t same = -1;
        assert (lx_store_int (db, &same, "SELECT count(*) FROM progress WHERE id = ? AND lead = ? AND stage = ?"
                              " AND date = ? AND metric = ? AND amount = ? AND finder = ? AND lander = ?"
                              " AND finder_bp = ? AND finder_share = ? AND lander_share = ?", "ittttittiii",
                              entry.progress, entry.lead, entry.stage, entry.date, entry.metric, entry.amount,
                              entry.finder, entry.lander, entry.finder_bp, entry.finder_share,
                              entry.lander_share) == 0);
        assert (same == 1);
        memcpy (prev, hash, sizeof prev);
    }
    sqlite3_finalize (stmt);
    lx_chain_fault_t fault;
    assert (lx_ledger_verify (db, node, NULL, 0, &fault) == 0);
    assert (fault.kind == LX_CHAIN_OK && fault.count == count && streq (fault.head, prev));
    assert (lx_ledger_verify (db, node, prev, count, &fault) == 0);
    int64_t stored;
    char last [65];
    assert (lx_ledger_head (db, node, &stored, last) == 0);
    assert (stored == count && streq (last, prev));
    if (head)
        memcpy (head, prev, 65);
    return count;
}

int64_t
broker_credit_check_events (broker_fixture_t *self, const char *node, int64_t *known_seq, char known_hash [65])
{
    lx_store_t *db = broker_fixture_db (self);
    sqlite3 *handle = lx_store_handle (db);
    sqlite3_stmt *stmt = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT body FROM event WHERE node = ? AND cmd = 'progressed'"
                                " ORDER BY seq", -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 1, node, -1, SQLITE_STATIC) == SQLITE_OK);
    char prev [65];
    snprintf (prev, sizeof prev, "%s", LX_CHAIN_GENESIS);
    int64_t count = 0;
    lx_sign_t *key = broker_fixture_sign (false);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0),
                                       NULL);
        assert (msg && lx_msg_cmd (msg) == LX_CMD_PROGRESSED);
        assert (broker_fixture_is (lx_msg_str (msg, LX_F_NODE), node));
        assert (broker_fixture_is (lx_msg_str (msg, LX_F_FINDER), node)
                || broker_fixture_is (lx_msg_str (msg, LX_F_LANDER), node));
        bool credit = lx_msg_has (msg, LX_F_METRIC);
        const lx_field_t together [] = { LX_F_AMOUNT, LX_F_FINDER_BP, LX_F_FINDER_SHARE, LX_F_LANDER_SHARE,
                                         LX_F_LEDGER, LX_F_HASH, LX_F_COUNTED, LX_F_SIGNATURE };
        for (size_t index = 0; index < sizeof together / sizeof together [0]; index++)
            assert (lx_msg_has (msg, together [index]) == credit);
        if (credit) {
            lx_ledger_entry_t entry;
            lx_ledger_entry_from_event (msg, &entry);
            assert (entry.finder_share + entry.lander_share == entry.amount);
            assert (entry.finder_share == s_floor (entry.amount, entry.finder_bp));
            assert (lx_msg_int (msg, LX_F_LEDGER) == count + 1);
            char hash [65];
            assert (lx_ledger_link (node, prev, &entry, hash) == 0);
            assert (broker_fixture_is (lx_msg_str (msg, LX_F_HASH), hash));
            assert (lx_sign_check (key, node, count + 1, hash, lx_msg_str (msg, LX_F_SIGNATURE)));
            int64_t stored = -1;
            assert (lx_store_int (db, &stored, "SELECT count(*) FROM ledger WHERE node = ? AND seq = ?"
                                  " AND prev = ? AND hash = ? AND progress = ?", "titti", node, count + 1, prev,
                                  hash, entry.progress) == 0);
            assert (stored == 1);
            memcpy (prev, hash, sizeof prev);
            count++;
        }
        lx_msg_destroy (&msg);
    }
    sqlite3_finalize (stmt);
    lx_sign_destroy (&key);
    if (known_seq)
        *known_seq = count;
    if (known_hash)
        memcpy (known_hash, prev, 65);
    return count;
}

void
broker_credit_check_all (broker_fixture_t *self)
{
    int64_t total = 0;
    for (int index = 0; index < BROKER_CREDIT_NODES; index++) {
        char head [65], known [65];
        int64_t entries = broker_credit_check_chain (self, broker_credit_nodes [index], head);
        int64_t seq = -1;
        assert (broker_credit_check_events (self, broker_credit_nodes [index], &seq, known) == entries);
        assert (seq == entries && streq (head, known));
        total += entries;
    }
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM ledger") == total);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM ledger WHERE node = 'center'") == 0);
    assert (broker_fixture_int0 (self,
                                 "SELECT ifnull (sum (CASE WHEN finder = lander THEN 1 ELSE 2 END), 0) FROM progress"
                                 " WHERE metric IS NOT NULL") == total);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM progress p WHERE metric IS NOT NULL AND ("
                                 " (SELECT count(*) FROM ledger l WHERE l.node = p.lander AND l.progress = p.id) != 1"
                                 " OR (p.finder != p.lander"
                                 "     AND (SELECT count(*) FROM ledger l WHERE l.node = p.finder"
                                 " AND l.progress = p.id) != 1)"
                                 " OR (p.finder = p.lander AND p.finder_bp != 0))") == 0);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM ledger WHERE NOT EXISTS (SELECT 1 FROM progress p"
                                 " WHERE p.id = ledger.progress AND p.metric IS NOT NULL)") == 0);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM progress WHERE metric IS NULL AND (amount IS NOT NULL"
                                 " OR finder_bp IS NOT NULL OR finder_share IS NOT NULL OR lander_share IS NOT NULL)")
            == 0);
    assert (broker_fixture_int0 (self,
                                 "SELECT count(*) FROM progress WHERE metric = 'count' AND amount != 10000") == 0);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM lead WHERE counted != (SELECT count(*) FROM progress"
                                 " WHERE progress.lead = lead.id AND metric = 'count')") == 0);
    assert (broker_fixture_int0 (self, "SELECT count(*) FROM conflict") == 0);
}
