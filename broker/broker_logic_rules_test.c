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
*/

#include "broker_fixture.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_name.h"
#include "lx_valid.h"

#define S_DAY (INT64_C (86400000))

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

//  A fixture over the city and extra configuration text (may be "").
static broker_fixture_t *
s_fixture_new (const char *extra, bool verbose)
{
    broker_fixture_t *self = broker_fixture_new ("broker_logic_rules", s_city, extra, verbose);
    assert (self);
    return self;
}

//  Moves the clock to start + days (never back).
static void
s_at_day (broker_fixture_t *self, int64_t days)
{
    int64_t target = self->start + days * S_DAY;
    int64_t now = lx_clock_now (self->clock);
    assert (target >= now);
    lx_clock_advance (self->clock, target - now);
    assert (lx_clock_now (self->clock) == target);
}

//  The local date of start + days.
static void
s_date (broker_fixture_t *self, int64_t days, char date [11])
{
    assert (lx_clock_date (self->start + days * S_DAY, date) == 0);
}

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

//  True when lead is at stage on the register.
static bool
s_stage_is (broker_fixture_t *self, const char *lead, const char *stage)
{
    return broker_fixture_int2 (self, "SELECT count(*) FROM lead WHERE id = ? AND stage = ?", lead, stage) == 1;
}

//  True when lead's offer has status.
static bool
s_offer_is (broker_fixture_t *self, const char *lead, const char *status)
{
    return broker_fixture_int2 (self, "SELECT count(*) FROM offer WHERE lead = ? AND status = ?", lead, status) == 1;
}

//  The finder (named by the id) offers lead.
static int
s_offer (broker_fixture_t *self, const char *lead)
{
    char finder [33];
    snprintf (finder, sizeof finder, "%.*s", (int) (strchr (lead, '-') - lead), lead);
    return broker_fixture_apply (self, finder, broker_fixture_cmd (LX_CMD_OFFER, lead));
}

//  The center approves the claim on lead (with an output override when
//  output_bp >= 0).
static int
s_approve (broker_fixture_t *self, const char *lead, int64_t output_bp)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    if (output_bp >= 0) {
        lx_msg_put (msg, LX_F_SPLITS, "output", output_bp);
        lx_msg_set_str (msg, LX_F_REASON, "产值按约定分成");
    }
    return broker_fixture_apply (self, "center", msg);
}

//  node reports lead at stage on date.
static int
s_progress (broker_fixture_t *self, const char *node, const char *lead, const char *stage, const char *date)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    return broker_fixture_apply (self, node, msg);
}

//  A RESOLVE of lead's conflict.
static lx_msg_t *
s_resolve (const char *lead, const char *resolution, const char *reason)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_RESOLVE, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
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

//  True when node's last event of cmd about lead carries text in its reason.
static bool
s_reason_has (broker_fixture_t *self, const char *node, const char *cmd, const char *lead, const char *text)
{
    lx_msg_t *event = broker_fixture_event (self, node, cmd, lead);
    bool has = lx_msg_str (event, LX_F_REASON) && strstr (lx_msg_str (event, LX_F_REASON), text);
    lx_msg_destroy (&event);
    return has;
}

//  ---------------------------------------------------------------------
//  1-3. The register: what is a conflict, who is told, and the offer held
//  until the center resolves it.

