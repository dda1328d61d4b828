/*  leadx-broker: the coordination center's broker daemon and operator views.

    leadx-broker run -c FILE            run the broker until SIGINT / SIGTERM
    leadx-broker start|stop -c FILE     the same in the background (lx_daemon)
    leadx-broker keygen -c FILE         make the broker's CURVE certificate and
                                        ledger signing key (each unless it exists)
    leadx-broker nodes -c FILE [--json] each node: online, last seen, behind
    leadx-broker transfers -c FILE [--json]  offers, claims and decisions
    leadx-broker reconcile -c FILE [--json] [NODE ...]
                                        each node's last reconciliation against
                                        the broker's record now; exit 1 on any
                                        difference
    leadx-broker conflicts -c FILE [--json]  the register's conflicts
    leadx-broker review -c FILE [--json]     the monthly review: leads due to
                                        be struck off, by district
    leadx-broker ledger verify -c FILE [NODE ...]
                                        verify each district's credit ledger
                                        chain; exit 1 on the first bad entry
    leadx-broker report -c FILE DISTRICT [--period P] [--format F] [--output FILE [--force]]
    leadx-broker ranking -c FILE [--period P] [--format F] [--output FILE [--force]]
                                        the assessment reports: a district's,
                                        and the city's ranking (通报); a
                                        published period's, as published; an
                                        existing FILE is replaced only with
                                        --force
    leadx-broker publish -c FILE --period P --reason TEXT
                                        publish a period's ranking: it is kept
                                        as it is, and its months close
*/

#include "broker_report.h"
#include "broker_server.h"
#include "broker_store.h"
#include "broker_timers.h"
#include "lx_cfg.h"
#include "lx_clock.h"
#include "lx_daemon.h"
#include "lx_digest.h"
#include "lx_keys.h"
#include "lx_ledger.h"
#include "lx_sign.h"
#include "lx_store.h"
#include "lx_table.h"
#include "lx_text.h"

#include <getopt.h>
#include <unistd.h>

static const char *s_usage =
    "usage: leadx-broker COMMAND -c FILE [--json]\n"
    "\n"
    "commands:\n"
    "  run         run the broker daemon in the foreground until interrupted\n"
    "  start       run it in the background; returns once it serves\n"
    "  stop        stop the background daemon; returns once it has exited\n"
    "              (--kill: SIGKILL, as a crash, instead of a clean SIGTERM)\n"
    "  keygen      make the broker's CURVE certificate (broker/cert) and its ledger\n"
    "              signing key (broker/sign), each unless it exists\n"
    "  nodes       list the city's nodes: role, online, last seen, events behind\n"
    "  transfers   list offers, claims and the center's decisions\n"
    "  reconcile [NODE ...]\n"
    "              compare what each node (default: every node) reported at its last\n"
    "              `leadx-node reconcile` with the broker's record now, section by\n"
    "              section; exit 1 on any difference or a node that never reported\n"
    "  conflicts   list the register's conflicts\n"
    "  review      the monthly review: leads due to be struck off, by district\n"
    "  ledger verify [NODE ...]\n"
    "              verify each district's credit ledger chain; exit 1 on the first bad entry\n"
    "  report DISTRICT [--period P] [--format F] [--output FILE [--force]]\n"
    "  ranking [--period P] [--format F] [--output FILE [--force]]\n"
    "              a district's assessment report, the city's ranking (通报); P is\n"
    "              2026-11, 2026-Q4 or 2026 (default this month), F table, csv, json\n"
    "              or xlsx (xlsx needs --output). FILE is written whole beside it,\n"
    "              then renamed onto it; an existing FILE is replaced only with\n"
    "              --force (else: exit 1, nothing changed)\n"
    "              a published period's ranking prints as it was published\n"
    "  publish --period P --reason TEXT\n"
    "              publish a period's ranking: kept exactly as it is, and its months close:\n"
    "              a report dated in them is refused from then on\n"
    "\n"
    "options:\n"
    "  -c, --config FILE   the broker's configuration (ZPL)\n"
    "  --json              print a listing as JSON\n"
    "  -h, --help          this help\n";

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
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT id, role, online, last_seen, received, acked, "
                                         BROKER_STORE_HEAD ("node.id") " FROM node ORDER BY role, id", "");
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
            lx_text_json (stdout, id);
            printf (",\"role\":");
            lx_text_json (stdout, role);
            printf (",\"online\":%s,\"last_seen\":", online? "true": "false");
            lx_text_json (stdout, seen > 0? when: "");
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
                lx_text_json (stdout, column [index]);
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

