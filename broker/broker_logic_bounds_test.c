/*  broker_logic bounds selftest: a district bending the record on purpose.
    Amounts outside the city's bounds held for the center and confirmed or
    rejected; dates outside the lead's life refused; a published month
    closed; a district past its quota refused. Each on the broker fixture
    (broker_fixture.h), with a manual clock. */

#include "broker_fixture.h"
#include "broker_report.h"
#include "lx_domain.h"

//  The test city: the fixture's districts, the default policy, bounds and
//  quotas as the configuration gives them (their defaults but the leads'
//  quota, small here).
static const char *s_city =
    "quota\n"
    "    leads_per_day = 4\n"
    BROKER_FIXTURE_DISTRICTS;

//  A progress of lead at stage and date, with metric and amount (metric
//  NULL: a stage alone), and a reason (NULL: none).
static lx_msg_t *
s_report (const char *lead, const char *stage, const char *date, const char *metric, int64_t amount,
          const char *reason)
{
    lx_msg_t *msg = broker_fixture_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    if (metric) {
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, amount);
    }
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A CONFIRM of held report id.
static lx_msg_t *
s_confirm (int64_t id, const char *decision, const char *reason)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_CONFIRM);
    lx_msg_set_int (msg, LX_F_HELD, id);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

void
broker_logic_bounds_test (bool verbose)
{
    broker_fixture_t *f = broker_fixture_new ("broker_logic_bounds", s_city, NULL, verbose);
    assert (f);
    char error [256];
    broker_bounds_t *bounds = broker_bounds_load (f->config, error, sizeof error);
    broker_quota_t *quota = broker_quota_load (f->config, error, sizeof error);
    assert (bounds && quota);
    broker_logic_set_bounds (f->logic, bounds);
    broker_logic_set_quota (f->logic, quota);
    f->follow_dates = false;            //  the dates below are the point
    //  kecheng's own lead, planning 1,000,000 yuan, registered 2026-11-22.
    assert (broker_fixture_register (f, broker_fixture_lead ("kecheng-000001", "某小厂", 1000000, "C3911")) == 0);
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-22", "contract",
                                                          1000000, NULL)) == 0);

    //  10^15 of funds on it: accepted, held, nothing credited, all told.
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-22", "funds",
                                                          INT64_C (1000000000000000), NULL)) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'funds'",
                                "kecheng-000001") == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM held WHERE lead = ? AND status = 'held'",
                                "kecheng-000001") == 1);
    assert (broker_fixture_events (f, "kecheng", "held", "kecheng-000001") == 1);
    assert (broker_fixture_events (f, "center", "held", "kecheng-000001") == 1);
    assert (broker_fixture_reason_has (f, "kecheng", "held", "kecheng-000001", "above the city's limit"));
    //  Within the bounds (3 × in all): credited at once.
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-22", "funds",
                                                          3000000, NULL)) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'funds'",
                                "kecheng-000001") == 1);
    //  One yuan more is past the lead's total: held too.
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-22", "funds",
                                                          1, NULL)) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM held WHERE lead = ?", "kecheng-000001") == 2);
    //  Only the center decides, with a reason; rejected: told, not credited.
    int64_t first = broker_fixture_int (f, "SELECT min (id) FROM held WHERE lead = ?", "kecheng-000001");
    assert (broker_fixture_apply (f, "kecheng", s_confirm (first, "approve", "x")) == LX_ERR_NOT_ALLOWED);
    assert (broker_fixture_apply (f, "center", s_confirm (first, "reject", "")) == LX_ERR_MISSING_FIELD);
    assert (broker_fixture_apply (f, "center", s_confirm (999, "reject", "x")) == LX_ERR_NOT_FOUND);
    assert (broker_fixture_apply (f, "center", s_confirm (first, "reject", "远超计划投资")) == 0);
    assert (broker_fixture_apply (f, "center", s_confirm (first, "approve", "again")) == LX_ERR_CONFLICT);
    assert (broker_fixture_reason_has (f, "kecheng", "held", "kecheng-000001", "远超计划投资"));
    //  Confirmed: credited as reported.
    int64_t second = first + 1;
    assert (broker_fixture_apply (f, "center", s_confirm (second, "approve", "增资后核实")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE lead = ? AND metric = 'funds'",
                                "kecheng-000001") == 2);
    assert (broker_fixture_int (f, "SELECT count(*) FROM held WHERE status = 'confirmed' AND decided_by = ?",
                                "center") == 1);

    //  Dates: not after today, not before the registration, not before an
    //  earlier stage was reached.
    broker_fixture_refused (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-23", "funds", 1, NULL),
                            LX_ERR_BAD_VALUE);
    broker_fixture_refused (f, "kecheng", s_report ("kecheng-000001", "signed", "2026-11-21", "funds", 1, NULL),
                            LX_ERR_BAD_VALUE);
    broker_fixture_at_day (f, 10);
    char day5 [11], day10 [11];
    broker_fixture_date (f, 5, day5);
    broker_fixture_date (f, 10, day10);
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "started", day10, NULL, 0, NULL)) == 0);
    broker_fixture_refused (f, "kecheng", s_report ("kecheng-000001", "producing", day5, NULL, 0, NULL),
                            LX_ERR_BAD_VALUE);

    //  Published: the month closes; a correction goes in the open month
    //  with its reason; the ranking prints what was published.
    char month [8];
    snprintf (month, sizeof month, "%.7s", day10);
    lx_sheet_t *before = broker_report_ranking (broker_fixture_db (f), f->match, month, error, sizeof error);
    assert (before);
    assert (broker_report_publish (broker_fixture_db (f), f->match, month, "月度通报", 1, error, sizeof error) == 0);
    assert (broker_report_publish (broker_fixture_db (f), f->match, month, "again", 2, error, sizeof error) == -1);
    broker_fixture_refused (f, "kecheng", s_report ("kecheng-000001", "started", day10, "funds", 5, NULL),
                            LX_ERR_CLOSED);
    broker_fixture_at_day (f, 45);
    char later [11];
    broker_fixture_date (f, 45, later);
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "started", later, "output", 5,
                                                          "补报上月产值")) == 0);
    assert (broker_fixture_int (f, "SELECT count(*) FROM progress WHERE reason = ?", "补报上月产值") == 1);
    lx_sheet_t *after = broker_report_ranking (broker_fixture_db (f), f->match, month, error, sizeof error);
    char *before_text = NULL, *after_text = NULL;
    size_t before_size = 0, after_size = 0;
    FILE *out = open_memstream (&before_text, &before_size);
    assert (lx_sheet_print_json (before, out) == 0);
    fclose (out);
    out = open_memstream (&after_text, &after_size);
    assert (lx_sheet_print_json (after, out) == 0);
    fclose (out);
    assert (streq (before_text, after_text));
    free (before_text);
    free (after_text);
    lx_sheet_destroy (&before);
    lx_sheet_destroy (&after);
    //  Confirming a held report dated in the closed month is refused.
    assert (broker_fixture_apply (f, "kecheng", s_report ("kecheng-000001", "started", later, "tax",
                                                          INT64_C (90000000000), NULL)) == 0);
    int64_t third = broker_fixture_int (f, "SELECT max (id) FROM held WHERE lead = ?", "kecheng-000001");
    assert (third == second + 1);

    //  Quotas: kecheng has registered 1 lead today (day 45: none); four a day.
    for (int index = 2; index <= 5; index++) {
        char id [32];
        snprintf (id, sizeof id, "kecheng-%06d", index);
        assert (broker_fixture_register (f, broker_fixture_lead (id, "某公司", 1000000, "C3911")) == 0);
    }
    lx_lead_t *fifth = broker_fixture_lead ("kecheng-000006", "某第六公司", 1000000, "C3911");
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (fifth, msg, true);
    lx_lead_destroy (&fifth);
    broker_fixture_refused (f, "kecheng", msg, LX_ERR_QUOTA);
    assert (broker_fixture_register (f, broker_fixture_lead ("qujiang-000001", "某衢江公司", 1000000, "C3911")) == 0);
    broker_fixture_destroy (&f);
    broker_quota_destroy (&quota);
    broker_bounds_destroy (&bounds);
}
