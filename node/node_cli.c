/*  node_cli: the staff commands of leadx-node: options, dispatch, the
    listings and the daemon's commands. The commands that go to the broker
    are in node_cli_send.c. */

#include "node_cli_int.h"
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

static struct option s_options [] = {
    { "config", required_argument, NULL, 'c' }, { "json", no_argument, NULL, 'j' },
    { "entries", no_argument, NULL, 'e' }, { "kill", no_argument, NULL, 'k' },
    { "due", no_argument, NULL, 'd' }, { "reject", no_argument, NULL, 'r' },
    { "force", no_argument, NULL, 'F' },
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

_Static_assert (sizeof s_options / sizeof s_options [0] <= 48, "node_cli_args_t.values holds 48 options");

const char *
node_cli_opt (node_cli_args_t *args, const char *name)
{
    for (int index = 0; s_options [index].name; index++)
        if (streq (s_options [index].name, name))
            return args->values [index];
    return NULL;
}

int
node_cli_fail (const char *format, const char *detail)
{
    fprintf (stderr, "leadx-node: ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    fprintf (stderr, format, detail);
#pragma GCC diagnostic pop
    fprintf (stderr, "\n");
    return 1;
}

int
node_cli_money (const char *text, const char *name, int64_t *value)
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

void
node_cli_today (char date [11])
{
    lx_clock_date (zclock_time (), date);
}


//  Opens config and store. Returns 0 or 1 (printed).
static int
s_open (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    char error [256];
    ctx->config = lx_cfg_load (args->config, error, sizeof error);
    if (!ctx->config)
        return node_cli_fail ("%s", error);
    ctx->node = lx_cfg_str (ctx->config, "node/id", "");
    ctx->role = lx_role_from_name (lx_cfg_str (ctx->config, "node/role", "county"));
    if (!lx_valid_id (ctx->node) || ctx->role < 0)
        return node_cli_fail ("%s: node/id and node/role must be set", args->config);
    if (lx_cfg_int (ctx->config, "node/verdict_ms", 5000, 0, 600000, &ctx->verdict_ms, error, sizeof error))
        return node_cli_fail ("%s", error);
    if (node_cli_opt (args, "timeout") && lx_cfg_parse_int (node_cli_opt (args, "timeout"), 0, 3600, &ctx->verdict_ms))
        return node_cli_fail ("%s", "--timeout is a number of seconds");
    if (node_cli_opt (args, "timeout"))
        ctx->verdict_ms *= 1000;
    char *path = lx_cfg_path (args->config, lx_cfg_str (ctx->config, "node/store", "node.db"));
    ctx->store = node_store_new (path, error, sizeof error);
    free (path);
    if (!ctx->store)
        return node_cli_fail ("%s", error);
    return 0;
}

static void
s_close (node_cli_ctx_t *ctx)
{
    node_store_destroy (&ctx->store);
    zconfig_destroy (&ctx->config);
}

//  Prints a listing (lx_table_print) to stdout. Returns 0, or 1 when
//  the query failed (printed).
static int
s_listing (node_cli_ctx_t *ctx, bool json, sqlite3_stmt *stmt, const char **names, int columns)
{
    if (lx_table_print (node_store_db (ctx->store), stmt, names, columns, json, stdout))
        return node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx->store)));
    return 0;
}

//  The broker's public signing key, from node/broker_sign (default
//  broker.sign), or NULL with a reason in error.
static lx_sign_t *
s_broker_key (node_cli_args_t *args, node_cli_ctx_t *ctx, char *error, size_t error_size)
{
    char *path = lx_cfg_path (args->config, lx_cfg_str (ctx->config, "node/broker_sign", "broker.sign"));
    lx_sign_t *key = path? lx_sign_load (path, false, error, error_size): NULL;
    if (!path)
        snprintf (error, error_size, "out of memory");
    free (path);
    return key;
}

//  How far this district's chain is backed by the broker's signature, for
//  credit and report (lx_ledger_audit from the head back): *backed the
//  last entry backed; when not all are, a warning line in warning (else
//  ""). A missing key backs nothing, and says so. Returns 0, or -1 on a
//  store error (printed).
static int
s_backing (node_cli_args_t *args, node_cli_ctx_t *ctx, int64_t *backed, char *warning, size_t warning_size)
{
    char error [256] = "";
    warning [0] = '\0';
    *backed = 0;
    lx_sign_t *key = s_broker_key (args, ctx, error, sizeof error);
    if (!key) {
        snprintf (warning, warning_size, "WARNING: %s: these figures are NOT BACKED: they cannot be checked"
                  " against the broker's signature (%s)", ctx->node, error);
        return 0;
    }
    lx_ledger_audit_t audit;
    int rc = lx_ledger_audit (node_store_db (ctx->store), ctx->node, key, false, &audit);
    lx_sign_destroy (&key);
    if (rc == -1) {
        node_cli_fail ("%s", audit.reason);
        return -1;
    }
    *backed = audit.backed;
    if (rc == 1)
        snprintf (warning, warning_size, "WARNING: %s's ledger is %s; figures from those entries are marked."
                  " `leadx-node ledger verify` says more", ctx->node, audit.reason);
    return 0;
}

