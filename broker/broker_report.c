/*  broker_report: the coordination center's assessment reports. */

#include "broker_report.h"
#include "broker_store.h"
#include "lx_domain.h"
#include "lx_ledger.h"

int
broker_report_district (lx_store_t *db, broker_match_t *match, const char *district, const char *period,
                        lx_sheet_t *sheets [LX_REPORT_SHEETS], char *error, size_t error_size)
{
    assert (db && match && district && period && sheets);
    broker_profile_t *profile = broker_match_profile (match, district);
    char from [11], to [11];
    if (!profile) {
        snprintf (error, error_size, "%s is not a district of this city", district);
        return -1;
    }
    if (lx_report_period (period, from, to)) {
        snprintf (error, error_size, "bad period %s: use 2026-11, 2026-Q4 or 2026", period);
        return -1;
    }
    lx_report_figures_t figures;
    if (lx_report_figures (db, district, from, to, &figures)) {
        snprintf (error, error_size, "store: %s", lx_store_error (db));
        return -1;
    }
    char *title = zsys_sprintf ("%s %s %s", broker_profile_name (profile), district, period);
    int rc = title? lx_report_sheets (&figures, title, broker_profile_manufacturing_target (profile), sheets): -1;
    if (rc)
        snprintf (error, error_size, "out of memory");
    zstr_free (&title);
    return rc;
}

//  One district's row of the ranking, while it is sorted.
typedef struct {
    broker_profile_t *profile;      //  the district (the matcher's)
    lx_report_figures_t figures;    //  its figures for the period
} s_ranked_t;

//  qsort order of the ranking: funds in place, then contract, descending;
//  then the district id.
static int
s_rank_order (const void *one, const void *two)
{
    const s_ranked_t *a = (const s_ranked_t *) one, *b = (const s_ranked_t *) two;
    int64_t funds_a = lx_report_total (&a->figures, LX_METRIC_FUNDS), funds_b = lx_report_total (&b->figures, LX_METRIC_FUNDS);
    if (funds_a != funds_b)
        return funds_a > funds_b? -1: 1;
    int64_t contract_a = lx_report_total (&a->figures, LX_METRIC_CONTRACT);
    int64_t contract_b = lx_report_total (&b->figures, LX_METRIC_CONTRACT);
    if (contract_a != contract_b)
        return contract_a > contract_b? -1: 1;
    return strcmp (broker_profile_id (a->profile), broker_profile_id (b->profile));
}

//  Appends a basis-points cell, empty when it has no value (< 0).
static void
s_bp_cell (lx_sheet_t *sheet, int64_t bp)
{
    if (bp < 0)
        lx_sheet_empty (sheet);
    else
        lx_sheet_int (sheet, bp);
}

//  The name a period's published ranking is kept under.
static void
s_published_name (const char *period, char name [32])
{
    snprintf (name, 32, "ranking %s", period);
}

lx_sheet_t *
broker_report_ranking (lx_store_t *db, broker_match_t *match, const char *period, char *error, size_t error_size)
{
    assert (db && match && period);
    char from [11], to [11];
    if (lx_report_period (period, from, to)) {
        snprintf (error, error_size, "bad period %s: use 2026-11, 2026-Q4 or 2026", period);
        return NULL;
    }
    //  A published ranking is printed as it was published, forever.
    char name [32];
    s_published_name (period, name);
    bool found = false;
    lx_sheet_t *published = lx_sheet_load (db, name, &found);
    if (published || found) {
        if (!published)
            snprintf (error, error_size, "the published ranking of %s cannot be read: %s", period, lx_store_error (db));
        return published;
    }
    return broker_report_ranking_now (db, match, period, error, error_size);
}

