/*  node_cli: the staff commands of leadx-node.

    Every command opens the node's store directly, so it works while the
    daemon or the broker is down: what it records waits in the outbox, and
    the daemon (nudged through its control socket when it runs) delivers it.
*/
#ifndef NODE_CLI_H_INCLUDED
#define NODE_CLI_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  Runs leadx-node with its command line. Returns the exit code: 0 on
//  success, 1 on a failure (one line on stderr), 2 on a usage error.
int node_cli_main (int argc, char *argv []);

//  Self test.
void node_cli_test (bool verbose);

#endif
