/*  bench_node: a node as the benchmark drives it, speaking the protocol
    from a raw DEALER over CURVE, so that the figures measure the broker
    and not a node's own store.

    It holds its numbered messages encoded in advance (so encoding costs
    nothing while timed), sends them within a window like a real node,
    acknowledges the events the broker sends it, and can note when each of
    its messages was sent and acknowledged and when each event arrived.
*/
#ifndef BENCH_NODE_H_INCLUDED
#define BENCH_NODE_H_INCLUDED

#include "lx_msg.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _bench_node_t bench_node_t;

//  Connects to the broker at endpoint as node, with the certificate at
//  cert (its _secret file) and the broker's public certificate, then says
//  hello and waits up to 5 s for the welcome. Returns the node, or NULL
//  with a reason on stderr.
bench_node_t *bench_node_new (const char *node, const char *role, const char *endpoint,
                              const char *cert, const char *broker_cert);

//  Closes the connection and frees the node; safe on NULL and twice.
void bench_node_destroy (bench_node_t **self_p);

//  The DEALER, for a poller.
zsock_t *bench_node_sock (bench_node_t *self);

//  Appends msg (taking it) as the node's next numbered message: sets its
//  node and seq and encodes it. Returns the seq.
int64_t bench_node_add (bench_node_t *self, lx_msg_t **msg_p);

//  Sends queued messages while fewer than window are unacknowledged.
//  When timing, notes each message's send time. Returns how many it sent.
int64_t bench_node_pump (bench_node_t *self, int64_t window);

//  Sends the next queued message only, if any. Returns 1 if sent, else 0.
int bench_node_send_one (bench_node_t *self);

//  Reads every message waiting, notes acknowledgements and events, and
//  acknowledges the events. Returns 0, or -1 on an ERROR or REJECTED from
//  the broker (printed to stderr).
int bench_node_read (bench_node_t *self);

//  Waits up to timeout ms for an event of cmd; returns it (caller's) or NULL.
lx_msg_t *bench_node_expect (bench_node_t *self, lx_cmd_t cmd, int timeout);

//  Messages queued in all, acknowledged by the broker, events received.
int64_t bench_node_queued (bench_node_t *self);
int64_t bench_node_acked (bench_node_t *self);
int64_t bench_node_events (bench_node_t *self);

//  Starts noting times (zclock_usecs) for messages sent from now on and for
//  events received: see bench_node_ack_times and bench_node_on_event.
void bench_node_time (bench_node_t *self, bool on);

//  For each timed message, acknowledged time minus send time, in µs, into
//  a new array (caller frees) of *count entries.
int64_t *bench_node_ack_latencies (bench_node_t *self, size_t *count);

//  Send time (µs) of own message seq, or 0 when not timed.
int64_t bench_node_sent_at (bench_node_t *self, int64_t seq);

//  Calls handler for each event received while timing, with the time it
//  arrived (µs); set before bench_node_read.
typedef void (bench_node_event_fn) (void *arg, lx_msg_t *event, int64_t arrived);
void bench_node_on_event (bench_node_t *self, bench_node_event_fn *handler, void *arg);

#endif
