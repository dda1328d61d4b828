/*  node_cli_send: the staff commands that go to the broker. Each checks
    what it can here, stores its message in the outbox, and says the
    broker's verdict (node_verdict). */

#include "node_cli_int.h"
#include "node_agent.h"
#include "node_register.h"
#include "node_verdict.h"
#include "lx_cfg.h"
#include "lx_domain.h"
#include "lx_lead.h"

//  lead add
int
node_cli_lead_add (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    lx_lead_t *lead = lx_lead_new ();
    char today [11];
    node_cli_today (today);
    lx_lead_set (&lead->investor, node_cli_opt (args, "investor"));
    lx_lead_set (&lead->uscc, node_cli_opt (args, "uscc"));
    lx_lead_set (&lead->project, node_cli_opt (args, "project"));
    lx_lead_set (&lead->summary, node_cli_opt (args, "summary"));
    lx_lead_set (&lead->contact, node_cli_opt (args, "contact"));
    lx_lead_set (&lead->phone, node_cli_opt (args, "phone"));
    lx_lead_set (&lead->found, node_cli_opt (args, "date")? node_cli_opt (args, "date"): today);
    int rc = 1;
    if (lx_lead_set_industries_csv (lead, node_cli_opt (args, "industry"))
    ||  lx_lead_set_tags_csv (lead, node_cli_opt (args, "tags"))) {
        node_cli_fail ("%s", "too many industry codes or tags");
        goto done;
    }
    if (node_cli_money (node_cli_opt (args, "investment"), "investment", &lead->investment)
    ||  node_cli_money (node_cli_opt (args, "tax"), "tax", &lead->tax)
    ||  node_cli_money (node_cli_opt (args, "output"), "output", &lead->output))
        goto done;
    if (node_cli_opt (args, "land") && lx_cfg_parse_int (node_cli_opt (args, "land"), 0, LX_LAND_MAX, &lead->land)) {
        node_cli_fail ("%s", "--land must be a whole number of mu");
        goto done;
    }
    if (node_cli_opt (args, "type") && (lead->type = lx_type_from_name (node_cli_opt (args, "type"))) < 0) {
        node_cli_fail ("unknown --type %s", node_cli_opt (args, "type"));
        goto done;
    }
    if (node_cli_opt (args, "channel") && (lead->channel = lx_channel_from_name (node_cli_opt (args, "channel"))) < 0) {
        node_cli_fail ("unknown --channel %s", node_cli_opt (args, "channel"));
        goto done;
    }
    if (node_cli_opt (args, "stage")) {
        lead->stage = lx_stage_from_name (node_cli_opt (args, "stage"));
        if (lead->stage != LX_STAGE_CAPTURED && lead->stage != LX_STAGE_ASSESSING) {
            node_cli_fail ("%s", "a new lead's --stage is captured or assessing");
            goto done;
        }
    }
    lx_error_t error;
    int64_t seq = node_store_lead_add (ctx->store, ctx->node, lead, &error);
    if (seq < 0) {
        node_cli_fail ("%s", error.reason);
        goto done;
    }
    printf ("%s\n", lead->id);
    fflush (stdout);
    node_agent_poke (ctx->store);
    rc = node_verdict_report (ctx->store, seq, LX_CMD_LEAD, lead->id, ctx->verdict_ms, stderr);
done:
    lx_lead_destroy (&lead);
    return rc;
}

//  Queues a numbered command (about lead, or NULL), then waits for the
//  broker's verdict and says it (node_verdict). Nothing changes here
//  before the broker accepts: the events it sends back move the record.
//  Returns the command's exit code.
static int
s_queue (node_cli_ctx_t *ctx, lx_msg_t **msg_p, const char *lead)
{
    lx_store_t *db = node_store_db (ctx->store);
    lx_cmd_t cmd = lx_msg_cmd (*msg_p);
    int64_t seq = node_store_outbox_add (ctx->store, ctx->node, *msg_p);
    lx_msg_destroy (msg_p);
    if (seq < 0)
        return node_cli_fail ("store: %s", lx_store_error (db));
    node_agent_poke (ctx->store);
    return node_verdict_report (ctx->store, seq, cmd, lead, ctx->verdict_ms, stderr);
}

