/*  node_agent: one district's daemon, as a czmq actor. */

#include "node_agent.h"
#include "node_store.h"
#include "lx_cfg.h"
#include "lx_keys.h"
#include "lx_lock.h"
#include "lx_monitor.h"
#include "lx_msg.h"

//  ms between attempts to send a hello while the connection is not up.
#define S_HELLO_RETRY_MS 10

//  A staff command waiting for a sync barrier.
typedef struct {
    zframe_t *routing;          //  control connection to answer
    int64_t token;              //  ping token sent for it
    int64_t outbox;             //  outbox head when it asked
    int64_t head;               //  broker head from the pong, -1 until it arrives
} s_waiter_t;

//  A staff command waiting for the broker's side of a reconciliation.
typedef struct {
    zframe_t *routing;          //  control connection to answer
    int64_t token;              //  token of the RECONCILE sent for it, 0 until sent
    char *lines;                //  our digest lines as sent, one per line
} s_reconciler_t;

typedef struct {
    zsock_t *pipe;              //  actor pipe
    zsock_t *dealer;            //  to the broker, NULL between connections
    lx_monitor_t *monitor;      //  names failed handshakes; watches each dealer in turn
    zsock_t *control;           //  staff commands
    zpoller_t *poller;          //  rebuilt with each connection
    node_store_t *store;        //  the district's record
    lx_lock_t *lock;            //  the store's lock: one daemon per store
    char *node;                 //  our node id
    char *role;                 //  our role
    char *broker;               //  broker endpoint
    char *cert;                 //  our certificate (its _secret file is used); NULL in plain text
    char *broker_cert;          //  the broker's public certificate; NULL in plain text
    int64_t heartbeat;          //  ms between pings
    int64_t liveness;           //  ms of broker silence before reconnecting
    int64_t window;             //  outbox messages in flight
    bool welcomed;              //  hello answered on this connection
    int64_t sent;               //  highest outbox seq sent on this connection
    int64_t acked;              //  highest outbox seq the broker acknowledged
    int64_t heard;              //  monotonic ms the broker was last heard
    int64_t next_ping;          //  monotonic ms of the next ping
    int64_t token;              //  last ping token
    zlistx_t *waiters;          //  s_waiter_t
    zlistx_t *reconcilers;      //  s_reconciler_t
    bool terminated;            //  $TERM received
} s_agent_t;

//  Frees a waiter.
static void
s_waiter_destroy (void **item_p)
{
    s_waiter_t *waiter = (s_waiter_t *) *item_p;
    if (waiter) {
        zframe_destroy (&waiter->routing);
        free (waiter);
        *item_p = NULL;
    }
}

//  Frees a reconciler.
static void
s_reconciler_destroy (void **item_p)
{
    s_reconciler_t *reconciler = (s_reconciler_t *) *item_p;
    if (reconciler) {
        zframe_destroy (&reconciler->routing);
        free (reconciler->lines);
        free (reconciler);
        *item_p = NULL;
    }
}

//  Sends an unnumbered message built here.
static void
s_send (s_agent_t *self, lx_msg_t **msg_p)
{
    if (self->dealer)
        lx_msg_send (*msg_p, self->dealer, NULL);
    lx_msg_destroy (msg_p);
}

//  Opens a fresh connection to the broker and says hello.
static void
s_connect (s_agent_t *self)
{
    zpoller_destroy (&self->poller);
    lx_monitor_detach (self->monitor);      //  before the socket it watches
    zsock_destroy (&self->dealer);
    self->dealer = zsock_new (ZMQ_DEALER);
    assert (self->dealer);
    zsock_set_linger (self->dealer, 0);
    zsock_set_immediate (self->dealer, 1);
    zsock_set_sndhwm (self->dealer, (int) (self->window + LX_MSG_CONTROL_ROOM));
    zsock_set_reconnect_ivl (self->dealer, 100);
    zsock_set_reconnect_ivl_max (self->dealer, 2000);
    char error [256];
    if (self->cert && lx_keys_apply_client (self->dealer, self->cert, self->broker_cert, error, sizeof error))
        zsys_error ("node: %s", error);         //  checked at start; the files changed since
    if (lx_monitor_attach (self->monitor, self->dealer))
        zsys_warning ("node: cannot watch the handshakes with %s", self->broker);
    if (zsock_connect (self->dealer, "%s", self->broker))
        zsys_error ("node: cannot connect to %s", self->broker);
    self->poller = zpoller_new (self->pipe, self->dealer, self->control, lx_monitor_actor (self->monitor), NULL);
    self->welcomed = false;
    self->heard = zclock_mono ();
    self->next_ping = 0;        //  hello goes with the first tick
}

