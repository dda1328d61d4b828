/*  node_agent_wait: the staff commands that wait on the daemon. A sync
    waits for a barrier: everything in the outbox acknowledged, and every
    event the broker had created for this node applied. A verdict waits for
    the same barrier behind one message, then answers whether the broker
    accepted it, or, past its deadline, that it is still pending and why. A
    reconciliation sends our digests and waits for the broker's. */

#include "node_agent_int.h"

//  Sends the answer parts (NULL-terminated) to routing.
static void
s_answer (node_agent_t *self, zframe_t *routing, const char *first, ...)
{
    zframe_send (&routing, self->control, ZFRAME_MORE | ZFRAME_REUSE);
    zmsg_t *answer = zmsg_new ();
    va_list args;
    va_start (args, first);
    for (const char *part = first; part; part = va_arg (args, const char *))
        zmsg_addstr (answer, part);
    va_end (args);
    zmsg_send (&answer, self->control);
}

void
node_agent_wait_add (node_agent_t *self, zframe_t **routing_p, bool verdict, int64_t seq, int64_t timeout_ms)
{
    node_agent_waiter_t *waiter = (node_agent_waiter_t *) zmalloc (sizeof (node_agent_waiter_t));
    assert (waiter);
    waiter->routing = *routing_p;
    *routing_p = NULL;
    waiter->verdict = verdict;
    waiter->outbox = verdict? seq: node_store_outbox_head (self->store);
    waiter->head = -1;
    waiter->deadline = verdict? zclock_mono () + timeout_ms: 0;
    zlistx_add_end (self->waiters, waiter);
}

void
node_agent_reconcile_add (node_agent_t *self, zframe_t **routing_p)
{
    node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zmalloc (sizeof (node_agent_reconciler_t));
    assert (reconciler);
    reconciler->routing = *routing_p;
    *routing_p = NULL;
    zlistx_add_end (self->reconcilers, reconciler);
}

void
node_agent_on_pong (node_agent_t *self, lx_msg_t *pong)
{
    int64_t token = lx_msg_int (pong, LX_F_TOKEN);
    for (node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (node_agent_waiter_t *) zlistx_next (self->waiters))
        if (waiter->token && waiter->token <= token && waiter->head < 0) {
            waiter->ack = lx_msg_int (pong, LX_F_ACK);
            waiter->head = lx_msg_int (pong, LX_F_HEAD);
        }
    //  Verdicts settle in the background too: once the events up to this
    //  pong's head are applied, every message up to its ack has its
    //  verdict here. One pair at a time, so that a node catching up
    //  settles as it goes rather than chasing the newest head.
    if (self->settle_head < 0) {
        self->settle_ack = lx_msg_int (pong, LX_F_ACK);
        self->settle_head = lx_msg_int (pong, LX_F_HEAD);
    }
}

void
node_agent_waiters_reset (node_agent_t *self)
{
    for (node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (node_agent_waiter_t *) zlistx_next (self->waiters)) {
        waiter->token = 0;
        waiter->head = -1;
    }
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers))
        reconciler->token = 0;
}

bool
node_agent_waiters_take (node_agent_t *self, int64_t token)
{
    bool sync = false;
    for (node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (node_agent_waiter_t *) zlistx_next (self->waiters))
        if (waiter->token == 0 && self->sent >= waiter->outbox) {
            waiter->token = token;
            sync = sync || !waiter->verdict;
        }
    return sync;
}

void
node_agent_request_barrier (node_agent_t *self)
{
    if (!self->welcomed)
        return;
    for (node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (node_agent_waiter_t *) zlistx_next (self->waiters))
        if (waiter->token == 0 && self->sent >= waiter->outbox) {
            node_agent_ping (self, false);
            return;
        }
}

