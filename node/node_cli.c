/*  node_cli: the staff commands of leadx-node. */

#include "node_cli.h"
#include "node_agent.h"
#include "node_ctl.h"
#include "node_help.h"
#include "node_register.h"
#include "node_report.h"
#include "lx_store.h"
#include "lx_table.h"
#include "node_store.h"
#include "node_verdict.h"
#include "node_rebuild.h"
#include "node_show.h"
#include "lx_cfg.h"
#include "lx_clock.h"
#include "lx_daemon.h"
#include "lx_keys.h"
#include "lx_lead.h"
#include "lx_report.h"
#include "lx_ledger.h"
#include "lx_text.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <getopt.h>

//  Options of every command, parsed once.
typedef struct {
    const char *config;         //  -c
    bool json;                  //  --json
    const char *values [32];    //  long option values by index in s_options
    bool help;                  //  -h / --help
    bool entries;               //  credit --entries
    bool kill;                  //  stop --kill
    bool due;                   //  strike --due
} s_args_t;

static struct option s_options [] = {
    { "config", required_argument, NULL, 'c' }, { "json", no_argument, NULL, 'j' },
    { "entries", no_argument, NULL, 'e' }, { "kill", no_argument, NULL, 'k' },
    { "due", no_argument, NULL, 'd' },
    { "help", no_argument, NULL, 'h' },
    { "investor", required_argument, NULL, 0 }, { "project", required_argument, NULL, 0 },
    { "industry", required_argument, NULL, 0 }, { "investment", required_argument, NULL, 0 },
    { "uscc", required_argument, NULL, 0 }, { "summary", required_argument, NULL, 0 },
    { "tags", required_argument, NULL, 0 }, { "land", required_argument, NULL, 0 },
    { "tax", required_argument, NULL, 0 }, { "output", required_argument, NULL, 0 },
    { "type", required_argument, NULL, 0 }, { "channel", required_argument, NULL, 0 },
    { "contact", required_argument, NULL, 0 }, { "phone", required_argument, NULL, 0 },
    { "stage", required_argument, NULL, 0 }, { "date", required_argument, NULL, 0 },
    { "metric", required_argument, NULL, 0 }, { "amount", required_argument, NULL, 0 },
    { "split", required_argument, NULL, 0 }, { "reason", required_argument, NULL, 0 },
    { "period", required_argument, NULL, 0 }, { "timeout", required_argument, NULL, 0 },
    { "format", required_argument, NULL, 0 }, { "output", required_argument, NULL, 0 },
    { NULL, 0, NULL, 0 }
};

_Static_assert (sizeof s_options / sizeof s_options [0] <= 32, "s_args_t.values holds 32 options");

//  The value of a long option, or NULL.
static const char *
s_opt (s_args_t *args, const char *name)
{
    for (int index = 0; s_options [index].name; index++)
        if (streq (s_options [index].name, name))
            return args->values [index];
    return NULL;
}

//  Prints a one-line failure and returns 1.
static int
s_fail (const char *format, const char *detail)
    __attribute__ ((format (printf, 1, 0)));
