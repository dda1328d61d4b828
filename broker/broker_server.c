/*  broker_server: the broker's network engine, as a czmq actor. The
    batch (reading, applying, answering) is in broker_server_batch.c. */

#include "broker_server_int.h"

//  zhashx destructor for peers.
static void
s_peer_destroy (void **item_p)
{
    broker_peer_t *peer = (broker_peer_t *) *item_p;
    if (peer) {
        zframe_destroy (&peer->routing);
        zframe_destroy (&peer->reconcile_routing);
        zlistx_destroy (&peer->reconcile_lines);
        free (peer);
        *item_p = NULL;
    }
}

//  Frees a reply.
static void
s_reply_destroy (void **item_p)
{
    broker_reply_t *reply = (broker_reply_t *) *item_p;
    if (reply) {
        zframe_destroy (&reply->routing);
        lx_msg_destroy (&reply->msg);
        free (reply);
        *item_p = NULL;
    }
}

//  Makes the router a CURVE server that admits only the nodes whose public
//  certificates are in broker/clients, unless the configuration asks for
//  plain text. Returns 0, or -1 with error set.
static int
s_secure (broker_server_t *self, zconfig_t *config, const char *config_file, char *error, size_t error_size)
{
    int64_t plaintext;
    if (lx_cfg_int (config, "broker/plaintext", 0, 0, 1, &plaintext, error, error_size))
        return -1;
    if (plaintext) {
        zsys_warning ("broker: *** PLAIN TEXT: connections are neither encrypted nor authenticated;"
                      " any process that can reach the endpoint may speak for any district."
                      " For local experiments only (broker/plaintext = 1) ***");
        return 0;
    }
    char *cert = lx_cfg_path (config_file, lx_cfg_str (config, "broker/cert", "broker.cert"));
    char *clients = lx_cfg_path (config_file, lx_cfg_str (config, "broker/clients", "nodes"));
    int rc = -1;
    if (!zsys_has_curve ())
        snprintf (error, error_size, "this libzmq has no CURVE support");
    else
    if (zsys_file_mode (clients) == -1 || !(zsys_file_mode (clients) & S_IFDIR))
        snprintf (error, error_size, "broker/clients: %s is not a directory of node certificates", clients);
    else
    if (lx_keys_apply_server (self->router, cert, error, error_size) == 0) {
        self->auth = zactor_new (zauth, NULL);
        if (self->auth && zstr_sendx (self->auth, "CURVE", clients, NULL) == 0 && zsock_wait (self->auth) == 0) {
            zsys_info ("broker: CURVE on; nodes are authorized by their certificates in %s", clients);
            rc = 0;
        }
        else
            snprintf (error, error_size, "cannot start the ZAP handler");
    }
    free (cert);
    free (clients);
    return rc;
}

//  Watches the router's handshakes (before it binds, so that none is
//  missed), with what each kind of failure suggests. Returns 0, or -1
//  with error set.
static int
s_monitor_start (broker_server_t *self, zconfig_t *config, const char *config_file, char *error,
                 size_t error_size)
{
    bool curve = zsock_curve_server (self->router) == 1;
    self->monitor = lx_monitor_new (LX_MONITOR_SERVER, "a client", curve? "CURVE": "plain-text");
    if (!self->monitor || lx_monitor_attach (self->monitor, self->router)) {
        snprintf (error, error_size, "cannot watch the handshakes on the router");
        return -1;
    }
    lx_monitor_set_hint (self->monitor, LX_MONITOR_CRYPTO,
                         "a node whose broker_cert is not this broker's public certificate, or a stranger");
    char *clients = lx_cfg_path (config_file, lx_cfg_str (config, "broker/clients", "nodes"));
    char *hint = zsys_sprintf ("its certificate is not in broker/clients (%s)", clients);
    lx_monitor_set_hint (self->monitor, LX_MONITOR_REFUSED, hint);
    zstr_free (&hint);
    free (clients);
    lx_monitor_set_hint (self->monitor, LX_MONITOR_MISMATCH, "a node with plaintext = 1, or a stranger");
    return 0;
}

