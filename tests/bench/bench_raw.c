/*  bench_raw: what the machine's libzmq and SQLite do alone, measured in
    the same run as the exchange so that the ratios carry to another
    machine (leadx-bench, parts 1 and 2, and the disk's own latency). */

#include "bench_raw.h"
#include "lx_store.h"

#include <czmq.h>
#include <sqlite3.h>
#include <time.h>

//  --------------------------------------------------------------------------
//  Raw libzmq

//  The receiving side: a ROUTER that counts count messages, then reports.
static void
s_raw_receiver (zsock_t *pipe, void *args)
{
    zcert_t *cert = (zcert_t *) args;
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router);
    zsock_set_rcvhwm (router, 0);
    if (cert) {
        zcert_apply (cert, router);
        zsock_set_curve_server (router, 1);
    }
    assert (zsock_bind (router, "tcp://127.0.0.1:*") != -1);
    zsock_signal (pipe, 0);
    char *endpoint = zsock_last_endpoint (router);
    zstr_send (pipe, endpoint);
    zstr_free (&endpoint);
    char *text = zstr_recv (pipe);
    int64_t count = atoll (text);
    zstr_free (&text);
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    void *handle = zsock_resolve (router);
    for (int64_t index = 0; index < count; index++) {
        zmq_msg_recv (&frame, handle, 0);      //  routing id
        zmq_msg_recv (&frame, handle, 0);      //  the message
    }
    zmq_msg_close (&frame);
    zstr_send (pipe, "DONE");
    zsock_destroy (&router);
    text = zstr_recv (pipe);                    //  $TERM
    zstr_free (&text);
}

//  Messages a second from a DEALER to a ROUTER in another thread.
double
bench_raw_zmq (int64_t count, bool curve)
{
    zcert_t *server = curve? zcert_new (): NULL;
    zcert_t *client = curve? zcert_new (): NULL;
    zactor_t *receiver = zactor_new (s_raw_receiver, server);
    char *endpoint = zstr_recv (receiver);
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    zsock_set_sndhwm (dealer, 0);
    if (curve) {
        zcert_apply (client, dealer);
        zsock_set_curve_serverkey (dealer, zcert_public_txt (server));
    }
    assert (zsock_connect (dealer, "%s", endpoint) == 0);
    zstr_sendf (receiver, "%" PRId64, count);
    char payload [512];
    memset (payload, 'x', sizeof payload);
    void *handle = zsock_resolve (dealer);
    int64_t start = zclock_usecs ();
    for (int64_t index = 0; index < count; index++)
        zmq_send (handle, payload, sizeof payload, 0);
    char *done = zstr_recv (receiver);
    int64_t elapsed = zclock_usecs () - start;
    zstr_free (&done);
    zsock_destroy (&dealer);
    zactor_destroy (&receiver);
    zstr_free (&endpoint);
    zcert_destroy (&server);
    zcert_destroy (&client);
    return count * 1e6 / elapsed;
}

//  --------------------------------------------------------------------------
//  Raw SQLite

//  qsort order of int64_t.
int
bench_compare (const void *left, const void *right)
{
    int64_t a = *(const int64_t *) left, b = *(const int64_t *) right;
    return a < b? -1: a > b;
}

//  The p-th percentile (0..100) of count sorted values, in ms.
double
bench_percentile (int64_t *values, size_t count, int p)
{
    if (count == 0)
        return -1;
    size_t index = (count * p + 99) / 100;
    return values [index > 0? index - 1: 0] / 1000.0;
}

//  Runs sql on db; asserts, since the benchmark's own SQL is fixed.
static void
s_sql (sqlite3 *db, const char *sql)
{
    char *message = NULL;
    if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK) {
        fprintf (stderr, "bench: %s: %s\n", sql, message);
        assert (false);
    }
}

