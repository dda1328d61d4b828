/*  broker_logic: applies a node's numbered message to the city's record. */

#include "broker_logic_int.h"
#include "lx_domain.h"
#include "lx_split.h"

broker_logic_t *
broker_logic_new (broker_store_t *store, broker_match_t *match, broker_policy_t *policy,
                  broker_register_t *reg, broker_timers_t *timers, lx_clock_t *clock, lx_sign_t **sign_p)
{
    assert (store && match && policy && reg && timers && clock && sign_p && *sign_p);
    assert (lx_sign_can_sign (*sign_p));
    broker_logic_t *self = (broker_logic_t *) zmalloc (sizeof (broker_logic_t));
    if (!self)
        lx_sign_destroy (sign_p);
    else {
        self->sign = *sign_p;
        *sign_p = NULL;
        self->store = store;
        self->db = broker_store_db (store);
        self->match = match;
        self->policy = policy;
        self->reg = reg;
        self->timers = timers;
        self->clock = clock;
    }
    return self;
}

void
broker_logic_set_bounds (broker_logic_t *self, broker_bounds_t *bounds)
{
    assert (self);
    self->bounds = bounds;
}

void
broker_logic_set_quota (broker_logic_t *self, broker_quota_t *quota)
{
    assert (self);
    self->quota = quota;
}

void
broker_logic_destroy (broker_logic_t **self_p)
{
    assert (self_p);
    broker_logic_t *self = *self_p;
    if (self) {
        lx_sign_destroy (&self->sign);
        free (self);
        *self_p = NULL;
    }
}

//  Reads the lead with id from the register. Returns 0 with *lead_p set
//  (caller destroys) and *lander_p (caller frees, NULL if none), 1 when
//  unknown, -1 on a store error.
static int
s_lead_load (broker_logic_t *self, const char *id, lx_lead_t **lead_p, char **lander_p)
{
    sqlite3_stmt *stmt = lx_store_query (self->db,
        "SELECT finder, investor, uscc, project, summary, industries, tags, investment, land,"
        " tax, output, type, channel, contact, phone, found, stage, lander"
        " FROM lead WHERE id = ?", "t", id);
    if (!stmt)
        return -1;
    int rc = lx_store_step (self->db, stmt);
    if (rc != 1)
        return rc == 0? 1: -1;
    lx_lead_t *lead = lx_lead_new ();
    assert (lead);
    #define TEXT(column) ((const char *) sqlite3_column_text (stmt, column))
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, TEXT (0));
    lx_lead_set (&lead->investor, TEXT (1));
    lx_lead_set (&lead->uscc, TEXT (2));
    lx_lead_set (&lead->project, TEXT (3));
    lx_lead_set (&lead->summary, TEXT (4));
    lx_lead_set_industries_csv (lead, TEXT (5));
    lx_lead_set_tags_csv (lead, TEXT (6));
    lead->investment = sqlite3_column_int64 (stmt, 7);
    lead->land = sqlite3_column_int64 (stmt, 8);
    lead->tax = sqlite3_column_int64 (stmt, 9);
    lead->output = sqlite3_column_int64 (stmt, 10);
    lead->type = lx_type_from_name (TEXT (11));
    lead->channel = lx_channel_from_name (TEXT (12));
    lx_lead_set (&lead->contact, TEXT (13));
    lx_lead_set (&lead->phone, TEXT (14));
    lx_lead_set (&lead->found, TEXT (15));
    lead->stage = lx_stage_from_name (TEXT (16));
    if (lander_p)
        *lander_p = TEXT (17)? strdup (TEXT (17)): NULL;
    #undef TEXT
    sqlite3_reset (stmt);
    *lead_p = lead;
    return 0;
}

lx_lead_t *
broker_logic_lead_by_id (broker_logic_t *self, const char *id, char **lander_p, lx_error_t *error)
{
    lx_lead_t *lead = NULL;
    int rc = s_lead_load (self, id, &lead, lander_p);
    if (rc == 1)
        lx_error_set (error, LX_ERR_NOT_FOUND, "no lead %s on the register", id);
    else
    if (rc == -1)
        BROKER_LOGIC_INTERNAL (self, error);
    return lead;
}

