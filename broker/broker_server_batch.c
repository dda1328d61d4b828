/*  broker_server_batch: the broker's batch. What arrived is read, up to
    batch_max messages, applied in one transaction, committed with one
    fsync, and only then answered and acknowledged. */

#include "broker_server_int.h"

void
broker_server_queue (broker_server_t *self, zframe_t *routing, lx_msg_t **msg_p)
{
    broker_reply_t *reply = (broker_reply_t *) zmalloc (sizeof (broker_reply_t));
    assert (reply);
    reply->routing = zframe_dup (routing);
    reply->msg = *msg_p;
    *msg_p = NULL;
    zlistx_add_end (self->replies, reply);
}

//  Queues an unnumbered ERROR for routing.
static void
s_queue_error (broker_server_t *self, zframe_t *routing, const char *node, lx_error_t *error, int64_t ref)
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
    broker_server_queue (self, routing, &msg);
}

//  A hello from a connection other than the node's live one, by another
//  daemon (another instance) while the live one is heard from: two
//  processes hold the district's key (a copied node directory). Refused
//  with IN_USE, logged and told to the center once an episode. Returns true
//  when refused; -1 in *failed when the store failed.
static bool
s_second_connection (broker_server_t *self, zframe_t *routing, broker_peer_t *peer, int64_t instance,
                     int *failed)
{
    int64_t now = zclock_mono ();
    if (!peer->routing || zframe_eq (peer->routing, routing) || peer->instance == instance
    ||  now - peer->last_seen > self->liveness)
        return false;
    lx_error_t error;
    lx_error_set (&error, LX_ERR_IN_USE, "%s is connected from another process, heard from %" PRId64
                  " ms ago: a second daemon with this district's key (a copied node directory?); only one"
                  " may run", peer->id, now - peer->last_seen);
    if (!peer->refused_at) {
        zsys_error ("broker: IN_USE: a second connection for %s while its first is alive (instance %"
                    PRId64 " against %" PRId64 "): two daemons hold its key; refusing the second until"
                    " one stops. The center is told", peer->id, instance, peer->instance);
        char reason [300];
        snprintf (reason, sizeof reason, "two processes connect with %s's key at once (a copied node"
                  " directory?): the second is refused until one stops; find and stop it", peer->id);
        lx_error_t store_error;
        if (broker_logic_alert (self->logic, peer->id, reason, &store_error))
            *failed = -1;
    }
    peer->refused_at = now;
    peer->refused++;
    lx_msg_t *msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, peer->id);
    lx_msg_set_int (msg, LX_F_CODE, error.code);
    lx_msg_set_str (msg, LX_F_REASON, error.reason);
    broker_server_queue (self, routing, &msg);
    return true;
}

//  The hash of node's stored message seq, for WELCOME: the node compares
//  it with its own copy, which tells a store that went its own way after
//  a copy. Returns 0 with hash set ("" when seq is 0), or -1.
static int
s_message_hash (broker_server_t *self, const char *node, int64_t seq, char hash [65])
{
    hash [0] = '\0';
    if (seq == 0)
        return 0;
    lx_store_t *db = broker_store_db (self->store);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT body FROM inbound WHERE node = ? AND seq = ?", "ti",
                                         node, seq);
    if (!stmt || lx_store_step (db, stmt) != 1)
        return -1;
    int rc = lx_chain_hash_bytes (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0), hash);
    sqlite3_reset (stmt);
    return rc;
}

