/*  broker_server: the broker's network engine, as a czmq actor. */

#include "broker_server.h"
#include "broker_logic.h"
#include "broker_match.h"
#include "broker_policy.h"
#include "broker_register.h"
#include "broker_store.h"
#include "broker_timers.h"
#include "lx_cfg.h"
#include "lx_checkpoint.h"
#include "lx_clock.h"
#include "lx_digest.h"
#include "lx_domain.h"
#include "lx_keys.h"
#include "lx_msg.h"

//  One node as the server knows it.
typedef struct {
    char id [33];               //  node id
    int role;                   //  lx_role_t from its profile
    zframe_t *routing;          //  ROUTER routing id of its connection, NULL if offline
    int64_t sent;               //  highest event seq sent on this connection
    int64_t acked;              //  highest event seq it acknowledged
    int64_t last_seen;          //  monotonic ms of its last message
    int64_t ack_due;            //  highest own seq to acknowledge after this batch, 0 if none
    int64_t received;           //  highest own seq stored, this batch included (valid while routed)
    bool received_dirty;        //  received is ahead of the store's node row until the batch ends
} s_peer_t;

//  One reply waiting for the batch to commit.
typedef struct {
    zframe_t *routing;          //  to whom
    lx_msg_t *msg;              //  what
} s_reply_t;

typedef struct {
    zsock_t *pipe;              //  actor pipe
    zsock_t *router;            //  where nodes connect
    zactor_t *auth;             //  ZAP handler (zauth) checking node keys; NULL in plain text
    zpoller_t *poller;          //  pipe and router
    char *endpoint;             //  bound endpoint
    broker_store_t *store;      //  the broker's record
    lx_checkpoint_t *checkpoint;    //  copies the store's log into it off this thread
    broker_match_t *match;      //  district profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's first-registration rule
    broker_timers_t *timers;    //  timer settings
    lx_clock_t *clock;          //  wall clock for the record (an offset clock in tests)
    broker_logic_t *logic;      //  the exchange's rules
    zhashx_t *peers;            //  node id -> s_peer_t
    zlistx_t *replies;          //  s_reply_t waiting for commit
    int64_t heartbeat;          //  ms between liveness checks
    int64_t liveness;           //  ms of silence after which a node is offline
    int64_t window;             //  events in flight per node
    int64_t batch_max;          //  messages per transaction
    int64_t next_tick;          //  monotonic ms of the next liveness check
    int64_t next_timers;        //  monotonic ms of the next run of the timers
    int64_t timers_clock;       //  the clock's time (ms since epoch) at their last run
    int64_t not_hello;          //  messages refused before hello since the last tick
    uint64_t commits;           //  batches committed since start
    uint64_t commits_slow;      //  of which the commit (the fsync) took over 5 ms
    uint64_t commit_longest;    //  µs of the longest commit
    bool terminated;            //  $TERM received
} s_server_t;

//  zhashx destructor for peers.
static void
s_peer_destroy (void **item_p)
{
    s_peer_t *peer = (s_peer_t *) *item_p;
    if (peer) {
        zframe_destroy (&peer->routing);
        free (peer);
        *item_p = NULL;
    }
}

//  Frees a reply.
static void
s_reply_destroy (void **item_p)
{
    s_reply_t *reply = (s_reply_t *) *item_p;
    if (reply) {
        zframe_destroy (&reply->routing);
        lx_msg_destroy (&reply->msg);
        free (reply);
        *item_p = NULL;
    }
}

//  Queues msg (taking it) for routing, to be sent after the batch commits.
static void
s_queue (s_server_t *self, zframe_t *routing, lx_msg_t **msg_p)
{
    s_reply_t *reply = (s_reply_t *) zmalloc (sizeof (s_reply_t));
    assert (reply);
    reply->routing = zframe_dup (routing);
    reply->msg = *msg_p;
    *msg_p = NULL;
    zlistx_add_end (self->replies, reply);
}

