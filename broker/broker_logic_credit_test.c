/*  broker_logic credit selftest: what a progress report credits, and the
    ledger that records it, applied to a real store in a temporary
    directory, without sockets, on a manual clock.

    The city's policy is one of the published precedents (PRODUCT.md,
    "Credit sharing"), each in its own fixture:
      - Ningde (2017): tax 5 : 5 for 5 years from the first tax paid;
        output and fixed-asset investment 5 : 5 for 5 years from the start
        of construction; everything else 30 / 70 (and, for the window that
        runs from the signing, funds of an intermediary's lead 40 / 60 for 2
        years from the first signing);
      - Fuzhou: investment credit (contract, funds, fixed assets) and
        output 100 % to the bringing district, tax 7 : 3 (bringing :
        landing).
    Every message is applied inside a transaction exactly as broker_server
    applies it (broker_fixture_apply); a refused one is rolled back, and
    broker_fixture_refused checks that it left the store byte for byte as
    it was. Expected shares are computed here, in 128-bit arithmetic,
    never by lx_split; the ledger is checked row by row against the
    progress table, against lx_ledger_link recomputed, and against the
    PROGRESSED events each district got (decoded from the stored bodies),
    as its node would.
*/

#include "broker_fixture.h"
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

//  Ningde (2017), with 30 / 70 for the rest and one rule of the signing
//  window (a channel rule, so that own-team leads keep the default).
static const char *s_ningde =
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

//  Fuzhou enclave parks: 100 % to the bringer, tax 7 : 3.
static const char *s_fuzhou =
    "policy\n"
    "    rule\n"
    "        finder_bp = 10000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 7000\n";

//  The city's districts, for the checks that visit every one.
#define S_NODES 5
static const char *s_nodes [S_NODES] = { "kecheng", "qujiang", "zhizao", "longyou", "center" };

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

//  A fixture over the city and a policy text.
static broker_fixture_t *
s_fixture_new (const char *policy, bool verbose)
{
    broker_fixture_t *self = broker_fixture_new ("broker_logic_credit", s_city, policy, verbose);
    assert (self);
    return self;
}

//  Replaces the city's policy (as a restart with an edited configuration
//  would): a new logic over the same store.
static void
s_policy_swap (broker_fixture_t *self, const char *policy)
{
    broker_logic_destroy (&self->logic);
    broker_policy_destroy (&self->policy);
    zconfig_t *config = zconfig_str_load (policy);
    assert (config);
    char error [256];
    self->policy = broker_policy_load (config, error, sizeof error);
    zconfig_destroy (&config);
    assert (self->policy);
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock);
    assert (self->logic);
}

//  Registers a chemicals lead (C2614, 600 M) at the finder its id names,
//  through channel, with the investor its number picks. Returns the code.
static int
s_register (broker_fixture_t *self, const char *id, int channel)
{
    const char *dash = strchr (id, '-');
    assert (dash);
    int number = atoi (dash + 1);
    assert (number >= 1 && (size_t) number <= S_INVESTORS);
    lx_lead_t *lead = broker_fixture_lead (id, s_investors [number - 1], 600000000, "C2614");
    lead->channel = channel;
    return broker_fixture_register (self, lead);
}

//  Registers lead at kecheng, offers it, lander claims it and the center
//  approves, with the overrides (metric=bp, comma-separated; NULL: the
//  policy's split).
static void
s_transfer (broker_fixture_t *self, const char *lead, int channel, const char *lander, const char *overrides)
{
    assert (s_register (self, lead, channel) == 0);
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

//  A PROGRESS of lead at stage on date, with metric and amount when metric
//  is not NULL.
static lx_msg_t *
s_progress_msg (const char *lead, const char *stage, const char *date, const char *metric, int64_t amount)
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

//  node reports lead. Returns the error code.
static int
s_report (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
          const char *metric, int64_t amount)
{
    return broker_fixture_apply (self, node, s_progress_msg (lead, stage, date, metric, amount));
}

//  True when the split agreed for metric of lead is exactly this.
static bool
s_split_is (broker_fixture_t *self, const char *lead, const char *metric, int64_t bp, int64_t years,
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

//  Checks the credit of the last report of metric on lead: its progress
//  row (amount, split and exact shares), one ledger entry in the chain of
//  each district it credits (the lander's and, for a transferred lead, the
//  finder's) and none in another, and the PROGRESSED each credited
//  district got, naming its own chain's entry; no other district is told.
//  Returns the progress id.
static int64_t
s_expect (broker_fixture_t *self, const char *lead, const char *metric, int64_t amount, int64_t bp, bool counted)
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
    for (int index = 0; index < S_NODES; index++) {
        const char *node = s_nodes [index];
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
        lx_msg_destroy (&event);
    }
    assert (entries == (transferred? 2: 1));
    return id;
}

//  node reports lead with metric and amount, and the credit is checked.
//  Returns the progress id.
static int64_t
s_credit (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
          const char *metric, int64_t amount, int64_t bp, bool counted)
{
    int rc = s_report (self, node, lead, stage, date, metric, amount);
    if (rc)
        zsys_error ("credit test: %s %s %s %s %" PRId64 " refused: %d", lead, stage, date, metric, amount, rc);
    assert (rc == 0);
    return s_expect (self, lead, metric, amount, bp, counted);
}

//  node reports a new contract total for lead: credited by what it adds,
//  added. Returns the progress id.
static int64_t
s_increase (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date,
            int64_t total, int64_t added, int64_t bp, bool counted)
{
    assert (s_report (self, node, lead, stage, date, "contract", total) == 0);
    return s_expect (self, lead, "contract", added, bp, counted);
}

//  Walks node's chain entry by entry: seq 1, 2, 3 ... without a gap, each
//  prev the hash before it (the genesis first), each hash lx_ledger_link of
//  prev and the stored fields, each entry's shares exact and adding up,
//  each entry a copy of its progress row; then lx_ledger_verify must find
//  it good, also against its own head. Returns the entries; head (may be
//  NULL) receives the last hash.
static int64_t
s_check_chain (broker_fixture_t *self, const char *node, char head [65])
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

//  Walks every PROGRESSED node got, in order, as its node would: one with
//  an amount carries the entry's place (the next seq of the node's chain)
//  and its hash, which must be lx_ledger_link of the hash before and the
//  event's own fields, and the broker's stored entry; one without carries
//  neither. Returns the entries the events name; *known_seq and known_hash
//  (may be NULL) receive the last one's, the head the node knows.
static int64_t
s_check_events (broker_fixture_t *self, const char *node, int64_t *known_seq, char known_hash [65])
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
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0),
                                       NULL);
        assert (msg && lx_msg_cmd (msg) == LX_CMD_PROGRESSED);
        assert (broker_fixture_is (lx_msg_str (msg, LX_F_NODE), node));
        assert (broker_fixture_is (lx_msg_str (msg, LX_F_FINDER), node)
                || broker_fixture_is (lx_msg_str (msg, LX_F_LANDER), node));
        bool credit = lx_msg_has (msg, LX_F_METRIC);
        const lx_field_t together [] = { LX_F_AMOUNT, LX_F_FINDER_BP, LX_F_FINDER_SHARE, LX_F_LANDER_SHARE,
                                         LX_F_LEDGER, LX_F_HASH, LX_F_COUNTED };
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
    if (known_seq)
        *known_seq = count;
    if (known_hash)
        memcpy (known_hash, prev, 65);
    return count;
}

