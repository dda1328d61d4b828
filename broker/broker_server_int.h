/*  broker_server_int: what broker_server's two source files share.

    broker_server.c holds the actor: start-up, the liveness tick, delivery
    and the pipe; broker_server_batch.c the batch: reading what arrived,
    applying it in one transaction and queueing the answers;
    broker_server_reconcile.c a node's reconciliation, whose digests a
    worker computes beside the batches. Private to the class: nothing else
    includes this header.
*/
#ifndef BROKER_SERVER_INT_H_INCLUDED
#define BROKER_SERVER_INT_H_INCLUDED

#include "broker_server.h"
#include "broker_logic.h"
#include "broker_match.h"
#include "broker_policy.h"
#include "broker_register.h"
#include "broker_store.h"
#include "broker_timers.h"
#include "lx_cfg.h"
#include "lx_chain.h"
#include "lx_checkpoint.h"
#include "lx_clock.h"
#include "lx_digest.h"
#include "lx_digest_worker.h"
#include "lx_domain.h"
#include "lx_fdlimit.h"
#include "lx_keys.h"
#include "lx_lock.h"
#include "lx_monitor.h"
#include "lx_msg.h"
#include "lx_sign.h"

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
    int64_t instance;           //  the instance its connection's daemon said hello with
    int64_t ack_moved;          //  monotonic ms its acked last moved, or events began to wait for it
    int64_t refused_at;         //  monotonic ms a second connection with its key was last refused, 0 if none
    int64_t refused;            //  second connections refused since refused_at's episode began
    int64_t diverged_at;        //  monotonic ms a reused seq of it was last refused, 0 if none
    bool gap_told;              //  this connection was told SEQ_GAP: later gaps wait for its hello
    bool reconcile_due;         //  a RECONCILE in this batch: its digests start once the batch commits
    int64_t digesting;          //  the worker's token for its digests being computed, 0 if none
    zframe_t *reconcile_routing;    //  the connection of its newest RECONCILE waiting for an answer, or NULL
    int64_t reconcile_token;    //  that RECONCILE's token
    zlistx_t *reconcile_lines;  //  that RECONCILE's digests (the node's), NULL when none waits
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  the key its next RECONCILE must use ("" until welcomed)
    char reconcile_challenge [LX_DIGEST_CHALLENGE_SIZE];    //  the key of the RECONCILE being answered
} broker_peer_t;

//  One reply waiting for the batch to commit.
typedef struct {
    zframe_t *routing;          //  to whom
    lx_msg_t *msg;              //  what
} broker_reply_t;

//  One message as the batch received it, kept until the batch ends so
//  that the batch can be applied a second time.
typedef struct {
    zframe_t *routing;          //  the connection it came on
    char *sender;               //  who the connection authenticated as, NULL in plain text
    lx_msg_t *msg;              //  the message, NULL when it could not be decoded
    lx_error_t error;           //  why it could not, when msg is NULL
} broker_received_t;

//  The server: one per actor, on the actor's thread.
typedef struct {
    zsock_t *pipe;              //  actor pipe
    zsock_t *router;            //  where nodes connect
    zactor_t *auth;             //  ZAP handler (zauth) checking node keys; NULL in plain text
    lx_monitor_t *monitor;      //  names failed handshakes on the router, a line per 5 s at most
    zpoller_t *poller;          //  pipe, router, the monitor and the digest worker's answers
    char *endpoint;             //  bound endpoint
    broker_store_t *store;      //  the broker's record
    lx_lock_t *lock;            //  the store's lock: one broker per store
    lx_checkpoint_t *checkpoint;    //  copies the store's log into it off this thread
    lx_digest_worker_t *digester;   //  computes reconciliations' digests off this thread
    broker_match_t *match;      //  district profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's first-registration rule
    broker_timers_t *timers;    //  timer settings
    broker_bounds_t *bounds;    //  what a progress report may plausibly claim
    broker_quota_t *quota;      //  what each district may send
    lx_clock_t *clock;          //  wall clock for the record (an offset clock in tests)
    broker_logic_t *logic;      //  the exchange's rules
    zhashx_t *peers;            //  node id -> broker_peer_t
    zlistx_t *replies;          //  broker_reply_t waiting for commit
    int64_t heartbeat;          //  ms between liveness checks
    int64_t liveness;           //  ms of silence after which a node is offline
    int64_t window;             //  events in flight per node
    int64_t resend_ms;          //  ms without an acknowledgement before events in flight go again
    int64_t batch_max;          //  messages per transaction
    int64_t next_tick;          //  monotonic ms of the next liveness check
    int64_t next_timers;        //  monotonic ms of the next run of the timers
    int64_t timers_clock;       //  the clock's time (ms since epoch) at their last run
    int64_t not_hello;          //  messages refused before hello since the last tick
    int64_t gapped;             //  messages after a gap on connections already told, since the last tick
    uint64_t commits;           //  batches committed since start
    uint64_t commits_slow;      //  of which the commit (the fsync) took over 5 ms
    uint64_t commit_longest;    //  µs of the longest commit
    broker_received_t *inbox;   //  the batch's messages, batch_max of them allocated
    size_t inbox_size;          //  of them received in this batch
    bool careful;               //  each message in its own savepoint (see broker_server_batch)
    bool wrote_refused;         //  this batch refused a message that had written
    uint64_t replays;           //  batches applied a second time, carefully
    int64_t digest_tokens;      //  the last token given to the digest worker
    uint64_t offline_marks;     //  nodes marked offline for silence since start
    uint64_t reconciles;        //  reconciliations answered since start
    uint64_t reconciles_joined; //  RECONCILEs that came while their node's digests were being computed
    uint64_t snapshot_longest;  //  µs of the longest wait for the digest worker's snapshot
    bool terminated;            //  $TERM received
} broker_server_t;

//  Reads and applies what has arrived, up to batch_max, in one
//  transaction; then acknowledges and delivers (broker_server_batch.c).
void broker_server_batch (broker_server_t *self);

//  After a commit: answers, acknowledges and delivers what it made durable.
void broker_server_deliver (broker_server_t *self);

//  Queues msg (taking it) for routing, to be sent after the batch commits
//  (broker_server_batch.c).
void broker_server_queue (broker_server_t *self, zframe_t *routing, lx_msg_t **msg_p);

//  RECONCILE, inside the batch, which ends with it: keeps it as the node's
//  newest request, the one to be answered, and marks its digests due after
//  the commit, unless the node's digests are being computed already
//  (broker_server_reconcile.c).
void broker_server_reconcile_ask (broker_server_t *self, zframe_t *routing, broker_peer_t *peer,
                                  lx_msg_t *msg);

//  Right after the batch's commit: asks the digest worker for the digests
//  due, each returning once the worker's snapshot is open, so that they
//  are of the record as that commit left it. A node whose request cannot
//  be served is told INTERNAL (broker_server_reconcile.c).
void broker_server_reconcile_start (broker_server_t *self);

//  The digest worker answered: records the reconciliation, answers the
//  node's newest RECONCILE and delivers (broker_server_reconcile.c).
void broker_server_reconcile_answer (broker_server_t *self);

//  Re-reads the clock's offset (tests only; a no-op otherwise): once a
//  batch and once a tick, before anything reads the time.
void broker_server_refresh_clock (broker_server_t *self);

//  Runs the timers inside the current transaction, at the clock's now.
//  Returns 0, or -1 when the store failed (the transaction must go).
int broker_server_run_timers (broker_server_t *self);

#endif
