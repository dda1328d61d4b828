/*  bench_node: a node as the benchmark drives it. */

#include "bench_node.h"
#include "lx_keys.h"

struct _bench_node_t {
    char id [33];               //  node id
    zsock_t *dealer;            //  to the broker, CURVE client
    zchunk_t **bodies;          //  encoded numbered messages, index seq - 1
    int64_t queued;             //  entries of bodies used
    int64_t capacity;           //  entries of bodies allocated
    int64_t sent;               //  highest seq sent
    int64_t acked;              //  highest seq acknowledged
    int64_t events;             //  highest event seq received
    bool timing;                //  note times
    int64_t *sent_at;           //  per seq: µs when sent (0 if not timed), capacity entries
    int64_t *acked_at;          //  per seq: µs when first acknowledged
    bench_node_event_fn *handler;   //  called for timed events, or NULL
    void *handler_arg;          //  its argument
};

bench_node_t *
bench_node_new (const char *node, const char *role, const char *endpoint,
                const char *cert, const char *broker_cert)
{
    bench_node_t *self = (bench_node_t *) zmalloc (sizeof (bench_node_t));
    assert (self);
    snprintf (self->id, sizeof self->id, "%s", node);
    self->dealer = zsock_new (ZMQ_DEALER);
    assert (self->dealer);
    zsock_set_linger (self->dealer, 0);
    zsock_set_sndhwm (self->dealer, 0);
    zsock_set_rcvhwm (self->dealer, 0);
    char error [256];
    if (lx_keys_apply_client (self->dealer, cert, broker_cert, error, sizeof error)
    ||  zsock_connect (self->dealer, "%s", endpoint)) {
        fprintf (stderr, "bench: %s: cannot connect: %s\n", node, error);
        bench_node_destroy (&self);
        return NULL;
    }
    lx_msg_t *hello = lx_msg_new (LX_CMD_HELLO);
    lx_msg_set_str (hello, LX_F_NODE, node);
    lx_msg_set_str (hello, LX_F_ROLE, role);
    lx_msg_set_int (hello, LX_F_ACK, 0);
    lx_msg_set_int (hello, LX_F_INSTANCE, 1 + (int64_t) (uintptr_t) self % 1000000007);
    lx_msg_send (hello, self->dealer, NULL);
    lx_msg_destroy (&hello);
    lx_msg_t *welcome = bench_node_expect (self, LX_CMD_WELCOME, 5000);
    if (!welcome) {
        fprintf (stderr, "bench: %s: no welcome from the broker\n", node);
        bench_node_destroy (&self);
        return NULL;
    }
    lx_msg_destroy (&welcome);
    return self;
}

void
bench_node_destroy (bench_node_t **self_p)
{
    assert (self_p);
    bench_node_t *self = *self_p;
    if (self) {
        zsock_destroy (&self->dealer);
        for (int64_t index = 0; index < self->queued; index++)
            zchunk_destroy (&self->bodies [index]);
        free (self->bodies);
        free (self->sent_at);
        free (self->acked_at);
        free (self);
        *self_p = NULL;
    }
}

zsock_t *
bench_node_sock (bench_node_t *self)
{
    assert (self);
    return self->dealer;
}

int64_t
bench_node_add (bench_node_t *self, lx_msg_t **msg_p)
{
    assert (self && msg_p && *msg_p);
    if (self->queued == self->capacity) {
        self->capacity = self->capacity? self->capacity * 2: 1024;
        self->bodies = (zchunk_t **) realloc (self->bodies, self->capacity * sizeof (zchunk_t *));
        self->sent_at = (int64_t *) realloc (self->sent_at, self->capacity * sizeof (int64_t));
        self->acked_at = (int64_t *) realloc (self->acked_at, self->capacity * sizeof (int64_t));
        assert (self->bodies && self->sent_at && self->acked_at);
    }
    int64_t seq = self->queued + 1;
    lx_msg_set_str (*msg_p, LX_F_NODE, self->id);
    lx_msg_set_int (*msg_p, LX_F_SEQ, seq);
    lx_error_t error;
    if (lx_msg_validate (*msg_p, &error)) {
        lx_msg_print (*msg_p);
        fprintf (stderr, "bench: built a bad message: %s\n", error.reason);
        assert (false);
    }
    uint8_t *data;
    size_t size;
    assert (lx_msg_encode (*msg_p, &data, &size) == 0);
    self->bodies [self->queued] = zchunk_new (data, size);
    free (data);
    self->sent_at [self->queued] = 0;
    self->acked_at [self->queued] = 0;
    self->queued++;
    lx_msg_destroy (msg_p);
    return seq;
}

