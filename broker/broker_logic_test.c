/*  broker_logic selftest: the rules of the exchange, applied to a real
    store in a temporary directory, without sockets.
*/

#include "broker_logic.h"
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

//  Everything a test needs, built from s_city in a temporary directory.
typedef struct {
    char dir [64];              //  temporary directory
    zconfig_t *config;          //  parsed s_city
    broker_store_t *store;      //  the store under test
    broker_match_t *match;      //  profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's rule, defaults
    broker_timers_t *timers;    //  timer settings, defaults
    lx_clock_t *clock;          //  manual clock
    broker_logic_t *logic;      //  the class under test
    int64_t seq [8];            //  next seq per sender, by s_index
} s_fixture_t;

//  Index of a district in seq [].
static int
s_index (const char *node)
{
    return streq (node, "kecheng")? 0: streq (node, "qujiang")? 1: streq (node, "zhizao")? 2: 3;
}

//  Applies msg from node inside a transaction; returns the error code
//  (0 applied), rolling back when refused, as the server does.
static int
s_apply (s_fixture_t *fixture, const char *node, int role, lx_msg_t *msg)
{
    lx_store_t *db = broker_store_db (fixture->store);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, ++fixture->seq [s_index (node)]);
    assert (lx_msg_validate (msg, NULL) == 0);
    assert (lx_store_begin (db) == 0);
    lx_error_t error = { 0, "" };
    int rc = broker_logic_apply (fixture->logic, node, role, msg, &error);
    if (rc) {
        assert (error.code != LX_ERR_NONE && error.code != LX_ERR_INTERNAL);
        assert (lx_store_rollback (db) == 0);
    }
    else
        assert (lx_store_commit (db) == 0);
    lx_msg_destroy (&msg);
    return rc? error.code: 0;
}

//  Builds a command naming lead.
static lx_msg_t *
s_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  Counts rows matching a query with one text parameter.
static int64_t
s_count (s_fixture_t *fixture, const char *sql, const char *text)
{
    int64_t value = -1;
    assert (lx_store_int (broker_store_db (fixture->store), &value, sql, "t", text) == 0);
    return value;
}

//  A LEAD registering kecheng's chemicals lead id (fits qujiang and zhizao).
static lx_msg_t *
s_chemicals (const char *id, const char *phone)
{
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, "kecheng");
    lx_lead_set (&lead->investor, "某化工集团有限公司");
    lx_lead_set (&lead->project, "电子化学品项目");
    lx_lead_set (&lead->contact, "周经理");
    lx_lead_set (&lead->phone, phone);
    lx_lead_set (&lead->found, "2026-11-10");
    lx_lead_add_industry (lead, "C2614");
    lead->investment = 600000000;
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  Counts node's events of cmd about lead whose body holds text.
static int64_t
s_events (s_fixture_t *fixture, const char *node, const char *cmd, const char *text)
{
    int64_t value = -1;
    assert (lx_store_int (broker_store_db (fixture->store), &value,
                          "SELECT count(*) FROM event WHERE node = ? AND cmd = ? AND instr (body, ?) > 0",
                          "ttt", node, cmd, text) == 0);
    return value;
}