//  Queues an unnumbered ERROR for routing.
static void
s_queue_error (s_server_t *self, zframe_t *routing, const char *node, lx_error_t *error, int64_t ref)
{
    //  After a restart every node's in-flight window meets "say hello
    //  first": normal, and counted rather than logged one by one.
    if (error->code == LX_ERR_NOT_HELLO)
        self->not_hello++;
    else
        zsys_warning ("broker: refused a message from %s: %s %s", node? node: "an unknown peer",
                      lx_error_name (error->code), error->reason);
    lx_msg_t *msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_CODE, error->code);
    lx_msg_set_str (msg, LX_F_REASON, error->reason);
    if (ref)
        lx_msg_set_int (msg, LX_F_REF, ref);
    s_queue (self, routing, &msg);
}

//  Makes the router a CURVE server that admits only the nodes whose public
//  certificates are in broker/clients, unless the configuration asks for
//  plain text. Returns 0, or -1 with error set.
static int
s_secure (s_server_t *self, zconfig_t *config, const char *config_file, char *error, size_t error_size)
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

//  Loads configuration and opens everything. Returns 0 or -1 (logged).
static int
s_start (s_server_t *self, const char *config_file)
{
    char error [256] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        zsys_error ("broker: %s", error);
        return -1;
    }
    int rc = -1;
    char *store_path = lx_cfg_path (config_file, lx_cfg_str (config, "broker/store", "broker.db"));
    int64_t max_message, checkpoint_pages, checkpoint_limit;
    if (lx_cfg_int (config, "broker/heartbeat_ms", 500, 10, 60000, &self->heartbeat, error, sizeof error)
    ||  lx_cfg_int (config, "broker/liveness_ms", 2000, 30, 600000, &self->liveness, error, sizeof error)
    ||  lx_cfg_int (config, "broker/window", 1000, 1, 1000000, &self->window, error, sizeof error)
    ||  lx_cfg_int (config, "broker/batch_max", 1000, 1, 100000, &self->batch_max, error, sizeof error)
    ||  lx_cfg_int (config, "broker/max_message", 65536, 1024, 16777216, &max_message, error, sizeof error)
    ||  lx_cfg_int (config, "broker/checkpoint_pages", 1000, 1, 1000000, &checkpoint_pages, error, sizeof error)
    ||  lx_cfg_int (config, "broker/checkpoint_limit", 16000, 1, 10000000, &checkpoint_limit, error, sizeof error))
        goto done;
    if (checkpoint_limit < checkpoint_pages) {
        snprintf (error, sizeof error, "broker/checkpoint_limit (%" PRId64 ") is below broker/checkpoint_pages (%" PRId64 ")",
                  checkpoint_limit, checkpoint_pages);
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
    self->store = broker_store_new (store_path, error, sizeof error);
    if (!self->store)
        goto done;
    self->checkpoint = lx_checkpoint_new (broker_store_db (self->store), store_path, checkpoint_pages,
                                          checkpoint_limit, error, sizeof error);
    if (!self->checkpoint)
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
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock);
    //  Every configured district has its row, so events can wait for it.
    for (size_t index = 0; index < broker_match_size (self->match); index++) {
        broker_profile_t *profile = broker_match_at (self->match, index);
        const char *id = broker_profile_id (profile);
        if (broker_store_node_ensure (self->store, id, lx_role_name (broker_profile_role (profile)))
        ||  broker_store_seen (self->store, id, 0, false)) {
            snprintf (error, sizeof error, "store: %s", lx_store_error (broker_store_db (self->store)));
            goto done;
        }
        s_peer_t *peer = (s_peer_t *) zmalloc (sizeof (s_peer_t));
        assert (peer);
        snprintf (peer->id, sizeof peer->id, "%s", id);
        peer->role = broker_profile_role (profile);
        zhashx_insert (self->peers, id, peer);
    }
    self->router = zsock_new (ZMQ_ROUTER);
    assert (self->router);
    if (s_secure (self, config, config_file, error, sizeof error))
        goto done;
    zsock_set_router_mandatory (self->router, 1);
    zsock_set_maxmsgsize (self->router, max_message);
    zsock_set_sndhwm (self->router, (int) (self->window + LX_MSG_CONTROL_ROOM));
    zsock_set_linger (self->router, 0);
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
    self->poller = zpoller_new (self->pipe, self->router, NULL);
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
s_pump (s_server_t *self, s_peer_t *peer)
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