//  Logs a line on failed handshakes when the monitor has one to tell:
//  after reading an event (readable: one is waiting), or when the
//  interval has passed.
static void
s_on_monitor (broker_server_t *self, bool readable)
{
    lx_monitor_event_t event;
    char *line = NULL;
    if (!readable)
        line = lx_monitor_due (self->monitor, zclock_mono ());
    else
    if (lx_monitor_recv (self->monitor, &event) == 0)
        line = lx_monitor_report (self->monitor, &event, zclock_mono ());
    if (line)
        zsys_warning ("broker: %s", line);
    zstr_free (&line);
}

//  Raises the limit of open files (broker/max_files, 0: the hard limit)
//  and logs the limit in force: every connection, finished handshake or
//  not, takes one (lx_fdlimit). Returns 0, or -1 with error set for a bad
//  setting; a limit that cannot be had is a warning, not a failure.
static int
s_files (zconfig_t *config, int64_t handshake, char *error, size_t error_size)
{
    int64_t max_files, soft, hard;
    if (lx_cfg_int (config, "broker/max_files", 0, 0, INT32_MAX, &max_files, error, error_size))
        return -1;
    if (max_files > 0 && max_files < 256) {
        snprintf (error, error_size, "broker/max_files is 0 (the hard limit) or at least 256, not %" PRId64,
                  max_files);
        return -1;
    }
    char reason [256];
    if (lx_fdlimit_raise (max_files, &soft, &hard, reason, sizeof reason))
        zsys_warning ("broker: %s", reason);
    zsys_info ("broker: open files: limit %" PRId64 " (hard %" PRId64 "), one per connection; a connection"
               " whose handshake is not done in %" PRId64 " ms is dropped", soft, hard, handshake);
    return 0;
}