//  Checks the whole record: every district's chain and events agree entry
//  for entry; every report with an amount has exactly one entry in its
//  lander's chain and, when transferred, one in its finder's, and nothing
//  else is in the ledger; each lead counted at most once, as one project.
static void
s_check_all (broker_fixture_t *self)
{
    int64_t total = 0;
    for (int index = 0; index < S_NODES; index++) {
        char head [65], known [65];
        int64_t entries = s_check_chain (self, s_nodes [index], head);
        int64_t seq = -1;
        assert (s_check_events (self, s_nodes [index], &seq, known) == entries);
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

//  How many PROGRESSED about lead node got, with metric (NULL: any).
static int
s_told (broker_fixture_t *self, const char *node, const char *lead, const char *metric)
{
    sqlite3 *handle = lx_store_handle (broker_fixture_db (self));
    sqlite3_stmt *stmt = NULL;
    assert (sqlite3_prepare_v2 (handle, "SELECT body FROM event WHERE node = ? AND cmd = 'progressed'"
                                " ORDER BY seq", -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_bind_text (stmt, 1, node, -1, SQLITE_STATIC) == SQLITE_OK);
    int count = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        lx_msg_t *msg = lx_msg_decode (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0),
                                       NULL);
        assert (msg);
        if (broker_fixture_is (lx_msg_str (msg, LX_F_LEAD), lead)
        &&  (!metric || broker_fixture_is (lx_msg_str (msg, LX_F_METRIC), metric)))
            count++;
        lx_msg_destroy (&msg);
    }
    sqlite3_finalize (stmt);
    return count;
}

//  ---------------------------------------------------------------------
//  1. Shares: exact for every amount and split, in every row.

//  xorshift64*, for reproducible amounts.
static uint64_t
s_random (uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ULL;
}

//  The amounts reported: the edges, remainders of every kind, the largest
//  the protocol carries, and random ones with a remainder.
#define S_FIXED_AMOUNTS 36
#define S_AMOUNTS (S_FIXED_AMOUNTS + 16)
static void
s_amounts (int64_t amounts [S_AMOUNTS])
{
    const int64_t fixed [S_FIXED_AMOUNTS] = {
        0, 1, 2, 3, 4, 7, 9, 10, 99, 101, 333, 3333, 3334, 6667, 9999, 10000, 10001, 10002, 19999, 20001,
        33333, 99999, 100001, 123457, 1000001, 33333333, 123456789, 987654321, 1000000007, 2147483647,
        INT64_C (2147483648), INT64_C (4294967297), INT64_C (99999999999), INT64_C (123456789012345),
        LX_MONEY_MAX - 1, LX_MONEY_MAX
    };
    memcpy (amounts, fixed, sizeof fixed);
    uint64_t state = UINT64_C (0x2017052620170526);
    for (int index = S_FIXED_AMOUNTS; index < S_AMOUNTS; index++) {
        int64_t amount;
        do
            amount = (int64_t) (s_random (&state) % (uint64_t) LX_MONEY_MAX) + 1;
        while (amount % LX_BP_WHOLE == 0);
        amounts [index] = amount;
    }
}

static void
s_test_shares (bool verbose)
{
    int64_t amounts [S_AMOUNTS];
    s_amounts (amounts);

    //  Ningde: 1 at the policy's split (funds 30 %, tax 50 %); 2 with the
    //  center's overrides at odd ratios; 3 kecheng lands itself.
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    s_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "qujiang", "funds=3333,tax=1,fixed_asset=9999,output=10000");
    assert (s_register (f, "kecheng-000003", LX_CHANNEL_OWN) == 0);
    assert (s_split_is (f, "kecheng-000001", "funds", 3000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    assert (s_split_is (f, "kecheng-000002", "funds", 3333, 0, "signed", "override"));
    assert (s_split_is (f, "kecheng-000002", "tax", 1, 5, "first", "override"));
    assert (s_split_is (f, "kecheng-000002", "fixed_asset", 9999, 5, "started", "override"));
    assert (s_split_is (f, "kecheng-000002", "output", 10000, 5, "started", "override"));
    assert (s_split_is (f, "kecheng-000002", "contract", 3000, 0, "signed", "policy"));
    assert (s_report (f, "longyou", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    assert (s_report (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    assert (s_report (f, "kecheng", "kecheng-000003", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 0, true);
    for (int index = 0; index < S_AMOUNTS; index++) {
        int64_t amount = amounts [index];
        s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "funds", amount, 3000, true);
        s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "tax", amount, 5000, true);
        s_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "funds", amount, 3333, true);
        s_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "tax", amount, 1, true);
        s_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "fixed_asset", amount, 9999, true);
        s_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "output", amount, 10000, true);
        s_credit (f, "kecheng", "kecheng-000003", "signed", "2027-01-01", "funds", amount, 0, true);
    }
    //  A few by hand: the rounding goes to the lander.
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000001' AND metric = 'funds'"
                                 " AND amount = 1 AND finder_share = 0 AND lander_share = 1") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000001' AND metric = 'funds'"
                                 " AND amount = 10001 AND finder_share = 3000 AND lander_share = 7001") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000001' AND metric = 'tax'"
                                 " AND amount = 9999 AND finder_share = 4999 AND lander_share = 5000") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000002' AND metric = 'funds'"
                                 " AND amount = 9999 AND finder_share = 3332 AND lander_share = 6667") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000002' AND metric = 'tax'"
                                 " AND amount = 9999 AND finder_share = 0 AND lander_share = 9999") == 2);
    assert (broker_fixture_int0 (f,
                                 "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000002' AND metric = 'fixed_asset'"
                                 " AND amount = 10001 AND finder_share = 9999 AND lander_share = 2") == 2);
    assert (broker_fixture_int0 (f,
                                 "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000002' AND metric = 'fixed_asset'"
                                 " AND amount = 1000000000000000 AND finder_share = 999900000000000"
                                 " AND lander_share = 100000000000") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE lead = 'kecheng-000001' AND metric = 'tax'"
                                 " AND amount = 999999999999999 AND finder_share = 499999999999999"
                                 " AND lander_share = 500000000000000") == 2);
    //  Every row, and the sums.
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE finder_share + lander_share != amount") == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM progress WHERE metric IS NOT NULL"
                                 " AND finder_share + lander_share != amount") == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM progress WHERE metric IS NOT NULL") == 3 + 7 * S_AMOUNTS);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger") == 2 * 2 + 1 + 2 * 6 * S_AMOUNTS + S_AMOUNTS);
    s_check_all (f);
    if (verbose)
        zsys_info ("credit test: %d amounts at 0, 1, 3000, 3333, 5000, 9999 and 10000 bp exact", S_AMOUNTS);
    broker_fixture_destroy (&f);

    //  Fuzhou: the investment all the bringer's, tax 7 : 3.
    f = s_fixture_new (s_fuzhou, verbose);
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (s_split_is (f, "kecheng-000001", "contract", 10000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "funds", 10000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "fixed_asset", 10000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "tax", 7000, 0, "signed", "policy"));
    assert (s_report (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 10000, true);
    for (int index = 0; index < S_AMOUNTS; index++) {
        int64_t amount = amounts [index];
        s_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "funds", amount, 10000, true);
        s_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "fixed_asset", amount, 10000, true);
        s_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "tax", amount, 7000, true);
    }
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric IN ('funds', 'fixed_asset')"
                                 " AND (finder_share != amount OR lander_share != 0)") == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric = 'tax' AND amount = 10001"
                                 " AND finder_share = 7000 AND lander_share = 3001") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric = 'tax' AND amount = 3"
                                 " AND finder_share = 2 AND lander_share = 1") == 2);
    s_check_all (f);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  2. Both chains: each district's own, numbered and linked on its own;
