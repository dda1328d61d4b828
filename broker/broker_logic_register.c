/*  broker_logic_register: the city's register (报备) as the exchange
    enforces it: a registration naming an investor that another district
    registered first, within its protection window, opens a conflict that
    both districts and the center see; the center resolves it (keep the
    first, transfer, merge, or dismiss as not the same investor) and strikes
    off (销号) the leads the monthly review lists. Part of the broker_logic
    class (broker_logic_int.h). */

#include "broker_logic_int.h"
#include "lx_domain.h"
#include "lx_text.h"

//  Formats a note for the record and the events into note (size bytes),
//  cut at a character boundary to fit a reason field (512 bytes).
static void
s_note (char *note, size_t size, const char *format, ...) __attribute__ ((format (printf, 3, 4)));

static void
s_note (char *note, size_t size, const char *format, ...)
{
    char whole [1024];
    va_list args;
    va_start (args, format);
    vsnprintf (whole, sizeof whole, format, args);
    va_end (args);
    lx_text_cut (whole, note, size < 501? size: 501);
}

//  Builds a CONFLICT or RESOLVED event about the later lead of a conflict.
static lx_msg_t *
s_register_event (lx_cmd_t cmd, const char *lead, const char *finder, const char *earlier,
                  const char *holder)
{
    lx_msg_t *event = lx_msg_new (cmd);
    lx_msg_set_str (event, LX_F_LEAD, lead);
    lx_msg_set_str (event, LX_F_FINDER, finder);
    lx_msg_set_str (event, LX_F_EARLIER, earlier);
    lx_msg_set_str (event, LX_F_HOLDER, holder);
    return event;
}

//  Stores event for both districts of a conflict and for the center.
//  Returns 0, or -1 with error filled.
static int
s_tell_both (broker_logic_t *self, lx_msg_t *event, lx_error_t *error)
{
    //  Copies: storing the event sets its node field.
    char *finder = strdup (lx_msg_str (event, LX_F_FINDER));
    char *holder = strdup (lx_msg_str (event, LX_F_HOLDER));
    assert (finder && holder);
    int rc = broker_logic_emit (self, finder, event, error) == 0
          && broker_logic_emit (self, holder, event, error) == 0
          && broker_logic_emit_center_except (self, event, finder, holder, error) == 0? 0: -1;
    free (finder);
    free (holder);
    return rc;
}

int
broker_logic_register_check (broker_logic_t *self, lx_lead_t *lead, lx_error_t *error)
{
    int64_t now = lx_clock_now (self->clock);
    broker_conflict_t conflict;
    int found = broker_register_find (self->reg, self->db, lead, now, &conflict);
    if (found == -1)
        return BROKER_LOGIC_INTERNAL (self, error);
    if (found == 0)
        return 0;
    const char *match = broker_register_kind_name (conflict.kind);
    if (lx_store_exec (self->db, "INSERT INTO conflict (lead, earlier, match, similarity, detected, status)"
                       " VALUES (?, ?, ?, ?, ?, 'open')", "tttii", lead->id, conflict.lead, match,
                       (int64_t) conflict.similarity, now))
        return BROKER_LOGIC_INTERNAL (self, error);
    char registered [11], until [11];
    if (lx_clock_date (conflict.registered, registered) || lx_clock_date (conflict.protected_until, until))
        return lx_error_set (error, LX_ERR_INTERNAL, "a registration time out of the calendar");
    lx_msg_t *event = s_register_event (LX_CMD_CONFLICT, lead->id, lead->finder, conflict.lead, conflict.finder);
    lx_msg_set_str (event, LX_F_INVESTOR, lead->investor);
    lx_msg_set_str (event, LX_F_DATE, registered);
    lx_msg_set_str (event, LX_F_UNTIL, until);
    lx_msg_set_str (event, LX_F_MATCH, match);
    lx_msg_set_int (event, LX_F_SIMILARITY, conflict.similarity);
    int rc = s_tell_both (self, event, error);
    lx_msg_destroy (&event);
    if (rc == 0)
        zsys_warning ("broker: %s names the investor of %s, registered by %s on %s and protected until"
                      " %s (%s match, %d bp): a conflict for the center", lead->id, conflict.lead,
                      conflict.finder, registered, until, match, conflict.similarity);
    return rc;
}