//  Loads configuration and opens everything. Returns 0 or -1 (logged).
static int
s_start (broker_server_t *self, const char *config_file)
{
    char error [1024] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        zsys_error ("broker: %s", error);
        return -1;
    }
    int rc = -1;
    char *store_path = lx_cfg_path (config_file, lx_cfg_str (config, "broker/store", "broker.db"));
    int64_t max_message, checkpoint_pages, checkpoint_limit, handshake, keepalive, backlog;
    if (lx_cfg_int (config, "broker/heartbeat_ms", 500, 10, 60000, &self->heartbeat, error, sizeof error)
    ||  lx_cfg_int (config, "broker/liveness_ms", 2000, 30, 600000, &self->liveness, error, sizeof error)
    ||  lx_cfg_int (config, "broker/window", 1000, 1, 1000000, &self->window, error, sizeof error)
    ||  lx_cfg_int (config, "broker/resend_ms", 2000, 10, 600000, &self->resend_ms, error, sizeof error)
    ||  lx_cfg_int (config, "broker/batch_max", 1000, 1, 100000, &self->batch_max, error, sizeof error)
    ||  lx_cfg_int (config, "broker/max_message", 65536, 1024, 16777216, &max_message, error, sizeof error)
    ||  lx_cfg_int (config, "broker/checkpoint_pages", 1000, 1, 1000000, &checkpoint_pages, error, sizeof error)
    ||  lx_cfg_int (config, "broker/checkpoint_limit", 16000, 1, 10000000, &checkpoint_limit, error, sizeof error)
    ||  lx_cfg_int (config, "broker/handshake_ms", 3000, 100, 600000, &handshake, error, sizeof error)
    ||  lx_cfg_int (config, "broker/keepalive_s", 60, 0, 86400, &keepalive, error, sizeof error)
    ||  lx_cfg_int (config, "broker/backlog", 1024, 1, 65535, &backlog, error, sizeof error)
    ||  s_files (config, handshake, error, sizeof error))
        goto done;
    if (checkpoint_limit < checkpoint_pages) {
        snprintf (error, sizeof error, "broker/checkpoint_limit (%" PRId64 ") is below broker/checkpoint_pages (%" PRId64 ")",
                  checkpoint_limit, checkpoint_pages);
        goto done;
    }
    self->inbox = (broker_received_t *) calloc ((size_t) self->batch_max, sizeof (broker_received_t));
    if (!self->inbox) {
        snprintf (error, sizeof error, "out of memory for a batch of %" PRId64, self->batch_max);
        goto done;
    }
    self->match = broker_match_load (config, error, sizeof error);
    if (!self->match)
        goto done;
    self->policy = broker_policy_load (config, error, sizeof error);
    if (!self->policy)
        goto done;
    self->reg = broker_register_load (config, error, sizeof error);
    if (!self->reg)
        goto done;
    self->timers = broker_timers_load (config, error, sizeof error);
    if (!self->timers)
        goto done;
    self->bounds = broker_bounds_load (config, error, sizeof error);
    if (!self->bounds)
        goto done;
    self->quota = broker_quota_load (config, error, sizeof error);
    if (!self->quota)
        goto done;
    //  Before the store opens: a second broker is refused at once.
    self->lock = lx_lock_new (store_path, error, sizeof error);
    if (!self->lock)
        goto done;
    self->store = broker_store_new (store_path, error, sizeof error);
    if (!self->store)
        goto done;
    int64_t began = zclock_mono ();
    char problem [256];
    if (lx_store_check (broker_store_db (self->store), problem, sizeof problem)) {
        snprintf (error, sizeof error, "store %s is damaged (quick_check: %s). Restore it from a backup.",
                  store_path, problem);
        goto done;
    }
    zsys_info ("broker: store %s checked (quick_check) in %" PRId64 " ms", store_path, zclock_mono () - began);
    self->checkpoint = lx_checkpoint_new (broker_store_db (self->store), store_path, checkpoint_pages,
                                          checkpoint_limit, error, sizeof error);
    if (!self->checkpoint)
        goto done;
    self->digester = lx_digest_worker_new (store_path, broker_store_digest_queries (), error, sizeof error);
    if (!self->digester)
        goto done;
    const char *offset_file = lx_cfg_str (config, "broker/clock_offset_file", NULL);
    if (offset_file) {
        char *path = lx_cfg_path (config_file, offset_file);
        self->clock = lx_clock_new_offset_file (path);
        zsys_warning ("broker: *** the clock runs ahead of this machine's by the ms in %s"
                      " (broker/clock_offset_file: for tests only) ***", path);
        free (path);
    }
    else
        self->clock = lx_clock_new ();
    //  Every ledger head the broker issues is signed (lx_sign): no start
    //  without the key, which keygen makes and the nodes must already hold.
    char *sign_path = lx_sign_broker_path (config_file, config);
    lx_sign_t *sign = sign_path? lx_sign_load (sign_path, true, error, sizeof error): NULL;
    if (!sign_path)
        snprintf (error, sizeof error, "out of memory");
    else
    if (!sign) {
        size_t length = strlen (error);
        snprintf (error + length, sizeof error - length, ". The broker signs every ledger entry it issues:"
                  " make its signing key with `leadx-broker keygen -c %s` (an existing certificate is kept),"
                  " then give %s (public) to every node, as node/broker_sign", config_file, sign_path);
    }
    if (!sign) {
        free (sign_path);
        goto done;
    }
    zsys_info ("broker: ledger signing key %s (public %.16s...)", sign_path, lx_sign_public (sign));
    free (sign_path);
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock, &sign);
    broker_logic_set_bounds (self->logic, self->bounds);
    broker_logic_set_quota (self->logic, self->quota);
    //  Every configured district has its row, so events can wait for it.
    for (size_t index = 0; index < broker_match_size (self->match); index++) {
        broker_profile_t *profile = broker_match_at (self->match, index);
        const char *id = broker_profile_id (profile);
        if (broker_store_node_ensure (self->store, id, lx_role_name (broker_profile_role (profile)))
        ||  broker_store_seen (self->store, id, 0, false)) {
            snprintf (error, sizeof error, "store: %s", lx_store_error (broker_store_db (self->store)));
            goto done;
        }
        broker_peer_t *peer = (broker_peer_t *) zmalloc (sizeof (broker_peer_t));
        assert (peer);
        snprintf (peer->id, sizeof peer->id, "%s", id);
        peer->role = broker_profile_role (profile);
        zhashx_insert (self->peers, id, peer);
    }
    self->router = zsock_new (ZMQ_ROUTER);
    assert (self->router);
    if (s_secure (self, config, config_file, error, sizeof error)
    ||  s_monitor_start (self, config, config_file, error, sizeof error))
        goto done;
    zsock_set_router_mandatory (self->router, 1);
    zsock_set_maxmsgsize (self->router, max_message);
    zsock_set_sndhwm (self->router, (int) (self->window + LX_MSG_CONTROL_ROOM));
    zsock_set_linger (self->router, 0);
    //  A connection that does not finish its CURVE handshake in time is
    //  closed by libzmq (libzmq's default, 30 s, let ~1,000 idle raw TCP
    //  connections hold every descriptor; lx_fdlimit). TCP keepalive closes
    //  the connections of peers that vanished without a word (a machine
    //  off, a cable cut), which the broker, sending nothing to a node it
    //  marked offline, would otherwise hold for ever.
    zsock_set_handshake_ivl (self->router, (int) handshake);
    //  Connections the kernel completes before libzmq accepts them. A
    //  burst of connections beyond it has its SYNs dropped, a district's
    //  among them, which then waits 1, 3, 7 s for the retries: libzmq's
    //  100 is soon full under a flood. The kernel caps it at
    //  net.core.somaxconn (4096 since Linux 5.4).
    zsock_set_backlog (self->router, (int) backlog);
    if (keepalive) {
        zsock_set_tcp_keepalive (self->router, 1);
        zsock_set_tcp_keepalive_idle (self->router, (int) keepalive);
        zsock_set_tcp_keepalive_intvl (self->router, 10);
        zsock_set_tcp_keepalive_cnt (self->router, 3);
    }
    //  Receives never wait: a batch reads until the socket has nothing more
    //  (asking the socket first, with ZMQ_EVENTS, cost more than the read).
    zsock_set_rcvtimeo (self->router, 0);
    const char *endpoint = lx_cfg_str (config, "broker/endpoint", "tcp://127.0.0.1:9700");
    if (zsock_bind (self->router, "%s", endpoint) == -1) {
        snprintf (error, sizeof error, "cannot bind %s: %s", endpoint, zmq_strerror (zmq_errno ()));
        goto done;
    }
    self->endpoint = zsock_last_endpoint (self->router);
    const char *endpoint_file = lx_cfg_str (config, "broker/endpoint_file", NULL);
    if (endpoint_file) {
        char *path = lx_cfg_path (config_file, endpoint_file);
        FILE *file = fopen (path, "w");
        if (!file || fprintf (file, "%s\n", self->endpoint) < 0 || fclose (file)) {
            snprintf (error, sizeof error, "cannot write %s", path);
            free (path);
            goto done;
        }
        free (path);
    }
    self->poller = zpoller_new (self->pipe, self->router, lx_monitor_actor (self->monitor),
                                lx_digest_worker_sock (self->digester), NULL);
    zsys_info ("broker: serving %zu districts on %s, store %s", broker_match_size (self->match),
               self->endpoint, store_path);
    rc = 0;
