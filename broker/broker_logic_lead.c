/*  broker_logic_lead: the finder's own commands on its lead: register it,
    withdraw it, edit it. Part of the broker_logic class (broker_logic_int.h). */

#include "broker_logic_int.h"
#include "lx_domain.h"

int
broker_logic_on_lead (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    lx_lead_t *lead = lx_lead_from_msg (msg);
    if (!lead)
        return lx_error_set (error, LX_ERR_INTERNAL, "out of memory");
    int rc = -1;
    size_t prefix = strlen (node);
    if (lx_lead_validate (lead, error))
        goto done;
    if (!streq (lead->finder, node)) {
        lx_error_set (error, LX_ERR_IDENTITY, "lead %s names finder %s, but %s sent it",
                      lead->id, lead->finder, node);
        goto done;
    }
    if (strncmp (lead->id, node, prefix) != 0 || lead->id [prefix] != '-') {
        lx_error_set (error, LX_ERR_BAD_VALUE, "lead id %s must start with '%s-'", lead->id, node);
        goto done;
    }
    if (lead->stage > LX_STAGE_ASSESSING) {
        lx_error_set (error, LX_ERR_CONFLICT, "a new lead is captured or assessing, not %s",
                      lx_stage_name (lead->stage));
        goto done;
    }
    int64_t exists;
    int found = lx_store_int (self->db, &exists, "SELECT 1 FROM lead WHERE id = ?", "t", lead->id);
    if (found == 0) {
        lx_error_set (error, LX_ERR_CONFLICT, "lead %s is already registered", lead->id);
        goto done;
    }
    char *industries = lx_lead_industries_csv (lead);
    char *tags = lx_lead_tags_csv (lead);
    char *core = broker_register_core (self->reg, lead->investor);
    if (found == -1 || !industries || !tags
    ||  lx_store_exec (self->db,
            "INSERT INTO lead (id, finder, investor, uscc, project, summary, industries, tags,"
            " investment, land, tax, output, type, channel, contact, phone, found, stage, registered, activity,"
            " name_core) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "ttttttttiiiittttttiit", lead->id, lead->finder, lead->investor, lead->uscc,
            lead->project, lead->summary, industries, tags, lead->investment, lead->land,
            lead->tax, lead->output, lx_type_name (lead->type), lx_channel_name (lead->channel),
            lead->contact, lead->phone, lead->found, lx_stage_name (lead->stage),
            lx_clock_now (self->clock), lx_clock_now (self->clock), core? core: ""))
        BROKER_LOGIC_INTERNAL (self, error);
    else
        rc = broker_logic_register_check (self, lead, error);
    free (industries);
    free (tags);
    free (core);
done:
    lx_lead_destroy (&lead);
    return rc;
}

//  Checks that node, the sender, may change lead (withdraw or edit, named
//  by verb): it must be the finder, and the lead not yet signed nor closed.
//  Returns 0, or -1 with error filled (NOT_ALLOWED or CONFLICT).
static int
s_finder_may_change (lx_lead_t *lead, const char *node, const char *verb, lx_error_t *error)
{
    if (!streq (lead->finder, node))
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the finder %s may %s %s",
                             lead->finder, verb, lead->id);
    if (lead->stage >= LX_STAGE_SIGNED)
        return lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s: only a lead not yet signed can be %s",
                             lead->id, lx_stage_name (lead->stage),
                             streq (verb, "edit")? "edited": "withdrawn");
    return 0;
}

