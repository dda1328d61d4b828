/*  lx_checkpoint: copies a store's write-ahead log back into its database
    from a thread of its own, so that the writer's commits do not wait for
    it.

    In WAL mode every commit appends pages to the log, and by default the
    connection that commits copies them into the database once the log
    holds 1,000 pages (an automatic checkpoint), inside that COMMIT: the
    writer, which acknowledges only after the commit, waits for the copy
    and its fsync. lx_checkpoint replaces that: a hook on the writer's
    connection asks a czmq actor, over its pipe, for a passive checkpoint
    once the log holds `pages` pages; the actor runs it on a connection of
    its own while the writer goes on. A passive checkpoint never blocks the
    writer, and SQLite's locking keeps the two apart. Should the actor fall
    behind until the log holds `limit` pages, the writer checkpoints
    itself, after its commit, as SQLite would by default: the log's size is
    bounded whatever the load.

    The object lives in the writer's thread, like the store it hooks; it
    must be destroyed before the store. Destroying it puts SQLite's
    automatic checkpoint back.
*/
#ifndef LX_CHECKPOINT_H_INCLUDED
#define LX_CHECKPOINT_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct _lx_checkpoint_t lx_checkpoint_t;

//  What the checkpointer has done.
typedef struct {
    int64_t requested;          //  checkpoints the writer asked the actor for
    int64_t background;         //  checkpoints the actor ran
    int64_t busy;               //  of those, how many found another checkpoint running
    int64_t failed;             //  of those, how many failed (see error)
    int64_t inline_runs;        //  checkpoints the writer ran (or found running) itself, at the limit
    int64_t backfilled;         //  log frames in the database after the actor's last checkpoint
    char error [128];           //  the last failure, "" if none
} lx_checkpoint_stats_t;

//  Hooks store's connection (the database file at path, in WAL mode) and
//  starts the actor with a connection of its own. pages: the log size, in
//  pages, at which a checkpoint is asked for (at least 1); limit: the size
//  at which the writer checkpoints itself (at least pages). Returns the
//  checkpointer, or NULL with a one-line reason in error (store's
//  automatic checkpoint is then unchanged). The caller owns the result.
lx_checkpoint_t *lx_checkpoint_new (lx_store_t *store, const char *path, int64_t pages,
                                    int64_t limit, char *error, size_t error_size);

//  Unhooks the store (its automatic checkpoint comes back), stops the
//  actor, waiting for a checkpoint it is running, nulls *self_p. Safe on
//  NULL and twice.
void lx_checkpoint_destroy (lx_checkpoint_t **self_p);

//  Fills stats with what has been done so far, after every request sent
//  before has been handled. Returns 0, or -1 if the actor did not answer.
int lx_checkpoint_stats (lx_checkpoint_t *self, lx_checkpoint_stats_t *stats);

//  Selftest.
void lx_checkpoint_test (bool verbose);

#endif