done:
    if (rc)
        zsys_error ("broker: %s", error);
    free (store_path);
    zconfig_destroy (&config);
    return rc;
}

//  Sends node's events after peer->sent, up to the window. Stops quietly
//  when the peer cannot take more; the next ack or hello resumes.
static void
s_pump (broker_server_t *self, broker_peer_t *peer)
{
    if (!peer->routing)
        return;
    int64_t room = self->window - (peer->sent - peer->acked);
    if (room <= 0)
        return;
    lx_store_t *db = broker_store_db (self->store);
    sqlite3_stmt *stmt = broker_store_events (self->store, peer->id, peer->sent, room);
    if (!stmt)
        return;
    //  The silence that resends is counted from the first event in flight.
    if (peer->sent == peer->acked)
        peer->ack_moved = zclock_mono ();
    int rc;
    while ((rc = lx_store_step (db, stmt)) == 1) {
        const uint8_t *body = (const uint8_t *) sqlite3_column_blob (stmt, 1);
        size_t size = (size_t) sqlite3_column_bytes (stmt, 1);
        if (lx_msg_send_body (body, size, self->router, peer->routing)) {
            sqlite3_reset (stmt);
            break;
        }
        peer->sent = sqlite3_column_int64 (stmt, 0);
    }
}

void
broker_server_refresh_clock (broker_server_t *self)
{
    if (lx_clock_refresh (self->clock))
        zsys_warning ("broker: the clock offset file holds no valid offset; the clock keeps its offset");
}

int
broker_server_run_timers (broker_server_t *self)
{
    lx_error_t error = { 0, "" };
    int acted = broker_logic_run_timers (self->logic, &error);
    if (acted < 0) {
        zsys_error ("broker: timers: %s", error.reason);
        return -1;
    }
    self->next_timers = zclock_mono () + broker_timers_interval (self->timers);
    self->timers_clock = lx_clock_now (self->clock);
    return 0;
}