//  each PROGRESSED naming its recipient's entry; an own lead in one.

static void
s_test_chains (bool verbose)
{
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    //  1 to longyou, 2 to qujiang, 3 kecheng's own, longyou-000004 longyou's own.
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    s_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (s_register (f, "kecheng-000003", LX_CHANNEL_OWN) == 0);
    assert (s_register (f, "longyou-000004", LX_CHANNEL_OWN) == 0);
    //  A stage alone creates no entry.
    assert (s_report (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", NULL, 0) == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger") == 0);
    assert (s_told (f, "longyou", "kecheng-000001", NULL) == 1 && s_told (f, "kecheng", "kecheng-000001", NULL) == 1);
    //  Interleaved: kecheng's chain takes 1, 2 and 3 in turn.
    s_credit (f, "longyou", "kecheng-000001", "signed", "2026-12-20", "contract", 2000000000, 3000, true);
    s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    s_credit (f, "kecheng", "kecheng-000003", "signed", "2026-12-21", "contract", 500000001, 0, true);
    s_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 0, true);
    s_credit (f, "qujiang", "kecheng-000002", "signed", "2026-12-22", "contract", 700000003, 3000, true);
    s_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    s_credit (f, "longyou", "longyou-000004", "signed", "2026-12-23", "contract", 100000007, 0, true);
    s_expect (f, "longyou-000004", "count", LX_PROJECT_UNIT, 0, true);
    for (int round = 1; round <= 5; round++) {
        char date [11];
        snprintf (date, sizeof date, "2027-0%d-15", round);
        s_credit (f, "longyou", "kecheng-000001", "registered", date, "funds", 10000000 * round + round, 3000, true);
        s_credit (f, "qujiang", "kecheng-000002", "registered", date, "tax", 1000 * round + 1, 5000, true);
        s_credit (f, "kecheng", "kecheng-000003", "registered", date, "funds", 3 * round, 0, true);
        s_credit (f, "longyou", "longyou-000004", "registered", date, "tax", 7 * round, 0, true);
        assert (s_report (f, "qujiang", "kecheng-000002", "registered", date, NULL, 0) == 0);
    }
    //  The chains' lengths: kecheng 1, 2 and 3; longyou 1 and 4; qujiang 2.
    int64_t entries_1 = 2 + 5, entries_2 = 2 + 5, entries_3 = 2 + 5, entries_4 = 2 + 5;
    assert (s_check_chain (f, "kecheng", NULL) == entries_1 + entries_2 + entries_3);
    assert (s_check_chain (f, "longyou", NULL) == entries_1 + entries_4);
    assert (s_check_chain (f, "qujiang", NULL) == entries_2);
    assert (s_check_chain (f, "zhizao", NULL) == 0 && s_check_chain (f, "center", NULL) == 0);
    assert (broker_fixture_int2 (f, "SELECT count(*) FROM ledger WHERE node = ? AND lead = ?", "kecheng",
                                 "kecheng-000001")
            == entries_1);
    assert (broker_fixture_int2 (f, "SELECT count(*) FROM ledger WHERE node = ? AND lead = ?", "longyou",
                                 "kecheng-000001")
            == entries_1);
    assert (broker_fixture_int2 (f, "SELECT count(*) FROM ledger WHERE node = ? AND lead = ?", "kecheng",
                                 "kecheng-000002")
            == entries_2);
    assert (broker_fixture_int2 (f, "SELECT count(*) FROM ledger WHERE node = ? AND lead = ?", "qujiang",
                                 "kecheng-000002")
            == entries_2);
    //  kecheng's chain in order: 1's signing and count, 3's, 2's, then the rounds.
    sqlite3_stmt *stmt = lx_store_query (broker_fixture_db (f), "SELECT group_concat (lead || '/' || metric, ' ') FROM"
                                         " (SELECT lead, metric FROM ledger WHERE node = 'kecheng' AND seq <= 9"
                                         " ORDER BY seq)", "");
    assert (stmt && lx_store_step (broker_fixture_db (f), stmt) == 1);
    assert (broker_fixture_is ((const char *) sqlite3_column_text (stmt, 0),
                               "kecheng-000001/contract kecheng-000001/count kecheng-000003/contract"
                               " kecheng-000003/count"
                               " kecheng-000002/contract kecheng-000002/count kecheng-000001/funds kecheng-000002/tax"
                               " kecheng-000003/funds"));
    assert (lx_store_step (broker_fixture_db (f), stmt) == 0);
    //  One report, two entries: the same fields in two chains, at their
    //  own places, with their own hashes; each district told its own.
    int64_t id = broker_fixture_int0 (f,
                                      "SELECT id FROM progress WHERE lead = 'kecheng-000002' AND metric = 'contract'");
    int64_t at_kecheng = -1, at_qujiang = -1;
    assert (lx_store_int (broker_fixture_db (f), &at_kecheng,
                          "SELECT seq FROM ledger WHERE node = 'kecheng' AND progress = ?",
                          "i", id) == 0);
    assert (lx_store_int (broker_fixture_db (f), &at_qujiang,
                          "SELECT seq FROM ledger WHERE node = 'qujiang' AND progress = ?",
                          "i", id) == 0);
    assert (at_kecheng == 5 && at_qujiang == 1);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger a JOIN ledger b ON a.progress = b.progress"
                                 " AND a.node = 'kecheng' AND b.node != 'kecheng' WHERE a.hash = b.hash"
                                 " OR a.lead != b.lead"
                                 " OR a.stage != b.stage OR a.date != b.date OR a.metric != b.metric"
                                 " OR a.amount != b.amount"
                                 " OR a.finder != b.finder OR a.lander != b.lander OR a.finder_bp != b.finder_bp"
                                 " OR a.finder_share != b.finder_share OR a.lander_share != b.lander_share"
                                 " OR a.counted != b.counted") == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger a JOIN ledger b ON a.progress = b.progress"
                                 " AND a.node = 'kecheng' AND b.node != 'kecheng'") == entries_1 + entries_2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE node = 'qujiang' AND seq = 1 AND prev = '"
                                 LX_CHAIN_GENESIS "'") == 1);
    //  Own leads: one chain only, told to no one else.
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND node != 'kecheng'",
                                "kecheng-000003") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ?", "kecheng-000003") == entries_3);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND node != 'longyou'",
                                "longyou-000004") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND (finder_bp != 0 OR finder_share != 0"
                                " OR lander_share != amount OR finder != 'longyou' OR lander != 'longyou')",
                                "longyou-000004") == 0);
    for (int index = 0; index < S_NODES; index++) {
        const char *node = s_nodes [index];
        assert (s_told (f, node, "kecheng-000003", NULL) == (streq (node, "kecheng")? entries_3: 0));
        assert (s_told (f, node, "longyou-000004", NULL) == (streq (node, "longyou")? entries_4: 0));
        assert (s_told (f, node, "kecheng-000002", NULL)
                == (streq (node, "kecheng") || streq (node, "qujiang")? entries_2 + 5: 0));
    }
    s_check_all (f);
    if (verbose)
        zsys_info ("credit test: chains of %" PRId64 ", %" PRId64 " and %" PRId64 " entries linked",
                   entries_1 + entries_2 + entries_3, entries_1 + entries_4, entries_2);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  3. Windows: from the first tax, from the construction start, from the
