/*  broker_logic_timers: what the exchange does when a clock runs out.
    An open offer nobody claimed within its window returns to its finder;
    a claimed lead the center has not decided, or a transferred one with
    no progress, within the policy window (one month in Guangzhou's rule)
    is flagged to the center, and a transfer so flagged returns to the pool
    when the policy says so (the other districts it was routed to are
    offered it again; without any, it returns to its finder). Part of the
    broker_logic class (broker_logic_int.h). */

#include "broker_logic_int.h"
#include "lx_domain.h"

#define S_DAY_MS (INT64_C (24) * 3600 * 1000)

//  Builds a RETURNED event: lead is back at stage, taken from claimant
//  (NULL when nobody held it).
static lx_msg_t *
s_returned (const char *lead, const char *finder, const char *claimant, int stage, const char *reason)
{
    lx_msg_t *event = lx_msg_new (LX_CMD_RETURNED);
    lx_msg_set_str (event, LX_F_LEAD, lead);
    lx_msg_set_str (event, LX_F_FINDER, finder);
    if (claimant && *claimant)
        lx_msg_set_str (event, LX_F_CLAIMANT, claimant);
    lx_msg_set_str (event, LX_F_STAGE, lx_stage_name (stage));
    lx_msg_set_str (event, LX_F_REASON, reason);
    return event;
}

//  An open offer past its window: closed, and the lead back with its finder.
static int
s_expire (broker_logic_t *self, broker_due_t *due, lx_error_t *error)
{
    char reason [160];
    snprintf (reason, sizeof reason, "no district claimed it within %" PRId64 " days; back with its finder",
              broker_timers_offer_days (self->timers));
    if (lx_store_exec (self->db, "UPDATE offer SET status = 'expired' WHERE lead = ? AND status = 'open'",
                       "t", due->lead)
    ||  broker_logic_set_stage (self, due->lead, LX_STAGE_ASSESSING))
        return BROKER_LOGIC_INTERNAL (self, error);
    if (broker_logic_record_change (self, due->lead, due->finder, "expire", NULL, reason, error))
        return -1;
    lx_msg_t *returned = s_returned (due->lead, due->finder, NULL, LX_STAGE_ASSESSING, reason);
    lx_msg_t *closed = lx_msg_new (LX_CMD_CLOSED);
    lx_msg_set_str (closed, LX_F_LEAD, due->lead);
    lx_msg_set_str (closed, LX_F_REASON, "the offer expired unclaimed");
    int rc = broker_logic_emit (self, due->finder, returned, error) == 0
          && broker_logic_emit_routes (self, due->lead, closed, error) == 0? 0: -1;
    lx_msg_destroy (&returned);
    lx_msg_destroy (&closed);
    if (rc == 0)
        zsys_info ("broker: the offer of %s expired unclaimed; returned to %s", due->lead, due->finder);
    return rc;
}

//  Offers lead again to every district still on its routes, as the first
//  time (score and reasons as recorded). Returns how many, or -1 with error.
static int
s_reoffer (broker_logic_t *self, const char *id, lx_error_t *error)
{
    lx_lead_t *lead = broker_logic_lead_by_id (self, id, NULL, error);
    if (!lead)
        return -1;
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT node, score, reasons FROM route WHERE lead = ?"
                                         " ORDER BY score DESC, node", "t", id);
    if (!stmt) {
        lx_lead_destroy (&lead);
        return BROKER_LOGIC_INTERNAL (self, error);
    }
    //  Built first: emitting writes the store while the query is open.
    zlistx_t *offers = zlistx_new ();
    assert (offers);
    zlistx_set_destructor (offers, (zlistx_destructor_fn *) lx_msg_destroy);
    int step;
    while ((step = lx_store_step (self->db, stmt)) == 1) {
        lx_msg_t *offered = lx_msg_new (LX_CMD_OFFERED);
        lx_lead_to_msg (lead, offered, false);
        lx_msg_set_str (offered, LX_F_NODE, (const char *) sqlite3_column_text (stmt, 0));
        lx_msg_set_int (offered, LX_F_SCORE, sqlite3_column_int64 (stmt, 1));
        char *reasons = strdup ((const char *) sqlite3_column_text (stmt, 2));
        assert (reasons);
        for (char *reason = reasons, *next; reason && *reason; reason = next) {
            next = strstr (reason, " | ");
            if (next) {
                *next = 0;
                next += 3;
            }
            lx_msg_add_item (offered, LX_F_REASONS, reason);
        }
        free (reasons);
        zlistx_add_end (offers, offered);
    }
    int rc = step == 0? 0: BROKER_LOGIC_INTERNAL (self, error);
    for (lx_msg_t *offered = (lx_msg_t *) zlistx_first (offers); offered && rc == 0;
         offered = (lx_msg_t *) zlistx_next (offers)) {
        //  A copy: storing the event sets its node field, freeing this one.
        char *node = strdup (lx_msg_str (offered, LX_F_NODE));
        assert (node);
        rc = broker_logic_emit (self, node, offered, error);
        free (node);
    }
    if (rc == 0)
        rc = (int) zlistx_size (offers);
    zlistx_destroy (&offers);
    lx_lead_destroy (&lead);
    return rc;
}

