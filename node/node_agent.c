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

//  Receives from the fake broker until a message of cmd arrives (answering
//  pings with pongs, and counting them in *pings when pings is not NULL),
//  or the deadline passes: returns it (the caller's), or NULL. Sets
//  *routing_p (the caller's) to the node's routing id.
static lx_msg_t *
s_test_expect_counting (zsock_t *router, zframe_t **routing_p, lx_cmd_t cmd, int64_t deadline_ms, int *pings)
{
    zpoller_t *poller = zpoller_new (router, NULL);
    int64_t deadline = zclock_mono () + deadline_ms;
    lx_msg_t *found = NULL;
    while (!found && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())) != router)
            break;
        zframe_destroy (routing_p);
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (router, routing_p, &error);
        if (msg && lx_msg_cmd (msg) == cmd)
            found = msg;
        else
        if (msg && lx_msg_cmd (msg) == LX_CMD_PING) {
            if (pings)
                (*pings)++;
            lx_msg_t *pong = lx_msg_new (LX_CMD_PONG);
            lx_msg_set_str (pong, LX_F_NODE, "kecheng");
            lx_msg_set_int (pong, LX_F_ACK, 0);
            lx_msg_set_int (pong, LX_F_HEAD, 0);
            lx_msg_set_int (pong, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
            lx_msg_send (pong, router, *routing_p);
            lx_msg_destroy (&pong);
        }
        if (msg != found)
            lx_msg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    return found;
}

//  s_test_expect_counting, not counting.
static lx_msg_t *
s_test_expect (zsock_t *router, zframe_t **routing_p, lx_cmd_t cmd, int64_t deadline_ms)
{
    return s_test_expect_counting (router, routing_p, cmd, deadline_ms, NULL);
}

//  Sends a WELCOME saying the broker holds our messages up to ack.
static void
s_test_welcome (zsock_t *router, zframe_t *routing, int64_t ack, const char *challenge)
{
    lx_msg_t *welcome = lx_msg_new (LX_CMD_WELCOME);
    lx_msg_set_str (welcome, LX_F_NODE, "kecheng");
    lx_msg_set_int (welcome, LX_F_ACK, ack);
    lx_msg_set_int (welcome, LX_F_HEAD, 0);
    if (challenge)
        lx_msg_set_str (welcome, LX_F_CHALLENGE, challenge);
    assert (lx_msg_send (welcome, router, routing) == 0);
    lx_msg_destroy (&welcome);
}

//  The daemon against a fake broker (a ROUTER in plain text): what it
//  sends and leaves unacknowledged goes again after resend_ms; a welcome
//  saying the broker holds more of our messages than the store halts it,
//  signed off, and a staff command's verdict says why.
static void
s_test_fake_broker (const char *dir)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router && zsock_bind (router, "tcp://127.0.0.1:*") != -1);
    char *endpoint = zsock_last_endpoint (router);
    char *config_file = zsys_sprintf ("%s/fake.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"%s\"\n    plaintext = 1\n    store = \"fake.db\"\n"
                   "    heartbeat_ms = 50\n    liveness_ms = 10000\n    resend_ms = 300\n", endpoint);
    fclose (file);
    char *db_path = zsys_sprintf ("%s/fake.db", dir);
    char error [256];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->investor, "某新能源科技有限公司");
    lx_lead_set (&lead->project, "储能电池项目");
    lx_lead_set (&lead->found, "2026-11-03");
    lx_lead_add_industry (lead, "C3841");
    lx_error_t failure;
    assert (node_store_lead_add (store, "kecheng", lead, &failure) == 1);
    lx_lead_destroy (&lead);

    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zframe_t *routing = NULL;
    lx_msg_t *msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg && lx_msg_int (msg, LX_F_INSTANCE) > 0 && lx_msg_int (msg, LX_F_ACK) == 0);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, 0, NULL);
    msg = s_test_expect (router, &routing, LX_CMD_LEAD, 5000);
    assert (msg && lx_msg_int (msg, LX_F_SEQ) == 1);
    lx_msg_destroy (&msg);
    //  Not acknowledged: it comes again, after resend_ms, not before.
    int64_t sent = zclock_mono ();
    msg = s_test_expect (router, &routing, LX_CMD_LEAD, 5000);
    assert (msg && lx_msg_int (msg, LX_F_SEQ) == 1);
    assert (zclock_mono () - sent >= 250);
    lx_msg_destroy (&msg);

    //  The broker holds five of our messages, the store one: halted, and
    //  signed off.
    s_test_welcome (router, routing, 5, NULL);
    msg = s_test_expect (router, &routing, LX_CMD_BYE, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    char *control = node_store_meta (store, "control");
    assert (control);
    zsock_t *client = zsock_new_dealer (control);
    assert (client);
    zstr_sendx (client, "VERDICT", "1", "5000", NULL);
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 5000) == client);
    char *answer = NULL, *why = NULL;
    assert (zstr_recvx (client, &answer, &why, NULL) == 2);
    assert (streq (answer, "PENDING") && strstr (why, "this node is halted: the broker holds kecheng's messages"
                                                      " up to #5, this store"));
    assert (strstr (why, "leadx-node rebuild"));
    zstr_free (&answer);
    zstr_free (&why);
    zpoller_destroy (&poller);
    zsock_destroy (&client);
    zstr_free (&control);
    zactor_destroy (&agent);
    zframe_destroy (&routing);
    node_store_destroy (&store);
    zsock_destroy (&router);
    zstr_free (&endpoint);
    zstr_free (&config_file);
    zstr_free (&db_path);
}

