/*  broker_logic_progress: the lander's progress reports, the credit they
    carry, and the ledger that records it. A report with an amount is split
    by the transfer's agreed split (a lead landed by its own finder is all
    its own), counted when it falls inside the agreed counting window, and
    appended as an entry to the hash chain of each district it credits; the
    PROGRESSED event tells each of them the entry's place and hash in its
    own chain, which its node checks against the copy it computes, and the
    broker's signature of that head, which the node checks and keeps. Counting
    rules: a project counts once, at its first signing; a later contract
    report is the new contract total and credits only what it adds (a
    capital increase). Part of the broker_logic class (broker_logic_int.h). */

#include "broker_logic_int.h"
#include "lx_domain.h"
#include "lx_ledger.h"
#include "lx_split.h"
#include "lx_clock.h"

//  The earliest report at a stage from which a window running from
//  signing / from construction start has begun: one indexed minimum per
//  stage (progress_stage), so the cost does not grow with the lead's
//  reports.
#define S_MIN(stage) "SELECT min (date) AS d FROM progress WHERE lead = ?1 AND stage = '" stage "'"
#define S_STARTED_ON S_MIN ("started") " UNION ALL " S_MIN ("completed") " UNION ALL " \
                     S_MIN ("producing") " UNION ALL " S_MIN ("capacity")
#define S_SIGNED_ON S_MIN ("signed") " UNION ALL " S_MIN ("registered") " UNION ALL " S_MIN ("land") \
                    " UNION ALL " S_STARTED_ON

//  What a progress report needs of its lead, read in one indexed row
//  without building the whole lead (its texts and lists): reports are most
//  of the broker's traffic.
typedef struct {
    char id [65];               //  the lead
    char finder [33];           //  the district that found it
    char lander [33];           //  the district it was transferred to, "" if none
    int stage;                  //  its stage before this report
    bool counted;               //  counted as a project already (first signing)
    int64_t investment;         //  its planned investment, yuan (the bounds' measure)
    char registered [11];       //  the broker's date of its registration
} s_reported_t;

//  Reads lead id into lead. Returns 0, or -1 with error filled (NOT_FOUND
//  for a lead not on the register, INTERNAL on a store error).
static int
s_reported_load (broker_logic_t *self, const char *id, s_reported_t *lead, lx_error_t *error)
{
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT finder, ifnull (lander, ''), stage, counted,"
                                         " investment, registered FROM lead WHERE id = ?", "t", id);
    int step = stmt? lx_store_step (self->db, stmt): -1;
    if (step == 0)
        return lx_error_set (error, LX_ERR_NOT_FOUND, "no lead %s on the register", id);
    if (step != 1)
        return BROKER_LOGIC_INTERNAL (self, error);
    //  Ids are validated at most 64 bytes (lead) and 32 (district) on the
    //  way in; a longer one in the store is not ours.
    const char *finder = (const char *) sqlite3_column_text (stmt, 0);
    const char *lander = (const char *) sqlite3_column_text (stmt, 1);
    bool fits = strlen (id) < sizeof lead->id && finder && strlen (finder) < sizeof lead->finder
             && lander && strlen (lander) < sizeof lead->lander;
    if (fits) {
        snprintf (lead->id, sizeof lead->id, "%s", id);
        snprintf (lead->finder, sizeof lead->finder, "%s", finder);
        snprintf (lead->lander, sizeof lead->lander, "%s", lander);
        lead->stage = lx_stage_from_name ((const char *) sqlite3_column_text (stmt, 2));
        lead->counted = sqlite3_column_int (stmt, 3) != 0;
        lead->investment = sqlite3_column_int64 (stmt, 4);
        lx_clock_date (sqlite3_column_int64 (stmt, 5), lead->registered);
    }
    sqlite3_reset (stmt);
    if (!fits)
        return lx_error_set (error, LX_ERR_INTERNAL, "lead %s: an id in the store is too long", id);
    return 0;
}

