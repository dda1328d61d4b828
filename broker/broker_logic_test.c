/*  broker_logic selftest: the rules of the exchange, applied to a real
    store in a temporary directory, without sockets.
*/

#include "broker_fixture.h"
#include "lx_domain.h"
#include "lx_lead.h"

//  The test city: two counties, one platform, the center.
static const char *s_city =
    "match\n"
    "    top = 2\n"
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
    "    center\n"
    "        name = \"市协作中心\"\n"
    "        role = \"center\"\n";

//  A LEAD registering kecheng's chemicals lead id (fits qujiang and zhizao).
static lx_msg_t *
s_chemicals (const char *id, const char *phone)
{
    lx_lead_t *lead = broker_fixture_lead (id, "某化工集团有限公司", 600000000, "C2614");
    lx_lead_set (&lead->project, "电子化学品项目");
    lx_lead_set (&lead->contact, "周经理");
    lx_lead_set (&lead->phone, phone);
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  Counts node's events of cmd about lead whose body holds text.
static int64_t
s_events (broker_fixture_t *fixture, const char *node, const char *cmd, const char *text)
{
    int64_t value = -1;
    assert (lx_store_int (broker_fixture_db (fixture), &value,
                          "SELECT count(*) FROM event WHERE node = ? AND cmd = ? AND instr (body, ?) > 0",
                          "ttt", node, cmd, text) == 0);
    return value;
}

//  Withdrawing and editing: the finder only, before signing, and every
//  district holding a copy is told, the contact only where it belongs.
static void
s_test_withdraw_edit (broker_fixture_t *fixture)
{
    //  A signed lead can be neither withdrawn nor edited.
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_REASON, "投资方放弃");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000001");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 1);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);

    //  An open offer: the finder's edit reaches both routed districts.
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     s_chemicals ("kecheng-000002", "13500000002")) == 0);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000002")) == 0);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 1);
    assert (broker_fixture_apply_as (fixture, "qujiang", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "nothing else");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_list (msg, LX_F_INDUSTRIES);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 750000000);
    lx_msg_set_str (msg, LX_F_CONTACT, "");
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (broker_fixture_int (fixture, "SELECT investment FROM lead WHERE id = ? AND contact IS NULL",
                                "kecheng-000002")
            == 750000000);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'edit'"
                                " AND fields = 'investment,contact'", "kecheng-000002") == 1);
    assert (s_events (fixture, "kecheng", "edited", "13500000002") == 1);
    assert (s_events (fixture, "qujiang", "edited", "kecheng-000002") == 1);
    assert (s_events (fixture, "zhizao", "edited", "kecheng-000002") == 1);
    assert (s_events (fixture, "qujiang", "edited", "13500000002") == 0);
    assert (s_events (fixture, "center", "edited", "kecheng-000002") == 0);

    //  Claimed: no edit while the center decides; only the finder withdraws,
    //  with a reason; the routed districts and the center are told.
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM,
                                     broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_LAND, 80);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);
    msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'withdrawn'",
                                "kecheng-000002") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM offer WHERE lead = ? AND status = 'withdrawn'",
                                "kecheng-000002") == 1);
    const char *told [] = { "kecheng", "qujiang", "zhizao", "center" };
    for (int index = 0; index < 4; index++)
        assert (s_events (fixture, told [index], "withdrawn", "投资方改投外省") == 1);
    //  ... and nothing more can happen to it.
    msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (broker_fixture_apply_as (fixture, "center", LX_ROLE_CENTER, msg) == LX_ERR_CONFLICT);
    assert (broker_fixture_apply_as (fixture, "qujiang", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == LX_ERR_CONFLICT);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000002")) == LX_ERR_CONFLICT);
    msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "again");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);

    //  Transferred: an edit reaches the lander with the contact and the
    //  center without; a withdrawal stops the lander's progress.
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     s_chemicals ("kecheng-000003", "13500000003")) == 0);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000003")) == 0);
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM,
                                     broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (broker_fixture_apply_as (fixture, "center", LX_ROLE_CENTER, msg) == 0);
    msg = broker_fixture_cmd (LX_CMD_EDIT, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_PHONE, "13500000033");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_events (fixture, "zhizao", "edited", "13500000033") == 1);
    assert (s_events (fixture, "center", "edited", "kecheng-000003") == 1);
    assert (s_events (fixture, "center", "edited", "13500000033") == 0);
    assert (s_events (fixture, "qujiang", "edited", "kecheng-000003") == 0);
    msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_REASON, "项目终止");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_events (fixture, "zhizao", "withdrawn", "项目终止") == 1);
    assert (s_events (fixture, "center", "withdrawn", "项目终止") == 1);
    assert (s_events (fixture, "qujiang", "withdrawn", "kecheng-000003") == 0);
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_STAGE, "negotiating");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-25");
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_CONFLICT);
}

