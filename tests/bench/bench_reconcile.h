/*  bench_reconcile: a reconciliation of a node with a large record while
    the rest of the city heartbeats.

    Builds a node, d01, with a number of messages on the broker's record
    (its inbound rows, and as many events for it) and in its own store (the
    same messages in its outbox, acknowledged, and the events applied),
    inserted directly with SQL in one transaction a store: a fixture. Then
    runs the real broker (broker_server_actor), the real daemons
    (node_agent_actor) of d01 and of five more counties, and three protocol
    clients that ping at every heartbeat and time each pong, all with the
    shipped heartbeat (500 ms) and liveness (2 s). It asks d01's daemon to
    reconcile, as `leadx-node reconcile` does after its sync, times the
    answer, checks that every section is equal, and keeps the city running
    for a liveness interval more, so that a heartbeat missed during the
    reconciliation is noticed. Heartbeats missed anywhere in the city: the
    nodes the broker marked offline for silence (broker_server "HEALTH"),
    the daemons' reconnections for a silent broker (node_agent "STATS"),
    and the pings whose pong came later than the liveness interval, or never.
*/
#ifndef BENCH_RECONCILE_H_INCLUDED
#define BENCH_RECONCILE_H_INCLUDED

#include <stdint.h>

//  What one run measured.
typedef struct {
    double build_s;             //  building the fixture, both stores
    double reconcile_ms;        //  the staff command's RECONCILE, sent to answered
    int64_t offline;            //  nodes the broker marked offline for silence, from the first sync on
    int64_t reconnects;         //  daemons' reconnections for a silent broker, the same while
    int64_t late_pongs;         //  pings answered later than the liveness interval, or not at all
    int64_t pings;              //  pings the protocol clients sent
    double longest_pong_ms;     //  the longest ping -> pong
    double snapshot_ms;         //  the broker's longest wait for its digest worker's snapshot
} bench_reconcile_t;

//  Runs the part with its city in dir, d01 holding messages messages.
//  Fills figures. Returns 0, or -1 with a reason on stderr (also when a
//  section differs: the fixture is built the same on both sides).
int bench_reconcile (const char *dir, int64_t messages, bench_reconcile_t *figures);

#endif
