/*  node_agent_wait: the staff commands that wait on the daemon. A sync
    waits for a barrier: everything in the outbox acknowledged, and every
    event the broker had created for this node applied. A verdict waits for
    the same barrier behind one message, then answers whether the broker
    accepted it, or, past its deadline, that it is still pending and why. A
    reconciliation asks the digest worker for our digests (computed off
    this thread, so heartbeats go on), sends them, and waits for the
    broker's. */

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

//  The digest lines of a RECONCILED, one per line, as a new string (the
//  caller's), for a staff command.
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

//  Lines, one per line, as a new string (the caller's).
static char *
s_lines_text (zlistx_t *lines)
{
    char *text = strdup ("");
    const char *separator = "";
    for (const char *line = (const char *) zlistx_first (lines); text && line;
         line = (const char *) zlistx_next (lines), separator = "\n") {
        char *joined = zsys_sprintf ("%s%s%s", text, separator, line);
        free (text);
        text = joined;
    }
    assert (text);
    return text;
}

//  Answers every reconciler waiting for the digests of job (all those
//  without digests, when job is 0) with ERROR and why, and drops them.
static void
s_digests_failed (node_agent_t *self, int64_t job, const char *why)
{
    zsys_error ("node: cannot compute our digests: %s", why);
    node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
    while (reconciler) {
        if (!reconciler->ours && reconciler->job == job) {
            char reason [400];
            snprintf (reason, sizeof reason, "cannot compute this node's digests: %s", why);
            s_answer (self, reconciler->routing, "ERROR", reason, NULL);
            zlistx_delete (self->reconcilers, zlistx_cursor (self->reconcilers));
            reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
        }
        else
            reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers);
    }
}

//  Asks the worker for our digests for the reconcilers that have none and
//  are not waiting for any, unless a computation is under way (they ask
//  when it ends: its snapshot is older than their command). Returns once
//  the worker's snapshot is open.
static void
s_ask_digests (node_agent_t *self)
{
    //  Keyed with the broker's challenge: none until the first welcome.
    if (self->digesting || !*self->challenge)
        return;
    bool wanted = false;
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers))
        wanted = wanted || (!reconciler->ours && !reconciler->job);
    if (!wanted)
        return;
    char error [300];
    int64_t job = ++self->digest_tokens;
    if (lx_digest_worker_request (self->digester, self->node, self->challenge, job, error, sizeof error)) {
        s_digests_failed (self, 0, error);
        return;
    }
    self->digesting = job;
    snprintf (self->digesting_challenge, sizeof self->digesting_challenge, "%s", self->challenge);
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers))
        if (!reconciler->ours && !reconciler->job)
            reconciler->job = job;
}

void
node_agent_send_reconciles (node_agent_t *self)
{
    s_ask_digests (self);
    if (!self->welcomed)
        return;
    //  After a reconnection the same digests go again: the command asked
    //  about the record as it was when it came.
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers)) {
        if (reconciler->token || !reconciler->ours)
            continue;
        lx_msg_t *msg = lx_msg_new (LX_CMD_RECONCILE);
        lx_msg_set_str (msg, LX_F_NODE, self->node);
        lx_msg_set_int (msg, LX_F_TOKEN, ++self->token);
        lx_msg_set_str (msg, LX_F_CHALLENGE, reconciler->challenge);
        for (const char *line = (const char *) zlistx_first (reconciler->ours); line;
             line = (const char *) zlistx_next (reconciler->ours))
            lx_msg_add_item (msg, LX_F_DIGESTS, line);
        reconciler->token = self->token;
        node_agent_send (self, &msg);
    }
}

void
node_agent_on_digests (node_agent_t *self)
{
    int64_t job = 0;
    zlistx_t *ours = NULL;
    char error [300] = "";
    int rc = lx_digest_worker_recv (self->digester, &job, &ours, error, sizeof error);
    if (rc < 0 || job != self->digesting) {
        zlistx_destroy (&ours);         //  a request given up on
        return;
    }
    self->digesting = 0;
    if (rc == 0) {
        for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
             reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers))
            if (!reconciler->ours && reconciler->job == job) {
                reconciler->ours = zlistx_dup (ours);
                assert (reconciler->ours);
                snprintf (reconciler->challenge, sizeof reconciler->challenge, "%s", self->digesting_challenge);
            }
    }
    else
        s_digests_failed (self, job, error);
    zlistx_destroy (&ours);
    node_agent_send_reconciles (self);
}

void
node_agent_on_challenge (node_agent_t *self, lx_msg_t *error)
{
    if (!lx_msg_has (error, LX_F_CHALLENGE)) {
        zsys_warning ("node: the broker refuses our reconciliation's key and names none: %s",
                      lx_msg_str (error, LX_F_REASON));
        return;
    }
    const char *challenge = lx_msg_str (error, LX_F_CHALLENGE);
    snprintf (self->challenge, sizeof self->challenge, "%s", challenge);
    //  Digests under another key are no answer: computed again under this
    //  one (a broker restarted since we were told the key, or a RECONCILE
    //  repeated after its answer). A broker that keeps refusing is named.
    node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
    while (reconciler) {
        if (reconciler->ours && !streq (reconciler->challenge, challenge)) {
            if (++reconciler->refused > 3) {
                s_answer (self, reconciler->routing, "ERROR", "the broker refused this node's digests four"
                          " times for their key (CHALLENGE); see both logs", NULL);
                zlistx_delete (self->reconcilers, zlistx_cursor (self->reconcilers));
                reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
                continue;
            }
            zsys_info ("node: the broker gave a new key for our reconciliation; digesting again");
            zlistx_destroy (&reconciler->ours);
            reconciler->job = 0;
            reconciler->token = 0;
        }
        reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers);
    }
    node_agent_send_reconciles (self);
}

void
node_agent_on_reconciled (node_agent_t *self, lx_msg_t *msg)
{
    //  The answer spends our key and carries the next.
    snprintf (self->challenge, sizeof self->challenge, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    for (node_agent_reconciler_t *reconciler = (node_agent_reconciler_t *) zlistx_first (self->reconcilers);
         reconciler; reconciler = (node_agent_reconciler_t *) zlistx_next (self->reconcilers)) {
        if (!reconciler->token || reconciler->token != lx_msg_int (msg, LX_F_TOKEN))
            continue;
        char *mine = s_lines_text (reconciler->ours);
        char *theirs = s_digests_text (msg);
        s_answer (self, reconciler->routing, "OK", mine, theirs, NULL);
        free (mine);
        free (theirs);
        zlistx_delete (self->reconcilers, zlistx_cursor (self->reconcilers));
        return;
    }
}