lx_lead_t *
broker_logic_lead_for (broker_logic_t *self, lx_msg_t *msg, char **lander_p, lx_error_t *error)
{
    return broker_logic_lead_by_id (self, lx_msg_str (msg, LX_F_LEAD), lander_p, error);
}

int
broker_logic_set_stage (broker_logic_t *self, const char *lead, int stage)
{
    return lx_store_exec (self->db, "UPDATE lead SET stage = ?, activity = ? WHERE id = ?", "tit",
                          lx_stage_name (stage), lx_clock_now (self->clock), lead);
}

int
broker_logic_emit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    if (broker_store_event_add (self->store, node, msg) < 0)
        return lx_error_set (error, LX_ERR_INTERNAL, "cannot store the %s event for %s: %s",
                             lx_cmd_name (lx_msg_cmd (msg)), node, lx_store_error (self->db));
    return 0;
}

int
broker_logic_emit_center_except (broker_logic_t *self, lx_msg_t *msg, const char *told_a, const char *told_b,
                                 lx_error_t *error)
{
    for (size_t index = 0; index < broker_match_size (self->match); index++) {
        broker_profile_t *profile = broker_match_at (self->match, index);
        const char *id = broker_profile_id (profile);
        if (broker_profile_role (profile) == LX_ROLE_CENTER
        &&  !(told_a && streq (id, told_a)) && !(told_b && streq (id, told_b))
        &&  broker_logic_emit (self, id, msg, error))
            return -1;
    }
    return 0;
}

int
broker_logic_emit_center (broker_logic_t *self, lx_msg_t *msg, lx_error_t *error)
{
    return broker_logic_emit_center_except (self, msg, NULL, NULL, error);
}

int
broker_logic_alert (broker_logic_t *self, const char *district, const char *reason, lx_error_t *error)
{
    assert (self && district && reason);
    lx_msg_t *alert = lx_msg_new (LX_CMD_ALERT);
    lx_msg_set_str (alert, LX_F_DISTRICT, district);
    lx_msg_set_str (alert, LX_F_REASON, reason);
    int rc = broker_logic_emit_center (self, alert, error);
    lx_msg_destroy (&alert);
    return rc;
}

//  Joins route reasons with " | " for the record.
static char *
s_reasons_text (broker_route_t *route)
{
    size_t size = 1;
    for (size_t index = 0; index < route->reason_count; index++)
        size += strlen (route->reasons [index]) + 3;
    char *text = (char *) zmalloc (size);
    assert (text);
    for (size_t index = 0; index < route->reason_count; index++) {
        if (index)
            strcat (text, " | ");
        strcat (text, route->reasons [index]);
    }
    return text;
}

