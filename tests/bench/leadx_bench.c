/*  leadx-bench: how fast the exchange delivers, next to what the machine's
    libzmq and SQLite can do, measured in the same run.

    leadx-bench [--dir DIR] [--quick] [--part raw|throughput|latency|catchup|report|reconcile|register]

    Prints, in this order:
      1. raw libzmq: 512-byte messages a second, DEALER to ROUTER over
         loopback TCP, plain and CURVE;
      2. raw SQLite (WAL, synchronous=FULL) in DIR: commits a second with
         one row each, and rows a second in commits of 1,000;
      3. throughput: ten nodes stream lead and progress messages through
         the real broker (CURVE, acknowledged only after the fsync'd
         commit), messages acknowledged a second;
      4. latency at 1,000 messages a second: a lander's progress reports,
         from send to acknowledgement and to delivery at the finder;
      5. catch-up: a real node daemon (node_agent, its own store) comes
         back to 100,000 events waiting for it; time until it has applied
         them all;
      6. report: the annual assessment figures of one district whose
         ledger chain holds 1,000,000 entries (lx_report_figures on a
         broker store), best and median of five runs;
      7. reconcile: a node whose record holds 1,000,000 messages (on the
         broker's side and in its own store) reconciles, through the real
         broker and its real daemon, while five more daemons and three
         pinging clients heartbeat at the shipped 500 ms with the shipped
         2 s liveness: the time to the answer, and the heartbeats missed
         anywhere in the city (bench_reconcile.h).
      8. register: registering 1,500 leads whose names share a two-
         character start (bench_register): a registration's mean time at
         first and at the end, and the register check alone.
    DIR (default $TMPDIR or /tmp) must be on the disk to measure: fsync on
    tmpfs costs nothing. --quick runs every part small, to check that the
    benchmark works (the ctest bench.smoke); its figures mean nothing.
    --part runs one part alone (to profile it).
    Exit 0, or 1 when any part failed to deliver everything.
*/

#include "bench_city.h"
#include "bench_raw.h"
#include "bench_reconcile.h"
#include "bench_register.h"
#include "bench_report.h"
#include "test_names.h"
#include "node_agent.h"
#include "node_store.h"
#include "broker_store.h"
#include "lx_clock.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_store.h"

#include <getopt.h>

//  Sizes of one run.
typedef struct {
    int64_t raw_messages;       //  per raw libzmq run
    int64_t sqlite_commits;     //  single-row commits
    int64_t sqlite_rows;        //  rows in batches
    int64_t leads;              //  per node, in the throughput run
    int64_t reports;            //  progress reports per lead
    int64_t latency_messages;   //  timed messages at 1,000 a second
    int64_t catchup_events;     //  events waiting for the node
    int64_t report_entries;     //  ledger entries of the reported district
    int64_t reconcile_messages; //  messages on the record of the node reconciled
    int64_t register_leads;     //  leads sharing a name's start, in the register run
} s_sizes_t;

//  --------------------------------------------------------------------------
//  Messages the bench nodes send

//  The lead of node's number index, industry C3841 (fits d03 only); the
//  caller destroys it.
static lx_lead_t *
s_lead (const char *node, int64_t index)
{
    lx_lead_t *lead = lx_lead_new ();
    char text [64];
    snprintf (text, sizeof text, "%s-%06" PRId64, node, index);
    lx_lead_set (&lead->id, text);
    lx_lead_set (&lead->finder, node);
    test_names_investor (node, index, text, sizeof text);
    lx_lead_set (&lead->investor, text);
    snprintf (text, sizeof text, "基准项目%06" PRId64, index);
    lx_lead_set (&lead->project, text);
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C3841");
    lead->investment = 100000000 + index;
    lead->land = 100;
    return lead;
}

//  A LEAD registering s_lead (node, index).
static lx_msg_t *
s_lead_msg (const char *node, int64_t index)
{
    lx_lead_t *lead = s_lead (node, index);
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  A PROGRESS on lead: signed, with metric and amount.
static lx_msg_t *
s_progress_msg (const char *lead, const char *metric, int64_t amount)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_PROGRESS);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    //  Dated today: a report is never before its lead's registration, nor
    //  after today.
    char today [11];
    lx_clock_date (zclock_time (), today);
    lx_msg_set_str (msg, LX_F_DATE, today);
    lx_msg_set_str (msg, LX_F_METRIC, metric);
    lx_msg_set_int (msg, LX_F_AMOUNT, amount);
    return msg;
}