static int
s_fail (const char *format, const char *detail)
{
    fprintf (stderr, "leadx-node: ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    fprintf (stderr, format, detail);
#pragma GCC diagnostic pop
    fprintf (stderr, "\n");
    return 1;
}

//  The node's context for one command.
typedef struct {
    zconfig_t *config;          //  parsed configuration
    node_store_t *store;        //  the node's store
    const char *node;           //  node id (from config)
    int role;                   //  lx_role_t
    int64_t verdict_ms;         //  how long a staff command waits for the broker's verdict
} s_ctx_t;

//  Opens config and store. Returns 0 or 1 (printed).
static int
s_open (s_args_t *args, s_ctx_t *ctx)
{
    char error [256];
    ctx->config = lx_cfg_load (args->config, error, sizeof error);
    if (!ctx->config)
        return s_fail ("%s", error);
    ctx->node = lx_cfg_str (ctx->config, "node/id", "");
    ctx->role = lx_role_from_name (lx_cfg_str (ctx->config, "node/role", "county"));
    if (!lx_valid_id (ctx->node) || ctx->role < 0)
        return s_fail ("%s: node/id and node/role must be set", args->config);
    if (lx_cfg_int (ctx->config, "node/verdict_ms", 5000, 0, 600000, &ctx->verdict_ms, error, sizeof error))
        return s_fail ("%s", error);
    if (s_opt (args, "timeout") && lx_cfg_parse_int (s_opt (args, "timeout"), 0, 3600, &ctx->verdict_ms))
        return s_fail ("%s", "--timeout is a number of seconds");
    if (s_opt (args, "timeout"))
        ctx->verdict_ms *= 1000;
    char *path = lx_cfg_path (args->config, lx_cfg_str (ctx->config, "node/store", "node.db"));
    ctx->store = node_store_new (path, error, sizeof error);
    free (path);
    if (!ctx->store)
        return s_fail ("%s", error);
    return 0;
}

static void
s_close (s_ctx_t *ctx)
{
    node_store_destroy (&ctx->store);
    zconfig_destroy (&ctx->config);
}

//  Reads an amount argument: a non-negative integer of yuan.
static int
s_money (const char *text, const char *name, int64_t *value)
{
    if (!text) {
        *value = 0;
        return 0;
    }
    if (lx_cfg_parse_int (text, 0, LX_MONEY_MAX, value)) {
        fprintf (stderr, "leadx-node: --%s must be a whole number of yuan from 0 to 10^15\n", name);
        return -1;
    }
    return 0;
}

//  Today's local date.
static void
s_today (char date [11])
{
    lx_clock_date (zclock_time (), date);
}

//  lead add
static int
s_lead_add (s_args_t *args, s_ctx_t *ctx)
{
    lx_lead_t *lead = lx_lead_new ();
    char today [11];
    s_today (today);
    lx_lead_set (&lead->investor, s_opt (args, "investor"));
    lx_lead_set (&lead->uscc, s_opt (args, "uscc"));
    lx_lead_set (&lead->project, s_opt (args, "project"));
    lx_lead_set (&lead->summary, s_opt (args, "summary"));
    lx_lead_set (&lead->contact, s_opt (args, "contact"));
    lx_lead_set (&lead->phone, s_opt (args, "phone"));
    lx_lead_set (&lead->found, s_opt (args, "date")? s_opt (args, "date"): today);
    int rc = 1;
    if (lx_lead_set_industries_csv (lead, s_opt (args, "industry"))
    ||  lx_lead_set_tags_csv (lead, s_opt (args, "tags"))) {
        s_fail ("%s", "too many industry codes or tags");
        goto done;
    }
    if (s_money (s_opt (args, "investment"), "investment", &lead->investment)
    ||  s_money (s_opt (args, "tax"), "tax", &lead->tax)
    ||  s_money (s_opt (args, "output"), "output", &lead->output))
        goto done;
    if (s_opt (args, "land") && lx_cfg_parse_int (s_opt (args, "land"), 0, LX_LAND_MAX, &lead->land)) {
        s_fail ("%s", "--land must be a whole number of mu");
        goto done;
    }
    if (s_opt (args, "type") && (lead->type = lx_type_from_name (s_opt (args, "type"))) < 0) {
        s_fail ("unknown --type %s", s_opt (args, "type"));
        goto done;
    }
    if (s_opt (args, "channel") && (lead->channel = lx_channel_from_name (s_opt (args, "channel"))) < 0) {
        s_fail ("unknown --channel %s", s_opt (args, "channel"));
        goto done;
    }
    if (s_opt (args, "stage")) {
        lead->stage = lx_stage_from_name (s_opt (args, "stage"));
        if (lead->stage != LX_STAGE_CAPTURED && lead->stage != LX_STAGE_ASSESSING) {
            s_fail ("%s", "a new lead's --stage is captured or assessing");
            goto done;
        }
    }
    lx_error_t error;
    int64_t seq = node_store_lead_add (ctx->store, ctx->node, lead, &error);
    if (seq < 0) {
        s_fail ("%s", error.reason);
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
s_queue (s_ctx_t *ctx, lx_msg_t **msg_p, const char *lead)
{
    lx_store_t *db = node_store_db (ctx->store);
    lx_cmd_t cmd = lx_msg_cmd (*msg_p);
    int64_t seq = node_store_outbox_add (ctx->store, ctx->node, *msg_p);
    lx_msg_destroy (msg_p);
    if (seq < 0)
        return s_fail ("store: %s", lx_store_error (db));
    node_agent_poke (ctx->store);
    return node_verdict_report (ctx->store, seq, cmd, lead, ctx->verdict_ms, stderr);
}

//  Checks a staff-built message as the broker will (the outbox numbers it
//  for real), printing the reason when it fails, then queues it.
static int
s_queue_checked (s_ctx_t *ctx, lx_msg_t **msg_p, const char *id)
{
    lx_error_t error;
    lx_msg_set_str (*msg_p, LX_F_NODE, ctx->node);
    lx_msg_set_int (*msg_p, LX_F_SEQ, 1);
    if (lx_msg_validate (*msg_p, &error)) {
        lx_msg_destroy (msg_p);
        return s_fail ("%s", error.reason);
    }
    return s_queue (ctx, msg_p, id);
}

//  Checks a row exists; prints reason (a format taking id) when not.
static bool
s_exists (s_ctx_t *ctx, const char *sql, const char *id, const char *reason)
    __attribute__ ((format (printf, 4, 0)));
static bool
s_exists (s_ctx_t *ctx, const char *sql, const char *id, const char *reason)
{
    int64_t found;
    if (lx_store_int (node_store_db (ctx->store), &found, sql, "tt", id, ctx->node) == 0)
        return true;
    s_fail (reason, id);
    return false;
}

//  lead offer ID / claim ID
static int
s_simple (s_ctx_t *ctx, lx_cmd_t cmd, const char *id)
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
            return s_fail ("store: %s", lx_store_error (db));
        if (lx_store_step (db, stmt) != 1)
            return s_fail ("no offer %s was routed here", id);
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
s_changeable (s_ctx_t *ctx, const char *id)
{
    return s_exists (ctx, "SELECT 1 FROM lead WHERE id = ? AND finder = ? AND stage IN ('captured',"
                     " 'assessing', 'offered', 'claimed', 'transferred', 'negotiating')", id,
                     "no lead %s of ours that is not yet signed (or withdrawn)");
}

//  lead withdraw ID --reason TEXT
static int
s_withdraw (s_args_t *args, s_ctx_t *ctx, const char *id)
{
    const char *reason = s_opt (args, "reason");
    if (!reason || !*reason)
        return s_fail ("%s", "a withdrawal needs --reason, kept on the record");
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
s_edit_option (s_args_t *args, lx_msg_t *msg, const char *name, lx_field_t field)
{
    const char *value = s_opt (args, name);
    if (!value)
        return 0;
    if (lx_proto_field (field)->wire == LX_WIRE_STR) {
        lx_msg_set_str (msg, field, value);
        return 0;
    }
    int64_t number;
    if (field == LX_F_LAND) {
        if (lx_cfg_parse_int (value, 0, LX_LAND_MAX, &number))
            return s_fail ("%s", "--land must be a whole number of mu"), -1;
    }
    else
    if (s_money (value, name, &number))
        return -1;
    lx_msg_set_int (msg, field, number);
    return 0;
}

//  lead edit ID [--FIELD VALUE ...] [--reason TEXT]
static int
s_edit (s_args_t *args, s_ctx_t *ctx, const char *id)
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
    if (lx_lead_set_industries_csv (lists, s_opt (args, "industry"))
    ||  lx_lead_set_tags_csv (lists, s_opt (args, "tags"))) {
        lx_lead_destroy (&lists);
        lx_msg_destroy (&msg);
        return s_fail ("%s", "too many industry codes or tags");
    }
    if (s_opt (args, "industry"))
        for (int index = 0; index < lists->industry_count; index++)
            lx_msg_add_item (msg, LX_F_INDUSTRIES, lists->industries [index]);
    if (s_opt (args, "tags")) {
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
        return s_fail ("%s", "nothing to change: give at least one field (lead edit --help)");
    }
    return s_queue_checked (ctx, &msg, id);
}

//  approve ID / reject ID (center)
static int
s_decide (s_args_t *args, s_ctx_t *ctx, bool approve, const char *id)
{
    if (ctx->role != LX_ROLE_CENTER)
        return s_fail ("%s", "only the coordination center approves or rejects transfers");
    const char *reason = s_opt (args, "reason");
    if (!approve && (!reason || !*reason))
        return s_fail ("%s", "a rejection needs --reason: the claimant and the finder are told why");
    lx_msg_t *msg = lx_msg_new (LX_CMD_DECIDE);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    lx_msg_set_str (msg, LX_F_DECISION, approve? "approve": "reject");
    lx_msg_set_str (msg, LX_F_REASON, reason);
    const char *split = s_opt (args, "split");
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
                return s_fail ("bad --split %s: expected metric=bp,... with bp 0..10000", split);
            }
            lx_msg_put (msg, LX_F_SPLITS, item, bp);
        }
        free (copy);
        if (!reason) {
            lx_msg_destroy (&msg);
            return s_fail ("%s", "a split override needs --reason");
        }
    }
    return s_queue_checked (ctx, &msg, id);
}