//  Withdrawing and editing: the finder only, before signing, and every
//  district holding a copy is told, the contact only where it belongs.
static void
s_test_withdraw_edit (s_fixture_t *fixture)
{
    //  A signed lead can be neither withdrawn nor edited.
    lx_msg_t *msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_REASON, "投资方放弃");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000001");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 1);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);

    //  An open offer: the finder's edit reaches both routed districts.
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, s_chemicals ("kecheng-000002", "13500000002")) == 0);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000002")) == 0);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 1);
    assert (s_apply (fixture, "qujiang", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "nothing else");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_list (msg, LX_F_INDUSTRIES);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 750000000);
    lx_msg_set_str (msg, LX_F_CONTACT, "");
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_count (fixture, "SELECT investment FROM lead WHERE id = ? AND contact IS NULL", "kecheng-000002")
            == 750000000);
    assert (s_count (fixture, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'edit'"
                     " AND fields = 'investment,contact'", "kecheng-000002") == 1);
    assert (s_events (fixture, "kecheng", "edited", "13500000002") == 1);
    assert (s_events (fixture, "qujiang", "edited", "kecheng-000002") == 1);
    assert (s_events (fixture, "zhizao", "edited", "kecheng-000002") == 1);
    assert (s_events (fixture, "qujiang", "edited", "13500000002") == 0);
    assert (s_events (fixture, "center", "edited", "kecheng-000002") == 0);

    //  Claimed: no edit while the center decides; only the finder withdraws,
    //  with a reason; the routed districts and the center are told.
    assert (s_apply (fixture, "zhizao", LX_ROLE_PLATFORM, s_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000002");
    lx_msg_set_int (msg, LX_F_LAND, 80);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);
    msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (s_apply (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_MISSING_FIELD);
    msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_count (fixture, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'withdrawn'", "kecheng-000002") == 1);
    assert (s_count (fixture, "SELECT count(*) FROM offer WHERE lead = ? AND status = 'withdrawn'", "kecheng-000002") == 1);
    const char *told [] = { "kecheng", "qujiang", "zhizao", "center" };
    for (int index = 0; index < 4; index++)
        assert (s_events (fixture, told [index], "withdrawn", "投资方改投外省") == 1);
    //  ... and nothing more can happen to it.
    msg = s_cmd (LX_CMD_DECIDE, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (s_apply (fixture, "center", LX_ROLE_CENTER, msg) == LX_ERR_CONFLICT);
    assert (s_apply (fixture, "qujiang", LX_ROLE_COUNTY, s_cmd (LX_CMD_CLAIM, "kecheng-000002")) == LX_ERR_CONFLICT);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000002")) == LX_ERR_CONFLICT);
    msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_REASON, "again");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_CONFLICT);

    //  Transferred: an edit reaches the lander with the contact and the
    //  center without; a withdrawal stops the lander's progress.
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, s_chemicals ("kecheng-000003", "13500000003")) == 0);
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000003")) == 0);
    assert (s_apply (fixture, "zhizao", LX_ROLE_PLATFORM, s_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    msg = s_cmd (LX_CMD_DECIDE, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (s_apply (fixture, "center", LX_ROLE_CENTER, msg) == 0);
    msg = s_cmd (LX_CMD_EDIT, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_PHONE, "13500000033");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_events (fixture, "zhizao", "edited", "13500000033") == 1);
    assert (s_events (fixture, "center", "edited", "kecheng-000003") == 1);
    assert (s_events (fixture, "center", "edited", "13500000033") == 0);
    assert (s_events (fixture, "qujiang", "edited", "kecheng-000003") == 0);
    msg = s_cmd (LX_CMD_WITHDRAW, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_REASON, "项目终止");
    assert (s_apply (fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_events (fixture, "zhizao", "withdrawn", "项目终止") == 1);
    assert (s_events (fixture, "center", "withdrawn", "项目终止") == 1);
    assert (s_events (fixture, "qujiang", "withdrawn", "kecheng-000003") == 0);
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000003");
    lx_msg_set_str (msg, LX_F_STAGE, "negotiating");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-25");
    assert (s_apply (fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_CONFLICT);
}

void
broker_logic_test (bool verbose)
{
    (void) verbose;
    s_fixture_t fixture;
    memset (&fixture, 0, sizeof fixture);
    snprintf (fixture.dir, sizeof fixture.dir, "/tmp/broker_logic_test_XXXXXX");
    assert (mkdtemp (fixture.dir));
    char *path = zsys_sprintf ("%s/broker.db", fixture.dir);
    char error [256];
    fixture.config = zconfig_str_load (s_city);
    fixture.store = broker_store_new (path, error, sizeof error);
    fixture.match = broker_match_load (fixture.config, error, sizeof error);
    fixture.policy = broker_policy_load (fixture.config, error, sizeof error);
    fixture.reg = broker_register_load (fixture.config, error, sizeof error);
    fixture.timers = broker_timers_load (fixture.config, error, sizeof error);
    fixture.clock = lx_clock_new_manual (INT64_C (1795348800000));
    assert (fixture.store && fixture.match && fixture.policy && fixture.reg && fixture.timers && fixture.clock);
    fixture.logic = broker_logic_new (fixture.store, fixture.match, fixture.policy, fixture.reg,
                                      fixture.timers, fixture.clock);
    assert (fixture.logic);
    const char *nodes [] = { "kecheng", "qujiang", "zhizao", "center" };
    const char *roles [] = { "county", "county", "platform", "center" };
    for (int index = 0; index < 4; index++)
        assert (broker_store_node_ensure (fixture.store, nodes [index], roles [index]) == 0);

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
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, msg) == 0);
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, again) == LX_ERR_CONFLICT);
    //  Another node cannot register a lead in kecheng's name.
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_set (&lead->id, "qujiang-000009");
    lx_lead_to_msg (lead, msg, true);
    assert (s_apply (&fixture, "qujiang", LX_ROLE_COUNTY, msg) == LX_ERR_IDENTITY);
    lx_lead_destroy (&lead);

    //  Only the finder offers; the offer goes to qujiang and zhizao, without contact.
    assert (s_apply (&fixture, "qujiang", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000001"))
            == LX_ERR_NOT_ALLOWED);
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "nobody-1"))
            == LX_ERR_NOT_FOUND);
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000001")) == 0);
    assert (s_count (&fixture, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000001") == 2);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'offered'", "qujiang") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'offered'", "kecheng") == 0);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                     "qujiang") == 0);
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, s_cmd (LX_CMD_OFFER, "kecheng-000001"))
            == LX_ERR_CONFLICT);

    //  Two claims: the first wins, the second is told it is taken.
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, s_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (s_apply (&fixture, "qujiang", LX_ROLE_COUNTY, s_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (s_count (&fixture, "SELECT claimant = 'zhizao' FROM offer WHERE lead = ?", "kecheng-000001") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM claim WHERE lead = ? AND won = 1", "kecheng-000001") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'claim_result'", "qujiang") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'closed'", "qujiang") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'approval'", "center") == 1);

    //  Progress before approval is refused; only the center decides.
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-20");
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    msg = s_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = s_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_put (msg, LX_F_SPLITS, "output", 4000);
    assert (s_apply (&fixture, "center", LX_ROLE_CENTER, msg) == LX_ERR_MISSING_FIELD);
    msg = s_cmd (LX_CMD_DECIDE, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_put (msg, LX_F_SPLITS, "output", 4000);
    lx_msg_set_str (msg, LX_F_REASON, "产值按4:6分成");
    assert (s_apply (&fixture, "center", LX_ROLE_CENTER, msg) == 0);
    assert (s_count (&fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'contract'",
                     "kecheng-000001") == 3000);
    assert (s_count (&fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'tax'",
                     "kecheng-000001") == 5000);
    assert (s_count (&fixture, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = 'output'",
                     "kecheng-000001") == 4000);
    //  Only the lander's copy carries the contact.
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                     "zhizao") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                     "kecheng") == 0);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND instr (body, '13900000000') > 0",
                     "center") == 0);

    //  The lander reports signing: shares add up, the project counts 0.3 / 0.7.
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-20");
    lx_msg_set_str (msg, LX_F_METRIC, "contract");
    lx_msg_set_int (msg, LX_F_AMOUNT, 1500000001);
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, msg) == 0);
    assert (s_count (&fixture, "SELECT finder_share FROM progress WHERE metric = ?", "contract") == 450000000);
    assert (s_count (&fixture, "SELECT lander_share FROM progress WHERE metric = ?", "contract") == 1050000001);
    assert (s_count (&fixture, "SELECT finder_share FROM progress WHERE metric = ?", "count") == 3000);
    assert (s_count (&fixture, "SELECT count(*) FROM event WHERE node = ? AND cmd = 'progressed'", "kecheng") == 2);
    //  The finder cannot report, the stage cannot go back, the count is never reported.
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "started");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-21");
    assert (s_apply (&fixture, "kecheng", LX_ROLE_COUNTY, msg) == LX_ERR_NOT_ALLOWED);
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "negotiating");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-21");
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_CONFLICT);
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-21");
    lx_msg_set_str (msg, LX_F_METRIC, "count");
    lx_msg_set_int (msg, LX_F_AMOUNT, 10000);
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, msg) == LX_ERR_NOT_ALLOWED);
    //  A second signing does not count the project again.
    msg = s_cmd (LX_CMD_PROGRESS, "kecheng-000001");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-22");
    lx_msg_set_str (msg, LX_F_METRIC, "funds");
    lx_msg_set_int (msg, LX_F_AMOUNT, 300000000);
    assert (s_apply (&fixture, "zhizao", LX_ROLE_PLATFORM, msg) == 0);
    assert (s_count (&fixture, "SELECT count(*) FROM progress WHERE metric = ?", "count") == 1);
    assert (s_count (&fixture, "SELECT count(*) FROM progress WHERE finder_share + lander_share != amount"
                     " AND metric != ?", "") == 0);
    s_test_withdraw_edit (&fixture);

    broker_logic_destroy (&fixture.logic);
    broker_logic_destroy (&fixture.logic);
    lx_clock_destroy (&fixture.clock);
    broker_policy_destroy (&fixture.policy);
    broker_register_destroy (&fixture.reg);
    broker_timers_destroy (&fixture.timers);
    broker_match_destroy (&fixture.match);
    broker_store_destroy (&fixture.store);
    zconfig_destroy (&fixture.config);
    assert (lx_store_remove (path) == 0);
    rmdir (fixture.dir);
    zstr_free (&path);
}
