/*  broker_logic_held: progress reports held for the center. A report whose
    amount lies outside the city's bounds (broker_bounds) is not credited:
    it waits in the held table, and the reporter, the finder and the center
    are told. The center confirms it, and it is applied as it was reported
    (the same checks but the bounds), or rejects it; either way with a
    reason on the record, and everyone told again. Part of the
    broker_logic class (broker_logic_int.h). */

#include "broker_logic_int.h"
#include "lx_domain.h"
#include "lx_text.h"

int
broker_logic_held_emit (broker_logic_t *self, int64_t id, lx_error_t *error)
{
    sqlite3_stmt *stmt = lx_store_query (self->db,
        "SELECT held.lead, reporter, lead.finder, held.stage, held.date, metric, amount, status,"
        " CASE status WHEN 'held' THEN why ELSE decision_reason END"
        " FROM held JOIN lead ON lead.id = held.lead WHERE held.id = ?", "i", id);
    if (!stmt || lx_store_step (self->db, stmt) != 1)
        return BROKER_LOGIC_INTERNAL (self, error);
    lx_msg_t *event = lx_msg_new (LX_CMD_HELD);
    lx_msg_set_int (event, LX_F_HELD, id);
    lx_msg_set_str (event, LX_F_LEAD, (const char *) sqlite3_column_text (stmt, 0));
    char reporter [33], finder [33];
    snprintf (reporter, sizeof reporter, "%s", (const char *) sqlite3_column_text (stmt, 1));
    snprintf (finder, sizeof finder, "%s", (const char *) sqlite3_column_text (stmt, 2));
    lx_msg_set_str (event, LX_F_FINDER, finder);
    lx_msg_set_str (event, LX_F_LANDER, reporter);
    lx_msg_set_str (event, LX_F_STAGE, (const char *) sqlite3_column_text (stmt, 3));
    lx_msg_set_str (event, LX_F_DATE, (const char *) sqlite3_column_text (stmt, 4));
    lx_msg_set_str (event, LX_F_METRIC, (const char *) sqlite3_column_text (stmt, 5));
    lx_msg_set_int (event, LX_F_AMOUNT, sqlite3_column_int64 (stmt, 6));
    lx_msg_set_str (event, LX_F_STATUS, (const char *) sqlite3_column_text (stmt, 7));
    //  A reason is at most 512 bytes on the wire; ours are shorter.
    char reason [512];
    lx_text_cut ((const char *) sqlite3_column_text (stmt, 8), reason, sizeof reason);
    lx_msg_set_str (event, LX_F_REASON, reason);
    sqlite3_reset (stmt);
    int rc = broker_logic_emit (self, reporter, event, error);
    if (rc == 0 && !streq (finder, reporter))
        rc = broker_logic_emit (self, finder, event, error);
    if (rc == 0)
        rc = broker_logic_emit_center_except (self, event, reporter, finder, error);
    lx_msg_destroy (&event);
    return rc;
}

int
broker_logic_on_confirm (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    if (role != LX_ROLE_CENTER)
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the coordination center confirms held reports");
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (!reason || !*reason)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "a decision on a held report needs a reason on the record");
    int64_t id = lx_msg_int (msg, LX_F_HELD);
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT lead, reporter, stage, date, metric, amount, reason,"
                                         " status FROM held WHERE id = ?", "i", id);
    int step = stmt? lx_store_step (self->db, stmt): -1;
    if (step == 0)
        return lx_error_set (error, LX_ERR_NOT_FOUND, "no held report %" PRId64, id);
    if (step != 1)
        return BROKER_LOGIC_INTERNAL (self, error);
    bool open = streq ((const char *) sqlite3_column_text (stmt, 7), "held");
    char reporter [33];
    snprintf (reporter, sizeof reporter, "%s", (const char *) sqlite3_column_text (stmt, 1));
    //  The report as it was made, to apply once confirmed.
    lx_msg_t *report = lx_msg_new (LX_CMD_PROGRESS);
    lx_msg_set_str (report, LX_F_NODE, reporter);
    lx_msg_set_str (report, LX_F_LEAD, (const char *) sqlite3_column_text (stmt, 0));
    lx_msg_set_str (report, LX_F_STAGE, (const char *) sqlite3_column_text (stmt, 2));
    lx_msg_set_str (report, LX_F_DATE, (const char *) sqlite3_column_text (stmt, 3));
    lx_msg_set_str (report, LX_F_METRIC, (const char *) sqlite3_column_text (stmt, 4));
    lx_msg_set_int (report, LX_F_AMOUNT, sqlite3_column_int64 (stmt, 5));
    lx_msg_set_str (report, LX_F_REASON, (const char *) sqlite3_column_text (stmt, 6));
    sqlite3_reset (stmt);
    int rc = -1;
    if (!open) {
        lx_error_set (error, LX_ERR_CONFLICT, "held report %" PRId64 " is decided already", id);
        goto done;
    }
    bool approve = streq (lx_msg_str (msg, LX_F_DECISION), "approve");
    //  Confirmed, it is applied as reported: its lead may have moved on
    //  since (a stage past it, a period published), and is refused then.
    if (approve && broker_logic_apply_held (self, reporter, report, error))
        goto done;
    if (lx_store_exec (self->db, "UPDATE held SET status = ?, decided_by = ?, decision_reason = ?, decided = ?"
                       " WHERE id = ?", "tttii", approve? "confirmed": "rejected", node, reason,
                       lx_clock_now (self->clock), id)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    rc = broker_logic_held_emit (self, id, error);
    if (rc == 0)
        zsys_info ("broker: %s %s held report %" PRId64 " of %s: %s", node, approve? "confirmed": "rejected",
                   id, reporter, reason);
done:
    lx_msg_destroy (&report);
    return rc;
}
