/*  lx_report: a district's assessment figures for a period, from the record. */

#include "lx_report.h"
#include "lx_outfile.h"
#include "lx_ledger.h"

#include <czmq.h>

const int64_t lx_report_tier_floor [LX_REPORT_TIERS] = { 0, 100000000, 500000000, 1000000000 };

//  The figures' one pass over the district's chain, in the order of the
//  covering index ledger_report (so SQLite groups without sorting): per
//  lead, metric and (finder, lander), the district's share of the entries
//  that count in the period, and the whole amounts of the leads it lands
//  up to the period's end (for the funds-in-place rate).
static const char *s_ledger_sql =
    "SELECT lead, metric, finder = lander, finder = ?1,"
    " lx_sum (CASE WHEN counted = 1 AND date >= ?2 THEN"
    "      (CASE WHEN finder = lander THEN amount WHEN finder = ?1 THEN finder_share ELSE lander_share END)"
    "      ELSE 0 END),"
    " lx_sum (CASE WHEN lander = ?1 THEN amount ELSE 0 END)"
    " FROM ledger WHERE node = ?1 AND date < ?3 GROUP BY lead, metric, finder, lander";

//  How far each lead the district lands had got by the period's end: 1
//  negotiating, 2 signed, 3 registered locally (or land supplied), 4
//  construction started or beyond (index progress_report, no sort).
static const char *s_progress_sql =
    "SELECT max (CASE stage WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2 WHEN 'registered' THEN 3"
    " WHEN 'land' THEN 3 WHEN 'started' THEN 4 WHEN 'completed' THEN 4 WHEN 'producing' THEN 4"
    " WHEN 'capacity' THEN 4 ELSE 0 END) FROM progress WHERE lander = ?1 AND date < ?2 GROUP BY lead";

//  Adds value to *sum, holding it at INT64_MAX when it would pass it (a
//  report never fails on its figures); *saturated says it happened.
static void
s_add (int64_t *sum, int64_t value, bool *saturated)
{
    if (value == INT64_MAX || __builtin_add_overflow (*sum, value, sum)) {
        *sum = INT64_MAX;
        *saturated = true;
    }
}

//  The lead's type and planned investment, for its credit's classes.
static int
s_lead_class (lx_store_t *db, const char *lead, bool *manufacturing, int *tier)
{
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT type, investment FROM lead WHERE id = ?", "t", lead);
    int rc = stmt? lx_store_step (db, stmt): -1;
    *manufacturing = false;
    *tier = 0;
    if (rc == 1) {
        const char *type = (const char *) sqlite3_column_text (stmt, 0);
        *manufacturing = type && streq (type, "manufacturing");
        int64_t investment = sqlite3_column_int64 (stmt, 1);
        for (int floor = 1; floor < LX_REPORT_TIERS; floor++)
            if (investment >= lx_report_tier_floor [floor])
                *tier = floor;
        sqlite3_reset (stmt);
    }
    return rc == -1? -1: 0;
}