int
broker_report_publish (lx_store_t *db, broker_match_t *match, const char *period, const char *reason,
                       int64_t when, char *error, size_t error_size)
{
    assert (db && match && period && reason && error);
    char from [11], to [11];
    if (lx_report_period (period, from, to)) {
        snprintf (error, error_size, "bad period %s: use 2026-11, 2026-Q4 or 2026", period);
        return -1;
    }
    if (!*reason) {
        snprintf (error, error_size, "publishing a ranking needs --reason, kept on the record");
        return -1;
    }
    char name [32];
    s_published_name (period, name);
    int64_t published;
    int known = lx_store_int (db, &published, "SELECT count(*) FROM sheet WHERE name = ?", "t", name);
    if (known == 0 && published) {
        snprintf (error, error_size, "the ranking of %s is published already", period);
        return -1;
    }
    lx_sheet_t *sheet = known == 0? broker_report_ranking_now (db, match, period, error, error_size): NULL;
    if (!sheet) {
        if (known != 0)
            snprintf (error, error_size, "store: %s", lx_store_error (db));
        return -1;
    }
    //  Its months close with it: nothing dated in them is accepted after.
    int rc = lx_store_begin (db);
    for (int year = atoi (from), month = atoi (from + 5); rc == 0;) {
        char text [8];
        snprintf (text, sizeof text, "%04d-%02d", year, month);
        if (strncmp (text, to, 7) >= 0)
            break;
        rc = lx_store_exec (db, "INSERT OR IGNORE INTO closed (month, period, at, reason) VALUES (?, ?, ?, ?)",
                            "ttit", text, period, when, reason);
        if (++month > 12) {
            month = 1;
            year++;
        }
    }
    if (rc == 0)
        rc = lx_sheet_save (sheet, db, name, when);
    if (rc == 0)
        rc = lx_store_commit (db);
    if (rc) {
        snprintf (error, error_size, "store: %s", lx_store_error (db));
        lx_store_rollback (db);
    }
    lx_sheet_destroy (&sheet);
    return rc;
}

lx_sheet_t *
broker_report_ranking_now (lx_store_t *db, broker_match_t *match, const char *period, char *error,
                           size_t error_size)
{
    assert (db && match && period);
    char from [11], to [11];
    if (lx_report_period (period, from, to)) {
        snprintf (error, error_size, "bad period %s: use 2026-11, 2026-Q4 or 2026", period);
        return NULL;
    }
    size_t count = 0;
    s_ranked_t *ranked = (s_ranked_t *) zmalloc (sizeof (s_ranked_t) * (broker_match_size (match) + 1));
    assert (ranked);
    for (size_t index = 0; index < broker_match_size (match); index++) {
        broker_profile_t *profile = broker_match_at (match, index);
        if (broker_profile_role (profile) == LX_ROLE_CENTER)
            continue;
        ranked [count].profile = profile;
        if (lx_report_figures (db, broker_profile_id (profile), from, to, &ranked [count].figures)) {
            snprintf (error, error_size, "store: %s", lx_store_error (db));
            free (ranked);
            return NULL;
        }
        count++;
    }
    qsort (ranked, count, sizeof ranked [0], s_rank_order);
    char *title = zsys_sprintf ("%s 招商考核通报（各县市区、平台、驻外联络处）", period);
    lx_sheet_t *sheet = title? lx_sheet_new (title): NULL;
    zstr_free (&title);
    const struct { const char *key; const char *heading; lx_sheet_kind_t kind; } columns [] = {
        { "rank", "排名", LX_SHEET_INT }, { "district", "代码", LX_SHEET_TEXT },
        { "name", "县市区 / 平台", LX_SHEET_TEXT }, { "funds", "到位资金（元）", LX_SHEET_YUAN },
        { "contract", "签约投资（元）", LX_SHEET_YUAN }, { "tax", "税收（元）", LX_SHEET_YUAN },
        { "projects", "项目数", LX_SHEET_SHARE }, { "projects_1bn", "10亿元以上项目", LX_SHEET_SHARE },
        { "manufacturing", "制造业占比", LX_SHEET_BP }, { "target", "目标", LX_SHEET_BP },
        { "signing", "签约率", LX_SHEET_BP }, { "start", "开工率", LX_SHEET_BP },
        { "landing", "落地率", LX_SHEET_BP }, { "funds_rate", "资金到位率", LX_SHEET_BP }
    };
    int rc = sheet? 0: -1;
    for (size_t column = 0; column < sizeof columns / sizeof columns [0] && rc == 0; column++)
        rc = lx_sheet_column (sheet, columns [column].key, columns [column].heading, columns [column].kind);
    rc = rc || lx_sheet_note (sheet, "按到位资金（本地自主、流出分成、流入分成之和，只计分成期限内）排名，相同时按签约投资；"
                              "项目数按分成比例共享；比率按本地落地项目计至期末，无基数者空。");
    bool saturated = false;
    for (size_t index = 0; index < count; index++)
        saturated = saturated || ranked [index].figures.saturated;
    rc = rc || (saturated && lx_sheet_note (sheet, LX_REPORT_SATURATED_NOTE));
    for (size_t index = 0; index < count && rc == 0; index++) {
        const lx_report_figures_t *figures = &ranked [index].figures;
        lx_sheet_row (sheet);
        lx_sheet_int (sheet, (int64_t) index + 1);
        lx_sheet_text (sheet, broker_profile_id (ranked [index].profile));
        lx_sheet_text (sheet, broker_profile_name (ranked [index].profile));
        lx_sheet_int (sheet, lx_report_total (figures, LX_METRIC_FUNDS));
        lx_sheet_int (sheet, lx_report_total (figures, LX_METRIC_CONTRACT));
        lx_sheet_int (sheet, lx_report_total (figures, LX_METRIC_TAX));
        int64_t all = 0, big = 0;
        for (int source = 0; source < LX_REPORT_SOURCES; source++) {
            all += figures->projects [0][source];
            big += figures->projects [LX_REPORT_TIERS - 1][source];
        }
        lx_sheet_int (sheet, all);
        lx_sheet_int (sheet, big);
        s_bp_cell (sheet, lx_report_manufacturing_bp (figures));
        lx_sheet_int (sheet, broker_profile_manufacturing_target (ranked [index].profile));
        for (int rate = 0; rate < LX_RATE_COUNT; rate++)
            s_bp_cell (sheet, lx_report_rate_bp (figures, rate));
    }
    free (ranked);
    if (rc) {
        snprintf (error, error_size, "out of memory");
        lx_sheet_destroy (&sheet);
    }
    return sheet;
}

