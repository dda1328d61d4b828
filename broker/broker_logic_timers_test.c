/*  broker_logic rules selftest, the timers: offer expiry, stale claims and
    transfers, the return to the pool (and the flag alone when it is off),
    an own lead's silence, and a withdrawn registration's conflict. The
    scenarios of broker_logic_rules_test (broker_logic_rules_test.c), on
    the same city and fixture (broker_logic_rules_test.h).
*/

#include "broker_logic_rules_test.h"
#include "lx_domain.h"

//  Runs the timers inside a transaction, as the server does. Returns how
//  many leads they acted on (rolled back and -1 on a failure).
static int
s_timers (broker_fixture_t *self)
{
    lx_store_t *db = broker_fixture_db (self);
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
    broker_fixture_check_numbering (self);
    return acted;
}

//  ---------------------------------------------------------------------
//  6. The timers.

void
broker_rules_test_timers (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    assert (broker_timers_offer_days (f->timers) == 14 && broker_timers_progress_days (f->timers) == 30);
    assert (broker_timers_return_stale (f->timers));
    const char *none [] = { NULL };
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };
    const char *three [] = { "zhizao", "kecheng", "center", NULL };
    const char *center [] = { "center", NULL };
    const char *ids [] = { "kecheng-000001", "kecheng-000002", "kecheng-000003", "kecheng-000004" };
    const char *names [] = { "某甲化工有限公司", "某乙化工有限公司", "某丙化工有限公司", "某丁化工有限公司" };
    for (int index = 0; index < 4; index++) {
        assert (broker_fixture_register (f, broker_fixture_lead (ids [index], names [index], 600000000, "C2614")) == 0);
        assert (broker_fixture_offer (f, ids [index]) == 0);
        broker_fixture_told (f, "offered", ids [index], 1, routed);
    }
    //  5: a battery plant only zhizao fits.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000005", "某戊电池有限公司", 600000000,
                                                             "C3841")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000005") == 0);
    const char *only_zhizao [] = { "zhizao", NULL };
    broker_fixture_told (f, "offered", "kecheng-000005", 1, only_zhizao);
    //  Day 1: zhizao claims 2 to 5; day 2 the center approves 3 (output
    //  split overridden to 40 %), 4 and 5; 2 stays undecided.
    broker_fixture_at_day (f, 1);
    for (int index = 1; index < 4; index++)
        assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, ids [index])) == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000005")) == 0);
    broker_fixture_at_day (f, 2);
    assert (broker_fixture_approve (f, "kecheng-000003", 4000) == 0);
    assert (broker_fixture_approve (f, "kecheng-000004", -1) == 0);
    assert (broker_fixture_approve (f, "kecheng-000005", -1) == 0);
    int64_t decision3 = broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000003");
    int64_t decision5 = broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000005");
    assert (decision3 > 0 && decision5 > 0);

    //  Day 13: the open offer of 1 waits on; day 14 it expires.
    broker_fixture_at_day (f, 13);
    assert (s_timers (f) == 0);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "open")
            && broker_fixture_stage_is (f, "kecheng-000001", "offered"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    broker_fixture_at_day (f, 14);
    assert (s_timers (f) == 1);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "expired")
            && broker_fixture_stage_is (f, "kecheng-000001", "assessing"));
    assert (broker_fixture_int (f, "SELECT activity FROM lead WHERE id = ?",
                                "kecheng-000001") == f->start + 14 * BROKER_FIXTURE_DAY);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'expire'"
                                " AND node = 'kecheng'",
                                "kecheng-000001") == 1);
    const char *finder [] = { "kecheng", NULL };
    broker_fixture_told (f, "returned", "kecheng-000001", 1, finder);
    lx_msg_t *event = broker_fixture_event (f, "kecheng", "returned", "kecheng-000001");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "assessing") && !lx_msg_has (event, LX_F_CLAIMANT));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    broker_fixture_told (f, "closed", "kecheng-000001", 1, routed);
    assert (broker_fixture_reason_has (f, "longyou", "closed", "kecheng-000001", "expired"));
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "returned", "kecheng-000001", 1, finder);
    //  Back with its finder, it can no longer be claimed: a late claim is
    //  refused (nothing to take), and the offer stays expired.
    broker_fixture_refused (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001"), LX_ERR_CONFLICT);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "expired"));
    broker_fixture_told (f, "claim_result", "kecheng-000001", 0, none);

    //  Day 20: zhizao reports progress on 4.
    broker_fixture_at_day (f, 20);
    assert (broker_fixture_progress (f, "zhizao", "kecheng-000004", "negotiating", "2026-12-12") == 0);
    //  Day 30: nothing is stale yet (2 was claimed on day 1).
    broker_fixture_at_day (f, 30);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", NULL, 0, none);
    //  Day 31: the undecided claim of 2 is flagged, once, and stays claimed.
    broker_fixture_at_day (f, 31);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000002", 1, center);
    char day1 [11], day20 [11], day2 [11];
    broker_fixture_date (f, 1, day1);
    broker_fixture_date (f, 2, day2);
    broker_fixture_date (f, 20, day20);
    event = broker_fixture_event (f, "center", "stale", "kecheng-000002");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao")
            && broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "claimed"));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_DATE), day1)
            && broker_fixture_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    assert (broker_fixture_int (f, "SELECT flagged FROM lead WHERE id = ?",
                                "kecheng-000002") == f->start + BROKER_FIXTURE_DAY);
    assert (broker_fixture_int (f, "SELECT activity FROM lead WHERE id = ?",
                                "kecheng-000002") == f->start + BROKER_FIXTURE_DAY);
    assert (broker_fixture_stage_is (f, "kecheng-000002", "claimed")
            && broker_fixture_offer_is (f, "kecheng-000002", "claimed"));
    broker_fixture_told (f, "returned", "kecheng-000002", 0, none);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", "kecheng-000002", 1, center);

    //  Day 32: the transfers of 3 and 5 are stale and return to the pool;
    //  4 had progress on day 20 and is not stale.
    broker_fixture_at_day (f, 32);
    assert (s_timers (f) == 2);
    broker_fixture_told (f, "stale", "kecheng-000003", 1, center);
    broker_fixture_told (f, "stale", "kecheng-000005", 1, center);
    broker_fixture_told (f, "stale", "kecheng-000004", 0, none);
    event = broker_fixture_event (f, "center", "stale", "kecheng-000003");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao")
            && broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "transferred"));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_DATE), day2));
    lx_msg_destroy (&event);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'negotiating'"
                                " AND lander = 'zhizao'",
                                "kecheng-000004") == 1);
    //  3: the transfer and its agreed split kept in transfer_returned ...
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ? AND finder = 'kecheng'"
                                " AND lander = 'zhizao'"
                                " AND splits = 'contract=3000,count=3000,fixed_asset=3000,funds=3000,"
                                "output=4000,tax=5000'", "kecheng-000003") == 1);
    assert (broker_fixture_int (f, "SELECT decision FROM transfer_returned WHERE lead = ?",
                                "kecheng-000003") == decision3);
    assert (broker_fixture_int (f, "SELECT returned FROM transfer_returned WHERE lead = ?", "kecheng-000003")
            == f->start + 32 * BROKER_FIXTURE_DAY);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?"
                                " AND instr (reason, '30 days') > 0"
                                " AND instr (reason, 'the transfer is undone') > 0", "kecheng-000003") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ?", "kecheng-000003") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?", "kecheng-000003") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM decision WHERE id = (SELECT decision FROM transfer_returned"
                                " WHERE lead = ?)", "kecheng-000003") == 1);
    //  ... the former lander off the routes, the offer open again ...
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000003") == 2);
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ? AND node = 'zhizao'",
                                "kecheng-000003") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ? AND status = 'open' AND claimant IS NULL"
                                " AND claimed IS NULL", "kecheng-000003") == 1);
    assert (broker_fixture_int (f, "SELECT offered FROM offer WHERE lead = ?",
                                "kecheng-000003") == f->start + 32 * BROKER_FIXTURE_DAY);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'offered' AND lander IS NULL",
                                "kecheng-000003") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'return'"
                                " AND node = 'zhizao'",
                                "kecheng-000003") == 1);
    //  ... OFFERED again to the others (not zhizao), without the contact ...
    assert (broker_fixture_events (f, "qujiang", "offered", "kecheng-000003") == 2);
    assert (broker_fixture_events (f, "longyou", "offered", "kecheng-000003") == 2);
    assert (broker_fixture_events (f, "zhizao", "offered", "kecheng-000003") == 1);
    assert (broker_fixture_events (f, NULL, "offered", "kecheng-000003") == 5);
    event = broker_fixture_event (f, "longyou", "offered", "kecheng-000003");
    assert (!lx_msg_has (event, LX_F_PHONE) && lx_msg_int (event, LX_F_SCORE) == 40);
    assert (lx_msg_count (event, LX_F_REASONS) >= 1);
    lx_msg_destroy (&event);
    //  ... and RETURNED to the former lander, the finder and the center.
    broker_fixture_told (f, "returned", "kecheng-000003", 1, three);
    for (int index = 0; three [index]; index++) {
        event = broker_fixture_event (f, three [index], "returned", "kecheng-000003");
        assert (broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "offered")
                && broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao"));
        lx_msg_destroy (&event);
    }
    //  5: nobody else to offer it to: back with its finder.
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ? AND lander = 'zhizao'"
                                " AND splits ="
                                " 'contract=3000,count=3000,fixed_asset=3000,funds=3000,output=3000,tax=5000'",
                                "kecheng-000005") == 1);
    assert (broker_fixture_int (f, "SELECT decision FROM transfer_returned WHERE lead = ?",
                                "kecheng-000005") == decision5);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'assessing' AND lander IS NULL",
                                "kecheng-000005") == 1);
    assert (broker_fixture_offer_is (f, "kecheng-000005", "expired"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000005") == 0);
    assert (broker_fixture_events (f, NULL, "offered", "kecheng-000005") == 1);
    broker_fixture_told (f, "returned", "kecheng-000005", 1, three);
    event = broker_fixture_event (f, "kecheng", "returned", "kecheng-000005");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "assessing"));
    lx_msg_destroy (&event);
    assert (s_timers (f) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead != ?", "") == 2);

    //  Day 33: the former lander cannot claim it back; qujiang claims it,
    //  longyou comes second, and the center approves again: a new transfer.
    broker_fixture_at_day (f, 33);
    broker_fixture_refused (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003"), LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_apply (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (broker_fixture_apply (f, "longyou", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    event = broker_fixture_event (f, "longyou", "claim_result", "kecheng-000003");
    assert (!lx_msg_bool (event, LX_F_WON) && broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "qujiang"));
    lx_msg_destroy (&event);
    assert (broker_fixture_approve (f, "kecheng-000003", -1) == 0);
    int64_t again = broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ? AND lander = 'qujiang'"
                                        " AND finder = 'kecheng'", "kecheng-000003");
    assert (again > 0 && again != decision3);
    assert (broker_fixture_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                                 "kecheng-000003", "output") == 3000);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?",
                                "kecheng-000003") == LX_METRIC_COUNT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred'"
                                " AND lander = 'qujiang'",
                                "kecheng-000003") == 1);
    event = broker_fixture_event (f, "qujiang", "transfer", "kecheng-000003");
    assert (lx_msg_has (event, LX_F_PHONE) && broker_fixture_is (lx_msg_str (event, LX_F_LANDER), "qujiang"));
    lx_msg_destroy (&event);
    assert (broker_fixture_events (f, "zhizao", "transfer", "kecheng-000003") == 1);     //  only the first
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000003") == 1);
    assert (broker_fixture_progress (f, "zhizao", "kecheng-000003", "negotiating", "2026-12-25") == LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_progress (f, "qujiang", "kecheng-000003", "negotiating", "2026-12-25") == 0);

    //  Day 49: 4 (progress on day 20) is not stale yet; day 50 it is, and
    //  returns from its negotiation to the two other districts.
    broker_fixture_at_day (f, 49);
    assert (s_timers (f) == 0);
    broker_fixture_at_day (f, 50);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000004", 1, center);
    event = broker_fixture_event (f, "center", "stale", "kecheng-000004");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "negotiating")
            && broker_fixture_is (lx_msg_str (event, LX_F_DATE), day20));
    lx_msg_destroy (&event);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'offered' AND lander IS NULL",
                                "kecheng-000004") == 1);
    broker_fixture_told (f, "returned", "kecheng-000004", 1, three);
    assert (broker_fixture_events (f, "zhizao", "offered", "kecheng-000004") == 1);
    assert (broker_fixture_events (f, "qujiang", "offered", "kecheng-000004") == 2);
    //  3 is qujiang's since day 33: not stale.
    broker_fixture_told (f, "stale", "kecheng-000003", 1, center);
    broker_fixture_destroy (&f);
}