//  leadx-broker conflicts
static int
s_conflicts (const char *config_file, bool json)
{
    broker_store_t *store = s_open_store (config_file);
    if (!store)
        return 1;
    static const char *names [] = { "lead", "finder", "investor", "earlier", "holder", "registered",
                                    "match", "similarity", "status", "reason" };
    lx_store_t *db = broker_store_db (store);
    int rc = lx_table_print (db, lx_store_query (db,
        "SELECT c.lead, l.finder, l.investor, c.earlier, e.finder,"
        " date (e.registered / 1000, 'unixepoch', 'localtime'), c.match, c.similarity, c.status,"
        " ifnull (c.resolved_by || ': ' || c.reason, '')"
        " FROM conflict c JOIN lead l ON l.id = c.lead JOIN lead e ON e.id = c.earlier"
        " ORDER BY c.status = 'open' DESC, c.detected, c.lead", ""), names, 10, json, stdout);
    if (rc)
        fprintf (stderr, "leadx-broker: store: %s\n", lx_store_error (db));
    broker_store_destroy (&store);
    return rc? 1: 0;
}

//  The broker's clock as its configuration sets it (an offset clock when
//  broker/clock_offset_file is set, as in tests). Returns NULL if out of
//  memory.
static lx_clock_t *
s_clock (zconfig_t *config, const char *config_file)
{
    const char *offset_file = lx_cfg_str (config, "broker/clock_offset_file", NULL);
    if (!offset_file)
        return lx_clock_new ();
    char *path = lx_cfg_path (config_file, offset_file);
    lx_clock_t *clock = lx_clock_new_offset_file (path);
    free (path);
    return clock;
}

//  leadx-broker review: the leads due to be struck off now, by district.
static int
s_review (const char *config_file, bool json)
{
    char error [256];
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    broker_timers_t *timers = config? broker_timers_load (config, error, sizeof error): NULL;
    lx_clock_t *clock = timers? s_clock (config, config_file): NULL;
    broker_store_t *store = clock? s_open_store (config_file): NULL;
    zlistx_t *due = NULL;
    int64_t now = clock? lx_clock_now (clock): 0;
    if (!config || !timers)
        fprintf (stderr, "leadx-broker: %s\n", error);
    else
    if (store && !(due = broker_timers_review (timers, broker_store_db (store), now)))
        fprintf (stderr, "leadx-broker: store: %s\n", lx_store_error (broker_store_db (store)));
    if (due) {
        char today [11];
        lx_clock_date (now, today);
        if (json)
            printf ("{\"date\":\"%s\",\"strike_days\":%" PRId64 ",\"due\":[", today,
                    broker_timers_strike_days (timers));
        else
            printf ("Monthly review %s: leads not yet signed with no progress for %" PRId64 " days\n\n"
                    "%-12s %-20s %-12s %-12s %-10s %5s\n", today, broker_timers_strike_days (timers),
                    "DISTRICT", "LEAD", "STAGE", "HOLDER", "SINCE", "DAYS");
        const char *district = NULL;
        int in_district = 0, row = 0;
        for (broker_due_t *item = (broker_due_t *) zlistx_first (due); item;
             item = (broker_due_t *) zlistx_next (due), row++) {
            char since [11];
            lx_clock_date (item->activity, since);
            int64_t days = (now - item->activity) / (INT64_C (86400000));
            if (json) {
                printf ("%s{\"district\":", row? ",": "");
                lx_text_json (stdout, item->finder);
                printf (",\"lead\":");
                lx_text_json (stdout, item->lead);
                printf (",\"stage\":\"%s\",\"holder\":", item->stage);
                lx_text_json (stdout, item->holder);
                printf (",\"since\":\"%s\",\"days\":%" PRId64 "}", since, days);
                continue;
            }
            if (district && !streq (district, item->finder)) {
                printf ("%-12s %d due\n", "", in_district);
                in_district = 0;
            }
            district = item->finder;
            in_district++;
            printf ("%-12s %-20s %-12s %-12s %-10s %5" PRId64 "\n", item->finder, item->lead, item->stage,
                    *item->holder? item->holder: "-", since, days);
        }
        if (json)
            printf ("]}\n");
        else
        if (district)
            printf ("%-12s %d due\n\n%zu leads due in all\n", "", in_district, zlistx_size (due));
        else
            printf ("(no lead is due)\n");
    }
    int rc = due? 0: 1;
    zlistx_destroy (&due);
    broker_store_destroy (&store);
    lx_clock_destroy (&clock);
    broker_timers_destroy (&timers);
    zconfig_destroy (&config);
    return rc;
}