//  OFFER: the finder offers its lead; route it to the best-fitting districts.
static int
s_on_offer (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    char *lander = NULL;
    lx_lead_t *lead = broker_logic_lead_for (self, msg, &lander, error);
    if (!lead)
        return -1;
    int rc = -1;
    broker_route_t *routes = NULL;
    size_t count = 0;
    if (!streq (lead->finder, node)) {
        lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the finder %s may offer %s", lead->finder, lead->id);
        goto done;
    }
    if (lead->stage > LX_STAGE_ASSESSING || lander) {
        lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s and cannot be offered",
                      lead->id, lx_stage_name (lead->stage));
        goto done;
    }
    if (broker_logic_conflict_refuse (self, lead->id, "offered", error))
        goto done;
    int64_t now = lx_clock_now (self->clock);
    if (broker_logic_set_stage (self, lead->id, LX_STAGE_OFFERED)
    ||  lx_store_exec (self->db, "INSERT INTO offer (lead, status, offered) VALUES (?, 'open', ?)"
                       " ON CONFLICT (lead) DO UPDATE SET status = 'open', offered = excluded.offered,"
                       " claimant = NULL, claimed = NULL", "ti", lead->id, now)
    ||  lx_store_exec (self->db, "DELETE FROM route WHERE lead = ?", "t", lead->id)
    ||  lx_store_exec (self->db, "DELETE FROM claim WHERE lead = ?", "t", lead->id)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    if (broker_match_route (self->match, lead, &routes, &count)) {
        lx_error_set (error, LX_ERR_INTERNAL, "out of memory");
        goto done;
    }
    lead->stage = LX_STAGE_OFFERED;
    for (size_t index = 0; index < count; index++) {
        broker_route_t *route = &routes [index];
        char *reasons = s_reasons_text (route);
        int stored = lx_store_exec (self->db, "INSERT INTO route (lead, node, score, reasons)"
                                    " VALUES (?, ?, ?, ?)", "ttit", lead->id, route->district,
                                    (int64_t) route->score, reasons);
        free (reasons);
        if (stored) {
            BROKER_LOGIC_INTERNAL (self, error);
            goto done;
        }
        lx_msg_t *offered = lx_msg_new (LX_CMD_OFFERED);
        lx_lead_to_msg (lead, offered, false);
        lx_msg_set_int (offered, LX_F_SCORE, route->score);
        for (size_t reason = 0; reason < route->reason_count; reason++)
            lx_msg_add_item (offered, LX_F_REASONS, route->reasons [reason]);
        int emitted = broker_logic_emit (self, route->district, offered, error);
        lx_msg_destroy (&offered);
        if (emitted)
            goto done;
    }
    //  The finder learns where its offer went: its own record follows the
    //  broker's (the lead is offered), and staff see to whom.
    lx_msg_t *routed = lx_msg_new (LX_CMD_ROUTED);
    lx_msg_set_str (routed, LX_F_LEAD, lead->id);
    lx_msg_set_str (routed, LX_F_FINDER, lead->finder);
    lx_msg_set_str (routed, LX_F_STAGE, lx_stage_name (LX_STAGE_OFFERED));
    lx_msg_set_list (routed, LX_F_ROUTES);
    for (size_t index = 0; index < count; index++) {
        char item [64];
        snprintf (item, sizeof item, "%s %d", routes [index].district, routes [index].score);
        lx_msg_add_item (routed, LX_F_ROUTES, item);
    }
    char reason [200];
    if (count)
        snprintf (reason, sizeof reason, "offered to %zu district%s", count, count == 1? "": "s");
    else
        snprintf (reason, sizeof reason, "no district's profile fits it (every score is below %d);"
                  " it stays offered until its window ends", broker_match_min_score (self->match));
    lx_msg_set_str (routed, LX_F_REASON, reason);
    int emitted = broker_logic_emit (self, node, routed, error);
    lx_msg_destroy (&routed);
    if (emitted)
        goto done;
    zsys_info ("broker: %s offered %s, routed to %zu districts", node, lead->id, count);
    rc = 0;
done:
    broker_match_routes_destroy (&routes);
    lx_lead_destroy (&lead);
    free (lander);
    return rc;
}

//  Builds a CLAIM_RESULT for lead.
static lx_msg_t *
s_claim_result (const char *lead, bool won, const char *claimant, const char *reason)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_CLAIM_RESULT);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    lx_msg_set_bool (msg, LX_F_WON, won);
    lx_msg_set_str (msg, LX_F_CLAIMANT, claimant);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  Puts the policy's split for every metric of lead into msg's splits.
static void
s_policy_splits (broker_logic_t *self, lx_lead_t *lead, lx_msg_t *msg)
{
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        lx_msg_put (msg, LX_F_SPLITS, lx_metric_name (metric),
                    broker_policy_finder_bp (self->policy, metric, lead->channel, lead->investment, NULL, NULL));
}