//  HELLO: binds the connection to the node, answers WELCOME, resends.
static void
s_on_hello (s_server_t *self, zframe_t *routing, lx_msg_t *msg)
{
    const char *node = lx_msg_str (msg, LX_F_NODE);
    s_peer_t *peer = (s_peer_t *) zhashx_lookup (self->peers, node);
    lx_error_t error;
    if (!peer) {
        lx_error_set (&error, LX_ERR_UNKNOWN_NODE, "%s is not a district of this city", node);
        s_queue_error (self, routing, node, &error, 0);
        return;
    }
    if (peer->role != lx_role_from_name (lx_msg_str (msg, LX_F_ROLE))) {
        lx_error_set (&error, LX_ERR_NOT_ALLOWED, "%s is a %s, not a %s", node,
                      lx_role_name (peer->role), lx_msg_str (msg, LX_F_ROLE));
        s_queue_error (self, routing, node, &error, 0);
        return;
    }
    //  Another connection for the same node replaces the old one.
    zframe_destroy (&peer->routing);
    if (peer->received_dirty) {
        if (broker_store_set_received (self->store, node, peer->received)) {
            lx_error_set (&error, LX_ERR_INTERNAL, "store unavailable");
            s_queue_error (self, routing, node, &error, 0);
            return;
        }
        peer->received_dirty = false;
    }
    peer->routing = zframe_dup (routing);
    peer->last_seen = zclock_mono ();
    broker_node_state_t state;
    //  Online from its hello on, in the same transaction as the hello.
    if (broker_store_acked (self->store, node, lx_msg_int (msg, LX_F_ACK))
    ||  broker_store_seen (self->store, node, lx_clock_now (self->clock), true)
    ||  broker_store_node_state (self->store, node, &state)) {
        lx_error_set (&error, LX_ERR_INTERNAL, "store unavailable");
        s_queue_error (self, routing, node, &error, 0);
        return;
    }
    peer->acked = state.acked;
    peer->sent = state.acked;
    peer->received = state.received;
    lx_msg_t *welcome = lx_msg_new (LX_CMD_WELCOME);
    lx_msg_set_str (welcome, LX_F_NODE, node);
    lx_msg_set_int (welcome, LX_F_ACK, state.received);
    lx_msg_set_int (welcome, LX_F_HEAD, state.head);
    s_queue (self, routing, &welcome);
    zsys_info ("broker: %s connected (it has applied %" PRId64 " of %" PRId64 " events)",
               node, state.acked, state.head);
}

//  Finds the peer bound to routing, or NULL.
static s_peer_t *
s_peer_by_routing (s_server_t *self, zframe_t *routing)
{
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer;
         peer = (s_peer_t *) zhashx_next (self->peers))
        if (peer->routing && zframe_eq (peer->routing, routing))
            return peer;
    return NULL;
}

