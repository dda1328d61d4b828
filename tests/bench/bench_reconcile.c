/*  bench_reconcile: a reconciliation of a node with a large record while
    the rest of the city heartbeats. */

#include "bench_reconcile.h"
#include "bench_city.h"
#include "broker_store.h"
#include "node_agent.h"
#include "node_store.h"
#include "lx_digest.h"
#include "lx_lead.h"
#include "lx_store.h"

//  The node reconciled, the other daemons, the protocol clients that ping.
#define S_BIG "d01"
static const char *const s_daemons [] = { "d02", "d04", "d05", "d06", "d07" };
#define S_DAEMONS (sizeof s_daemons / sizeof s_daemons [0])
static const char *const s_pingers [] = { "d08", "d09", "d10" };
#define S_PINGERS (sizeof s_pingers / sizeof s_pingers [0])

//  The shipped heartbeat and liveness (deploy/city/*.cfg, and the defaults
//  the bench city's configurations take).
#define S_HEARTBEAT_MS 500
#define S_LIVENESS_MS 2000

//  After the answer the city runs this long more: a heartbeat missed
//  during the reconciliation is noticed within the liveness interval.
#define S_TAIL_MS (S_LIVENESS_MS + S_HEARTBEAT_MS)

//  Pings a protocol client remembers the send time of.
#define S_RING 64

//  A protocol client pinging at every heartbeat.
typedef struct {
    const char *id;             //  its district
    bench_node_t *node;         //  its connection, welcomed
    int64_t token;              //  the last ping's token (pings are numbered from 1)
    int64_t answered;           //  the token of the last pong
    int64_t sent_at [S_RING];   //  µs each of the last S_RING pings went, by token
    int64_t next;               //  µs the next ping is due
} s_pinger_t;

//  The node store's path beside config (its ".cfg" made ".db"), as
//  bench_city_node_config names it; the caller frees it.
static char *
s_store_path (const char *config)
{
    return zsys_sprintf ("%.*s.db", (int) (strlen (config) - 4), config);
}

//  Fills both stores with d01's messages 1 .. messages, the broker's events
//  1 .. messages for it, and the marks that say all of them are delivered
//  and acknowledged. Returns 0 or -1.
static int
s_build (const char *broker_path, const char *node_path, int64_t messages)
{
    char error [256];
    broker_store_t *broker = broker_store_new (broker_path, error, sizeof error);
    node_store_t *node = broker? node_store_new (node_path, error, sizeof error): NULL;
    if (!node) {
        fprintf (stderr, "bench: reconcile: %s\n", error);
        broker_store_destroy (&broker);
        return -1;
    }
    lx_store_t *bdb = broker_store_db (broker);
    lx_store_t *ndb = node_store_db (node);
    //  The messages are d01's registrations; the events, one offer's
    //  body for all (the digests read only their numbers).
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->finder, S_BIG);
    lx_lead_set (&lead->investor, "衢州晶川新材料有限公司");
    lx_lead_set (&lead->project, "年产5万吨锂电池正极材料项目");
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C3841");
    lead->investment = 800000000;
    lead->land = 120;
    lx_lead_set (&lead->id, "d01-0000000");
    lx_msg_t *event = lx_msg_new (LX_CMD_OFFERED);
    lx_lead_to_msg (lead, event, false);
    lx_msg_set_int (event, LX_F_SCORE, 50);
    lx_msg_add_item (event, LX_F_REASONS, "行业C384");
    lx_msg_set_str (event, LX_F_NODE, S_BIG);
    lx_msg_set_int (event, LX_F_SEQ, 1);
    uint8_t *event_body = NULL;
    size_t event_size = 0;
    int rc = lx_msg_encode (event, &event_body, &event_size);
    lx_msg_destroy (&event);
    rc = rc || lx_store_begin (bdb) || lx_store_begin (ndb)? -1: 0;
    for (int64_t seq = 1; seq <= messages && rc == 0; seq++) {
        char id [32];
        snprintf (id, sizeof id, "d01-%07" PRId64, seq);
        lx_lead_set (&lead->id, id);
        lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
        lx_lead_to_msg (lead, msg, true);
        lx_msg_set_str (msg, LX_F_NODE, S_BIG);
        lx_msg_set_int (msg, LX_F_SEQ, seq);
        uint8_t *body = NULL;
        size_t size = 0;
        rc = lx_msg_encode (msg, &body, &size);
        lx_msg_destroy (&msg);
        if (rc == 0)
            rc = lx_store_exec (bdb, "INSERT INTO inbound (node, seq, cmd, body, outcome)"
                                " VALUES ('" S_BIG "', ?, 'lead', ?, 0)", "ib", seq, body, size)
              || lx_store_exec (bdb, "INSERT INTO event (node, seq, cmd, body) VALUES ('" S_BIG "', ?, 'offered', ?)",
                                "ib", seq, event_body, event_size)
              || lx_store_exec (ndb, "INSERT INTO outbox (seq, cmd, lead, body, acked) VALUES (?, 'lead', ?, ?, 1)",
                                "itb", seq, id, body, size)? -1: 0;
        free (body);
    }
    char count [24];
    snprintf (count, sizeof count, "%" PRId64, messages);
    if (rc == 0
    &&  (broker_store_set_received (broker, S_BIG, messages) || broker_store_set_acked (broker, S_BIG, messages)
    ||   node_store_set_meta (node, "applied", count) || node_store_set_meta (node, "settled", count)
    ||   lx_store_commit (bdb) || lx_store_commit (ndb)))
        rc = -1;
    if (rc) {
        fprintf (stderr, "bench: reconcile: building the stores: %s / %s\n", lx_store_error (bdb), lx_store_error (ndb));
        lx_store_rollback (bdb);
        lx_store_rollback (ndb);
    }
    //  The logs into the files now, not at the broker's first commits.
    else
    if (lx_store_exec (bdb, "PRAGMA wal_checkpoint (TRUNCATE)", "")
    ||  lx_store_exec (ndb, "PRAGMA wal_checkpoint (TRUNCATE)", ""))
        rc = -1;
    free (event_body);
    lx_lead_destroy (&lead);
    node_store_destroy (&node);
    broker_store_destroy (&broker);
    return rc;
}