//  The split agreed for metric of a transferred lead: the finder's share,
//  the counting window in years and what it runs from. Returns 0, or -1
//  with error filled (INTERNAL).
static int
s_agreed (broker_logic_t *self, const char *lead, const char *metric, int64_t *finder_bp, int64_t *years,
          char from [16], lx_error_t *error)
{
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT finder_bp, years, window_from FROM transfer_split"
                                         " WHERE lead = ? AND metric = ?", "tt", lead, metric);
    if (!stmt || lx_store_step (self->db, stmt) != 1)
        return BROKER_LOGIC_INTERNAL (self, error);
    *finder_bp = sqlite3_column_int64 (stmt, 0);
    *years = sqlite3_column_int64 (stmt, 1);
    snprintf (from, 16, "%s", (const char *) sqlite3_column_text (stmt, 2));
    sqlite3_reset (stmt);
    return 0;
}

//  The date the counting window of metric on lead runs from (from: a
//  broker_policy_from_name), counting this report (stage, date) too; ""
//  when the event has not happened yet. Returns 0, or -1 with error.
static int
s_window_start (broker_logic_t *self, const char *lead, const char *metric, const char *from,
                int stage, const char *date, char start [11], lx_error_t *error)
{
    bool started = streq (from, "started");
    bool first = streq (from, "first");
    sqlite3_stmt *stmt = first
        ? lx_store_query (self->db, "SELECT ifnull (min (date), '') FROM progress WHERE lead = ? AND metric = ?",
                          "tt", lead, metric)
        : lx_store_query (self->db, started
                          ? "SELECT ifnull (min (d), '') FROM (" S_STARTED_ON ")"
                          : "SELECT ifnull (min (d), '') FROM (" S_SIGNED_ON ")",
                          "t", lead);
    if (!stmt || lx_store_step (self->db, stmt) != 1)
        return BROKER_LOGIC_INTERNAL (self, error);
    snprintf (start, 11, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    bool this_one = first || stage >= (started? LX_STAGE_STARTED: LX_STAGE_SIGNED);
    if (this_one && (!*start || strcmp (date, start) < 0))
        snprintf (start, 11, "%s", date);
    return 0;
}

//  True when date falls inside a window of years from start (a window not
//  begun yet, or of 0 years, holds every date): before the same day years
//  later.
static bool
s_inside (const char *start, int64_t years, const char *date)
{
    if (!*start || years == 0)
        return true;
    char end [16];
    snprintf (end, sizeof end, "%04d%s", atoi (start) + (int) years, start + 4);
    return strcmp (date, end) < 0;
}

//  Appends entry to node's chain and sets the event's ledger fields to it:
//  its seq, its hash and the broker's signature of that head (lx_sign),
//  which lets the node, and anyone holding the broker's public key, tell
//  the chain the broker issued from one re-hashed after the fact. Returns
//  0, or -1 with error filled.
static int
s_chain (broker_logic_t *self, const char *node, const lx_ledger_entry_t *entry, lx_msg_t *event,
         lx_error_t *error)
{
    int64_t seq;
    char hash [65], signature [LX_SIGN_HEX + 1];
    if (lx_ledger_append (self->db, node, entry, &seq, hash))
        return BROKER_LOGIC_INTERNAL (self, error);
    if (lx_sign_head (self->sign, node, seq, hash, signature))
        return lx_error_set (error, LX_ERR_INTERNAL, "cannot sign entry %" PRId64 " of %s's ledger", seq, node);
    lx_msg_set_int (event, LX_F_LEDGER, seq);
    lx_msg_set_str (event, LX_F_HASH, hash);
    lx_msg_set_str (event, LX_F_SIGNATURE, signature);
    return 0;
}

//  Records one progress report of lead (metric -1 for a stage alone): the
//  progress row, and for an amount its credit entries in the ledger; tells
//  the lander and, for a transferred lead, the finder. Returns 0, or -1
//  with error filled.
static int
s_record (broker_logic_t *self, const s_reported_t *lead, const char *lander, const char *reporter,
          int stage, const char *date, int metric, int64_t amount, const char *reason, lx_error_t *error)
{
    bool transferred = !streq (lead->finder, lander);
    lx_ledger_entry_t entry;
    memset (&entry, 0, sizeof entry);
    entry.counted = 1;
    if (metric >= 0) {
        char from [16] = "signed", start [11] = "";
        int64_t years = 0;
        if (transferred
        &&  (s_agreed (self, lead->id, lx_metric_name (metric), &entry.finder_bp, &years, from, error)
         ||  s_window_start (self, lead->id, lx_metric_name (metric), from, stage, date, start, error)))
            return -1;
        entry.counted = s_inside (start, years, date)? 1: 0;
        if (lx_split_shares (amount, (int) entry.finder_bp, &entry.finder_share, &entry.lander_share))
            return lx_error_set (error, LX_ERR_BAD_VALUE, "amount %" PRId64 " cannot be split", amount);
    }
    const char *metric_name = metric >= 0? lx_metric_name (metric): NULL;
    int stored = metric >= 0
        ? lx_store_exec (self->db, "INSERT INTO progress (lead, reporter, stage, date, metric, amount,"
                         " finder, lander, finder_bp, finder_share, lander_share, reason)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttittiiit",
                         lead->id, reporter, lx_stage_name (stage), date, metric_name, amount,
                         lead->finder, lander, entry.finder_bp, entry.finder_share, entry.lander_share, reason)
        : lx_store_exec (self->db, "INSERT INTO progress (lead, reporter, stage, date, finder, lander, reason)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt", lead->id, reporter,
                         lx_stage_name (stage), date, lead->finder, lander, reason);
    if (stored)
        return BROKER_LOGIC_INTERNAL (self, error);
    int64_t id = sqlite3_last_insert_rowid (lx_store_handle (self->db));
    lx_msg_t *event = lx_msg_new (LX_CMD_PROGRESSED);
    lx_msg_set_str (event, LX_F_LEAD, lead->id);
    lx_msg_set_int (event, LX_F_PROGRESS, id);
    lx_msg_set_str (event, LX_F_STAGE, lx_stage_name (stage));
    lx_msg_set_str (event, LX_F_DATE, date);
    lx_msg_set_str (event, LX_F_FINDER, lead->finder);
    lx_msg_set_str (event, LX_F_LANDER, lander);
    if (metric >= 0) {
        lx_msg_set_str (event, LX_F_METRIC, metric_name);
        lx_msg_set_int (event, LX_F_AMOUNT, amount);
        lx_msg_set_int (event, LX_F_FINDER_BP, entry.finder_bp);
        lx_msg_set_int (event, LX_F_FINDER_SHARE, entry.finder_share);
        lx_msg_set_int (event, LX_F_LANDER_SHARE, entry.lander_share);
        lx_msg_set_bool (event, LX_F_COUNTED, entry.counted != 0);
        entry.progress = id;
        snprintf (entry.lead, sizeof entry.lead, "%s", lead->id);
        snprintf (entry.stage, sizeof entry.stage, "%s", lx_stage_name (stage));
        snprintf (entry.date, sizeof entry.date, "%s", date);
        snprintf (entry.metric, sizeof entry.metric, "%s", metric_name);
        entry.amount = amount;
        snprintf (entry.finder, sizeof entry.finder, "%s", lead->finder);
        snprintf (entry.lander, sizeof entry.lander, "%s", lander);
    }
    //  Each district's event names the entry in its own chain.
    int rc = (metric < 0 || s_chain (self, lander, &entry, event, error) == 0)
          && broker_logic_emit (self, lander, event, error) == 0? 0: -1;
    if (rc == 0 && transferred)
        rc = (metric < 0 || s_chain (self, lead->finder, &entry, event, error) == 0)
          && broker_logic_emit (self, lead->finder, event, error) == 0? 0: -1;
    lx_msg_destroy (&event);
    return rc;
}

//  Checks a report's date: not after today (the broker's clock), not
//  before the lead was registered, not before the lead reached an earlier
//  stage (its first report there), and not in a month whose ranking is
//  published. Returns 0, or -1
//  with error filled (BAD_VALUE, CLOSED, INTERNAL).
static int
s_date_check (broker_logic_t *self, const s_reported_t *lead, int stage, const char *date, lx_error_t *error)
{
    char today [11];
    lx_clock_date (lx_clock_now (self->clock), today);
    if (strcmp (date, today) > 0)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "a report is dated today or before: %s is after %s",
                             date, today);
    if (strcmp (date, lead->registered) < 0)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "%s is before lead %s was registered, on %s: only what"
                             " happened on the register counts", date, lead->id, lead->registered);
    //  The lead reached each stage on its first report there: nothing at a
    //  later stage comes before. One indexed row per stage (progress_stage).
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT stage, min (date) FROM progress WHERE lead = ?"
                                         " GROUP BY stage", "t", lead->id);
    if (!stmt)
        return BROKER_LOGIC_INTERNAL (self, error);
    int step;
    char later [64] = "";
    while ((step = lx_store_step (self->db, stmt)) == 1) {
        const char *at = (const char *) sqlite3_column_text (stmt, 1);
        if (!*later && lx_stage_from_name ((const char *) sqlite3_column_text (stmt, 0)) < stage
        &&  at && strcmp (date, at) < 0)
            snprintf (later, sizeof later, "%s %s", (const char *) sqlite3_column_text (stmt, 0), at);
    }
    if (step != 0)
        return BROKER_LOGIC_INTERNAL (self, error);
    if (*later)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "a %s report dated %s comes before the lead reached an"
                             " earlier stage (%s)", lx_stage_name (stage), date, later);
    int64_t closed;
    int found = lx_store_int (self->db, &closed, "SELECT 1 FROM closed WHERE month = substr (?, 1, 7)", "t", date);
    if (found < 0)
        return BROKER_LOGIC_INTERNAL (self, error);
    if (found == 0)
        return lx_error_set (error, LX_ERR_CLOSED, "%.7s is published (its ranking is closed): enter it dated in"
                             " the open period, with a reason", date);
    return 0;
}