//  A stale transfer back to the pool: the transfer moved to
//  transfer_returned (its agreed split with it), the former lander off the
//  routes, the offer open again to the others. Tells the former lander,
//  the finder and the center. Returns 0, or -1 with error filled.
static int
s_return_to_pool (broker_logic_t *self, broker_due_t *due, const char *reason, lx_error_t *error)
{
    int64_t now = lx_clock_now (self->clock);
    if (lx_store_exec (self->db,
            "INSERT INTO transfer_returned (lead, finder, lander, decision, splits, returned, reason)"
            " SELECT lead, finder, lander, decision, (SELECT ifnull (group_concat (metric || '=' || finder_bp, ','), '')"
            " FROM (SELECT metric, finder_bp FROM transfer_split WHERE lead = ?1 ORDER BY metric)), ?2, ?3"
            " FROM transfer WHERE lead = ?1", "tit", due->lead, now, reason)
    ||  lx_store_exec (self->db, "DELETE FROM transfer_split WHERE lead = ?", "t", due->lead)
    ||  lx_store_exec (self->db, "DELETE FROM transfer WHERE lead = ?", "t", due->lead)
    ||  lx_store_exec (self->db, "DELETE FROM route WHERE lead = ? AND node = ?", "tt", due->lead, due->holder)
    ||  lx_store_exec (self->db, "INSERT INTO offer (lead, status, offered) VALUES (?, 'open', ?)"
                       " ON CONFLICT (lead) DO UPDATE SET status = 'open', offered = excluded.offered,"
                       " claimant = NULL, claimed = NULL", "ti", due->lead, now)
    ||  lx_store_exec (self->db, "UPDATE lead SET lander = NULL WHERE id = ?", "t", due->lead)
    ||  broker_logic_set_stage (self, due->lead, LX_STAGE_OFFERED))
        return BROKER_LOGIC_INTERNAL (self, error);
    if (broker_logic_record_change (self, due->lead, due->holder, "return", NULL, reason, error))
        return -1;
    int offered = s_reoffer (self, due->lead, error);
    if (offered < 0)
        return -1;
    int stage = LX_STAGE_OFFERED;
    if (offered == 0) {
        //  Nobody else to offer it to: back with its finder.
        if (lx_store_exec (self->db, "UPDATE offer SET status = 'expired' WHERE lead = ?", "t", due->lead)
        ||  broker_logic_set_stage (self, due->lead, LX_STAGE_ASSESSING))
            return BROKER_LOGIC_INTERNAL (self, error);
        stage = LX_STAGE_ASSESSING;
    }
    char told [300];
    snprintf (told, sizeof told, "%s; %s", reason, offered? "back in the pool, offered again to the other"
              " districts it was routed to": "no other district it was routed to: back with its finder");
    lx_msg_t *returned = s_returned (due->lead, due->finder, due->holder, stage, told);
    int rc = broker_logic_emit (self, due->holder, returned, error) == 0
          && broker_logic_emit (self, due->finder, returned, error) == 0
          && broker_logic_emit_center_except (self, returned, due->holder, due->finder, error) == 0? 0: -1;
    lx_msg_destroy (&returned);
    if (rc == 0)
        zsys_info ("broker: %s returned from %s to the pool (offered again to %d districts)",
                   due->lead, due->holder, offered);
    return rc;
}

//  A claimed or transferred lead with no progress: flagged to the center
//  once for this silence, and returned to the pool when the policy says.
static int
s_stale (broker_logic_t *self, broker_due_t *due, lx_error_t *error)
{
    char since [11];
    if (lx_clock_date (due->activity, since))
        return lx_error_set (error, LX_ERR_INTERNAL, "an activity time out of the calendar");
    bool claimed = streq (due->stage, "claimed");
    bool returning = !claimed && broker_timers_return_stale (self->timers);
    char reason [200];
    snprintf (reason, sizeof reason, "%s since %s (%" PRId64 " days)%s",
              claimed? "claimed by the district and not decided": "no progress reported",
              since, broker_timers_progress_days (self->timers),
              returning? "; the transfer is undone": claimed? "; the center's decision is due": "");
    if (lx_store_exec (self->db, "UPDATE lead SET flagged = activity WHERE id = ?", "t", due->lead))
        return BROKER_LOGIC_INTERNAL (self, error);
    lx_msg_t *stale = lx_msg_new (LX_CMD_STALE);
    lx_msg_set_str (stale, LX_F_LEAD, due->lead);
    lx_msg_set_str (stale, LX_F_FINDER, due->finder);
    if (*due->holder)
        lx_msg_set_str (stale, LX_F_CLAIMANT, due->holder);
    lx_msg_set_str (stale, LX_F_STAGE, due->stage);
    lx_msg_set_str (stale, LX_F_DATE, since);
    lx_msg_set_str (stale, LX_F_REASON, reason);
    int rc = broker_logic_emit_center (self, stale, error);
    lx_msg_destroy (&stale);
    if (rc == 0)
        zsys_info ("broker: %s (%s, %s): %s", due->lead, due->stage, due->holder, reason);
    if (rc == 0 && returning)
        rc = s_return_to_pool (self, due, reason, error);
    return rc;
}

int
broker_logic_run_timers (broker_logic_t *self, lx_error_t *error)
{
    assert (self);
    int64_t now = lx_clock_now (self->clock);
    int acted = 0;
    zlistx_t *lists [2] = {
        broker_timers_expired_offers (self->timers, self->db, now),
        broker_timers_stale (self->timers, self->db, now)
    };
    int rc = lists [0] && lists [1]? 0: BROKER_LOGIC_INTERNAL (self, error);
    for (int which = 0; which < 2 && rc == 0; which++)
        for (broker_due_t *due = (broker_due_t *) zlistx_first (lists [which]); due && rc == 0;
             due = (broker_due_t *) zlistx_next (lists [which])) {
            rc = which == 0? s_expire (self, due, error): s_stale (self, due, error);
            acted++;
        }
    zlistx_destroy (&lists [0]);
    zlistx_destroy (&lists [1]);
    return rc == 0? acted: -1;
}