int
lx_report_figures (lx_store_t *db, const char *district, const char *from, const char *to,
                   lx_report_figures_t *figures)
{
    assert (db && district && from && to && figures);
    memset (figures, 0, sizeof *figures);
    sqlite3_stmt *stmt = lx_store_query (db, s_ledger_sql, "ttt", district, from, to);
    if (!stmt)
        return -1;
    char lead [65] = "";
    bool manufacturing = false;
    int tier = 0, step;
    while ((step = lx_store_step (db, stmt)) == 1) {
        const char *id = (const char *) sqlite3_column_text (stmt, 0);
        int metric = lx_metric_from_name ((const char *) sqlite3_column_text (stmt, 1));
        int source = sqlite3_column_int (stmt, 2)? LX_REPORT_OWN: sqlite3_column_int (stmt, 3)? LX_REPORT_OUT: LX_REPORT_IN;
        int64_t share = sqlite3_column_int64 (stmt, 4), whole = sqlite3_column_int64 (stmt, 5);
        if (metric < 0)
            continue;           //  not a metric of this program: counted nowhere
        if (!streq (id, lead)) {
            //  Rows come lead by lead: its class is read once.
            snprintf (lead, sizeof lead, "%s", id);
            if (s_lead_class (db, lead, &manufacturing, &tier)) {
                sqlite3_reset (stmt);
                return -1;
            }
        }
        bool *saturated = &figures->saturated;
        s_add (&figures->credit [metric][source], share, saturated);
        if (metric == LX_METRIC_COUNT_PROJECTS)
            for (int floor = 0; floor <= tier; floor++)
                s_add (&figures->projects [floor][source], share, saturated);
        if (metric == LX_METRIC_FUNDS) {
            s_add (&figures->funds, share, saturated);
            if (manufacturing)
                s_add (&figures->funds_manufacturing, share, saturated);
            s_add (&figures->rate_numerator [LX_RATE_FUNDS], whole, saturated);
        }
        if (metric == LX_METRIC_CONTRACT)
            s_add (&figures->rate_denominator [LX_RATE_FUNDS], whole, saturated);
    }
    if (step != 0)
        return -1;
    //  The rates: the leads the district lands, every report up to the end.
    stmt = lx_store_query (db, s_progress_sql, "tt", district, to);
    if (!stmt)
        return -1;
    int64_t reached [5] = { 0, 0, 0, 0, 0 };
    while ((step = lx_store_step (db, stmt)) == 1)
        for (int level = 1; level <= sqlite3_column_int (stmt, 0) && level < 5; level++)
            reached [level]++;
    if (step != 0)
        return -1;
    figures->rate_numerator [LX_RATE_SIGNING] = reached [2];
    figures->rate_denominator [LX_RATE_SIGNING] = reached [1];
    figures->rate_numerator [LX_RATE_START] = reached [4];
    figures->rate_denominator [LX_RATE_START] = reached [2];
    figures->rate_numerator [LX_RATE_LANDING] = reached [3];
    figures->rate_denominator [LX_RATE_LANDING] = reached [2];
    return 0;
}

int
lx_report_period (const char *period, char from [11], char to [11])
{
    int year = 0, part = 0;
#pragma GCC diagnostic push
#if !defined (__clang__)            //  clang has no such warning, and says so
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
    char tail = 0;
    if (!period)
        return -1;
    if (strlen (period) == 4 && sscanf (period, "%4d%c", &year, &tail) == 1) {
        snprintf (from, 11, "%04d-01-01", year);
        snprintf (to, 11, "%04d-01-01", year + 1);
    }
    else
    if (strlen (period) == 7 && sscanf (period, "%4d-Q%1d%c", &year, &part, &tail) == 2 && part >= 1 && part <= 4) {
        snprintf (from, 11, "%04d-%02d-01", year, part * 3 - 2);
        snprintf (to, 11, part == 4? "%04d-01-01": "%04d-%02d-01", part == 4? year + 1: year, part * 3 + 1);
    }
    else
    if (strlen (period) == 7 && sscanf (period, "%4d-%2d%c", &year, &part, &tail) == 2 && part >= 1 && part <= 12) {
        snprintf (from, 11, "%04d-%02d-01", year, part);
        snprintf (to, 11, part == 12? "%04d-01-01": "%04d-%02d-01", part == 12? year + 1: year, part + 1);
    }
    else
        return -1;
#pragma GCC diagnostic pop
    return year >= 2000 && year <= 2099? 0: -1;
}

int64_t
lx_report_total (const lx_report_figures_t *figures, int metric)
{
    assert (figures && metric >= 0 && metric < LX_METRIC_COUNT);
    int64_t total = 0;
    bool saturated = false;
    for (int source = 0; source < LX_REPORT_SOURCES; source++)
        s_add (&total, figures->credit [metric][source], &saturated);
    return total;
}

//  numerator / denominator in basis points, rounded down, exact for any
//  int64 inputs >= 0 (a result beyond int64 is INT64_MAX); -1 when the
//  denominator is 0.
static int64_t
s_bp (int64_t numerator, int64_t denominator)
{
    if (denominator <= 0 || numerator < 0)
        return -1;
    __int128 bp = (__int128) numerator * 10000 / denominator;
    return bp > INT64_MAX? INT64_MAX: (int64_t) bp;
}

