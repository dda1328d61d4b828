/*  broker_logic rules selftest: the register (conflicts, RESOLVE, STRIKE)
    and the timers (offer expiry, stale claims and transfers, the return to
    the pool), applied to a real store in a temporary directory, without
    sockets, on a manual clock.

    Each scenario builds its own fixture, so that a window opened or a
    timer started in one never acts in another (broker_fixture). Every
    message is applied inside a transaction exactly as broker_server does
    (broker_fixture_apply); a refused one is rolled back, and
    broker_fixture_refused checks that it left the store byte for byte as
    it was.

    This file holds the register's scenarios (1-5) and the entry point,
    broker_logic_rules_test, which runs every scenario of both files;
    broker_logic_timers_test.c holds the timers' (6),
    broker_logic_rules_test.h what the two share.
*/

#include "broker_logic_rules_test.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_name.h"
#include "lx_valid.h"

//  The test city: the fixture's districts (three counties, one platform,
//  the center). A chemicals lead (C2614) of kecheng fits qujiang, zhizao
//  and longyou (leading C26, 40 points each); a battery lead (C3841) fits
//  zhizao only (cluster C38).
static const char *s_city =
    "match\n"
    "    top = 3\n"
    "    min_score = 20\n"
    "policy\n"
    "    rule\n"
    "        finder_bp = 3000\n"
    "    rule\n"
    "        metric = \"tax\"\n"
    "        finder_bp = 5000\n"
    BROKER_FIXTURE_DISTRICTS;

//  A valid unified social credit code (check digit included).
#define S_USCC "91330802MA29U5P27G"

broker_fixture_t *
broker_rules_fixture (const char *extra, bool verbose)
{
    broker_fixture_t *self = broker_fixture_new ("broker_logic_rules", s_city, extra, verbose);
    assert (self);
    return self;
}

//  A STRIKE of the NULL-ended leads (none: an empty list is not sent),
//  due when asked.
static lx_msg_t *
s_strike_msg (const char **leads, bool due, const char *reason)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_STRIKE);
    for (const char **lead = leads; lead && *lead; lead++)
        lx_msg_add_item (msg, LX_F_LEADS, *lead);
    if (due)
        lx_msg_set_bool (msg, LX_F_DUE, true);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  How many conflicts name lead as the later registration.
static int64_t
s_conflicts (broker_fixture_t *self, const char *lead)
{
    return broker_fixture_int (self, "SELECT count(*) FROM conflict WHERE lead = ?", lead);
}

//  Checks the CONFLICT about lead that node got.
static void
s_check_conflict_event (broker_fixture_t *self, const char *node, const char *lead, const char *finder,
                        const char *investor, const char *earlier, const char *holder, const char *match,
                        int64_t similarity, const char *date, const char *until)
{
    lx_msg_t *event = broker_fixture_event (self, node, "conflict", lead);
    assert (broker_fixture_is (lx_msg_str (event, LX_F_NODE), node));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_FINDER), finder));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_INVESTOR), investor));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_EARLIER), earlier));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_HOLDER), holder));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_MATCH), match));
    assert (lx_msg_has (event, LX_F_SIMILARITY) && lx_msg_int (event, LX_F_SIMILARITY) == similarity);
    assert (broker_fixture_is (lx_msg_str (event, LX_F_DATE), date));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_UNTIL), until));
    lx_msg_destroy (&event);
}

//  Checks the RESOLVED about lead that node got.
static void
s_check_resolved_event (broker_fixture_t *self, const char *node, const char *lead, const char *finder,
                        const char *earlier, const char *holder, const char *resolution, const char *reason)
{
    lx_msg_t *event = broker_fixture_event (self, node, "resolved", lead);
    assert (broker_fixture_is (lx_msg_str (event, LX_F_FINDER), finder));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_EARLIER), earlier));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_HOLDER), holder));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_RESOLUTION), resolution));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_REASON), reason));
    lx_msg_destroy (&event);
}

//  ---------------------------------------------------------------------
//  1-3. The register: what is a conflict, who is told, and the offer held
//  until the center resolves it.

