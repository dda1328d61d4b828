/*  node_agent: one district's daemon, as a czmq actor. This file holds
    start-up, the connection, the heartbeat and the control socket; what
    travels with the broker is in node_agent_link.c, the staff commands
    that wait in node_agent_wait.c. */

#include "node_agent_int.h"
#include "lx_cfg.h"
#include "lx_fdlimit.h"
#include "lx_keys.h"

#include <sys/random.h>

//  ms between attempts to send a hello while the connection is not up.
#define S_HELLO_RETRY_MS 10

//  Frees a waiter.
static void
s_waiter_destroy (void **item_p)
{
    node_agent_waiter_t *waiter = (node_agent_waiter_t *) *item_p;
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
    node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) *item_p;
    if (reconciler) {
        zframe_destroy (&reconciler->routing);
        zlistx_destroy (&reconciler->ours);
        free (reconciler);
        *item_p = NULL;
    }
}

//  Frees an event kept in memory.
static void
s_event_destroy (void **item_p)
{
    lx_msg_destroy ((lx_msg_t **) item_p);
}

void
node_agent_send (node_agent_t *self, lx_msg_t **msg_p)
{
    if (self->dealer)
        lx_msg_send (*msg_p, self->dealer, NULL);
    lx_msg_destroy (msg_p);
}

void
node_agent_connect (node_agent_t *self)
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
    self->poller = zpoller_new (self->pipe, self->dealer, self->control, lx_monitor_actor (self->monitor),
                                lx_digest_worker_sock (self->digester), NULL);
    if (self->welcomed || !self->disconnected_at)
        self->disconnected_at = zclock_mono ();
    self->welcomed = false;
    self->heard = zclock_mono ();
    self->next_ping = 0;        //  hello goes with the first tick
}

