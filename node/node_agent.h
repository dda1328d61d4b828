/*  node_agent: one district's daemon, as a czmq actor.

    Connects a DEALER to the broker, says hello, sends the outbox in order
    within a window and marks what the broker acknowledges; applies the
    broker's events exactly once, each in a transaction with the applied
    counter, and acknowledges them. Heartbeats both ways: a broker silent
    for the liveness interval gets a fresh connection and a new hello.

    A control ROUTER on loopback (its endpoint is written to the store's
    meta table as 'control') lets staff commands nudge the daemon:
        "POKE"  -> the outbox has new rows (no reply)
        "SYNC"  -> replies "OK" once everything in the outbox is
                   acknowledged and every event the broker had for this
                   node has been applied
        "RECONCILE" -> replies "OK", our digest lines and the broker's
                   (each one per line), once the broker has answered our
                   RECONCILE; or "ERROR" and why when our digests could not
                   be computed. Our digests are computed off the daemon's
                   thread (lx_digest_worker), of the store as it was when
                   the command came, so heartbeats go on meanwhile
    API on the actor pipe: "STATS" -> replies, picture "8", the times the
    broker was silent past the liveness interval (each a reconnection);
    "$TERM".
*/
#ifndef NODE_AGENT_H_INCLUDED
#define NODE_AGENT_H_INCLUDED

#include "node_store.h"

#include <czmq.h>

//  The actor; args is the node's configuration file (const char *). After
//  zactor_new, read one string from the actor: "READY", or "FAILED" when it
//  could not start (the reason is logged; destroy the actor).
void node_agent_actor (zsock_t *pipe, void *args);

//  The same actor rebuilding the store from the broker's record: once
//  welcomed it takes back every message of ours the broker holds that the
//  store lacks (node_store_recall), then says hello again and applies every
//  event after what the store has applied. Staff commands then wait on it
//  as on the daemon (SYNC, RECONCILE). Same args and start as above.
void node_agent_rebuild_actor (zsock_t *pipe, void *args);

//  Tells the daemon of store, if one runs, that the outbox has new rows
//  (sends "POKE" to its control endpoint; never blocks for long). Staff
//  commands call this after they commit.
void node_agent_poke (node_store_t *store);

//  Self test: a real broker actor and a node agent over loopback.
void node_agent_test (bool verbose);

#endif
