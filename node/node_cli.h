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

//  Turns a period ("2026-11", "2026-Q4", "2026") into the first date of
//  the period and the first date after it ("2026-11-01", "2026-12-01").
//  Returns 0, or -1 when period is not one of those forms.
int node_cli_period (const char *period, char from [11], char to [11]);

//  Self test.
void node_cli_test (bool verbose);

#endif
