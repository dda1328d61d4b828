/*  lx_digest_worker: computes reconciliation digests (lx_digest) off the
    caller's thread.

    Digesting a node's record reads every row of it: 1.5 s and more for a
    node with 160,000 messages. On the broker's thread, or a node daemon's,
    that long nobody's heartbeat is answered. The worker is a czmq actor
    with connections of its own to the store (read only; the store is in
    WAL mode, where readers and the writer never wait for each other), and
    computes there.

    A request names a node and carries a token, which is the caller's and
    comes back with the answer. The request returns once the worker has
    opened its read snapshot for it (a deferred BEGIN and a first read, a
    millisecond at most): the digests are then those of the store as it was
    at that moment, with every transaction the caller committed before the
    request and none it commits after. The digesting runs beside the
    caller, who gets the answer from lx_digest_worker_sock (put it in a
    poller) with lx_digest_worker_recv.

    Requests are served together: each has its own connection and snapshot,
    and they advance in turns, a slice of rows each, so that a small node's
    digests do not wait for a large node's, and a new request is taken
    (its snapshot opened) between two slices. Threads talk only through
    ZeroMQ messages: a PAIR pipe for requests and the snapshot's answer,
    another for the digests.
*/
#ifndef LX_DIGEST_WORKER_H_INCLUDED
#define LX_DIGEST_WORKER_H_INCLUDED

#include <czmq.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _lx_digest_worker_t lx_digest_worker_t;

//  Starts a worker on the store at path (which must exist, in WAL mode),
//  digesting with queries: LX_DIGEST_SECTION_COUNT queries, one per
//  section of lx_digest_sections, each taking the node id as its one
//  parameter (broker_store_digest_queries, node_store_digest_queries). The
//  array and its texts are not copied and must outlive the worker. Returns
//  the worker, or NULL with a one-line reason in error (when not NULL).
lx_digest_worker_t *lx_digest_worker_new (const char *path, const char *const *queries,
                                          char *error, size_t error_size);

//  Stops the worker, abandoning the computations under way (their answers
//  never come), closes its connections and nulls *self_p. Safe on NULL and
//  twice.
void lx_digest_worker_destroy (lx_digest_worker_t **self_p);

//  The socket the answers arrive on, for a poller; read it with
//  lx_digest_worker_recv only.
zsock_t *lx_digest_worker_sock (lx_digest_worker_t *self);

//  Asks for node's digests keyed with challenge (lx_digest_challenge_valid,
//  or NULL for unkeyed), answered later with token. Returns 0 once the
//  worker holds its snapshot of the store (see above), or -1 with a reason
//  in error when it could not open one, or did not say within 10 s (no
//  answer comes for token then, or one that the caller must drop).
int lx_digest_worker_request (lx_digest_worker_t *self, const char *node, const char *challenge, int64_t token,
                              char *error, size_t error_size);

//  Takes one answer from the socket, waiting for it if none is there.
//  Returns 0 with *token and *lines_p set (the digest lines in section
//  order, a new list of strings, the caller's to destroy); 1 with *token
//  set and a reason in error when the computation failed (a store error);
//  or -1 when nothing could be received (interrupted).
int lx_digest_worker_recv (lx_digest_worker_t *self, int64_t *token, zlistx_t **lines_p,
                           char *error, size_t error_size);

//  Self test.
void lx_digest_worker_test (bool verbose);

#endif