//  Sends hello (until welcomed) or a ping.
static void
s_tick (s_agent_t *self)
{
    if (zclock_mono () - self->heard > self->liveness) {
        zsys_info ("node: broker silent for %" PRId64 " ms, reconnecting", self->liveness);
        s_connect (self);
    }
    lx_msg_t *msg;
    if (!self->welcomed) {
        msg = lx_msg_new (LX_CMD_HELLO);
        lx_msg_set_str (msg, LX_F_ROLE, self->role);
        lx_msg_set_int (msg, LX_F_ACK, node_store_applied (self->store));
    }
    else {
        msg = lx_msg_new (LX_CMD_PING);
        lx_msg_set_int (msg, LX_F_TOKEN, ++self->token);
        //  The pong answers a waiter only if this ping follows, on the same
        //  ordered connection, everything it is waiting for: the broker
        //  then handles those first, and the pong's head counts their events.
        bool barrier = false;
        for (s_waiter_t *waiter = (s_waiter_t *) zlistx_first (self->waiters); waiter;
             waiter = (s_waiter_t *) zlistx_next (self->waiters))
            if (waiter->token == 0 && self->sent >= waiter->outbox) {
                waiter->token = self->token;
                barrier = true;
            }
        //  A sync's ping asks the broker to run its timers first, so that
        //  the sync sees what they did as of now.
        if (barrier)
            lx_msg_set_bool (msg, LX_F_DUE, true);
    }
    lx_msg_set_str (msg, LX_F_NODE, self->node);
    bool hello = !self->welcomed;
    int sent = self->dealer? lx_msg_send (msg, self->dealer, NULL): -1;
    lx_msg_destroy (&msg);
    //  A hello that found no connection yet (the socket is immediate) is
    //  retried soon: coming back should not cost a heartbeat.
    self->next_ping = zclock_mono () + (hello && sent? S_HELLO_RETRY_MS: self->heartbeat);
}

//  Sends outbox messages after self->sent, within the window.
static void
s_flush (s_agent_t *self)
{
    if (!self->welcomed)
        return;
    int64_t room = self->window - (self->sent - self->acked);
    if (room <= 0)
        return;
    lx_store_t *db = node_store_db (self->store);
    sqlite3_stmt *stmt = node_store_outbox_from (self->store, self->sent, room);
    while (stmt && lx_store_step (db, stmt) == 1) {
        if (lx_msg_send_body ((const uint8_t *) sqlite3_column_blob (stmt, 1),
                              (size_t) sqlite3_column_bytes (stmt, 1), self->dealer, NULL)) {
            sqlite3_reset (stmt);
            break;
        }
        self->sent = sqlite3_column_int64 (stmt, 0);
    }
}