//  CLAIM: a district claims an offered lead; the first one wins.
static int
s_on_claim (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    lx_lead_t *lead = broker_logic_lead_for (self, msg, NULL, error);
    if (!lead)
        return -1;
    int rc = -1;
    char *status = NULL;
    char *winner = NULL;
    int64_t routed;
    sqlite3_stmt *stmt = lx_store_query (self->db,
        "SELECT status, claimant FROM offer WHERE lead = ?", "t", lead->id);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found == 1) {
        status = strdup ((const char *) sqlite3_column_text (stmt, 0));
        const char *claimant = (const char *) sqlite3_column_text (stmt, 1);
        winner = claimant? strdup (claimant): NULL;
        sqlite3_reset (stmt);
    }
    if (found == -1) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    if (found == 0 || !(streq (status, "open") || streq (status, "claimed") || streq (status, "approved"))) {
        //  Never offered, or the offer ended without a winner: nothing to take.
        lx_error_set (error, LX_ERR_CONFLICT, "lead %s is %s", lead->id,
                      found == 0? "not offered":
                      streq (status, "withdrawn")? "withdrawn by its finder":
                      streq (status, "struck")? "struck off":
                      streq (status, "expired")? "no longer offered: its offer expired unclaimed":
                      "no longer offered: the center rejected its transfer");
        goto done;
    }
    if (role == LX_ROLE_CENTER || streq (node, lead->finder)) {
        lx_error_set (error, LX_ERR_NOT_ALLOWED, "%s may not claim %s", node, lead->id);
        goto done;
    }
    int is_routed = lx_store_int (self->db, &routed, "SELECT 1 FROM route WHERE lead = ? AND node = ?",
                                  "tt", lead->id, node);
    if (is_routed == -1) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    if (is_routed == 1) {
        lx_error_set (error, LX_ERR_NOT_ALLOWED, "lead %s was not offered to %s", lead->id, node);
        goto done;
    }
    if (winner && streq (winner, node)) {
        lx_error_set (error, LX_ERR_CONFLICT, "%s already holds the claim on %s", node, lead->id);
        goto done;
    }
    int64_t now = lx_clock_now (self->clock);
    if (!streq (status, "open")) {
        //  Taken: a normal outcome, recorded and answered, not a refusal.
        char reason [120];
        snprintf (reason, sizeof reason, "taken by %s", winner? winner: "another district");
        lx_msg_t *result = s_claim_result (lead->id, false, winner? winner: node, reason);
        if (lx_store_exec (self->db, "INSERT OR REPLACE INTO claim (lead, node, at, won) VALUES (?, ?, ?, 0)",
                           "tti", lead->id, node, now))
            BROKER_LOGIC_INTERNAL (self, error);
        else
            rc = broker_logic_emit (self, node, result, error);
        lx_msg_destroy (&result);
        goto done;
    }
    if (lx_store_exec (self->db, "UPDATE offer SET status = 'claimed', claimant = ?, claimed = ?"
                       " WHERE lead = ?", "tit", node, now, lead->id)
    ||  lx_store_exec (self->db, "INSERT OR REPLACE INTO claim (lead, node, at, won) VALUES (?, ?, ?, 1)",
                       "tti", lead->id, node, now)
    ||  broker_logic_set_stage (self, lead->id, LX_STAGE_CLAIMED)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    lx_msg_t *result = s_claim_result (lead->id, true, node, "claimed, awaiting the center's approval");
    rc = broker_logic_emit (self, node, result, error);
    if (rc == 0)
        rc = broker_logic_emit (self, lead->finder, result, error);
    lx_msg_destroy (&result);
    //  Tell the other districts the offer is closed.
    stmt = rc? NULL: lx_store_query (self->db, "SELECT node FROM route WHERE lead = ? AND node != ?",
                                     "tt", lead->id, node);
    zlistx_t *others = zlistx_new ();
    zlistx_set_destructor (others, (zlistx_destructor_fn *) zstr_free);
    while (stmt && lx_store_step (self->db, stmt) == 1)
        zlistx_add_end (others, strdup ((const char *) sqlite3_column_text (stmt, 0)));
    for (char *other = (char *) zlistx_first (others); other && rc == 0;
         other = (char *) zlistx_next (others)) {
        lx_msg_t *closed = lx_msg_new (LX_CMD_CLOSED);
        char reason [64];
        snprintf (reason, sizeof reason, "taken by %s", node);
        lx_msg_set_str (closed, LX_F_LEAD, lead->id);
        lx_msg_set_str (closed, LX_F_REASON, reason);
        lx_msg_set_str (closed, LX_F_CLAIMANT, node);
        rc = broker_logic_emit (self, other, closed, error);
        lx_msg_destroy (&closed);
    }
    zlistx_destroy (&others);
    if (rc == 0) {
        lx_msg_t *approval = lx_msg_new (LX_CMD_APPROVAL);
        lx_msg_set_str (approval, LX_F_LEAD, lead->id);
        lx_msg_set_str (approval, LX_F_FINDER, lead->finder);
        lx_msg_set_str (approval, LX_F_CLAIMANT, node);
        lx_msg_set_str (approval, LX_F_PROJECT, lead->project);
        lx_msg_set_str (approval, LX_F_INVESTOR, lead->investor);
        lx_msg_set_int (approval, LX_F_INVESTMENT, lead->investment);
        lx_msg_set_str (approval, LX_F_CHANNEL, lx_channel_name (lead->channel));
        s_policy_splits (self, lead, approval);
        rc = broker_logic_emit_center (self, approval, error);
        lx_msg_destroy (&approval);
    }
    if (rc == 0)
        zsys_info ("broker: %s won the claim on %s", node, lead->id);
done:
    free (status);
    free (winner);
    lx_lead_destroy (&lead);
    return rc;
}