int
broker_logic_conflict_close (broker_logic_t *self, lx_lead_t *lead, const char *node, lx_error_t *error)
{
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT c.earlier, e.finder FROM conflict c"
                                         " JOIN lead e ON e.id = c.earlier WHERE c.lead = ? AND c.status = 'open'",
                                         "t", lead->id);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found != 1)
        return found == 0? 0: BROKER_LOGIC_INTERNAL (self, error);
    char *earlier = strdup ((const char *) sqlite3_column_text (stmt, 0));
    char *holder = strdup ((const char *) sqlite3_column_text (stmt, 1));
    sqlite3_reset (stmt);
    const char *reason = lead->stage == LX_STAGE_WITHDRAWN
        ? "the later registration was withdrawn: the first keeps the investor"
        : "the later registration was struck off: the first keeps the investor";
    int rc = -1;
    if (lx_store_exec (self->db, "UPDATE conflict SET status = 'keep', resolved_by = ?, reason = ?, resolved = ?"
                       " WHERE lead = ?", "ttit", node, reason, lx_clock_now (self->clock), lead->id))
        BROKER_LOGIC_INTERNAL (self, error);
    else {
        lx_msg_t *event = s_register_event (LX_CMD_RESOLVED, lead->id, lead->finder, earlier, holder);
        lx_msg_set_str (event, LX_F_RESOLUTION, "keep");
        lx_msg_set_str (event, LX_F_REASON, reason);
        rc = s_tell_both (self, event, error);
        lx_msg_destroy (&event);
    }
    free (earlier);
    free (holder);
    return rc;
}

int
broker_logic_conflict_refuse (broker_logic_t *self, const char *lead, const char *what, lx_error_t *error)
{
    int64_t one;
    int found = lx_store_int (self->db, &one, "SELECT 1 FROM conflict WHERE lead = ? AND status = 'open'",
                              "t", lead);
    if (found == -1)
        return BROKER_LOGIC_INTERNAL (self, error);
    if (found == 0)
        return lx_error_set (error, LX_ERR_CONFLICT, "lead %s names an investor another district registered"
                             " first; it can be %s once the center resolves the conflict", lead, what);
    return 0;
}

//  Strikes lead off for node with reason: the lead must be alive and not
//  yet signed. Returns 0, or -1 with error filled (CONFLICT, INTERNAL).
static int
s_strike (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *node,
          const char *reason, lx_error_t *error)
{
    if (lead->stage >= LX_STAGE_SIGNED)
        return lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s: only a lead not yet signed can be"
                             " struck off", lead->id, lx_stage_name (lead->stage));
    char *status = NULL;
    if (broker_logic_offer_status (self, lead->id, &status, error))
        return -1;
    int rc = broker_logic_close (self, lead, lander, status, LX_STAGE_STRUCK, node, reason, error);
    free (status);
    return rc;
}