//  Checks a staff-built message as the broker will (the outbox numbers it
//  for real), printing the reason when it fails, then queues it.
static int
s_queue_checked (node_cli_ctx_t *ctx, lx_msg_t **msg_p, const char *id)
{
    lx_error_t error;
    lx_msg_set_str (*msg_p, LX_F_NODE, ctx->node);
    lx_msg_set_int (*msg_p, LX_F_SEQ, 1);
    if (lx_msg_validate (*msg_p, &error)) {
        lx_msg_destroy (msg_p);
        return node_cli_fail ("%s", error.reason);
    }
    return s_queue (ctx, msg_p, id);
}

//  Checks a row exists; prints reason (a format taking id) when not.
static bool
s_exists (node_cli_ctx_t *ctx, const char *sql, const char *id, const char *reason)
    __attribute__ ((format (printf, 4, 0)));
static bool
s_exists (node_cli_ctx_t *ctx, const char *sql, const char *id, const char *reason)
{
    int64_t found;
    if (lx_store_int (node_store_db (ctx->store), &found, sql, "tt", id, ctx->node) == 0)
        return true;
    node_cli_fail (reason, id);
    return false;
}

//  lead offer ID / claim ID
int
node_cli_simple (node_cli_ctx_t *ctx, lx_cmd_t cmd, const char *id)
{
    if (cmd == LX_CMD_OFFER
    &&  !s_exists (ctx, "SELECT 1 FROM lead WHERE id = ? AND finder = ? AND lander IS NULL"
                   " AND stage IN ('captured', 'assessing')", id, "no lead %s of ours can be offered"))
        return 1;
    if (cmd == LX_CMD_CLAIM) {
        //  One read, so the answer is consistent: the offer may close meanwhile.
        lx_store_t *db = node_store_db (ctx->store);
        sqlite3_stmt *stmt = lx_store_query (db,
            "SELECT status, status || ifnull (' (' || note || ')', '') FROM offer WHERE lead = ?", "t", id);
        if (!stmt)
            return node_cli_fail ("store: %s", lx_store_error (db));
        if (lx_store_step (db, stmt) != 1)
            return node_cli_fail ("no offer %s was routed here", id);
        bool open = streq ((const char *) sqlite3_column_text (stmt, 0), "open");
        char *state = strdup ((const char *) sqlite3_column_text (stmt, 1));
        sqlite3_reset (stmt);
        if (!open)
            fprintf (stderr, "leadx-node: offer %s is no longer open: %s\n", id, state);
        free (state);
        if (!open)
            return 1;
    }
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    return s_queue (ctx, &msg, id);
}

//  Checks that id is one of our leads that may still change (not signed,
//  struck or withdrawn); prints why not.
static bool
s_changeable (node_cli_ctx_t *ctx, const char *id)
{
    return s_exists (ctx, "SELECT 1 FROM lead WHERE id = ? AND finder = ? AND stage IN ('captured',"
                     " 'assessing', 'offered', 'claimed', 'transferred', 'negotiating')", id,
                     "no lead %s of ours that is not yet signed (or withdrawn)");
}

//  lead withdraw ID --reason TEXT
int
node_cli_withdraw (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id)
{
    const char *reason = node_cli_opt (args, "reason");
    if (!reason || !*reason)
        return node_cli_fail ("%s", "a withdrawal needs --reason, kept on the record");
    if (!s_changeable (ctx, id))
        return 1;
    lx_msg_t *msg = lx_msg_new (LX_CMD_WITHDRAW);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return s_queue_checked (ctx, &msg, id);
}

//  Puts the option name into msg's field when it was given: text, or an
//  amount of yuan (money), or mu (land). Returns 0, or -1 when printed bad.
static int
s_edit_option (node_cli_args_t *args, lx_msg_t *msg, const char *name, lx_field_t field)
{
    const char *value = node_cli_opt (args, name);
    if (!value)
        return 0;
    if (lx_proto_field (field)->wire == LX_WIRE_STR) {
        lx_msg_set_str (msg, field, value);
        return 0;
    }
    int64_t number;
    if (field == LX_F_LAND) {
        if (lx_cfg_parse_int (value, 0, LX_LAND_MAX, &number))
            return node_cli_fail ("%s", "--land must be a whole number of mu"), -1;
    }
    else
    if (node_cli_money (value, name, &number))
        return -1;
    lx_msg_set_int (msg, field, number);
    return 0;
}

