/*  leadx-broker: the coordination center's broker daemon and operator views.

    leadx-broker run -c FILE            run the broker until SIGINT / SIGTERM
    leadx-broker start|stop -c FILE     the same in the background (lx_daemon)
    leadx-broker keygen -c FILE         make the broker's CURVE certificate
    leadx-broker nodes -c FILE [--json] each node: online, last seen, behind
    leadx-broker transfers -c FILE [--json]  offers, claims and decisions
*/

#include "broker_server.h"
#include "broker_store.h"
#include "lx_cfg.h"
#include "lx_clock.h"
#include "lx_daemon.h"
#include "lx_keys.h"

#include <getopt.h>

static const char *s_usage =
    "usage: leadx-broker COMMAND -c FILE [--json]\n"
    "\n"
    "commands:\n"
    "  run         run the broker daemon in the foreground until interrupted\n"
    "  start       run it in the background; returns once it serves\n"
    "  stop        stop the background daemon; returns once it has exited\n"
    "  keygen      make the broker's CURVE certificate (broker/cert)\n"
    "  nodes       list the city's nodes: role, online, last seen, events behind\n"
    "  transfers   list offers, claims and the center's decisions\n"
    "\n"
    "options:\n"
    "  -c, --config FILE   the broker's configuration (ZPL)\n"
    "  --json              print a listing as JSON\n"
    "  -h, --help          this help\n";

//  Prints text as a JSON string (quotes and escapes).
static void
s_json_str (const char *text)
{
    putchar ('"');
    for (const unsigned char *at = (const unsigned char *) (text? text: ""); *at; at++) {
        if (*at == '"' || *at == '\\')
            printf ("\\%c", *at);
        else
        if (*at < 0x20)
            printf ("\\u%04x", *at);
        else
            putchar (*at);
    }
    putchar ('"');
}

//  Opens the broker store named by the configuration. Returns NULL (and
//  prints why) on failure.
static broker_store_t *
s_open_store (const char *config_file)
{
    char error [256];
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        fprintf (stderr, "leadx-broker: %s\n", error);
        return NULL;
    }
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, "broker/store", "broker.db"));
    broker_store_t *store = broker_store_new (path, error, sizeof error);
    if (!store)
        fprintf (stderr, "leadx-broker: %s\n", error);
    free (path);
    zconfig_destroy (&config);
    return store;
}

//  leadx-broker nodes
static int
s_nodes (const char *config_file, bool json)
{
    broker_store_t *store = s_open_store (config_file);
    if (!store)
        return 1;
    lx_store_t *db = broker_store_db (store);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT id, role, online, last_seen, received, acked, head"
                                         " FROM node ORDER BY role, id", "");
    int rc = stmt? 0: 1;
    if (json)
        printf ("[");
    else
        printf ("%-12s %-9s %-7s %-19s %9s %9s %9s\n", "NODE", "ROLE", "ONLINE", "LAST SEEN",
                "RECEIVED", "EVENTS", "BEHIND");
    int row = 0, step;
    while (stmt && (step = lx_store_step (db, stmt)) == 1) {
        const char *id = (const char *) sqlite3_column_text (stmt, 0);
        const char *role = (const char *) sqlite3_column_text (stmt, 1);
        bool online = sqlite3_column_int (stmt, 2) != 0;
        int64_t seen = sqlite3_column_int64 (stmt, 3);
        int64_t received = sqlite3_column_int64 (stmt, 4);
        int64_t acked = sqlite3_column_int64 (stmt, 5);
        int64_t head = sqlite3_column_int64 (stmt, 6);
        char when [20] = "never";
        if (seen > 0)
            lx_clock_datetime (seen, when);
        if (json) {
            printf ("%s{\"node\":", row++? ",": "");
            s_json_str (id);
            printf (",\"role\":");
            s_json_str (role);
            printf (",\"online\":%s,\"last_seen\":", online? "true": "false");
            s_json_str (seen > 0? when: "");
            printf (",\"received\":%" PRId64 ",\"events\":%" PRId64 ",\"behind\":%" PRId64 "}",
                    received, head, head - acked);
        }
        else
            printf ("%-12s %-9s %-7s %-19s %9" PRId64 " %9" PRId64 " %9" PRId64 "\n", id, role,
                    online? "yes": "no", when, received, head, head - acked);
        if (step < 0)
            rc = 1;
    }
    if (json)
        printf ("]\n");
    broker_store_destroy (&store);
    return rc;
}