//  Merge: the earlier lead takes the facts only the later one had (the
//  credit code, a summary, land, tax and output figures), told to whoever
//  holds the earlier lead as an edit. Returns 0, or -1 with error filled.
static int
s_merge_facts (broker_logic_t *self, lx_lead_t *earlier, const char *lander, lx_lead_t *later,
               const char *node, const char *reason, lx_error_t *error)
{
    char fields [64] = "";
    bool uscc = !earlier->uscc && later->uscc;
    bool summary = !earlier->summary && later->summary;
    if (uscc)
        lx_lead_set (&earlier->uscc, later->uscc);
    if (summary)
        lx_lead_set (&earlier->summary, later->summary);
    if (uscc)
        strcat (fields, "uscc");
    if (summary)
        strcat (fields, *fields? ",summary": "summary");
    if (earlier->land == 0 && later->land) {
        earlier->land = later->land;
        strcat (fields, *fields? ",land": "land");
    }
    if (earlier->tax == 0 && later->tax) {
        earlier->tax = later->tax;
        strcat (fields, *fields? ",tax": "tax");
    }
    if (earlier->output == 0 && later->output) {
        earlier->output = later->output;
        strcat (fields, *fields? ",output": "output");
    }
    if (!*fields)
        return 0;
    if (lx_store_exec (self->db, "UPDATE lead SET uscc = ?, summary = ?, land = ?, tax = ?, output = ?"
                       " WHERE id = ?", "ttiiit", earlier->uscc, earlier->summary, earlier->land,
                       earlier->tax, earlier->output, earlier->id))
        return BROKER_LOGIC_INTERNAL (self, error);
    if (broker_logic_record_change (self, earlier->id, node, "merge", fields, reason, error))
        return -1;
    char *status = NULL;
    if (broker_logic_offer_status (self, earlier->id, &status, error))
        return -1;
    int rc = broker_logic_tell_edit (self, earlier, lander, status, reason, error);
    free (status);
    return rc;
}