//  credit [--period P] [--entries]
static int
s_credit (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    char from [11] = "2000-01-01", to [11] = "2100-01-01";
    const char *period = node_cli_opt (args, "period");
    if (period && lx_report_period (period, from, to))
        return node_cli_fail ("bad --period %s: use 2026-11, 2026-Q4 or 2026", period);
    int64_t backed;
    char warning [640];
    if (s_backing (args, ctx, &backed, warning, sizeof warning))
        return 1;
    //  The warning heads the table; JSON stays JSON, the warning on stderr.
    if (*warning)
        fprintf (args->json? stderr: stdout, "%s\n", warning);
    if (node_report_credit (node_store_db (ctx->store), ctx->node, from, to, backed, args->entries, args->json,
                            stdout))
        return node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx->store)));
    return 0;
}

//  report [--period P] [--format F] [--output FILE [--force]]: this
//  district's assessment report (node_report_assessment), its titles
//  marked when the ledger is not wholly backed by the broker's signature
//  (and a warning on stderr: the report may go to a file).
static int
s_report (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    char error [256] = "";
    int64_t target, backed;
    char warning [640];
    if (s_backing (args, ctx, &backed, warning, sizeof warning))
        return 1;
    if (*warning)
        fprintf (stderr, "leadx-node: %s\n", warning);
    if (lx_cfg_int (ctx->config, "node/manufacturing_target_bp", 6500, 0, 10000, &target, error, sizeof error)
    ||  node_report_assessment (node_store_db (ctx->store), ctx->node, node_cli_opt (args, "period"),
                                node_cli_opt (args, "format"), node_cli_opt (args, "output"), args->force, target,
                                *warning? "（未获中心签名背书 NOT BACKED by the broker's signature）": NULL,
                                error, sizeof error))
        return node_cli_fail ("%s", error);
    return 0;
}

//  ledger verify: the chain, then the broker's signature of every entry,
//  from the store and the broker's public key alone (an offline audit).
static int
s_ledger_verify (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    char error [256] = "";
    lx_sign_t *key = s_broker_key (args, ctx, error, sizeof error);
    bool keyed = key != NULL;
    int rc = lx_ledger_check (node_store_db (ctx->store), ctx->node, key, stdout);
    if (!keyed && rc != -1)
        printf ("%s: NOT BACKED: cannot check the broker's signatures without its public signing key (%s)\n",
                ctx->node, error);
    lx_sign_destroy (&key);
    return rc == 0 && keyed? 0: 1;
}

//  Reads --timeout (seconds, default 10) into *timeout. Returns 0, or 1
//  after printing why it is not a number of seconds.
static int
s_timeout (node_cli_args_t *args, int64_t *timeout)
{
    *timeout = 10;
    if (node_cli_opt (args, "timeout") && lx_cfg_parse_int (node_cli_opt (args, "timeout"), 1, 3600, timeout))
        return node_cli_fail ("%s", "--timeout is a number of seconds");
    return 0;
}

//  sync: waits for the daemon's barrier.
static int
s_sync (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    int64_t timeout;
    if (s_timeout (args, &timeout))
        return 1;
    char error [256];
    if (node_ctl_sync (ctx->store, timeout, error, sizeof error))
        return node_cli_fail ("%s", error);
    return 0;
}

