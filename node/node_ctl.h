/*  node_ctl: staff commands that need the running node daemon, spoken over
    its control socket (a ROUTER on loopback whose endpoint the daemon
    publishes in the store's meta table, key "control").

    SYNC       -> "OK" once the broker has acknowledged everything sent from
                  here and this node has applied everything the broker has
                  for it
    VERDICT SEQ TIMEOUT_MS
               -> "ACCEPTED", or "REJECTED" CODE REASON, once the broker's
                  verdict on outbox message SEQ is known here; "PENDING"
                  WHY when it is not within TIMEOUT_MS (or cannot be: the
                  daemon is not connected, or halted)
    RECONCILE  -> "OK", our digest lines, the broker's digest lines (each
                  "SECTION COUNT HEX", one per line; see lx_digest)
*/
#ifndef NODE_CTL_H_INCLUDED
#define NODE_CTL_H_INCLUDED

#include "node_store.h"

#include <stdbool.h>

//  Waits up to timeout seconds for the daemon's sync barrier. Returns 0,
//  or -1 with a one-line reason in error.
int node_ctl_sync (node_store_t *store, int64_t timeout, char *error, size_t error_size);

//  The broker's verdict on outbox message seq, waiting up to timeout_ms
//  for it. Returns 0 accepted; 1 refused, with the code and the reason in
//  code and reason; 2 not known yet, with why in reason (the message stays
//  queued, and its verdict becomes a notice when it comes); -1 when the
//  daemon did not answer, with why in reason.
int node_ctl_verdict (node_store_t *store, int64_t seq, int64_t timeout_ms, int *code,
                      char *reason, size_t reason_size);

//  Syncs, then asks the daemon to reconcile this node's record with the
//  broker's; prints the comparison (a table, or JSON) on stdout. Returns the
//  number of sections that differ (0 when the records agree), or -1 with a
//  one-line reason in error when it could not compare.
int node_ctl_reconcile (node_store_t *store, int64_t timeout, bool json, char *error, size_t error_size);

//  Self test.
void node_ctl_test (bool verbose);

#endif