//  progress ID --stage S [--metric M --amount A] [--date D]
static int
s_progress (s_args_t *args, s_ctx_t *ctx, const char *id)
{
    if (!s_exists (ctx, "SELECT 1 FROM lead WHERE id = ? AND ifnull (lander, finder) = ?", id,
                   "lead %s is not landing here"))
        return 1;
    const char *stage = s_opt (args, "stage");
    const char *metric = s_opt (args, "metric");
    const char *amount = s_opt (args, "amount");
    if (!stage || lx_stage_from_name (stage) < 0)
        return s_fail ("%s", "--stage is required (negotiating, signed, registered, land, started, ...)");
    if ((metric == NULL) != (amount == NULL))
        return s_fail ("%s", "--metric and --amount go together");
    char today [11];
    s_today (today);
    lx_msg_t *msg = lx_msg_new (LX_CMD_PROGRESS);
    lx_msg_set_str (msg, LX_F_LEAD, id);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, s_opt (args, "date")? s_opt (args, "date"): today);
    if (metric) {
        int64_t value;
        if (lx_metric_from_name (metric) < 0 || s_money (amount, "amount", &value)) {
            lx_msg_destroy (&msg);
            return s_fail ("bad --metric %s or --amount", metric);
        }
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, value);
    }
    return s_queue_checked (ctx, &msg, id);
}

