/*  bench_register: what registering a lead costs as the register fills
    with names that share a two-character trade-name start.

    A district that registers many investors whose names begin alike
    (华科…) makes every later registration with that start a near-match
    candidate of each of them. This part registers count leads named 华科
    plus four characters that differ from lead to lead (so no two match and
    no check stops early), from two districts in turn, through the broker's
    rule (broker_logic_apply of a LEAD inside a transaction, committed with
    synchronous FULL, as broker_server applies one message), in a store in
    dir. It reports the mean time a registration took over the first
    sample leads and over the last sample leads, without its commit (the
    rule's work, the register check within it) and with it (what the
    disk's fsync adds varies from run to run), and the time of the
    register check alone (broker_register_find) for a new name with the
    same start once count are registered, and for a name with another.
*/
#ifndef BENCH_REGISTER_H_INCLUDED
#define BENCH_REGISTER_H_INCLUDED

#include <stdint.h>

//  What one run measured, in ms.
typedef struct {
    double first_applied;       //  mean registration before its commit, the first sample leads
    double last_applied;        //  ... the last sample leads
    double first;               //  mean registration with its commit, the first sample leads
    double last;                //  ... the last sample leads
    double check_same;          //  median register check, a name with the shared start
    double check_other;         //  median register check, a name with another start
} bench_register_figures_t;

//  Runs the register benchmark with a store in dir: count leads, the means
//  over sample leads at each end (sample <= count). Fills figures. Returns
//  0, or -1 with a reason on stderr.
int bench_register (const char *dir, int64_t count, int64_t sample, bench_register_figures_t *figures);

#endif