//  A numbered message: apply once, in its own savepoint. Returns 0, or -1
//  when the store failed and the batch must be abandoned.
static int
s_on_numbered (s_server_t *self, zframe_t *routing, s_peer_t *peer, lx_msg_t *msg)
{
    lx_store_t *db = broker_store_db (self->store);
    int64_t seq = lx_msg_int (msg, LX_F_SEQ);
    if (seq <= peer->received) {
        peer->ack_due = peer->received;         //  a duplicate: answered, not applied
        return 0;
    }
    lx_error_t error = { 0, "" };
    if (seq > peer->received + 1) {
        lx_error_set (&error, LX_ERR_SEQ_GAP, "expected seq %" PRId64 ", got %" PRId64,
                      peer->received + 1, seq);
        s_queue_error (self, routing, peer->id, &error, peer->received + 1);
        return 0;
    }
    uint8_t *body;
    size_t size;
    if (lx_msg_encode (msg, &body, &size))
        return -1;
    int rc = -1;
    //  Each message in its own savepoint, inside the batch's transaction.
    if (lx_store_begin (db))
        goto done;
    if (broker_logic_apply (self->logic, peer->id, peer->role, msg, &error) == 0) {
        if (lx_store_commit (db)) {
            lx_store_rollback (db);
            goto done;
        }
        if (broker_store_received (self->store, peer->id, seq, lx_cmd_name (lx_msg_cmd (msg)),
                                   body, size, 0))
            goto done;
    }
    else {
        //  Whatever the handler wrote before it refused, events included, is undone.
        if (lx_store_rollback (db))
            goto done;
        if (error.code == LX_ERR_INTERNAL) {
            zsys_error ("broker: %s", error.reason);
            goto done;
        }
        zsys_warning ("broker: rejected %s #%" PRId64 " from %s: %s %s", lx_cmd_name (lx_msg_cmd (msg)),
                      seq, peer->id, lx_error_name (error.code), error.reason);
        if (broker_store_received (self->store, peer->id, seq, lx_cmd_name (lx_msg_cmd (msg)),
                                   body, size, error.code))
            goto done;
        lx_msg_t *rejected = lx_msg_new (LX_CMD_REJECTED);
        lx_msg_set_int (rejected, LX_F_REF, seq);
        lx_msg_set_int (rejected, LX_F_CODE, error.code);
        lx_msg_set_str (rejected, LX_F_REASON, error.reason);
        if (lx_msg_allows (msg, LX_F_LEAD))
            lx_msg_set_str (rejected, LX_F_LEAD, lx_msg_str (msg, LX_F_LEAD));
        int64_t stored = broker_store_event_add (self->store, peer->id, rejected);
        lx_msg_destroy (&rejected);
        if (stored < 0)
            goto done;
    }
    peer->ack_due = seq;
    peer->received = seq;
    peer->received_dirty = true;
    rc = 0;
done:
    free (body);
    return rc;
}

