/*  lx_checkpoint: copies a store's write-ahead log back into its database
    from a thread of its own. */

#include "lx_checkpoint.h"

#include <czmq.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

struct _lx_checkpoint_t {
    lx_store_t *store;          //  the writer's store, hooked; not ours
    zactor_t *actor;            //  runs the checkpoints on its own connection
    void *pipe;                 //  the actor's pipe as a libzmq socket, for non-blocking sends
    int64_t pages;              //  log size (pages) at which the actor is asked
    int64_t limit;              //  log size at which the writer checkpoints itself
    int64_t requested;          //  requests the actor accepted
    int64_t inline_runs;        //  checkpoints run in the writer
    char error [128];           //  the writer's last checkpoint failure, "" if none
};

//  The actor's state.
typedef struct {
    sqlite3 *db;                //  its own connection to the database
    lx_checkpoint_stats_t stats;    //  what it has done (its fields only)
} s_actor_t;

//  Runs one passive checkpoint on the actor's connection.
static void
s_actor_run (s_actor_t *self)
{
    int log = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    self->stats.background++;
    if (rc == SQLITE_BUSY)
        self->stats.busy++;         //  the writer is checkpointing at its limit
    else
    if (rc != SQLITE_OK) {
        self->stats.failed++;
        snprintf (self->stats.error, sizeof self->stats.error, "checkpoint: %s", sqlite3_errmsg (self->db));
        zsys_warning ("checkpoint: %s", self->stats.error);
    }
    else
        self->stats.backfilled = copied;
}

//  The actor: args is the database's path. Answers its start with "" or
//  the reason it could not open the database (then ends); then runs a
//  checkpoint for each batch of requests (RUN), answers STATS, ends at $TERM.
static void
s_actor (zsock_t *pipe, void *args)
{
    s_actor_t self = { NULL, { 0 } };
    zsock_signal (pipe, 0);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2 ((const char *) args, &self.db, flags, NULL) != SQLITE_OK
    ||  sqlite3_busy_timeout (self.db, 10000) != SQLITE_OK
    ||  sqlite3_exec (self.db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK) {
        zstr_sendf (pipe, "%s: %s", (const char *) args, self.db? sqlite3_errmsg (self.db): "no memory");
        sqlite3_close (self.db);
        return;
    }
    zstr_send (pipe, "");
    bool terminated = false;
    while (!terminated) {
        //  Every request waiting is served by one checkpoint.
        bool run = false;
        do {
            char *command = zstr_recv (pipe);
            if (!command || streq (command, "$TERM"))
                terminated = true;
            else
            if (streq (command, "RUN"))
                run = true;
            else
            if (streq (command, "STATS")) {
                if (run)
                    s_actor_run (&self);
                run = false;
                zsock_send (pipe, "8888s", self.stats.background, self.stats.busy, self.stats.failed,
                            self.stats.backfilled, self.stats.error);
            }
            zstr_free (&command);
        } while (!terminated && (zsock_events (pipe) & ZMQ_POLLIN));
        if (run && !terminated)
            s_actor_run (&self);
    }
    if (sqlite3_close (self.db) != SQLITE_OK)
        zsys_error ("checkpoint: close: %s", sqlite3_errmsg (self.db));
}

//  sqlite3_wal_hook: after each commit of the writer, with the log's size.
//  Never fails the commit, which has happened already.
static int
s_wal_hook (void *arg, sqlite3 *db, const char *name, int pages)
{
    lx_checkpoint_t *self = (lx_checkpoint_t *) arg;
    if (pages >= self->limit) {
        int log = 0, copied = 0;
        int rc = sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
        self->inline_runs++;
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            snprintf (self->error, sizeof self->error, "checkpoint at the limit: %s", sqlite3_errmsg (db));
    }
    else
    if (pages >= self->pages && zmq_send (self->pipe, "RUN", 3, ZMQ_DONTWAIT) == 3)
        self->requested++;          //  a full pipe holds requests enough
    return SQLITE_OK;
}

lx_checkpoint_t *
lx_checkpoint_new (lx_store_t *store, const char *path, int64_t pages, int64_t limit,
                   char *error, size_t error_size)
{
    assert (store && path && pages >= 1 && limit >= pages && limit <= INT_MAX);
    lx_checkpoint_t *self = (lx_checkpoint_t *) zmalloc (sizeof (lx_checkpoint_t));
    if (!self)
        return NULL;
    self->store = store;
    self->pages = pages;
    self->limit = limit;
    self->actor = zactor_new (s_actor, (void *) path);
    char *started = self->actor? zstr_recv (self->actor): NULL;
    if (!started || *started) {
        if (error)
            snprintf (error, error_size, "checkpointer: %s", started? started: "cannot start");
        zstr_free (&started);
        zactor_destroy (&self->actor);
        free (self);
        return NULL;
    }
    zstr_free (&started);
    self->pipe = zsock_resolve (self->actor);
    sqlite3_wal_hook (lx_store_handle (store), s_wal_hook, self);
    return self;
}