//  Inserts count rows of a 512-byte blob in commits of per_commit rows;
//  returns rows a second. When pace_us is not 0, commit i starts no
//  earlier than pace_us * i after the first, as a steady stream of
//  messages would arrive. When commit_times is not NULL, notes each
//  commit's duration (µs) there, count / per_commit entries.
static double
s_sqlite_rows (sqlite3 *db, int64_t count, int64_t per_commit, int64_t pace_us,
               int64_t *next, int64_t *commit_times)
{
    sqlite3_stmt *insert;
    assert (sqlite3_prepare_v2 (db, "INSERT INTO inbound (node, seq, body) VALUES ('d01', ?, ?)",
                                -1, &insert, NULL) == SQLITE_OK);
    char body [512];
    memset (body, 'x', sizeof body);
    int64_t start = zclock_usecs ();
    for (int64_t done = 0, commits = 0; done < count; commits++) {
        int64_t began = zclock_usecs ();
        int64_t due = start + commits * pace_us;
        if (pace_us && began < due) {
            struct timespec pause = { 0, (long) (due - began) * 1000 };
            nanosleep (&pause, NULL);
            began = zclock_usecs ();
        }
        s_sql (db, "BEGIN IMMEDIATE");
        for (int64_t row = 0; row < per_commit && done < count; row++, done++) {
            sqlite3_bind_int64 (insert, 1, ++*next);
            sqlite3_bind_blob (insert, 2, body, sizeof body, SQLITE_STATIC);
            assert (sqlite3_step (insert) == SQLITE_DONE);
            sqlite3_reset (insert);
        }
        s_sql (db, "COMMIT");
        if (commit_times)
            commit_times [commits] = zclock_usecs () - began;
    }
    int64_t elapsed = zclock_usecs () - start;
    sqlite3_finalize (insert);
    return count * 1e6 / elapsed;
}

//  Opens a fresh database under dir set up as the stores are (WAL,
//  synchronous=FULL), with one table; *path_p gets its path, which
//  s_sqlite_close takes.
static sqlite3 *
s_sqlite_open (const char *dir, char **path_p)
{
    char *path = zsys_sprintf ("%s/leadx-bench-sqlite-%d.db", dir, getpid ());
    sqlite3 *db;
    assert (sqlite3_open (path, &db) == SQLITE_OK);
    s_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
               "CREATE TABLE inbound (node TEXT, seq INTEGER, body BLOB, PRIMARY KEY (node, seq)) WITHOUT ROWID");
    *path_p = path;
    return db;
}

//  Closes db and removes its files; frees *path_p and nulls it.
static void
s_sqlite_close (sqlite3 *db, char **path_p)
{
    sqlite3_close (db);
    lx_store_remove (*path_p);
    zstr_free (path_p);
}

//  Commits a second one row at a time (and their p50 / p99 durations in
//  ms), and rows a second 1,000 at a time.
void
bench_raw_sqlite (const char *dir, int64_t single, int64_t batched, double *commits, double commit_ms [2],
                  double *rows)
{
    char *path;
    sqlite3 *db = s_sqlite_open (dir, &path);
    int64_t next = 0;
    int64_t *times = (int64_t *) calloc ((size_t) single, sizeof (int64_t));
    assert (times);
    *commits = s_sqlite_rows (db, single, 1, 0, &next, times);
    qsort (times, (size_t) single, sizeof (int64_t), bench_compare);
    commit_ms [0] = bench_percentile (times, (size_t) single, 50);
    commit_ms [1] = bench_percentile (times, (size_t) single, 99);
    free (times);
    *rows = s_sqlite_rows (db, batched, 1000, 0, &next, NULL);
    s_sqlite_close (db, &path);
}

//  One-row commits paced at one a millisecond, count of them: the disk's
//  own latency at the rate the latency part sends. Fills p50, p99 and the
//  longest commit (ms), and returns how many took over 5 ms.
int64_t
bench_paced_sqlite (const char *dir, int64_t count, double commit_ms [3])
{
    char *path;
    sqlite3 *db = s_sqlite_open (dir, &path);
    int64_t next = 0;
    int64_t *times = (int64_t *) calloc ((size_t) count, sizeof (int64_t));
    assert (times);
    s_sqlite_rows (db, count, 1, 1000, &next, times);
    s_sqlite_close (db, &path);
    qsort (times, (size_t) count, sizeof (int64_t), bench_compare);
    commit_ms [0] = bench_percentile (times, (size_t) count, 50);
    commit_ms [1] = bench_percentile (times, (size_t) count, 99);
    commit_ms [2] = bench_percentile (times, (size_t) count, 100);
    int64_t slow = 0;
    for (int64_t index = 0; index < count; index++)
        slow += times [index] > 5000;
    free (times);
    return slow;
}

