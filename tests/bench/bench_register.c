/*  bench_register: what registering a lead costs as the register fills
    with names that share a two-character trade-name start. */

#include "bench_register.h"
#include "broker_fixture.h"
#include "broker_logic.h"
#include "lx_lead.h"

#include <czmq.h>

//  Tail characters of the generated names: plain simplified Han, none a
//  place, a legal form or anything the name rule folds; 3 UTF-8 bytes each.
static const char s_tail [] =
    "泰华润鑫祥瑞德丰盛昌宏远兴隆汇通恒达永安嘉信宝利金源天成博海中正"
    "东方明辉新锐创维联合万象龙腾凯越卓星光宇航晨曦云峰岭邦富民康乐和"
    "美佳禾绿洲蓝湾银河紫荆红枫青松白鹭黄鹤飞燕春秋实冬雪江南北山川林"
    "森磊鼎晶";

enum { S_TAIL = 100 };

//  Register checks timed for each median.
#define S_CHECKS 201

//  qsort order of doubles.
static int
s_compare (const void *one, const void *two)
{
    double a = *(const double *) one, b = *(const double *) two;
    return a < b? -1: a > b;
}

//  Writes the investor of lead number index (< 10,000) into name: start
//  (two characters) then four characters a, b, (a + b), (a + 2b) of the
//  index's base-100 digits a and b, then 科技有限公司. Two different
//  indexes differ in two of the four at least, so their cores (equal
//  length) are two edits apart or more: 7500 bp at most, never a match.
static void
s_investor (const char *start, int64_t index, char *name, size_t size)
{
    unsigned a = (unsigned) (index % S_TAIL), b = (unsigned) (index / S_TAIL % S_TAIL);
    unsigned digits [4] = { a, b, (a + b) % S_TAIL, (a + 2 * b) % S_TAIL };
    snprintf (name, size, "%s", start);
    for (int part = 0; part < 4; part++)
        strncat (name, s_tail + 3 * digits [part], 3);
    strncat (name, "科技有限公司", size - strlen (name) - 1);
}

//  A new lead number index of node (kecheng or qujiang), investor start….
static lx_lead_t *
s_lead (const char *node, const char *start, int64_t index)
{
    lx_lead_t *lead = lx_lead_new ();
    assert (lead);
    char text [96];
    snprintf (text, sizeof text, "%s-%06" PRId64, node, index);
    lx_lead_set (&lead->id, text);
    lx_lead_set (&lead->finder, node);
    s_investor (start, index, text, sizeof text);
    lx_lead_set (&lead->investor, text);
    lx_lead_set (&lead->project, "基准项目");
    lx_lead_set (&lead->found, "2026-11-02");
    assert (lx_lead_add_industry (lead, "C3841") == 0);
    lead->investment = 100000000 + index;
    return lead;
}

//  Times the register check of a new lead of qujiang whose investor
//  begins with start, S_CHECKS times; returns the median in ms, or -1 when
//  the check failed or found a conflict.
static double
s_check (broker_register_t *reg, lx_store_t *db, lx_clock_t *clock, const char *start)
{
    double times [S_CHECKS];
    lx_lead_t *lead = s_lead ("qujiang", start, 9999);
    for (int run = 0; run < S_CHECKS; run++) {
        broker_conflict_t conflict;
        int64_t began = zclock_usecs ();
        int found = broker_register_find (reg, db, lead, lx_clock_now (clock), &conflict);
        times [run] = (zclock_usecs () - began) / 1000.0;
        if (found != 0) {
            fprintf (stderr, "bench_register: the check of %s found %s (%d)\n", lead->investor,
                     found == 1? conflict.lead: lx_store_error (db), found);
            lx_lead_destroy (&lead);
            return -1;
        }
    }
    lx_lead_destroy (&lead);
    qsort (times, S_CHECKS, sizeof times [0], s_compare);
    return times [S_CHECKS / 2];
}

