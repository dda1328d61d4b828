/*  node_rebuild: a district's store rebuilt from the broker's record. */

#include "node_rebuild.h"
#include "node_agent.h"
#include "node_ctl.h"
#include "node_store.h"
#include "lx_cfg.h"
#include "lx_lock.h"
#include "lx_table.h"

//  Moves the store at path, and the files SQLite keeps beside it, to
//  path.damaged-SECONDS, so that a fresh one can be made. Returns 0 or -1.
static int
s_move_aside (const char *path, FILE *out)
{
    char *aside = zsys_sprintf ("%s.damaged-%" PRId64, path, zclock_time () / 1000);
    const char *suffixes [] = { "", "-wal", "-shm", "-journal" };
    int rc = 0;
    for (size_t index = 0; index < 4 && rc == 0; index++) {
        char *from = zsys_sprintf ("%s%s", path, suffixes [index]);
        char *to = zsys_sprintf ("%s%s", aside, suffixes [index]);
        if (rename (from, to) && errno != ENOENT)
            rc = -1;
        zstr_free (&from);
        zstr_free (&to);
    }
    if (rc == 0)
        fprintf (out, "leadx-node: the store could not be opened; moved aside to %s\n", aside);
    zstr_free (&aside);
    return rc;
}

//  One count from the store, or -1.
static int64_t
s_count (node_store_t *store, const char *sql)
{
    int64_t value;
    return lx_store_int (node_store_db (store), &value, sql, "") == 0? value: -1;
}

//  Prints what the store holds: messages, events applied, leads, ledger
//  entries, stranded messages.
static void
s_print_counts (node_store_t *store, const char *when, FILE *out)
{
    fprintf (out, "leadx-node: %s: %" PRId64 " messages sent and acknowledged, %" PRId64 " events applied, %"
             PRId64 " leads, %" PRId64 " ledger entries\n", when,
             s_count (store, "SELECT count(*) FROM outbox WHERE acked = 1"), node_store_applied (store),
             s_count (store, "SELECT count(*) FROM lead"), s_count (store, "SELECT count(*) FROM ledger"));
}

int
node_rebuild_run (const char *config_file, int64_t timeout, FILE *out)
{
    assert (config_file && out);
    char error [256] = "";
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        fprintf (stderr, "leadx-node: %s\n", error);
        return 1;
    }
    int rc = 1;
    node_store_t *store = NULL;
    zactor_t *agent = NULL;
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, "node/store", "node.db"));
    pid_t running = lx_lock_holder (path);
    if (running) {
        fprintf (stderr, "leadx-node: a daemon (pid %d) runs on this store; stop it first"
                 " (leadx-node stop -c %s)\n", (int) running, config_file);
        goto done;
    }
    store = node_store_new (path, error, sizeof error);
    if (!store && s_move_aside (path, out) == 0)
        store = node_store_new (path, error, sizeof error);
    if (!store) {
        fprintf (stderr, "leadx-node: %s\n", error);
        goto done;
    }
    s_print_counts (store, "before", out);
    agent = zactor_new (node_agent_rebuild_actor, (void *) config_file);
    char *status = agent? zstr_recv (agent): NULL;
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready) {
        fprintf (stderr, "leadx-node: the rebuild could not start (see the log above)\n");
        goto done;
    }
    if (node_ctl_sync (store, timeout, error, sizeof error)) {
        fprintf (stderr, "leadx-node: rebuild: %s\n", error);
        goto done;
    }
    s_print_counts (store, "after", out);
    int64_t stranded = s_count (store, "SELECT count(*) FROM stranded");
    if (stranded > 0) {
        fprintf (out, "leadx-node: %" PRId64 " messages made here never reached the broker's record (this"
                 " store went its own way); they are not sent. Enter them again if they still stand:\n",
                 stranded);
        static const char *names [] = { "seq", "command", "lead" };
        lx_table_print (node_store_db (store), lx_store_query (node_store_db (store),
                        "SELECT seq, cmd, ifnull (lead, '') FROM stranded ORDER BY at, seq", ""),
                        names, 3, false, out);
    }
    int differences = node_ctl_reconcile (store, timeout, false, error, sizeof error);
    if (differences < 0)
        fprintf (stderr, "leadx-node: rebuild: %s\n", error);
    else
    if (differences > 0)
        fprintf (stderr, "leadx-node: rebuilt, but %d sections differ from the broker's record\n", differences);
    else {
        fprintf (out, "leadx-node: rebuilt: every section equals the broker's record; start the daemon"
                 " (leadx-node start -c %s)\n", config_file);
        rc = 0;
    }
done:
    zactor_destroy (&agent);
    node_store_destroy (&store);
    free (path);
    zconfig_destroy (&config);
    return rc;
}

void
node_rebuild_test (bool verbose)
{
    (void) verbose;
    //  The rebuild against a live broker runs in tests/fault/restore.sh;
    //  here, its refusals and moving a store that cannot be opened aside.
    char dir [] = "/tmp/node_rebuild_test_XXXXXX";
    assert (mkdtemp (dir));
    char *store = zsys_sprintf ("%s/node.db", dir);
    FILE *file = fopen (store, "w");
    assert (file);
    fprintf (file, "this is not a database, and much longer than a header would be. ");
    for (int index = 0; index < 100; index++)
        fprintf (file, "garbage ");
    fclose (file);
    char *moved = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&moved, &size);
    assert (out);
    assert (s_move_aside (store, out) == 0);
    fclose (out);
    assert (strstr (moved, "moved aside to"));
    assert (access (store, F_OK) == -1);
    free (moved);
    //  A configuration that cannot be read: exit 1.
    char *config = zsys_sprintf ("%s/missing.cfg", dir);
    out = fopen ("/dev/null", "w");
    assert (node_rebuild_run (config, 1, out) == 1);
    fclose (out);
    zdir_t *tree = zdir_new (dir, NULL);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&config);
    zstr_free (&store);
}