//  HELLO: binds the connection to the node, answers WELCOME, and resends
//  every event after the hello's ack, which is the node's own word for
//  what it holds: a store restored from a backup says less than it once
//  acknowledged, and gets the rest again. Returns 0, or -1 when the store
//  failed (the batch must go).
static int
s_on_hello (broker_server_t *self, zframe_t *routing, lx_msg_t *msg)
{
    const char *node = lx_msg_str (msg, LX_F_NODE);
    broker_peer_t *peer = (broker_peer_t *) zhashx_lookup (self->peers, node);
    lx_error_t error;
    if (!peer) {
        lx_error_set (&error, LX_ERR_UNKNOWN_NODE, "%s is not a district of this city", node);
        s_queue_error (self, routing, node, &error, 0);
        return 0;
    }
    if (peer->role != lx_role_from_name (lx_msg_str (msg, LX_F_ROLE))) {
        lx_error_set (&error, LX_ERR_NOT_ALLOWED, "%s is a %s, not a %s", node,
                      lx_role_name (peer->role), lx_msg_str (msg, LX_F_ROLE));
        s_queue_error (self, routing, node, &error, 0);
        return 0;
    }
    int failed = 0;
    int64_t instance = lx_msg_int (msg, LX_F_INSTANCE);
    if (s_second_connection (self, routing, peer, instance, &failed))
        return failed;
    //  The same daemon on a new connection, or the old one gone silent:
    //  this connection replaces it.
    zframe_destroy (&peer->routing);
    if (peer->received_dirty) {
        if (broker_store_set_received (self->store, node, peer->received))
            return -1;
        peer->received_dirty = false;
    }
    broker_node_state_t state;
    if (broker_store_node_state (self->store, node, &state))
        return -1;
    int64_t ack = lx_msg_int (msg, LX_F_ACK);
    if (ack > state.head) {
        zsys_error ("broker: %s says it applied %" PRId64 " events; this broker created %" PRId64 " for it:"
                    " the broker's store is behind the node's (restored from an older backup?). Events"
                    " numbered again from #%" PRId64 " would be taken for ones it has: stop the broker and"
                    " restore its latest store", node, ack, state.head, state.head + 1);
        ack = state.head;
    }
    else
    if (ack < state.acked)
        zsys_warning ("broker: %s has applied %" PRId64 " events, though it had acknowledged %" PRId64 ": its"
                      " store went back in time (restored from a backup?); resending from #%" PRId64,
                      node, ack, state.acked, ack + 1);
    char hash [65];
    //  Online from its hello on, in the same transaction as the hello.
    if (broker_store_set_acked (self->store, node, ack)
    ||  broker_store_seen (self->store, node, lx_clock_now (self->clock), true)
    ||  s_message_hash (self, node, state.received, hash))
        return -1;
    peer->routing = zframe_dup (routing);
    peer->instance = instance;
    peer->gap_told = false;
    peer->last_seen = zclock_mono ();
    peer->ack_moved = peer->last_seen;
    peer->acked = ack;
    peer->sent = ack;
    peer->received = state.received;
    lx_msg_t *welcome = lx_msg_new (LX_CMD_WELCOME);
    lx_msg_set_str (welcome, LX_F_NODE, node);
    lx_msg_set_int (welcome, LX_F_ACK, state.received);
    lx_msg_set_int (welcome, LX_F_HEAD, state.head);
    if (*hash)
        lx_msg_set_str (welcome, LX_F_HASH, hash);
    //  The key of the node's next reconciliation: kept across connections
    //  until a reconciliation spends it (a node reconnecting mid-way sends
    //  the same RECONCILE again).
    if (!*peer->challenge)
        lx_digest_challenge_new (peer->challenge);
    lx_msg_set_str (welcome, LX_F_CHALLENGE, peer->challenge);
    broker_server_queue (self, routing, &welcome);
    zsys_info ("broker: %s connected (it has applied %" PRId64 " of %" PRId64 " events)", node, ack, state.head);
    return 0;
}

//  Finds the peer bound to routing, or NULL.
static broker_peer_t *
s_peer_by_routing (broker_server_t *self, zframe_t *routing)
{
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers))
        if (peer->routing && zframe_eq (peer->routing, routing))
            return peer;
    return NULL;
}