void
broker_server_deliver (broker_server_t *self)
{
    for (broker_reply_t *reply = (broker_reply_t *) zlistx_first (self->replies); reply;
         reply = (broker_reply_t *) zlistx_next (self->replies))
        lx_msg_send (reply->msg, self->router, reply->routing);
    zlistx_purge (self->replies);
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers)) {
        if (peer->ack_due && peer->routing) {
            lx_msg_t *ack = lx_msg_new (LX_CMD_ACK);
            lx_msg_set_str (ack, LX_F_NODE, peer->id);
            lx_msg_set_int (ack, LX_F_ACK, peer->ack_due);
            lx_msg_send (ack, self->router, peer->routing);
            lx_msg_destroy (&ack);
        }
        peer->ack_due = 0;
    }
    zlistx_t *dirty = broker_store_take_dirty (self->store);
    for (char *node = (char *) zlistx_first (dirty); node; node = (char *) zlistx_next (dirty)) {
        broker_peer_t *peer = (broker_peer_t *) zhashx_lookup (self->peers, node);
        if (peer)
            s_pump (self, peer);
    }
    zlistx_destroy (&dirty);
    //  A hello or an ack opens room too.
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers))
        s_pump (self, peer);
}

//  Events in flight that the node has not acknowledged for resend_ms, on a
//  connection that is otherwise alive, go again from its last
//  acknowledgement: a node that dropped them (its store failed to commit,
//  say) would otherwise wait for a reconnection that its heartbeats keep
//  from happening. Duplicates are harmless: the node acknowledges them
//  again. Not while the broker itself is behind on reading.
static void
s_resend_silent (broker_server_t *self, broker_peer_t *peer, int64_t now, bool backlog)
{
    if (backlog || peer->sent <= peer->acked || now - peer->ack_moved < self->resend_ms)
        return;
    zsys_warning ("broker: %s acknowledged none of the %" PRId64 " events in flight for %" PRId64 " ms;"
                  " resending from #%" PRId64, peer->id, peer->sent - peer->acked, now - peer->ack_moved,
                  peer->acked + 1);
    peer->sent = peer->acked;
    s_pump (self, peer);
}

//  Closes the fault episodes of a node that have been quiet for twice the
//  liveness interval, saying so, so that the next one is logged (and the
//  center told) again.
static void
s_episodes_end (broker_server_t *self, broker_peer_t *peer, int64_t now)
{
    if (peer->refused_at && now - peer->refused_at > 2 * self->liveness) {
        zsys_info ("broker: no second connection for %s since %" PRId64 " ms; %" PRId64 " were refused",
                   peer->id, now - peer->refused_at, peer->refused);
        peer->refused_at = 0;
        peer->refused = 0;
    }
    if (peer->diverged_at && now - peer->diverged_at > 2 * self->liveness)
        peer->diverged_at = 0;
}

//  Marks silent nodes offline and records who was seen when.
static void
s_tick (broker_server_t *self)
{
    broker_server_refresh_clock (self);
    int64_t now = zclock_mono ();
    if (self->not_hello) {
        zsys_info ("broker: %" PRId64 " messages came before their connection's hello; each was"
                   " answered NOT_HELLO (nodes resend after hello)", self->not_hello);
        self->not_hello = 0;
    }
    if (self->gapped) {
        zsys_info ("broker: %" PRId64 " messages followed a gap their connection was already told of"
                   " (SEQ_GAP); their nodes send them again after hello", self->gapped);
        self->gapped = 0;
    }
    //  Unread messages mean we are the slow side: a silent-looking node may
    //  have spoken, its words still queued. Judge nobody until caught up.
    bool backlog = (zsock_events (self->router) & ZMQ_POLLIN) != 0;
    lx_store_t *db = broker_store_db (self->store);
    if (lx_store_begin (db))
        return;
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers)) {
        s_episodes_end (self, peer, now);
        if (!peer->routing)
            continue;
        s_resend_silent (self, peer, now, backlog);
        bool alive = backlog || now - peer->last_seen <= self->liveness;
        int64_t seen = lx_clock_now (self->clock) - (now - peer->last_seen);
        if (!alive) {
            zsys_info ("broker: %s went silent, marked offline", peer->id);
            self->offline_marks++;
            zframe_destroy (&peer->routing);
        }
        broker_store_seen (self->store, peer->id, seen, alive);
    }
    //  The timers, when due, in the same transaction.
    bool timers_failed = now >= self->next_timers && broker_server_run_timers (self);
    if (timers_failed || lx_store_commit (db)) {
        lx_store_rollback (db);
        zlistx_t *dirty = broker_store_take_dirty (self->store);
        zlistx_destroy (&dirty);
        return;
    }
    broker_server_deliver (self);
}