static void
s_test_register (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    char day0 [11], day90 [11], day180 [11];
    s_date (f, 0, day0);
    s_date (f, 90, day90);
    s_date (f, 180, day180);

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
    s_at_day (f, 1);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "晶川新材料（衢州）有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000001'"
                                " AND match = 'name' AND similarity = 10000 AND status = 'open' AND resolved_by IS NULL"
                                " AND resolved IS NULL", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT detected FROM conflict WHERE lead = ?",
                                "kecheng-000001") == f->start + S_DAY);
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
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);

    //  zhizao names another investor under the battery maker's credit code.
    lead = broker_fixture_lead ("zhizao-000001", "完全不同的名字有限公司", 100000000, "C3841");
    lx_lead_set (&lead->uscc, S_USCC);
    assert (broker_fixture_register (f, lead) == 0);
    int similarity = -1;
    assert (!lx_name_match ("某锂电科技有限公司", "完全不同的名字有限公司", LX_NAME_THRESHOLD, &similarity));
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
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (broker_fixture_events (f, NULL, "offered", "kecheng-000001") == 0);
    assert (s_offer (f, "qujiang-000001") == 0);
    assert (s_offer_is (f, "qujiang-000001", "open"));
    //  The center dismisses it: not the same investor; both stand.
    s_at_day (f, 2);
    assert (broker_fixture_apply (f, "center", s_resolve ("kecheng-000001", "dismiss", "经核实为不同企业")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'"
                                " AND resolved_by = 'center' AND reason = '经核实为不同企业'", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT resolved FROM conflict WHERE lead = ?",
                                "kecheng-000001") == f->start + 2 * S_DAY);
    broker_fixture_told (f, "resolved", "kecheng-000001", 1, both_k);
    for (int index = 0; both_k [index]; index++)
        s_check_resolved_event (f, both_k [index], "kecheng-000001", "kecheng", "qujiang-000001", "qujiang",
                                "dismiss", "经核实为不同企业");
    assert (s_stage_is (f, "kecheng-000001", "captured"));
    assert (s_stage_is (f, "qujiang-000001", "offered"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "kecheng-000001") == 0);
    broker_fixture_told (f, "struck", "kecheng-000001", 0, none);
    //  ... and now it can be offered (routed, as any other).
    assert (s_offer (f, "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000001", "open"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ?", "kecheng-000001") == 3);
    const char *routed_k [] = { "qujiang", "zhizao", "longyou", NULL };
    broker_fixture_told (f, "offered", "kecheng-000001", 1, routed_k);
    //  Resolved is resolved: a second RESOLVE finds no open conflict.
    broker_fixture_refused (f, "center", s_resolve ("kecheng-000001", "keep", "再次裁决"), LX_ERR_CONFLICT);
    //  The other conflicts are still open.
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE status = 'open' AND lead != ?", "") == 2);

    //  1. The windows. Day 89: a 0.5 bn registration still protects.
    s_at_day (f, 89);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000004", "银轮机械（浙江）股份有限公司",
                                                             500000000, "C3670")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000005'"
                                " AND match = 'name'", "kecheng-000004") == 1);
    s_check_conflict_event (f, "center", "kecheng-000004", "kecheng", "银轮机械（浙江）股份有限公司",
                            "qujiang-000005", "qujiang", "name", 10000, day0, day90);
    assert (broker_fixture_apply (f, "center", s_resolve ("kecheng-000004", "keep", "重复报备")) == 0);
    //  Day 90: the window of 90 days has closed.
    s_at_day (f, 90);
    assert (broker_fixture_register (f, broker_fixture_lead ("zhizao-000002", "凌峰数控机床（衢州）有限公司", 500000000,
                                                             "C3424")) == 0);
    assert (s_conflicts (f, "zhizao-000002") == 0);
    broker_fixture_told (f, "conflict", "zhizao-000002", 0, none);
    //  Day 120: the 1.2 bn project's registration still protects (180 days).
    s_at_day (f, 120);
    lead = broker_fixture_lead ("kecheng-000005", "巨化新材料（衢州）有限公司", 1200000000, "C2614");
    assert (broker_fixture_register (f, lead) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND earlier = 'qujiang-000006'"
                                " AND match = 'name' AND status = 'open'", "kecheng-000005") == 1);
    broker_fixture_told (f, "conflict", "kecheng-000005", 1, both_k);
    s_check_conflict_event (f, "qujiang", "kecheng-000005", "kecheng", "巨化新材料（衢州）有限公司",
                            "qujiang-000006", "qujiang", "name", 10000, day0, day180);
    assert (broker_fixture_apply (f, "center", s_resolve ("kecheng-000005", "keep", "重复报备")) == 0);
    assert (s_stage_is (f, "kecheng-000005", "struck"));
    //  Day 181: it no longer does.
    s_at_day (f, 181);
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
    broker_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };

    //  kecheng's 晶川 lead, offered; it already knows its land need.
    lx_lead_t *lead = broker_fixture_lead ("kecheng-000001", "衢州晶川新材料有限公司", 600000000, "C2614");
    lead->land = 50;
    assert (broker_fixture_register (f, lead) == 0);
    assert (s_offer (f, "kecheng-000001") == 0);
    broker_fixture_told (f, "offered", "kecheng-000001", 1, routed);
    //  qujiang's, a day later, knows more.
    s_at_day (f, 1);
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
    broker_fixture_refused (f, "qujiang", s_resolve ("qujiang-000001", "merge", "合并"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "zhizao", s_resolve ("qujiang-000001", "keep", "保留"), LX_ERR_NOT_ALLOWED);
    broker_fixture_refused (f, "center", s_resolve ("qujiang-000001", "merge", ""), LX_ERR_MISSING_FIELD);
    broker_fixture_refused (f, "center", s_resolve ("kecheng-000001", "keep", "先报备方"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", s_resolve ("kecheng-999999", "keep", "无此项目"), LX_ERR_NOT_FOUND);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'open'",
                                "qujiang-000001") == 1);

    //  Merge: the earlier lead takes the facts only the later had (the
    //  land it knew stays), told as an edit to whoever holds it; the later
    //  is struck off.
    s_at_day (f, 2);
    assert (broker_fixture_apply (f, "center", s_resolve ("qujiang-000001", "merge", "同一投资方，合并报备")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '" S_USCC "'"
                                " AND summary = '年产5万吨电子级氢氟酸' AND land = 50 AND tax = 30000000"
                                " AND output = 800000000 AND investment = 600000000"
                                " AND investor = '衢州晶川新材料有限公司'"
                                " AND stage = 'offered'", "kecheng-000001") == 1);
    assert (s_offer_is (f, "kecheng-000001", "open"));
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
    assert (s_stage_is (f, "qujiang-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike'"
                                " AND node = 'center'"
                                " AND instr (reason, 'merged into kecheng-000001') > 0", "qujiang-000001") == 1);
    const char *struck_q [] = { "qujiang", "center", NULL };
    broker_fixture_told (f, "struck", "qujiang-000001", 1, struck_q);
    assert (s_reason_has (f, "qujiang", "struck", "qujiang-000001", "merged into kecheng-000001"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'merge'"
                                " AND resolved_by = 'center'", "qujiang-000001") == 1);
    const char *both_qk [] = { "qujiang", "kecheng", "center", NULL };
    broker_fixture_told (f, "resolved", "qujiang-000001", 1, both_qk);
    for (int index = 0; both_qk [index]; index++)
        s_check_resolved_event (f, both_qk [index], "qujiang-000001", "qujiang", "kecheng-000001", "kecheng",
                                "merge", "同一投资方，合并报备");
    broker_fixture_refused (f, "center", s_resolve ("qujiang-000001", "merge", "再合并"), LX_ERR_CONFLICT);
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
    assert (broker_fixture_apply (f, "center", s_resolve ("kecheng-000005", "merge", "同一企业")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND uscc = '91330800MA2DHY1X5X'"
                                " AND summary = '三元前驱体' AND output = 500000000", "qujiang-000004") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'merge'"
                                " AND fields = 'output'",
                                "qujiang-000004") == 1);
    const char *finder_q [] = { "qujiang", NULL };
    broker_fixture_told (f, "edited", "qujiang-000004", 1, finder_q);
    assert (s_stage_is (f, "kecheng-000005", "struck"));

    //  Keep: the later lead is struck off as a duplicate; the earlier is
    //  untouched and nobody is told it was edited.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000002", "衢州凌峰数控机床有限公司", 400000000,
                                                             "C3424")) == 0);
    s_at_day (f, 3);
    lead = broker_fixture_lead ("zhizao-000001", "凌峰数控机床（衢州）有限公司", 400000000, "C3424");
    lead->tax = 5000000;
    assert (broker_fixture_register (f, lead) == 0);
    assert (s_conflicts (f, "zhizao-000001") == 1);
    uint64_t digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", s_resolve ("zhizao-000001", "keep", "重复报备，保留先报备方")) == 0);
    assert (broker_fixture_digest (f) != digest);
    assert (s_stage_is (f, "zhizao-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'captured' AND tax = 0"
                                " AND uscc IS NULL AND investor = '衢州凌峰数控机床有限公司'", "qujiang-000002") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ?", "qujiang-000002") == 0);
    broker_fixture_told (f, "edited", "qujiang-000002", 0, none);
    const char *struck_z [] = { "zhizao", "center", NULL };
    broker_fixture_told (f, "struck", "zhizao-000001", 1, struck_z);
    assert (s_reason_has (f, "center", "struck", "zhizao-000001", "a duplicate of qujiang-000002"));
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
    assert (s_offer (f, "kecheng-000002") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("longyou-000001", "浙江银轮机械股份有限公司", 500000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000001") == 1);
    broker_fixture_refused (f, "center", s_resolve ("longyou-000001", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "kecheng-000002", "claimed") && s_offer_is (f, "kecheng-000002", "claimed"));
    assert (s_approve (f, "kecheng-000002", -1) == 0);
    broker_fixture_refused (f, "center", s_resolve ("longyou-000001", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'",
                                "kecheng-000002") == 1);
    assert (broker_fixture_apply (f, "center", s_resolve ("longyou-000001", "dismiss", "不同企业")) == 0);

    //  Transfer: the earlier lead, offered, goes to the later lead's
    //  district as an approved transfer with the policy's split; the
    //  routed districts are told it is closed; the later lead is struck.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "衢州巨化新材料有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    broker_fixture_told (f, "offered", "kecheng-000003", 1, routed);
    s_at_day (f, 4);
    assert (broker_fixture_register (f, broker_fixture_lead ("longyou-000002", "巨化新材料（衢州）有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_conflicts (f, "longyou-000002") == 1);
    assert (broker_fixture_apply (f, "center", s_resolve ("longyou-000002", "transfer", "投资方选择龙游落地")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred'"
                                " AND lander = 'longyou'",
                                "kecheng-000003") == 1);
    assert (s_offer_is (f, "kecheng-000003", "approved"));
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
    assert (s_stage_is (f, "longyou-000002", "struck"));
    const char *struck_l [] = { "longyou", "center", NULL };
    broker_fixture_told (f, "struck", "longyou-000002", 1, struck_l);
    assert (s_reason_has (f, "longyou", "struck", "longyou-000002", "merged into the transfer of kecheng-000003"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'transfer'",
                                "longyou-000002") == 1);
    const char *both_lk [] = { "longyou", "kecheng", "center", NULL };
    broker_fixture_told (f, "resolved", "longyou-000002", 1, both_lk);
    s_check_resolved_event (f, "kecheng", "longyou-000002", "longyou", "kecheng-000003", "kecheng", "transfer",
                            "投资方选择龙游落地");
    //  The lander now reports progress; the finder does not.
    assert (s_progress (f, "longyou", "kecheng-000003", "negotiating", "2026-11-27") == 0);
    assert (s_stage_is (f, "kecheng-000003", "negotiating"));
    assert (s_progress (f, "kecheng", "kecheng-000003", "signed", "2026-11-28") == LX_ERR_NOT_ALLOWED);

    //  Transfer of an earlier lead never offered: no offer, no CLOSED.
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000003", "衢州华科特种纸有限公司", 300000000,
                                                             "C2221")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000004", "华科特种纸（衢州）有限公司", 300000000,
                                                             "C2221")) == 0);
    assert (s_conflicts (f, "kecheng-000004") == 1);
    assert (broker_fixture_apply (f, "center", s_resolve ("kecheng-000004", "transfer", "柯城承接")) == 0);
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
    assert (s_stage_is (f, "kecheng-000004", "struck"));

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
    broker_fixture_refused (f, "center", s_resolve ("longyou-000003", "keep", "保留先报备方"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", s_resolve ("longyou-000003", "merge", "合并"), LX_ERR_CONFLICT);
    broker_fixture_refused (f, "center", s_resolve ("longyou-000003", "transfer", "龙游落地"), LX_ERR_CONFLICT);
    assert (s_stage_is (f, "longyou-000003", "captured") && s_stage_is (f, "zhizao-000002", "withdrawn"));
    assert (broker_fixture_int (f, "SELECT tax FROM lead WHERE id = ?", "zhizao-000002") == 0);
    assert (broker_fixture_apply (f, "center", s_resolve ("longyou-000003", "dismiss", "先报备方已撤回")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM conflict WHERE lead = ? AND status = 'dismiss'",
                                "longyou-000003") == 1);
    broker_fixture_told (f, "struck", "longyou-000003", 0, none);
    broker_fixture_told (f, "edited", "zhizao-000002", 0, none);
    assert (s_offer (f, "longyou-000003") == 0);
    assert (s_offer_is (f, "longyou-000003", "open"));
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  5. STRIKE: named, or what the monthly review lists.

static void
s_test_strike (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲公司", 100000000, "C2614")) == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "某乙公司", 100000000, "C2614")) == 0);
    //  3: signed by its lander.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "某丙公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    assert (broker_fixture_apply (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (s_approve (f, "kecheng-000003", -1) == 0);
    assert (s_progress (f, "qujiang", "kecheng-000003", "signed", "2026-11-22") == 0);
    //  5: offered; 6: transferred to zhizao.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000005", "某戊公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000005") == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000006", "某己公司", 100000000, "C2614")) == 0);
    assert (s_offer (f, "kecheng-000006") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000006")) == 0);
    assert (s_approve (f, "kecheng-000006", -1) == 0);
    s_at_day (f, 50);
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
    assert (s_stage_is (f, "kecheng-000001", "captured") && s_stage_is (f, "kecheng-000003", "signed"));
    broker_fixture_told (f, "struck", "kecheng-000001", 0, none);
    broker_fixture_refused (f, "center", s_strike_msg (with_unknown, false, "销号"), LX_ERR_NOT_FOUND);
    broker_fixture_refused (f, "center", s_strike_msg (one, false, ""), LX_ERR_MISSING_FIELD);
    broker_fixture_refused (f, "center", s_strike_msg (NULL, false, "销号"), LX_ERR_BAD_VALUE);
    broker_fixture_refused (f, "center", s_strike_msg (one, true, "销号"), LX_ERR_BAD_VALUE);

    //  Named: struck, on the record, the finder and the center told.
    assert (broker_fixture_apply (f, "center", s_strike_msg (one, false, "投资意向不明确")) == 0);
    assert (s_stage_is (f, "kecheng-000001", "struck"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'strike'"
                                " AND node = 'center'"
                                " AND reason = '投资意向不明确'", "kecheng-000001") == 1);
    const char *struck_one [] = { "kecheng", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000001", 1, struck_one);
    assert (s_reason_has (f, "kecheng", "struck", "kecheng-000001", "投资意向不明确"));
    broker_fixture_refused (f, "center", s_strike_msg (one, false, "再次销号"), LX_ERR_CONFLICT);

    //  Day 89: nothing has been silent 90 days yet; a due strike is
    //  applied and changes nothing.
    s_at_day (f, 89);
    uint64_t digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (broker_fixture_digest (f) == digest);
    //  Day 90: the review lists 2 (assessing), 5 (offered) and 6
    //  (transferred), all silent 90 days; not 3 (signed), 4 (day 50) nor 1.
    s_at_day (f, 90);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (s_stage_is (f, "kecheng-000002", "struck"));
    assert (s_stage_is (f, "kecheng-000005", "struck"));
    assert (s_stage_is (f, "kecheng-000006", "struck"));
    assert (s_stage_is (f, "kecheng-000003", "signed"));
    assert (s_stage_is (f, "kecheng-000004", "captured"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE kind = 'strike' AND reason = ?",
                                "月度销号") == 3);
    broker_fixture_told (f, "struck", "kecheng-000002", 1, struck_one);
    //  The offered one: its offer is struck, the routed districts told.
    assert (s_offer_is (f, "kecheng-000005", "struck"));
    const char *struck_five [] = { "kecheng", "qujiang", "zhizao", "longyou", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000005", 1, struck_five);
    //  The transferred one: its lander told, the offer stays approved.
    assert (s_offer_is (f, "kecheng-000006", "approved"));
    const char *struck_six [] = { "kecheng", "zhizao", "center", NULL };
    broker_fixture_told (f, "struck", "kecheng-000006", 1, struck_six);
    broker_fixture_told (f, "struck", "kecheng-000003", 0, none);
    broker_fixture_told (f, "struck", "kecheng-000004", 0, none);
    //  Again: nothing is due, nothing changes (but the strike is applied).
    digest = broker_fixture_digest (f);
    assert (broker_fixture_apply (f, "center", s_strike_msg (NULL, true, "月度销号")) == 0);
    assert (broker_fixture_digest (f) == digest);
    //  A struck lead cannot be offered.
    assert (s_offer (f, "kecheng-000002") == LX_ERR_CONFLICT);
    broker_fixture_destroy (&f);
}

//  ---------------------------------------------------------------------
//  6. The timers.

static void
s_test_timers (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("", verbose);
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
        assert (s_offer (f, ids [index]) == 0);
        broker_fixture_told (f, "offered", ids [index], 1, routed);
    }
    //  5: a battery plant only zhizao fits.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000005", "某戊电池有限公司", 600000000,
                                                             "C3841")) == 0);
    assert (s_offer (f, "kecheng-000005") == 0);
    const char *only_zhizao [] = { "zhizao", NULL };
    broker_fixture_told (f, "offered", "kecheng-000005", 1, only_zhizao);
    //  Day 1: zhizao claims 2 to 5; day 2 the center approves 3 (output
    //  split overridden to 40 %), 4 and 5; 2 stays undecided.
    s_at_day (f, 1);
    for (int index = 1; index < 4; index++)
        assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, ids [index])) == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000005")) == 0);
    s_at_day (f, 2);
    assert (s_approve (f, "kecheng-000003", 4000) == 0);
    assert (s_approve (f, "kecheng-000004", -1) == 0);
    assert (s_approve (f, "kecheng-000005", -1) == 0);
    int64_t decision3 = broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000003");
    int64_t decision5 = broker_fixture_int (f, "SELECT decision FROM transfer WHERE lead = ?", "kecheng-000005");
    assert (decision3 > 0 && decision5 > 0);

    //  Day 13: the open offer of 1 waits on; day 14 it expires.
    s_at_day (f, 13);
    assert (s_timers (f) == 0);
    assert (s_offer_is (f, "kecheng-000001", "open") && s_stage_is (f, "kecheng-000001", "offered"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    s_at_day (f, 14);
    assert (s_timers (f) == 1);
    assert (s_offer_is (f, "kecheng-000001", "expired") && s_stage_is (f, "kecheng-000001", "assessing"));
    assert (broker_fixture_int (f, "SELECT activity FROM lead WHERE id = ?",
                                "kecheng-000001") == f->start + 14 * S_DAY);
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
    assert (s_reason_has (f, "longyou", "closed", "kecheng-000001", "expired"));
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "returned", "kecheng-000001", 1, finder);
    //  Back with its finder, it can no longer be claimed: a late claim is
    //  refused (nothing to take), and the offer stays expired.
    broker_fixture_refused (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001"), LX_ERR_CONFLICT);
    assert (s_offer_is (f, "kecheng-000001", "expired"));
    broker_fixture_told (f, "claim_result", "kecheng-000001", 0, none);

    //  Day 20: zhizao reports progress on 4.
    s_at_day (f, 20);
    assert (s_progress (f, "zhizao", "kecheng-000004", "negotiating", "2026-12-12") == 0);
    //  Day 30: nothing is stale yet (2 was claimed on day 1).
    s_at_day (f, 30);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", NULL, 0, none);
    //  Day 31: the undecided claim of 2 is flagged, once, and stays claimed.
    s_at_day (f, 31);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000002", 1, center);
    char day1 [11], day20 [11], day2 [11];
    s_date (f, 1, day1);
    s_date (f, 2, day2);
    s_date (f, 20, day20);
    event = broker_fixture_event (f, "center", "stale", "kecheng-000002");
    assert (broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "zhizao")
            && broker_fixture_is (lx_msg_str (event, LX_F_STAGE), "claimed"));
    assert (broker_fixture_is (lx_msg_str (event, LX_F_DATE), day1)
            && broker_fixture_is (lx_msg_str (event, LX_F_FINDER), "kecheng"));
    lx_msg_destroy (&event);
    assert (broker_fixture_int (f, "SELECT flagged FROM lead WHERE id = ?", "kecheng-000002") == f->start + S_DAY);
    assert (broker_fixture_int (f, "SELECT activity FROM lead WHERE id = ?", "kecheng-000002") == f->start + S_DAY);
    assert (s_stage_is (f, "kecheng-000002", "claimed") && s_offer_is (f, "kecheng-000002", "claimed"));
    broker_fixture_told (f, "returned", "kecheng-000002", 0, none);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", "kecheng-000002", 1, center);

    //  Day 32: the transfers of 3 and 5 are stale and return to the pool;
    //  4 had progress on day 20 and is not stale.
    s_at_day (f, 32);
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
            == f->start + 32 * S_DAY);
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
                                "kecheng-000003") == f->start + 32 * S_DAY);
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
    assert (s_offer_is (f, "kecheng-000005", "expired"));
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
    s_at_day (f, 33);
    broker_fixture_refused (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003"), LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_apply (f, "qujiang", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (broker_fixture_apply (f, "longyou", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    event = broker_fixture_event (f, "longyou", "claim_result", "kecheng-000003");
    assert (!lx_msg_bool (event, LX_F_WON) && broker_fixture_is (lx_msg_str (event, LX_F_CLAIMANT), "qujiang"));
    lx_msg_destroy (&event);
    assert (s_approve (f, "kecheng-000003", -1) == 0);
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
    assert (s_progress (f, "zhizao", "kecheng-000003", "negotiating", "2026-12-25") == LX_ERR_NOT_ALLOWED);
    assert (s_progress (f, "qujiang", "kecheng-000003", "negotiating", "2026-12-25") == 0);

    //  Day 49: 4 (progress on day 20) is not stale yet; day 50 it is, and
    //  returns from its negotiation to the two other districts.
    s_at_day (f, 49);
    assert (s_timers (f) == 0);
    s_at_day (f, 50);
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

//  return_stale = 0: a stale transfer is flagged, once per silence, and
//  stays with its lander.
static void
s_test_flag_only (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("timers\n    return_stale = 0\n    progress_days = 20\n", verbose);
    assert (!broker_timers_return_stale (f->timers) && broker_timers_progress_days (f->timers) == 20);
    const char *none [] = { NULL };
    const char *center [] = { "center", NULL };
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_offer (f, "kecheng-000001") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000001")) == 0);
    assert (s_approve (f, "kecheng-000001", -1) == 0);
    s_at_day (f, 19);
    assert (s_timers (f) == 0);
    s_at_day (f, 20);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000001", 1, center);
    assert (s_reason_has (f, "center", "stale", "kecheng-000001", "no progress"));
    assert (!s_reason_has (f, "center", "stale", "kecheng-000001", "returned"));
    assert (broker_fixture_int (f,
                                "SELECT count(*) FROM lead WHERE id = ? AND stage = 'transferred' AND lander = 'zhizao'"
                                " AND flagged = activity", "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer WHERE lead = ? AND lander = 'zhizao'",
                                "kecheng-000001") == 1);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_split WHERE lead = ?",
                                "kecheng-000001") == LX_METRIC_COUNT);
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000001", "approved"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    s_at_day (f, 25);
    assert (s_timers (f) == 0);
    broker_fixture_told (f, "stale", "kecheng-000001", 1, center);
    //  Progress ends the silence; a new one is flagged again.
    assert (s_progress (f, "zhizao", "kecheng-000001", "negotiating", "2026-12-17") == 0);
    s_at_day (f, 44);
    assert (s_timers (f) == 0);
    s_at_day (f, 45);
    assert (s_timers (f) == 1);
    assert (broker_fixture_events (f, "center", "stale", "kecheng-000001") == 2);
    assert (s_stage_is (f, "kecheng-000001", "negotiating"));
    broker_fixture_told (f, "returned", "kecheng-000001", 0, none);
    broker_fixture_destroy (&f);
}