//  Starts a node daemon on config. Returns it, or NULL.
static zactor_t *
s_daemon (const char *config)
{
    zactor_t *agent = zactor_new (node_agent_actor, (void *) config);
    char *status = agent? zstr_recv (agent): NULL;
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready) {
        fprintf (stderr, "bench: reconcile: the daemon of %s did not start\n", config);
        zactor_destroy (&agent);
    }
    return agent;
}

//  The daemons' reconnections for a silent broker, summed; -1 on error.
static int64_t
s_reconnects (zactor_t **agents, size_t count)
{
    int64_t total = 0;
    for (size_t index = 0; index < count; index++) {
        int64_t silences = 0;
        if (zstr_send (agents [index], "STATS") || zsock_recv (agents [index], "8", &silences))
            return -1;
        total += silences;
    }
    return total;
}

//  Reads what came to pinger, timing each pong from its ping, then pings
//  if due. Notes the longest pong and the late ones in figures.
static void
s_ping (s_pinger_t *pinger, bench_reconcile_t *figures)
{
    zsock_t *dealer = bench_node_sock (pinger->node);
    while (zsock_events (dealer) & ZMQ_POLLIN) {
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (dealer, NULL, &error);
        int64_t token = msg && lx_msg_cmd (msg) == LX_CMD_PONG? lx_msg_int (msg, LX_F_TOKEN): 0;
        if (token > pinger->answered && token <= pinger->token) {
            double elapsed = pinger->token - token < S_RING?
                             (zclock_usecs () - pinger->sent_at [token % S_RING]) / 1000.0: S_RING * S_HEARTBEAT_MS;
            if (elapsed > figures->longest_pong_ms)
                figures->longest_pong_ms = elapsed;
            if (elapsed > S_LIVENESS_MS)
                figures->late_pongs++;
            pinger->answered = token;
        }
        lx_msg_destroy (&msg);
    }
    int64_t now = zclock_usecs ();
    if (now < pinger->next)
        return;
    lx_msg_t *ping = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (ping, LX_F_NODE, pinger->id);
    lx_msg_set_int (ping, LX_F_TOKEN, pinger->token + 1);
    if (lx_msg_send (ping, dealer, NULL) == 0) {
        pinger->token++;
        pinger->sent_at [pinger->token % S_RING] = now;
        figures->pings++;
    }
    lx_msg_destroy (&ping);
    pinger->next = now + S_HEARTBEAT_MS * 1000;
}