//  Builds the TRANSFER event for lead, with the contact only when asked.
static lx_msg_t *
s_transfer_msg (lx_lead_t *lead, const char *decision, const char *lander,
                lx_msg_t *splits, const char *reason, bool with_contact)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_TRANSFER);
    lx_lead_to_msg (lead, msg, with_contact);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    lx_msg_set_str (msg, LX_F_LANDER, lander);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    for (size_t index = 0; splits && index < lx_msg_count (splits, LX_F_SPLITS); index++)
        lx_msg_put (msg, LX_F_SPLITS, lx_msg_item (splits, LX_F_SPLITS, index),
                    lx_msg_value (splits, LX_F_SPLITS, index));
    return msg;
}

int
broker_logic_transfer (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *decided_by,
                       const char *reason, lx_msg_t *overrides, lx_error_t *error)
{
    int64_t now = lx_clock_now (self->clock);
    if (lx_store_exec (self->db, "INSERT INTO decision (lead, claimant, decision, decided_by, reason,"
                       " decided) VALUES (?, ?, 'approve', ?, ?, ?)", "tttti", lead->id, lander,
                       decided_by, reason, now))
        return BROKER_LOGIC_INTERNAL (self, error);
    int64_t decision = sqlite3_last_insert_rowid (lx_store_handle (self->db));
    //  The split: the policy's, each metric the center overrides replaced.
    lx_msg_t *splits = lx_msg_new (LX_CMD_APPROVAL);
    s_policy_splits (self, lead, splits);
    int rc = -1;
    if (lx_store_exec (self->db, "INSERT INTO transfer (lead, finder, lander, decision)"
                       " VALUES (?, ?, ?, ?)", "ttti", lead->id, lead->finder, lander, decision)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    for (size_t index = 0; index < lx_msg_count (splits, LX_F_SPLITS); index++) {
        const char *metric = lx_msg_item (splits, LX_F_SPLITS, index);
        int64_t bp = lx_msg_value (splits, LX_F_SPLITS, index);
        bool override = overrides && lx_msg_lookup (overrides, LX_F_SPLITS, metric, &bp) == 0;
        lx_msg_put (splits, LX_F_SPLITS, metric, bp);
        //  The counting window is the policy's, agreed with the split.
        int years, from;
        broker_policy_finder_bp (self->policy, lx_metric_from_name (metric), lead->channel, lead->investment,
                                 &years, &from);
        if (lx_store_exec (self->db, "INSERT INTO transfer_split (lead, metric, finder_bp, source, years,"
                           " window_from) VALUES (?, ?, ?, ?, ?, ?)", "ttitit", lead->id, metric, bp,
                           override? "override": "policy", (int64_t) years, broker_policy_from_name (from))) {
            BROKER_LOGIC_INTERNAL (self, error);
            goto done;
        }
    }
    if (lx_store_exec (self->db, "UPDATE offer SET status = 'approved' WHERE lead = ?", "t", lead->id)
    ||  lx_store_exec (self->db, "UPDATE lead SET stage = 'transferred', lander = ?, activity = ?"
                       " WHERE id = ?", "tit", lander, now, lead->id)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    lead->stage = LX_STAGE_TRANSFERRED;
    lx_msg_t *to_lander = s_transfer_msg (lead, "approve", lander, splits, reason, true);
    lx_msg_t *to_others = s_transfer_msg (lead, "approve", lander, splits, reason, false);
    rc = broker_logic_emit (self, lander, to_lander, error);
    if (rc == 0)
        rc = broker_logic_emit (self, lead->finder, to_others, error);
    if (rc == 0)
        rc = broker_logic_emit_center (self, to_others, error);
    lx_msg_destroy (&to_lander);
    lx_msg_destroy (&to_others);
done:
    lx_msg_destroy (&splits);
    return rc;
}

//  DECIDE: the center approves or rejects a claimed transfer.
static int
s_on_decide (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    if (role != LX_ROLE_CENTER)
        return lx_error_set (error, LX_ERR_NOT_ALLOWED, "only the coordination center decides transfers");
    bool approve = streq (lx_msg_str (msg, LX_F_DECISION), "approve");
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (lx_msg_has (msg, LX_F_SPLITS) && (!reason || !*reason))
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "a split override needs a reason on the record");
    if (lx_msg_has (msg, LX_F_SPLITS) && !approve)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "a rejection carries no split");
    //  The claimant and the finder are told why, and it stays on the record.
    if (!approve && (!reason || !*reason))
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "a rejection needs a reason on the record");
    lx_lead_t *lead = broker_logic_lead_for (self, msg, NULL, error);
    if (!lead)
        return -1;
    int rc = -1;
    char *claimant = NULL;
    sqlite3_stmt *stmt = lx_store_query (self->db,
        "SELECT claimant FROM offer WHERE lead = ? AND status = 'claimed'", "t", lead->id);
    int found = stmt? lx_store_step (self->db, stmt): -1;
    if (found == 1) {
        claimant = strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    if (found != 1) {
        if (found == -1)
            BROKER_LOGIC_INTERNAL (self, error);
        else
            lx_error_set (error, LX_ERR_CONFLICT, "lead %s has no claim awaiting a decision", lead->id);
        goto done;
    }
    if (approve) {
        rc = broker_logic_transfer (self, lead, claimant, node, reason, msg, error);
        goto done;
    }
    if (lx_store_exec (self->db, "INSERT INTO decision (lead, claimant, decision, decided_by, reason,"
                       " decided) VALUES (?, ?, 'reject', ?, ?, ?)", "tttti", lead->id, claimant,
                       node, reason, lx_clock_now (self->clock))
    ||  lx_store_exec (self->db, "UPDATE offer SET status = 'rejected' WHERE lead = ?", "t", lead->id)
    ||  broker_logic_set_stage (self, lead->id, LX_STAGE_ASSESSING)) {
        BROKER_LOGIC_INTERNAL (self, error);
        goto done;
    }
    lead->stage = LX_STAGE_ASSESSING;
    lx_msg_t *rejected = s_transfer_msg (lead, "reject", claimant, NULL, reason, false);
    rc = broker_logic_emit (self, claimant, rejected, error);
    if (rc == 0)
        rc = broker_logic_emit (self, lead->finder, rejected, error);
    if (rc == 0)
        rc = broker_logic_emit_center (self, rejected, error);
    lx_msg_destroy (&rejected);
done:
    if (rc == 0)
        zsys_info ("broker: %s %s the transfer of %s to %s", node, approve? "approved": "rejected",
                   lead->id, claimant);
    free (claimant);
    lx_lead_destroy (&lead);
    return rc;
}