int64_t
lx_report_manufacturing_bp (const lx_report_figures_t *figures)
{
    assert (figures);
    return s_bp (figures->funds_manufacturing, figures->funds);
}

int64_t
lx_report_rate_bp (const lx_report_figures_t *figures, int rate)
{
    assert (figures && rate >= 0 && rate < LX_RATE_COUNT);
    return s_bp (figures->rate_numerator [rate], figures->rate_denominator [rate]);
}

const char *
lx_report_rate_name (int rate)
{
    static const char *names [LX_RATE_COUNT] = { "signing", "start", "landing", "funds" };
    return rate >= 0 && rate < LX_RATE_COUNT? names [rate]: NULL;
}

const char *
lx_report_rate_label (int rate)
{
    static const char *labels [LX_RATE_COUNT] = { "签约率", "开工率", "落地率", "资金到位率" };
    return rate >= 0 && rate < LX_RATE_COUNT? labels [rate]: NULL;
}

//  Adds a row of a sheet of own / out / in / total values.
static void
s_sources_row (lx_sheet_t *sheet, const char *key, const char *label, const int64_t values [LX_REPORT_SOURCES])
{
    lx_sheet_row (sheet);
    lx_sheet_text (sheet, key);
    lx_sheet_text (sheet, label);
    int64_t total = 0;
    for (int source = 0; source < LX_REPORT_SOURCES; source++) {
        lx_sheet_int (sheet, values [source]);
        total += values [source];
    }
    lx_sheet_int (sheet, total);
}

//  Adds the own / out / in / total columns of kind to sheet.
static int
s_sources_columns (lx_sheet_t *sheet, const char *first_key, const char *first_heading, lx_sheet_kind_t kind)
{
    return lx_sheet_column (sheet, first_key, first_heading, LX_SHEET_TEXT)
        || lx_sheet_column (sheet, "label", "指标", LX_SHEET_TEXT)
        || lx_sheet_column (sheet, "own", "自主招引", kind)
        || lx_sheet_column (sheet, "out", "流出分成（发现方）", kind)
        || lx_sheet_column (sheet, "in", "流入分成（落地方）", kind)
        || lx_sheet_column (sheet, "total", "合计", kind)? -1: 0;
}

//  Adds a rate row: its value (empty without one) and how it was counted.
static void
s_rate_row (lx_sheet_t *sheet, const char *key, const char *label, int64_t bp, const char *basis, int64_t target)
{
    lx_sheet_row (sheet);
    lx_sheet_text (sheet, key);
    lx_sheet_text (sheet, label);
    if (bp < 0)
        lx_sheet_empty (sheet);
    else
        lx_sheet_int (sheet, bp);
    lx_sheet_text (sheet, basis);
    if (target < 0)
        lx_sheet_empty (sheet);
    else
        lx_sheet_int (sheet, target);
}