void
broker_rules_test_flag_only (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("timers\n    return_stale = 0\n    progress_days = 20\n", verbose);
    assert (!broker_timers_return_stale (f->timers) && broker_timers_progress_days (f->timers) == 20);
    const char *none [] = { NULL };
    const char *center [] = { "center", NULL };
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000001") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (broker_fixture_approve (f, "kecheng-000001", -1) == 0);
    broker_fixture_at_day (f, 19);
    assert (s_timers (f) == 0);
    broker_fixture_at_day (f, 20);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000001", 1, center);
    assert (broker_fixture_reason_has (f, "center", "stale", "kecheng-000001", "no progress"));
    assert (!broker_fixture_reason_has (f, "center", "stale", "kecheng-000001", "returned"));
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'zhizao'"
                                " AND flagged = activity", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'",
                                "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?",
                                "kecheng-000001") == LX_METRIC_COUNT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000001") == 0);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "approved"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    broker_fixture_at_day (f, 25);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", "kecheng-000001", 1, center);
    //  Progress ends the silence; a new one is flagged again.
    assert (broker_fixture_progress (f, "zhizao", "kecheng-000001", "negotiating", "2026-12-17") == 0);
    broker_fixture_at_day (f, 44);
    assert (s_timers (f) == 0);
    broker_fixture_at_day (f, 45);
    assert (s_timers (f) == 1);
    assert (broker_fixture_events (f, "center", "stale", "kecheng-000001") == 2);
    assert (broker_fixture_stage_is (f, "kecheng-000001", "negotiating"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    broker_fixture_destroy (&f);
}


void
broker_rules_test_own_lead (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    const char *none [] = { NULL };
    //  1: negotiated by kecheng itself; 2: offered, claimed by zhizao,
    //  rejected by the center, then negotiated by kecheng itself.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_progress (f, "kecheng", "kecheng-000001", "negotiating", "2026-11-22") == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "某乙化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000002") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_DECISION, "reject");
    lx_msg_set_str (msg, LX_F_REASON, "不符合产业定位");
    assert (broker_fixture_apply (f, "center", msg) == 0);
    assert (broker_fixture_stage_is (f, "kecheng-000002", "assessing")
            && broker_fixture_offer_is (f, "kecheng-000002", "rejected"));
    assert (broker_fixture_progress (f, "kecheng", "kecheng-000002", "negotiating", "2026-11-22") == 0);
    //  A transfer of 3 to zhizao, going stale at the same time.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "某丙化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000003") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (broker_fixture_approve (f, "kecheng-000003", -1) == 0);

    //  Day 30: the timers run (they must not fail: a bad return to the pool
    //  rolls the whole run back), the transfer of 3 returns to the pool, and
    //  neither own lead is flagged nor taken from kecheng.
    broker_fixture_at_day (f, 30);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000001", 0, none);
    broker_fixture_told (f, "stale", "kecheng-000002", 0, none);
    broker_fixture_told (f, "stale", "kecheng-000003", 1, (const char *[]) { "center", NULL });
    assert (broker_fixture_stage_is (f, "kecheng-000003", "offered"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000003") == 1);
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };
    for (int index = 0; index < 2; index++) {
        const char *id = index? "kecheng-000002": "kecheng-000001";
        assert (broker_fixture_stage_is (f, id, "negotiating"));
        broker_fixture_told (f, "returned", id, 0, none);
        broker_fixture_told (f, "offered", id, 1, index? routed: none);
        assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'return'", id) == 0);
        assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", id) == 0);
    }
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);
    assert (broker_fixture_offer_is (f, "kecheng-000002", "rejected"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ? AND node = 'zhizao'",
                                "kecheng-000002") == 1);
    //  Run again: nothing more is due, nothing changes.
    uint64_t digest = broker_fixture_digest (f);
    assert (s_timers (f) == 0);
    assert (broker_fixture_digest (f) == digest);

    //  Activity: before signing every report counts (day 31, negotiating
    //  again); a signing changes the stage (day 32); a later report at the
    //  same stage (day 35) is recorded but leaves the lead's row as it was.
    char date [11];
    int64_t before = broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ?", "kecheng-000001");
    const int days [] = { 31, 32, 35 };
    const char *stages [] = { "negotiating", "signed", "signed" };
    const int active [] = { 31, 32, 32 };
    for (int index = 0; index < 3; index++) {
        broker_fixture_at_day (f, days [index]);
        broker_fixture_date (f, days [index], date);
        assert (broker_fixture_progress (f, "kecheng", "kecheng-000001", stages [index], date) == 0);
        assert (broker_fixture_stage_is (f, "kecheng-000001", stages [index]));
        assert (broker_fixture_int (f, "SELECT activity FROM lead WHERE id = ?", "kecheng-000001")
                == f->start + active [index] * BROKER_FIXTURE_DAY);
    }
    //  Three reports, and the project counted once at its signing.
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ?", "kecheng-000001") == before + 4);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'count'",
                                "kecheng-000001") == 1);
    broker_fixture_destroy (&f);
}