int
broker_logic_apply (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error)
{
    assert (self && node && msg);
    if (self->quota && broker_quota_take (self->quota, self->db, node, lx_msg_cmd (msg), lx_clock_now (self->clock),
                                          error))
        return -1;
    switch (lx_msg_cmd (msg)) {
        case LX_CMD_LEAD:     return broker_logic_on_lead (self, node, msg, error);
        case LX_CMD_WITHDRAW: return broker_logic_on_withdraw (self, node, msg, error);
        case LX_CMD_EDIT:     return broker_logic_on_edit (self, node, msg, error);
        case LX_CMD_OFFER:    return s_on_offer (self, node, msg, error);
        case LX_CMD_CLAIM:    return s_on_claim (self, node, role, msg, error);
        case LX_CMD_DECIDE:   return s_on_decide (self, node, role, msg, error);
        case LX_CMD_PROGRESS: return broker_logic_on_progress (self, node, msg, error);
        case LX_CMD_RESOLVE:  return broker_logic_on_resolve (self, node, role, msg, error);
        case LX_CMD_STRIKE:   return broker_logic_on_strike (self, node, role, msg, error);
        case LX_CMD_CONFIRM:  return broker_logic_on_confirm (self, node, role, msg, error);
        default:
            return lx_error_set (error, LX_ERR_BAD_COMMAND, "%s is not a node's numbered command",
                                 lx_cmd_name (lx_msg_cmd (msg)));
    }
}