int
bench_register (const char *dir, int64_t count, int64_t sample, bench_register_figures_t *figures)
{
    assert (dir && figures && count < S_TAIL * S_TAIL && sample > 0 && sample <= count);
    char *path = zsys_sprintf ("%s/leadx-bench-register.db", dir);
    lx_store_remove (path);
    char error [256] = "out of memory";
    zconfig_t *config = zconfig_str_load (BROKER_FIXTURE_DISTRICTS);
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    broker_match_t *match = config && store? broker_match_load (config, error, sizeof error): NULL;
    broker_policy_t *policy = match? broker_policy_load (config, error, sizeof error): NULL;
    broker_register_t *reg = policy? broker_register_load (config, error, sizeof error): NULL;
    broker_timers_t *timers = reg? broker_timers_load (config, error, sizeof error): NULL;
    lx_clock_t *clock = lx_clock_new_manual (BROKER_FIXTURE_START);
    lx_sign_t *sign = broker_fixture_sign (true);
    broker_logic_t *logic = timers && clock && sign? broker_logic_new (store, match, policy, reg, timers, clock, &sign): NULL;
    lx_sign_destroy (&sign);
    lx_store_t *db = store? broker_store_db (store): NULL;
    int rc = logic? 0: -1;
    if (rc == 0)
        rc = broker_store_node_ensure (store, "kecheng", "county")
          || broker_store_node_ensure (store, "qujiang", "county")
          || broker_store_node_ensure (store, "center", "center")? -1: 0;
    if (logic && rc)
        snprintf (error, sizeof error, "%s", lx_store_error (db));
    double first = 0, last = 0, first_applied = 0, last_applied = 0;
    int64_t seq [2] = { 0, 0 };
    for (int64_t index = 0; index < count && rc == 0; index++) {
        //  Time moves on a second a lead: the register's order is by time.
        lx_clock_advance (clock, 1000);
        int side = (int) (index % 2);
        const char *node = side? "qujiang": "kecheng";
        lx_lead_t *lead = s_lead (node, "华科", index);
        lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
        lx_lead_to_msg (lead, msg, true);
        lx_lead_destroy (&lead);
        lx_msg_set_str (msg, LX_F_NODE, node);
        lx_msg_set_int (msg, LX_F_SEQ, ++seq [side]);
        lx_error_t refusal = { 0, "" };
        int64_t began = zclock_usecs ();
        if (lx_store_begin (db))
            rc = -1;
        else
        if (broker_logic_apply (logic, node, LX_ROLE_COUNTY, msg, &refusal)) {
            snprintf (error, sizeof error, "lead %" PRId64 " refused: %s", index, refusal.reason);
            lx_store_rollback (db);
            rc = -2;
        }
        double applied = (zclock_usecs () - began) / 1000.0;
        if (rc == 0 && lx_store_commit (db))
            rc = -1;
        double elapsed = (zclock_usecs () - began) / 1000.0;
        lx_msg_destroy (&msg);
        if (index < sample) {
            first += elapsed;
            first_applied += applied;
        }
        if (index >= count - sample) {
            last += elapsed;
            last_applied += applied;
        }
        //  A conflict would mean two generated names matched: a bug here.
        int64_t conflicts = 0;
        if (rc == 0 && lx_store_int (db, &conflicts, "SELECT count (*) FROM conflict", "") == -1)
            rc = -1;
        if (rc == 0 && conflicts) {
            snprintf (error, sizeof error, "lead %" PRId64 " conflicts with another", index);
            rc = -2;
        }
        if (rc == -1)
            snprintf (error, sizeof error, "%s", lx_store_error (db));
    }
    if (rc == 0) {
        figures->first = first / sample;
        figures->last = last / sample;
        figures->first_applied = first_applied / sample;
        figures->last_applied = last_applied / sample;
        figures->check_same = s_check (reg, db, clock, "华科");
        figures->check_other = s_check (reg, db, clock, "泰丰");
        if (figures->check_same < 0 || figures->check_other < 0)
            rc = -3;            //  s_check said why
    }
    if (rc == -1 || rc == -2)
        fprintf (stderr, "bench_register: %s\n", error);
    broker_logic_destroy (&logic);
    lx_clock_destroy (&clock);
    broker_timers_destroy (&timers);
    broker_register_destroy (&reg);
    broker_policy_destroy (&policy);
    broker_match_destroy (&match);
    broker_store_destroy (&store);
    zconfig_destroy (&config);
    lx_store_remove (path);
    zstr_free (&path);
    return rc? -1: 0;
}