int
bench_node_send_one (bench_node_t *self)
{
    assert (self);
    if (self->sent >= self->queued)
        return 0;
    zchunk_t *body = self->bodies [self->sent];
    if (lx_msg_send_body (zchunk_data (body), zchunk_size (body), self->dealer, NULL))
        return 0;
    if (self->timing)
        self->sent_at [self->sent] = zclock_usecs ();
    self->sent++;
    return 1;
}

int64_t
bench_node_pump (bench_node_t *self, int64_t window)
{
    assert (self);
    int64_t count = 0;
    while (self->sent - self->acked < window && bench_node_send_one (self))
        count++;
    return count;
}

//  Acknowledges the events received so far.
static void
s_ack_events (bench_node_t *self)
{
    lx_msg_t *ack = lx_msg_new (LX_CMD_ACK);
    lx_msg_set_str (ack, LX_F_NODE, self->id);
    lx_msg_set_int (ack, LX_F_ACK, self->events);
    lx_msg_send (ack, self->dealer, NULL);
    lx_msg_destroy (&ack);
}

int
bench_node_read (bench_node_t *self)
{
    assert (self);
    int rc = 0;
    bool ack_events = false;
    while (zsock_events (self->dealer) & ZMQ_POLLIN) {
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (self->dealer, NULL, &error);
        if (!msg) {
            fprintf (stderr, "bench: %s: bad message from the broker: %s\n", self->id, error.reason);
            return -1;
        }
        int64_t now = zclock_usecs ();
        lx_cmd_t cmd = lx_msg_cmd (msg);
        if (cmd == LX_CMD_ACK || cmd == LX_CMD_PONG || cmd == LX_CMD_WELCOME) {
            int64_t ack = lx_msg_int (msg, LX_F_ACK);
            for (int64_t seq = self->acked + 1; seq <= ack && seq <= self->queued; seq++)
                self->acked_at [seq - 1] = now;
            if (ack > self->acked)
                self->acked = ack;
        }
        else
        if (cmd == LX_CMD_ERROR || cmd == LX_CMD_REJECTED) {
            fprintf (stderr, "bench: %s: broker says %s: %s\n", self->id,
                     lx_error_name ((int) lx_msg_int (msg, LX_F_CODE)), lx_msg_str (msg, LX_F_REASON));
            rc = -1;
        }
        else
        if (lx_cmd_is_numbered (cmd)) {
            int64_t seq = lx_msg_int (msg, LX_F_SEQ);
            if (seq == self->events + 1) {
                self->events = seq;
                ack_events = true;
                if (self->timing && self->handler)
                    self->handler (self->handler_arg, msg, now);
            }
        }
        lx_msg_destroy (&msg);
    }
    if (ack_events)
        s_ack_events (self);
    return rc;
}

lx_msg_t *
bench_node_expect (bench_node_t *self, lx_cmd_t cmd, int timeout)
{
    assert (self);
    zpoller_t *poller = zpoller_new (self->dealer, NULL);
    int64_t deadline = zclock_mono () + timeout;
    lx_msg_t *found = NULL;
    while (!found && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())) != self->dealer)
            break;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (self->dealer, NULL, &error);
        if (!msg)
            continue;
        if (lx_msg_cmd (msg) == LX_CMD_ACK && lx_msg_int (msg, LX_F_ACK) > self->acked)
            self->acked = lx_msg_int (msg, LX_F_ACK);
        if (lx_cmd_is_numbered (lx_msg_cmd (msg)) && lx_msg_int (msg, LX_F_SEQ) == self->events + 1) {
            self->events++;
            s_ack_events (self);
        }
        if (lx_msg_cmd (msg) == cmd)
            found = msg;
        else
            lx_msg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    return found;
}

int64_t
bench_node_queued (bench_node_t *self)
{
    assert (self);
    return self->queued;
}

int64_t
bench_node_acked (bench_node_t *self)
{
    assert (self);
    return self->acked;
}

int64_t
bench_node_events (bench_node_t *self)
{
    assert (self);
    return self->events;
}

void
bench_node_time (bench_node_t *self, bool on)
{
    assert (self);
    self->timing = on;
}

int64_t *
bench_node_ack_latencies (bench_node_t *self, size_t *count)
{
    assert (self && count);
    int64_t *latencies = (int64_t *) malloc ((self->queued + 1) * sizeof (int64_t));
    assert (latencies);
    *count = 0;
    for (int64_t index = 0; index < self->queued; index++)
        if (self->sent_at [index] && self->acked_at [index])
            latencies [(*count)++] = self->acked_at [index] - self->sent_at [index];
    return latencies;
}

int64_t
bench_node_sent_at (bench_node_t *self, int64_t seq)
{
    assert (self);
    return seq >= 1 && seq <= self->queued? self->sent_at [seq - 1]: 0;
}

void
bench_node_on_event (bench_node_t *self, bench_node_event_fn *handler, void *arg)
{
    assert (self);
    self->handler = handler;
    self->handler_arg = arg;
}