//  A lead its finder lands itself (never transferred) has no claimant to
//  take it from: its silence is no transfer to return to the pool.
static void
s_test_own_lead (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("", verbose);
    const char *none [] = { NULL };
    //  1: negotiated by kecheng itself; 2: offered, claimed by zhizao,
    //  rejected by the center, then negotiated by kecheng itself.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某甲化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_progress (f, "kecheng", "kecheng-000001", "negotiating", "2026-11-22") == 0);
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000002", "某乙化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_offer (f, "kecheng-000002") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000002")) == 0);
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_DECIDE, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_DECISION, "reject");
    lx_msg_set_str (msg, LX_F_REASON, "不符合产业定位");
    assert (broker_fixture_apply (f, "center", msg) == 0);
    assert (s_stage_is (f, "kecheng-000002", "assessing") && s_offer_is (f, "kecheng-000002", "rejected"));
    assert (s_progress (f, "kecheng", "kecheng-000002", "negotiating", "2026-11-22") == 0);
    //  A transfer of 3 to zhizao, going stale at the same time.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000003", "某丙化工有限公司", 600000000,
                                                             "C2614")) == 0);
    assert (s_offer (f, "kecheng-000003") == 0);
    assert (broker_fixture_apply (f, "zhizao", broker_fixture_cmd (LX_CMD_CLAIM, "kecheng-000003")) == 0);
    assert (s_approve (f, "kecheng-000003", -1) == 0);

    //  Day 30: the timers run (they must not fail: a bad return to the pool
    //  rolls the whole run back), the transfer of 3 returns to the pool, and
    //  neither own lead is flagged nor taken from kecheng.
    s_at_day (f, 30);
    assert (s_timers (f) == 1);
    broker_fixture_told (f, "stale", "kecheng-000001", 0, none);
    broker_fixture_told (f, "stale", "kecheng-000002", 0, none);
    broker_fixture_told (f, "stale", "kecheng-000003", 1, (const char *[]) { "center", NULL });
    assert (s_stage_is (f, "kecheng-000003", "offered"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", "kecheng-000003") == 1);
    const char *routed [] = { "qujiang", "zhizao", "longyou", NULL };
    for (int index = 0; index < 2; index++) {
        const char *id = index? "kecheng-000002": "kecheng-000001";
        assert (s_stage_is (f, id, "negotiating"));
        broker_fixture_told (f, "returned", id, 0, none);
        broker_fixture_told (f, "offered", id, 1, index? routed: none);
        assert (broker_fixture_int (f, "SELECT count(*) FROM lead_change WHERE lead = ? AND kind = 'return'", id) == 0);
        assert (broker_fixture_int (f, "SELECT count(*) FROM transfer_returned WHERE lead = ?", id) == 0);
    }
    assert (broker_fixture_int (f, "SELECT count(*) FROM offer WHERE lead = ?", "kecheng-000001") == 0);
    assert (s_offer_is (f, "kecheng-000002", "rejected"));
    assert (broker_fixture_int (f, "SELECT count(*) FROM route WHERE lead = ? AND node = 'zhizao'",
                                "kecheng-000002") == 1);
    //  Run again: nothing more is due, nothing changes.
    uint64_t digest = broker_fixture_digest (f);
    assert (s_timers (f) == 0);
    assert (broker_fixture_digest (f) == digest);
    broker_fixture_destroy (&f);
}

//  A later registration in conflict: it may neither be offered nor make
//  progress; withdrawn by its finder, the conflict closes by itself (the
//  first keeps the investor), told once to each party.
static void
s_test_conflict_withdrawn (bool verbose)
{
    broker_fixture_t *f = s_fixture_new ("", verbose);
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
    assert (s_reason_has (f, "kecheng", "resolved", "qujiang-000001", "the first keeps the investor"));
    broker_fixture_refused (f, "center", s_resolve ("qujiang-000001", "dismiss", "迟到的裁决"), LX_ERR_CONFLICT);
    broker_fixture_destroy (&f);
}

void
broker_logic_rules_test (bool verbose)
{
    s_test_conflict_withdrawn (verbose);
    s_test_register (verbose);
    s_test_resolve (verbose);
    s_test_strike (verbose);
    s_test_timers (verbose);
    s_test_flag_only (verbose);
    s_test_own_lead (verbose);
}
