/*  node_agent_int: what node_agent's source files share.

    node_agent.c holds the actor: start-up, the connection, the heartbeat
    and the control socket; node_agent_link.c what travels with the broker:
    the answers and events it sends (events are applied in order, and kept
    in memory and retried with backoff while the store cannot take them),
    and the outbox this node sends; node_agent_wait.c the staff commands
    that wait on the daemon (a sync's barrier, a message's verdict, a
    reconciliation, whose digests a worker computes off the daemon's
    thread). Private to the class: nothing else includes this header.
*/
#ifndef NODE_AGENT_INT_H_INCLUDED
#define NODE_AGENT_INT_H_INCLUDED

#include "node_agent.h"
#include "node_store.h"
#include "lx_lock.h"
#include "lx_monitor.h"
#include "lx_digest.h"
#include "lx_digest_worker.h"
#include "lx_msg.h"

//  A staff command waiting on the daemon: a sync's barrier, or the verdict
//  of one of its messages.
typedef struct {
    zframe_t *routing;          //  control connection to answer
    int64_t token;              //  ping token sent for it, 0 until sent
    int64_t outbox;             //  outbox seq it waits for: everything up to it acknowledged and settled
    int64_t ack;                //  the broker's ack from the pong that answers it
    int64_t head;               //  the broker's head from that pong, -1 until it arrives
    bool verdict;               //  VERDICT (answers the verdict of message outbox), else SYNC (answers OK)
    int64_t deadline;           //  monotonic ms after which a verdict waiter answers PENDING
} node_agent_waiter_t;

//  A staff command waiting for our digests, then for the broker's.
typedef struct {
    zframe_t *routing;          //  control connection to answer
    int64_t job;                //  the digest worker's token for our digests, 0 until asked
    zlistx_t *ours;             //  our digest lines, NULL until computed
    int64_t token;              //  token of the RECONCILE sent for it on this connection, 0 until sent
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  the broker's key ours are computed with
    int refused;                //  times the broker refused our key (CHALLENGE); given up past 3
} node_agent_reconciler_t;

//  The daemon: one per actor, on the actor's thread.
typedef struct {
    zsock_t *pipe;              //  actor pipe
    zsock_t *dealer;            //  to the broker, NULL between connections
    lx_monitor_t *monitor;      //  names failed handshakes; watches each dealer in turn
    zsock_t *control;           //  staff commands
    zpoller_t *poller;          //  rebuilt with each connection
    lx_digest_worker_t *digester;   //  computes our reconciliation digests off this thread
    int64_t digesting;          //  the worker's token for the digests being computed, 0 if none
    int64_t digest_tokens;      //  the last token given to the worker
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  the broker's key for our next reconciliation, "" until told
    char digesting_challenge [LX_DIGEST_CHALLENGE_SIZE];    //  the key of the digests being computed
    int64_t silences;           //  times the broker was silent past liveness (a reconnection each)
    node_store_t *store;        //  the district's record
    lx_lock_t *lock;            //  the store's lock: one daemon per store
    char *store_path;           //  where it is, for messages about it
    char *node;                 //  our node id
    char *role;                 //  our role
    char *broker;               //  broker endpoint
    char *cert;                 //  our certificate (its _secret file is used); NULL in plain text
    char *broker_cert;          //  the broker's public certificate; NULL in plain text
    int64_t heartbeat;          //  ms between pings
    int64_t liveness;           //  ms of broker silence before reconnecting
    int64_t window;             //  outbox messages in flight
    int64_t resend_ms;          //  ms without an acknowledgement before messages in flight go again
    int64_t instance;           //  this run of the daemon, told in every hello (one live connection a district)
    bool welcomed;              //  hello answered on this connection
    int64_t sent;               //  highest outbox seq sent on this connection
    int64_t acked;              //  highest outbox seq the broker acknowledged
    int64_t ack_moved;          //  monotonic ms acked last moved, or messages began to wait for it
    int64_t heard;              //  monotonic ms the broker was last heard
    int64_t welcomed_at;        //  monotonic ms of the last welcome, 0 before the first
    int64_t disconnected_at;    //  monotonic ms the last connection was given up, 0 while welcomed
    int64_t next_ping;          //  monotonic ms of the next ping
    int64_t token;              //  last ping token
    int64_t applied;            //  the highest event seq applied, as the store has it
    zlistx_t *pending;          //  lx_msg_t: events read and not yet applied, in seq order
    int64_t retry_at;           //  monotonic ms of the next attempt to apply them, 0 when none waits
    int64_t backoff;            //  ms from a failed attempt to the next
    int64_t failing_since;      //  monotonic ms the store first failed in this episode, 0 while it works
    int64_t failures;           //  failed attempts in this episode
    int64_t failure_logged;     //  monotonic ms the failure was last logged
    int64_t refused_seq;        //  the last event seq refused as impossible (logged once)
    bool halted;                //  this store is behind the broker's record: nothing is sent or applied
    char halt_reason [400];     //  why, for the log and for staff commands
    int64_t in_use_at;          //  monotonic ms the broker last refused us as a second connection, 0 if not
    int64_t settle_ack;         //  an (ack, head) pair the broker gave: once the events up to
    int64_t settle_head;        //  head are applied, verdicts up to ack are known; head -1 when none
    bool rebuild;               //  rebuilding this store: recall our messages from the broker first
    bool recalling;             //  a recall is under way on this connection; events wait
    int64_t recall_sent_at;     //  monotonic ms the last RECALL went
    int64_t recalled;           //  messages taken back from the broker's record
    zlistx_t *waiters;          //  node_agent_waiter_t
    zlistx_t *reconcilers;      //  node_agent_reconciler_t
    bool terminated;            //  $TERM received
} node_agent_t;