//  At the end: the pings still unanswered after the liveness interval
//  count as late.
static void
s_ping_end (s_pinger_t *pinger, bench_reconcile_t *figures)
{
    int64_t now = zclock_usecs ();
    for (int64_t token = pinger->answered + 1; token <= pinger->token; token++)
        if (pinger->token - token >= S_RING || now - pinger->sent_at [token % S_RING] > S_LIVENESS_MS * 1000)
            figures->late_pongs++;
}

//  Lines of text, one per line, as a new list (the caller's).
static zlistx_t *
s_lines (const char *text)
{
    zlistx_t *lines = zlistx_new ();
    assert (lines);
    zlistx_set_destructor (lines, (zlistx_destructor_fn *) zstr_free);
    while (text && *text) {
        const char *end = strchr (text, '\n');
        size_t size = end? (size_t) (end - text): strlen (text);
        zlistx_add_end (lines, zsys_sprintf ("%.*s", (int) size, text));
        text = end? end + 1: text + size;
    }
    return lines;
}

//  Keeps the pingers pinging until which (when not NULL, in poller) has
//  something to read, or the monotonic deadline (ms) passes. Returns true
//  when which is readable.
static bool
s_run (s_pinger_t *pingers, zpoller_t *poller, zsock_t *which, int64_t deadline, bench_reconcile_t *figures)
{
    while (zclock_mono () < deadline) {
        int64_t wake = deadline * 1000;
        for (size_t index = 0; index < S_PINGERS; index++)
            if (pingers [index].next < wake)
                wake = pingers [index].next;
        int64_t wait = (wake - zclock_usecs () + 999) / 1000;
        void *ready = zpoller_wait (poller, (int) (wait > 0? wait: 0));
        for (size_t index = 0; index < S_PINGERS; index++)
            s_ping (&pingers [index], figures);
        if (which && ready == which)
            return true;
        if (zpoller_terminated (poller))
            return false;
    }
    return false;
}

//  Asks the daemon whose store is at path for command, pinging meanwhile;
//  returns its answer (the caller's), or NULL after timeout ms.
static zmsg_t *
s_ask (const char *path, const char *command, int64_t timeout, s_pinger_t *pingers, zpoller_t *poller,
       bench_reconcile_t *figures)
{
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    char *control = store? node_store_meta (store, "control"): NULL;
    zsock_t *client = control? zsock_new_dealer (control): NULL;
    free (control);
    node_store_destroy (&store);
    if (!client)
        return NULL;
    zpoller_add (poller, client);
    zstr_send (client, command);
    zmsg_t *answer = s_run (pingers, poller, client, zclock_mono () + timeout, figures)? zmsg_recv (client): NULL;
    zpoller_remove (poller, client);
    zsock_destroy (&client);
    return answer;
}

//  Whether the answer to RECONCILE says every section is equal, of a
//  record holding messages messages.
static bool
s_equal (zmsg_t *answer, int64_t messages)
{
    char *status = zmsg_popstr (answer);
    char *ours = zmsg_popstr (answer);
    char *theirs = zmsg_popstr (answer);
    bool equal = false;
    if (status && streq (status, "OK") && ours && theirs) {
        zlistx_t *mine = s_lines (ours);
        zlistx_t *broker = s_lines (theirs);
        char sent [32];
        snprintf (sent, sizeof sent, "sent %" PRId64 " ", messages);
        equal = lx_digest_report (mine, broker, false, NULL) == 0
             && strncmp ((const char *) zlistx_first (mine), sent, strlen (sent)) == 0;
        if (!equal)
            lx_digest_report (mine, broker, false, stderr);
        zlistx_destroy (&mine);
        zlistx_destroy (&broker);
    }
    else
        fprintf (stderr, "bench: reconcile: the daemon answered %s %s\n", status? status: "nothing",
                 ours? ours: "");
    zstr_free (&status);
    zstr_free (&ours);
    zstr_free (&theirs);
    return equal;
}