//  Pings now if a waiter can take its barrier (all it waits for is sent)
//  and has none yet, rather than at the next heartbeat.
static void
s_request_barrier (s_agent_t *self)
{
    if (!self->welcomed)
        return;
    for (s_waiter_t *waiter = (s_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (s_waiter_t *) zlistx_next (self->waiters))
        if (waiter->token == 0 && self->sent >= waiter->outbox) {
            s_tick (self);
            return;
        }
}

//  The digest lines of a RECONCILE or RECONCILED, one per line, as a new
//  string (the caller's), for a staff command.
static char *
s_digests_text (lx_msg_t *msg)
{
    char *text = strdup ("");
    for (size_t index = 0; text && index < lx_msg_count (msg, LX_F_DIGESTS); index++) {
        char *joined = zsys_sprintf ("%s%s%s", text, index? "\n": "", lx_msg_item (msg, LX_F_DIGESTS, index));
        free (text);
        text = joined;
    }
    assert (text);
    return text;
}

//  Sends a RECONCILE for each reconciler that has none on this
//  connection, with our digests as they are now.
static void
s_send_reconciles (s_agent_t *self)
{
    if (!self->welcomed)
        return;
    for (s_reconciler_t *reconciler = (s_reconciler_t *) zlistx_first (self->reconcilers); reconciler;
         reconciler = (s_reconciler_t *) zlistx_next (self->reconcilers)) {
        if (reconciler->token)
            continue;
        zlistx_t *lines = node_store_digests (self->store, self->node);
        if (!lines) {
            zsys_error ("node: cannot read our digests: %s", lx_store_error (node_store_db (self->store)));
            return;
        }
        lx_msg_t *msg = lx_msg_new (LX_CMD_RECONCILE);
        lx_msg_set_str (msg, LX_F_NODE, self->node);
        lx_msg_set_int (msg, LX_F_TOKEN, ++self->token);
        for (const char *line = (const char *) zlistx_first (lines); line;
             line = (const char *) zlistx_next (lines))
            lx_msg_add_item (msg, LX_F_DIGESTS, line);
        zlistx_destroy (&lines);
        free (reconciler->lines);
        reconciler->lines = s_digests_text (msg);
        reconciler->token = self->token;
        s_send (self, &msg);
    }
}

//  RECONCILED: answers the staff command that asked, with both sides.
static void
s_on_reconciled (s_agent_t *self, lx_msg_t *msg)
{
    for (s_reconciler_t *reconciler = (s_reconciler_t *) zlistx_first (self->reconcilers); reconciler;
         reconciler = (s_reconciler_t *) zlistx_next (self->reconcilers)) {
        if (reconciler->token != lx_msg_int (msg, LX_F_TOKEN))
            continue;
        char *theirs = s_digests_text (msg);
        zframe_send (&reconciler->routing, self->control, ZFRAME_MORE);
        zstr_sendx (self->control, "OK", reconciler->lines, theirs, NULL);
        free (theirs);
        zlistx_delete (self->reconcilers, zlistx_cursor (self->reconcilers));
        return;
    }
}

//  Answers the waiters whose barrier has passed.
static void
s_check_waiters (s_agent_t *self)
{
    int64_t applied = node_store_applied (self->store);
    bool answered = true;
    while (answered) {
        answered = false;
        for (s_waiter_t *waiter = (s_waiter_t *) zlistx_first (self->waiters); waiter;
             waiter = (s_waiter_t *) zlistx_next (self->waiters)) {
            if (waiter->head >= 0 && applied >= waiter->head && self->acked >= waiter->outbox) {
                zframe_send (&waiter->routing, self->control, ZFRAME_MORE | ZFRAME_REUSE);
                zstr_send (self->control, "OK");
                zlistx_delete (self->waiters, zlistx_cursor (self->waiters));
                answered = true;
                break;
            }
        }
    }
}

//  Applies a batch of what the broker sent, then acknowledges.
static void
s_on_broker (s_agent_t *self)
{
    lx_store_t *db = node_store_db (self->store);
    int64_t applied = node_store_applied (self->store);
    bool opened = lx_store_begin (db) == 0;
    bool ack_events = false;
    for (int count = 0; count < 1000 && opened; count++) {
        if (count > 0 && !(zsock_events (self->dealer) & ZMQ_POLLIN))
            break;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (self->dealer, NULL, &error);
        if (!msg) {
            if (error.code)
                zsys_warning ("node: dropped a bad message from the broker: %s", error.reason);
            continue;
        }
        self->heard = zclock_mono ();
        lx_cmd_t cmd = lx_msg_cmd (msg);
        if (cmd == LX_CMD_WELCOME) {
            self->welcomed = true;
            self->acked = lx_msg_int (msg, LX_F_ACK);
            self->sent = self->acked;
            node_store_outbox_ack (self->store, self->acked);
            //  Pings of an earlier connection will not be answered.
            for (s_waiter_t *waiter = (s_waiter_t *) zlistx_first (self->waiters); waiter;
                 waiter = (s_waiter_t *) zlistx_next (self->waiters)) {
                waiter->token = 0;
                waiter->head = -1;
            }
            for (s_reconciler_t *reconciler = (s_reconciler_t *) zlistx_first (self->reconcilers);
                 reconciler; reconciler = (s_reconciler_t *) zlistx_next (self->reconcilers))
                reconciler->token = 0;

            zsys_info ("node: %s welcomed; broker has our #%" PRId64 ", %" PRId64 " events for us",
                       self->node, self->acked, lx_msg_int (msg, LX_F_HEAD));
        }
        else
        if (cmd == LX_CMD_ACK || cmd == LX_CMD_PONG) {
            int64_t ack = lx_msg_int (msg, LX_F_ACK);
            if (ack > self->acked) {
                self->acked = ack;
                node_store_outbox_ack (self->store, ack);
            }
            if (cmd == LX_CMD_PONG)
                for (s_waiter_t *waiter = (s_waiter_t *) zlistx_first (self->waiters); waiter;
                     waiter = (s_waiter_t *) zlistx_next (self->waiters))
                    if (waiter->token && waiter->token <= lx_msg_int (msg, LX_F_TOKEN) && waiter->head < 0)
                        waiter->head = lx_msg_int (msg, LX_F_HEAD);
        }
        else
        if (cmd == LX_CMD_RECONCILED)
            s_on_reconciled (self, msg);
        else
        if (cmd == LX_CMD_ERROR) {
            zsys_warning ("node: broker says %s: %s", lx_error_name ((int) lx_msg_int (msg, LX_F_CODE)),
                          lx_msg_str (msg, LX_F_REASON));
            if (lx_msg_int (msg, LX_F_CODE) == LX_ERR_SEQ_GAP || lx_msg_int (msg, LX_F_CODE) == LX_ERR_NOT_HELLO)
                self->welcomed = false;     //  start over with hello
        }
        else
        if (!lx_cmd_from_broker (cmd))
            zsys_warning ("node: the broker sent %s, which only nodes send; dropped", lx_cmd_name (cmd));
        else
        if (lx_cmd_is_numbered (cmd)) {
            int64_t seq = lx_msg_int (msg, LX_F_SEQ);
            ack_events = true;
            if (seq == applied + 1) {
                //  Each event in its own savepoint: a failed one leaves nothing.
                if (lx_store_begin (db) == 0) {
                    if (node_store_apply (self->store, self->node, msg, &error) == 0 && lx_store_commit (db) == 0)
                        applied = seq;
                    else {
                        zsys_error ("node: could not apply event #%" PRId64 " (%s): %s", seq,
                                    lx_cmd_name (cmd), error.code? error.reason: lx_store_error (db));
                        lx_store_rollback (db);
                    }
                }
            }
        }
        lx_msg_destroy (&msg);
    }
    if (opened && applied > node_store_applied (self->store) && node_store_set_applied (self->store, applied)) {
        zsys_error ("node: cannot record applied events: %s", lx_store_error (db));
        lx_store_rollback (db);
        return;
    }
    if (opened && lx_store_commit (db)) {
        zsys_error ("node: commit failed: %s", lx_store_error (db));
        lx_store_rollback (db);
        return;
    }
    if (ack_events) {
        lx_msg_t *ack = lx_msg_new (LX_CMD_ACK);
        lx_msg_set_str (ack, LX_F_NODE, self->node);
        lx_msg_set_int (ack, LX_F_ACK, node_store_applied (self->store));
        s_send (self, &ack);
    }
    s_flush (self);
    s_request_barrier (self);
    s_check_waiters (self);
    s_send_reconciles (self);
}

//  A staff command on the control socket.
static void
s_on_control (s_agent_t *self)
{
    zframe_t *routing = zframe_recv (self->control);
    char *command = zstr_recv (self->control);
    if (routing && command && streq (command, "SYNC")) {
        s_waiter_t *waiter = (s_waiter_t *) zmalloc (sizeof (s_waiter_t));
        waiter->routing = routing;
        routing = NULL;
        waiter->outbox = node_store_outbox_head (self->store);
        waiter->head = -1;
        zlistx_add_end (self->waiters, waiter);
    }
    else
    if (routing && command && streq (command, "RECONCILE")) {
        s_reconciler_t *reconciler = (s_reconciler_t *) zmalloc (sizeof (s_reconciler_t));
        assert (reconciler);
        reconciler->routing = routing;
        routing = NULL;
        zlistx_add_end (self->reconcilers, reconciler);
    }
    s_flush (self);
    s_request_barrier (self);
    s_send_reconciles (self);
    zframe_destroy (&routing);
    zstr_free (&command);
}

//  The monitor of the handshakes with the broker, with what to check when
//  each kind fails. Returns NULL when out of memory.
static lx_monitor_t *
s_monitor_new (s_agent_t *self)
{
    lx_monitor_t *monitor = lx_monitor_new (LX_MONITOR_CLIENT, "the broker", self->cert? "CURVE": "plain-text");
    if (!monitor)
        return NULL;
    if (self->cert) {
        char *hint = zsys_sprintf ("is node/broker_cert (%s) the broker's public certificate?", self->broker_cert);
        lx_monitor_set_hint (monitor, LX_MONITOR_CLOSED, hint);
        lx_monitor_set_hint (monitor, LX_MONITOR_CRYPTO, hint);
        zstr_free (&hint);
        hint = zsys_sprintf ("is %s in the broker's clients directory?", self->cert);
        lx_monitor_set_hint (monitor, LX_MONITOR_REFUSED, hint);
        zstr_free (&hint);
    }
    lx_monitor_set_hint (monitor, LX_MONITOR_MISMATCH, "is plaintext set on one side only?");
    return monitor;
}

//  An event of a handshake with the broker: logs what the monitor tells
//  (a failure once an episode, and the success that ends it).
static void
s_on_monitor (s_agent_t *self)
{
    lx_monitor_event_t event;
    if (lx_monitor_recv (self->monitor, &event))
        return;
    char *line = lx_monitor_report (self->monitor, &event, zclock_mono ());
    if (line && event.kind == LX_MONITOR_SUCCEEDED)
        zsys_info ("node: %s", line);
    else
    if (line)
        zsys_warning ("node: %s", line);
    zstr_free (&line);
}

//  Loads configuration, opens the store, binds control. Returns 0 or -1.
static int
s_start (s_agent_t *self, const char *config_file)
{
    char error [1024] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        zsys_error ("node: %s", error);
        return -1;
    }
    int rc = -1;
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, "node/store", "node.db"));
    self->node = strdup (lx_cfg_str (config, "node/id", ""));
    self->role = strdup (lx_cfg_str (config, "node/role", "county"));
    self->broker = strdup (lx_cfg_str (config, "node/broker", "tcp://127.0.0.1:9700"));
    if (lx_cfg_int (config, "node/heartbeat_ms", 500, 10, 60000, &self->heartbeat, error, sizeof error)
    ||  lx_cfg_int (config, "node/liveness_ms", 2000, 30, 600000, &self->liveness, error, sizeof error)
    ||  lx_cfg_int (config, "node/window", 1000, 1, 1000000, &self->window, error, sizeof error))
        goto done;
    int64_t plaintext;
    if (lx_cfg_int (config, "node/plaintext", 0, 0, 1, &plaintext, error, sizeof error))
        goto done;
    if (plaintext)
        zsys_warning ("node: *** PLAIN TEXT: the connection to the broker is neither encrypted nor"
                      " authenticated. For local experiments only (node/plaintext = 1) ***");
    else {
        self->cert = lx_cfg_path (config_file, lx_cfg_str (config, "node/cert", "node.cert"));
        self->broker_cert = lx_cfg_path (config_file, lx_cfg_str (config, "node/broker_cert", "broker.cert"));
        //  Fail at start, not at every reconnect, when the keys are missing.
        zsock_t *probe = zsock_new (ZMQ_DEALER);
        int applied = lx_keys_apply_client (probe, self->cert, self->broker_cert, error, sizeof error);
        zsock_destroy (&probe);
        if (applied)
            goto done;
    }
    //  Before the store opens: a second daemon is refused at once.
    self->lock = lx_lock_new (path, error, sizeof error);
    if (!self->lock)
        goto done;
    self->store = node_store_new (path, error, sizeof error);
    if (!self->store)
        goto done;
    int64_t began = zclock_mono ();
    char problem [256];
    if (lx_store_check (node_store_db (self->store), problem, sizeof problem)) {
        snprintf (error, sizeof error, "store %s is damaged (quick_check: %s). Restore it from a backup,"
                  " or move it aside and rebuild it from the broker's record with `leadx-node rebuild -c %s`",
                  path, problem, config_file);
        goto done;
    }
    zsys_info ("node: store %s checked (quick_check) in %" PRId64 " ms", path, zclock_mono () - began);
    self->control = zsock_new (ZMQ_ROUTER);
    const char *control = lx_cfg_str (config, "node/control", "tcp://127.0.0.1:*");
    if (zsock_bind (self->control, "%s", control) == -1) {
        snprintf (error, sizeof error, "cannot bind control %s", control);
        goto done;
    }
    char *endpoint = zsock_last_endpoint (self->control);
    int stored = node_store_set_meta (self->store, "control", endpoint);
    zstr_free (&endpoint);
    if (stored || node_store_set_meta (self->store, "node", self->node)) {
        snprintf (error, sizeof error, "store: %s", lx_store_error (node_store_db (self->store)));
        goto done;
    }
    self->monitor = s_monitor_new (self);
    if (!self->monitor) {
        snprintf (error, sizeof error, "out of memory");
        goto done;
    }
    zsys_info ("node: %s (%s) starting, broker %s, store %s", self->node, self->role, self->broker, path);
    rc = 0;
