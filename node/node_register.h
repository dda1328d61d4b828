/*  node_register: a node's side of the city's register and review.

    What staff read of the register (the conflicts their leads are party
    to; the notices of leads returned, flagged stale or struck off by the
    broker's timers and the center) and the two commands of the center's
    node on it: resolve a conflict, strike leads off (one by one, or all the
    monthly review lists). The commands are built and checked here; the
    caller queues them in the outbox like every other command.
*/
#ifndef NODE_REGISTER_H_INCLUDED
#define NODE_REGISTER_H_INCLUDED

#include "lx_msg.h"
#include "lx_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Prints the conflicts held in db, open ones first: the later lead, its
//  district, the earlier registration holding priority, its district, its
//  date and protection, how the investor matched, and the outcome. Table
//  or JSON. Returns 0, or -1 when the store fails.
int node_register_conflicts (lx_store_t *db, bool json, FILE *out);

//  Prints the notices held in db, newest first. Returns 0 or -1.
int node_register_notices (lx_store_t *db, bool json, FILE *out);

//  Builds the center's RESOLVE of lead's conflict with resolution (keep,
//  transfer, merge, dismiss) and reason. Returns the message (caller
//  destroys), or NULL with a one-line reason in error: not the center,
//  an unknown resolution, no reason.
lx_msg_t *node_register_resolve (int role, const char *lead, const char *resolution, const char *reason,
                                 char *error, size_t error_size);

//  Builds the center's STRIKE of the count leads named, or of every lead
//  due at the monthly review (due, with count 0), for reason. Returns the
//  message (caller destroys), or NULL with a reason in error.
lx_msg_t *node_register_strike (int role, const char *const *leads, size_t count, bool due,
                                const char *reason, char *error, size_t error_size);

//  Self test.
void node_register_test (bool verbose);

#endif