int
lx_report_sheets (const lx_report_figures_t *figures, const char *title, int64_t target_bp,
                  lx_sheet_t *sheets [LX_REPORT_SHEETS])
{
    assert (figures && title && sheets);
    char *titles [LX_REPORT_SHEETS] = {
        zsys_sprintf ("%s 招商考核业绩（元）", title),
        zsys_sprintf ("%s 项目数（按计划投资额）", title),
        zsys_sprintf ("%s 制造业占比与比率", title)
    };
    int rc = 0;
    for (int index = 0; index < LX_REPORT_SHEETS; index++) {
        sheets [index] = titles [index]? lx_sheet_new (titles [index]): NULL;
        zstr_free (&titles [index]);
        if (!sheets [index])
            rc = -1;
    }
    rc = rc || s_sources_columns (sheets [0], "metric", "考核指标", LX_SHEET_YUAN)
            || s_sources_columns (sheets [1], "tier", "项目规模", LX_SHEET_SHARE)
            || lx_sheet_column (sheets [2], "item", "项目", LX_SHEET_TEXT)
            || lx_sheet_column (sheets [2], "label", "指标", LX_SHEET_TEXT)
            || lx_sheet_column (sheets [2], "value", "数值", LX_SHEET_BP)
            || lx_sheet_column (sheets [2], "basis", "计算依据", LX_SHEET_TEXT)
            || lx_sheet_column (sheets [2], "target", "目标", LX_SHEET_BP)
            || lx_sheet_note (sheets [0], "只计入分成规则期限内的业绩；流出为本地发现、他地落地的发现方分成，"
                              "流入为他地发现、本地落地的落地方分成。")
            || lx_sheet_note (sheets [1], "一个项目为 1.0000，按分成比例共享（0.3000 为 0.3 个项目）；"
                              "签约时计一次。")
            || lx_sheet_note (sheets [2], "比率按本地落地的项目（自主与流入）计至期末。");
    rc = rc || (figures->saturated && lx_sheet_note (sheets [0], LX_REPORT_SATURATED_NOTE));
    if (rc) {
        for (int index = 0; index < LX_REPORT_SHEETS; index++)
            lx_sheet_destroy (&sheets [index]);
        return -1;
    }
    const int metrics [] = { LX_METRIC_CONTRACT, LX_METRIC_FUNDS, LX_METRIC_FIXED_ASSET, LX_METRIC_OUTPUT,
                             LX_METRIC_TAX };
    for (size_t index = 0; index < sizeof metrics / sizeof metrics [0]; index++)
        s_sources_row (sheets [0], lx_metric_name (metrics [index]), lx_metric_label (metrics [index]),
                       figures->credit [metrics [index]]);
    const char *tier_keys [LX_REPORT_TIERS] = { "all", "100m", "500m", "1bn" };
    const char *tier_labels [LX_REPORT_TIERS] = { "全部项目", "1亿元以上", "5亿元以上", "10亿元以上" };
    for (int tier = 0; tier < LX_REPORT_TIERS; tier++)
        s_sources_row (sheets [1], tier_keys [tier], tier_labels [tier], figures->projects [tier]);
    char basis [160];
    snprintf (basis, sizeof basis, "制造业到位资金 %" PRId64 " / 到位资金 %" PRId64 " 元",
              figures->funds_manufacturing, figures->funds);
    s_rate_row (sheets [2], "manufacturing", "制造业到位资金占比", lx_report_manufacturing_bp (figures), basis,
                target_bp);
    const char *bases [LX_RATE_COUNT] = {
        "签约项目 %" PRId64 " / 在谈及以上项目 %" PRId64, "开工项目 %" PRId64 " / 签约项目 %" PRId64,
        "注册及以上项目 %" PRId64 " / 签约项目 %" PRId64, "到位资金 %" PRId64 " / 合同投资 %" PRId64 " 元"
    };
    for (int rate = 0; rate < LX_RATE_COUNT; rate++) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf (basis, sizeof basis, bases [rate], figures->rate_numerator [rate],
                  figures->rate_denominator [rate]);
#pragma GCC diagnostic pop
        s_rate_row (sheets [2], lx_report_rate_name (rate), lx_report_rate_label (rate),
                    lx_report_rate_bp (figures, rate), basis, -1);
    }
    return 0;
}

int
lx_report_format_parse (const char *name)
{
    const char *names [] = { "table", "csv", "json", "xlsx" };
    for (int format = 0; name && format < 4; format++)
        if (streq (name, names [format]))
            return format;
    return -1;
}

//  Prints count sheets in a text format to out. Returns 0, or -1 with a
//  reason in error.
static int
s_print (lx_sheet_t **sheets, size_t count, int format, FILE *out, char *error, size_t error_size)
{
    if (format == LX_REPORT_JSON)
        fprintf (out, "[");
    for (size_t index = 0; index < count; index++) {
        int rc = 0;
        if (format == LX_REPORT_TABLE) {
            if (index)
                fprintf (out, "\n");
            rc = lx_sheet_print_table (sheets [index], out);
        }
        else
        if (format == LX_REPORT_CSV) {
            if (index)
                fprintf (out, "\r\n");
            rc = index? lx_sheet_print_csv_records (sheets [index], out): lx_sheet_print_csv (sheets [index], out);
        }
        else {
            if (index)
                fprintf (out, ",");
            rc = lx_sheet_print_json (sheets [index], out);
        }
        if (rc) {
            snprintf (error, error_size, "cannot write the report: %s", strerror (errno));
            return -1;
        }
    }
    if (format == LX_REPORT_JSON)
        fprintf (out, "]\n");
    if (fflush (out)) {
        snprintf (error, error_size, "cannot write the report: %s", strerror (errno));
        return -1;
    }
    return 0;
}