//  reconcile: compares this node's record with the broker's.
static int
s_reconcile (node_cli_args_t *args, node_cli_ctx_t *ctx)
{
    int64_t timeout;
    if (s_timeout (args, &timeout))
        return 1;
    char error [256];
    int differences = node_ctl_reconcile (ctx->store, timeout, args->json, error, sizeof error);
    if (differences < 0)
        return node_cli_fail ("%s", error);
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
s_run (node_cli_args_t *args, bool detach)
{
    lx_daemon_t *daemon = NULL;
    if (detach) {
        char error [256] = "";
        pid_t pid = lx_daemon_start (args->config, "node", &daemon, error, sizeof error);
        if (pid > 0)
            printf ("leadx-node: started, pid %d\n", (int) pid);
        else
        if (pid < 0)
            node_cli_fail ("%s", error);
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
        return node_cli_fail ("%s", "could not start (see the log above)");
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
s_keygen (node_cli_args_t *args)
{
    node_cli_ctx_t ctx;
    char error [256];
    memset (&ctx, 0, sizeof ctx);
    ctx.config = lx_cfg_load (args->config, error, sizeof error);
    if (!ctx.config)
        return node_cli_fail ("%s", error);
    const char *node = lx_cfg_str (ctx.config, "node/id", "");
    const char *role = lx_cfg_str (ctx.config, "node/role", "county");
    int rc = 1;
    if (!lx_valid_id (node) || lx_role_from_name (role) < 0)
        node_cli_fail ("%s: node/id and node/role must be set", args->config);
    else {
        char *cert = lx_cfg_path (args->config, lx_cfg_str (ctx.config, "node/cert", "node.cert"));
        if (lx_keys_generate (cert, node, role, error, sizeof error))
            node_cli_fail ("%s", error);
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
s_stop (node_cli_args_t *args)
{
    char error [256];
    bool was_running;
    if (lx_daemon_stop_config (args->config, "node", args->kill? SIGKILL: SIGTERM, &was_running, error, sizeof error))
        return node_cli_fail ("%s", error);
    printf ("leadx-node: %s\n", was_running? "stopped": "was not running");
    return 0;
}

int
node_cli_main (int argc, char *argv [])
{
    if (lx_store_setup ())
        zsys_warning ("node: SQLite was in use before its options could be set");
    node_cli_args_t args;
    memset (&args, 0, sizeof args);
    int option, index = 0;
    while ((option = getopt_long (argc, argv, "c:h", s_options, &index)) != -1) {
        if (option == 'c') args.config = optarg;
        else if (option == 'j') args.json = true;
        else if (option == 'h') args.help = true;
        else if (option == 'e') args.entries = true;
        else if (option == 'k') args.kill = true;
        else if (option == 'd') args.due = true;
        else if (option == 'r') args.reject = true;
        else if (option == 'F') args.force = true;
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
        if (node_cli_opt (&args, "timeout") && lx_cfg_parse_int (node_cli_opt (&args, "timeout"), 1, 86400, &timeout))
            return node_cli_fail ("%s", "--timeout is a number of seconds");
        zsys_init ();
        return node_rebuild_run (args.config, timeout, stdout);
    }
    node_cli_ctx_t ctx;
    memset (&ctx, 0, sizeof ctx);
    int rc = s_open (&args, &ctx);
    if (rc) {
        s_close (&ctx);
        return rc;
    }
    static const char *lead_cols [] = { "id", "stage", "project", "investor", "investment", "lander", "pending" };
    static const char *approval_cols [] = { "lead", "finder", "claimant", "status", "project", "splits" };
    if (streq (command, "lead") && sub && streq (sub, "add"))
        rc = node_cli_lead_add (&args, &ctx);
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
        rc = node_cli_simple (&ctx, LX_CMD_OFFER, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "withdraw") && third)
        rc = node_cli_withdraw (&args, &ctx, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "edit") && third)
        rc = node_cli_edit (&args, &ctx, third);
    else
    if (streq (command, "lead") && sub && streq (sub, "show") && third) {
        rc = node_show_lead (ctx.store, third, args.json, stdout);
        if (rc == 1)
            node_cli_fail ("no lead %s is held here (lead list, offers)", third);
        else
        if (rc < 0)
            rc = node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "offers")) {
        if (node_show_offers (ctx.store, args.json, stdout))
            rc = node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "claim") && sub)
        rc = node_cli_simple (&ctx, LX_CMD_CLAIM, sub);
    else
    if (streq (command, "approvals"))
        rc = s_listing (&ctx, args.json, lx_store_query (node_store_db (ctx.store),
                        "SELECT lead, finder, claimant, status, project, splits FROM approval"
                        " ORDER BY lead", ""), approval_cols, 6);
    else
    if (streq (command, "held")) {
        static const char *held_cols [] = { "id", "status", "lead", "lander", "stage", "date", "metric", "amount",
                                            "reason" };
        rc = s_listing (&ctx, args.json, lx_store_query (node_store_db (ctx.store),
                        "SELECT id, status, lead, lander, stage, date, metric, amount, reason FROM held"
                        " ORDER BY status = 'held' DESC, id", ""), held_cols, 9);
    }
    else
    if (streq (command, "confirm") && sub)
        rc = node_cli_confirm (&args, &ctx, sub);
    else
    if ((streq (command, "approve") || streq (command, "reject")) && sub)
        rc = node_cli_decide (&args, &ctx, streq (command, "approve"), sub);
    else
    if (streq (command, "progress") && sub)
        rc = node_cli_progress (&args, &ctx, sub);
    else
    if (streq (command, "credit"))
        rc = s_credit (&args, &ctx);
    else
    if (streq (command, "report"))
        rc = s_report (&args, &ctx);
    else
    if (streq (command, "conflicts")) {
        if (node_register_conflicts (node_store_db (ctx.store), args.json, stdout))
            rc = node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "notices")) {
        if (node_register_notices (node_store_db (ctx.store), args.json, stdout))
            rc = node_cli_fail ("store: %s", lx_store_error (node_store_db (ctx.store)));
    }
    else
    if (streq (command, "ledger") && sub && streq (sub, "verify"))
        rc = s_ledger_verify (&args, &ctx);
    else
    if ((streq (command, "resolve") && sub) || streq (command, "strike"))
        rc = node_cli_register_command (&args, &ctx, argc, argv, optind + 1);
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