void
lx_checkpoint_destroy (lx_checkpoint_t **self_p)
{
    assert (self_p);
    lx_checkpoint_t *self = *self_p;
    if (self) {
        //  Replaces our hook by SQLite's own, at its default size.
        if (sqlite3_wal_autocheckpoint (lx_store_handle (self->store), 1000) != SQLITE_OK)
            zsys_error ("checkpoint: cannot restore the automatic checkpoint");
        zactor_destroy (&self->actor);
        free (self);
        *self_p = NULL;
    }
}

int
lx_checkpoint_stats (lx_checkpoint_t *self, lx_checkpoint_stats_t *stats)
{
    assert (self && stats);
    memset (stats, 0, sizeof *stats);
    stats->requested = self->requested;
    stats->inline_runs = self->inline_runs;
    if (zstr_send (self->actor, "STATS"))
        return -1;
    zsock_set_rcvtimeo (self->actor, 10000);
    char *error = NULL;
    int rc = zsock_recv (self->actor, "8888s", &stats->background, &stats->busy, &stats->failed,
                         &stats->backfilled, &error);
    zsock_set_rcvtimeo (self->actor, -1);
    if (rc)
        return -1;
    snprintf (stats->error, sizeof stats->error, "%s", *self->error? self->error: error);
    zstr_free (&error);
    return 0;
}

//  --------------------------------------------------------------------------
//  Selftest

//  The size of the file at path, or -1.
static int64_t
s_file_size (const char *path)
{
    struct stat info;
    return stat (path, &info) == 0? (int64_t) info.st_size: -1;
}

//  Commits count transactions of rows rows of 1000 bytes each.
static void
s_write (lx_store_t *store, int count, int rows)
{
    uint8_t body [1000];
    memset (body, 'x', sizeof body);
    for (int index = 0; index < count; index++) {
        assert (lx_store_begin (store) == 0);
        for (int row = 0; row < rows; row++)
            assert (lx_store_exec (store, "INSERT INTO t (body) VALUES (?)", "b", body, sizeof body) == 0);
        assert (lx_store_commit (store) == 0);
    }
}

void
lx_checkpoint_test (bool verbose)
{
    if (verbose)
        printf (" * lx_checkpoint: ");
    char dir [] = "/tmp/lx_checkpoint_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/store.db", dir);
    char *wal = zsys_sprintf ("%s/store.db-wal", dir);
    static const char *const migrations [] = {
        "CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL);"
    };
    char error [256] = "";
    lx_store_t *store = lx_store_new (path, LX_STORE_FULL, migrations, 1, error, sizeof error);
    assert (store);
    int64_t before = s_file_size (path);
    assert (before > 0);

    //  A database that cannot be opened: no checkpointer, a reason.
    char *missing = zsys_sprintf ("%s/no/such/store.db", dir);
    assert (!lx_checkpoint_new (store, missing, 10, 100, error, sizeof error));
    assert (strstr (error, "checkpointer") && strstr (error, missing));
    free (missing);

    //  At the limit the writer checkpoints itself and asks nothing.
    lx_checkpoint_t *checkpoint = lx_checkpoint_new (store, path, 8, 8, error, sizeof error);
    assert (checkpoint);
    s_write (store, 40, 20);
    lx_checkpoint_stats_t stats;
    assert (lx_checkpoint_stats (checkpoint, &stats) == 0);
    assert (stats.requested == 0 && stats.background == 0);
    assert (stats.inline_runs > 0 && *stats.error == 0);
    int64_t copied = s_file_size (path);
    assert (copied >= before + 40 * 20 * 1000 / 2);
    //  The log never grew past the limit and one commit: each
    //  checkpoint copied all of it, so the next commit restarted it.
    assert (s_file_size (wal) < 100 * 4096);
    lx_checkpoint_destroy (&checkpoint);

    //  Requests at 10 pages: the actor copies the log into the database,
    //  which the writer's own connection no longer does.
    checkpoint = lx_checkpoint_new (store, path, 10, 100000, error, sizeof error);
    assert (checkpoint);
    s_write (store, 40, 20);            //  40 commits of 20 kB: 5 pages or more each
    assert (lx_checkpoint_stats (checkpoint, &stats) == 0);
    assert (stats.requested > 0 && stats.background >= 1);
    assert (stats.failed == 0 && stats.inline_runs == 0 && *stats.error == 0);
    assert (stats.backfilled > 0);
    assert (s_file_size (path) >= copied + 40 * 20 * 1000 / 2);
    copied = s_file_size (path);
    int64_t rows;
    assert (lx_store_int (store, &rows, "SELECT count(*) FROM t", "") == 0 && rows == 1600);
    lx_checkpoint_destroy (&checkpoint);
    lx_checkpoint_destroy (&checkpoint);
    assert (!checkpoint);

    //  Unhooked, SQLite's automatic checkpoint (1,000 pages) is back: a
    //  commit of 5 MB reaches the database file.
    copied = s_file_size (path);
    s_write (store, 1, 5000);
    assert (s_file_size (path) >= copied + 5000 * 1000);
    assert (lx_store_int (store, &rows, "SELECT count(*) FROM t", "") == 0 && rows == 6600);

    lx_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    assert (rmdir (dir) == 0);
    free (path);
    free (wal);
    if (verbose)
        printf ("OK\n");
}