//  lead edit ID [--FIELD VALUE ...] [--reason TEXT]
int
node_cli_edit (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id)
{
    if (!s_changeable (ctx, id))
        return 1;
    static const struct { const char *option; lx_field_t field; } editable [] = {
        { "investor", LX_F_INVESTOR }, { "uscc", LX_F_USCC }, { "project", LX_F_PROJECT },
        { "summary", LX_F_SUMMARY }, { "investment", LX_F_INVESTMENT }, { "land", LX_F_LAND },
        { "tax", LX_F_TAX }, { "output", LX_F_OUTPUT }, { "type", LX_F_TYPE },
        { "contact", LX_F_CONTACT }, { "phone", LX_F_PHONE }, { "reason", LX_F_REASON },
    };
    lx_msg_t *msg = lx_msg_new (LX_CMD_EDIT);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    for (size_t index = 0; index < sizeof editable / sizeof editable [0]; index++)
        if (s_edit_option (args, msg, editable [index].option, editable [index].field)) {
            lx_msg_destroy (&msg);
            return 1;
        }
    //  Lists: the whole list is replaced; an empty --tags clears them.
    lx_lead_t *lists = lx_lead_new ();
    if (lx_lead_set_industries_csv (lists, node_cli_opt (args, "industry"))
    ||  lx_lead_set_tags_csv (lists, node_cli_opt (args, "tags"))) {
        lx_lead_destroy (&lists);
        lx_msg_destroy (&msg);
        return node_cli_fail ("%s", "too many industry codes or tags");
    }
    if (node_cli_opt (args, "industry"))
        for (int index = 0; index < lists->industry_count; index++)
            lx_msg_add_item (msg, LX_F_INDUSTRIES, lists->industries [index]);
    if (node_cli_opt (args, "tags")) {
        lx_msg_set_list (msg, LX_F_TAGS);
        for (int index = 0; index < lists->tag_count; index++)
            lx_msg_add_item (msg, LX_F_TAGS, lists->tags [index]);
    }
    lx_lead_destroy (&lists);
    //  The edit changes something besides its reason.
    lx_lead_t *probe = lx_lead_new ();
    int fields = lx_lead_apply_edit (probe, msg);
    lx_lead_destroy (&probe);
    if (fields == 0) {
        lx_msg_destroy (&msg);
        return node_cli_fail ("%s", "nothing to change: give at least one field (lead edit --help)");
    }
    return s_queue_checked (ctx, &msg, id);
}

//  approve ID / reject ID (center)
int
node_cli_decide (node_cli_args_t *args, node_cli_ctx_t *ctx, bool approve, const char *id)
{
    if (ctx->role != LX_ROLE_CENTER)
        return node_cli_fail ("%s", "only the coordination center approves or rejects transfers");
    const char *reason = node_cli_opt (args, "reason");
    if (!approve && (!reason || !*reason))
        return node_cli_fail ("%s", "a rejection needs --reason: the claimant and the finder are told why");
    lx_msg_t *msg = lx_msg_new (LX_CMD_DECIDE);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    lx_msg_set_str (msg, LX_F_DECISION, approve? "approve": "reject");
    lx_msg_set_str (msg, LX_F_REASON, reason);
    const char *split = node_cli_opt (args, "split");
    if (split) {
        //  metric=bp,metric=bp
        char *copy = strdup (split);
        for (char *item = strtok (copy, ","); item; item = strtok (NULL, ",")) {
            char *equals = strchr (item, '=');
            int64_t bp;
            if (!equals || (*equals = 0, lx_metric_from_name (item) < 0)
            ||  lx_cfg_parse_int (equals + 1, 0, 10000, &bp)) {
                free (copy);
                lx_msg_destroy (&msg);
                return node_cli_fail ("bad --split %s: expected metric=bp,... with bp 0..10000", split);
            }
            lx_msg_put (msg, LX_F_SPLITS, item, bp);
        }
        free (copy);
        if (!reason) {
            lx_msg_destroy (&msg);
            return node_cli_fail ("%s", "a split override needs --reason");
        }
    }
    return s_queue_checked (ctx, &msg, id);
}

