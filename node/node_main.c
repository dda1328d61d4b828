/*  leadx-node: one district's daemon and staff commands (see node_cli). */

#include "node_cli.h"

int
main (int argc, char *argv [])
{
    return node_cli_main (argc, argv);
}