int
bench_reconcile (const char *dir, int64_t messages, bench_reconcile_t *figures)
{
    memset (figures, 0, sizeof *figures);
    int rc = -1;
    zactor_t *agents [1 + S_DAEMONS] = { NULL };
    char *configs [1 + S_DAEMONS] = { NULL };
    char *paths [1 + S_DAEMONS] = { NULL };
    s_pinger_t pingers [S_PINGERS];
    memset (pingers, 0, sizeof pingers);
    zpoller_t *poller = zpoller_new (NULL);
    zmsg_t *answer = NULL;
    bench_city_t *city = bench_city_new (dir);
    //  The broker's first start makes its store and its districts' rows;
    //  the fixture goes in while it is stopped.
    if (!city || bench_city_start (city))
        goto done;
    configs [0] = bench_city_node_config (city, S_BIG);
    paths [0] = s_store_path (configs [0]);
    bench_city_stop (city);
    int64_t started = zclock_usecs ();
    if (s_build (bench_city_store (city), paths [0], messages))
        goto done;
    figures->build_s = (zclock_usecs () - started) / 1e6;
    if (bench_city_start (city))
        goto done;
    //  The daemons, configured with the broker's new endpoint, and the
    //  pinging clients.
    for (size_t index = 0; index <= S_DAEMONS; index++) {
        free (configs [index]);
        configs [index] = bench_city_node_config (city, index? s_daemons [index - 1]: S_BIG);
        if (!paths [index])
            paths [index] = s_store_path (configs [index]);
        agents [index] = s_daemon (configs [index]);
        if (!agents [index])
            goto done;
    }
    for (size_t index = 0; index < S_PINGERS; index++) {
        pingers [index].id = s_pingers [index];
        pingers [index].node = bench_city_node (city, s_pingers [index]);
        if (!pingers [index].node)
            goto done;
        zpoller_add (poller, bench_node_sock (pingers [index].node));
    }
    uint64_t before [4];
    int64_t reconnects = s_reconnects (agents, 1 + S_DAEMONS);
    if (bench_city_health (city, before) || reconnects < 0)
        goto done;
    //  Every daemon in sync with the broker, as `leadx-node reconcile`
    //  waits for before it asks.
    for (size_t index = 0; index <= S_DAEMONS; index++) {
        answer = s_ask (paths [index], "SYNC", 120000, pingers, poller, figures);
        char *status = answer? zmsg_popstr (answer): NULL;
        bool synced = status && streq (status, "OK");
        zstr_free (&status);
        zmsg_destroy (&answer);
        if (!synced) {
            fprintf (stderr, "bench: reconcile: %s is not in sync\n", configs [index]);
            goto done;
        }
    }
    //  The reconciliation, as `leadx-node reconcile` asks for it.
    started = zclock_usecs ();
    answer = s_ask (paths [0], "RECONCILE", 600000, pingers, poller, figures);
    figures->reconcile_ms = (zclock_usecs () - started) / 1000.0;
    if (!answer || !s_equal (answer, messages)) {
        fprintf (stderr, "bench: reconcile: no answer saying every section is equal\n");
        goto done;
    }
    //  A heartbeat missed meanwhile is noticed within the liveness interval.
    s_run (pingers, poller, NULL, zclock_mono () + S_TAIL_MS, figures);
    for (size_t index = 0; index < S_PINGERS; index++)
        s_ping_end (&pingers [index], figures);
    uint64_t after [4];
    int64_t reconnected = s_reconnects (agents, 1 + S_DAEMONS);
    if (bench_city_health (city, after) || reconnected < 0)
        goto done;
    figures->offline = (int64_t) (after [0] - before [0]);
    figures->reconnects = reconnected - reconnects;
    figures->snapshot_ms = after [3] / 1000.0;
    rc = 0;
done:
    zmsg_destroy (&answer);
    zpoller_destroy (&poller);
    for (size_t index = 0; index < S_PINGERS; index++)
        bench_node_destroy (&pingers [index].node);
    for (size_t index = 0; index <= S_DAEMONS; index++) {
        zactor_destroy (&agents [index]);
        free (configs [index]);
        free (paths [index]);
    }
    bench_city_destroy (&city);
    return rc;
}