//  A command naming lead.
static lx_msg_t *
s_lead_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  --------------------------------------------------------------------------
//  Throughput

//  What the broker's store holds a message, after messages: B-tree
//  entries (rows of tables, entries of indexes, read from the dbstat
//  table: the leaf cells of rowid tables, every cell of index B-trees and
//  WITHOUT ROWID tables) and bytes of database file. Returns 0, or -1 if
//  SQLite was built without dbstat.
static int
s_record_size (const char *path, int64_t messages, double *entries, double *bytes)
{
    sqlite3 *db;
    int rc = -1;
    if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close (db);
        return -1;
    }
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2 (db, "SELECT (SELECT sum (ncell) FROM dbstat WHERE pagetype = 'leaf'"
                                "  OR name IN (SELECT name FROM sqlite_schema WHERE type = 'index')"
                                "  OR name IN (SELECT name FROM pragma_table_list WHERE wr = 1)),"
                                " (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size)",
                            -1, &stmt, NULL) == SQLITE_OK
    &&  sqlite3_step (stmt) == SQLITE_ROW) {
        *entries = (double) sqlite3_column_int64 (stmt, 0) / (double) messages;
        *bytes = (double) sqlite3_column_int64 (stmt, 1) / (double) messages;
        rc = 0;
    }
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return rc;
}

//  Ten nodes each stream leads with reports progress messages per lead
//  (contract then funds) through the broker, within a window of 1,000 like
//  a node daemon. Returns messages acknowledged a second, or -1.
static double
s_throughput (const char *dir, s_sizes_t *sizes, int64_t *total, double *entries, double *bytes)
{
    bench_city_t *city = bench_city_new (dir);
    if (!city || bench_city_start (city)) {
        bench_city_destroy (&city);
        return -1;
    }
    bench_node_t *nodes [BENCH_CITY_COUNTIES] = { NULL };
    zpoller_t *poller = zpoller_new (NULL);
    *total = 0;
    double rate = -1;
    for (int index = 0; index < BENCH_CITY_COUNTIES; index++) {
        char id [8];
        bench_city_county (index + 1, id);
        nodes [index] = bench_city_node (city, id);
        if (!nodes [index])
            goto done;
        zpoller_add (poller, bench_node_sock (nodes [index]));
        for (int64_t lead = 1; lead <= sizes->leads; lead++) {
            lx_msg_t *msg = s_lead_msg (id, lead);
            bench_node_add (nodes [index], &msg);
            char lead_id [32];
            snprintf (lead_id, sizeof lead_id, "%s-%06" PRId64, id, lead);
            for (int64_t report = 1; report <= sizes->reports; report++) {
                msg = s_progress_msg (lead_id, report == 1? "contract": "funds", lead * 100 + report);
                bench_node_add (nodes [index], &msg);
            }
        }
        *total += bench_node_queued (nodes [index]);
    }
    int64_t start = zclock_usecs ();
    int64_t deadline = zclock_mono () + 300000;
    for (int index = 0; index < BENCH_CITY_COUNTIES; index++)
        bench_node_pump (nodes [index], 1000);
    int64_t acked = 0;
    while (acked < *total && zclock_mono () < deadline) {
        zpoller_wait (poller, 1000);
        acked = 0;
        for (int index = 0; index < BENCH_CITY_COUNTIES; index++) {
            if (bench_node_read (nodes [index]))
                goto done;
            bench_node_pump (nodes [index], 1000);
            acked += bench_node_acked (nodes [index]);
        }
    }
    if (acked == *total) {
        rate = acked * 1e6 / (zclock_usecs () - start);
        if (s_record_size (bench_city_store (city), *total, entries, bytes))
            *entries = *bytes = 0;
    }
    else
        fprintf (stderr, "bench: throughput: only %" PRId64 " of %" PRId64 " acknowledged\n", acked, *total);
done:
    zpoller_destroy (&poller);
    for (int index = 0; index < BENCH_CITY_COUNTIES; index++)
        bench_node_destroy (&nodes [index]);
    bench_city_destroy (&city);
    return rate;
}

//  --------------------------------------------------------------------------
//  Latency