int
lx_report_output (lx_sheet_t **sheets, const char **names, size_t count, int format, const char *path,
                  bool force, char *error, size_t error_size)
{
    assert (sheets && names && error);
    if (format == LX_REPORT_XLSX) {
        if (!path) {
            snprintf (error, error_size, "an XLSX workbook needs --output FILE");
            return -1;
        }
        return lx_sheet_write_xlsx_book (sheets, names, count, path, force, error, error_size);
    }
    if (!path)
        return s_print (sheets, count, format, stdout, error, error_size);
    //  Beside path, then renamed onto it: never half a report, never over
    //  a file unless force (lx_outfile).
    lx_outfile_t *file = lx_outfile_new (path, force, error, error_size);
    if (!file)
        return -1;
    int rc = s_print (sheets, count, format, lx_outfile_stream (file), error, error_size);
    if (rc == 0)
        rc = lx_outfile_commit (file, error, error_size);
    lx_outfile_destroy (&file);
    return rc;
}

//  The selftest's store: the ledger, and lead and progress with the
//  columns both programs' stores give them.
static const char *const s_schema [] = {
    LX_LEDGER_SCHEMA
    "CREATE TABLE lead (id TEXT PRIMARY KEY, type TEXT NOT NULL, investment INTEGER NOT NULL);"
    "CREATE TABLE progress (id INTEGER PRIMARY KEY, lead TEXT NOT NULL, stage TEXT NOT NULL,"
    "  date TEXT NOT NULL, metric TEXT, amount INTEGER, finder TEXT NOT NULL, lander TEXT NOT NULL);"
};

//  Records a report of lead (finder, lander) in the selftest's store: the
//  progress row and, with a metric, the entry in each chain it credits.
static void
s_report (lx_store_t *db, int64_t id, const char *lead, const char *finder, const char *lander,
          const char *stage, const char *date, const char *metric, int64_t amount, int64_t bp, int counted)
{
    int rc = lx_store_exec (db, "INSERT INTO progress VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ittttitt", id, lead,
                            stage, date, metric, metric? amount: (int64_t) 0, finder, lander);
    assert (rc == 0);
    if (!metric)
        return;
    lx_ledger_entry_t entry = { .progress = id, .amount = amount, .finder_bp = bp, .counted = counted };
    snprintf (entry.lead, sizeof entry.lead, "%s", lead);
    snprintf (entry.stage, sizeof entry.stage, "%s", stage);
    snprintf (entry.date, sizeof entry.date, "%s", date);
    snprintf (entry.metric, sizeof entry.metric, "%s", metric);
    snprintf (entry.finder, sizeof entry.finder, "%s", finder);
    snprintf (entry.lander, sizeof entry.lander, "%s", lander);
    entry.finder_share = (int64_t) ((__int128) amount * bp / 10000);
    entry.lander_share = amount - entry.finder_share;
    assert (lx_ledger_append (db, lander, &entry, NULL, NULL) == 0);
    if (strcmp (finder, lander) != 0)
        assert (lx_ledger_append (db, finder, &entry, NULL, NULL) == 0);
}