//  Why a verdict is not known yet, for staff.
static void
s_pending_why (node_agent_t *self, char *why, size_t size)
{
    int64_t now = zclock_mono ();
    if (self->halted)
        snprintf (why, size, "this node is halted: %s", self->halt_reason);
    else
    if (self->in_use_at)
        snprintf (why, size, "the broker refuses this daemon's connection: another daemon runs with %s's key",
                  self->node);
    else
    if (!self->welcomed)
        snprintf (why, size, "the daemon has not reached the broker for %" PRId64 " s; it sends the"
                  " message once it does", self->disconnected_at? (now - self->disconnected_at) / 1000: 0);
    else
    if (self->failing_since)
        snprintf (why, size, "this node's store cannot be written (see the daemon's log)");
    else
        snprintf (why, size, "the broker has not answered yet");
}

//  Answers a waiter whose barrier has passed. Returns true when answered.
static bool
s_answer_barrier (node_agent_t *self, node_agent_waiter_t *waiter)
{
    if (waiter->head < 0 || self->applied < waiter->head || self->acked < waiter->outbox)
        return false;
    if (!waiter->verdict) {
        s_answer (self, waiter->routing, "OK", NULL);
        return true;
    }
    //  The pong's barrier covers every message up to its ack.
    if (node_store_settle (self->store, waiter->ack))
        return false;           //  the store failed: asked again at the next pass
    int code = 0;
    char reason [600];
    int verdict = node_store_verdict (self->store, waiter->outbox, &code, reason, sizeof reason);
    if (verdict == 0)
        s_answer (self, waiter->routing, "ACCEPTED", NULL);
    else
    if (verdict == 1) {
        char number [16];
        snprintf (number, sizeof number, "%d", code);
        s_answer (self, waiter->routing, "REJECTED", number, reason, NULL);
    }
    else
        return false;
    return true;
}

void
node_agent_check_waiters (node_agent_t *self)
{
    int64_t now = zclock_mono ();
    if (self->settle_head >= 0 && self->applied >= self->settle_head
    &&  node_store_settle (self->store, self->settle_ack) == 0)
        self->settle_head = -1;
    node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters);
    while (waiter) {
        bool answered = s_answer_barrier (self, waiter);
        //  A verdict's deadline (a broker back from a restart is reached
        //  within it); halted or refused, nothing will come sooner.
        if (!answered && waiter->verdict && (now >= waiter->deadline || self->halted || self->in_use_at)) {
            char why [600];
            s_pending_why (self, why, sizeof why);
            node_store_outbox_await (self->store, waiter->outbox);
            s_answer (self, waiter->routing, "PENDING", why, NULL);
            answered = true;
        }
        if (answered) {
            zlistx_delete (self->waiters, zlistx_cursor (self->waiters));
            waiter = (node_agent_waiter_t *) zlistx_first (self->waiters);
        }
        else
            waiter = (node_agent_waiter_t *) zlistx_next (self->waiters);
    }
}

int64_t
node_agent_waiters_deadline (node_agent_t *self)
{
    int64_t deadline = 0;
    for (node_agent_waiter_t *waiter = (node_agent_waiter_t *) zlistx_first (self->waiters); waiter;
         waiter = (node_agent_waiter_t *) zlistx_next (self->waiters))
        if (waiter->verdict && (!deadline || waiter->deadline < deadline))
            deadline = waiter->deadline;
    return deadline;
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

void
node_agent_send_reconciles (node_agent_t *self)
{
    if (!self->welcomed)
        return;
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers)) {
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
        node_agent_send (self, &msg);
    }
}

void
node_agent_on_reconciled (node_agent_t *self, lx_msg_t *msg)
{
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers)) {
        if (reconciler->token != lx_msg_int (msg, LX_F_TOKEN))
            continue;
        char *theirs = s_digests_text (msg);
        s_answer (self, reconciler->routing, "OK", reconciler->lines, theirs, NULL);
        free (theirs);
        zlistx_delete (self->reconcilers, zlistx_cursor (self->reconcilers));
        return;
    }
}