//  Delivery latencies at the finder, by the lander's seq (amount = seq).
typedef struct {
    bench_node_t *lander;       //  whose send times count
    int64_t *latencies;         //  delivery minus send, µs
    size_t count;               //  entries used
    size_t capacity;            //  entries allocated
} s_delivery_t;

//  bench_node_event_fn: a PROGRESSED at the finder.
static void
s_on_delivery (void *arg, lx_msg_t *event, int64_t arrived)
{
    s_delivery_t *delivery = (s_delivery_t *) arg;
    if (lx_msg_cmd (event) != LX_CMD_PROGRESSED || delivery->count == delivery->capacity)
        return;
    int64_t sent = bench_node_sent_at (delivery->lander, lx_msg_int (event, LX_F_AMOUNT));
    if (sent)
        delivery->latencies [delivery->count++] = arrived - sent;
}

//  One step of a setup: sender sends msg (taken) and what it queued
//  before; receiver must get an event of cmd within 5 s. Returns 0 or -1.
static int
s_step (bench_node_t *sender, lx_msg_t *msg, bench_node_t *receiver, lx_cmd_t cmd)
{
    bench_node_add (sender, &msg);
    bench_node_pump (sender, 1000);
    lx_msg_t *event = bench_node_expect (receiver, cmd, 5000);
    if (!event) {
        fprintf (stderr, "bench: no %s within 5 s\n", lx_cmd_name (cmd));
        return -1;
    }
    lx_msg_destroy (&event);
    return 0;
}

//  d01 finds a lead, d03 claims it, the center approves; then d03 reports
//  funds at 1,000 a second. Fills p50, p99 and the longest (ms) of each,
//  and the broker's commit figures over the timed reports (bench_city_commits,
//  the count of commits made before them subtracted); returns 0 or -1.
static int
s_latency (const char *dir, s_sizes_t *sizes, double ack [3], double delivered [3], uint64_t commits [3])
{
    bench_city_t *city = bench_city_new (dir);
    if (!city || bench_city_start (city)) {
        bench_city_destroy (&city);
        return -1;
    }
    int rc = -1;
    bench_node_t *finder = bench_city_node (city, "d01");
    bench_node_t *lander = bench_city_node (city, "d03");
    bench_node_t *center = bench_city_node (city, "center");
    s_delivery_t delivery = { lander, NULL, 0, 0 };
    zpoller_t *poller = NULL;
    if (!finder || !lander || !center)
        goto done;
    //  The transfer, step by step.
    lx_msg_t *lead = s_lead_msg ("d01", 1);
    bench_node_add (finder, &lead);
    lx_msg_t *decide = s_lead_cmd (LX_CMD_DECIDE, "d01-000001");
    lx_msg_set_str (decide, LX_F_DECISION, "approve");
    if (s_step (finder, s_lead_cmd (LX_CMD_OFFER, "d01-000001"), lander, LX_CMD_OFFERED)
    ||  s_step (lander, s_lead_cmd (LX_CMD_CLAIM, "d01-000001"), center, LX_CMD_APPROVAL)
    ||  s_step (center, decide, lander, LX_CMD_TRANSFER)
    ||  s_step (lander, s_progress_msg ("d01-000001", "contract", 1), finder, LX_CMD_PROGRESSED))
        goto done;
    //  The timed reports: amount = the report's seq at the lander.
    for (int64_t index = 0; index < sizes->latency_messages; index++) {
        int64_t seq = bench_node_queued (lander) + 1;
        lx_msg_t *msg = s_progress_msg ("d01-000001", "funds", seq);
        bench_node_add (lander, &msg);
    }
    delivery.capacity = (size_t) sizes->latency_messages;
    delivery.latencies = (int64_t *) calloc (delivery.capacity, sizeof (int64_t));
    bench_node_on_event (finder, s_on_delivery, &delivery);
    bench_node_time (finder, true);
    bench_node_time (lander, true);
    poller = zpoller_new (bench_node_sock (finder), bench_node_sock (lander), bench_node_sock (center), NULL);
    uint64_t before [3];
    if (bench_city_commits (city, before))
        goto done;
    int64_t start = zclock_usecs ();
    int64_t sent = 0;
    int64_t deadline = zclock_mono () + sizes->latency_messages + 10000;
    while ((bench_node_acked (lander) < bench_node_queued (lander) || delivery.count < delivery.capacity)
           && zclock_mono () < deadline) {
        //  Message i goes at start + i ms.
        int64_t due = start + sent * 1000;
        int64_t now = zclock_usecs ();
        if (sent < sizes->latency_messages && now >= due) {
            sent += bench_node_send_one (lander);
            continue;
        }
        int64_t wait = sent < sizes->latency_messages? (due - now + 999) / 1000: 100;
        zpoller_wait (poller, (int) wait);
        if (bench_node_read (finder) || bench_node_read (lander) || bench_node_read (center))
            goto done;
    }
    size_t count;
    int64_t *latencies = bench_node_ack_latencies (lander, &count);
    if (count == (size_t) sizes->latency_messages && delivery.count == delivery.capacity) {
        qsort (latencies, count, sizeof (int64_t), bench_compare);
        qsort (delivery.latencies, delivery.count, sizeof (int64_t), bench_compare);
        if (bench_city_commits (city, commits))
            goto done;
        commits [0] -= before [0];
        commits [1] -= before [1];         //  the longest is kept: setup commits are few and small
        int percents [3] = { 50, 99, 100 };
        for (size_t index = 0; index < 3; index++) {
            ack [index] = bench_percentile (latencies, count, percents [index]);
            delivered [index] = bench_percentile (delivery.latencies, delivery.count, percents [index]);
        }
        rc = 0;
    }
    else
        fprintf (stderr, "bench: latency: %zu acknowledged, %zu delivered of %" PRId64 "\n",
                 count, delivery.count, sizes->latency_messages);
    free (latencies);
done:
    zpoller_destroy (&poller);
    free (delivery.latencies);
    bench_node_destroy (&finder);
    bench_node_destroy (&lander);
    bench_node_destroy (&center);
    bench_city_destroy (&city);
    return rc;
}