//  Handles a command on the actor pipe.
static void
s_on_pipe (broker_server_t *self)
{
    char *command = zstr_recv (self->pipe);
    if (!command || streq (command, "$TERM"))
        self->terminated = true;
    else
    if (streq (command, "ENDPOINT"))
        zstr_send (self->pipe, self->endpoint);
    else
    if (streq (command, "STATS"))
        zsock_send (self->pipe, "8888", self->commits, self->commits_slow, self->commit_longest,
                    self->replays);
    else
    if (streq (command, "HEALTH"))
        zsock_send (self->pipe, "8888", self->offline_marks, self->reconciles, self->reconciles_joined,
                    self->snapshot_longest);
    else
        zsys_error ("broker: unknown actor command %s", command);
    zstr_free (&command);
}

//  Releases everything the server holds.
static void
s_stop (broker_server_t *self)
{
    zpoller_destroy (&self->poller);
    lx_monitor_destroy (&self->monitor);    //  before the socket it watches
    zsock_destroy (&self->router);
    zactor_destroy (&self->auth);
    zlistx_destroy (&self->replies);
    free (self->inbox);         //  empty between batches
    self->inbox = NULL;
    zhashx_destroy (&self->peers);
    broker_logic_destroy (&self->logic);
    lx_checkpoint_stats_t stats;
    if (self->checkpoint && lx_checkpoint_stats (self->checkpoint, &stats) == 0)
        zsys_info ("broker: log checkpoints: %" PRId64 " in the background (%" PRId64 " found one running,"
                   " %" PRId64 " failed), %" PRId64 " by the broker at the limit%s%s",
                   stats.background, stats.busy, stats.failed, stats.inline_runs,
                   *stats.error? "; last failure: ": "", stats.error);
    lx_checkpoint_destroy (&self->checkpoint);
    lx_digest_worker_destroy (&self->digester);
    broker_store_destroy (&self->store);
    lx_lock_destroy (&self->lock);
    broker_policy_destroy (&self->policy);
    broker_register_destroy (&self->reg);
    broker_timers_destroy (&self->timers);
    broker_bounds_destroy (&self->bounds);
    broker_quota_destroy (&self->quota);
    broker_match_destroy (&self->match);
    lx_clock_destroy (&self->clock);
    zstr_free (&self->endpoint);
}

void
broker_server_actor (zsock_t *pipe, void *args)
{
    broker_server_t server;
    memset (&server, 0, sizeof server);
    broker_server_t *self = &server;
    self->pipe = pipe;
    self->peers = zhashx_new ();
    zhashx_set_destructor (self->peers, s_peer_destroy);
    self->replies = zlistx_new ();
    zlistx_set_destructor (self->replies, s_reply_destroy);
    zsock_signal (pipe, 0);
    if (s_start (self, (const char *) args)) {
        s_stop (self);
        zstr_send (pipe, "FAILED");
        return;
    }
    zstr_send (pipe, "READY");
    self->next_tick = zclock_mono () + self->heartbeat;
    while (!self->terminated) {
        int64_t wait = self->next_tick - zclock_mono ();
        void *which = zpoller_wait (self->poller, (int) (wait > 0? wait: 0));
        if (which == self->pipe)
            s_on_pipe (self);
        else
        if (which == self->router)
            broker_server_batch (self);
        else
        if (which && which == lx_monitor_actor (self->monitor))
            s_on_monitor (self, true);
        else
        if (self->digester && which == lx_digest_worker_sock (self->digester))
            broker_server_reconcile_answer (self);
        else
        if (zpoller_terminated (self->poller))
            break;
        if (zclock_mono () >= self->next_tick) {
            s_on_monitor (self, false);
            s_tick (self);
            self->next_tick = zclock_mono () + self->heartbeat;
        }
    }
    s_stop (self);
}
