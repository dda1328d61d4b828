/*  node_cli_int: what node_cli's two source files share.

    node_cli.c holds the options, the dispatch, the listings and the
    daemon's commands; node_cli_send.c the commands that go to the broker.
    Private to the class: nothing else includes this header.
*/
#ifndef NODE_CLI_INT_H_INCLUDED
#define NODE_CLI_INT_H_INCLUDED

#include "node_cli.h"
#include "node_store.h"

//  Options of every command, parsed once.
typedef struct {
    const char *config;         //  -c
    bool json;                  //  --json
    const char *values [48];    //  long option values by index in s_options
    bool help;                  //  -h / --help
    bool entries;               //  credit --entries
    bool kill;                  //  stop --kill
    bool due;                   //  strike --due
    bool reject;                //  confirm --reject
    bool force;                 //  report --force: replace the --output file
} node_cli_args_t;

//  The node's context for one command.
typedef struct {
    zconfig_t *config;          //  parsed configuration
    node_store_t *store;        //  the node's store
    const char *node;           //  node id (from config)
    int role;                   //  lx_role_t
    int64_t verdict_ms;         //  how long a staff command waits for the broker's verdict
} node_cli_ctx_t;

//  The value of a long option, or NULL.
const char *node_cli_opt (node_cli_args_t *args, const char *name);

//  Prints "leadx-node: " and format (taking detail) as a one-line
//  failure on stderr. Returns 1, a command's exit code.
int node_cli_fail (const char *format, const char *detail)
    __attribute__ ((format (printf, 1, 0)));

//  Reads an amount argument text (NULL: 0) into *value: a whole number of
//  yuan from 0 to 10^15. Returns 0, or -1 after printing why not (name is
//  the option's).
int node_cli_money (const char *text, const char *name, int64_t *value);

//  Today's local date, YYYY-MM-DD.
void node_cli_today (char date [11]);

//  The commands that go to the broker (node_cli_send.c). Each returns the
//  command's exit code (node_verdict: 0 accepted, 1 refused or failed, 3
//  queued), having printed the outcome.
//  lead add: registers a new lead of ours.
int node_cli_lead_add (node_cli_args_t *args, node_cli_ctx_t *ctx);
//  lead offer ID, claim ID.
int node_cli_simple (node_cli_ctx_t *ctx, lx_cmd_t cmd, const char *id);
//  lead withdraw ID --reason TEXT.
int node_cli_withdraw (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id);
//  lead edit ID [--FIELD VALUE ...] [--reason TEXT].
int node_cli_edit (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id);
//  approve ID / reject ID (the center).
int node_cli_decide (node_cli_args_t *args, node_cli_ctx_t *ctx, bool approve, const char *id);
//  confirm ID [--reject] --reason TEXT (the center): a held report.
int node_cli_confirm (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id);
//  progress ID --stage S [--metric M --amount A] [--date D].
int node_cli_progress (node_cli_args_t *args, node_cli_ctx_t *ctx, const char *id);
//  resolve ID RESOLUTION --reason R / strike ID ... | --due (the center):
//  argv [first - 1] is the command.
int node_cli_register_command (node_cli_args_t *args, node_cli_ctx_t *ctx, int argc, char *argv [], int first);

#endif
