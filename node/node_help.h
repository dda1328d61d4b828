/*  node_help: the help text of leadx-node's commands.

    One entry per command as staff type it ("lead add", "claim", ...): its
    synopsis and what it does. Static text only.
*/
#ifndef NODE_HELP_H_INCLUDED
#define NODE_HELP_H_INCLUDED

#include <stdio.h>

//  Prints the help of every command (command NULL) or of one to out.
//  Returns 0, or -1 when there is no such command.
int node_help_print (FILE *out, const char *command);

#endif