//  leadx-broker ledger verify [NODE ...]
static int
s_ledger_verify (const char *config_file, char **nodes, int node_count)
{
    broker_store_t *store = s_open_store (config_file);
    if (!store)
        return 1;
    lx_store_t *db = broker_store_db (store);
    zlistx_t *ids = node_count? zlistx_new (): lx_ledger_nodes (db);
    int rc = ids? 0: 1;
    if (ids && node_count) {
        zlistx_set_destructor (ids, (zlistx_destructor_fn *) zstr_free);
        for (int index = 0; index < node_count; index++)
            zlistx_add_end (ids, strdup (nodes [index]));
    }
    for (const char *id = ids? (const char *) zlistx_first (ids): NULL; id; id = (const char *) zlistx_next (ids))
        if (lx_ledger_check (db, id, NULL, stdout))
            rc = 1;
    if (ids && zlistx_size (ids) == 0)
        printf ("(no ledger entry yet)\n");
    zlistx_destroy (&ids);
    broker_store_destroy (&store);
    return rc;
}

//  The report options of the command line.
typedef struct {
    const char *period;         //  --period, NULL: this month
    const char *format;         //  --format, NULL: table
    const char *output;         //  --output, NULL: standard output
    bool force;                 //  --force: replace a file at output
} s_report_args_t;

//  leadx-broker report DISTRICT / ranking (district NULL).
static int
s_report (const char *config_file, const char *district, s_report_args_t *args)
{
    char error [256] = "";
    int format = lx_report_format_parse (args->format? args->format: "table");
    if (format < 0) {
        fprintf (stderr, "leadx-broker: --format is table, csv, json or xlsx\n");
        return 2;
    }
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    broker_match_t *match = config? broker_match_load (config, error, sizeof error): NULL;
    lx_clock_t *clock = match? s_clock (config, config_file): NULL;
    broker_store_t *store = clock? s_open_store (config_file): NULL;
    char month [11] = "";
    if (clock) {
        lx_clock_date (lx_clock_now (clock), month);
        month [7] = 0;
    }
    const char *period = args->period? args->period: month;
    lx_sheet_t *sheets [LX_REPORT_SHEETS] = { NULL, NULL, NULL };
    const char *names [LX_REPORT_SHEETS] = { "credit", "projects", "rates" };
    size_t count = 0;
    if (store && district)
        count = broker_report_district (broker_store_db (store), match, district, period, sheets,
                                        error, sizeof error) == 0? LX_REPORT_SHEETS: 0;
    else
    if (store) {
        sheets [0] = broker_report_ranking (broker_store_db (store), match, period, error, sizeof error);
        names [0] = "ranking";
        count = sheets [0]? 1: 0;
    }
    int rc = count? lx_report_output (sheets, names, count, format, args->output, args->force,
                                             error, sizeof error): -1;
    if (rc && *error)
        fprintf (stderr, "leadx-broker: %s\n", error);
    for (int index = 0; index < LX_REPORT_SHEETS; index++)
        lx_sheet_destroy (&sheets [index]);
    broker_store_destroy (&store);
    lx_clock_destroy (&clock);
    broker_match_destroy (&match);
    zconfig_destroy (&config);
    return rc? 1: 0;
}

//  leadx-broker publish --period P --reason TEXT: the period's ranking
//  (通报) is published and its months close (broker_report_publish).
static int
s_publish (const char *config_file, const char *period, const char *reason)
{
    if (!period || !reason) {
        fprintf (stderr, "leadx-broker: publish needs --period (2026-11, 2026-Q4, 2026) and --reason\n");
        return 2;
    }
    char error [256] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    broker_match_t *match = config? broker_match_load (config, error, sizeof error): NULL;
    lx_clock_t *clock = match? s_clock (config, config_file): NULL;
    broker_store_t *store = clock? s_open_store (config_file): NULL;
    int rc = store? broker_report_publish (broker_store_db (store), match, period, reason, lx_clock_now (clock),
                                           error, sizeof error): -1;
    if (rc && *error)
        fprintf (stderr, "leadx-broker: %s\n", error);
    if (rc == 0)
        printf ("leadx-broker: the ranking of %s is published; reports dated in it are refused from now on,"
                " and `ranking --period %s` prints it as published\n", period, period);
    broker_store_destroy (&store);
    lx_clock_destroy (&clock);
    broker_match_destroy (&match);
    zconfig_destroy (&config);
    return rc? 1: 0;
}