//  A numbered message whose seq the node's record holds already: the same
//  message again (a resend) is acknowledged and has no effect; another
//  message under a held seq comes from a store that went back in time (a
//  restored backup, a copied directory) and is refused with SEQ_REUSED,
//  never acknowledged, loudly: taken for a duplicate it would be lost.
//  Returns 0, or -1 when the store failed.
static int
s_on_duplicate (broker_server_t *self, zframe_t *routing, broker_peer_t *peer, lx_msg_t *msg)
{
    int64_t seq = lx_msg_int (msg, LX_F_SEQ);
    uint8_t *body;
    size_t size;
    if (lx_msg_encode (msg, &body, &size))
        return -1;
    lx_store_t *db = broker_store_db (self->store);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT body = ? FROM inbound WHERE node = ? AND seq = ?",
                                         "bti", body, size, peer->id, seq);
    int found = stmt? lx_store_step (db, stmt): -1;
    bool same = found == 1 && sqlite3_column_int (stmt, 0) == 1;
    if (found == 1)
        sqlite3_reset (stmt);
    free (body);
    if (found != 1)
        return -1;              //  received says it is there: the store failed
    if (same) {
        peer->ack_due = peer->received;
        return 0;
    }
    lx_error_t error;
    lx_error_set (&error, LX_ERR_SEQ_REUSED, "#%" PRId64 " is another message than the #%" PRId64 " this"
                  " broker holds from %s: the node's store went back in time; run `leadx-node rebuild`"
                  " there", seq, seq, peer->id);
    if (!peer->diverged_at) {
        zsys_error ("broker: SEQ_REUSED: %s sent %s #%" PRId64 ", but its #%" PRId64 " here is another message:"
                    " its store went back in time (restored from a backup, or a copied directory). Refused,"
                    " not acknowledged; the district must run `leadx-node rebuild`. The center is told",
                    peer->id, lx_cmd_name (lx_msg_cmd (msg)), seq, seq);
        char reason [300];
        snprintf (reason, sizeof reason, "%s sent messages under numbers it had used for others: its store"
                  " went back in time; they are refused until it runs `leadx-node rebuild`", peer->id);
        lx_error_t store_error;
        if (broker_logic_alert (self->logic, peer->id, reason, &store_error))
            return -1;
    }
    peer->diverged_at = zclock_mono ();
    lx_msg_t *reply = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (reply, LX_F_NODE, peer->id);
    lx_msg_set_int (reply, LX_F_CODE, error.code);
    lx_msg_set_str (reply, LX_F_REASON, error.reason);
    lx_msg_set_int (reply, LX_F_REF, seq);
    broker_server_queue (self, routing, &reply);
    return 0;
}