//  signing; fixed at approval, kept by an override.

static void
s_test_windows (bool verbose)
{
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    //  1: Ningde's policy, as approved.
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (s_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    assert (s_split_is (f, "kecheng-000001", "output", 5000, 5, "started", "policy"));
    assert (s_split_is (f, "kecheng-000001", "fixed_asset", 5000, 5, "started", "policy"));
    assert (s_split_is (f, "kecheng-000001", "contract", 3000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "funds", 3000, 0, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000001", "count", 3000, 0, "signed", "policy"));
    //  The agreement cannot be changed: the trigger refuses any update.
    uint64_t digest = broker_fixture_digest (f);
    const char *updates [] = {
        "UPDATE transfer_split SET finder_bp = 9000 WHERE lead = ?",
        "UPDATE transfer_split SET years = 0 WHERE lead = ?",
        "UPDATE transfer_split SET window_from = 'signed' WHERE lead = ?",
        "UPDATE transfer_split SET source = 'override' WHERE lead = ?",
        "UPDATE transfer_split SET lead = lead WHERE lead = ?",
    };
    for (size_t index = 0; index < sizeof updates / sizeof updates [0]; index++)
        assert (lx_store_exec (broker_fixture_db (f), updates [index], "t", "kecheng-000001") == -1);
    assert (broker_fixture_digest (f) == digest);

    //  Output before construction starts: its window has not begun.
    s_credit (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", "output", 1000, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "signed", "2026-12-20", "contract", 2000000000, 3000, true);
    s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-10", "output", 1000001, 5000, true);
    //  The first tax paid, 2027-03-15: 5 years, to 2032-03-14 inclusive.
    s_credit (f, "longyou", "kecheng-000001", "registered", "2027-03-15", "tax", 100001, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "registered", "2027-05-31", "output", 7, 5000, true);
    //  Construction starts 2027-06-01, with this report.
    s_credit (f, "longyou", "kecheng-000001", "started", "2027-06-01", "fixed_asset", 300000000, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "tax", 5, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "output", 11, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-03-14", "tax", 123, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-03-15", "tax", 124, 5000, false);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-05-31", "output", 50000, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-05-31", "fixed_asset", 1, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "output", 50001, 5000, false);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "fixed_asset", 2, 5000, false);
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "tax", 3, 5000, false);
    //  Funds and contract have no window: they count whenever.
    s_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "funds", 9, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "funds", 1, 3000, true);
    s_increase (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", 2000000001, 1, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "tax", 1, 5000, false);
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "output", 1, 5000, false);
    //  What was counted stays counted; what was not, stays recorded.
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND counted = 0",
                                "kecheng-000001") == 2 * 6);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND counted = 0 AND (metric = 'funds'"
                                " OR metric = 'contract' OR metric = 'count' OR date < '2032-03-15')",
                                "kecheng-000001") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND counted = 1 AND date >= '2032-03-15'"
                                " AND metric = 'tax'", "kecheng-000001") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND counted = 1 AND date >= '2032-06-01'"
                                " AND metric IN ('output', 'fixed_asset')", "kecheng-000001") == 0);

    //  2: the center's override keeps the policy's window.
    s_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "longyou", "tax=2000,output=8000");
    assert (s_split_is (f, "kecheng-000002", "tax", 2000, 5, "first", "override"));
    assert (s_split_is (f, "kecheng-000002", "output", 8000, 5, "started", "override"));
    assert (s_split_is (f, "kecheng-000002", "fixed_asset", 5000, 5, "started", "policy"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM decision WHERE lead = ? AND decision = 'approve'"
                                " AND reason = '三方确认书约定的分成'", "kecheng-000002") == 1);
    assert (s_report (f, "longyou", "kecheng-000002", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    s_credit (f, "longyou", "kecheng-000002", "registered", "2027-03-15", "tax", 1000, 2000, true);
    s_credit (f, "longyou", "kecheng-000002", "registered", "2027-04-01", "output", 999, 8000, true);
    //  The start reported alone (a stage, no amount) opens the output window.
    assert (s_report (f, "longyou", "kecheng-000002", "started", "2027-06-01", NULL, 0) == 0);
    s_credit (f, "longyou", "kecheng-000002", "producing", "2032-03-14", "tax", 1001, 2000, true);
    s_credit (f, "longyou", "kecheng-000002", "producing", "2032-03-15", "tax", 1002, 2000, false);
    s_credit (f, "longyou", "kecheng-000002", "producing", "2032-05-31", "output", 10001, 8000, true);
    s_credit (f, "longyou", "kecheng-000002", "producing", "2032-06-01", "output", 10002, 8000, false);

    //  3: the first tax on a leap day: to 2033-02-28 inclusive. No start
    //  ever reported: output counts whenever.
    s_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (s_report (f, "qujiang", "kecheng-000003", "signed", "2027-01-01", NULL, 0) == 0);
    s_credit (f, "qujiang", "kecheng-000003", "registered", "2028-02-29", "tax", 10, 5000, true);
    s_credit (f, "qujiang", "kecheng-000003", "land", "2033-02-28", "tax", 11, 5000, true);
    s_credit (f, "qujiang", "kecheng-000003", "land", "2033-03-01", "tax", 12, 5000, false);
    s_credit (f, "qujiang", "kecheng-000003", "land", "2045-01-01", "output", 13, 5000, true);
    s_credit (f, "qujiang", "kecheng-000003", "land", "2045-01-01", "fixed_asset", 14, 5000, true);
    //  The first tax is of tax, not of another metric: output 2027 opens nothing.
    s_transfer (f, "kecheng-000005", LX_CHANNEL_OWN, "zhizao", NULL);
    s_credit (f, "zhizao", "kecheng-000005", "signed", "2027-01-01", "output", 15, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "signed", "2033-01-01", "tax", 16, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "signed", "2037-12-31", "tax", 17, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "signed", "2038-01-01", "tax", 18, 5000, false);
    //  The start is the earliest date reported at or past it: a report at
    //  producing dated before the one at started moves the window back.
    s_credit (f, "zhizao", "kecheng-000005", "started", "2028-06-01", "output", 19, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "producing", "2028-03-01", "output", 20, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "producing", "2033-02-28", "output", 21, 5000, true);
    s_credit (f, "zhizao", "kecheng-000005", "producing", "2033-03-01", "fixed_asset", 22, 5000, false);

    //  4: an intermediary's lead: funds 40 / 60 for 2 years from the signing.
    s_transfer (f, "kecheng-000004", LX_CHANNEL_INTERMEDIARY, "longyou", NULL);
    assert (s_split_is (f, "kecheng-000004", "funds", 4000, 2, "signed", "policy"));
    assert (s_split_is (f, "kecheng-000004", "tax", 5000, 5, "first", "policy"));
    assert (s_split_is (f, "kecheng-000004", "contract", 3000, 0, "signed", "policy"));
    s_credit (f, "longyou", "kecheng-000004", "negotiating", "2026-12-01", "funds", 10, 4000, true);
    s_credit (f, "longyou", "kecheng-000004", "signed", "2027-01-01", "funds", 20, 4000, true);
    s_expect (f, "kecheng-000004", "count", LX_PROJECT_UNIT, 3000, true);
    s_credit (f, "longyou", "kecheng-000004", "registered", "2028-12-31", "funds", 30, 4000, true);
    s_credit (f, "longyou", "kecheng-000004", "registered", "2029-01-01", "funds", 40, 4000, false);
    s_credit (f, "longyou", "kecheng-000004", "started", "2031-01-01", "funds", 50, 4000, false);

    //  The policy changes (a new configuration, a restart): what was agreed
    //  stays agreed, split and window; a transfer approved now gets the new.
    s_policy_swap (f, "policy\n    rule\n        finder_bp = 9000\n        years = 1\n");
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2041-01-01", "funds", 200, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2031-01-01", "tax", 201, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "capacity", "2031-01-01", "output", 202, 5000, true);
    s_credit (f, "longyou", "kecheng-000004", "started", "2031-01-02", "funds", 203, 4000, false);
    s_credit (f, "longyou", "kecheng-000004", "started", "2031-01-02", "tax", 204, 5000, true);
    assert (s_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    s_transfer (f, "kecheng-000006", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (s_split_is (f, "kecheng-000006", "tax", 9000, 1, "signed", "policy"));
    s_credit (f, "zhizao", "kecheng-000006", "signed", "2027-01-01", "funds", 100, 9000, true);
    s_expect (f, "kecheng-000006", "count", LX_PROJECT_UNIT, 9000, true);
    s_credit (f, "zhizao", "kecheng-000006", "signed", "2027-12-31", "tax", 101, 9000, true);
    s_credit (f, "zhizao", "kecheng-000006", "signed", "2028-01-01", "tax", 102, 9000, false);
    s_check_all (f);
    if (verbose)
        zsys_info ("credit test: windows from first, started and signed; %" PRId64 " entries not counted",
                   broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE counted = 0"));
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  4. A project counts once, at its first signing, split like money.

static void
s_test_count (bool verbose)
{
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    //  1: negotiating counts nothing; the signing one project, 0.3 / 0.7.
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (s_report (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", NULL, 0) == 0);
    s_credit (f, "longyou", "kecheng-000001", "negotiating", "2026-12-02", "funds", 5, 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 0);
    assert (broker_fixture_int (f, "SELECT counted FROM lead WHERE id = ?", "kecheng-000001") == 0);
    assert (s_report (f, "longyou", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    int64_t count_id = s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND amount = 10000"
                                " AND finder_share = 3000 AND lander_share = 7000 AND stage = 'signed'"
                                " AND date = '2027-01-01'",
                                "kecheng-000001") == 2);
    assert (broker_fixture_int (f, "SELECT counted FROM lead WHERE id = ?", "kecheng-000001") == 1);
    //  Never twice: signed again, and every stage after it.
    s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-02", "contract", 1000000000, 3000, true);
    assert (s_report (f, "longyou", "kecheng-000001", "signed", "2027-01-03", NULL, 0) == 0);
    const char *stages [] = { "registered", "land", "started", "completed", "producing", "capacity" };
    for (size_t index = 0; index < sizeof stages / sizeof stages [0]; index++) {
        char date [11];
        snprintf (date, sizeof date, "2027-%02zu-01", index + 2);
        assert (s_report (f, "longyou", "kecheng-000001", stages [index], date, NULL, 0) == 0);
        s_credit (f, "longyou", "kecheng-000001", stages [index], date, "funds", 100 + index, 3000, true);
    }
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 2);
    assert (broker_fixture_int (f, "SELECT max (id) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001")
            == count_id);
    assert (s_told (f, "kecheng", "kecheng-000001", "count") == 1
            && s_told (f, "longyou", "kecheng-000001", "count") == 1);
    for (int index = 0; index < S_NODES; index++)
        if (!streq (s_nodes [index], "kecheng") && !streq (s_nodes [index], "longyou"))
            assert (s_told (f, s_nodes [index], "kecheng-000001", NULL) == 0);
    //  Nobody reports a count: it is the broker's to credit.
    broker_fixture_refused (f, "longyou", s_progress_msg ("kecheng-000001", "capacity", "2027-09-01", "count", 10000),
                            LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "longyou", s_progress_msg ("kecheng-000001", "capacity", "2027-09-01", "count", 0),
                            LX_ERR_NOT_ALLOWED);

    //  2: an own lead, signed straight from capture: one project, all its own.
    assert (s_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    s_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "contract", 300000000, 0, true);
    s_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 0, true);
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND node = 'kecheng'"
                                " AND finder_share = 0 AND lander_share = 10000", "kecheng-000002") == 1);
    assert (s_report (f, "kecheng", "kecheng-000002", "signed", "2027-02-02", NULL, 0) == 0);
    assert (s_report (f, "kecheng", "kecheng-000002", "started", "2027-03-02", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'",
                                "kecheng-000002") == 1);

    //  3: the first report past signing is the construction start: it counts then.
    s_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (s_report (f, "qujiang", "kecheng-000003", "negotiating", "2027-01-01", NULL, 0) == 0);
    assert (s_report (f, "qujiang", "kecheng-000003", "started", "2027-05-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND stage = 'started'"
                                " AND date = '2027-05-01'", "kecheng-000003") == 2);
    assert (s_report (f, "qujiang", "kecheng-000003", "producing", "2027-12-01", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000003") == 1);

    //  4: the center sets the count 5 : 5 for this one.
    s_transfer (f, "kecheng-000004", LX_CHANNEL_OWN, "zhizao", "count=5000");
    assert (s_split_is (f, "kecheng-000004", "count", 5000, 0, "signed", "override"));
    s_credit (f, "zhizao", "kecheng-000004", "signed", "2027-03-01", "contract", 1, 3000, true);
    s_expect (f, "kecheng-000004", "count", LX_PROJECT_UNIT, 5000, true);

    //  kecheng's tally: 0.3 + 1 + 0.3 + 0.5 projects; longyou 0.7, qujiang 0.7, zhizao 0.5.
    assert (broker_fixture_int (f, "SELECT sum (CASE WHEN finder = node THEN finder_share ELSE 0 END"
                                " + CASE WHEN lander = node THEN lander_share ELSE 0 END) FROM ledger"
                                " WHERE node = ? AND metric = 'count'", "kecheng")
            == 3000 + 10000 + 3000 + 5000);
    assert (broker_fixture_int (f, "SELECT sum (lander_share) FROM ledger WHERE node = ? AND metric = 'count'",
                                "longyou") == 7000);
    assert (broker_fixture_int (f, "SELECT sum (lander_share) FROM ledger WHERE node = ? AND metric = 'count'",
                                "qujiang") == 7000);
    assert (broker_fixture_int (f, "SELECT sum (lander_share) FROM ledger WHERE node = ? AND metric = 'count'",
                                "zhizao") == 5000);
    s_check_all (f);
    broker_fixture_destroy (&f);

    //  Fuzhou: the project is all the bringer's.
    f = s_fixture_new (s_fuzhou, verbose);
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (s_report (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    s_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 10000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'"
                                " AND finder_share = 10000"
                                " AND lander_share = 0", "kecheng-000001") == 2);
    assert (s_report (f, "zhizao", "kecheng-000001", "registered", "2027-02-01", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 2);
    s_check_all (f);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  5. A later contract report is the new total: a capital increase
//  credits what it adds; one that adds nothing is refused.

static void
s_test_increase (bool verbose)
{
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "contract", INT64_C (2000000000), 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'contract'"
                                " AND amount = 2000000000"
                                " AND finder_share = 600000000 AND lander_share = 1400000000", "kecheng-000001") == 2);
    s_increase (f, "longyou", "kecheng-000001", "registered", "2027-06-01", INT64_C (2500000000),
                INT64_C (500000000), 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'contract'"
                                " AND amount = 500000000"
                                " AND finder_share = 150000000 AND lander_share = 350000000 AND stage = 'registered'",
                                "kecheng-000001") == 2);
    //  The same total again, or less: refused, nothing changes (the stage neither).
    const int64_t refused [] = { INT64_C (2500000000), INT64_C (2499999999), INT64_C (2000000000), 1, 0 };
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++) {
        broker_fixture_refused (f, "longyou", s_progress_msg ("kecheng-000001", "registered", "2027-07-01", "contract",
                                                              refused [index]), LX_ERR_BAD_VALUE);
        broker_fixture_refused (f, "longyou", s_progress_msg ("kecheng-000001", "started", "2027-07-01", "contract",
                                                              refused [index]), LX_ERR_BAD_VALUE);
    }
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'registered'",
                                "kecheng-000001") == 1);
    //  One yuan more: one yuan credited (the lander's, by the rounding).
    s_increase (f, "longyou", "kecheng-000001", "started", "2027-09-01", INT64_C (2500000001), 1, 3000, true);
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM progress WHERE lead = ? AND metric = 'contract'",
                                "kecheng-000001")
            == INT64_C (2500000001));
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM ledger WHERE lead = ? AND metric = 'contract'"
                                " AND node = 'longyou'",
                                "kecheng-000001") == INT64_C (2500000001));
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'contract'",
                                "kecheng-000001") == 6);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 1);
    //  Other metrics are not totals: the same funds twice are two tranches.
    s_credit (f, "longyou", "kecheng-000001", "started", "2027-09-02", "funds", 700000000, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "started", "2027-09-03", "funds", 700000000, 3000, true);
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM progress WHERE lead = ? AND metric = 'funds'",
                                "kecheng-000001")
            == 1400000000);

    //  An own lead: the same rule, one chain.
    assert (s_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    s_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "contract", 100, 0, true);
    s_increase (f, "kecheng", "kecheng-000002", "signed", "2027-02-02", 150, 50, 0, true);
    broker_fixture_refused (f, "kecheng", s_progress_msg ("kecheng-000002", "signed", "2027-02-03", "contract", 150),
                            LX_ERR_BAD_VALUE);
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM ledger WHERE lead = ?", "kecheng-000002") == 150 + 10000);
    //  A first total of nothing: a later nothing adds nothing either.
    assert (s_register (f, "kecheng-000004", LX_CHANNEL_OWN) == 0);
    s_credit (f, "kecheng", "kecheng-000004", "signed", "2027-02-01", "contract", 0, 0, true);
    broker_fixture_refused (f, "kecheng", s_progress_msg ("kecheng-000004", "signed", "2027-02-02", "contract", 0),
                            LX_ERR_BAD_VALUE);
    s_increase (f, "kecheng", "kecheng-000004", "signed", "2027-02-03", 7, 7, 0, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'contract'",
                                "kecheng-000004") == 2);

    //  A contract reported before the signing is the first total too.
    s_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    s_credit (f, "qujiang", "kecheng-000003", "negotiating", "2027-01-01", "contract", 1000, 3000, true);
    s_increase (f, "qujiang", "kecheng-000003", "signed", "2027-02-01", 1500, 500, 3000, true);
    s_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 3000, true);

    //  Other refusals leave nothing either: not the lander, a metric
    //  without its amount or the other way round, a stage gone back.
    broker_fixture_refused (f, "kecheng", s_progress_msg ("kecheng-000001", "started", "2027-10-01", "funds", 1),
                            LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "qujiang", s_progress_msg ("kecheng-000001", "started", "2027-10-01", "contract",
                                                          INT64_C (9000000000)), LX_ERR_NOT_ALLOWED);
    lx_msg_t *msg = s_progress_msg ("kecheng-000001", "started", "2027-10-01", "funds", 1);
    lx_msg_unset (msg, LX_F_AMOUNT);
    broker_fixture_refused (f, "longyou", msg, LX_ERR_BAD_VALUE);
    msg = s_progress_msg ("kecheng-000001", "started", "2027-10-01", NULL, 0);
    lx_msg_set_int (msg, LX_F_AMOUNT, 5);
    broker_fixture_refused (f, "longyou", msg, LX_ERR_BAD_VALUE);
    broker_fixture_refused (f, "longyou", s_progress_msg ("kecheng-000001", "signed", "2027-10-01", "contract",
                                                          INT64_C (9000000000)), LX_ERR_CONFLICT);
    s_check_all (f);
    broker_fixture_destroy (&f);

    //  Fuzhou: the increase all the bringer's.
    f = s_fixture_new (s_fuzhou, verbose);
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    s_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "contract", INT64_C (2000000000), 10000, true);
    s_increase (f, "zhizao", "kecheng-000001", "started", "2027-06-01", INT64_C (2500000000),
                INT64_C (500000000), 10000, true);
    broker_fixture_refused (f, "zhizao", s_progress_msg ("kecheng-000001", "started", "2027-07-01", "contract",
                                                         INT64_C (2500000000)), LX_ERR_BAD_VALUE);
    assert (broker_fixture_int (f, "SELECT sum (finder_share) FROM ledger WHERE node = 'kecheng' AND lead = ?"
                                " AND metric = 'contract'", "kecheng-000001") == INT64_C (2500000000));
    assert (broker_fixture_int (f, "SELECT sum (lander_share) FROM ledger WHERE node = 'zhizao' AND lead = ?"
                                " AND metric = 'contract'", "kecheng-000001") == 0);
    s_check_all (f);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  6. Tampering with the broker's ledger, as an outsider with the file