//  leadx-broker run / start: runs the broker until SIGINT or SIGTERM; with
//  detach, in the background, returning once it serves.
static int
s_run (const char *config_file, bool detach)
{
    lx_daemon_t *daemon = NULL;
    if (detach) {
        char error [256] = "";
        pid_t pid = lx_daemon_start (config_file, "broker", &daemon, error, sizeof error);
        if (pid > 0)
            printf ("leadx-broker: started, pid %d\n", (int) pid);
        else
        if (pid < 0)
            fprintf (stderr, "leadx-broker: %s\n", error);
        if (pid != 0)
            return pid > 0? 0: 1;
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

//  leadx-broker keygen: makes the broker's CURVE certificate and its
//  ledger signing key, each unless it exists (a city made before the
//  broker signed its ledger gets the signing key and keeps its
//  certificate). Fails only when it made neither, or could not.
static int
s_keygen (const char *config_file)
{
    char error [256] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    char *cert = config? lx_cfg_path (config_file, lx_cfg_str (config, "broker/cert", "broker.cert")): NULL;
    char *sign = config? lx_sign_broker_path (config_file, config): NULL;
    int rc = 1;
    if (!config)
        fprintf (stderr, "leadx-broker: %s\n", error);
    else
    if (!cert || !sign)
        fprintf (stderr, "leadx-broker: out of memory\n");
    else {
        char *cert_secret = zsys_sprintf ("%s_secret", cert);
        char *sign_secret = zsys_sprintf ("%s_secret", sign);
        bool had_cert = cert_secret && access (cert_secret, F_OK) == 0;
        bool had_sign = sign_secret && access (sign_secret, F_OK) == 0;
        if (had_cert && had_sign)
            fprintf (stderr, "leadx-broker: %s and %s exist: not replacing keys (remove them first)\n",
                     cert_secret, sign_secret);
        else {
            rc = 0;
            if (had_cert)
                printf ("leadx-broker: kept %s (exists)\n", cert);
            else
            if (lx_keys_generate (cert, NULL, NULL, error, sizeof error) == 0)
                printf ("leadx-broker: wrote %s_secret (keep it here) and %s (give it to every node)\n",
                        cert, cert);
            else {
                fprintf (stderr, "leadx-broker: %s\n", error);
                rc = 1;
            }
            if (had_sign)
                printf ("leadx-broker: kept %s (exists)\n", sign);
            else
            if (lx_sign_generate (sign, error, sizeof error) == 0)
                printf ("leadx-broker: wrote %s_secret (the ledger signing key: keep it here) and %s"
                        " (give it to every node, as node/broker_sign, and to anyone auditing a ledger)\n",
                        sign, sign);
            else {
                fprintf (stderr, "leadx-broker: %s\n", error);
                rc = 1;
            }
        }
        zstr_free (&cert_secret);
        zstr_free (&sign_secret);
    }
    free (cert);
    free (sign);
    zconfig_destroy (&config);
    return rc;
}

//  leadx-broker stop [--kill]: stops the daemon started with this config.
static int
s_stop (const char *config_file, bool kill_it)
{
    char error [256];
    bool was_running;
    if (lx_daemon_stop_config (config_file, "broker", kill_it? SIGKILL: SIGTERM, &was_running, error, sizeof error)) {
        fprintf (stderr, "leadx-broker: %s\n", error);
        return 1;
    }
    printf ("leadx-broker: %s\n", was_running? "stopped": "was not running");
    return 0;
}

//  One node's part of leadx-broker reconcile: its last reconciliation as
//  recorded, the node's digests against ours of the same moment under the
//  same challenge (one the broker issued and the node could not know
//  before). Without a challenge there is no proof: every section counts as
//  a difference. Returns the differences, or -1 on a store error.
static int
s_reconcile_node (broker_store_t *store, const char *node, bool json, bool first)
{
    broker_reconciled_t last;
    if (broker_store_reported (store, node, &last)) {
        fprintf (stderr, "leadx-broker: store: %s\n", lx_store_error (broker_store_db (store)));
        return -1;
    }
    char date [32] = "never";
    if (last.when) {
        time_t seconds = (time_t) (last.when / 1000);
        strftime (date, sizeof date, "%Y-%m-%d %H:%M:%S", localtime (&seconds));
    }
    bool keyed = *last.challenge != '\0';
    const char *proof = !last.when? "never reconciled"
                      : keyed? "keyed with the broker's challenge: the node's digests were computed from its rows"
                             : "NOT PROOF: kept from before challenges; reconcile again";
    if (json) {
        printf ("%s{\"node\":", first? "": ",");
        lx_text_json (stdout, node);
        printf (",\"reported\":\"%s\",\"challenge\":\"%s\",\"proof\":%s,\"sections\":", date,
                last.challenge, keyed? "true": "false");
    }
    else
        printf ("%s%s: last reconciled %s (%s%s%s)\n", first? "": "\n", node, date, proof,
                keyed? ", challenge ": "", last.challenge);
    int differences = lx_digest_report (last.node_lines, last.broker_lines, json, stdout);
    if (!keyed && differences == 0)
        differences = LX_DIGEST_SECTION_COUNT;
    if (json)
        printf ("}");
    broker_reconciled_clear (&last);
    return differences;
}

//  leadx-broker reconcile [NODE ...]
static int
s_reconcile (const char *config_file, bool json, char **nodes, int node_count)
{
    broker_store_t *store = s_open_store (config_file);
    if (!store)
        return 1;
    lx_store_t *db = broker_store_db (store);
    zlistx_t *ids = zlistx_new ();
    zlistx_set_destructor (ids, (zlistx_destructor_fn *) zstr_free);
    int rc = 0;
    for (int index = 0; index < node_count; index++) {
        int64_t known;
        if (lx_store_int (db, &known, "SELECT 1 FROM node WHERE id = ?", "t", nodes [index]) != 0) {
            fprintf (stderr, "leadx-broker: %s is not a district of this city\n", nodes [index]);
            rc = 1;
        }
        zlistx_add_end (ids, strdup (nodes [index]));
    }
    if (node_count == 0) {
        sqlite3_stmt *stmt = lx_store_query (db, "SELECT id FROM node ORDER BY id", "");
        while (stmt && lx_store_step (db, stmt) == 1)
            zlistx_add_end (ids, strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
    int differences = 0;
    if (rc == 0) {
        if (json)
            printf ("[");
        bool first = true;
        for (const char *id = (const char *) zlistx_first (ids); id && rc == 0;
             id = (const char *) zlistx_next (ids), first = false) {
            int found = s_reconcile_node (store, id, json, first);
            if (found < 0)
                rc = 1;
            else
                differences += found;
        }
        if (json)
            printf ("]\n");
    }
    if (rc == 0 && differences) {
        fprintf (stderr, "leadx-broker: %d section%s differ%s or were never reported\n", differences,
                 differences == 1? "": "s", differences == 1? "s": "");
        rc = 1;
    }
    zlistx_destroy (&ids);
    broker_store_destroy (&store);
    return rc;
}

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "config", required_argument, NULL, 'c' },
        { "json", no_argument, NULL, 'j' },
        { "kill", no_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { "period", required_argument, NULL, 'p' }, { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' }, { "reason", required_argument, NULL, 'r' },
        { "force", no_argument, NULL, 'F' },
        { NULL, 0, NULL, 0 }
    };
    if (lx_store_setup ())
        zsys_warning ("broker: SQLite was in use before its options could be set");
    s_report_args_t report = { NULL, NULL, NULL, false };
    const char *reason = NULL;
    const char *config_file = NULL;
    bool json = false;
    bool kill_it = false;
    int option;
    while ((option = getopt_long (argc, argv, "c:h", options, NULL)) != -1) {
        if (option == 'c')
            config_file = optarg;
        else
        if (option == 'j')
            json = true;
        else
        if (option == 'k')
            kill_it = true;
        else
        if (option == 'p')
            report.period = optarg;
        else
        if (option == 'f')
            report.format = optarg;
        else
        if (option == 'o')
            report.output = optarg;
        else
        if (option == 'r')
            reason = optarg;
        else
        if (option == 'F')
            report.force = true;
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
        return s_stop (config_file, kill_it);
    if (streq (command, "keygen"))
        return s_keygen (config_file);
    if (streq (command, "nodes"))
        return s_nodes (config_file, json);
    if (streq (command, "transfers"))
        return s_transfers (config_file, json);
    if (streq (command, "reconcile"))
        return s_reconcile (config_file, json, argv + optind + 1, argc - optind - 1);
    if (streq (command, "conflicts"))
        return s_conflicts (config_file, json);
    if (streq (command, "review"))
        return s_review (config_file, json);
    if (streq (command, "report") && optind + 1 < argc)
        return s_report (config_file, argv [optind + 1], &report);
    if (streq (command, "ranking"))
        return s_report (config_file, NULL, &report);
    if (streq (command, "publish"))
        return s_publish (config_file, report.period, reason);
    if (streq (command, "ledger") && optind + 1 < argc && streq (argv [optind + 1], "verify"))
        return s_ledger_verify (config_file, argv + optind + 2, argc - optind - 2);
    fprintf (stderr, "leadx-broker: unknown command '%s' (try --help)\n", command);
    return 2;
}