//  RECONCILE: compares the node's digests with ours, records both, and
//  answers with ours. Returns 0, or -1 when the store failed.
static int
s_on_reconcile (s_server_t *self, zframe_t *routing, s_peer_t *peer, lx_msg_t *msg)
{
    zlistx_t *mine = broker_store_digests (self->store, peer->id);
    if (!mine)
        return -1;
    zlistx_t *theirs = zlistx_new ();
    zlistx_set_destructor (theirs, (zlistx_destructor_fn *) zstr_free);
    for (size_t index = 0; index < lx_msg_count (msg, LX_F_DIGESTS); index++)
        zlistx_add_end (theirs, strdup (lx_msg_item (msg, LX_F_DIGESTS, index)));
    int rc = broker_store_reconciled (self->store, peer->id, theirs, mine, lx_clock_now (self->clock));
    if (rc == 0) {
        int differences = lx_digest_report (theirs, mine, false, NULL);
        if (differences)
            zsys_warning ("broker: reconcile %s: %d of %d sections differ (leadx-broker reconcile %s)",
                          peer->id, differences, LX_DIGEST_SECTION_COUNT, peer->id);
        else
            zsys_info ("broker: reconcile %s: every section equal", peer->id);
        lx_msg_t *reply = lx_msg_new (LX_CMD_RECONCILED);
        lx_msg_set_str (reply, LX_F_NODE, peer->id);
        lx_msg_set_int (reply, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
        for (const char *line = (const char *) zlistx_first (mine); line;
             line = (const char *) zlistx_next (mine))
            lx_msg_add_item (reply, LX_F_DIGESTS, line);
        s_queue (self, routing, &reply);
    }
    zlistx_destroy (&mine);
    zlistx_destroy (&theirs);
    return rc;
}

//  Re-reads the clock's offset (tests only; a no-op otherwise): once a
//  batch and once a tick, before anything reads the time.
static void
s_refresh_clock (s_server_t *self)
{
    if (lx_clock_refresh (self->clock))
        zsys_warning ("broker: the clock offset file holds no valid offset; the clock keeps its offset");
}

//  Runs the timers inside the current transaction, at the clock's now.
//  Returns 0, or -1 when the store failed (the transaction must go).
static int
s_run_timers (s_server_t *self)
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

//  Handles one message inside the batch; sender is who the connection
//  authenticated as (NULL in plain text). Returns 0, or -1 to abandon it.
static int
s_handle (s_server_t *self, zframe_t *routing, const char *sender, lx_msg_t *msg)
{
    lx_cmd_t cmd = lx_msg_cmd (msg);
    const char *node = lx_msg_str (msg, LX_F_NODE);
    lx_error_t error;
    //  With CURVE, the key says who speaks; a message naming another
    //  district is refused, whatever it is.
    if (self->auth && (!sender || !node || !streq (node, sender))) {
        zsys_warning ("broker: IDENTITY: a connection authenticated as %s sent %s as %s; refused",
                      sender? sender: "(no node in its certificate)", lx_cmd_name (cmd), node? node: "?");
        lx_error_set (&error, LX_ERR_IDENTITY, "this connection is %s, not %s",
                      sender? sender: "unnamed", node? node: "?");
        s_queue_error (self, routing, sender, &error, lx_msg_has (msg, LX_F_SEQ)? lx_msg_int (msg, LX_F_SEQ): 0);
        return 0;
    }
    if (cmd == LX_CMD_HELLO) {
        s_on_hello (self, routing, msg);
        return 0;
    }
    s_peer_t *peer = s_peer_by_routing (self, routing);
    if (!peer) {
        lx_error_set (&error, LX_ERR_NOT_HELLO, "say hello first");
        s_queue_error (self, routing, node, &error, 0);
        return 0;
    }
    peer->last_seen = zclock_mono ();
    if (!node || !streq (node, peer->id)) {
        lx_error_set (&error, LX_ERR_IDENTITY, "this connection is %s, not %s", peer->id, node? node: "?");
        s_queue_error (self, routing, peer->id, &error, lx_msg_int (msg, LX_F_SEQ));
        return 0;
    }
    if (cmd == LX_CMD_PING) {
        //  A sync's ping (due) sees the timers' effects as of now (to the
        //  second: no node can make them run more often), so that a test
        //  that moves the clock can wait on it.
        bool due = lx_msg_has (msg, LX_F_DUE) && lx_msg_bool (msg, LX_F_DUE);
        int64_t since = lx_clock_now (self->clock) - self->timers_clock;
        if (due && (since >= 1000 || since < 0) && s_run_timers (self))
            return -1;
        broker_node_state_t state;
        if (broker_store_node_state (self->store, peer->id, &state))
            return -1;
        lx_msg_t *pong = lx_msg_new (LX_CMD_PONG);
        lx_msg_set_str (pong, LX_F_NODE, peer->id);
        lx_msg_set_int (pong, LX_F_ACK, peer->received);
        lx_msg_set_int (pong, LX_F_HEAD, state.head);
        if (lx_msg_has (msg, LX_F_TOKEN))
            lx_msg_set_int (pong, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
        s_queue (self, routing, &pong);
        return 0;
    }
    if (cmd == LX_CMD_ACK) {
        int64_t ack = lx_msg_int (msg, LX_F_ACK);
        if (ack > peer->acked && ack <= peer->sent) {
            peer->acked = ack;
            if (broker_store_acked (self->store, peer->id, ack))
                return -1;
        }
        return 0;
    }
    if (cmd == LX_CMD_RECONCILE)
        return s_on_reconcile (self, routing, peer, msg);
    if (lx_cmd_is_numbered (cmd) && lx_cmd_from_node (cmd))
        return s_on_numbered (self, routing, peer, msg);
    lx_error_set (&error, LX_ERR_BAD_COMMAND, "%s is not sent to a broker", lx_cmd_name (cmd));
    s_queue_error (self, routing, peer->id, &error, 0);
    return 0;
}

//  Counts a batch's commit that took elapsed µs: every acknowledgement in
//  the batch waited for it, so the commits' tail is the latency tail.
static void
s_count_commit (s_server_t *self, int64_t elapsed)
{
    self->commits++;
    if (elapsed > 5000)
        self->commits_slow++;
    if ((uint64_t) elapsed > self->commit_longest)
        self->commit_longest = (uint64_t) elapsed;
}

static void s_deliver (s_server_t *self);

//  Reads and applies what has arrived, up to batch_max, in one
//  transaction; then acknowledges and delivers.
static void
s_batch (s_server_t *self)
{
    lx_store_t *db = broker_store_db (self->store);
    s_refresh_clock (self);
    if (lx_store_begin (db)) {
        zsys_error ("broker: %s", lx_store_error (db));
        return;
    }
    bool failed = false;
    for (int64_t count = 0; count < self->batch_max; count++) {
        zframe_t *routing = NULL;
        char *sender = NULL;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv_from (self->router, &routing, &sender, &error);
        if (!msg) {
            if (error.code && routing)
                s_queue_error (self, routing, NULL, &error, 0);
            zstr_free (&sender);
            zframe_destroy (&routing);
            if (error.code == 0)
                break;
            continue;
        }
        failed = s_handle (self, routing, sender, msg) != 0;
        zstr_free (&sender);
        zframe_destroy (&routing);
        lx_msg_destroy (&msg);
        if (failed)
            break;
    }
    //  The received marks, once per node for the batch.
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer && !failed;
         peer = (s_peer_t *) zhashx_next (self->peers))
        if (peer->received_dirty) {
            failed = broker_store_set_received (self->store, peer->id, peer->received) != 0;
            peer->received_dirty = false;
        }
    int64_t committing = zclock_usecs ();
    if (failed || lx_store_commit (db)) {
        //  Nothing is acknowledged: the nodes resend and we apply again;
        //  timers that ran in the batch run again at the next chance.
        zsys_error ("broker: batch abandoned: %s", lx_store_error (db));
        lx_store_rollback (db);
        self->timers_clock = 0;
        self->next_timers = 0;
        zlistx_purge (self->replies);
        for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer;
             peer = (s_peer_t *) zhashx_next (self->peers)) {
            peer->ack_due = 0;
            peer->received_dirty = false;
            broker_node_state_t state;
            if (broker_store_node_state (self->store, peer->id, &state) == 0)
                peer->received = state.received;
            else
                zframe_destroy (&peer->routing);    //  unsure: make it say hello again
        }
        zlistx_t *dirty = broker_store_take_dirty (self->store);
        zlistx_destroy (&dirty);
        return;
    }
    s_count_commit (self, zclock_usecs () - committing);
    s_deliver (self);
}