//  A numbered message: apply once. In a careful pass each message runs in
//  its own savepoint, so that a refusal undoes whatever the handler wrote
//  before it refused. Most refusals come before any write, and most
//  messages are not refused, so a first pass runs without savepoints
//  (their statement journals cost 12 % of the benchmark's throughput) and
//  asks the store whether a refused message wrote anything. Returns 0; 1
//  when, outside a savepoint, a refused message had written (the batch
//  must be applied again, carefully); or -1 when the store failed and the
//  batch must be abandoned.
static int
s_on_numbered (broker_server_t *self, zframe_t *routing, broker_peer_t *peer, lx_msg_t *msg)
{
    lx_store_t *db = broker_store_db (self->store);
    int64_t seq = lx_msg_int (msg, LX_F_SEQ);
    if (seq <= peer->received)
        return s_on_duplicate (self, routing, peer, msg);
    lx_error_t error = { 0, "" };
    if (seq > peer->received + 1) {
        //  The rest of a window after a gap (a batch abandoned, say) follows
        //  the first: one answer a connection, the node says hello again.
        if (peer->gap_told) {
            self->gapped++;
            return 0;
        }
        peer->gap_told = true;
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
    int64_t written = lx_store_written (db);
    if (self->careful && lx_store_begin (db))
        goto done;
    if (broker_logic_apply (self->logic, peer->id, peer->role, msg, &error) == 0) {
        if (self->careful && lx_store_commit (db)) {
            lx_store_rollback (db);
            goto done;
        }
        if (broker_store_received (self->store, peer->id, seq, lx_cmd_name (lx_msg_cmd (msg)),
                                   body, size, 0, lx_clock_now (self->clock)))
            goto done;
    }
    else {
        //  Whatever the handler wrote before it refused, events included,
        //  is undone: by the savepoint, or outside one by the batch's
        //  second pass.
        if (self->careful && lx_store_rollback (db))
            goto done;
        if (error.code == LX_ERR_INTERNAL) {
            zsys_error ("broker: %s", error.reason);
            goto done;
        }
        if (lx_store_written (db) != written) {
            if (!self->careful) {
                rc = 1;
                goto done;
            }
            self->wrote_refused = true;
        }
        zsys_warning ("broker: rejected %s #%" PRId64 " from %s: %s %s", lx_cmd_name (lx_msg_cmd (msg)),
                      seq, peer->id, lx_error_name (error.code), error.reason);
        if (broker_store_received (self->store, peer->id, seq, lx_cmd_name (lx_msg_cmd (msg)),
                                   body, size, error.code, lx_clock_now (self->clock)))
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

//  RECALL: a node rebuilding its store asks for its own messages after
//  ack: up to a window of them, as stored, then RECALLED with the last
//  one sent and the last one held. Returns 0, or -1 when the store failed.
static int
s_on_recall (broker_server_t *self, zframe_t *routing, broker_peer_t *peer, lx_msg_t *msg)
{
    lx_store_t *db = broker_store_db (self->store);
    int64_t last = lx_msg_int (msg, LX_F_ACK);
    //  Half the room the socket keeps for replies: the events pumped to
    //  the node meanwhile must not crowd them out.
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, body FROM inbound WHERE node = ? AND seq > ?"
                                         " ORDER BY seq LIMIT ?", "tii", peer->id, last,
                                         (int64_t) LX_MSG_CONTROL_ROOM / 2);
    if (!stmt)
        return -1;
    int rc;
    while ((rc = lx_store_step (db, stmt)) == 1) {
        lx_error_t error;
        lx_msg_t *held = lx_msg_decode (sqlite3_column_blob (stmt, 1), (size_t) sqlite3_column_bytes (stmt, 1),
                                        &error);
        if (!held) {
            //  We stored it decoded and encoded again: it cannot fail.
            zsys_error ("broker: %s's stored #%" PRId64 " does not decode: %s", peer->id,
                        sqlite3_column_int64 (stmt, 0), error.reason);
            sqlite3_reset (stmt);
            return -1;
        }
        last = sqlite3_column_int64 (stmt, 0);
        broker_server_queue (self, routing, &held);
    }
    if (rc < 0)
        return -1;
    lx_msg_t *recalled = lx_msg_new (LX_CMD_RECALLED);
    lx_msg_set_str (recalled, LX_F_NODE, peer->id);
    lx_msg_set_int (recalled, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
    lx_msg_set_int (recalled, LX_F_ACK, last);
    lx_msg_set_int (recalled, LX_F_HEAD, peer->received);
    broker_server_queue (self, routing, &recalled);
    return 0;
}

//  Handles one message inside the batch; sender is who the connection
//  authenticated as (NULL in plain text). Returns 0, 1 to apply the batch
//  again carefully (see s_on_numbered), or -1 to abandon it.
static int
s_handle (broker_server_t *self, zframe_t *routing, const char *sender, lx_msg_t *msg)
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
    if (cmd == LX_CMD_HELLO)
        return s_on_hello (self, routing, msg);
    broker_peer_t *peer = s_peer_by_routing (self, routing);
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
        if (due && (since >= 1000 || since < 0) && broker_server_run_timers (self))
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
        broker_server_queue (self, routing, &pong);
        return 0;
    }
    if (cmd == LX_CMD_ACK) {
        int64_t ack = lx_msg_int (msg, LX_F_ACK);
        if (ack > peer->acked && ack <= peer->sent) {
            peer->acked = ack;
            peer->ack_moved = zclock_mono ();
            if (broker_store_acked (self->store, peer->id, ack))
                return -1;
        }
        return 0;
    }
    if (cmd == LX_CMD_RECONCILE) {
        broker_server_reconcile_ask (self, routing, peer, msg);
        return 0;
    }
    if (cmd == LX_CMD_RECALL)
        return s_on_recall (self, routing, peer, msg);
    if (cmd == LX_CMD_BYE) {
        //  A daemon that stops: offline now, and its next start (another
        //  instance) is no second connection.
        zsys_info ("broker: %s signed off", peer->id);
        zframe_destroy (&peer->routing);
        return broker_store_seen (self->store, peer->id, lx_clock_now (self->clock), false);
    }
    if (lx_cmd_is_numbered (cmd) && lx_cmd_from_node (cmd))
        return s_on_numbered (self, routing, peer, msg);
    lx_error_set (&error, LX_ERR_BAD_COMMAND, "%s is not sent to a broker", lx_cmd_name (cmd));
    s_queue_error (self, routing, peer->id, &error, 0);
    return 0;
}

//  Counts a batch's commit that took elapsed µs: every acknowledgement in
//  the batch waited for it, so the commits' tail is the latency tail.
static void
s_count_commit (broker_server_t *self, int64_t elapsed)
{
    self->commits++;
    if (elapsed > 5000)
        self->commits_slow++;
    if ((uint64_t) elapsed > self->commit_longest)
        self->commit_longest = (uint64_t) elapsed;
}

//  Reads what has arrived, up to batch_max messages, into the inbox. A
//  message that cannot be decoded is kept with its error, to be answered;
//  one that cannot be answered either (no routing id) is dropped. A
//  RECONCILE ends the batch: its digests are of the record as the batch's
//  commit leaves it (broker_server_reconcile_start), with every message
//  before it and none after.
static void
s_receive (broker_server_t *self)
{
    self->inbox_size = 0;
    for (int64_t count = 0; count < self->batch_max; count++) {
        broker_received_t *item = &self->inbox [self->inbox_size];
        memset (item, 0, sizeof *item);
        item->msg = lx_msg_recv_from (self->router, &item->routing, &item->sender, &item->error);
        if (item->msg || (item->error.code && item->routing)) {
            self->inbox_size++;
            if (item->msg && lx_msg_cmd (item->msg) == LX_CMD_RECONCILE)
                break;
        }
        else {
            zstr_free (&item->sender);
            zframe_destroy (&item->routing);
            if (item->error.code == 0)
                break;          //  nothing more has arrived
        }
    }
}

//  Frees what the inbox holds.
static void
s_inbox_clear (broker_server_t *self)
{
    for (size_t index = 0; index < self->inbox_size; index++) {
        broker_received_t *item = &self->inbox [index];
        zframe_destroy (&item->routing);
        zstr_free (&item->sender);
        lx_msg_destroy (&item->msg);
    }
    self->inbox_size = 0;
}

//  Applies the inbox inside the open transaction, then writes the received
//  marks, once per node for the batch. Returns 0, 1 when the batch must be
//  applied again carefully (see s_on_numbered), or -1 when the store failed.
static int
s_apply (broker_server_t *self)
{
    for (size_t index = 0; index < self->inbox_size; index++) {
        broker_received_t *item = &self->inbox [index];
        if (!item->msg) {
            s_queue_error (self, item->routing, NULL, &item->error, 0);
            continue;
        }
        int rc = s_handle (self, item->routing, item->sender, item->msg);
        if (rc)
            return rc;
    }
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers))
        if (peer->received_dirty) {
            if (broker_store_set_received (self->store, peer->id, peer->received))
                return -1;
            peer->received_dirty = false;
        }
    return 0;
}