static void
s_test_register (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    const char *none [] = { NULL };
    char day0 [11], day90 [11], day180 [11];
    broker_fixture_date (f, 0, day0);
    broker_fixture_date (f, 90, day90);
    broker_fixture_date (f, 180, day180);

    //  Day 0: qujiang registers 晶川 twice (its own re-registration is no
    //  conflict), a battery maker with its credit code, and the investors
    //  of the window tests; then one it withdraws.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000001", "衢州晶川新材料有限公司", 500000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000002", "晶川新材料（衢州）有限公司", 500000000,
                                                             "C2614")) == 0);
    lx_lead_t *lead = broker_fixture_lead ("qujiang-000003", "某锂电科技有限公司", 800000000, "C3841");
    assert (lx_valid_uscc (S_USCC));
    lx_lead_set (&lead->uscc, S_USCC);
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000004", "衢州凌峰数控机床有限公司", 500000000,
                                                             "C3424")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000005", "浙江银轮机械股份有限公司", 500000000,
                                                             "C3670")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000006", "衢州巨化新材料股份有限公司", 1200000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000007", "衢州华科特种纸有限公司", 300000000,
                                                             "C2221")) == 0);
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "qujiang-000007");
    lx_msg_set_str (msg, LX_F_REASON, "投资方放弃");
    assert (broker_fixture_apply (f, "qujiang", msg) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead != ?", "") == 0);
    assert (broker_fixture_events (f, NULL, "conflict", NULL) == 0);

    //  Day 1: kecheng names 晶川 in another form: the same core, a conflict
    //  with qujiang's first registration (not its second).
    broker_fixture_at_day (f, 1);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "晶川新材料（衢州）有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000001'"
                                " AND match = 'name' AND similarity = 10000 AND status = 'open' AND resolved_by IS NULL"
                                " AND resolved IS NULL", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT detected FROM conflict WHERE lead = ?",
                                "kecheng-000001") == f->start + BROKER_FIXTURE_DAY);
    const char *both_k [] = { "kecheng", "qujiang", "center", NULL };
    broker_fixture_told (f, "conflict", "kecheng-000001", 1, both_k);
    for (int index = 0; both_k [index]; index++)
        s_check_conflict_event (f, both_k [index], "kecheng-000001", "kecheng", "晶川新材料（衢州）有限公司",
                                "qujiang-000001", "qujiang", "name", 10000, day0, day90);
    //  qujiang registering 晶川 once more is still no conflict: the
    //  earliest registration is its own, kecheng's is the duplicate.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000008", "晶川新材料股份有限公司", 500000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "qujiang-000008") == 0);
    broker_fixture_told (f, "conflict", "qujiang-000008", 0, none);
    //  The register takes the lead as sent: still captured, no offer.
    assert (broker_fixture_stage_is (f, "kecheng-000001", "captured"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);

    //  zhizao names another investor under the battery maker's credit code.
    lead = broker_fixture_lead ("zhizao-000001", "完全不同的名字有限公司", 100000000, "C3841");
    lx_lead_set (&lead->uscc, S_USCC);
    assert (broker_fixture_register (f, lead) == 0);
    int similarity = -1;
    char *core_a = broker_register_core (f->reg, "某锂电科技有限公司");
    char *core_b = broker_register_core (f->reg, "完全不同的名字有限公司");
    assert (!lx_name_match_cores (core_a, core_b, LX_NAME_THRESHOLD, &similarity));
    free (core_a);
    free (core_b);
    assert (similarity >= 0 && similarity < 8000);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000003'"
                                " AND match = 'uscc' AND status = 'open'", "zhizao-000001") == 1);
    assert (broker_fixture_int (f, "SELECT similarity FROM conflict WHERE lead = ?", "zhizao-000001") == similarity);
    const char *both_z [] = { "zhizao", "qujiang", "center", NULL };
    broker_fixture_told (f, "conflict", "zhizao-000001", 1, both_z);
    for (int index = 0; both_z [index]; index++)
        s_check_conflict_event (f, both_z [index], "zhizao-000001", "zhizao", "完全不同的名字有限公司",
                                "qujiang-000003", "qujiang", "uscc", similarity, day0, day90);

    //  longyou names 晶川 with a typo: a near match, with the oldest.
    assert (broker_fixture_register (f, broker_fixture_lead ("longyou-000001", "晶川新材枓有限公司", 200000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000001'"
                                " AND match = 'similar' AND similarity = 8000", "longyou-000001") == 1);
    const char *both_l [] = { "longyou", "qujiang", "center", NULL };
    broker_fixture_told (f, "conflict", "longyou-000001", 1, both_l);
    s_check_conflict_event (f, "longyou", "longyou-000001", "longyou", "晶川新材枓有限公司", "qujiang-000001",
                            "qujiang", "similar", 8000, day0, day90);

    //  A withdrawn registration protects nothing; an unrelated name neither.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "华科特种纸（衢州）有限公司", 300000000,
                                                             "C2221")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "衢州华友钴业股份有限公司", 300000000,
                                                             "C3841")) == 0);
    assert (s_conflicts (f, "kecheng-000002") == 0 && s_conflicts (f, "kecheng-000003") == 0);
    broker_fixture_told (f, "conflict", "kecheng-000002", 0, none);
    broker_fixture_told (f, "conflict", "kecheng-000003", 0, none);
    assert (broker_fixture_events (f, NULL, "conflict", NULL) == 9);

    //  3. While the conflict is open the later lead cannot be offered,
    //  and nothing of the attempt stays; the earlier one can.
    broker_fixture_refused (f, "kecheng", broker_fixture_cmd (LX_CMD_OFFER, "kecheng-000001"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "zhizao", broker_fixture_cmd (LX_CMD_OFFER, "zhizao-000001"), LX_ERR_CONFLICT);
    assert (broker_fixture_stage_is (f, "kecheng-000001", "captured"));
    assert (broker_fixture_events (f, NULL, "offered", "kecheng-000001") == 0);
    assert (broker_fixture_offer (f, "qujiang-000001") == 0);
    assert (broker_fixture_offer_is (f, "qujiang-000001", "open"));
    //  The center dismisses it: not the same investor; both stand.
    broker_fixture_at_day (f, 2);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("kecheng-000001", "dismiss", "经核实为不同企业")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'"
                                " AND resolved_by = 'center' AND reason = '经核实为不同企业'", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT resolved FROM conflict WHERE lead = ?",
                                "kecheng-000001") == f->start + 2 * BROKER_FIXTURE_DAY);
    broker_fixture_told (f, "resolved", "kecheng-000001", 1, both_k);
    for (int index = 0; both_k [index]; index++)
        s_check_resolved_event (f, both_k [index], "kecheng-000001", "kecheng", "qujiang-000001", "qujiang",
                                "dismiss", "经核实为不同企业");
    assert (broker_fixture_stage_is (f, "kecheng-000001", "captured"));
    assert (broker_fixture_stage_is (f, "qujiang-000001", "offered"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "kecheng-000001") == 0);
    broker_fixture_told (f, "struck", "kecheng-000001", 0, none);
    //  ... and now it can be offered (routed, as any other).
    assert (broker_fixture_offer (f, "kecheng-000001") == 0);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "open"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000001") == 3);
    const char *routed_k [] = { "qujiang", "zhizao", "longyou", NULL };
    broker_fixture_told (f, "offered", "kecheng-000001", 1, routed_k);
    //  Resolved is resolved: a second RESOLVE finds no open conflict.
    broker_fixture_refused (f, "center", broker_fixture_resolve ("kecheng-000001", "keep", "再次裁决"), LX_ERR_CONFLICT);
    //  The other conflicts are still open.
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE status = 'open' AND lead != ?", "") == 2);

    //  1. The windows. Day 89: a 0.5 bn registration still protects.
    broker_fixture_at_day (f, 89);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000004", "银轮机械（浙江）股份有限公司",
                                                             500000000, "C3670")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000005'"
                                " AND match = 'name'", "kecheng-000004") == 1);
    s_check_conflict_event (f, "center", "kecheng-000004", "kecheng", "银轮机械（浙江）股份有限公司",
                            "qujiang-000005", "qujiang", "name", 10000, day0, day90);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("kecheng-000004", "keep", "重复报备")) == 0);
    //  Day 90: the window of 90 days has closed.
    broker_fixture_at_day (f, 90);
    assert (broker_fixture_register (f, broker_fixture_lead ("zhizao-000002", "凌峰数控机床（衢州）有限公司", 500000000,
                                                             "C3424")) == 0);
    assert (s_conflicts (f, "zhizao-000002") == 0);
    broker_fixture_told (f, "conflict", "zhizao-000002", 0, none);
    //  Day 120: the 1.2 bn project's registration still protects (180 days).
    broker_fixture_at_day (f, 120);
    lead = broker_fixture_lead ("kecheng-000005", "巨化新材料（衢州）有限公司", 1200000000, "C2614");
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000006'"
                                " AND match = 'name' AND status = 'open'", "kecheng-000005") == 1);
    broker_fixture_told (f, "conflict", "kecheng-000005", 1, both_k);
    s_check_conflict_event (f, "qujiang", "kecheng-000005", "kecheng", "巨化新材料（衢州）有限公司",
                            "qujiang-000006", "qujiang", "name", 10000, day0, day180);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("kecheng-000005", "keep", "重复报备")) == 0);
    assert (broker_fixture_stage_is (f, "kecheng-000005", "struck"));
    //  Day 181: it no longer does.
    broker_fixture_at_day (f, 181);
    assert (broker_fixture_register (f, broker_fixture_lead ("zhizao-000003", "衢州巨化新材料有限公司", 1200000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "zhizao-000003") == 0);
    broker_fixture_told (f, "conflict", "zhizao-000003", 0, none);
    //  Every CONFLICT accounted for: five conflicts, three events each.
    assert (broker_fixture_events (f, NULL, "conflict", NULL) == 15);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  4. The resolutions, and the refusals.

static void
s_test_resolve (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    const char *none [] = { NULL };
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };

    //  kecheng's 晶川 lead, offered; it already knows its land need.
    lx_lead_t *lead = broker_fixture_lead ("kecheng-000001", "衢州晶川新材料有限公司", 600000000, "C2614");
    lead->land = 50;
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_offer (f, "kecheng-000001") == 0);
    broker_fixture_told (f, "offered", "kecheng-000001", 1, routed);
    //  qujiang's, a day later, knows more.
    broker_fixture_at_day (f, 1);
    lead = broker_fixture_lead ("qujiang-000001", "晶川新材料（衢州）有限公司", 650000000, "C2614");
    lx_lead_set (&lead->uscc, S_USCC);
    lx_lead_set (&lead->summary, "年产5万吨电子级氢氟酸");
    lead->land = 120;
    lead->tax = 30000000;
    lead->output = 800000000;
    assert (broker_fixture_register (f, lead) == 0);
    assert (s_conflicts (f, "qujiang-000001") == 1);

    //  Refusals change nothing: a county, a platform, no reason, no open
    //  conflict, no such lead.
    broker_fixture_refused (f, "qujiang", broker_fixture_resolve ("qujiang-000001", "merge", "合并"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "zhizao", broker_fixture_resolve ("qujiang-000001", "keep", "保留"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("qujiang-000001", "merge", ""), LX_ERR_MISSING_FIELD);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("kecheng-000001", "keep", "先报备方"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("kecheng-999999", "keep", "无此项目"), LX_ERR_NOT_FOUND);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'open'",
                                "qujiang-000001") == 1);

    //  Merge: the earlier lead takes the facts only the later had (the
    //  land it knew stays), told as an edit to whoever holds it; the later
    //  is struck off.
    broker_fixture_at_day (f, 2);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("qujiang-000001", "merge", "同一投资方，合并报备")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '" S_USCC "'"
                                " AND summary = '年产5万吨电子级氢氟酸' AND land = 50 AND tax = 30000000"
                                " AND output = 800000000 AND investment = 600000000"
                                " AND investor = '衢州晶川新材料有限公司'"
                                " AND stage = 'offered'", "kecheng-000001") == 1);
    assert (broker_fixture_offer_is (f, "kecheng-000001", "open"));
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'merge' AND node = 'center'"
                                " AND fields = 'uscc,summary,tax,output' AND reason = '同一投资方，合并报备'",
                                "kecheng-000001") == 1);
    //  EDITED: the finder with the contact, the routed districts without,
    //  not the center (it holds no transfer of it).
    const char *editors [] = { "kecheng", "qujiang", "zhizao", "longyou", NULL };
    broker_fixture_told (f, "edited", "kecheng-000001", 1, editors);
    lx_msg_t *event = broker_fixture_event (f, "kecheng", "edited", "kecheng-000001");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_USCC), S_USCC));
    assert (lx_msg_int (event, LX_F_TAX) == 30000000 && lx_msg_int (event, LX_F_LAND) == 50);
    assert (broker_fixture_is (lx_msg_str (event, LX_F_PHONE), "13900000001"));
    lx_msg_destroy (&event);
    for (int index = 1; editors [index]; index++) {
        event = broker_fixture_event (f, editors [index], "edited", "kecheng-000001");
        assert (broker_fixture_is (lx_msg_str (event, LX_F_USCC), S_USCC));
        assert (!lx_msg_has (event, LX_F_PHONE) && !lx_msg_has (event, LX_F_CONTACT));
        lx_msg_destroy (&event);
    }
    assert (broker_fixture_stage_is (f, "qujiang-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike'"
                                " AND node = 'center'"
                                " AND instr (reason, 'merged into kecheng-000001') > 0", "qujiang-000001") == 1);
    const char *struck_q [] = { "qujiang", "center", NULL };
    broker_fixture_told (f, "struck", "qujiang-000001", 1, struck_q);
    assert (broker_fixture_reason_has (f, "qujiang", "struck", "qujiang-000001", "merged into kecheng-000001"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'merge'"
                                " AND resolved_by = 'center'", "qujiang-000001") == 1);
    const char *both_qk [] = { "qujiang", "kecheng", "center", NULL };
    broker_fixture_told (f, "resolved", "qujiang-000001", 1, both_qk);
    for (int index = 0; both_qk [index]; index++)
        s_check_resolved_event (f, both_qk [index], "qujiang-000001", "qujiang", "kecheng-000001", "kecheng",
                                "merge", "同一投资方，合并报备");
    broker_fixture_refused (f, "center", broker_fixture_resolve ("qujiang-000001", "merge", "再合并"), LX_ERR_CONFLICT);
    //  A merge never overwrites what the earlier lead knew: its own credit
    //  code and summary stay, only the output it lacked is taken.
    lead = broker_fixture_lead ("qujiang-000004", "衢州华友钴业有限公司", 900000000, "C3841");
    assert (lx_valid_uscc ("91330800MA2DHY1X5X"));
    lx_lead_set (&lead->uscc, "91330800MA2DHY1X5X");
    lx_lead_set (&lead->summary, "三元前驱体");
    assert (broker_fixture_register (f, lead) == 0);
    lead = broker_fixture_lead ("kecheng-000005", "华友钴业（衢州）有限公司", 900000000, "C3841");
    assert (lx_valid_uscc ("91330803MA2DJ0K71B"));
    lx_lead_set (&lead->uscc, "91330803MA2DJ0K71B");
    lx_lead_set (&lead->summary, "另一说法");
    lead->output = 500000000;
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000004'"
                                " AND match = 'name'", "kecheng-000005") == 1);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("kecheng-000005", "merge", "同一企业")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '91330800MA2DHY1X5X'"
                                " AND summary = '三元前驱体' AND output = 500000000", "qujiang-000004") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'merge'"
                                " AND fields = 'output'",
                                "qujiang-000004") == 1);
    const char *finder_q [] = { "qujiang", NULL };
    broker_fixture_told (f, "edited", "qujiang-000004", 1, finder_q);
    assert (broker_fixture_stage_is (f, "kecheng-000005", "struck"));

    //  Keep: the later lead is struck off as a duplicate; the earlier is
    //  untouched and nobody is told it was edited.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000002", "衢州凌峰数控机床有限公司", 400000000,
                                                             "C3424")) == 0);
    broker_fixture_at_day (f, 3);
    lead = broker_fixture_lead ("zhizao-000001", "凌峰数控机床（衢州）有限公司", 400000000, "C3424");
    lead->tax = 5000000;
    assert (broker_fixture_register (f, lead) == 0);
    assert (s_conflicts (f, "zhizao-000001") == 1);
    uint64_t digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("zhizao-000001", "keep", "重复报备，保留先报备方")) == 0);
    assert (broker_fixture_digest (f) != digest);
    assert (broker_fixture_stage_is (f, "zhizao-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'captured' AND tax = 0"
                                " AND uscc IS NULL AND investor = '衢州凌峰数控机床有限公司'", "qujiang-000002") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "qujiang-000002") == 0);
    broker_fixture_told (f, "edited", "qujiang-000002", 0, none);
    const char *struck_z [] = { "zhizao", "center", NULL };
    broker_fixture_told (f, "struck", "zhizao-000001", 1, struck_z);
    assert (broker_fixture_reason_has (f, "center", "struck", "zhizao-000001", "a duplicate of qujiang-000002"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'keep'"
                                " AND reason = '重复报备，保留先报备方'", "zhizao-000001") == 1);
    const char *both_zq [] = { "zhizao", "qujiang", "center", NULL };
    broker_fixture_told (f, "resolved", "zhizao-000001", 1, both_zq);
    s_check_resolved_event (f, "qujiang", "zhizao-000001", "zhizao", "qujiang-000002", "qujiang", "keep",
                            "重复报备，保留先报备方");

    //  Transfer is refused while the earlier lead is claimed, and once it
    //  is transferred to another district.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "衢州银轮机械有限公司", 500000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000002") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("longyou-000001", "浙江银轮机械股份有限公司", 500000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000001") == 1);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("longyou-000001", "transfer", "龙游落地"),
                            LX_ERR_CONFLICT);
    assert (broker_fixture_stage_is (f, "kecheng-000002", "claimed")
            && broker_fixture_offer_is (f, "kecheng-000002", "claimed"));
    assert (broker_fixture_approve (f, "kecheng-000002", -1) == 0);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("longyou-000001", "transfer", "龙游落地"),
                            LX_ERR_CONFLICT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'",
                                "kecheng-000002") == 1);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("longyou-000001", "dismiss", "不同企业")) == 0);

    //  Transfer: the earlier lead, offered, goes to the later lead's
    //  district as an approved transfer with the policy's split; the
    //  routed districts are told it is closed; the later lead is struck.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "衢州巨化新材料有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000003") == 0);
    broker_fixture_told (f, "offered", "kecheng-000003", 1, routed);
    broker_fixture_at_day (f, 4);
    assert (broker_fixture_register (f, broker_fixture_lead ("longyou-000002", "巨化新材料（衢州）有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000002") == 1);
    assert (broker_fixture_apply (f, "center",
                                  broker_fixture_resolve ("longyou-000002", "transfer", "投资方选择龙游落地")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred'"
                                " AND lander = 'longyou'",
                                "kecheng-000003") == 1);
    assert (broker_fixture_offer_is (f, "kecheng-000003", "approved"));
    int64_t decision = broker_fixture_int (f, "SELECT id FROM decision WHERE lead = ? AND claimant = 'longyou'"
                                           " AND decision = 'approve' AND decided_by = 'center'"
                                           " AND instr (reason, '投资方选择龙游落地') > 0", "kecheng-000003");
    assert (decision > 0);
    assert (broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ? AND finder = 'kecheng'"
                                " AND lander = 'longyou'",
                                "kecheng-000003") == decision);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ? AND source = 'policy'",
                                "kecheng-000003") == LX_METRIC_COUNT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ? AND source != 'policy'",
                                "kecheng-000003") == 0);
    assert (broker_fixture_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                                 "kecheng-000003", "contract") == 3000);
    assert (broker_fixture_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                                 "kecheng-000003", "tax") == 5000);
    assert (broker_fixture_int2 (f, "SELECT finder_bp FROM transfer_split WHERE lead = ? AND metric = ?",
                                 "kecheng-000003", "count") == 3000);
    broker_fixture_told (f, "closed", "kecheng-000003", 1, routed);
    event = broker_fixture_event (f, "qujiang", "closed", "kecheng-000003");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "longyou"));
    lx_msg_destroy (&event);
    const char *transfer_told [] = { "longyou", "kecheng", "center", NULL };
    broker_fixture_told (f, "transfer", "kecheng-000003", 1, transfer_told);
    event = broker_fixture_event (f, "longyou", "transfer", "kecheng-000003");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_PHONE), "13900000003")
            && broker_fixture_is (lx_msg_str (event, LX_F_CONTACT), "王经理"));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_LANDER), "longyou")
            && broker_fixture_is (lx_msg_str (event, LX_F_DECISION), "approve"));
    int64_t bp = -1;
    assert (lx_msg_lookup (event, LX_F_SPLITS, "tax", &bp) == 0 && bp == 5000);
    assert (lx_msg_lookup (event, LX_F_SPLITS, "funds", &bp) == 0 && bp == 3000);
    lx_msg_destroy (&event);
    for (int index = 1; transfer_told [index]; index++) {
        event = broker_fixture_event (f, transfer_told [index], "transfer", "kecheng-000003");
        assert (!lx_msg_has (event, LX_F_PHONE) && !lx_msg_has (event, LX_F_CONTACT));
        assert (broker_fixture_is (lx_msg_str (event, LX_F_LANDER), "longyou"));
        assert (lx_msg_lookup (event, LX_F_SPLITS, "tax", &bp) == 0 && bp == 5000);
        lx_msg_destroy (&event);
    }
    assert (broker_fixture_stage_is (f, "longyou-000002", "struck"));
    const char *struck_l [] = { "longyou", "center", NULL };
    broker_fixture_told (f, "struck", "longyou-000002", 1, struck_l);
    assert (broker_fixture_reason_has (f, "longyou", "struck", "longyou-000002",
                                       "merged into the transfer of kecheng-000003"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'transfer'",
                                "longyou-000002") == 1);
    const char *both_lk [] = { "longyou", "kecheng", "center", NULL };
    broker_fixture_told (f, "resolved", "longyou-000002", 1, both_lk);
    s_check_resolved_event (f, "kecheng", "longyou-000002", "longyou", "kecheng-000003", "kecheng", "transfer",
                            "投资方选择龙游落地");
    //  The lander now reports progress; the finder does not.
    assert (broker_fixture_progress (f, "longyou", "kecheng-000003", "negotiating", "2026-11-27") == 0);
    assert (broker_fixture_stage_is (f, "kecheng-000003", "negotiating"));
    assert (broker_fixture_progress (f, "kecheng", "kecheng-000003", "signed", "2026-11-28") == LX_ERR_NOT_ALLOWED);

    //  Transfer of an earlier lead never offered: no offer, no CLOSED.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000003", "衢州华科特种纸有限公司", 300000000,
                                                             "C2221")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000004", "华科特种纸（衢州）有限公司", 300000000,
                                                             "C2221")) == 0);
    assert (s_conflicts (f, "kecheng-000004") == 1);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("kecheng-000004", "transfer", "柯城承接")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred'"
                                " AND lander = 'kecheng'",
                                "qujiang-000003") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND finder = 'qujiang'"
                                " AND lander = 'kecheng'",
                                "qujiang-000003") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "qujiang-000003") == 0);
    broker_fixture_told (f, "closed", "qujiang-000003", 0, none);
    const char *transfer_q [] = { "kecheng", "qujiang", "center", NULL };
    broker_fixture_told (f, "transfer", "qujiang-000003", 1, transfer_q);
    event = broker_fixture_event (f, "kecheng", "transfer", "qujiang-000003");
    assert (lx_msg_has (event, LX_F_PHONE));
    lx_msg_destroy (&event);
    event = broker_fixture_event (f, "qujiang", "transfer", "qujiang-000003");
    assert (!lx_msg_has (event, LX_F_PHONE));
    lx_msg_destroy (&event);
    assert (broker_fixture_stage_is (f, "kecheng-000004", "struck"));

    //  An earlier registration withdrawn since holds no priority: keep,
    //  merge and transfer are refused (nothing changes), dismiss resolves
    //  it, and the later lead stands and can be offered.
    assert (broker_fixture_register (f, broker_fixture_lead ("zhizao-000002", "衢州凌云光电有限公司", 300000000,
                                                             "C2614")) == 0);
    lead = broker_fixture_lead ("longyou-000003", "凌云光电（衢州）有限公司", 300000000, "C2614");
    lead->tax = 2000000;
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'zhizao-000002'"
                                " AND status = 'open'", "longyou-000003") == 1);
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_WITHDRAW, "zhizao-000002");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    assert (broker_fixture_apply (f, "zhizao", msg) == 0);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("longyou-000003", "keep", "保留先报备方"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("longyou-000003", "merge", "合并"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", broker_fixture_resolve ("longyou-000003", "transfer", "龙游落地"),
                            LX_ERR_CONFLICT);
    assert (broker_fixture_stage_is (f, "longyou-000003", "captured")
            && broker_fixture_stage_is (f, "zhizao-000002", "withdrawn"));
    assert (broker_fixture_int (f, "SELECT tax FROM lead WHERE id = ?", "zhizao-000002") == 0);
    assert (broker_fixture_apply (f, "center", broker_fixture_resolve ("longyou-000003", "dismiss", "先报备方已撤回")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'",
                                "longyou-000003") == 1);
    broker_fixture_told (f, "struck", "longyou-000003", 0, none);
    broker_fixture_told (f, "edited", "zhizao-000002", 0, none);
    assert (broker_fixture_offer (f, "longyou-000003") == 0);
    assert (broker_fixture_offer_is (f, "longyou-000003", "open"));
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  5. STRIKE: named, or what the monthly review lists.

static void
s_test_strike (bool verbose)
{
    broker_fixture_t *f = broker_rules_fixture ("", verbose);
    const char *none [] = { NULL };
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲公司", 100000000, "C2614")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "某乙公司", 100000000, "C2614")) == 0);
    //  3: signed by its lander.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "某丙公司", 100000000, "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000003") == 0);
    assert (broker_fixture_apply (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (broker_fixture_approve (f, "kecheng-000003", -1) == 0);
    assert (broker_fixture_progress (f, "qujiang", "kecheng-000003", "signed", "2026-11-22") == 0);
    //  5: offered; 6: transferred to zhizao.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000005", "某戊公司", 100000000, "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000005") == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000006", "某己公司", 100000000, "C2614")) == 0);
    assert (broker_fixture_offer (f, "kecheng-000006") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000006")) == 0);
    assert (broker_fixture_approve (f, "kecheng-000006", -1) == 0);
    broker_fixture_at_day (f, 50);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000004", "某丁公司", 100000000, "C2614")) == 0);

    //  Refusals, each leaving everything as it was: a county; a signed
    //  lead among the named (the other is not struck either); an unknown
    //  one; no reason; neither leads nor due, or both.
    const char *one [] = { "kecheng-000001", NULL };
    const char *with_signed [] = { "kecheng-000001", "kecheng-000003", NULL };
    const char *with_unknown [] = { "kecheng-000001", "kecheng-999999", NULL };
    broker_fixture_refused (f, "kecheng", s_strike_msg (one, false, "销号"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "qujiang", s_strike_msg (one, false, "销号"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "center", s_strike_msg (with_signed, false, "销号"), LX_ERR_CONFLICT);
    assert (broker_fixture_stage_is (f, "kecheng-000001", "captured")
            && broker_fixture_stage_is (f, "kecheng-000003", "signed"));
    broker_fixture_told (f, "struck", "kecheng-000001", 0, none);
    broker_fixture_refused (f, "center", s_strike_msg (with_unknown, false, "销号"), LX_ERR_NOT_FOUND);
    broker_fixture_refused (f, "center", s_strike_msg (one, false, ""), LX_ERR_MISSING_FIELD);
    broker_fixture_refused (f, "center", s_strike_msg (NULL, false, "销号"), LX_ERR_BAD_VALUE);
    broker_fixture_refused (f, "center", s_strike_msg (one, true, "销号"), LX_ERR_BAD_VALUE);

    //  Named: struck, on the record, the finder and the center told.
    assert (broker_fixture_apply (f, "center", s_strike_msg (one, false, "投资意向不明确")) == 0);
    assert (broker_fixture_stage_is (f, "kecheng-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike'"
                                " AND node = 'center'"
                                " AND reason = '投资意向不明确'", "kecheng-000001") == 1);
    const char *struck_one [] = { "kecheng", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000001", 1, struck_one);
    assert (broker_fixture_reason_has (f, "kecheng", "struck", "kecheng-000001", "投资意向不明确"));
    broker_fixture_refused (f, "center", s_strike_msg (one, false, "再次销号"), LX_ERR_CONFLICT);

    //  Day 89: nothing has been silent 90 days yet; a due strike is
    //  applied and changes nothing.
    broker_fixture_at_day (f, 89);
    uint64_t digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (broker_fixture_digest (f) == digest);
    //  Day 90: the review lists 2 (assessing), 5 (offered) and 6
    //  (transferred), all silent 90 days; not 3 (signed), 4 (day 50) nor 1.
    broker_fixture_at_day (f, 90);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (broker_fixture_stage_is (f, "kecheng-000002", "struck"));
    assert (broker_fixture_stage_is (f, "kecheng-000005", "struck"));
    assert (broker_fixture_stage_is (f, "kecheng-000006", "struck"));
    assert (broker_fixture_stage_is (f, "kecheng-000003", "signed"));
    assert (broker_fixture_stage_is (f, "kecheng-000004", "captured"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE kind = 'strike' AND reason = ?",
                                "月度销号") == 3);
    broker_fixture_told (f, "struck", "kecheng-000002", 1, struck_one);
    //  The offered one: its offer is struck, the routed districts told.
    assert (broker_fixture_offer_is (f, "kecheng-000005", "struck"));
    const char *struck_five [] = { "kecheng", "qujiang", "zhizao", "longyou", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000005", 1, struck_five);
    //  The transferred one: its lander told, the offer stays approved.
    assert (broker_fixture_offer_is (f, "kecheng-000006", "approved"));
    const char *struck_six [] = { "kecheng", "zhizao", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000006", 1, struck_six);
    broker_fixture_told (f, "struck", "kecheng-000003", 0, none);
    broker_fixture_told (f, "struck", "kecheng-000004", 0, none);
    //  Again: nothing is due, nothing changes (but the strike is applied).
    digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (broker_fixture_digest (f) == digest);
    //  A struck lead cannot be offered.
    assert (broker_fixture_offer (f, "kecheng-000002") == LX_ERR_CONFLICT);
    broker_fixture_destroy (&f);
}

void
broker_logic_rules_test (bool verbose)
{
    broker_rules_test_conflict_withdrawn (verbose);
    s_test_register (verbose);
    s_test_resolve (verbose);
    s_test_strike (verbose);
    broker_rules_test_timers (verbose);
    broker_rules_test_flag_only (verbose);
    broker_rules_test_own_lead (verbose);
}
