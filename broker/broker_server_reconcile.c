/*  broker_server_reconcile: a node's reconciliation. The broker's digests
    of a large node take seconds to compute; on the broker's thread, no
    heartbeat of any node would be answered meanwhile. They are computed by
    a worker (lx_digest_worker) on a snapshot of the store opened right
    after the commit of the batch that ends with the RECONCILE, so they are
    of the record as of the RECONCILE's place in the node's stream, while
    the batches go on beside them.
    The digests are keyed with the node's challenge: random digits the
    broker gave it in WELCOME (or in its last RECONCILED), spent by the
    answer. The broker judges the node only against its own record under a
    key the node could not know in advance: echoing the broker's digests
    of an earlier reconciliation, or anything not computed from the rows,
    differs. A RECONCILE under another key is refused (CHALLENGE) with the
    current one, and the node computes again. */

#include "broker_server_int.h"

//  Forgets the newest RECONCILE of peer, once answered.
static void
s_forget_request (broker_peer_t *peer)
{
    zframe_destroy (&peer->reconcile_routing);
    zlistx_destroy (&peer->reconcile_lines);
    peer->reconcile_token = 0;
}

//  Tells the connection of peer's newest RECONCILE that it cannot be
//  answered (INTERNAL, with why), and forgets it.
static void
s_refuse (broker_server_t *self, broker_peer_t *peer, const char *why)
{
    zsys_error ("broker: reconcile %s: cannot compute our digests: %s", peer->id, why);
    if (peer->reconcile_routing) {
        lx_msg_t *msg = lx_msg_new (LX_CMD_ERROR);
        lx_msg_set_str (msg, LX_F_NODE, peer->id);
        lx_msg_set_int (msg, LX_F_CODE, LX_ERR_INTERNAL);
        char reason [400];
        snprintf (reason, sizeof reason, "the broker cannot compute its digests: %s", why);
        lx_msg_set_str (msg, LX_F_REASON, reason);
        broker_server_queue (self, peer->reconcile_routing, &msg);
    }
    s_forget_request (peer);
}

void
broker_server_reconcile_ask (broker_server_t *self, zframe_t *routing, broker_peer_t *peer, lx_msg_t *msg)
{
    const char *challenge = lx_msg_str (msg, LX_F_CHALLENGE);
    if (!*peer->challenge || !streq (challenge, peer->challenge)) {
        //  Not the key we issued, or one already spent: nothing the node
        //  says under it is evidence. It gets the current key.
        if (!*peer->challenge)
            lx_digest_challenge_new (peer->challenge);
        zsys_warning ("broker: reconcile %s: keyed with %s, not the challenge we issued (%s); refused",
                      peer->id, challenge, peer->challenge);
        lx_msg_t *error = lx_msg_new (LX_CMD_ERROR);
        lx_msg_set_str (error, LX_F_NODE, peer->id);
        lx_msg_set_int (error, LX_F_CODE, LX_ERR_CHALLENGE);
        lx_msg_set_str (error, LX_F_REASON, "the reconciliation is keyed with a challenge the broker did not"
                        " issue, or already answered: digest again with this one");
        lx_msg_set_str (error, LX_F_CHALLENGE, peer->challenge);
        broker_server_queue (self, routing, &error);
        return;
    }
    //  The newest request is the one answered: after a reconnection, the
    //  node waits on its new connection.
    s_forget_request (peer);
    snprintf (peer->reconcile_challenge, sizeof peer->reconcile_challenge, "%s", challenge);
    peer->reconcile_routing = zframe_dup (routing);
    peer->reconcile_token = lx_msg_int (msg, LX_F_TOKEN);
    peer->reconcile_lines = zlistx_new ();
    assert (peer->reconcile_routing && peer->reconcile_lines);
    zlistx_set_destructor (peer->reconcile_lines, (zlistx_destructor_fn *) zstr_free);
    for (size_t index = 0; index < lx_msg_count (msg, LX_F_DIGESTS); index++)
        zlistx_add_end (peer->reconcile_lines, strdup (lx_msg_item (msg, LX_F_DIGESTS, index)));
    if (peer->digesting) {
        //  Asked again (a reconnection) before the answer: the digests
        //  under way answer this request; a second computation would only
        //  double the work the node's impatience asked for.
        self->reconciles_joined++;
        zsys_info ("broker: reconcile %s: asked again while our digests are being computed; the"
                   " newest request is answered when they are", peer->id);
        return;
    }
    peer->reconcile_due = true;
}

void
broker_server_reconcile_start (broker_server_t *self)
{
    for (broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers); peer;
         peer = (broker_peer_t *) zhashx_next (self->peers)) {
        if (!peer->reconcile_due)
            continue;
        peer->reconcile_due = false;
        int64_t token = ++self->digest_tokens;
        char error [300];
        int64_t asked = zclock_usecs ();
        if (lx_digest_worker_request (self->digester, peer->id, peer->reconcile_challenge, token, error,
                                      sizeof error)) {
            s_refuse (self, peer, error);
            continue;
        }
        uint64_t waited = (uint64_t) (zclock_usecs () - asked);
        if (waited > self->snapshot_longest)
            self->snapshot_longest = waited;
        peer->digesting = token;
    }
}

void
broker_server_reconcile_answer (broker_server_t *self)
{
    int64_t token = 0;
    zlistx_t *ours = NULL;
    char error [300] = "";
    int rc = lx_digest_worker_recv (self->digester, &token, &ours, error, sizeof error);
    if (rc < 0)
        return;
    broker_peer_t *peer = (broker_peer_t *) zhashx_first (self->peers);
    while (peer && peer->digesting != token)
        peer = (broker_peer_t *) zhashx_next (self->peers);
    if (!peer || !peer->reconcile_lines) {
        zlistx_destroy (&ours);         //  a request given up on
        return;
    }
    peer->digesting = 0;
    if (rc == 0 && broker_store_reconciled (self->store, peer->id, peer->reconcile_challenge,
                                            peer->reconcile_lines, ours, lx_clock_now (self->clock)))
        snprintf (error, sizeof error, "store: %s", lx_store_error (broker_store_db (self->store)));
    if (*error) {
        s_refuse (self, peer, error);
        zlistx_destroy (&ours);
        broker_server_deliver (self);
        return;
    }
    int differences = lx_digest_report (peer->reconcile_lines, ours, false, NULL);
    if (differences)
        zsys_warning ("broker: reconcile %s: %d of %d sections differ (leadx-broker reconcile %s)",
                      peer->id, differences, LX_DIGEST_SECTION_COUNT, peer->id);
    else
        zsys_info ("broker: reconcile %s: every section equal", peer->id);
    //  Answered: the key is spent, and the answer carries the next one.
    lx_digest_challenge_new (peer->challenge);
    lx_msg_t *reply = lx_msg_new (LX_CMD_RECONCILED);
    lx_msg_set_str (reply, LX_F_NODE, peer->id);
    lx_msg_set_int (reply, LX_F_TOKEN, peer->reconcile_token);
    for (const char *line = (const char *) zlistx_first (ours); line; line = (const char *) zlistx_next (ours))
        lx_msg_add_item (reply, LX_F_DIGESTS, line);
    lx_msg_set_str (reply, LX_F_CHALLENGE, peer->challenge);
    broker_server_queue (self, peer->reconcile_routing, &reply);
    self->reconciles++;
    s_forget_request (peer);
    zlistx_destroy (&ours);
    broker_server_deliver (self);
}