//  Prints a listing (lx_table_print) to stdout. Returns 0, or 1 when
//  the query failed (printed).
static int
s_listing (s_ctx_t *ctx, bool json, sqlite3_stmt *stmt, const char **names, int columns)
{
    if (lx_table_print (node_store_db (ctx->store), stmt, names, columns, json, stdout))
        return s_fail ("store: %s", lx_store_error (node_store_db (ctx->store)));
    return 0;
}

//  credit [--period P] [--entries]
static int
s_credit (s_args_t *args, s_ctx_t *ctx)
{
    char from [11] = "2000-01-01", to [11] = "2100-01-01";
    const char *period = s_opt (args, "period");
    if (period && lx_report_period (period, from, to))
        return s_fail ("bad --period %s: use 2026-11, 2026-Q4 or 2026", period);
    if (node_report_credit (node_store_db (ctx->store), ctx->node, from, to, args->entries, args->json, stdout))
        return s_fail ("store: %s", lx_store_error (node_store_db (ctx->store)));
    return 0;
}

//  resolve ID RESOLUTION --reason R / strike ID ... | --due (center):
//  built and checked by node_register, then queued.
static int
s_register_command (s_args_t *args, s_ctx_t *ctx, int argc, char *argv [], int first)
{
    char error [256];
    lx_msg_t *msg;
    const char *command = argv [first - 1];
    if (streq (command, "resolve"))
        msg = first + 1 < argc
            ? node_register_resolve (ctx->role, argv [first], argv [first + 1], s_opt (args, "reason"),
                                     error, sizeof error)
            : (snprintf (error, sizeof error, "usage: resolve ID keep|transfer|merge|dismiss --reason TEXT"),
               (lx_msg_t *) NULL);
    else
        msg = node_register_strike (ctx->role, (const char *const *) argv + first, (size_t) (argc - first),
                                    args->due, s_opt (args, "reason"), error, sizeof error);
    if (!msg)
        return s_fail ("%s", error);
    return s_queue_checked (ctx, &msg, streq (command, "resolve")? argv [first]: NULL);
}