int
broker_logic_offer_status (broker_logic_t *self, const char *lead, char **status_p, lx_error_t *error)
{
    *status_p = NULL;
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT status FROM offer WHERE lead = ?", "t", lead);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found == -1)
        return BROKER_LOGIC_INTERNAL (self, error);
    if (found == 1) {
        *status_p = strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    return 0;
}

//  Loads the lead msg names for node to change (withdraw or edit, named by
//  verb): it must exist, node must be its finder, and it must not be signed
//  yet. Returns the lead (caller destroys) with *lander_p and *status_p
//  (its offer's status; both caller frees, NULL when none), or NULL with
//  error filled and nothing to free.
static lx_lead_t *
s_changeable (broker_logic_t *self, const char *node, lx_msg_t *msg, const char *verb,
              char **lander_p, char **status_p, lx_error_t *error)
{
    lx_lead_t *lead = broker_logic_lead_for (self, msg, lander_p, error);
    if (lead && (s_finder_may_change (lead, node, verb, error)
             ||  broker_logic_offer_status (self, lead->id, status_p, error))) {
        lx_lead_destroy (&lead);
        zstr_free (lander_p);
        zstr_free (status_p);
    }
    return lead;
}

int
broker_logic_emit_routes (broker_logic_t *self, const char *lead, lx_msg_t *msg, lx_error_t *error)
{
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT node FROM route WHERE lead = ? ORDER BY node",
                                         "t", lead);
    if (!stmt)
        return BROKER_LOGIC_INTERNAL (self, error);
    //  Collected first: emitting writes the store while the query is open.
    zlistx_t *nodes = zlistx_new ();
    assert (nodes);
    zlistx_set_destructor (nodes, (zlistx_destructor_fn *) zstr_free);
    int step;
    while ((step = lx_store_step (self->db, stmt)) == 1)
        zlistx_add_end (nodes, strdup ((const char *) sqlite3_column_text (stmt, 0)));
    int rc = step == 0? 0: BROKER_LOGIC_INTERNAL (self, error);
    for (char *node = (char *) zlistx_first (nodes); node && rc == 0; node = (char *) zlistx_next (nodes))
        rc = broker_logic_emit (self, node, msg, error);
    zlistx_destroy (&nodes);
    return rc;
}

int
broker_logic_record_change (broker_logic_t *self, const char *lead, const char *node, const char *kind,
                            const char *fields, const char *reason, lx_error_t *error)
{
    if (lx_store_exec (self->db, "INSERT INTO lead_change (lead, node, kind, fields, reason, at)"
                       " VALUES (?, ?, ?, ?, ?, ?)", "ttttti", lead, node, kind, fields, reason,
                       lx_clock_now (self->clock)))
        return BROKER_LOGIC_INTERNAL (self, error);
    return 0;
}

int
broker_logic_close (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *status,
                    int stage, const char *node, const char *reason, lx_error_t *error)
{
    bool strike = stage == LX_STAGE_STRUCK;
    bool offer_live = status && (streq (status, "open") || streq (status, "claimed"));
    if (broker_logic_set_stage (self, lead->id, stage)
    ||  lx_store_exec (self->db, "UPDATE offer SET status = ? WHERE lead = ? AND status IN ('open', 'claimed')",
                       "tt", strike? "struck": "withdrawn", lead->id))
        return BROKER_LOGIC_INTERNAL (self, error);
    lead->stage = stage;
    if (broker_logic_record_change (self, lead->id, node, strike? "strike": "withdraw", NULL, reason, error)
    ||  broker_logic_conflict_close (self, lead, node, error))
        return -1;
    //  Told: the finder; every district holding a live offer of it; the
    //  lander; the center when it struck the lead, or holds its claim or
    //  transfer.
    lx_msg_t *event = lx_msg_new (strike? LX_CMD_STRUCK: LX_CMD_WITHDRAWN);
    lx_msg_set_str (event, LX_F_LEAD, lead->id);
    lx_msg_set_str (event, LX_F_FINDER, lead->finder);
    lx_msg_set_str (event, LX_F_REASON, reason);
    int rc = 0;
    if (broker_logic_emit (self, lead->finder, event, error)
    ||  (offer_live && broker_logic_emit_routes (self, lead->id, event, error))
    ||  (lander && broker_logic_emit (self, lander, event, error))
    ||  ((strike || lander || (status && streq (status, "claimed")))
         && broker_logic_emit_center (self, event, error)))
        rc = -1;
    lx_msg_destroy (&event);
    if (rc == 0)
        zsys_info ("broker: %s %s %s (%s)", node, strike? "struck off": "withdrew", lead->id, reason);
    return rc;
}

int
broker_logic_on_withdraw (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (!*reason)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "a withdrawal needs a reason on the record");
    char *lander = NULL, *status = NULL;
    lx_lead_t *lead = s_changeable (self, node, msg, "withdraw", &lander, &status, error);
    if (!lead)
        return -1;
    int rc = broker_logic_close (self, lead, lander, status, LX_STAGE_WITHDRAWN, node, reason, error);
    free (status);
    free (lander);
    lx_lead_destroy (&lead);
    return rc;
}

