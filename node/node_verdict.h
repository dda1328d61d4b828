/*  node_verdict: the outcome of a staff command that goes to the broker.

    A staff command stores its message in the outbox and then waits, a few
    seconds at most, for the broker's verdict through the daemon
    (node_ctl_verdict), and says it in words staff understand: accepted
    (with what followed: an offer's routes, a registration's conflict),
    refused (with the broker's reason), or queued and not yet accepted (and
    why: the daemon is not running, the broker is unreachable). The local
    record never shows a state the broker has not accepted: what is queued
    shows as pending, and a verdict that comes later is a notice.

    Exit codes of staff commands: 0 accepted, 1 refused or failed, 2 usage,
    3 queued and not yet accepted.
*/
#ifndef NODE_VERDICT_H_INCLUDED
#define NODE_VERDICT_H_INCLUDED

#include "node_store.h"

#include <stdio.h>

//  Exit code of a command whose message is queued and not yet accepted.
#define NODE_VERDICT_QUEUED 3

//  Waits up to timeout_ms for the verdict on outbox message seq (its
//  command cmd, about lead, which may be NULL) and prints it on out in one
//  line or two. Returns the command's exit code: 0 accepted, 1 refused, or
//  NODE_VERDICT_QUEUED.
int node_verdict_report (node_store_t *store, int64_t seq, lx_cmd_t cmd, const char *lead,
                         int64_t timeout_ms, FILE *out);

//  The words staff read for a command: "registration", "offer" ...
const char *node_verdict_action (lx_cmd_t cmd);

//  Self test.
void node_verdict_test (bool verbose);

#endif