//  Opens a fresh connection to the broker; hello goes with the next tick
//  (node_agent.c).
void node_agent_connect (node_agent_t *self);

//  Sends an unnumbered message built here, taking it (node_agent.c).
void node_agent_send (node_agent_t *self, lx_msg_t **msg_p);

//  Sends a ping now (or hello while not welcomed), asking the broker to
//  run its timers first when due (node_agent.c).
void node_agent_ping (node_agent_t *self, bool due);

//  Reads and handles what the broker sent, up to a batch, then applies the
//  events, acknowledges, sends and answers waiters (node_agent_link.c).
void node_agent_on_broker (node_agent_t *self);

//  Applies the events kept in memory, unless a retry is not yet due;
//  acknowledges what it applied. Returns 0, or -1 while the store fails
//  (node_agent_link.c).
int node_agent_apply_pending (node_agent_t *self);

//  Sends outbox messages after self->sent, within the window; nothing
//  while halted or not welcomed (node_agent_link.c).
void node_agent_flush (node_agent_t *self);

//  At each heartbeat: messages in flight that the broker has not
//  acknowledged for resend_ms go again (node_agent_link.c).
void node_agent_resend_silent (node_agent_t *self);

//  Rebuilding: asks the broker for our messages after the last one the
//  outbox holds acknowledged (node_agent_link.c).
void node_agent_recall (node_agent_t *self);

//  Stops sending and applying: this store is behind the broker's record
//  of it. reason (printf) says why and names the fix; it is logged and
//  given to staff commands (node_agent_link.c).
void node_agent_halt (node_agent_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Takes a staff command's SYNC or VERDICT from the control socket: waits
//  for outbox seq (VERDICT, up to timeout_ms) or the outbox head (SYNC);
//  takes routing (node_agent_wait.c).
void node_agent_wait_add (node_agent_t *self, zframe_t **routing_p, bool verdict, int64_t seq,
                          int64_t timeout_ms);

//  Takes a staff command's RECONCILE; takes routing (node_agent_wait.c).
void node_agent_reconcile_add (node_agent_t *self, zframe_t **routing_p);

//  A pong arrived: waiters whose ping it answers get the broker's ack and
//  head; it may settle verdicts (node_agent_wait.c).
void node_agent_on_pong (node_agent_t *self, lx_msg_t *pong);

//  A new connection: pings of an earlier one will not be answered, nor
//  reconciliations asked on it (node_agent_wait.c).
void node_agent_waiters_reset (node_agent_t *self);

//  Pings now if a waiter can take its barrier (all it waits for is sent)
//  and has none yet, rather than at the next heartbeat (node_agent_wait.c).
void node_agent_request_barrier (node_agent_t *self);

//  Marks with this ping's token every waiter whose messages are all sent;
//  returns true when one of them is a sync, whose ping asks the broker to
//  run its timers first (node_agent_wait.c).
bool node_agent_waiters_take (node_agent_t *self, int64_t token);

//  Answers the waiters whose barrier has passed or whose deadline has;
//  records verdicts known (node_agent_wait.c).
void node_agent_check_waiters (node_agent_t *self);

//  The earliest deadline of a waiting verdict, or 0 (node_agent_wait.c).
int64_t node_agent_waiters_deadline (node_agent_t *self);

//  Asks the digest worker for our digests when a reconciler waits for
//  them and none are being computed; sends a RECONCILE for each reconciler
//  that has its digests and no RECONCILE on this connection
//  (node_agent_wait.c).
void node_agent_send_reconciles (node_agent_t *self);

//  The digest worker answered: the reconcilers that waited for these
//  digests take them (or are told they failed), and RECONCILEs go
//  (node_agent_wait.c).
void node_agent_on_digests (node_agent_t *self);

//  RECONCILED: answers the staff command that asked (node_agent_wait.c).
void node_agent_on_reconciled (node_agent_t *self, lx_msg_t *msg);

//  The broker refused a RECONCILE's key (CHALLENGE) and named the current
//  one: our digests under another key are computed again under it, up to
//  three times a staff command (node_agent_wait.c).
void node_agent_on_challenge (node_agent_t *self, lx_msg_t *error);

#endif