//  Builds the EDITED event for lead, with the contact only when asked.
static lx_msg_t *
s_edited (lx_lead_t *lead, const char *lander, const char *reason, bool with_contact)
{
    lx_msg_t *event = lx_msg_new (LX_CMD_EDITED);
    lx_lead_to_msg (lead, event, with_contact);
    lx_msg_set_str (event, LX_F_LANDER, lander);
    lx_msg_set_str (event, LX_F_REASON, reason);
    return event;
}

int
broker_logic_tell_edit (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *status,
                        const char *reason, lx_error_t *error)
{
    //  Told: the finder and the lander with the contact; districts holding
    //  a live offer, and the center once it holds the transfer, without.
    lx_msg_t *full = s_edited (lead, lander, reason, true);
    lx_msg_t *public_copy = s_edited (lead, lander, reason, false);
    int rc = 0;
    if (broker_logic_emit (self, lead->finder, full, error)
    ||  (lander && broker_logic_emit (self, lander, full, error))
    ||  (status && streq (status, "open") && broker_logic_emit_routes (self, lead->id, public_copy, error))
    ||  (lander && broker_logic_emit_center (self, public_copy, error)))
        rc = -1;
    lx_msg_destroy (&full);
    lx_msg_destroy (&public_copy);
    return rc;
}

//  The names of the fields an edit carries, comma-separated; caller frees.
static char *
s_edit_fields (lx_msg_t *msg)
{
    char *fields = strdup ("");
    for (const lx_proto_slot_t *slot = lx_proto_slots (LX_CMD_EDIT); fields && slot->field != -1; slot++) {
        if (slot->field == LX_F_NODE || slot->field == LX_F_SEQ || slot->field == LX_F_LEAD
        ||  slot->field == LX_F_REASON || !lx_msg_has (msg, slot->field))
            continue;
        char *next = zsys_sprintf ("%s%s%s", fields, *fields? ",": "", lx_field_name (slot->field));
        free (fields);
        fields = next;
    }
    return fields;
}

int
broker_logic_on_edit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    char *lander = NULL, *status = NULL;
    lx_lead_t *lead = s_changeable (self, node, msg, "edit", &lander, &status, error);
    if (!lead)
        return -1;
    int rc = -1;
    char *industries = NULL, *tags = NULL, *fields = NULL, *core = NULL;
    if (lead->stage == LX_STAGE_CLAIMED) {
        //  The center is judging the claim on the record as it stands.
        lx_error_set (error, LX_ERR_CONFLICT, "lead %s is claimed and awaits the center's decision;"
                      " edit it after the decision", lead->id);
        goto done;
    }
    if (lx_lead_apply_edit (lead, msg) == 0) {
        lx_error_set (error, LX_ERR_MISSING_FIELD, "the edit of %s changes no field", lead->id);
        goto done;
    }
    if (lx_lead_validate (lead, error))
        goto done;
    industries = lx_lead_industries_csv (lead);
    tags = lx_lead_tags_csv (lead);
    fields = s_edit_fields (msg);
    core = broker_register_core (self->reg, lead->investor);
    if (!industries || !tags || !fields || !core) {
        lx_error_set (error, LX_ERR_INTERNAL, "out of memory");
        goto done;
    }
    if (lx_store_exec (self->db,
            "UPDATE lead SET investor = ?, uscc = ?, project = ?, summary = ?, industries = ?, tags = ?,"
            " investment = ?, land = ?, tax = ?, output = ?, type = ?, contact = ?, phone = ?, name_core = ?"
            " WHERE id = ?", "ttttttiiiittttt", lead->investor, lead->uscc, lead->project, lead->summary,
            industries, tags, lead->investment, lead->land, lead->tax, lead->output, lx_type_name (lead->type),
            lead->contact, lead->phone, core, lead->id)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (broker_logic_record_change (self, lead->id, node, "edit", fields, reason, error))
        goto done;
    if (broker_logic_tell_edit (self, lead, lander, status, reason, error))
        goto done;
    zsys_info ("broker: %s edited %s (%s)", node, lead->id, fields);
    rc = 0;
done:
    free (industries);
    free (tags);
    free (fields);
    free (core);
    free (status);
    free (lander);
    lx_lead_destroy (&lead);
    return rc;
}