//  would: the guards dropped first, then plain SQL.

//  Re-hashes node's entries first..last (as a forger who knows the format
//  would); with relink, each prev becomes the new hash before it.
static void
s_rehash (lx_store_t *db, const char *node, int64_t first, int64_t last, bool relink)
{
    char previous [65] = "";
    for (int64_t seq = first; seq <= last; seq++) {
        sqlite3_stmt *stmt = lx_store_query (db, "SELECT prev, progress, lead, stage, date, metric, amount, finder,"
                                             " lander, finder_bp, finder_share, lander_share, counted FROM ledger"
                                             " WHERE node = ? AND seq = ?", "ti", node, seq);
        assert (stmt && lx_store_step (db, stmt) == 1);
        char prev [65];
        snprintf (prev, sizeof prev, "%s", (const char *) sqlite3_column_text (stmt, 0));
        lx_ledger_entry_t entry;
        memset (&entry, 0, sizeof entry);
        entry.progress = sqlite3_column_int64 (stmt, 1);
        snprintf (entry.lead, sizeof entry.lead, "%s", (const char *) sqlite3_column_text (stmt, 2));
        snprintf (entry.stage, sizeof entry.stage, "%s", (const char *) sqlite3_column_text (stmt, 3));
        snprintf (entry.date, sizeof entry.date, "%s", (const char *) sqlite3_column_text (stmt, 4));
        snprintf (entry.metric, sizeof entry.metric, "%s", (const char *) sqlite3_column_text (stmt, 5));
        entry.amount = sqlite3_column_int64 (stmt, 6);
        snprintf (entry.finder, sizeof entry.finder, "%s", (const char *) sqlite3_column_text (stmt, 7));
        snprintf (entry.lander, sizeof entry.lander, "%s", (const char *) sqlite3_column_text (stmt, 8));
        entry.finder_bp = sqlite3_column_int64 (stmt, 9);
        entry.finder_share = sqlite3_column_int64 (stmt, 10);
        entry.lander_share = sqlite3_column_int64 (stmt, 11);
        entry.counted = sqlite3_column_int64 (stmt, 12);
        assert (lx_store_step (db, stmt) == 0);
        if (relink && *previous)
            memcpy (prev, previous, sizeof prev);
        char hash [65];
        assert (lx_ledger_link (node, prev, &entry, hash) == 0);
        assert (lx_store_exec (db, "UPDATE ledger SET prev = ?, hash = ? WHERE node = ? AND seq = ?", "ttti",
                               prev, hash, node, seq) == 0);
        assert (lx_store_changes (db) == 1);
        memcpy (previous, hash, sizeof previous);
    }
}

