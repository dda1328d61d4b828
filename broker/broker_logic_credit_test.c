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

    This file holds the entry point, broker_logic_credit_test, which runs
    every scenario, and the scenarios of the shares (1), both chains (2),
    the project count (4) and the capital increase (5);
    broker_logic_window_test.c those of the windows (3) and of tampering
    (6); broker_logic_credit_fixture.c the city and the checks all of them
    use, where the expected shares are computed (broker_logic_credit_test.h).
*/

#include "broker_logic_credit_test.h"
#include "lx_chain.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_ledger.h"
#include "lx_split.h"

//  Fuzhou enclave parks: 100 % to the bringer, tax 7 : 3.
static const char *s_fuzhou =
    "policy\n"
    "    rule\n"
    "        finder_bp = 10000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 7000\n";

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
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    broker_credit_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "qujiang",
                            "funds=3333,tax=1,fixed_asset=9999,output=10000");
    assert (broker_credit_register (f, "kecheng-000003", LX_CHANNEL_OWN) == 0);
    assert (broker_credit_split_is (f, "kecheng-000001", "funds", 3000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000002", "funds", 3333, 0, "signed", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "tax", 1, 5, "first", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "fixed_asset", 9999, 5, "started", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "output", 10000, 5, "started", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "contract", 3000, 0, "signed", "policy"));
    assert (broker_credit_report (f, "longyou", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_credit_report (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_credit_report (f, "kecheng", "kecheng-000003", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 0, true);
    for (int index = 0; index < S_AMOUNTS; index++) {
        int64_t amount = amounts [index];
        broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "funds", amount, 3000, true);
        broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "tax", amount, 5000, true);
        broker_credit_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "funds", amount, 3333, true);
        broker_credit_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "tax", amount, 1, true);
        broker_credit_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "fixed_asset", amount, 9999,
                              true);
        broker_credit_credit (f, "qujiang", "kecheng-000002", "signed", "2027-01-01", "output", amount, 10000, true);
        broker_credit_credit (f, "kecheng", "kecheng-000003", "signed", "2027-01-01", "funds", amount, 0, true);
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
    broker_credit_check_all (f);
    if (verbose)
        zsys_info ("credit test: %d amounts at 0, 1, 3000, 3333, 5000, 9999 and 10000 bp exact", S_AMOUNTS);
    broker_fixture_destroy (&f);

    //  Fuzhou: the investment all the bringer's, tax 7 : 3.
    f = broker_credit_fixture (s_fuzhou, verbose);
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (broker_credit_split_is (f, "kecheng-000001", "contract", 10000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "funds", 10000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "fixed_asset", 10000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "tax", 7000, 0, "signed", "policy"));
    assert (broker_credit_report (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 10000, true);
    for (int index = 0; index < S_AMOUNTS; index++) {
        int64_t amount = amounts [index];
        broker_credit_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "funds", amount, 10000, true);
        broker_credit_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "fixed_asset", amount, 10000,
                              true);
        broker_credit_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "tax", amount, 7000, true);
    }
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric IN ('funds', 'fixed_asset')"
                                 " AND (finder_share != amount OR lander_share != 0)") == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric = 'tax' AND amount = 10001"
                                 " AND finder_share = 7000 AND lander_share = 3001") == 2);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE metric = 'tax' AND amount = 3"
                                 " AND finder_share = 2 AND lander_share = 1") == 2);
    broker_credit_check_all (f);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  2. Both chains: each district's own, numbered and linked on its own;
//  each PROGRESSED naming its recipient's entry; an own lead in one.