//  After the batch's transaction was rolled back: forgets what the batch
//  left in memory (answers, acknowledgements due, the nodes' marks, the
//  digests due: a replay asks for them again, an abandoned batch leaves
//  its RECONCILE unanswered, as it leaves its other messages), so
//  that the peers agree with the store again. Timers that ran in the batch
//  run again at the next chance. What the nodes acknowledged stays known
//  unless the batch is to be applied again (replay), whose ACKs must then
//  reach the store a second time.
static void
s_forget (broker_server_t *self, bool replay)
{
    self->timers_clock = 0;
    self->next_timers = 0;
    zlistx_purge (self->replies);
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers)) {
        peer->ack_due = 0;
        peer->received_dirty = false;
        peer->reconcile_due = false;
        broker_node_state_t state;
        if (broker_store_node_state (self->store, peer->id, &state) == 0) {
            peer->received = state.received;
            if (replay)
                peer->acked = state.acked;
        }
        else
            zframe_destroy (&peer->routing);    //  unsure: make it say hello again
    }
    zlistx_t *dirty = broker_store_take_dirty (self->store);
    zlistx_destroy (&dirty);
}

//  A batch whose fast pass met a refused message that had written is
//  rolled back and applied again from its first message, each in its own
//  savepoint, from the messages it kept; batches stay careful until one
//  meets no such refusal.
void
broker_server_batch (broker_server_t *self)
{
    lx_store_t *db = broker_store_db (self->store);
    broker_server_refresh_clock (self);
    if (lx_store_begin (db)) {
        zsys_error ("broker: %s", lx_store_error (db));
        return;
    }
    s_receive (self);
    self->wrote_refused = false;
    int rc = s_apply (self);
    if (rc == 1) {
        lx_store_rollback (db);
        s_forget (self, true);
        self->careful = true;
        self->replays++;
        rc = lx_store_begin (db) == 0 && s_apply (self) == 0? 0: -1;
    }
    int64_t committing = zclock_usecs ();
    if (rc || lx_store_commit (db)) {
        //  Nothing is acknowledged: the nodes resend and we apply again.
        const char *why = lx_store_error (db);
        zsys_error ("broker: batch abandoned: %s. Nothing of it is acknowledged: the nodes send it again%s",
                    why, strstr (why, "full")? "; free disk space where the store is": "");
        lx_store_rollback (db);
        s_forget (self, false);
        s_inbox_clear (self);
        return;
    }
    s_count_commit (self, zclock_usecs () - committing);
    self->careful = self->wrote_refused;
    s_inbox_clear (self);
    broker_server_reconcile_start (self);
    broker_server_deliver (self);
}