//  Holds a report outside the bounds for the center: recorded in held,
//  and its reporter (the lander), the finder (of a transferred lead) and
//  every center node told. Nothing is credited, the stage does not move. Returns 0, or
//  -1 with error filled.
static int
s_hold (broker_logic_t *self, const s_reported_t *lead, const char *reporter, int stage,
        const char *date, int metric, int64_t amount, const char *reason, const char *why, lx_error_t *error)
{
    if (lx_store_exec (self->db, "INSERT INTO held (lead, reporter, stage, date, metric, amount, reason, why,"
                       " held, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held')", "tttttitti", lead->id,
                       reporter, lx_stage_name (stage), date, lx_metric_name (metric), amount, reason, why,
                       lx_clock_now (self->clock)))
        return BROKER_LOGIC_INTERNAL (self, error);
    int64_t id = sqlite3_last_insert_rowid (lx_store_handle (self->db));
    zsys_warning ("broker: held %s's %s report of %" PRId64 " on %s for the center: %s", reporter,
                  lx_metric_name (metric), amount, lead->id, why);
    return broker_logic_held_emit (self, id, error);
}

//  A progress report from node; with bounded, one outside the bounds is
//  held for the center instead of credited (a confirmation applies it
//  unbounded). Returns 0, or -1 with error filled.
static int
s_progress (broker_logic_t *self, const char *node, lx_msg_t *msg, bool bounded, lx_error_t *error)
{
    s_reported_t reported;
    if (s_reported_load (self, lx_msg_str (msg, LX_F_LEAD), &reported, error))
        return -1;
    const s_reported_t *lead = &reported;
    int stage = lx_stage_from_name (lx_msg_str (msg, LX_F_STAGE));
    int metric = lx_msg_has (msg, LX_F_METRIC)? lx_metric_from_name (lx_msg_str (msg, LX_F_METRIC)): -1;
    int64_t amount = lx_msg_int (msg, LX_F_AMOUNT);
    const char *landing = *lead->lander? lead->lander: lead->finder;
    if (!streq (node, landing))
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only %s reports progress on %s", landing, lead->id);
    if (lx_msg_has (msg, LX_F_METRIC) != lx_msg_has (msg, LX_F_AMOUNT))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "metric and amount come together");
    if (metric == LX_METRIC_COUNT_PROJECTS)
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "project counts are credited at first signing, not reported");
    if (lead->stage >= LX_STAGE_OFFERED && lead->stage <= LX_STAGE_CLAIMED)
        return lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s: its transfer is not settled",
                             lead->id, lx_stage_name (lead->stage));
    if (broker_logic_conflict_refuse (self, lead->id, "reported on", error))
        return -1;
    bool reportable = stage == LX_STAGE_ASSESSING || (stage >= LX_STAGE_NEGOTIATING && stage <= LX_STAGE_CAPACITY);
    if (!reportable || !lx_stage_may_progress (lead->stage, stage))
        return lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s and cannot be reported %s",
                             lead->id, lx_stage_name (lead->stage), lx_stage_name (stage));
    const char *date = lx_msg_str (msg, LX_F_DATE);
    if (s_date_check (self, lead, stage, date, error))
        return -1;
    int64_t before = 0;
    if (metric == LX_METRIC_CONTRACT) {
        //  A capital increase: the new total, credited by what it adds.
        //  Any earlier contract report makes this one a later total, even
        //  when what it credited was nothing.
        int64_t reports;
        if (lx_store_int (self->db, &before, "SELECT lx_sum (amount) FROM progress"
                          " WHERE lead = ? AND metric = 'contract'", "t", lead->id)
        ||  lx_store_int (self->db, &reports, "SELECT count(*) FROM progress"
                          " WHERE lead = ? AND metric = 'contract'", "t", lead->id))
            return BROKER_LOGIC_INTERNAL (self, error);
        if (reports > 0 && amount <= before)
            return lx_error_set (error, LX_ERR_BAD_VALUE, "a later contract amount is the new total (a capital"
                                 " increase): %" PRId64 " does not exceed the %" PRId64 " already credited",
                                 amount, before);
        amount -= before;
    }
    else
    if (metric >= 0 && bounded && self->bounds && broker_bounds_cumulative (metric)
    &&  lx_store_int (self->db, &before, "SELECT lx_sum (amount) FROM progress"
                      " WHERE lead = ? AND metric = ?", "tt", lead->id, lx_metric_name (metric)))
        return BROKER_LOGIC_INTERNAL (self, error);
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    char why [300];
    if (metric >= 0 && bounded && self->bounds
    &&  broker_bounds_check (self->bounds, metric, lead->investment, before, amount, why, sizeof why))
        return s_hold (self, lead, node, stage, date, metric,
                       metric == LX_METRIC_CONTRACT? amount + before: amount, reason, why, error);
    //  The lead's stage and activity. The timers read activity only before
    //  signing (a claim, transfer or negotiation with no progress goes
    //  stale), where every report counts; from signing on, a report that
    //  leaves the stage as it was leaves the lead's row alone (most reports
    //  are tranches of funds, and the rewrite of the row and its activity
    //  index was the costliest statement after the inserts).
    if ((stage != lead->stage || stage < LX_STAGE_SIGNED) && broker_logic_set_stage (self, lead->id, stage))
        return BROKER_LOGIC_INTERNAL (self, error);
    if (s_record (self, lead, landing, node, stage, date, metric, amount, reason, error))
        return -1;
    //  A project counts once, at its first signing: shared like money.
    //  Nothing in this report changed counted since the lead was read.
    if (stage >= LX_STAGE_SIGNED && !lead->counted) {
        if (lx_store_exec (self->db, "UPDATE lead SET counted = 1 WHERE id = ?", "t", lead->id))
            return BROKER_LOGIC_INTERNAL (self, error);
        if (s_record (self, lead, landing, node, stage, date, LX_METRIC_COUNT_PROJECTS, LX_PROJECT_UNIT, NULL,
                      error))
            return -1;
    }
    return 0;
}

int
broker_logic_on_progress (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    return s_progress (self, node, msg, true, error);
}

int
broker_logic_apply_held (broker_logic_t *self, const char *reporter, lx_msg_t *report, lx_error_t *error)
{
    return s_progress (self, reporter, report, false, error);
}