void
node_agent_ping (node_agent_t *self, bool due)
{
    lx_msg_t *msg;
    if (!self->welcomed) {
        msg = lx_msg_new (LX_CMD_HELLO);
        lx_msg_set_str (msg, LX_F_ROLE, self->role);
        lx_msg_set_int (msg, LX_F_ACK, self->applied);
        lx_msg_set_int (msg, LX_F_INSTANCE, self->instance);
    }
    else {
        msg = lx_msg_new (LX_CMD_PING);
        lx_msg_set_int (msg, LX_F_TOKEN, ++self->token);
        //  The pong answers a waiter only if this ping follows, on the same
        //  ordered connection, everything it is waiting for: the broker
        //  then handles those first, and the pong's head counts their events.
        //  A sync's ping asks the broker to run its timers first, so that
        //  the sync sees what they did as of now.
        if (node_agent_waiters_take (self, self->token) || due)
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

//  The heartbeat: a silent broker gets a fresh connection; then hello (until
//  welcomed) or a ping, and messages unacknowledged too long go again.
static void
s_tick (node_agent_t *self)
{
    if (self->halted) {
        //  Named again every minute: the fix is the operator's.
        zsys_error ("node: halted: %s", self->halt_reason);
        self->next_ping = zclock_mono () + 60000;
        return;
    }
    if (zclock_mono () - self->heard > self->liveness) {
        zsys_info ("node: broker silent for %" PRId64 " ms, reconnecting", self->liveness);
        self->silences++;
        node_agent_connect (self);
    }
    node_agent_ping (self, false);
    node_agent_resend_silent (self);
    node_agent_flush (self);
}

//  A staff command on the control socket: POKE, SYNC, VERDICT SEQ
//  TIMEOUT_MS, RECONCILE.
static void
s_on_control (node_agent_t *self)
{
    zmsg_t *request = zmsg_recv (self->control);
    zframe_t *routing = request? zmsg_pop (request): NULL;
    char *command = request? zmsg_popstr (request): NULL;
    if (routing && command && streq (command, "SYNC"))
        node_agent_wait_add (self, &routing, false, 0, 0);
    else
    if (routing && command && streq (command, "VERDICT")) {
        char *seq = zmsg_popstr (request);
        char *timeout = zmsg_popstr (request);
        int64_t number, wait;
        if (seq && timeout && lx_cfg_parse_int (seq, 1, INT64_MAX, &number) == 0
        &&  lx_cfg_parse_int (timeout, 0, 3600000, &wait) == 0)
            node_agent_wait_add (self, &routing, true, number, wait);
        zstr_free (&seq);
        zstr_free (&timeout);
    }
    else
    if (routing && command && streq (command, "RECONCILE"))
        node_agent_reconcile_add (self, &routing);
    node_agent_flush (self);
    node_agent_request_barrier (self);
    node_agent_send_reconciles (self);
    node_agent_check_waiters (self);
    zframe_destroy (&routing);
    zstr_free (&command);
    zmsg_destroy (&request);
}

//  The monitor of the handshakes with the broker, with what to check when
//  each kind fails. Returns NULL when out of memory.
static lx_monitor_t *
s_monitor_new (node_agent_t *self)
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
s_on_monitor (node_agent_t *self)
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

//  A random instance number for this run of the daemon, 1 .. 2^62.
static int64_t
s_instance (void)
{
    uint64_t random = 0;
    if (getrandom (&random, sizeof random, 0) != (ssize_t) sizeof random)
        random = (uint64_t) zclock_time () ^ ((uint64_t) getpid () << 32);
    return (int64_t) (random % (UINT64_C (1) << 62)) + 1;
}

//  Loads configuration, opens the store, binds control. Returns 0 or -1.
static int
s_start (node_agent_t *self, const char *config_file)
{
    char error [1024] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        zsys_error ("node: %s", error);
        return -1;
    }
    int rc = -1;
    self->store_path = lx_cfg_path (config_file, lx_cfg_str (config, "node/store", "node.db"));
    self->node = strdup (lx_cfg_str (config, "node/id", ""));
    self->role = strdup (lx_cfg_str (config, "node/role", "county"));
    self->broker = strdup (lx_cfg_str (config, "node/broker", "tcp://127.0.0.1:9700"));
    if (lx_cfg_int (config, "node/heartbeat_ms", 500, 10, 60000, &self->heartbeat, error, sizeof error)
    ||  lx_cfg_int (config, "node/liveness_ms", 2000, 30, 600000, &self->liveness, error, sizeof error)
    ||  lx_cfg_int (config, "node/window", 1000, 1, 1000000, &self->window, error, sizeof error)
    ||  lx_cfg_int (config, "node/resend_ms", 2000, 10, 600000, &self->resend_ms, error, sizeof error))
        goto done;
    //  A node holds few connections, but the same limit as the broker's
    //  (lx_fdlimit), so that a store or a socket never waits for one.
    int64_t max_files, soft, hard;
    if (lx_cfg_int (config, "node/max_files", 0, 0, INT32_MAX, &max_files, error, sizeof error))
        goto done;
    if (max_files > 0 && max_files < 256) {
        snprintf (error, sizeof error, "node/max_files is 0 (the hard limit) or at least 256, not %" PRId64,
                  max_files);
        goto done;
    }
    char reason [256];
    if (lx_fdlimit_raise (max_files, &soft, &hard, reason, sizeof reason))
        zsys_warning ("node: %s", reason);
    zsys_info ("node: open files: limit %" PRId64 " (hard %" PRId64 ")", soft, hard);
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
    self->lock = lx_lock_new (self->store_path, error, sizeof error);
    if (!self->lock)
        goto done;
    self->store = node_store_new (self->store_path, error, sizeof error);
    if (!self->store)
        goto done;
    //  Every ledger entry is checked against the broker's signature: no
    //  start without the key to check it with.
    char *sign_path = lx_cfg_path (config_file, lx_cfg_str (config, "node/broker_sign", "broker.sign"));
    lx_sign_t *broker_key = sign_path? lx_sign_load (sign_path, false, error, sizeof error): NULL;
    if (!sign_path)
        snprintf (error, sizeof error, "out of memory");
    else
    if (!broker_key) {
        size_t length = strlen (error);
        snprintf (error + length, sizeof error - length, ". Copy the broker's public signing key there"
                  " (`leadx-broker keygen` makes it beside the broker's certificate), or set node/broker_sign");
    }
    free (sign_path);
    if (!broker_key)
        goto done;
    node_store_set_broker_key (self->store, &broker_key);
    int64_t began = zclock_mono ();
    char problem [256];
    if (lx_store_check (node_store_db (self->store), problem, sizeof problem)) {
        snprintf (error, sizeof error, "store %s is damaged (quick_check: %s). Restore it from a backup,"
                  " or move it aside and rebuild it from the broker's record with `leadx-node rebuild -c %s`",
                  self->store_path, problem, config_file);
        goto done;
    }
    zsys_info ("node: store %s checked (quick_check) in %" PRId64 " ms", self->store_path, zclock_mono () - began);
    self->digester = lx_digest_worker_new (self->store_path, node_store_digest_queries (), error, sizeof error);
    if (!self->digester)
        goto done;
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
    self->applied = node_store_applied (self->store);
    if (self->applied < 0) {
        snprintf (error, sizeof error, "store: %s", lx_store_error (node_store_db (self->store)));
        goto done;
    }
    self->monitor = s_monitor_new (self);
    if (!self->monitor) {
        snprintf (error, sizeof error, "out of memory");
        goto done;
    }
    self->instance = s_instance ();
    zsys_info ("node: %s (%s) starting, broker %s, store %s", self->node, self->role, self->broker,
               self->store_path);
    rc = 0;
done:
    if (rc)
        zsys_error ("node: %s", error);
    zconfig_destroy (&config);
    return rc;
}

//  The next moment the loop must wake by itself: the heartbeat, a retry of
//  the store, a verdict's deadline.
static int64_t
s_next_wake (node_agent_t *self)
{
    int64_t wake = self->next_ping;
    if (self->retry_at && self->retry_at < wake)
        wake = self->retry_at;
    int64_t deadline = node_agent_waiters_deadline (self);
    if (deadline && deadline < wake)
        wake = deadline;
    return wake;
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

//  The actor, rebuilding or not.
static void
s_actor (zsock_t *pipe, const char *config_file, bool rebuild)
{
    node_agent_t agent;
    memset (&agent, 0, sizeof agent);
    node_agent_t *self = &agent;
    self->pipe = pipe;
    self->rebuild = rebuild;
    self->settle_head = -1;
    self->waiters = zlistx_new ();
    zlistx_set_destructor (self->waiters, s_waiter_destroy);
    self->reconcilers = zlistx_new ();
    zlistx_set_destructor (self->reconcilers, s_reconciler_destroy);
    self->pending = zlistx_new ();
    zlistx_set_destructor (self->pending, s_event_destroy);
    bool started = s_start (self, config_file) == 0;
    zsock_signal (pipe, 0);
    zstr_send (pipe, started? "READY": "FAILED");
    if (started)
        node_agent_connect (self);
    while (started && !self->terminated) {
        int64_t wait = s_next_wake (self) - zclock_mono ();
        void *which = zpoller_wait (self->poller, (int) (wait > 0? wait: 0));
        if (which == self->pipe) {
            char *command = zstr_recv (pipe);
            if (command && streq (command, "STATS"))
                zsock_send (pipe, "8", self->silences);
            else
                self->terminated = true;
            zstr_free (&command);
        }
        else
        if (which == self->dealer)
            node_agent_on_broker (self);
        else
        if (which == self->control)
            s_on_control (self);
        else
        if (which && which == lx_monitor_actor (self->monitor))
            s_on_monitor (self);
        else
        if (which == lx_digest_worker_sock (self->digester))
            node_agent_on_digests (self);
        else
        if (zpoller_terminated (self->poller))
            break;
        int64_t now = zclock_mono ();
        if (self->retry_at && now >= self->retry_at)
            node_agent_apply_pending (self);
        if (now >= self->next_ping)
            s_tick (self);
        node_agent_check_waiters (self);
    }
    if (self->welcomed && self->dealer) {
        //  Signing off lets the broker see us offline now, and take our
        //  next start at once rather than as a second connection.
        lx_msg_t *bye = lx_msg_new (LX_CMD_BYE);
        lx_msg_set_str (bye, LX_F_NODE, self->node);
        zsock_set_linger (self->dealer, 200);
        node_agent_send (self, &bye);
    }
    zpoller_destroy (&self->poller);
    lx_monitor_destroy (&self->monitor);    //  before the socket it watches
    zsock_destroy (&self->dealer);
    zsock_destroy (&self->control);
    zlistx_destroy (&self->waiters);
    zlistx_destroy (&self->reconcilers);
    zlistx_destroy (&self->pending);
    lx_digest_worker_destroy (&self->digester);
    node_store_destroy (&self->store);
    lx_lock_destroy (&self->lock);
    free (self->store_path);
    free (self->node);
    free (self->role);
    free (self->broker);
    free (self->cert);
    free (self->broker_cert);
}

void
node_agent_actor (zsock_t *pipe, void *args)
{
    s_actor (pipe, (const char *) args, false);
}

void
node_agent_rebuild_actor (zsock_t *pipe, void *args)
{
    s_actor (pipe, (const char *) args, true);
}
