/*  node_ctl: staff commands that need the running node daemon, spoken over
    its control socket (a ROUTER on loopback whose endpoint the daemon
    publishes in the store's meta table, key "control").

    SYNC       -> "OK" once the broker has acknowledged everything sent from
                  here and this node has applied everything the broker has
                  for it
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

//  Syncs, then asks the daemon to reconcile this node's record with the
//  broker's; prints the comparison (a table, or JSON) on stdout. Returns the
//  number of sections that differ (0 when the records agree), or -1 with a
//  one-line reason in error when it could not compare.
int node_ctl_reconcile (node_store_t *store, int64_t timeout, bool json, char *error, size_t error_size);

//  Self test.
void node_ctl_test (bool verbose);

#endif