void
broker_logic_test (bool verbose)
{
    broker_fixture_t *fixture = broker_fixture_new ("broker_logic_test", s_city, NULL, verbose);
    assert (fixture);
    //  This test has never checked the events' numbering after each message.
    fixture->numbering = false;

    //  kecheng registers a chemicals lead (C2614) that fits qujiang and zhizao.
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->id, "kecheng-000001");
    lx_lead_set (&lead->finder, "kecheng");
    lx_lead_set (&lead->investor, "某化工集团有限公司");
    lx_lead_set (&lead->project, "高端氟硅新材料项目");
    lx_lead_set (&lead->contact, "李总");
    lx_lead_set (&lead->phone, "13900000000");
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C2614");
    lead->investment = 1500000000;
    lead->land = 200;
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_msg_t *again = lx_msg_dup (msg);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, again) == LX_ERR_CONFLICT);
    //  Another node cannot register a lead in kecheng's name.
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_set (&lead->id, "qujiang-000009");
    lx_lead_to_msg (lead, msg, true);
    assert (broker_fixture_apply_as (fixture, "qujiang", LX_ROLE_COUNTY, msg) == LX_ERR_IDENTITY);
    lx_lead_destroy (&lead);

    //  Only the finder offers; the offer goes to qujiang and zhizao, without contact.
    assert (broker_fixture_apply_as (fixture, "qujiang", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001"))
            == LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, broker_fixture_cmd (LX_CMD_OFFER, "nobody-1"))
            == LX_ERR_NOT_FOUND);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001")) == 0);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000001") == 2);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'offered'",
                                "qujiang") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'offered'",
                                "kecheng") == 0);
    assert (broker_fixture_int (fixture,
                                "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                                "qujiang") == 0);
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001"))
            == LX_ERR_CONFLICT);

    //  Two claims: the first wins, the second is told it is taken.
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM,
                                     broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (broker_fixture_apply_as (fixture, "qujiang", LX_ROLE_COUNTY,
                                     broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (broker_fixture_int (fixture, "SELECT claimant = 'zhizao' FROM offer WHERE lead = ?",
                                "kecheng-000001") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM claim WHERE lead = ? AND won = 1",
                                "kecheng-000001") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'claim_result'",
                                "qujiang") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'closed'",
                                "qujiang") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'approval'",
                                "center") == 1);

    //  Progress before approval is refused; only the center decides.
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-23");
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_put (msg, LX_F_SPLITS, "output", 4000);
    assert (broker_fixture_apply_as (fixture, "center", LX_ROLE_CENTER, msg) == LX_ERR_MISSING_FIELD);
    msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_put (msg, LX_F_SPLITS, "output", 4000);
    lx_msg_set_str (msg, LX_F_REASON, "产值按4:6分成");
    assert (broker_fixture_apply_as (fixture, "center", LX_ROLE_CENTER, msg) == 0);
    assert (broker_fixture_int (fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'contract'",
                                "kecheng-000001") == 3000);
    assert (broker_fixture_int (fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'tax'",
                                "kecheng-000001") == 5000);
    assert (broker_fixture_int (fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'output'",
                                "kecheng-000001") == 4000);
    //  Only the lander's copy carries the contact.
    assert (broker_fixture_int (fixture,
                                "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                                "zhizao") == 1);
    assert (broker_fixture_int (fixture,
                                "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                                "kecheng") == 0);
    assert (broker_fixture_int (fixture,
                                "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                                "center") == 0);

    //  The lander reports signing: shares add up, the project counts 0.3 / 0.7.
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-23");
    lx_msg_set_str (msg, LX_F_METRIC, "contract");
    lx_msg_set_int (msg, LX_F_AMOUNT, 1500000001);
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == 0);
    assert (broker_fixture_int (fixture, "SELECT finder_share FROM progress WHERE metric = ?",
                                "contract") == 450000000);
    assert (broker_fixture_int (fixture, "SELECT lander_share FROM progress WHERE metric = ?",
                                "contract") == 1050000001);
    assert (broker_fixture_int (fixture, "SELECT finder_share FROM progress WHERE metric = ?", "count") == 3000);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'progressed'",
                                "kecheng") == 2);
    //  The finder cannot report, the stage cannot go back, the count is never reported.
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "started");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-24");
    assert (broker_fixture_apply_as (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "negotiating");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-24");
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_CONFLICT);
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-24");
    lx_msg_set_str (msg, LX_F_METRIC, "count");
    lx_msg_set_int (msg, LX_F_AMOUNT, 10000);
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    //  A second signing does not count the project again.
    msg = broker_fixture_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-25");
    lx_msg_set_str (msg, LX_F_METRIC, "funds");
    lx_msg_set_int (msg, LX_F_AMOUNT, 300000000);
    assert (broker_fixture_apply_as (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == 0);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM progress WHERE metric = ?", "count") == 1);
    assert (broker_fixture_int (fixture, "SELECT count(*) FROM progress WHERE finder_share + lander_share != amount"
                                " AND metric != ?", "") == 0);
    s_test_withdraw_edit (fixture);

    broker_logic_destroy (&fixture->logic);
    broker_logic_destroy (&fixture->logic);
    broker_fixture_destroy (&fixture);
}
