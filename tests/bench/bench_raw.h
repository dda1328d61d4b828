/*  bench_raw: what the machine's libzmq and SQLite do alone (leadx-bench,
    parts 1 and 2, and the disk's own latency beside the latency part).
    The benchmark's own calls are fixed: a failure here asserts. */

#ifndef BENCH_RAW_H_INCLUDED
#define BENCH_RAW_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  512-byte messages a second, count of them DEALER to ROUTER over
//  loopback TCP, in plain text or over CURVE.
double bench_raw_zmq (int64_t count, bool curve);

//  In a fresh database under dir set up as the stores are (WAL,
//  synchronous=FULL): commits a second of single one-row commits (with
//  their p50 and p99 durations in ms in commit_ms), and rows a second of
//  batched rows in commits of 1,000.
void bench_raw_sqlite (const char *dir, int64_t single, int64_t batched, double *commits, double commit_ms [2],
                       double *rows);

//  One-row commits paced at one a millisecond, count of them: the disk's
//  own latency at the rate the latency part sends. Fills p50, p99 and the
//  longest commit (ms) in commit_ms, and returns how many took over 5 ms.
int64_t bench_paced_sqlite (const char *dir, int64_t count, double commit_ms [3]);

//  qsort order of int64_t.
int bench_compare (const void *left, const void *right);

//  The p-th percentile (0..100) of count sorted values in µs, in ms; -1
//  when there are none.
double bench_percentile (int64_t *values, size_t count, int p);

#endif