void
broker_report_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/broker_report_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/broker.db", dir);
    char error [256];
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = broker_store_db (store);
    zconfig_t *config = zconfig_str_load (
        "districts\n"
        "    center\n        name = \"协作中心\"\n        role = \"center\"\n"
        "    kecheng\n        name = \"柯城区\"\n        role = \"county\"\n"
        "    longyou\n        name = \"龙游县\"\n        role = \"county\"\n"
        "    kaihua\n        name = \"开化县\"\n        role = \"county\"\n        manufacturing_target_bp = 5000\n");
    broker_match_t *match = broker_match_load (config, error, sizeof error);
    assert (match);
    const char *nodes [] = { "center", "kecheng", "longyou", "kaihua" };
    for (int index = 0; index < 4; index++)
        assert (broker_store_node_ensure (store, nodes [index], index? "county": "center") == 0);
    //  kecheng found a lead longyou landed: 30 / 70 of a 2 bn contract and
    //  300 M of funds; kaihua landed its own 100 M of funds.
    assert (lx_store_exec (db, "INSERT INTO lead (id, finder, investor, project, industries, tags, investment,"
                           " land, tax, output, type, channel, found, stage, registered, lander) VALUES"
                           " ('kecheng-000001', 'kecheng', 'x', 'p', 'C3841', '', 2000000000, 0, 0, 0, 'manufacturing',"
                           " 'own', '2026-11-01', 'signed', 0, 'longyou'),"
                           " ('kaihua-000001', 'kaihua', 'y', 'q', 'C39', '', 200000000, 0, 0, 0, 'service',"
                           " 'own', '2026-11-01', 'signed', 0, NULL)", "") == 0);
    struct { int64_t id; const char *lead, *finder, *lander, *stage, *metric; int64_t amount, bp; } reports [] = {
        { 1, "kecheng-000001", "kecheng", "longyou", "signed", "contract", 2000000000, 3000 },
        { 2, "kecheng-000001", "kecheng", "longyou", "signed", "funds", 300000000, 3000 },
        { 3, "kaihua-000001", "kaihua", "kaihua", "signed", "funds", 100000000, 0 },
    };
    for (size_t index = 0; index < 3; index++) {
        lx_ledger_entry_t entry = { .progress = reports [index].id, .amount = reports [index].amount,
                                    .finder_bp = reports [index].bp, .counted = 1 };
        snprintf (entry.lead, sizeof entry.lead, "%s", reports [index].lead);
        snprintf (entry.stage, sizeof entry.stage, "%s", reports [index].stage);
        snprintf (entry.date, sizeof entry.date, "2026-11-10");
        snprintf (entry.metric, sizeof entry.metric, "%s", reports [index].metric);
        snprintf (entry.finder, sizeof entry.finder, "%s", reports [index].finder);
        snprintf (entry.lander, sizeof entry.lander, "%s", reports [index].lander);
        entry.finder_share = entry.amount / 10000 * entry.finder_bp;
        entry.lander_share = entry.amount - entry.finder_share;
        assert (lx_ledger_append (db, entry.lander, &entry, NULL, NULL) == 0);
        if (strcmp (entry.finder, entry.lander))
            assert (lx_ledger_append (db, entry.finder, &entry, NULL, NULL) == 0);
    }
    //  The ranking: longyou (210 M funds), kaihua (100 M), kecheng (90 M).
    lx_sheet_t *ranking = broker_report_ranking (db, match, "2026-11", error, sizeof error);
    assert (ranking && lx_sheet_rows (ranking) == 3);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out && lx_sheet_print_json (ranking, out) == 0);
    fclose (out);
    char *longyou = strstr (text, "\"district\":\"longyou\""), *kaihua = strstr (text, "\"district\":\"kaihua\"");
    char *kecheng = strstr (text, "\"district\":\"kecheng\"");
    assert (longyou && kaihua && kecheng && longyou < kaihua && kaihua < kecheng);
    assert (strstr (text, "{\"rank\":1,\"district\":\"longyou\",\"name\":\"龙游县\",\"funds\":210000000,"
                          "\"contract\":1400000000"));
    assert (strstr (text, "\"rank\":2,\"district\":\"kaihua\",\"name\":\"开化县\",\"funds\":100000000,"
                          "\"contract\":0,\"tax\":0,\"projects\":0,\"projects_1bn\":0,\"manufacturing\":0,"
                          "\"target\":5000"));
    assert (!strstr (text, "\"district\":\"center\""));
    zstr_free (&text);
    lx_sheet_destroy (&ranking);
    //  A district's report: its sheets; refusals with a reason.
    lx_sheet_t *sheets [LX_REPORT_SHEETS];
    assert (broker_report_district (db, match, "kecheng", "2026-Q4", sheets, error, sizeof error) == 0);
    out = open_memstream (&text, &size);
    assert (out && lx_sheet_print_json (sheets [0], out) == 0);
    fclose (out);
    assert (strstr (text, "\"title\":\"柯城区 kecheng 2026-Q4 招商考核业绩（元）\""));
    assert (strstr (text, "{\"metric\":\"contract\",\"label\":\"签约额\",\"own\":0,\"out\":600000000,\"in\":0,"
                          "\"total\":600000000}"));
    zstr_free (&text);
    for (int index = 0; index < LX_REPORT_SHEETS; index++)
        lx_sheet_destroy (&sheets [index]);
    assert (broker_report_district (db, match, "nowhere", "2026", sheets, error, sizeof error) == -1);
    assert (strstr (error, "not a district"));
    assert (broker_report_district (db, match, "kecheng", "2026-13", sheets, error, sizeof error) == -1);
    assert (strstr (error, "bad period"));
    assert (broker_report_ranking (db, match, "x", error, sizeof error) == NULL);
    broker_match_destroy (&match);
    zconfig_destroy (&config);
    broker_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    assert (rmdir (dir) == 0);
}