//  report [--period P] [--format F] [--output FILE]: this district's
//  assessment report (node_report_assessment).
static int
s_report (s_args_t *args, s_ctx_t *ctx)
{
    char error [256] = "";
    int64_t target;
    if (lx_cfg_int (ctx->config, "node/manufacturing_target_bp", 6500, 0, 10000, &target, error, sizeof error)
    ||  node_report_assessment (node_store_db (ctx->store), ctx->node, s_opt (args, "period"),
                                s_opt (args, "format"), s_opt (args, "output"), target, error, sizeof error))
        return s_fail ("%s", error);
    return 0;
}

//  Reads --timeout (seconds, default 10) into *timeout. Returns 0, or 1
//  after printing why it is not a number of seconds.
static int
s_timeout (s_args_t *args, int64_t *timeout)
{
    *timeout = 10;
    if (s_opt (args, "timeout") && lx_cfg_parse_int (s_opt (args, "timeout"), 1, 3600, timeout))
        return s_fail ("%s", "--timeout is a number of seconds");
    return 0;
}

//  sync: waits for the daemon's barrier.
static int
s_sync (s_args_t *args, s_ctx_t *ctx)
{
    int64_t timeout;
    if (s_timeout (args, &timeout))
        return 1;
    char error [256];
    if (node_ctl_sync (ctx->store, timeout, error, sizeof error))
        return s_fail ("%s", error);
    return 0;
}

//  reconcile: compares this node's record with the broker's.
static int
s_reconcile (s_args_t *args, s_ctx_t *ctx)
{
    int64_t timeout;
    if (s_timeout (args, &timeout))
        return 1;
    char error [256];
    int differences = node_ctl_reconcile (ctx->store, timeout, args->json, error, sizeof error);
    if (differences < 0)
        return s_fail ("%s", error);
    if (differences > 0) {
        fprintf (stderr, "leadx-node: %d section%s of this node's record differ%s from the broker's\n",
                 differences, differences == 1? "": "s", differences == 1? "s": "");
        return 1;
    }
    return 0;
}

//  run / start: runs the daemon until SIGINT or SIGTERM; with detach, in
//  the background, returning once it is up (connected or not: a node
//  works offline).
static int
s_run (s_args_t *args, bool detach)
{
    lx_daemon_t *daemon = NULL;
    if (detach) {
        char error [256] = "";
        pid_t pid = lx_daemon_start (args->config, "node", &daemon, error, sizeof error);
        if (pid > 0)
            printf ("leadx-node: started, pid %d\n", (int) pid);
        else
        if (pid < 0)
            s_fail ("%s", error);
        if (pid != 0)
            return pid > 0? 0: 1;
    }
    zsys_init ();
    zactor_t *agent = zactor_new (node_agent_actor, (void *) args->config);
    char *status = agent? zstr_recv (agent): NULL;
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready) {
        zactor_destroy (&agent);
        lx_daemon_destroy (&daemon);
        return s_fail ("%s", "could not start (see the log above)");
    }
    if (daemon)
        lx_daemon_ready (daemon);
    while (!zsys_interrupted)
        zclock_sleep (200);
    zactor_destroy (&agent);
    lx_daemon_destroy (&daemon);
    return 0;
}