done:
    if (rc)
        zsys_error ("node: %s", error);
    free (path);
    zconfig_destroy (&config);
    return rc;
}

void
node_agent_poke (node_store_t *store)
{
    assert (store);
    char *control = node_store_meta (store, "control");
    if (control) {
        zsock_t *client = zsock_new (ZMQ_DEALER);
        assert (client);
        zsock_set_linger (client, 100);
        zsock_set_sndtimeo (client, 100);
        if (zsock_connect (client, "%s", control) == 0)
            zstr_send (client, "POKE");
        zsock_destroy (&client);
    }
    free (control);
}

void
node_agent_actor (zsock_t *pipe, void *args)
{
    s_agent_t agent;
    memset (&agent, 0, sizeof agent);
    s_agent_t *self = &agent;
    self->pipe = pipe;
    self->waiters = zlistx_new ();
    zlistx_set_destructor (self->waiters, s_waiter_destroy);
    self->reconcilers = zlistx_new ();
    zlistx_set_destructor (self->reconcilers, s_reconciler_destroy);
    bool started = s_start (self, (const char *) args) == 0;
    zsock_signal (pipe, 0);
    zstr_send (pipe, started? "READY": "FAILED");
    if (started)
        s_connect (self);
    while (started && !self->terminated) {
        int64_t wait = self->next_ping - zclock_mono ();
        void *which = zpoller_wait (self->poller, (int) (wait > 0? wait: 0));
        if (which == self->pipe) {
            char *command = zstr_recv (pipe);
            self->terminated = !command || streq (command, "$TERM");
            zstr_free (&command);
        }
        else
        if (which == self->dealer)
            s_on_broker (self);
        else
        if (which == self->control)
            s_on_control (self);
        else
        if (which && which == lx_monitor_actor (self->monitor))
            s_on_monitor (self);
        else
        if (zpoller_terminated (self->poller))
            break;
        if (zclock_mono () >= self->next_ping) {
            s_tick (self);
            s_flush (self);
        }
    }
    zpoller_destroy (&self->poller);
    lx_monitor_destroy (&self->monitor);    //  before the socket it watches
    zsock_destroy (&self->dealer);
    zsock_destroy (&self->control);
    zlistx_destroy (&self->waiters);
    zlistx_destroy (&self->reconcilers);
    node_store_destroy (&self->store);
    lx_lock_destroy (&self->lock);
    free (self->node);
    free (self->role);
    free (self->broker);
    free (self->cert);
    free (self->broker_cert);
}

