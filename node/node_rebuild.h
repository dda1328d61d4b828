/*  node_rebuild: `leadx-node rebuild`, a district's store rebuilt from the
    broker's record of it.

    A store that went back in time (restored from a backup), was lost, or
    went its own way (a copy of the directory ran elsewhere) is behind the
    broker's record of its district: the daemon halts on it and names this
    command. With the daemon stopped, the command runs the daemon's actor in
    rebuild mode (node_agent_rebuild_actor): it takes back every message of
    ours the broker holds that the store lacks (registrations bring their
    lead rows), then every event after what the store has applied (offers,
    transfers, progress, the ledger chain, notices), then reconciles with
    the broker, section by section, and prints what it did. A store that
    cannot be opened is moved aside first and rebuilt from nothing.
    Messages this store made that the broker never accepted (its own way
    after a copy) are kept in its stranded table and listed, for staff to
    enter again.
*/
#ifndef NODE_REBUILD_H_INCLUDED
#define NODE_REBUILD_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

//  Rebuilds the store of the node configured in config_file, waiting up to
//  timeout seconds for the broker; prints progress and the outcome on out.
//  Returns the command's exit code: 0 rebuilt and equal to the broker's
//  record, 1 otherwise (the reason printed on stderr).
int node_rebuild_run (const char *config_file, int64_t timeout, FILE *out);

//  Self test.
void node_rebuild_test (bool verbose);

#endif