void
broker_rules_test_conflict_withdrawn (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "衢州晶川新材料有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000001", "晶川新材料（衢州）有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'open'",
                                "qujiang-000001") == 1);
    broker_fixture_refused (f, "qujiang", broker_fixture_cmd (LX_CMD_OFFER, "qujiang-000001"), LX_ERR_CONFLICT);
    lx_msg_t *progress = broker_fixture_cmd (LX_CMD_PROGRESS, "qujiang-000001");
    lx_msg_set_str (progress, LX_F_STAGE, "negotiating");
    lx_msg_set_str (progress, LX_F_DATE, "2026-11-22");
    broker_fixture_refused (f, "qujiang", progress, LX_ERR_CONFLICT);
    lx_msg_t *withdraw = broker_fixture_cmd (LX_CMD_WITHDRAW, "qujiang-000001");
    lx_msg_set_str (withdraw, LX_F_REASON, "柯城区已先报备");
    assert (broker_fixture_apply (f, "qujiang", withdraw) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'keep'"
                                " AND instr (reason, 'withdrawn') > 0", "qujiang-000001") == 1);
    broker_fixture_told (f, "resolved", "qujiang-000001", 1, (const char *[]) { "qujiang", "kecheng", "center", NULL });
    assert (broker_fixture_reason_has (f, "kecheng", "resolved", "qujiang-000001", "the first keeps the investor"));
    broker_fixture_refused (f, "center", broker_fixture_resolve ("qujiang-000001", "dismiss", "迟到的裁决"),
                            LX_ERR_CONFLICT);
    broker_fixture_destroy (&f);
}