//  After a commit: answers, acknowledges and delivers what it made durable.
static void
s_deliver (s_server_t *self)
{
    for (s_reply_t *reply = (s_reply_t *) zlistx_first (self->replies); reply;
         reply = (s_reply_t *) zlistx_next (self->replies))
        lx_msg_send (reply->msg, self->router, reply->routing);
    zlistx_purge (self->replies);
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer;
         peer = (s_peer_t *) zhashx_next (self->peers)) {
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
        s_peer_t *peer = (s_peer_t *) zhashx_lookup (self->peers, node);
        if (peer)
            s_pump (self, peer);
    }
    zlistx_destroy (&dirty);
    //  A hello or an ack opens room too.
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer;
         peer = (s_peer_t *) zhashx_next (self->peers))
        s_pump (self, peer);
}

//  Marks silent nodes offline and records who was seen when.
static void
s_tick (s_server_t *self)
{
    s_refresh_clock (self);
    int64_t now = zclock_mono ();
    if (self->not_hello) {
        zsys_info ("broker: %" PRId64 " messages came before their connection's hello; each was"
                   " answered NOT_HELLO (nodes resend after hello)", self->not_hello);
        self->not_hello = 0;
    }
    //  Unread messages mean we are the slow side: a silent-looking node may
    //  have spoken, its words still queued. Judge nobody until caught up.
    bool backlog = (zsock_events (self->router) & ZMQ_POLLIN) != 0;
    lx_store_t *db = broker_store_db (self->store);
    if (lx_store_begin (db))
        return;
    for (s_peer_t *peer = (s_peer_t *) zhashx_first (self->peers); peer;
         peer = (s_peer_t *) zhashx_next (self->peers)) {
        if (!peer->routing)
            continue;
        bool alive = backlog || now - peer->last_seen <= self->liveness;
        int64_t seen = lx_clock_now (self->clock) - (now - peer->last_seen);
        if (!alive) {
            zsys_info ("broker: %s went silent, marked offline", peer->id);
            zframe_destroy (&peer->routing);
        }
        broker_store_seen (self->store, peer->id, seen, alive);
    }
    //  The timers, when due, in the same transaction.
    bool timers_failed = now >= self->next_timers && s_run_timers (self);
    if (timers_failed || lx_store_commit (db)) {
        lx_store_rollback (db);
        zlistx_t *dirty = broker_store_take_dirty (self->store);
        zlistx_destroy (&dirty);
        return;
    }
    s_deliver (self);
}

