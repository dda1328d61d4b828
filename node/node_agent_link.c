/*  node_agent_link: what travels between the daemon and the broker. The
    broker's answers and events come in; events are applied in order, each
    once, and kept in memory and retried with backoff while the store cannot
    take them; the outbox goes out within the window, and again when the
    broker leaves it unacknowledged too long. */

#include "node_agent_int.h"
#include "lx_chain.h"

//  Messages read from the broker at once.
#define S_BATCH 1000
//  The first retry of a store that failed, and the longest wait between two.
#define S_BACKOFF_FIRST_MS 100
#define S_BACKOFF_MAX_MS 5000
//  A store that keeps failing is named again this often.
#define S_FAILURE_LOG_MS 60000

void
node_agent_halt (node_agent_t *self, const char *format, ...)
{
    if (self->halted)
        return;                 //  the first cause is the one to fix
    va_list args;
    va_start (args, format);
    vsnprintf (self->halt_reason, sizeof self->halt_reason, format, args);
    va_end (args);
    self->halted = true;
    zsys_error ("node: halted: %s", self->halt_reason);
    //  Neither sending nor applying: what it would send reuses numbers the
    //  broker holds, and what it would apply refers to what it lost. The
    //  connection goes, signed off, so the center sees the district
    //  offline and a rebuild is not taken for a second connection.
    if (self->dealer) {
        lx_msg_t *bye = lx_msg_new (LX_CMD_BYE);
        lx_msg_set_str (bye, LX_F_NODE, self->node);
        zsock_set_linger (self->dealer, 200);
        node_agent_send (self, &bye);
    }
    zpoller_destroy (&self->poller);
    lx_monitor_detach (self->monitor);      //  before the socket it watches
    zsock_destroy (&self->dealer);
    self->poller = zpoller_new (self->pipe, self->control, lx_digest_worker_sock (self->digester), NULL);
    self->welcomed = false;
    zlistx_purge (self->pending);
    self->retry_at = 0;
    self->next_ping = zclock_mono () + 60000;
}

void
node_agent_recall (node_agent_t *self)
{
    int64_t from = node_store_outbox_acked (self->store);
    if (from < 0) {
        zsys_error ("node: cannot read the outbox: %s", lx_store_error (node_store_db (self->store)));
        return;
    }
    lx_msg_t *recall = lx_msg_new (LX_CMD_RECALL);
    lx_msg_set_str (recall, LX_F_NODE, self->node);
    lx_msg_set_int (recall, LX_F_TOKEN, ++self->token);
    lx_msg_set_int (recall, LX_F_ACK, from);
    node_agent_send (self, &recall);
    self->recall_sent_at = zclock_mono ();
}

//  One of our own messages back from the broker's record, while rebuilding.
static void
s_on_echo (node_agent_t *self, lx_msg_t *msg)
{
    lx_error_t error = { 0, "" };
    if (!streq (lx_msg_str (msg, LX_F_NODE), self->node)) {
        zsys_warning ("node: the broker sent back a message of %s; dropped", lx_msg_str (msg, LX_F_NODE));
        return;
    }
    if (node_store_recall (self->store, self->node, msg, &error))
        zsys_error ("node: cannot take back our #%" PRId64 ": %s", lx_msg_int (msg, LX_F_SEQ), error.reason);
    else
        self->recalled++;
}

//  RECALLED: the broker sent our messages up to ack, of head it holds.
//  More are asked for, or the rebuild's recall is done: a fresh hello
//  then brings every event after what this store has applied.
static void
s_on_recalled (node_agent_t *self, lx_msg_t *msg)
{
    if (!self->recalling)
        return;
    int64_t held = node_store_outbox_acked (self->store);
    if (held >= 0 && held < lx_msg_int (msg, LX_F_HEAD)) {
        node_agent_recall (self);
        return;
    }
    zsys_info ("node: rebuild: %" PRId64 " of our messages taken back from the broker's record (it holds"
               " #1 to #%" PRId64 "); now its events after #%" PRId64, self->recalled,
               lx_msg_int (msg, LX_F_HEAD), self->applied);
    self->recalling = false;
    self->rebuild = false;
    self->welcomed = false;
    self->next_ping = 0;
}