//  --------------------------------------------------------------------------
//  Catch-up

//  Puts count OFFERED events for d03 in the broker's store (as offers of
//  d01's leads would), with the broker stopped. Returns 0 or -1.
static int
s_queue_events (bench_city_t *city, int64_t count)
{
    char error [256];
    broker_store_t *store = broker_store_new (bench_city_store (city), error, sizeof error);
    if (!store) {
        fprintf (stderr, "bench: %s\n", error);
        return -1;
    }
    lx_store_t *db = broker_store_db (store);
    int rc = lx_store_begin (db);
    for (int64_t index = 1; index <= count && rc == 0; index++) {
        lx_lead_t *lead = s_lead ("d01", index);
        lead->stage = LX_STAGE_OFFERED;
        lx_msg_t *event = lx_msg_new (LX_CMD_OFFERED);
        lx_lead_to_msg (lead, event, false);
        lx_msg_set_int (event, LX_F_SCORE, 50);
        lx_msg_add_item (event, LX_F_REASONS, "行业C384");
        rc = broker_store_event_add (store, "d03", event) > 0? 0: -1;
        lx_msg_destroy (&event);
        lx_lead_destroy (&lead);
    }
    rc = rc? rc: lx_store_commit (db);
    if (rc)
        fprintf (stderr, "bench: %s\n", lx_store_error (db));
    broker_store_destroy (&store);
    return rc;
}

//  A real node daemon (node_agent) for d03 starts with count events
//  waiting; returns ms until its sync barrier passes (all applied), or -1.
static double
s_catchup (const char *dir, s_sizes_t *sizes)
{
    bench_city_t *city = bench_city_new (dir);
    if (!city || bench_city_start (city)) {
        bench_city_destroy (&city);
        return -1;
    }
    //  The broker knows its districts once it has started; the events
    //  go into its store while it is stopped, as if d03 had been away.
    bench_city_stop (city);
    double elapsed = -1;
    char *config = NULL;
    zactor_t *agent = NULL;
    if (s_queue_events (city, sizes->catchup_events) || bench_city_start (city))
        goto done;
    config = bench_city_node_config (city, "d03");
    int64_t start = zclock_usecs ();
    agent = zactor_new (node_agent_actor, config);
    char *status = zstr_recv (agent);
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready)
        goto done;
    char error [256];
    char *path = zsys_sprintf ("%.*s.db", (int) (strlen (config) - 4), config);
    node_store_t *store = node_store_new (path, error, sizeof error);
    free (path);
    char *control = store? node_store_meta (store, "control"): NULL;
    zsock_t *client = control? zsock_new_dealer (control): NULL;
    if (client) {
        zstr_send (client, "SYNC");
        zpoller_t *poller = zpoller_new (client, NULL);
        if (zpoller_wait (poller, 120000) == client) {
            char *answer = zstr_recv (client);
            elapsed = (zclock_usecs () - start) / 1000.0;
            zstr_free (&answer);
        }
        zpoller_destroy (&poller);
    }
    if (store && elapsed >= 0) {
        int64_t applied = node_store_applied (store);
        if (applied != sizes->catchup_events) {
            fprintf (stderr, "bench: catch-up: %" PRId64 " of %" PRId64 " applied\n", applied,
                     sizes->catchup_events);
            elapsed = -1;
        }
    }
    zsock_destroy (&client);
    free (control);
    node_store_destroy (&store);