//  Handles a command on the actor pipe.
static void
s_on_pipe (s_server_t *self)
{
    char *command = zstr_recv (self->pipe);
    if (!command || streq (command, "$TERM"))
        self->terminated = true;
    else
    if (streq (command, "ENDPOINT"))
        zstr_send (self->pipe, self->endpoint);
    else
    if (streq (command, "STATS"))
        zsock_send (self->pipe, "888", self->commits, self->commits_slow, self->commit_longest);
    else
        zsys_error ("broker: unknown actor command %s", command);
    zstr_free (&command);
}

//  Releases everything the server holds.
static void
s_stop (s_server_t *self)
{
    zpoller_destroy (&self->poller);
    zsock_destroy (&self->router);
    zactor_destroy (&self->auth);
    zlistx_destroy (&self->replies);
    zhashx_destroy (&self->peers);
    broker_logic_destroy (&self->logic);
    lx_checkpoint_stats_t stats;
    if (self->checkpoint && lx_checkpoint_stats (self->checkpoint, &stats) == 0)
        zsys_info ("broker: log checkpoints: %" PRId64 " in the background (%" PRId64 " found one running,"
                   " %" PRId64 " failed), %" PRId64 " by the broker at the limit%s%s",
                   stats.background, stats.busy, stats.failed, stats.inline_runs,
                   *stats.error? "; last failure: ": "", stats.error);
    lx_checkpoint_destroy (&self->checkpoint);
    broker_store_destroy (&self->store);
    broker_policy_destroy (&self->policy);
    broker_register_destroy (&self->reg);
    broker_timers_destroy (&self->timers);
    broker_match_destroy (&self->match);
    lx_clock_destroy (&self->clock);
    zstr_free (&self->endpoint);
}

void
broker_server_actor (zsock_t *pipe, void *args)
{
    s_server_t server;
    memset (&server, 0, sizeof server);
    s_server_t *self = &server;
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
            s_batch (self);
        else
        if (zpoller_terminated (self->poller))
            break;
        if (zclock_mono () >= self->next_tick) {
            s_tick (self);
            self->next_tick = zclock_mono () + self->heartbeat;
        }
    }
    s_stop (self);
}