//  keygen: makes this node's certificate, naming its district and role.
static int
s_keygen (s_args_t *args)
{
    s_ctx_t ctx;
    char error [256];
    memset (&ctx, 0, sizeof ctx);
    ctx.config = lx_cfg_load (args->config, error, sizeof error);
    if (!ctx.config)
        return s_fail ("%s", error);
    const char *node = lx_cfg_str (ctx.config, "node/id", "");
    const char *role = lx_cfg_str (ctx.config, "node/role", "county");
    int rc = 1;
    if (!lx_valid_id (node) || lx_role_from_name (role) < 0)
        s_fail ("%s: node/id and node/role must be set", args->config);
    else {
        char *cert = lx_cfg_path (args->config, lx_cfg_str (ctx.config, "node/cert", "node.cert"));
        if (lx_keys_generate (cert, node, role, error, sizeof error))
            s_fail ("%s", error);
        else {
            printf ("leadx-node: wrote %s_secret (keep it here) and %s (give it to the coordination"
                    " center, for the broker's clients directory)\n", cert, cert);
            rc = 0;
        }
        free (cert);
    }
    zconfig_destroy (&ctx.config);
    return rc;
}

//  stop: stops the background daemon of this config.
static int
s_stop (s_args_t *args)
{
    char error [256];
    bool was_running;
    if (lx_daemon_stop_config (args->config, "node", args->kill? SIGKILL: SIGTERM, &was_running, error, sizeof error))
        return s_fail ("%s", error);
    printf ("leadx-node: %s\n", was_running? "stopped": "was not running");
    return 0;
}