static void
s_test_chains (bool verbose)
{
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    //  1 to longyou, 2 to qujiang, 3 kecheng's own, longyou-000004 longyou's own.
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    broker_credit_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (broker_credit_register (f, "kecheng-000003", LX_CHANNEL_OWN) == 0);
    assert (broker_credit_register (f, "longyou-000004", LX_CHANNEL_OWN) == 0);
    //  A stage alone creates no entry.
    assert (broker_credit_report (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", NULL, 0) == 0);
    assert (broker_fixture_int0 (f, "SELECT count(*) FROM ledger") == 0);
    assert (s_told (f, "longyou", "kecheng-000001", NULL) == 1 && s_told (f, "kecheng", "kecheng-000001", NULL) == 1);
    //  Interleaved: kecheng's chain takes 1, 2 and 3 in turn.
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2026-12-20", "contract", 2000000000, 3000, true);
    broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    broker_credit_credit (f, "kecheng", "kecheng-000003", "signed", "2026-12-21", "contract", 500000001, 0, true);
    broker_credit_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 0, true);
    broker_credit_credit (f, "qujiang", "kecheng-000002", "signed", "2026-12-22", "contract", 700000003, 3000, true);
    broker_credit_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    broker_credit_credit (f, "longyou", "longyou-000004", "signed", "2026-12-23", "contract", 100000007, 0, true);
    broker_credit_expect (f, "longyou-000004", "count", LX_PROJECT_UNIT, 0, true);
    for (int round = 1; round <= 5; round++) {
        char date [11];
        snprintf (date, sizeof date, "2027-0%d-15", round);
        broker_credit_credit (f, "longyou", "kecheng-000001", "registered", date, "funds", 10000000 * round + round,
                              3000, true);
        broker_credit_credit (f, "qujiang", "kecheng-000002", "registered", date, "tax", 1000 * round + 1, 5000, true);
        broker_credit_credit (f, "kecheng", "kecheng-000003", "registered", date, "funds", 3 * round, 0, true);
        broker_credit_credit (f, "longyou", "longyou-000004", "registered", date, "tax", 7 * round, 0, true);
        assert (broker_credit_report (f, "qujiang", "kecheng-000002", "registered", date, NULL, 0) == 0);
    }
    //  The chains' lengths: kecheng 1, 2 and 3; longyou 1 and 4; qujiang 2.
    int64_t entries_1 = 2 + 5, entries_2 = 2 + 5, entries_3 = 2 + 5, entries_4 = 2 + 5;
    assert (broker_credit_check_chain (f, "kecheng", NULL) == entries_1 + entries_2 + entries_3);
    assert (broker_credit_check_chain (f, "longyou", NULL) == entries_1 + entries_4);
    assert (broker_credit_check_chain (f, "qujiang", NULL) == entries_2);
    assert (broker_credit_check_chain (f, "zhizao", NULL) == 0 && broker_credit_check_chain (f, "center", NULL) == 0);
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
    for (int index = 0; index < BROKER_CREDIT_NODES; index++) {
        const char *node = broker_credit_nodes [index];
        assert (s_told (f, node, "kecheng-000003", NULL) == (streq (node, "kecheng")? entries_3: 0));
        assert (s_told (f, node, "longyou-000004", NULL) == (streq (node, "longyou")? entries_4: 0));
        assert (s_told (f, node, "kecheng-000002", NULL)
                == (streq (node, "kecheng") || streq (node, "qujiang")? entries_2 + 5: 0));
    }
    broker_credit_check_all (f);
    if (verbose)
        zsys_info ("credit test: chains of %" PRId64 ", %" PRId64 " and %" PRId64 " entries linked",
                   entries_1 + entries_2 + entries_3, entries_1 + entries_4, entries_2);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  4. A project counts once, at its first signing, split like money.

static void
s_test_count (bool verbose)
{
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    //  1: negotiating counts nothing; the signing one project, 0.3 / 0.7.
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (broker_credit_report (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", NULL, 0) == 0);
    broker_credit_credit (f, "longyou", "kecheng-000001", "negotiating", "2026-12-02", "funds", 5, 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 0);
    assert (broker_fixture_int (f, "SELECT counted FROM lead WHERE id = ?", "kecheng-000001") == 0);
    assert (broker_credit_report (f, "longyou", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    int64_t count_id = broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND amount = 10000"
                                " AND finder_share = 3000 AND lander_share = 7000 AND stage = 'signed'"
                                " AND date = '2027-01-01'",
                                "kecheng-000001") == 2);
    assert (broker_fixture_int (f, "SELECT counted FROM lead WHERE id = ?", "kecheng-000001") == 1);
    //  Never twice: signed again, and every stage after it.
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-02", "contract", 1000000000, 3000, true);
    assert (broker_credit_report (f, "longyou", "kecheng-000001", "signed", "2027-01-03", NULL, 0) == 0);
    const char *stages [] = { "registered", "land", "started", "completed", "producing", "capacity" };
    for (size_t index = 0; index < sizeof stages / sizeof stages [0]; index++) {
        char date [11];
        snprintf (date, sizeof date, "2027-%02zu-01", index + 2);
        assert (broker_credit_report (f, "longyou", "kecheng-000001", stages [index], date, NULL, 0) == 0);
        broker_credit_credit (f, "longyou", "kecheng-000001", stages [index], date, "funds", 100 + index, 3000, true);
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
    for (int index = 0; index < BROKER_CREDIT_NODES; index++)
        if (!streq (broker_credit_nodes [index], "kecheng") && !streq (broker_credit_nodes [index], "longyou"))
            assert (s_told (f, broker_credit_nodes [index], "kecheng-000001", NULL) == 0);
    //  Nobody reports a count: it is the broker's to credit.
    broker_fixture_refused (f, "longyou",
                            broker_credit_progress_msg ("kecheng-000001", "capacity", "2027-09-01", "count", 10000),
                            LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "longyou",
                            broker_credit_progress_msg ("kecheng-000001", "capacity", "2027-09-01", "count", 0),
                            LX_ERR_NOT_ALLOWED);

    //  2: an own lead, signed straight from capture: one project, all its own.
    assert (broker_credit_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    broker_credit_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "contract", 300000000, 0, true);
    broker_credit_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 0, true);
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND node = 'kecheng'"
                                " AND finder_share = 0 AND lander_share = 10000", "kecheng-000002") == 1);
    assert (broker_credit_report (f, "kecheng", "kecheng-000002", "signed", "2027-02-02", NULL, 0) == 0);
    assert (broker_credit_report (f, "kecheng", "kecheng-000002", "started", "2027-03-02", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'",
                                "kecheng-000002") == 1);

    //  3: the first report past signing is the construction start: it counts then.
    broker_credit_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (broker_credit_report (f, "qujiang", "kecheng-000003", "negotiating", "2027-01-01", NULL, 0) == 0);
    assert (broker_credit_report (f, "qujiang", "kecheng-000003", "started", "2027-05-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 3000, true);
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count' AND stage = 'started'"
                                " AND date = '2027-05-01'", "kecheng-000003") == 2);
    assert (broker_credit_report (f, "qujiang", "kecheng-000003", "producing", "2027-12-01", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000003") == 1);

    //  4: the center sets the count 5 : 5 for this one.
    broker_credit_transfer (f, "kecheng-000004", LX_CHANNEL_OWN, "zhizao", "count=5000");
    assert (broker_credit_split_is (f, "kecheng-000004", "count", 5000, 0, "signed", "override"));
    broker_credit_credit (f, "zhizao", "kecheng-000004", "signed", "2027-03-01", "contract", 1, 3000, true);
    broker_credit_expect (f, "kecheng-000004", "count", LX_PROJECT_UNIT, 5000, true);

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
    broker_credit_check_all (f);
    broker_fixture_destroy (&f);

    //  Fuzhou: the project is all the bringer's.
    f = broker_credit_fixture (s_fuzhou, verbose);
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (broker_credit_report (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 10000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'"
                                " AND finder_share = 10000"
                                " AND lander_share = 0", "kecheng-000001") == 2);
    assert (broker_credit_report (f, "zhizao", "kecheng-000001", "registered", "2027-02-01", NULL, 0) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 2);
    broker_credit_check_all (f);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  5. A later contract report is the new total: a capital increase
//  credits what it adds; one that adds nothing is refused.

static void
s_test_increase (bool verbose)
{
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "contract", INT64_C (2000000000),
                          3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'contract'"
                                " AND amount = 2000000000"
                                " AND finder_share = 600000000 AND lander_share = 1400000000", "kecheng-000001") == 2);
    broker_credit_increase (f, "longyou", "kecheng-000001", "registered", "2027-06-01", INT64_C (2500000000),
                            INT64_C (500000000), 3000, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM ledger WHERE lead = ? AND metric = 'contract'"
                                " AND amount = 500000000"
                                " AND finder_share = 150000000 AND lander_share = 350000000 AND stage = 'registered'",
                                "kecheng-000001") == 2);
    //  The same total again, or less: refused, nothing changes (the stage neither).
    const int64_t refused [] = { INT64_C (2500000000), INT64_C (2499999999), INT64_C (2000000000), 1, 0 };
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++) {
        broker_fixture_refused (f, "longyou",
                                broker_credit_progress_msg ("kecheng-000001", "registered", "2027-07-01", "contract",
                                                            refused [index]), LX_ERR_BAD_VALUE);
        broker_fixture_refused (f, "longyou",
                                broker_credit_progress_msg ("kecheng-000001", "started", "2027-07-01", "contract",
                                                            refused [index]), LX_ERR_BAD_VALUE);
    }
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'registered'",
                                "kecheng-000001") == 1);
    //  One yuan more: one yuan credited (the lander's, by the rounding).
    broker_credit_increase (f, "longyou", "kecheng-000001", "started", "2027-09-01", INT64_C (2500000001), 1, 3000,
                            true);
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
    broker_credit_credit (f, "longyou", "kecheng-000001", "started", "2027-09-02", "funds", 700000000, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "started", "2027-09-03", "funds", 700000000, 3000, true);
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM progress WHERE lead = ? AND metric = 'funds'",
                                "kecheng-000001")
            == 1400000000);

    //  An own lead: the same rule, one chain.
    assert (broker_credit_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    broker_credit_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "contract", 100, 0, true);
    broker_credit_increase (f, "kecheng", "kecheng-000002", "signed", "2027-02-02", 150, 50, 0, true);
    broker_fixture_refused (f, "kecheng",
                            broker_credit_progress_msg ("kecheng-000002", "signed", "2027-02-03", "contract", 150),
                            LX_ERR_BAD_VALUE);
    assert (broker_fixture_int (f, "SELECT sum (amount) FROM ledger WHERE lead = ?", "kecheng-000002") == 150 + 10000);
    //  A first total of nothing: a later nothing adds nothing either.
    assert (broker_credit_register (f, "kecheng-000004", LX_CHANNEL_OWN) == 0);
    broker_credit_credit (f, "kecheng", "kecheng-000004", "signed", "2027-02-01", "contract", 0, 0, true);
    broker_fixture_refused (f, "kecheng",
                            broker_credit_progress_msg ("kecheng-000004", "signed", "2027-02-02", "contract", 0),
                            LX_ERR_BAD_VALUE);
    broker_credit_increase (f, "kecheng", "kecheng-000004", "signed", "2027-02-03", 7, 7, 0, true);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'contract'",
                                "kecheng-000004") == 2);

    //  A contract reported before the signing is the first total too.
    broker_credit_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "negotiating", "2027-01-01", "contract", 1000, 3000, true);
    broker_credit_increase (f, "qujiang", "kecheng-000003", "signed", "2027-02-01", 1500, 500, 3000, true);
    broker_credit_expect (f, "kecheng-000003", "count", LX_PROJECT_UNIT, 3000, true);

    //  Other refusals leave nothing either: not the lander, a metric
    //  without its amount or the other way round, a stage gone back.
    broker_fixture_refused (f, "kecheng",
                            broker_credit_progress_msg ("kecheng-000001", "started", "2027-10-01", "funds", 1),
                            LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "qujiang",
                            broker_credit_progress_msg ("kecheng-000001", "started", "2027-10-01", "contract",
                                                        INT64_C (9000000000)), LX_ERR_NOT_ALLOWED);
    lx_msg_t *msg = broker_credit_progress_msg ("kecheng-000001", "started", "2027-10-01", "funds", 1);
    lx_msg_unset (msg, LX_F_AMOUNT);
    broker_fixture_refused (f, "longyou", msg, LX_ERR_BAD_VALUE);
    msg = broker_credit_progress_msg ("kecheng-000001", "started", "2027-10-01", NULL, 0);
    lx_msg_set_int (msg, LX_F_AMOUNT, 5);
    broker_fixture_refused (f, "longyou", msg, LX_ERR_BAD_VALUE);
    broker_fixture_refused (f, "longyou",
                            broker_credit_progress_msg ("kecheng-000001", "signed", "2027-10-01", "contract",
                                                        INT64_C (9000000000)), LX_ERR_CONFLICT);
    broker_credit_check_all (f);
    broker_fixture_destroy (&f);

    //  Fuzhou: the increase all the bringer's.
    f = broker_credit_fixture (s_fuzhou, verbose);
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "zhizao", NULL);
    broker_credit_credit (f, "zhizao", "kecheng-000001", "signed", "2027-01-01", "contract", INT64_C (2000000000),
                          10000, true);
    broker_credit_increase (f, "zhizao", "kecheng-000001", "started", "2027-06-01", INT64_C (2500000000),
                            INT64_C (500000000), 10000, true);
    broker_fixture_refused (f, "zhizao",
                            broker_credit_progress_msg ("kecheng-000001", "started", "2027-07-01", "contract",
                                                        INT64_C (2500000000)), LX_ERR_BAD_VALUE);
    assert (broker_fixture_int (f, "SELECT sum (finder_share) FROM ledger WHERE node = 'kecheng' AND lead = ?"
                                " AND metric = 'contract'", "kecheng-000001") == INT64_C (2500000000));
    assert (broker_fixture_int (f, "SELECT sum (lander_share) FROM ledger WHERE node = 'zhizao' AND lead = ?"
                                " AND metric = 'contract'", "kecheng-000001") == 0);
    broker_credit_check_all (f);
    broker_fixture_destroy (&f);
}

void
broker_logic_credit_test (bool verbose)
{
    s_test_shares (verbose);
    s_test_chains (verbose);
    broker_credit_test_windows (verbose);
    s_test_count (verbose);
    s_test_increase (verbose);
    broker_credit_test_tamper (verbose);
}
