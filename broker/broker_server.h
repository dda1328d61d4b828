/*  broker_server: the broker's network engine, as a czmq actor.

    Binds a ROUTER where nodes connect, applies their messages through
    broker_logic in group-committed batches (read what has arrived, apply
    it, one commit, then acknowledge them all; a message that is refused
    changes nothing, see broker_server_batch.c), and
    delivers each node's events from the store in order, within a window,
    resending from the node's last acknowledgement whenever it says hello.
    A reconciliation's digests are computed beside the batches, by a
    worker (lx_digest_worker; see broker_server_reconcile.c).

    Start it with zactor_new (broker_server_actor, config_file), then read
    one string from the actor: "READY" once bound, or "FAILED" if it could
    not start (the reason is logged; destroy the actor). API on the pipe:
        "ENDPOINT" -> replies the bound endpoint (string)
        "STATS"    -> replies, picture "8888": batches committed, how many
                      of those commits took over 5 ms, the longest commit
                      (µs), batches applied a second time with a savepoint
                      for each message (a refused message had written)
        "HEALTH"   -> replies, picture "8888": nodes marked offline for
                      silence, reconciliations answered, RECONCILEs that came
                      while their node's digests were being computed (answered
                      by those), the longest wait for the digest worker's
                      snapshot (µs)
        "$TERM"    -> stops
*/
#ifndef BROKER_SERVER_H_INCLUDED
#define BROKER_SERVER_H_INCLUDED

#include <czmq.h>

//  The actor. args is the path of the broker's configuration file (a
//  const char *, read during start-up only).
void broker_server_actor (zsock_t *pipe, void *args);

//  Self test: a broker and a raw DEALER acting as a node, over loopback.
void broker_server_test (bool verbose);

#endif