static void
s_test_tamper (bool verbose)
{
    broker_fixture_t *f = s_fixture_new (s_ningde, verbose);
    //  longyou's chain: 1's entries (6); kecheng's: 1's and its own 2's (8).
    s_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (s_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    s_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "contract", 2000000000, 3000, true);
    s_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "funds", 10, 0, true);
    s_credit (f, "longyou", "kecheng-000001", "registered", "2027-03-15", "tax", 100001, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "started", "2027-06-01", "fixed_asset", 300000000, 5000, true);
    s_credit (f, "longyou", "kecheng-000001", "started", "2027-07-01", "funds", 50000001, 3000, true);
    s_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "output", 7000003, 5000, true);
    s_check_all (f);
    char longyou_head [65], kecheng_head [65];
    int64_t longyou_count = -1, kecheng_count = -1;
    assert (s_check_events (f, "longyou", &longyou_count, longyou_head) == 6 && longyou_count == 6);
    assert (s_check_events (f, "kecheng", &kecheng_count, kecheng_head) == 8 && kecheng_count == 8);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE node = 'kecheng' AND seq IN (3, 4)"
                                 " AND lead = 'kecheng-000002'") == 2);

    //  The guards refuse an honest mistake, and leave everything as it was.
    uint64_t digest = broker_fixture_digest (f);
    assert (lx_store_exec (broker_fixture_db (f),
                           "UPDATE ledger SET amount = amount WHERE node = 'longyou' AND seq = 3", "") == -1);
    assert (lx_store_exec (broker_fixture_db (f), "UPDATE ledger SET counted = 0 WHERE node = 'kecheng'", "") == -1);
    assert (lx_store_exec (broker_fixture_db (f), "DELETE FROM ledger WHERE node = 'longyou' AND seq = 6", "") == -1);
    assert (lx_store_exec (broker_fixture_db (f), "DELETE FROM ledger", "") == -1);
    assert (broker_fixture_digest (f) == digest);

    //  The cases, each on a fresh copy of the store.
    struct {
        const char *node;       //  the chain tampered with and verified
        const char *sql;        //  the outsider's SQL (may be several statements)
        int64_t rehash_from;    //  then re-hashed from this seq (0: not) ...
        int64_t rehash_to;      //  ... to this one
        bool relink;            //  ... relinking each prev
        int kind;               //  what verify finds
        int64_t seq;            //  at which entry
        int64_t good;           //  entries good before it
        bool with_head;         //  only found against the head the node knows
    } cases [] = {
        //  An amount raised (its lander's share with it: the CHECK holds).
        { "longyou", "UPDATE ledger SET amount = amount + 1, lander_share = lander_share + 1"
          " WHERE node = 'longyou' AND seq = 3", 0, 0, false, LX_CHAIN_CHANGED, 3, 2, false },
        //  A share moved from one district to the other, the total kept.
        { "longyou", "UPDATE ledger SET finder_share = finder_share - 1, lander_share = lander_share + 1"
          " WHERE node = 'longyou' AND seq = 5", 0, 0, false, LX_CHAIN_CHANGED, 5, 4, false },
        //  An entry outside its window made to count, and the other way round.
        { "kecheng", "UPDATE ledger SET counted = 1 - counted WHERE node = 'kecheng' AND seq = 4",
          0, 0, false, LX_CHAIN_CHANGED, 4, 3, false },
        //  The first entry's date.
        { "longyou", "UPDATE ledger SET date = '2026-01-01' WHERE node = 'longyou' AND seq = 1",
          0, 0, false, LX_CHAIN_CHANGED, 1, 0, false },
        //  An entry deleted in the middle, and the first.
        { "longyou", "DELETE FROM ledger WHERE node = 'longyou' AND seq = 2", 0, 0, false, LX_CHAIN_GAP, 3, 1, false },
        { "kecheng", "DELETE FROM ledger WHERE node = 'kecheng' AND seq = 1", 0, 0, false, LX_CHAIN_GAP, 2, 0, false },
        //  Two entries swapped: their places ...
        { "longyou", "UPDATE ledger SET seq = -2 WHERE node = 'longyou' AND seq = 2;"
          "UPDATE ledger SET seq = 2 WHERE node = 'longyou' AND seq = 3;"
          "UPDATE ledger SET seq = 3 WHERE node = 'longyou' AND seq = -2;",
          0, 0, false, LX_CHAIN_BROKEN, 2, 1, false },
        //  ... or their contents, the hashes left where they were.
        { "kecheng", "CREATE TEMP TABLE swap AS SELECT * FROM ledger WHERE node = 'kecheng' AND seq IN (3, 4);"
          "UPDATE ledger SET (progress, lead, stage, date, metric, amount, finder, lander, finder_bp,"
          " finder_share, lander_share, counted) = (SELECT progress, lead, stage, date, metric, amount, finder,"
          " lander, finder_bp, finder_share, lander_share, counted FROM swap WHERE swap.seq = 7 - ledger.seq)"
          " WHERE node = 'kecheng' AND seq IN (3, 4);"
          "DROP TABLE swap;", 0, 0, false, LX_CHAIN_CHANGED, 3, 2, false },
        //  An entry changed and re-hashed: the next one's link breaks.
        { "longyou", "UPDATE ledger SET amount = 1, finder_share = 0, lander_share = 1"
          " WHERE node = 'longyou' AND seq = 3", 3, 3, false, LX_CHAIN_BROKEN, 4, 3, false },
        //  The last entry deleted: only the head the node knows shows it.
        { "longyou", "DELETE FROM ledger WHERE node = 'longyou' AND seq = 6", 0, 0, false,
          LX_CHAIN_TRUNCATED, 6, 5, true },
        //  Rewritten from seq 3 and re-hashed to the end: the known head shows it.
        { "longyou", "UPDATE ledger SET amount = 1, finder_share = 0, lander_share = 1"
          " WHERE node = 'longyou' AND seq = 3", 3, 6, true, LX_CHAIN_FORKED, 6, 5, true },
        //  An entry moved into another district's chain.
        { "qujiang", "UPDATE ledger SET node = 'qujiang' WHERE node = 'longyou' AND seq = 6", 0, 0, false,
          LX_CHAIN_GAP, 6, 0, false },
    };
    char *copy = zsys_sprintf ("%s/copy.db", f->dir);
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        char *vacuum = zsys_sprintf ("VACUUM INTO '%s'", copy);
        assert (lx_store_exec (broker_fixture_db (f), vacuum, "") == 0);
        zstr_free (&vacuum);
        char error [256];
        broker_store_t *store = broker_store_new (copy, error, sizeof error);
        assert (store);
        lx_store_t *db = broker_store_db (store);
        sqlite3 *handle = lx_store_handle (db);
        //  The copy is the record: both chains good against the known heads.
        lx_chain_fault_t fault;
        assert (lx_ledger_verify (db, "longyou", longyou_head, longyou_count, &fault) == 0 && fault.count == 6);
        assert (lx_ledger_verify (db, "kecheng", kecheng_head, kecheng_count, &fault) == 0 && fault.count == 8);
        //  The guards hold on the copy too, until dropped.
        assert (lx_store_exec (db, "DELETE FROM ledger WHERE node = 'longyou' AND seq = 6", "") == -1);
        assert (sqlite3_exec (handle, "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;",
                              NULL, NULL, NULL) == SQLITE_OK);
        char *message = NULL;
        if (sqlite3_exec (handle, cases [index].sql, NULL, NULL, &message) != SQLITE_OK)
            zsys_error ("credit test: tamper case %zu: %s", index, message? message: "?");
        assert (message == NULL);
        if (cases [index].rehash_from)
            s_rehash (db, cases [index].node, cases [index].rehash_from, cases [index].rehash_to,
                      cases [index].relink);
        const char *node = cases [index].node;
        bool longyou = streq (node, "longyou"), kecheng = streq (node, "kecheng");
        const char *head = cases [index].with_head? (longyou? longyou_head: kecheng_head): NULL;
        int64_t count = cases [index].with_head? (longyou? longyou_count: kecheng_count): 0;
        if (cases [index].with_head) {
            //  Good in itself: only the other party's head can tell.
            assert (lx_ledger_verify (db, node, NULL, 0, &fault) == 0);
        }
        int rc = lx_ledger_verify (db, node, head, count, &fault);
        if (rc != 1 || fault.kind != cases [index].kind || fault.seq != cases [index].seq
        ||  fault.count != cases [index].good)
            zsys_error ("credit test: tamper case %zu: rc %d, %s at %" PRId64 " after %" PRId64 " (%s)", index, rc,
                        lx_chain_fault_name (fault.kind), fault.seq, fault.count, fault.reason);
        assert (rc == 1 && fault.kind == cases [index].kind && fault.seq == cases [index].seq);
        assert (fault.count == cases [index].good && *fault.reason);
        if (!cases [index].with_head) {
            char *text = NULL;
            size_t size = 0;
            FILE *out = open_memstream (&text, &size);
            assert (out && lx_ledger_check (db, node, out) == 1);
            fclose (out);
            char *expected = zsys_sprintf ("%s: entry %" PRId64 " is bad (%s)", node, cases [index].seq,
                                           lx_chain_fault_name (cases [index].kind));
            assert (strstr (text, expected));
            zstr_free (&expected);
            zstr_free (&text);
        }
        //  The chain not touched is still good, against its known head.
        if (!kecheng)
            assert (lx_ledger_verify (db, "kecheng", kecheng_head, kecheng_count, &fault) == 0 && fault.count == 8);
        if (!longyou && !streq (node, "qujiang"))
            assert (lx_ledger_verify (db, "longyou", longyou_head, longyou_count, &fault) == 0
                    && fault.count == 6);
        broker_store_destroy (&store);
        assert (lx_store_remove (copy) == 0);
    }
    zstr_free (&copy);
    //  The record itself was never touched.
    assert (broker_fixture_digest (f) == digest);
    s_check_all (f);
    if (verbose)
        zsys_info ("credit test: %zu kinds of tampering found", sizeof cases / sizeof cases [0]);
    broker_fixture_destroy (&f);
}

void
broker_logic_credit_test (bool verbose)
{
    s_test_shares (verbose);
    s_test_chains (verbose);
    s_test_windows (verbose);
    s_test_count (verbose);
    s_test_increase (verbose);
    s_test_tamper (verbose);
}