//  progress ID --stage S [--metric M --amount A] [--date D]
int
node_cli_confirm (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id)
{
    if (ctx->role != LX_ROLE_CENTER)
        return node_cli_fail ("%s", "only the coordination center confirms or rejects held reports");
    const char *reason = node_cli_opt (args, "reason");
    if (!reason || !*reason)
        return node_cli_fail ("%s", "a decision on a held report needs --reason, kept on the record");
    int64_t held;
    if (lx_cfg_parse_int (id, 1, INT64_MAX, &held))
        return node_cli_fail ("%s is not a held report's number (leadx-node held)", id);
    char *lead = NULL;
    sqlite3_stmt *stmt = lx_store_query (node_store_db (ctx->store), "SELECT lead FROM held WHERE id = ?"
                                         " AND status = 'held'", "i", held);
    if (stmt && lx_store_step (node_store_db (ctx->store), stmt) == 1) {
        lead = strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    if (!lead)
        return node_cli_fail ("no held report %s awaits a decision here (leadx-node held)", id);
    lx_msg_t *msg = lx_msg_new (LX_CMD_CONFIRM);
    lx_msg_set_int (msg, LX_F_HELD, held);
    lx_msg_set_str (msg, LX_F_DECISION, args->reject? "reject": "approve");
    lx_msg_set_str (msg, LX_F_REASON, reason);
    int rc = s_queue_checked (ctx, &msg, lead);
    free (lead);
    return rc;
}

int
node_cli_progress (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id)
{
    if (!s_exists (ctx, "SELECT 1 FROM lead WHERE id = ? AND ifnull (lander, finder) = ?", id,
                   "lead %s is not landing here"))
        return 1;
    const char *stage = node_cli_opt (args, "stage");
    const char *metric = node_cli_opt (args, "metric");
    const char *amount = node_cli_opt (args, "amount");
    if (!stage || lx_stage_from_name (stage) < 0)
        return node_cli_fail ("%s", "--stage is required (negotiating, signed, registered, land, started, ...)");
    if ((metric == NULL) != (amount == NULL))
        return node_cli_fail ("%s", "--metric and --amount go together");
    char today [11];
    node_cli_today (today);
    lx_msg_t *msg = lx_msg_new (LX_CMD_PROGRESS);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, node_cli_opt (args, "date")? node_cli_opt (args, "date"): today);
    lx_msg_set_str (msg, LX_F_REASON, node_cli_opt (args, "reason"));      //  a correction's, if any
    if (metric) {
        int64_t value;
        if (lx_metric_from_name (metric) < 0 || node_cli_money (amount, "amount", &value)) {
            lx_msg_destroy (&msg);
            return node_cli_fail ("bad --metric %s or --amount", metric);
        }
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, value);
    }
    return s_queue_checked (ctx, &msg, id);
}

//  resolve ID RESOLUTION --reason R / strike ID ... | --due (center):
//  built and checked by node_register, then queued.
int
node_cli_register_command (node_cli_args_t *args, node_cli_ctx_t *ctx, int argc, char *argv [], int first)
{
    char error [256];
    lx_msg_t *msg;
    const char *command = argv [first - 1];
    if (streq (command, "resolve"))
        msg = first + 1 < argc
            ? node_register_resolve (ctx->role, argv [first], argv [first + 1], node_cli_opt (args, "reason"),
                                     error, sizeof error)
            : (snprintf (error, sizeof error, "usage: resolve ID keep|transfer|merge|dismiss --reason TEXT"),
               (lx_msg_t *) NULL);
    else
        msg = node_register_strike (ctx->role, (const char *const *) argv + first, (size_t) (argc - first),
                                    args->due, node_cli_opt (args, "reason"), error, sizeof error);
    if (!msg)
        return node_cli_fail ("%s", error);
    return s_queue_checked (ctx, &msg, streq (command, "resolve")? argv [first]: NULL);
}