int
node_cli_main (int argc, char *argv [])
{
    if (lx_store_setup ())
        zsys_warning ("node: SQLite was in use before its options could be set");
    s_args_t args;
    memset (&args, 0, sizeof args);
    int option, index = 0;
    while ((option = getopt_long (argc, argv, "c:h", s_options, &index)) != -1) {
        if (option == 'c') args.config = optarg;
        else if (option == 'j') args.json = true;
        else if (option == 'h') args.help = true;
        else if (option == 'e') args.entries = true;
        else if (option == 'k') args.kill = true;
        else if (option == 'd') args.due = true;
        else if (option == 0) args.values [index] = optarg;
        else { node_help_print (stderr, NULL); return 2; }
    }
    const char *command = optind < argc? argv [optind]: NULL;
    const char *sub = optind + 1 < argc? argv [optind + 1]: NULL;
    const char *third = optind + 2 < argc? argv [optind + 2]: NULL;
    if (args.help) {
        if (!command)
            return node_help_print (stdout, NULL);
        char name [64];
        bool pair = (streq (command, "lead") || streq (command, "ledger")) && sub;
        snprintf (name, sizeof name, "%s%s%s", command, pair? " ": "", pair? sub: "");
        if (node_help_print (stdout, name) == 0)
            return 0;
        fprintf (stderr, "leadx-node: no command '%s' (try --help)\n", name);
        return 2;
    }
    if (!command) {
        fprintf (stderr, "leadx-node: missing command (try --help)\n");
        return 2;
    }
    if (!args.config) {
        fprintf (stderr, "leadx-node: %s needs -c FILE\n", command);
        return 2;
    }
    if (streq (command, "run"))
        return s_run (&args, false);
    if (streq (command, "start"))
        return s_run (&args, true);
    if (streq (command, "stop"))
        return s_stop (&args);
    if (streq (command, "keygen"))
        return s_keygen (&args);
    if (streq (command, "rebuild")) {
        int64_t timeout = 600;
        if (s_opt (&args, "timeout") && lx_cfg_parse_int (s_opt (&args, "timeout"), 1, 86400, &timeout))
            return s_fail ("%s", "--timeout is a number of seconds");
        zsys_init ();
        return node_rebuild_run (args.config, timeout, stdout);
    }
    s_ctx_t ctx;
    memset (&ctx, 0, sizeof ctx);
    int rc = s_open (&args, &ctx);
    if (rc) {
        s_close (&ctx);
        return rc;
    }
    static const char *lead_cols [] = { "id", "stage", "project", "investor", "investment", "lander", "pending" };
    static const char *approval_cols [] = { "lead", "finder", "claimant", "status", "project", "splits" };
    if (streq (command, "lead") && sub && streq (sub, "add"))
        rc = s_lead_add (&args, &ctx);
    else
    if (streq (command, "lead") && sub && streq (sub, "list"))
        rc = s_listing (&ctx, args.json, lx_store_query (node_store_db (ctx.store),
                        "SELECT id, stage, project, investor, investment, ifnull (lander, ''),"
                        //  what staff sent that the broker has not yet accepted
                        " ifnull ((SELECT group_concat (cmd, ',') FROM outbox WHERE outbox.lead = lead.id"
                        "  AND seq > (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'settled')), '')"
                        " FROM lead ORDER BY id", ""), lead_cols, 7);
    else
    if (streq (command, "lead") && sub && streq (sub, "offer") && third)
        rc = s_simple (&ctx, LX_CMD_OFFER, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "withdraw") && third)
        rc = s_withdraw (&args, &ctx, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "edit") && third)
        rc = s_edit (&args, &ctx, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "show") && third) {
        rc = node_show_lead (ctx.store, third, args.json, stdout);
        if (rc == 1)
            s_fail ("no lead %s is held here (lead list, offers)", third);
        else
        if (rc < 0)
            rc = s_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "offers")) {
        if (node_show_offers (ctx.store, args.json, stdout))
            rc = s_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "claim") && sub)
        rc = s_simple (&ctx, LX_CMD_CLAIM, sub);
    else
    if (streq (command, "approvals"))
        rc = s_listing (&ctx, args.json, lx_store_query (node_store_db (ctx.store),
                        "SELECT lead, finder, claimant, status, project, splits FROM approval"
                        " ORDER BY lead", ""), approval_cols, 6);
    else
    if ((streq (command, "approve") || streq (command, "reject")) && sub)
        rc = s_decide (&args, &ctx, streq (command, "approve"), sub);
    else
    if (streq (command, "progress") && sub)
        rc = s_progress (&args, &ctx, sub);
    else
    if (streq (command, "credit"))
        rc = s_credit (&args, &ctx);
    else
    if (streq (command, "report"))
        rc = s_report (&args, &ctx);
    else
    if (streq (command, "conflicts")) {
        if (node_register_conflicts (node_store_db (ctx.store), args.json, stdout))
            rc = s_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "notices")) {
        if (node_register_notices (node_store_db (ctx.store), args.json, stdout))
            rc = s_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "ledger") && sub && streq (sub, "verify")) {
        rc = lx_ledger_check (node_store_db (ctx.store), ctx.node, stdout);
        rc = rc == 0? 0: 1;
    }
    else
    if ((streq (command, "resolve") && sub) || streq (command, "strike"))
        rc = s_register_command (&args, &ctx, argc, argv, optind + 1);
    else
    if (streq (command, "sync"))
        rc = s_sync (&args, &ctx);
    else
    if (streq (command, "reconcile"))
        rc = s_reconcile (&args, &ctx);
    else {
        fprintf (stderr, "leadx-node: unknown or incomplete command '%s' (try --help)\n", command);
        rc = 2;
    }
    s_close (&ctx);
    return rc;
}

void
node_cli_test (bool verbose)
{
    (void) verbose;
    //  The finder's commands have their help; an unknown one has none.
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out);
    assert (node_help_print (out, "lead withdraw") == 0);
    assert (node_help_print (out, "lead edit") == 0);
    assert (node_help_print (out, "lead frobnicate") == -1);
    assert (node_help_print (out, NULL) == 0);
    fclose (out);
    assert (strstr (text, "usage: leadx-node lead withdraw ID --reason TEXT"));
    assert (strstr (text, "usage: leadx-node lead edit ID [--investor NAME]"));
    assert (strstr (text, "  lead edit ID"));
    free (text);
    //  The option table fits its values.
    int count = 0;
    while (s_options [count].name)
        count++;
    assert (count <= 32);
}