void
node_agent_test (bool verbose)
{
    (void) verbose;
    //  The end-to-end flow over real processes is tested in tests/; here
    //  the agent starts, refuses a bad configuration, and stops cleanly.
    char dir [] = "/tmp/node_agent_test_XXXXXX";
    assert (mkdtemp (dir));
    char *config_file = zsys_sprintf ("%s/node.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"tcp://127.0.0.1:1\"\n"
                   "    heartbeat_ms = 50\n    liveness_ms = 150\n");
    fclose (file);
    //  Without its keys the node does not start.
    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    char key_error [256];
    char *key_path = zsys_sprintf ("%s/node.cert", dir);
    assert (lx_keys_generate (key_path, "kecheng", "county", key_error, sizeof key_error) == 0);
    zstr_free (&key_path);
    key_path = zsys_sprintf ("%s/broker.cert", dir);
    assert (lx_keys_generate (key_path, NULL, NULL, key_error, sizeof key_error) == 0);
    zstr_free (&key_path);
    agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    //  The control endpoint is published in the store.
    char *db_path = zsys_sprintf ("%s/node.db", dir);
    char error [200];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    char *control = node_store_meta (store, "control");
    assert (control && strncmp (control, "tcp://127.0.0.1:", 16) == 0);
    //  With no broker, a sync does not complete.
    zsock_t *client = zsock_new_dealer (control);
    zstr_send (client, "SYNC");
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 400) == NULL && zpoller_expired (poller));
    zpoller_destroy (&poller);
    zsock_destroy (&client);
    zstr_free (&control);
    node_store_destroy (&store);
    zactor_destroy (&agent);
    zactor_destroy (&agent);

    file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    window = 0\n");
    fclose (file);
    agent = zactor_new (node_agent_actor, config_file);
    status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&db_path);
    zstr_free (&config_file);
}