//  Whether msg carries exactly lines as its digests.
static bool
s_test_carries (lx_msg_t *msg, zlistx_t *lines)
{
    if (lx_msg_count (msg, LX_F_DIGESTS) != zlistx_size (lines))
        return false;
    size_t index = 0;
    for (const char *line = (const char *) zlistx_first (lines); line;
         line = (const char *) zlistx_next (lines), index++)
        if (!streq (line, lx_msg_item (msg, LX_F_DIGESTS, index)))
            return false;
    return true;
}

//  A reconciliation against a fake broker. The store holds 50,000 of our
//  messages: our digests are computed off the daemon's thread, and its
//  pings go on meanwhile; the RECONCILE carries them; on a new connection
//  the same digests go again (the command asked about the record as it
//  was when it came, not as it is now); the staff command gets both sides
//  when the broker answers.
static void
s_test_reconcile (const char *dir)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router && zsock_bind (router, "tcp://127.0.0.1:*") != -1);
    char *endpoint = zsock_last_endpoint (router);
    char *config_file = zsys_sprintf ("%s/reconcile.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"%s\"\n    plaintext = 1\n    store = \"reconcile.db\"\n"
                   "    heartbeat_ms = 10\n    liveness_ms = 60000\n", endpoint);
    fclose (file);
    char *db_path = zsys_sprintf ("%s/reconcile.db", dir);
    char error [256];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    lx_store_t *db = node_store_db (store);
    const int64_t held = 50000;
    uint8_t body [200];
    memset (body, 'm', sizeof body);
    assert (lx_store_begin (db) == 0);
    for (int64_t seq = 1; seq <= held + 1; seq++)
        assert (lx_store_exec (db, "INSERT INTO outbox (seq, cmd, body, acked) VALUES (?, 'lead', ?, ?)", "ibi",
                               seq, body, sizeof body, (int64_t) (seq <= held)) == 0);
    assert (lx_store_commit (db) == 0);
    char challenge [LX_DIGEST_CHALLENGE_SIZE], next [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (challenge);
    lx_digest_challenge_new (next);
    zlistx_t *ours = node_store_digests (store, "kecheng", challenge);
    assert (ours);

    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zframe_t *routing = NULL;
    lx_msg_t *msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, held, challenge);
    char *control = node_store_meta (store, "control");
    assert (control);
    zsock_t *client = zsock_new_dealer (control);
    assert (client);
    zstr_send (client, "RECONCILE");
    int pings = 0;
    msg = s_test_expect_counting (router, &routing, LX_CMD_RECONCILE, 30000, &pings);
    assert (msg && s_test_carries (msg, ours));
    assert (streq (lx_msg_str (msg, LX_F_CHALLENGE), challenge));
    assert (pings >= 1);
    lx_msg_destroy (&msg);
    //  The broker tells it to say hello again: the record has moved on
    //  meanwhile (#50,001 acknowledged), and the same digests go again,
    //  under the same key (the broker keeps it until it answers).
    assert (node_store_outbox_ack (store, held + 1) == 0);
    msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_NOT_HELLO);
    lx_msg_set_str (msg, LX_F_REASON, "say hello first");
    assert (lx_msg_send (msg, router, routing) == 0);
    lx_msg_destroy (&msg);
    msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, held, challenge);
    msg = s_test_expect (router, &routing, LX_CMD_RECONCILE, 5000);
    assert (msg && s_test_carries (msg, ours));
    lx_msg_destroy (&msg);
    //  The broker refuses the key (it restarted, say) and names the
    //  current one: the digests are computed again under it.
    msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CHALLENGE);
    lx_msg_set_str (msg, LX_F_REASON, "not the current challenge");
    lx_msg_set_str (msg, LX_F_CHALLENGE, next);
    assert (lx_msg_send (msg, router, routing) == 0);
    lx_msg_destroy (&msg);
    zlistx_t *rekeyed = node_store_digests (store, "kecheng", next);
    assert (rekeyed && !streq ((char *) zlistx_first (rekeyed), (char *) zlistx_first (ours)));
    msg = s_test_expect (router, &routing, LX_CMD_RECONCILE, 30000);
    assert (msg && s_test_carries (msg, rekeyed));
    assert (streq (lx_msg_str (msg, LX_F_CHALLENGE), next));
    //  The broker answers: the command has both sides, one line a section.
    lx_msg_t *answer = lx_msg_new (LX_CMD_RECONCILED);
    lx_msg_set_str (answer, LX_F_NODE, "kecheng");
    lx_msg_set_int (answer, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
    for (const char *line = (const char *) zlistx_first (rekeyed); line;
         line = (const char *) zlistx_next (rekeyed))
        lx_msg_add_item (answer, LX_F_DIGESTS, line);
    lx_msg_set_str (answer, LX_F_CHALLENGE, challenge);
    assert (lx_msg_send (answer, router, routing) == 0);
    lx_msg_destroy (&answer);
    lx_msg_destroy (&msg);
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 5000) == client);
    zpoller_destroy (&poller);
    char *verdict = NULL, *mine = NULL, *theirs = NULL;
    assert (zstr_recvx (client, &verdict, &mine, &theirs, NULL) == 3);
    assert (streq (verdict, "OK") && streq (mine, theirs));
    assert (strncmp (mine, (const char *) zlistx_first (rekeyed), strlen ((const char *) zlistx_first (rekeyed))) == 0);
    assert (strchr (mine, '\n'));
    zstr_free (&verdict);
    zstr_free (&mine);
    zstr_free (&theirs);
    zlistx_destroy (&rekeyed);
    //  The broker was never silent past the liveness interval.
    zstr_send (agent, "STATS");
    int64_t silences = -1;
    assert (zsock_recv (agent, "8", &silences) == 0 && silences == 0);

    zsock_destroy (&client);
    zstr_free (&control);
    zactor_destroy (&agent);
    zframe_destroy (&routing);
    zlistx_destroy (&ours);
    node_store_destroy (&store);
    zsock_destroy (&router);
    zstr_free (&endpoint);
    zstr_free (&config_file);
    zstr_free (&db_path);
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
    //  Nor without the broker's public signing key (node/broker_sign).
    agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    key_path = zsys_sprintf ("%s/broker.sign", dir);
    assert (lx_sign_generate (key_path, key_error, sizeof key_error) == 0);
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
    s_test_fake_broker (dir);
    s_test_reconcile (dir);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&db_path);
    zstr_free (&config_file);
}