done:
    zactor_destroy (&agent);
    free (config);
    bench_city_destroy (&city);
    return elapsed;
}

//  --------------------------------------------------------------------------

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "dir", required_argument, NULL, 'd' }, { "quick", no_argument, NULL, 'q' },
        { "part", required_argument, NULL, 'p' },
        { NULL, 0, NULL, 0 }
    };
    if (lx_store_setup ()) {
        fprintf (stderr, "leadx-bench: cannot set SQLite's options\n");
        return 1;
    }
    const char *dir = getenv ("TMPDIR")? getenv ("TMPDIR"): "/tmp";
    s_sizes_t sizes = { 300000, 2000, 200000, 2000, 9, 5000, 100000, 1000000, 1000000, 1500 };
    const char *part = NULL;
    int option;
    while ((option = getopt_long (argc, argv, "", options, NULL)) != -1) {
        if (option == 'd')
            dir = optarg;
        else
        if (option == 'q')
            sizes = (s_sizes_t) { 2000, 20, 2000, 20, 4, 50, 1000, 10000, 10000, 60 };
        else
        if (option == 'p')
            part = optarg;
        else {
            fprintf (stderr, "usage: leadx-bench [--dir DIR] [--quick]"
                             " [--part raw|throughput|latency|catchup|report|reconcile|register]\n");
            return 1;
        }
    }
    zsys_init ();
    zsys_set_logstream (NULL);      //  the broker's log lines would drown the figures
    bool failed = false;
    printf ("leadx-bench: stores in %s\n", dir);

    //  The raw figures come first: the others are read against them.
    double curve = 0, commits = 0, rows = 0, commit_ms [2] = { 0, 0 };
    if (!part || streq (part, "raw")) {
        double plain = bench_raw_zmq (sizes.raw_messages, false);
        curve = bench_raw_zmq (sizes.raw_messages, true);
        printf ("raw libzmq DEALER->ROUTER, 512 B, plain   %10.0f msg/s\n", plain);
        printf ("raw libzmq DEALER->ROUTER, 512 B, CURVE   %10.0f msg/s\n", curve);
        bench_raw_sqlite (dir, sizes.sqlite_commits, sizes.sqlite_rows, &commits, commit_ms, &rows);
        printf ("raw SQLite WAL+FULL, 1 row a commit       %10.0f commits/s  (each: p50 %.3f ms, p99 %.3f ms)\n",
                commits, commit_ms [0], commit_ms [1]);
        printf ("raw SQLite WAL+FULL, 1000 rows a commit   %10.0f rows/s\n", rows);
        fflush (stdout);
    }
    if (!part || streq (part, "throughput")) {
        int64_t total;
        double entries = 0, bytes = 0;
        double rate = s_throughput (dir, &sizes, &total, &entries, &bytes);
        if (rate < 0)
            failed = true;
        else {
            printf ("throughput, 10 nodes, %" PRId64 " lead+progress msgs  %10.0f msg/s"
                    "  (%.2f x raw CURVE, %.2f x SQLite batch rows)  target >= 100000\n",
                    total, rate, curve? rate / curve: 0, rows? rate / rows: 0);
            //  Taking an entry to cost what a raw batch row costs gives a
            //  rough estimate of the rate the record allows; an estimate,
            //  not a bound (the broker has passed it: README, Performance).
            if (entries > 0)
                printf ("the broker's record of a message          %10.1f B-tree entries, %.0f bytes of store"
                        "  (raw batch rows / entries: %.0f msg/s)\n", entries, bytes, rows? rows / entries: 0);
        }
        fflush (stdout);
    }
    if (!part || streq (part, "latency")) {
        //  Every acknowledgement waits for an fsync, so the disk's own
        //  latency at the same rate is printed beside it: one slow fsync
        //  holds up every message that arrives while it lasts.
        double disk [3], ack [3], delivered [3];
        uint64_t batches [3];
        int64_t slow = bench_paced_sqlite (dir, sizes.latency_messages, disk);
        printf ("raw SQLite WAL+FULL, 1 commit a ms, %" PRId64 "  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms"
                "  (%" PRId64 " commits over 5 ms)\n", sizes.latency_messages, disk [0], disk [1], disk [2], slow);
        if (s_latency (dir, &sizes, ack, delivered, batches))
            failed = true;
        else {
            printf ("broker commits during the timed reports  %6" PRIu64 "  longest %7.3f ms"
                    "  (%" PRIu64 " over 5 ms)\n", batches [0], batches [2] / 1000.0, batches [1]);
            printf ("latency at 1000 msg/s, %" PRId64 " msgs: send->ack       p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms"
                    "  target p50 <= 1, p99 <= 5\n", sizes.latency_messages, ack [0], ack [1], ack [2]);
            printf ("latency at 1000 msg/s, %" PRId64 " msgs: send->delivery  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms\n",
                    sizes.latency_messages, delivered [0], delivered [1], delivered [2]);
        }
        fflush (stdout);
    }
    if (!part || streq (part, "catchup")) {
        double caught = s_catchup (dir, &sizes);
        if (caught < 0)
            failed = true;
        else
            printf ("catch-up, node daemon, %" PRId64 " waiting events   %8.0f ms  (%.0f events/s)"
                    "  target <= 2000 ms for 100000\n", sizes.catchup_events, caught,
                    sizes.catchup_events * 1000.0 / caught);
    }
    if (!part || streq (part, "report")) {
        double best, median;
        if (bench_report (dir, sizes.report_entries, 5, &best, &median))
            failed = true;
        else
            printf ("annual report of one district, %" PRId64 " ledger entries  best %7.1f ms  median %7.1f ms"
                    "  target <= 1000 ms\n", sizes.report_entries, best, median);
        fflush (stdout);
    }
    if (!part || streq (part, "reconcile")) {
        //  A reconciliation must not cost anyone a heartbeat: the target
        //  is none missed, however long the digests take.
        bench_reconcile_t figures;
        if (bench_reconcile (dir, sizes.reconcile_messages, &figures))
            failed = true;
        else {
            printf ("reconcile of a node, %" PRId64 " messages  %8.0f ms end to end"
                    "  (fixture built in %.1f s; the broker waited %.3f ms at most for its digest snapshot)\n",
                    sizes.reconcile_messages, figures.reconcile_ms, figures.build_s, figures.snapshot_ms);
            printf ("heartbeats missed meanwhile, in a city of 9 nodes  %" PRId64
                    "  (marked offline by the broker %" PRId64 ", daemons reconnecting %" PRId64
                    ", pongs over 2 s %" PRId64 " of %" PRId64 " pings; longest ping->pong %.1f ms)  target 0\n",
                    figures.offline + figures.reconnects + figures.late_pongs, figures.offline,
                    figures.reconnects, figures.late_pongs, figures.pings, figures.longest_pong_ms);
        }
        fflush (stdout);
    }
    if (!part || streq (part, "register")) {
        bench_register_figures_t figures;
        int64_t sample = sizes.register_leads < 100? sizes.register_leads / 2: 100;
        if (bench_register (dir, sizes.register_leads, sample, &figures))
            failed = true;
        else {
            printf ("register, %" PRId64 " leads named 华科…, a registration before its commit:"
                    " first %" PRId64 "  %7.3f ms, last %" PRId64 "  %7.3f ms\n", sizes.register_leads,
                    sample, figures.first_applied, sample, figures.last_applied);
            printf ("register, %" PRId64 " leads named 华科…, a registration with its commit:  "
                    " first %" PRId64 "  %7.3f ms, last %" PRId64 "  %7.3f ms\n", sizes.register_leads,
                    sample, figures.first, sample, figures.last);
            printf ("register check alone after %" PRId64 ": the same start  %7.3f ms,"
                    " another start  %7.3f ms  (median of 201)\n", sizes.register_leads,
                    figures.check_same, figures.check_other);
        }
    }
    if (failed)
        fprintf (stderr, "leadx-bench: FAILED: a part did not deliver everything (above)\n");
    return failed? 1: 0;
}