int
broker_logic_on_resolve (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    if (role != LX_ROLE_CENTER)
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the coordination center resolves conflicts");
    const char *resolution = lx_msg_str (msg, LX_F_RESOLUTION);
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (!*reason)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "a resolution needs a reason on the record");
    char *later_lander = NULL, *earlier_lander = NULL, *earlier_id = NULL;
    lx_lead_t *earlier = NULL;
    lx_lead_t *later = broker_logic_lead_for (self, msg, &later_lander, error);
    if (!later)
        return -1;
    int rc = -1;
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT earlier FROM conflict WHERE lead = ? AND status = 'open'",
                                         "t", later->id);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found == 1) {
        earlier_id = strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    if (found != 1) {
        if (found == 0)
            lx_error_set (error, LX_ERR_CONFLICT, "lead %s has no conflict awaiting the center", later->id);
        else
            BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    earlier = broker_logic_lead_by_id (self, earlier_id, &earlier_lander, error);
    if (!earlier)
        goto done;
    //  An earlier registration withdrawn or struck since holds no priority:
    //  keeping, merging into or transferring it would leave the investor
    //  with no live registration at all.
    if (!streq (resolution, "dismiss")
    &&  (earlier->stage == LX_STAGE_WITHDRAWN || earlier->stage == LX_STAGE_STRUCK)) {
        lx_error_set (error, LX_ERR_CONFLICT, "%s is %s and holds no priority: only dismiss resolves"
                      " the conflict of %s", earlier->id, lx_stage_name (earlier->stage), later->id);
        goto done;
    }
    //  Resolved first, so that striking the later lead finds no conflict
    //  open to close (a refusal below undoes it all).
    if (lx_store_exec (self->db, "UPDATE conflict SET status = ?, resolved_by = ?, reason = ?, resolved = ?"
                       " WHERE lead = ?", "tttit", resolution, node, reason, lx_clock_now (self->clock),
                       later->id)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    char note [1200];
    if (streq (resolution, "keep")) {
        s_note (note, sizeof note, "a duplicate of %s, registered first by %s: %s", earlier->id,
                  earlier->finder, reason);
        if (s_strike (self, later, later_lander, node, note, error))
            goto done;
    }
    else
    if (streq (resolution, "merge")) {
        s_note (note, sizeof note, "merged into %s of %s: %s", earlier->id, earlier->finder, reason);
        if (s_merge_facts (self, earlier, earlier_lander, later, node, reason, error)
        ||  s_strike (self, later, later_lander, node, note, error))
            goto done;
    }
    else
    if (streq (resolution, "transfer")) {
        //  The investor goes to the later district, as a transfer of the
        //  earlier registration: its finder keeps the finder's share.
        char *status = NULL;
        if (broker_logic_offer_status (self, earlier->id, &status, error))
            goto done;
        bool open = status && streq (status, "open");
        bool movable = earlier->stage <= LX_STAGE_ASSESSING || (earlier->stage == LX_STAGE_OFFERED && open);
        if (!movable || earlier_lander) {
            lx_error_set (error, LX_ERR_CONFLICT, "%s is %s%s: only a registration not yet claimed nor"
                          " transferred can be transferred by the center", earlier->id,
                          lx_stage_name (earlier->stage), earlier_lander? " to another district": "");
            free (status);
            goto done;
        }
        free (status);
        s_note (note, sizeof note, "transferred to %s by the center: %s", later->finder, reason);
        lx_msg_t *closed = lx_msg_new (LX_CMD_CLOSED);
        lx_msg_set_str (closed, LX_F_LEAD, earlier->id);
        lx_msg_set_str (closed, LX_F_REASON, note);
        lx_msg_set_str (closed, LX_F_CLAIMANT, later->finder);
        int told = open? broker_logic_emit_routes (self, earlier->id, closed, error): 0;
        lx_msg_destroy (&closed);
        if (told || broker_logic_transfer (self, earlier, later->finder, node, note, NULL, error))
            goto done;
        s_note (note, sizeof note, "merged into the transfer of %s from %s: %s", earlier->id,
                  earlier->finder, reason);
        if (s_strike (self, later, later_lander, node, note, error))
            goto done;
    }
    //  dismiss: not the same investor; both registrations stand.
    lx_msg_t *event = s_register_event (LX_CMD_RESOLVED, later->id, later->finder, earlier->id, earlier->finder);
    lx_msg_set_str (event, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (event, LX_F_REASON, reason);
    rc = s_tell_both (self, event, error);
    lx_msg_destroy (&event);
    if (rc == 0)
        zsys_info ("broker: %s resolved the conflict of %s with %s: %s (%s)", node, later->id,
                   earlier->id, resolution, reason);
done:
    lx_lead_destroy (&earlier);
    lx_lead_destroy (&later);
    free (earlier_id);
    free (earlier_lander);
    free (later_lander);
    return rc;
}

//  Strikes one lead of a STRIKE. Returns 0, or -1 with error filled.
static int
s_strike_one (broker_logic_t *self, const char *node, const char *id, const char *reason, lx_error_t *error)
{
    char *lander = NULL;
    lx_lead_t *lead = broker_logic_lead_by_id (self, id, &lander, error);
    if (!lead)
        return -1;
    int rc = lead->stage == LX_STAGE_STRUCK || lead->stage == LX_STAGE_WITHDRAWN
        ? lx_error_set (error, LX_ERR_CONFLICT, "lead %s is already %s", lead->id, lx_stage_name (lead->stage))
        : s_strike (self, lead, lander, node, reason, error);
    free (lander);
    lx_lead_destroy (&lead);
    return rc;
}

int
broker_logic_on_strike (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    if (role != LX_ROLE_CENTER)
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the coordination center strikes leads off");
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    bool due = lx_msg_has (msg, LX_F_DUE) && lx_msg_bool (msg, LX_F_DUE);
    size_t listed = lx_msg_count (msg, LX_F_LEADS);
    if (!*reason)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "striking off needs a reason on the record");
    if (due == (listed > 0))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "strike names its leads, or says due, not both");
    //  Named leads: each is struck, or the whole strike is refused.
    for (size_t index = 0; index < listed; index++)
        if (s_strike_one (self, node, lx_msg_item (msg, LX_F_LEADS, index), reason, error))
            return -1;
    if (!due)
        return 0;
    //  Due: every lead the monthly review lists now, in one action.
    zlistx_t *list = broker_timers_review (self->timers, self->db, lx_clock_now (self->clock));
    if (!list)
        return BROKER_LOGIC_INTERNAL (self, error);
    int rc = 0;
    for (broker_due_t *item = (broker_due_t *) zlistx_first (list); item && rc == 0;
         item = (broker_due_t *) zlistx_next (list))
        rc = s_strike_one (self, node, item->lead, reason, error);
    if (rc == 0)
        zsys_info ("broker: %s struck off the %zu leads due at the monthly review", node, zlistx_size (list));
    zlistx_destroy (&list);
    return rc;
}