//  WELCOME: the session starts, unless this store is behind the broker's
//  record of this node: the broker holds more of our messages than we do,
//  or under the last of them another message than ours. A rebuild takes
//  them back first.
static void
s_on_welcome (node_agent_t *self, lx_msg_t *msg)
{
    int64_t ack = lx_msg_int (msg, LX_F_ACK);
    int64_t head = lx_msg_int (msg, LX_F_HEAD);
    if (self->rebuild) {
        zsys_info ("node: rebuild: the broker holds %" PRId64 " of our messages and %" PRId64 " events for us;"
                   " taking our messages back first", ack, head);
        self->welcomed = true;
        self->welcomed_at = zclock_mono ();
        self->disconnected_at = 0;
        self->recalling = true;
        node_agent_recall (self);
        return;
    }
    int64_t outbox = node_store_outbox_head (self->store);
    char ours [65] = "";
    int found = ack > 0 && lx_msg_has (msg, LX_F_HASH)? node_store_outbox_hash (self->store, ack, ours): 1;
    if (outbox >= 0 && ack > outbox) {
        node_agent_halt (self, "the broker holds %s's messages up to #%" PRId64 ", this store (%s) only up to"
                         " #%" PRId64 ": it went back in time (restored from a backup, or lost). Stop the"
                         " daemon and run `leadx-node rebuild -c CONFIG`, which brings back every message"
                         " and event the broker holds", self->node, ack, self->store_path, outbox);
        return;
    }
    if (found == 0 && !streq (ours, lx_msg_str (msg, LX_F_HASH))) {
        node_agent_halt (self, "our #%" PRId64 " is not the message the broker holds from %s under that"
                         " number: this store (%s) and the broker's record went separate ways (a copy of"
                         " this node's directory ran elsewhere?). Stop the daemon and run `leadx-node"
                         " rebuild -c CONFIG`", ack, self->node, self->store_path);
        return;
    }
    if (head < self->applied)
        zsys_error ("node: the broker created %" PRId64 " events for %s, and we applied %" PRId64 ": the"
                    " broker's record is behind ours (its store restored from an older backup?); tell the"
                    " coordination center", head, self->node, self->applied);
    //  The key of our next reconciliation (a broker from before challenges
    //  sends none: a reconciliation then waits for one).
    if (lx_msg_has (msg, LX_F_CHALLENGE))
        snprintf (self->challenge, sizeof self->challenge, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    if (self->in_use_at)
        zsys_info ("node: the broker accepts this connection again");
    self->in_use_at = 0;
    self->welcomed = true;
    self->welcomed_at = zclock_mono ();
    self->disconnected_at = 0;
    self->acked = ack;
    self->sent = ack;
    self->ack_moved = self->welcomed_at;
    node_store_outbox_ack (self->store, ack);  //  a failure is made good by the next ack
    node_agent_waiters_reset (self);
    if (self->settle_head < 0) {
        self->settle_ack = ack;
        self->settle_head = head;
    }
    zsys_info ("node: %s welcomed; broker has our #%" PRId64 ", %" PRId64 " events for us", self->node, ack, head);
}

//  ERROR: what the broker could not take.
static void
s_on_error (node_agent_t *self, lx_msg_t *msg)
{
    int code = (int) lx_msg_int (msg, LX_F_CODE);
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (code == LX_ERR_IN_USE) {
        if (!self->in_use_at)
            zsys_error ("node: the broker refuses this connection: %s. Stop the other daemon with %s's"
                        " key; this one says hello again every heartbeat and is accepted once the other"
                        " is gone", reason, self->node);
        self->in_use_at = zclock_mono ();
        self->welcomed = false;
        return;
    }
    if (code == LX_ERR_CHALLENGE) {
        node_agent_on_challenge (self, msg);
        return;
    }
    if (code == LX_ERR_SEQ_REUSED) {
        node_agent_halt (self, "the broker refuses our #%" PRId64 ": %s. Stop the daemon and run"
                         " `leadx-node rebuild -c CONFIG`", lx_msg_int (msg, LX_F_REF), reason);
        return;
    }
    zsys_warning ("node: broker says %s: %s", lx_error_name (code), reason);
    if (code == LX_ERR_SEQ_GAP || code == LX_ERR_NOT_HELLO)
        self->welcomed = false;     //  start over with hello
}

//  The store failed to take the events kept in memory: they stay, and the
//  next attempt waits twice as long as the last, up to S_BACKOFF_MAX_MS.
static void
s_store_failed (node_agent_t *self, const char *why)
{
    int64_t now = zclock_mono ();
    self->failures++;
    self->backoff = self->backoff? self->backoff * 2: S_BACKOFF_FIRST_MS;
    if (self->backoff > S_BACKOFF_MAX_MS)
        self->backoff = S_BACKOFF_MAX_MS;
    self->retry_at = now + self->backoff;
    if (!self->failing_since) {
        self->failing_since = now;
        self->failure_logged = now;
        zsys_error ("node: cannot write the store %s: %s. The %zu events read are kept in memory and"
                    " tried again with backoff (up to %d ms); nothing is lost or acknowledged meanwhile."
                    " Free disk space where the store is", self->store_path, why,
                    zlistx_size (self->pending), S_BACKOFF_MAX_MS);
    }
    else
    if (now - self->failure_logged >= S_FAILURE_LOG_MS) {
        self->failure_logged = now;
        zsys_error ("node: still cannot write the store %s after %" PRId64 " ms and %" PRId64 " attempts: %s;"
                    " %zu events wait in memory", self->store_path, now - self->failing_since,
                    self->failures, why, zlistx_size (self->pending));
    }
}

//  Acknowledges the events applied (also duplicates: the broker resends
//  what it has not seen acknowledged).
static void
s_ack_events (node_agent_t *self)
{
    lx_msg_t *ack = lx_msg_new (LX_CMD_ACK);
    lx_msg_set_str (ack, LX_F_NODE, self->node);
    lx_msg_set_int (ack, LX_F_ACK, self->applied);
    node_agent_send (self, &ack);
}

int
node_agent_apply_pending (node_agent_t *self)
{
    if (zlistx_size (self->pending) == 0 || self->halted) {
        self->retry_at = 0;
        return 0;
    }
    if (self->retry_at && zclock_mono () < self->retry_at)
        return -1;
    lx_store_t *db = node_store_db (self->store);
    int64_t done = self->applied;
    bool failed = lx_store_begin (db) != 0;
    lx_msg_t *msg;
    for (msg = (lx_msg_t *) zlistx_first (self->pending); msg && !failed;
         msg = (lx_msg_t *) zlistx_next (self->pending)) {
        int64_t seq = lx_msg_int (msg, LX_F_SEQ);
        //  Each event in its own savepoint: a refused one leaves nothing.
        lx_error_t error = { 0, "" };
        if (lx_store_begin (db)) {
            failed = true;
            break;
        }
        if (node_store_apply (self->store, self->node, msg, &error) == 0 && lx_store_commit (db) == 0) {
            done = seq;
            continue;
        }
        lx_store_rollback (db);
        if (error.code == LX_ERR_INTERNAL || error.code == LX_ERR_NONE) {
            failed = true;
            break;
        }
        //  An event the broker cannot have sent: it changes nothing and is
        //  not acknowledged, and nothing after it can apply.
        if (seq != self->refused_seq)
            zsys_error ("node: event #%" PRId64 " (%s) from the broker is refused: %s. It changes nothing"
                        " and is not acknowledged, and delivery stops at it: the broker's record and this"
                        " node's disagree; run `leadx-node reconcile` and tell the coordination center",
                        seq, lx_cmd_name (lx_msg_cmd (msg)), error.reason);
        self->refused_seq = seq;
        break;
    }
    if (!failed && done > self->applied && node_store_set_applied (self->store, done))
        failed = true;
    if (!failed && lx_store_commit (db))
        failed = true;
    if (failed) {
        char why [256];
        snprintf (why, sizeof why, "%s", lx_store_error (db));
        lx_store_rollback (db);
        s_store_failed (self, why);
        return -1;
    }
    if (self->failing_since)
        zsys_info ("node: the store %s takes writes again: %" PRId64 " events applied after %" PRId64
                   " failed attempts over %" PRId64 " ms", self->store_path, done - self->applied,
                   self->failures, zclock_mono () - self->failing_since);
    self->failing_since = 0;
    self->failures = 0;
    self->backoff = 0;
    self->retry_at = 0;
    self->applied = done;
    //  Applied events go; after a refused one, the rest go too: the broker
    //  sends them again once it sees them unacknowledged.
    zlistx_purge (self->pending);
    s_ack_events (self);
    return 0;
}

void
node_agent_on_broker (node_agent_t *self)
{
    int64_t next = self->applied + (int64_t) zlistx_size (self->pending) + 1;
    bool ack_events = false;
    for (int count = 0; count < S_BATCH && self->dealer && !self->halted; count++) {
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
        if (cmd == LX_CMD_WELCOME)
            s_on_welcome (self, msg);
        else
        if (cmd == LX_CMD_ACK || cmd == LX_CMD_PONG) {
            int64_t ack = lx_msg_int (msg, LX_F_ACK);
            if (ack > self->acked) {
                self->acked = ack;
                self->ack_moved = zclock_mono ();
                node_store_outbox_ack (self->store, ack);  //  a failure is made good by the next ack
            }
            if (cmd == LX_CMD_PONG)
                node_agent_on_pong (self, msg);
        }
        else
        if (cmd == LX_CMD_RECONCILED)
            node_agent_on_reconciled (self, msg);
        else
        if (cmd == LX_CMD_RECALLED)
            s_on_recalled (self, msg);
        else
        if (self->recalling && lx_cmd_from_node (cmd) && lx_cmd_is_numbered (cmd))
            s_on_echo (self, msg);
        else
        if (cmd == LX_CMD_ERROR)
            s_on_error (self, msg);
        else
        if (!lx_cmd_from_broker (cmd))
            zsys_warning ("node: the broker sent %s, which only nodes send; dropped", lx_cmd_name (cmd));
        else
        if (lx_cmd_is_numbered (cmd) && !self->recalling) {
            //  Kept in order; a duplicate is acknowledged again, an event
            //  after a gap comes again after the next hello or resend.
            //  While our messages are taken back, events wait: they may
            //  refer to leads registered in them.
            ack_events = true;
            if (lx_msg_int (msg, LX_F_SEQ) == next) {
                zlistx_add_end (self->pending, msg);
                msg = NULL;
                next++;
            }
        }
        lx_msg_destroy (&msg);
    }
    if (zlistx_size (self->pending))
        node_agent_apply_pending (self);
    else
    if (ack_events && !self->halted)
        s_ack_events (self);
    node_agent_flush (self);
    node_agent_request_barrier (self);
    node_agent_check_waiters (self);
    node_agent_send_reconciles (self);
}

void
node_agent_flush (node_agent_t *self)
{
    if (!self->welcomed || self->halted || self->recalling)
        return;
    int64_t room = self->window - (self->sent - self->acked);
    if (room <= 0)
        return;
    bool idle = self->sent == self->acked;
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
    //  The silence that resends is counted from the first message in flight.
    if (idle && self->sent > self->acked)
        self->ack_moved = zclock_mono ();
}

void
node_agent_resend_silent (node_agent_t *self)
{
    int64_t now = zclock_mono ();
    if (self->recalling && now - self->recall_sent_at >= self->resend_ms) {
        zsys_warning ("node: rebuild: the broker has not answered our recall for %" PRId64 " ms; asking again",
                      now - self->recall_sent_at);
        node_agent_recall (self);
    }
    if (!self->welcomed || self->halted || self->recalling || self->sent <= self->acked
    ||  now - self->ack_moved < self->resend_ms)
        return;
    //  The broker may have abandoned the batch they were in (its store
    //  failed): it resends nothing of ours, and our window stays full.
    zsys_warning ("node: the broker acknowledged none of our %" PRId64 " messages in flight for %" PRId64
                  " ms; resending from #%" PRId64, self->sent - self->acked, now - self->ack_moved,
                  self->acked + 1);
    self->sent = self->acked;
    self->ack_moved = now;
    node_agent_flush (self);
}
