/*  bench_city: a broker for the benchmark, in a temporary directory.

    Writes a city of ten counties (d01 .. d10) and the center, makes a
    CURVE certificate for the broker and for each district, and runs the
    real broker (broker_server_actor, the code leadx-broker runs) over
    CURVE on a loopback port. Lead industry C3841 fits d03 alone.
*/
#ifndef BENCH_CITY_H_INCLUDED
#define BENCH_CITY_H_INCLUDED

#include "bench_node.h"

#include <czmq.h>

#define BENCH_CITY_COUNTIES 10

typedef struct _bench_city_t bench_city_t;

//  Makes the city's files under parent (a directory on the disk to
//  measure). Does not start the broker. Returns the city, or NULL with a
//  reason on stderr.
bench_city_t *bench_city_new (const char *parent);

//  Stops the broker if running, removes the files, nulls *self_p.
void bench_city_destroy (bench_city_t **self_p);

//  Starts the broker. Returns 0, or -1 with a reason on stderr.
int bench_city_start (bench_city_t *self);

//  Stops the broker (its store stays).
void bench_city_stop (bench_city_t *self);

//  The running broker's commit figures (broker_server "STATS"): batches
//  committed, commits over 5 ms, the longest commit in µs. Returns 0, or
//  -1 if the broker is not running.
int bench_city_commits (bench_city_t *self, uint64_t stats [3]);

//  The running broker's health figures (broker_server "HEALTH"): nodes
//  marked offline for silence, reconciliations answered, RECONCILEs that
//  joined one under way, the longest wait for its digest worker's
//  snapshot (µs). Returns 0, or -1 if the broker is not running.
int bench_city_health (bench_city_t *self, uint64_t health [4]);

//  The broker's store file (caller must not free).
const char *bench_city_store (bench_city_t *self);

//  Connects a bench node as district id (d01 .. d10, or center) and
//  waits for its welcome. Returns it, or NULL.
bench_node_t *bench_city_node (bench_city_t *self, const char *id);

//  Writes a node daemon's configuration for district id (its own store in
//  the city directory) and returns its path (caller frees).
char *bench_city_node_config (bench_city_t *self, const char *id);

//  County id number index (1 .. 10) as "d01" into id.
void bench_city_county (int index, char id [8]);

#endif