void
lx_report_test (bool verbose)
{
    (void) verbose;
    char error [256];
    lx_store_t *db = lx_store_new (":memory:", LX_STORE_NORMAL, s_schema, 1, error, sizeof error);
    assert (db);
    assert (lx_store_exec (db, "INSERT INTO lead VALUES ('kecheng-1', 'manufacturing', 2000000000),"
                           " ('kecheng-2', 'service', 300000000), ('longyou-1', 'manufacturing', 80000000),"
                           " ('kecheng-3', 'manufacturing', 600000000)", "") == 0);
    //  kecheng-1: found by kecheng, landed by longyou at 30 / 70.
    s_report (db, 1, "kecheng-1", "kecheng", "longyou", "negotiating", "2026-10-20", NULL, 0, 0, 1);
    s_report (db, 2, "kecheng-1", "kecheng", "longyou", "signed", "2026-11-03", "contract", 2000000000, 3000, 1);
    s_report (db, 3, "kecheng-1", "kecheng", "longyou", "signed", "2026-11-03", "count", 10000, 3000, 1);
    s_report (db, 4, "kecheng-1", "kecheng", "longyou", "signed", "2026-11-20", "funds", 333333333, 3000, 1);
    s_report (db, 5, "kecheng-1", "kecheng", "longyou", "started", "2026-12-02", "funds", 100000000, 3000, 1);
    //  kecheng-2: kecheng's own, signed; kecheng-3 transferred to longyou, its
    //  tax outside its window.
    s_report (db, 6, "kecheng-2", "kecheng", "kecheng", "signed", "2026-11-10", "contract", 300000000, 0, 1);
    s_report (db, 7, "kecheng-2", "kecheng", "kecheng", "signed", "2026-11-10", "count", 10000, 0, 1);
    s_report (db, 8, "kecheng-2", "kecheng", "kecheng", "signed", "2026-11-11", "funds", 50000000, 0, 1);
    s_report (db, 9, "kecheng-3", "kecheng", "longyou", "producing", "2026-11-12", "tax", 7000000, 5000, 0);
    //  longyou-1: longyou's own, negotiating only.
    s_report (db, 10, "longyou-1", "longyou", "longyou", "negotiating", "2026-11-01", NULL, 0, 0, 1);

    lx_report_figures_t k, l;
    assert (lx_report_figures (db, "kecheng", "2026-11-01", "2026-12-01", &k) == 0);
    assert (lx_report_figures (db, "longyou", "2026-11-01", "2026-12-01", &l) == 0);
    //  Credit: own, out, in; the two districts' shares of a transfer make the whole.
    assert (k.credit [LX_METRIC_CONTRACT][LX_REPORT_OWN] == 300000000);
    assert (k.credit [LX_METRIC_CONTRACT][LX_REPORT_OUT] == 600000000);
    assert (l.credit [LX_METRIC_CONTRACT][LX_REPORT_IN] == 1400000000);
    assert (k.credit [LX_METRIC_FUNDS][LX_REPORT_OUT] + l.credit [LX_METRIC_FUNDS][LX_REPORT_IN] == 333333333);
    assert (k.credit [LX_METRIC_FUNDS][LX_REPORT_OUT] == 99999999);
    assert (lx_report_total (&k, LX_METRIC_CONTRACT) == 900000000);
    assert (lx_report_total (&k, LX_METRIC_TAX) == 0 && lx_report_total (&l, LX_METRIC_TAX) == 0);  //  not counted
    //  Projects: 0.3 of kecheng-1 (>= 1 bn) and all of kecheng-2 (>= 100 M).
    assert (k.projects [0][LX_REPORT_OUT] == 3000 && k.projects [0][LX_REPORT_OWN] == 10000);
    assert (k.projects [1][LX_REPORT_OWN] == 10000 && k.projects [2][LX_REPORT_OWN] == 0);
    assert (k.projects [3][LX_REPORT_OUT] == 3000 && l.projects [3][LX_REPORT_IN] == 7000);
    //  Manufacturing share of kecheng's funds: 99999999 of 149999999.
    assert (k.funds == 149999999 && k.funds_manufacturing == 99999999);
    assert (lx_report_manufacturing_bp (&k) == 6666);
    assert (lx_report_manufacturing_bp (&l) == 10000);
    //  Rates over the leads each lands, to the end of November.
    assert (lx_report_rate_bp (&k, LX_RATE_SIGNING) == 10000);          //  kecheng-2: signed / negotiated
    assert (lx_report_rate_bp (&k, LX_RATE_START) == 0);
    assert (k.rate_denominator [LX_RATE_START] == 1);
    assert (l.rate_numerator [LX_RATE_SIGNING] == 2 && l.rate_denominator [LX_RATE_SIGNING] == 3);
    assert (lx_report_rate_bp (&l, LX_RATE_SIGNING) == 6666);
    assert (lx_report_rate_bp (&l, LX_RATE_START) == 5000);             //  kecheng-3 of kecheng-1, -3
    assert (lx_report_rate_bp (&l, LX_RATE_LANDING) == 5000);
    assert (lx_report_rate_bp (&l, LX_RATE_FUNDS) == 1666);             //  333333333 / 2000000000
    assert (lx_report_rate_bp (&k, LX_RATE_FUNDS) == 1666);             //  50000000 / 300000000
    //  December: the second tranche only; the rates carry everything up to its end.
    assert (lx_report_figures (db, "longyou", "2026-12-01", "2027-01-01", &l) == 0);
    assert (lx_report_total (&l, LX_METRIC_FUNDS) == 70000000 && lx_report_total (&l, LX_METRIC_CONTRACT) == 0);
    assert (lx_report_rate_bp (&l, LX_RATE_FUNDS) == 2166);             //  433333333 / 2000000000
    assert (lx_report_rate_bp (&l, LX_RATE_START) == 10000);            //  kecheng-1 started on 12-02
    //  A district with nothing: no rate has a value.
    assert (lx_report_figures (db, "kaihua", "2026-01-01", "2027-01-01", &l) == 0);
    assert (lx_report_rate_bp (&l, LX_RATE_SIGNING) == -1 && lx_report_manufacturing_bp (&l) == -1);
    assert (s_bp (INT64_MAX, INT64_MAX) == 10000 && s_bp (1, 3) == 3333 && s_bp (2, 3) == 6666);
    assert (s_bp (INT64_MAX, 1) == INT64_MAX && s_bp (0, 5) == 0 && s_bp (1, 0) == -1);
    assert (streq (lx_report_rate_label (LX_RATE_FUNDS), "资金到位率") && !lx_report_rate_name (LX_RATE_COUNT));
    char from [11], to [11];
    assert (lx_report_period ("2026-11", from, to) == 0 && streq (from, "2026-11-01") && streq (to, "2026-12-01"));
    assert (lx_report_period ("2026-12", from, to) == 0 && streq (to, "2027-01-01"));
    assert (lx_report_period ("2026-Q4", from, to) == 0 && streq (from, "2026-10-01") && streq (to, "2027-01-01"));
    assert (lx_report_period ("2026-Q1", from, to) == 0 && streq (from, "2026-01-01") && streq (to, "2026-04-01"));
    assert (lx_report_period ("2026", from, to) == 0 && streq (from, "2026-01-01") && streq (to, "2027-01-01"));
    assert (lx_report_period ("2026-13", from, to) == -1);
    assert (lx_report_period ("2026-Q5", from, to) == -1);
    assert (lx_report_period ("26-11", from, to) == -1);
    assert (lx_report_period ("2026-11x", from, to) == -1);
    assert (lx_report_period ("1999", from, to) == -1);
    assert (lx_report_period (NULL, from, to) == -1);

    //  Figures past int64 (amounts the center confirmed, summed over a
    //  district's leads) never fail the report: held at the bound, said so.
    assert (lx_store_exec (db, "INSERT INTO lead VALUES ('jiangshan-1', 'manufacturing', 1000000000000000)", "") == 0);
    for (int64_t id = 20; id < 30; id++)
        s_report (db, id, "jiangshan-1", "jiangshan", "jiangshan", "signed", "2027-03-01", "funds",
                  INT64_C (1000000000000000000), 0, 1);
    lx_report_figures_t j;
    assert (lx_report_figures (db, "jiangshan", "2027-03-01", "2027-04-01", &j) == 0);
    assert (j.saturated && lx_report_total (&j, LX_METRIC_FUNDS) == INT64_MAX);
    lx_sheet_t *sheets [LX_REPORT_SHEETS];
    assert (lx_report_sheets (&j, "江山市 2027-03", 6500, sheets) == 0);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (lx_sheet_print_table (sheets [0], out) == 0);
    fclose (out);
    assert (strstr (text, "9,223,372,036,854,775,807") && strstr (text, "按此上限显示"));
    free (text);
    for (int index = 0; index < LX_REPORT_SHEETS; index++)
        lx_sheet_destroy (&sheets [index]);
    assert (!k.saturated);

    lx_store_destroy (&db);
}