//  leadx-broker transfers
static int
s_transfers (const char *config_file, bool json)
{
    broker_store_t *store = s_open_store (config_file);
    if (!store)
        return 1;
    lx_store_t *db = broker_store_db (store);
    sqlite3_stmt *stmt = lx_store_query (db,
        "SELECT o.lead, l.finder, l.project, o.status, ifnull (o.claimant, ''),"
        " (SELECT count(*) FROM route r WHERE r.lead = o.lead),"
        " ifnull ((SELECT d.decision || ' by ' || d.decided_by || ifnull (': ' || d.reason, '')"
        "   FROM decision d WHERE d.lead = o.lead ORDER BY d.id DESC LIMIT 1), ''),"
        " ifnull ((SELECT group_concat (metric || '=' || finder_bp, ',') FROM transfer_split s"
        "   WHERE s.lead = o.lead), '')"
        " FROM offer o JOIN lead l ON l.id = o.lead ORDER BY o.offered", "");
    int rc = stmt? 0: 1;
    if (json)
        printf ("[");
    else
        printf ("%-16s %-10s %-9s %-10s %6s  %s\n", "LEAD", "FINDER", "STATUS", "CLAIMANT", "ROUTED",
                "DECISION / SPLIT (finder bp)");
    int row = 0;
    while (stmt && lx_store_step (db, stmt) == 1) {
        const char *column [8];
        for (int index = 0; index < 8; index++)
            column [index] = (const char *) sqlite3_column_text (stmt, index);
        int routed = sqlite3_column_int (stmt, 5);
        if (json) {
            const char *keys [] = { "lead", "finder", "project", "status", "claimant", NULL, "decision", "splits" };
            printf ("%s{", row++? ",": "");
            for (int index = 0; index < 8; index++) {
                if (index == 5) {
                    printf (",\"routed\":%d", routed);
                    continue;
                }
                printf ("%s\"%s\":", index? ",": "", keys [index]);
                s_json_str (column [index]);
            }
            printf ("}");
        }
        else
            printf ("%-16s %-10s %-9s %-10s %6d  %s%s%s\n", column [0], column [1], column [3],
                    column [4], routed, column [6], *column [7]? "  split ": "", column [7]);
    }
    if (json)
        printf ("]\n");
    broker_store_destroy (&store);
    return rc;
}

//  Reads a path key of the broker's config, relative to the config's
//  directory. Returns a fresh string (the caller's), or NULL (printed).
static char *
s_config_path (const char *config_file, const char *key, const char *fallback)
{
    char error [256];
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        fprintf (stderr, "leadx-broker: %s\n", error);
        return NULL;
    }
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, key, fallback));
    zconfig_destroy (&config);
    return path;
}

//  leadx-broker run / start: runs the broker until SIGINT or SIGTERM; with
//  detach, in the background, returning once it serves.
static int
s_run (const char *config_file, bool detach)
{
    lx_daemon_t *daemon = NULL;
    if (detach) {
        char *pid_file = s_config_path (config_file, "broker/pid_file", "broker.pid");
        char *log_file = s_config_path (config_file, "broker/log_file", "broker.log");
        char error [256] = "";
        pid_t pid = pid_file && log_file?
            lx_daemon_detach (pid_file, log_file, &daemon, error, sizeof error): -1;
        free (pid_file);
        free (log_file);
        if (pid != 0) {
            if (pid > 0)
                printf ("leadx-broker: started, pid %d\n", (int) pid);
            else
            if (*error)
                fprintf (stderr, "leadx-broker: %s\n", error);
            return pid > 0? 0: 1;
        }
    }
    zsys_init ();
    zactor_t *broker = zactor_new (broker_server_actor, (void *) config_file);
    char *status = broker? zstr_recv (broker): NULL;
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready) {
        zactor_destroy (&broker);
        fprintf (stderr, "leadx-broker: could not start (see the log above)\n");
        lx_daemon_destroy (&daemon);
        return 1;
    }
    if (daemon)
        lx_daemon_ready (daemon);
    //  zsys installs a SIGINT/SIGTERM handler that sets zsys_interrupted.
    while (!zsys_interrupted)
        zclock_sleep (200);
    zsys_info ("broker: stopping");
    zactor_destroy (&broker);
    lx_daemon_destroy (&daemon);
    return 0;
}

//  leadx-broker keygen: makes the broker's certificate.
static int
s_keygen (const char *config_file)
{
    char *cert = s_config_path (config_file, "broker/cert", "broker.cert");
    if (!cert)
        return 1;
    char error [256];
    int rc = lx_keys_generate (cert, NULL, NULL, error, sizeof error);
    if (rc)
        fprintf (stderr, "leadx-broker: %s\n", error);
    else
        printf ("leadx-broker: wrote %s_secret (keep it here) and %s (give it to every node)\n", cert, cert);
    free (cert);
    return rc? 1: 0;
}

//  leadx-broker stop: stops the daemon started with this config.
static int
s_stop (const char *config_file)
{
    char *pid_file = s_config_path (config_file, "broker/pid_file", "broker.pid");
    if (!pid_file)
        return 1;
    char error [256];
    bool was_running;
    int rc = lx_daemon_stop (pid_file, 10000, &was_running, error, sizeof error);
    free (pid_file);
    if (rc)
        fprintf (stderr, "leadx-broker: %s\n", error);
    else
        printf ("leadx-broker: %s\n", was_running? "stopped": "was not running");
    return rc? 1: 0;
}

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "config", required_argument, NULL, 'c' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *config_file = NULL;
    bool json = false;
    int option;
    while ((option = getopt_long (argc, argv, "c:h", options, NULL)) != -1) {
        if (option == 'c')
            config_file = optarg;
        else
        if (option == 'j')
            json = true;
        else
        if (option == 'h') {
            fputs (s_usage, stdout);
            return 0;
        }
        else {
            fputs (s_usage, stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf (stderr, "leadx-broker: missing command (try --help)\n");
        return 2;
    }
    const char *command = argv [optind];
    if (!config_file) {
        fprintf (stderr, "leadx-broker: %s needs -c FILE\n", command);
        return 2;
    }
    if (streq (command, "run"))
        return s_run (config_file, false);
    if (streq (command, "start"))
        return s_run (config_file, true);
    if (streq (command, "stop"))
        return s_stop (config_file);
    if (streq (command, "keygen"))
        return s_keygen (config_file);
    if (streq (command, "nodes"))
        return s_nodes (config_file, json);
    if (streq (command, "transfers"))
        return s_transfers (config_file, json);
    fprintf (stderr, "leadx-broker: unknown command '%s' (try --help)\n", command);
    return 2;
}
