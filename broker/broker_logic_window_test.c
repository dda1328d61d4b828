/*  broker_logic credit selftest, the windows and the ledger's guards: a
    counting window from the first tax, from the construction start and
    from the signing, fixed at approval and kept by an override; and the
    broker's ledger tampered with, every change caught. The scenarios of
    broker_logic_credit_test (broker_logic_credit_test.c), on its fixture
    (broker_logic_credit_test.h).
*/

#include "broker_logic_credit_test.h"
#include "lx_chain.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_ledger.h"
#include "lx_split.h"

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
    lx_sign_t *sign = broker_fixture_sign (true);
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock, &sign);
    assert (self->logic);
}

//  ---------------------------------------------------------------------
//  3. Windows: from the first tax, from the construction start, from the
//  signing; fixed at approval, kept by an override.

void
broker_credit_test_windows (bool verbose)
{
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    //  1: Ningde's policy, as approved.
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (broker_credit_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "output", 5000, 5, "started", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "fixed_asset", 5000, 5, "started", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "contract", 3000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "funds", 3000, 0, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000001", "count", 3000, 0, "signed", "policy"));
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
    broker_credit_credit (f, "longyou", "kecheng-000001", "negotiating", "2026-12-01", "output", 1000, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2026-12-20", "contract", 2000000000, 3000, true);
    broker_credit_expect (f, "kecheng-000001", "count", LX_PROJECT_UNIT, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-10", "output", 1000001, 5000, true);
    //  The first tax paid, 2027-03-15: 5 years, to 2032-03-14 inclusive.
    broker_credit_credit (f, "longyou", "kecheng-000001", "registered", "2027-03-15", "tax", 100001, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "registered", "2027-05-31", "output", 7, 5000, true);
    //  Construction starts 2027-06-01, with this report.
    broker_credit_credit (f, "longyou", "kecheng-000001", "started", "2027-06-01", "fixed_asset", 300000000, 5000,
                          true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "tax", 5, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "output", 11, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-03-14", "tax", 123, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-03-15", "tax", 124, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-05-31", "output", 50000, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-05-31", "fixed_asset", 1, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "output", 50001, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "fixed_asset", 2, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "tax", 3, 5000, false);
    //  Funds and contract have no window: they count whenever.
    broker_credit_credit (f, "longyou", "kecheng-000001", "producing", "2032-06-01", "funds", 9, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "funds", 1, 3000, true);
    broker_credit_increase (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", 2000000001, 1, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "tax", 1, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2040-01-01", "output", 1, 5000, false);
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
    broker_credit_transfer (f, "kecheng-000002", LX_CHANNEL_OWN, "longyou", "tax=2000,output=8000");
    assert (broker_credit_split_is (f, "kecheng-000002", "tax", 2000, 5, "first", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "output", 8000, 5, "started", "override"));
    assert (broker_credit_split_is (f, "kecheng-000002", "fixed_asset", 5000, 5, "started", "policy"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM decision WHERE lead = ? AND decision = 'approve'"
                                " AND reason = '三方确认书约定的分成'", "kecheng-000002") == 1);
    assert (broker_credit_report (f, "longyou", "kecheng-000002", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_expect (f, "kecheng-000002", "count", LX_PROJECT_UNIT, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000002", "registered", "2027-03-15", "tax", 1000, 2000, true);
    broker_credit_credit (f, "longyou", "kecheng-000002", "registered", "2027-04-01", "output", 999, 8000, true);
    //  The start reported alone (a stage, no amount) opens the output window.
    assert (broker_credit_report (f, "longyou", "kecheng-000002", "started", "2027-06-01", NULL, 0) == 0);
    broker_credit_credit (f, "longyou", "kecheng-000002", "producing", "2032-03-14", "tax", 1001, 2000, true);
    broker_credit_credit (f, "longyou", "kecheng-000002", "producing", "2032-03-15", "tax", 1002, 2000, false);
    broker_credit_credit (f, "longyou", "kecheng-000002", "producing", "2032-05-31", "output", 10001, 8000, true);
    broker_credit_credit (f, "longyou", "kecheng-000002", "producing", "2032-06-01", "output", 10002, 8000, false);

    //  3: the first tax on a leap day: to 2033-02-28 inclusive. No start
    //  ever reported: output counts whenever.
    broker_credit_transfer (f, "kecheng-000003", LX_CHANNEL_OWN, "qujiang", NULL);
    assert (broker_credit_report (f, "qujiang", "kecheng-000003", "signed", "2027-01-01", NULL, 0) == 0);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "registered", "2028-02-29", "tax", 10, 5000, true);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "land", "2033-02-28", "tax", 11, 5000, true);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "land", "2033-03-01", "tax", 12, 5000, false);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "land", "2045-01-01", "output", 13, 5000, true);
    broker_credit_credit (f, "qujiang", "kecheng-000003", "land", "2045-01-01", "fixed_asset", 14, 5000, true);
    //  The first tax is of tax, not of another metric: output 2027 opens nothing.
    broker_credit_transfer (f, "kecheng-000005", LX_CHANNEL_OWN, "zhizao", NULL);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "signed", "2027-01-01", "output", 15, 5000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "signed", "2033-01-01", "tax", 16, 5000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "signed", "2037-12-31", "tax", 17, 5000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "signed", "2038-01-01", "tax", 18, 5000, false);
    //  The start is the date the lead reached construction: five years on
    //  its window closes. (A report at producing dated before the start is
    //  refused: the lead cannot produce before it is built.)
    broker_credit_credit (f, "zhizao", "kecheng-000005", "started", "2028-06-01", "output", 19, 5000, true);
    assert (broker_credit_report (f, "zhizao", "kecheng-000005", "producing", "2028-03-01", "output", 20)
            == LX_ERR_BAD_VALUE);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "producing", "2028-07-01", "output", 20, 5000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "producing", "2033-05-31", "output", 21, 5000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000005", "producing", "2033-06-01", "fixed_asset", 22, 5000, false);

    //  4: an intermediary's lead: funds 40 / 60 for 2 years from the signing.
    broker_credit_transfer (f, "kecheng-000004", LX_CHANNEL_INTERMEDIARY, "longyou", NULL);
    assert (broker_credit_split_is (f, "kecheng-000004", "funds", 4000, 2, "signed", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000004", "tax", 5000, 5, "first", "policy"));
    assert (broker_credit_split_is (f, "kecheng-000004", "contract", 3000, 0, "signed", "policy"));
    broker_credit_credit (f, "longyou", "kecheng-000004", "negotiating", "2026-12-01", "funds", 10, 4000, true);
    broker_credit_credit (f, "longyou", "kecheng-000004", "signed", "2027-01-01", "funds", 20, 4000, true);
    broker_credit_expect (f, "kecheng-000004", "count", LX_PROJECT_UNIT, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000004", "registered", "2028-12-31", "funds", 30, 4000, true);
    broker_credit_credit (f, "longyou", "kecheng-000004", "registered", "2029-01-01", "funds", 40, 4000, false);
    broker_credit_credit (f, "longyou", "kecheng-000004", "started", "2031-01-01", "funds", 50, 4000, false);

    //  The policy changes (a new configuration, a restart): what was agreed
    //  stays agreed, split and window; a transfer approved now gets the new.
    s_policy_swap (f, "policy\n    rule\n        finder_bp = 9000\n        years = 1\n");
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2041-01-01", "funds", 200, 3000, true);
    //  (Dated after the lead reached capacity in 2040: the agreed windows,
    //  not the new policy's, say these are past.)
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2041-01-01", "tax", 201, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000001", "capacity", "2041-01-01", "output", 202, 5000, false);
    broker_credit_credit (f, "longyou", "kecheng-000004", "started", "2031-01-02", "funds", 203, 4000, false);
    broker_credit_credit (f, "longyou", "kecheng-000004", "started", "2031-01-02", "tax", 204, 5000, true);
    assert (broker_credit_split_is (f, "kecheng-000001", "tax", 5000, 5, "first", "policy"));
    broker_credit_transfer (f, "kecheng-000006", LX_CHANNEL_OWN, "zhizao", NULL);
    assert (broker_credit_split_is (f, "kecheng-000006", "tax", 9000, 1, "signed", "policy"));
    broker_credit_credit (f, "zhizao", "kecheng-000006", "signed", "2027-01-01", "funds", 100, 9000, true);
    broker_credit_expect (f, "kecheng-000006", "count", LX_PROJECT_UNIT, 9000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000006", "signed", "2027-12-31", "tax", 101, 9000, true);
    broker_credit_credit (f, "zhizao", "kecheng-000006", "signed", "2028-01-01", "tax", 102, 9000, false);
    broker_credit_check_all (f);
    if (verbose)
        zsys_info ("credit test: windows from first, started and signed; %" PRId64 " entries not counted",
                   broker_fixture_int0 (f, "SELECT count(*) FROM ledger WHERE counted = 0"));
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

void
broker_credit_test_tamper (bool verbose)
{
    broker_fixture_t *f = broker_credit_fixture (broker_credit_ningde, verbose);
    //  longyou's chain: 1's entries (6); kecheng's: 1's and its own 2's (8).
    broker_credit_transfer (f, "kecheng-000001", LX_CHANNEL_OWN, "longyou", NULL);
    assert (broker_credit_register (f, "kecheng-000002", LX_CHANNEL_OWN) == 0);
    broker_credit_credit (f, "longyou", "kecheng-000001", "signed", "2027-01-01", "contract", 2000000000, 3000, true);
    broker_credit_credit (f, "kecheng", "kecheng-000002", "signed", "2027-02-01", "funds", 10, 0, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "registered", "2027-03-15", "tax", 100001, 5000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "started", "2027-06-01", "fixed_asset", 300000000, 5000,
                          true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "started", "2027-07-01", "funds", 50000001, 3000, true);
    broker_credit_credit (f, "longyou", "kecheng-000001", "completed", "2028-01-01", "output", 7000003, 5000, true);
    broker_credit_check_all (f);
    char longyou_head [65], kecheng_head [65];
    int64_t longyou_count = -1, kecheng_count = -1;
    assert (broker_credit_check_events (f, "longyou", &longyou_count, longyou_head) == 6 && longyou_count == 6);
    assert (broker_credit_check_events (f, "kecheng", &kecheng_count, kecheng_head) == 8 && kecheng_count == 8);
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
            assert (out && lx_ledger_check (db, node, NULL, out) == 1);
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
    broker_credit_check_all (f);
    if (verbose)
        zsys_info ("credit test: %zu kinds of tampering found", sizeof cases / sizeof cases [0]);
    broker_fixture_destroy (&f);
}
