/*  broker_server_test: the selftest of broker_server, a real broker actor
    and a raw DEALER acting as a node over CURVE on loopback. */

#include "broker_fixture.h"
#include "broker_server.h"
#include "broker_store.h"
#include "lx_keys.h"
#include "lx_lead.h"
#include "lx_msg.h"

//  Receives one message on a test DEALER within 5 s; asserts it arrives.
static lx_msg_t *
s_expect (zsock_t *dealer, lx_cmd_t cmd)
{
    zpoller_t *poller = zpoller_new (dealer, NULL);
    void *which = zpoller_wait (poller, 5000);
    zpoller_destroy (&poller);
    assert (which == dealer);
    lx_error_t error;
    lx_msg_t *msg = lx_msg_recv (dealer, NULL, &error);
    assert (msg);
    if (lx_msg_cmd (msg) != cmd) {
        lx_msg_print (msg);
        fflush (stdout);
    }
    assert (lx_msg_cmd (msg) == cmd);
    return msg;
}

//  Sends msg (taking it) on a test DEALER; asserts it goes.
static void
s_send (zsock_t *dealer, lx_msg_t **msg_p)
{
    assert (lx_msg_send (*msg_p, dealer, NULL) == 0);
    lx_msg_destroy (msg_p);
}

//  Sends a hello as node in role, having applied no event.
static void
s_send_hello (zsock_t *dealer, const char *node, const char *role)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_HELLO);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_str (msg, LX_F_ROLE, role);
    lx_msg_set_int (msg, LX_F_ACK, 0);
    lx_msg_set_int (msg, LX_F_INSTANCE, 1 + (int64_t) (uintptr_t) dealer % 1000000);
    s_send (dealer, &msg);
}

//  Reads messages on a test DEALER, for up to 5 s, until one of cmd has
//  come (an ACK: of at least ack) and, when ack > 0, an ACK of at least
//  ack too, in either order (the broker's batches decide it); returns the
//  first message of cmd. Asserts both come.
static lx_msg_t *
s_wait_for (zsock_t *dealer, lx_cmd_t cmd, int64_t ack)
{
    zpoller_t *poller = zpoller_new (dealer, NULL);
    int64_t deadline = zclock_mono () + 5000;
    lx_msg_t *found = NULL;
    bool acked = ack == 0;
    while ((!found || !acked) && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())) != dealer)
            continue;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (dealer, NULL, &error);
        assert (msg);
        bool ack_enough = lx_msg_cmd (msg) == LX_CMD_ACK && lx_msg_int (msg, LX_F_ACK) >= ack;
        if (ack_enough)
            acked = true;
        if (!found && lx_msg_cmd (msg) == cmd && (cmd != LX_CMD_ACK || ack_enough))
            found = msg;
        else
            lx_msg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    assert (found && acked);
    return found;
}

//  Sends a numbered msg (taking it) as node with seq.
static void
s_send_numbered (zsock_t *dealer, const char *node, int64_t seq, lx_msg_t *msg)
{
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, seq);
    s_send (dealer, &msg);
}

//  A STRIKE of the NULL-ended leads.
static lx_msg_t *
s_strike (const char **leads)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_STRIKE);
    for (const char **lead = leads; *lead; lead++)
        lx_msg_add_item (msg, LX_F_LEADS, *lead);
    lx_msg_set_str (msg, LX_F_REASON, "投资意向不明确");
    return msg;
}

//  The batches the broker applied a second time, carefully (STATS).
static uint64_t
s_replays (zactor_t *broker)
{
    uint64_t commits, slow, longest, replays;
    assert (zstr_send (broker, "STATS") == 0);
    assert (zsock_recv (broker, "8888", &commits, &slow, &longest, &replays) == 0);
    return replays;
}

//  The first column of the first row of sql, an integer, in the store at
//  path (read-only, beside the running broker).
static int64_t
s_store_int (const char *path, const char *sql)
{
    sqlite3 *db;
    assert (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_stmt *stmt;
    assert (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK);
    assert (sqlite3_step (stmt) == SQLITE_ROW);
    int64_t value = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return value;
}

//  Expects an ERROR with code; returns its ref (0 when it has none).
static int64_t
s_expect_error (zsock_t *dealer, int code)
{
    lx_msg_t *msg = s_expect (dealer, LX_CMD_ERROR);
    assert (lx_msg_int (msg, LX_F_CODE) == code);
    int64_t ref = lx_msg_has (msg, LX_F_REF)? lx_msg_int (msg, LX_F_REF): 0;
    lx_msg_destroy (&msg);
    return ref;
}

//  A LEAD of kecheng's, numbered seq, for lead number.
static lx_msg_t *
s_lead_msg (int64_t number)
{
    char id [32];
    snprintf (id, sizeof id, "kecheng-%06" PRId64, number);
    lx_lead_t *lead = broker_fixture_lead (id, "某丙公司", 100000000, "C3911");
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  A RECONCILE as kecheng with token, keyed with challenge, carrying lines.
static lx_msg_t *
s_reconcile_msg (int64_t token, const char *challenge, zlistx_t *lines)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_RECONCILE);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_TOKEN, token);
    lx_msg_set_str (msg, LX_F_CHALLENGE, challenge);
    for (const char *line = (const char *) zlistx_first (lines); line; line = (const char *) zlistx_next (lines))
        lx_msg_add_item (msg, LX_F_DIGESTS, line);
    return msg;
}

//  Reads on a test DEALER until a RECONCILED comes (within 60 s), counting
//  the PONGs and ACKs that came before it. Returns it.
static lx_msg_t *
s_reconciled (zsock_t *dealer, int *pongs, int *acks)
{
    zpoller_t *poller = zpoller_new (dealer, NULL);
    int64_t deadline = zclock_mono () + 60000;
    lx_msg_t *found = NULL;
    while (!found && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())) != dealer)
            continue;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (dealer, NULL, &error);
        assert (msg);
        lx_cmd_t cmd = lx_msg_cmd (msg);
        assert (cmd != LX_CMD_ERROR);
        *pongs += cmd == LX_CMD_PONG;
        *acks += cmd == LX_CMD_ACK;
        if (cmd == LX_CMD_RECONCILED)
            found = msg;
        else
            lx_msg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    assert (found);
    return found;
}

//  Whether a RECONCILE or RECONCILED carries exactly lines.
static bool
s_carries (lx_msg_t *msg, zlistx_t *lines)
{
    if (lx_msg_count (msg, LX_F_DIGESTS) != zlistx_size (lines))
        return false;
    size_t index = 0;
    for (const char *line = (const char *) zlistx_first (lines); line;
         line = (const char *) zlistx_next (lines), index++)
        if (!streq (line, lx_msg_item (msg, LX_F_DIGESTS, index)))
            return false;
    return true;
}

//  Reconciliation beside delivery. kecheng's record holds 30,000 messages,
//  whose digests the broker's worker takes a while to compute: a ping and
//  a message sent just after the RECONCILE are answered before it is; the
//  digests are of the record as of the RECONCILE's place in kecheng's
//  stream (the message after it is not in them, one just before it is);
//  a RECONCILE repeated while the first is computed is answered once.
static void
s_test_reconcile (void)
{
    char dir [] = "/tmp/broker_server_reconcile_XXXXXX";
    assert (mkdtemp (dir));
    char path [256], error [256], server_cert [256];
    snprintf (path, sizeof path, "%s/nodes", dir);
    assert (zsys_dir_create (path) == 0);
    snprintf (server_cert, sizeof server_cert, "%s/broker.cert", dir);
    assert (lx_keys_generate (server_cert, NULL, NULL, error, sizeof error) == 0);
    snprintf (path, sizeof path, "%s/broker.sign", dir);
    assert (lx_sign_generate (path, error, sizeof error) == 0);
    snprintf (path, sizeof path, "%s/kecheng.cert", dir);
    assert (lx_keys_generate (path, "kecheng", "county", error, sizeof error) == 0);
    zcert_t *cert = zcert_load (path);
    assert (cert);
    snprintf (path, sizeof path, "%s/nodes/kecheng.cert", dir);
    assert (zcert_save_public (cert, path) == 0);
    zcert_destroy (&cert);
    char *config_file = zsys_sprintf ("%s/broker.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "broker\n    endpoint = \"tcp://127.0.0.1:*\"\n    store = \"broker.db\"\n"
                   "    cert = \"broker.cert\"\n    clients = \"nodes\"\n    liveness_ms = 600000\n"
                   "districts\n    kecheng\n        name = \"柯城区\"\n        role = \"county\"\n"
                   "        leading = \"C39\"\n");
    fclose (file);
    //  kecheng's 30,000 messages, stored as the broker stores them.
    const int64_t held = 30000;
    char store_path [256];
    snprintf (store_path, sizeof store_path, "%s/broker.db", dir);
    broker_store_t *store = broker_store_new (store_path, error, sizeof error);
    assert (store);
    lx_store_t *db = broker_store_db (store);
    uint8_t body [200];
    memset (body, 'm', sizeof body);
    assert (broker_store_node_ensure (store, "kecheng", "county") == 0);
    assert (lx_store_begin (db) == 0);
    for (int64_t seq = 1; seq <= held; seq++)
        assert (broker_store_received (store, "kecheng", seq, "lead", body, sizeof body, 0, 0) == 0);
    assert (broker_store_set_received (store, "kecheng", held) == 0);
    assert (lx_store_commit (db) == 0);
    broker_store_destroy (&store);

    zactor_t *broker = zactor_new (broker_server_actor, config_file);
    char *status = zstr_recv (broker);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zstr_send (broker, "ENDPOINT");
    char *endpoint = zstr_recv (broker);
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    snprintf (path, sizeof path, "%s/kecheng.cert", dir);
    assert (lx_keys_apply_client (dealer, path, server_cert, error, sizeof error) == 0);
    assert (zsock_connect (dealer, "%s", endpoint) == 0);
    s_send_hello (dealer, "kecheng", "county");
    lx_msg_t *msg = s_expect (dealer, LX_CMD_WELCOME);
    assert (lx_msg_int (msg, LX_F_ACK) == held);
    //  The welcome carries the key of the next reconciliation; our digests
    //  are the honest node's, computed from the rows under it.
    char challenge [LX_DIGEST_CHALLENGE_SIZE];
    snprintf (challenge, sizeof challenge, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    assert (lx_digest_challenge_valid (challenge));
    lx_msg_destroy (&msg);
    lx_store_t *reader = lx_store_new_reader (store_path, error, sizeof error);
    assert (reader);
    zlistx_t *before = lx_digest_store (reader, broker_store_digest_queries (), "kecheng", challenge);
    assert (before);

    //  RECONCILE, a ping and a lead at once: the ping and the lead are
    //  answered while the digests are computed, and the lead is not in them.
    msg = s_reconcile_msg (1, challenge, before);
    s_send (dealer, &msg);
    msg = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    s_send (dealer, &msg);
    s_send_numbered (dealer, "kecheng", held + 1, s_lead_msg (1));
    int pongs = 0, acks = 0;
    msg = s_reconciled (dealer, &pongs, &acks);
    assert (pongs == 1 && acks == 1);
    assert (lx_msg_int (msg, LX_F_TOKEN) == 1 && s_carries (msg, before));
    //  The answer spends the key and carries the next.
    char next [LX_DIGEST_CHALLENGE_SIZE];
    snprintf (next, sizeof next, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    assert (lx_digest_challenge_valid (next) && !streq (next, challenge));
    zlistx_t *echoed = zlistx_new ();
    zlistx_set_destructor (echoed, (zlistx_destructor_fn *) zstr_free);
    for (size_t index = 0; index < lx_msg_count (msg, LX_F_DIGESTS); index++)
        zlistx_add_end (echoed, strdup (lx_msg_item (msg, LX_F_DIGESTS, index)));
    lx_msg_destroy (&msg);

    //  A dishonest node echoes the broker's digests. Under the spent key
    //  it is refused (CHALLENGE) and told the current one; under the
    //  current key the echo differs: the broker's digests are its own
    //  record under a key the node could not know when it got the echo.
    msg = s_reconcile_msg (2, challenge, echoed);
    s_send (dealer, &msg);
    msg = s_expect (dealer, LX_CMD_ERROR);
    assert (lx_msg_int (msg, LX_F_CODE) == LX_ERR_CHALLENGE);
    assert (streq (lx_msg_str (msg, LX_F_CHALLENGE), next));
    lx_msg_destroy (&msg);
    msg = s_reconcile_msg (3, next, echoed);
    s_send (dealer, &msg);
    pongs = acks = 0;
    msg = s_reconciled (dealer, &pongs, &acks);
    assert (lx_msg_int (msg, LX_F_TOKEN) == 3 && !s_carries (msg, echoed));
    snprintf (challenge, sizeof challenge, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    lx_msg_destroy (&msg);
    char *record = zsys_sprintf ("%s", store_path);
    store = broker_store_new (record, error, sizeof error);
    assert (store);
    broker_reconciled_t last;
    assert (broker_store_reported (store, "kecheng", &last) == 0);
    assert (streq (last.challenge, next));
    assert (lx_digest_report (last.node_lines, last.broker_lines, false, NULL) == LX_DIGEST_SECTION_COUNT);
    broker_reconciled_clear (&last);
    broker_store_destroy (&store);
    zstr_free (&record);
    zlistx_destroy (&echoed);

    //  A lead just before the RECONCILE is in them.
    s_send_numbered (dealer, "kecheng", held + 2, s_lead_msg (2));
    msg = s_reconcile_msg (4, challenge, before);
    s_send (dealer, &msg);
    pongs = acks = 0;
    msg = s_reconciled (dealer, &pongs, &acks);
    char sent [32];
    snprintf (sent, sizeof sent, "sent %" PRId64 " ", held + 2);
    assert (lx_msg_int (msg, LX_F_TOKEN) == 4 && acks == 1);
    assert (strncmp (lx_msg_item (msg, LX_F_DIGESTS, 0), sent, strlen (sent)) == 0);
    snprintf (challenge, sizeof challenge, "%s", lx_msg_str (msg, LX_F_CHALLENGE));
    lx_msg_destroy (&msg);
    //  Asked again before the answer (a reconnection sends the same
    //  digests under the same key): one computation, the newest request
    //  answered, once (the ping after it is answered next, and the broker
    //  counts the one joined).
    zlistx_destroy (&before);
    before = lx_digest_store (reader, broker_store_digest_queries (), "kecheng", challenge);
    assert (before);
    msg = s_reconcile_msg (5, challenge, before);
    s_send (dealer, &msg);
    msg = s_reconcile_msg (6, challenge, before);
    s_send (dealer, &msg);
    msg = s_reconciled (dealer, &pongs, &acks);
    assert (lx_msg_int (msg, LX_F_TOKEN) == 6 && s_carries (msg, before));
    lx_msg_destroy (&msg);
    msg = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    s_send (dealer, &msg);
    msg = s_expect (dealer, LX_CMD_PONG);
    lx_msg_destroy (&msg);
    uint64_t offline = 1, reconciles = 0, joined = 0, longest = 0;
    zstr_send (broker, "HEALTH");
    assert (zsock_recv (broker, "8888", &offline, &reconciles, &joined, &longest) == 0);
    assert (offline == 0 && reconciles == 4 && joined == 1 && longest > 0);
    //  The record holds the last reconciliation, the request answered:
    //  the node's digests and ours, equal, under the key it was asked with.
    store = broker_store_new (store_path, error, sizeof error);
    assert (store);
    assert (broker_store_reported (store, "kecheng", &last) == 0);
    assert (streq (last.challenge, challenge));
    assert (streq ((const char *) zlistx_first (last.node_lines), (const char *) zlistx_first (before)));
    assert (lx_digest_report (last.node_lines, last.broker_lines, false, NULL) == 0);
    broker_reconciled_clear (&last);
    broker_store_destroy (&store);
    lx_store_destroy (&reader);

    zlistx_destroy (&before);
    zsock_destroy (&dealer);
    zstr_free (&endpoint);
    zactor_destroy (&broker);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&config_file);
}

void
broker_server_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/broker_server_test_XXXXXX";
    assert (mkdtemp (dir));
    char *config_file = zsys_sprintf ("%s/broker.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file,
        "broker\n"
        "    endpoint = \"tcp://127.0.0.1:*\"\n"
        "    store = \"broker.db\"\n"
        "    cert = \"broker.cert\"\n"
        "    clients = \"nodes\"\n"
        "    liveness_ms = 600000\n"       //  the test's DEALERs send no heartbeats
        "    resend_ms = 300\n"
        "districts\n"
        "    kecheng\n"
        "        name = \"柯城区\"\n"
        "        role = \"county\"\n"
        "        leading = \"C39\"\n"
        "    qujiang\n"
        "        name = \"衢江区\"\n"
        "        role = \"county\"\n"
        "        leading = \"C26\"\n"
        "    center\n"
        "        name = \"协作中心\"\n"
        "        role = \"center\"\n");
    fclose (file);
    //  Without its keys the broker does not start.
    zactor_t *broker = zactor_new (broker_server_actor, config_file);
    assert (broker);
    char *status = zstr_recv (broker);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&broker);
    //  Keys: the broker's, and kecheng's, whose public half the broker holds.
    char path [256], error [256];
    snprintf (path, sizeof path, "%s/broker.cert", dir);
    assert (lx_keys_generate (path, NULL, NULL, error, sizeof error) == 0);
    snprintf (path, sizeof path, "%s/kecheng.cert", dir);
    assert (lx_keys_generate (path, "kecheng", "county", error, sizeof error) == 0);
    zcert_t *cert = zcert_load (path);
    assert (cert);
    //  Nor without its ledger signing key (broker.sign beside broker.cert).
    snprintf (path, sizeof path, "%s/nodes", dir);
    assert (zsys_dir_create (path) == 0);
    broker = zactor_new (broker_server_actor, config_file);
    assert (broker);
    status = zstr_recv (broker);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&broker);
    snprintf (path, sizeof path, "%s/broker.sign", dir);
    assert (lx_sign_generate (path, error, sizeof error) == 0);
    snprintf (path, sizeof path, "%s/nodes/kecheng.cert", dir);
    assert (zcert_save_public (cert, path) == 0);
    zcert_destroy (&cert);
    snprintf (path, sizeof path, "%s/center.cert", dir);
    assert (lx_keys_generate (path, "center", "center", error, sizeof error) == 0);
    cert = zcert_load (path);
    assert (cert);
    snprintf (path, sizeof path, "%s/nodes/center.cert", dir);
    assert (zcert_save_public (cert, path) == 0);
    zcert_destroy (&cert);

    broker = zactor_new (broker_server_actor, config_file);
    assert (broker);
    status = zstr_recv (broker);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zstr_send (broker, "ENDPOINT");
    char *endpoint = zstr_recv (broker);
    assert (endpoint && strncmp (endpoint, "tcp://127.0.0.1:", 16) == 0);

    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    assert (dealer);
    char server_cert [256];
    snprintf (server_cert, sizeof server_cert, "%s/broker.cert", dir);
    snprintf (path, sizeof path, "%s/kecheng.cert", dir);
    assert (lx_keys_apply_client (dealer, path, server_cert, error, sizeof error) == 0);
    assert (zsock_connect (dealer, "%s", endpoint) == 0);
    //  Before hello: refused.
    lx_msg_t *msg = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    s_send (dealer, &msg);
    s_expect_error (dealer, LX_ERR_NOT_HELLO);
    //  kecheng's key cannot say hello as another district, known or not.
    s_send_hello (dealer, "atlantis", "county");
    s_expect_error (dealer, LX_ERR_IDENTITY);
    s_send_hello (dealer, "qujiang", "county");
    s_expect_error (dealer, LX_ERR_IDENTITY);
    //  A hello with the wrong role is refused.
    s_send_hello (dealer, "kecheng", "center");
    s_expect_error (dealer, LX_ERR_NOT_ALLOWED);
    //  Hello as kecheng.
    s_send_hello (dealer, "kecheng", "county");
    msg = s_expect (dealer, LX_CMD_WELCOME);
    assert (lx_msg_int (msg, LX_F_ACK) == 0 && lx_msg_int (msg, LX_F_HEAD) == 0);
    lx_msg_destroy (&msg);
    //  A message in another node's name is refused.
    msg = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (msg, LX_F_NODE, "qujiang");
    s_send (dealer, &msg);
    s_expect_error (dealer, LX_ERR_IDENTITY);
    //  A numbered message is acknowledged; sent twice, it is applied once.
    for (int round = 0; round < 2; round++) {
        msg = lx_msg_new (LX_CMD_OFFER);
        lx_msg_set_str (msg, LX_F_NODE, "kecheng");
        lx_msg_set_int (msg, LX_F_SEQ, 1);
        lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000404");
        s_send (dealer, &msg);
        msg = s_expect (dealer, LX_CMD_ACK);
        assert (lx_msg_int (msg, LX_F_ACK) == 1);
        lx_msg_destroy (&msg);
        if (round == 0) {
            //  unknown lead: acknowledged, and refused by a numbered event
            msg = s_expect (dealer, LX_CMD_REJECTED);
            assert (lx_msg_int (msg, LX_F_REF) == 1 && lx_msg_int (msg, LX_F_SEQ) == 1);
            assert (lx_msg_int (msg, LX_F_CODE) == LX_ERR_NOT_FOUND);
            lx_msg_destroy (&msg);
        }
    }
    //  Each acknowledgement came after a commit, and the commits were timed.
    zstr_send (broker, "STATS");
    uint64_t commits = 0, slow = 0, longest = 0, replays = 1;
    assert (zsock_recv (broker, "8888", &commits, &slow, &longest, &replays) == 0);
    assert (commits >= 2 && slow <= commits && longest > 0);
    assert (replays == 0);      //  the offer was refused before it wrote anything
    //  A gap is refused.
    msg = lx_msg_new (LX_CMD_CLAIM);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_SEQ, 5);
    lx_msg_set_str (msg, LX_F_LEAD, "qujiang-1");
    s_send (dealer, &msg);
    assert (s_expect_error (dealer, LX_ERR_SEQ_GAP) == 2);
    //  Garbage gets an error and the broker keeps serving: the signature
    //  and a body that is no msgpack map, a ping framed as LEADX/1 was
    //  (signature and body in two frames), and a ping signed LEADX/1 in
    //  one frame. A ping signed as it should be is answered after them.
    zframe_t *frame = zframe_new (LX_MSG_SIGNATURE "\xDD\xFF\xFF\xFF\xFF", LX_MSG_SIGNATURE_SIZE + 5);
    assert (frame && zframe_send (&frame, dealer, 0) == 0);
    s_expect_error (dealer, LX_ERR_BAD_MSGPACK);
    msg = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    uint8_t *body;
    size_t size;
    assert (lx_msg_encode (msg, &body, &size) == 0);
    zmsg_t *junk = zmsg_new ();
    zmsg_addstr (junk, "LEADX/1");
    zmsg_addmem (junk, body, size);
    assert (zmsg_send (&junk, dealer) == 0);
    s_expect_error (dealer, LX_ERR_BAD_FRAME);
    uint8_t *framed = (uint8_t *) malloc (7 + size);
    assert (framed);
    memcpy (framed, "LEADX/1", 7);
    memcpy (framed + 7, body, size);
    frame = zframe_new (framed, 7 + size);
    assert (frame && zframe_send (&frame, dealer, 0) == 0);
    s_expect_error (dealer, LX_ERR_BAD_VERSION);
    free (framed);
    free (body);
    s_send (dealer, &msg);
    msg = s_expect (dealer, LX_CMD_PONG);
    lx_msg_destroy (&msg);
    //  Reconnecting (hello with ack 0) resends the rejection event.
    s_send_hello (dealer, "kecheng", "county");
    msg = s_expect (dealer, LX_CMD_WELCOME);
    assert (lx_msg_int (msg, LX_F_ACK) == 1 && lx_msg_int (msg, LX_F_HEAD) == 1);
    lx_msg_destroy (&msg);
    msg = s_expect (dealer, LX_CMD_REJECTED);
    assert (lx_msg_int (msg, LX_F_SEQ) == 1);
    lx_msg_destroy (&msg);

    //  A refusal after writes. The center strikes two leads, the second
    //  unknown: the strike is refused whole, though the first lead was
    //  struck before the second was found missing. The batch ran without
    //  savepoints, so the broker rolls it back and applies it again with
    //  one for each message: nothing of the refused strike remains, and
    //  the strike after it is applied once.
    lx_lead_t *lead = broker_fixture_lead ("kecheng-000001", "某甲公司", 100000000, "C3911");
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    s_send_numbered (dealer, "kecheng", 2, msg);
    lead = broker_fixture_lead ("kecheng-000002", "某乙公司", 100000000, "C3911");
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    s_send_numbered (dealer, "kecheng", 3, msg);
    msg = s_wait_for (dealer, LX_CMD_ACK, 3);
    lx_msg_destroy (&msg);
    zsock_t *center = zsock_new (ZMQ_DEALER);
    assert (center);
    snprintf (path, sizeof path, "%s/center.cert", dir);
    assert (lx_keys_apply_client (center, path, server_cert, error, sizeof error) == 0);
    assert (zsock_connect (center, "%s", endpoint) == 0);
    s_send_hello (center, "center", "center");
    msg = s_expect (center, LX_CMD_WELCOME);
    lx_msg_destroy (&msg);
    const char *with_unknown [] = { "kecheng-000001", "kecheng-999999", NULL };
    const char *second [] = { "kecheng-000002", NULL };
    assert (s_replays (broker) == 0);
    s_send_numbered (center, "center", 1, s_strike (with_unknown));
    s_send_numbered (center, "center", 2, s_strike (second));
    msg = s_wait_for (center, LX_CMD_REJECTED, 2);
    assert (lx_msg_int (msg, LX_F_REF) == 1 && lx_msg_int (msg, LX_F_CODE) == LX_ERR_NOT_FOUND);
    lx_msg_destroy (&msg);
    assert (s_replays (broker) == 1);
    char store [256];
    snprintf (store, sizeof store, "%s/broker.db", dir);
    assert (s_store_int (store, "SELECT count(*) FROM lead WHERE id = 'kecheng-000001' AND stage = 'captured'") == 1);
    assert (s_store_int (store, "SELECT count(*) FROM lead WHERE id = 'kecheng-000002' AND stage = 'struck'") == 1);
    assert (s_store_int (store, "SELECT count(*) FROM lead_change WHERE kind = 'strike'") == 1);
    char *outcomes = zsys_sprintf ("SELECT count(*) FROM inbound WHERE node = 'center'"
                                   " AND ((seq = 1 AND outcome = %d) OR (seq = 2 AND outcome = 0))", LX_ERR_NOT_FOUND);
    assert (s_store_int (store, outcomes) == 2);
    zstr_free (&outcomes);
    //  A batch that meets no such refusal (the ping's) ends the careful
    //  mode: the next refusal after writes is met by a batch without
    //  savepoints again. Each round the center first acknowledges its
    //  events: when the acknowledgement shares the refused strike's batch
    //  (most rounds, not all: the broker reads what has arrived), it is
    //  applied a second time and must still reach the store.
    for (int round = 0; round < 5; round++) {
        msg = lx_msg_new (LX_CMD_PING);
        lx_msg_set_str (msg, LX_F_NODE, "center");
        s_send (center, &msg);
        msg = s_wait_for (center, LX_CMD_PONG, 0);
        int64_t head = lx_msg_int (msg, LX_F_HEAD);
        assert (head >= 2 + round);     //  the rejections and the strike, told to the center
        lx_msg_destroy (&msg);
        msg = lx_msg_new (LX_CMD_ACK);
        lx_msg_set_str (msg, LX_F_NODE, "center");
        lx_msg_set_int (msg, LX_F_ACK, head);
        s_send (center, &msg);
        s_send_numbered (center, "center", 3 + round, s_strike (with_unknown));
        msg = s_wait_for (center, LX_CMD_ACK, 3 + round);
        lx_msg_destroy (&msg);
        assert (s_replays (broker) == (uint64_t) (2 + round));
        assert (s_store_int (store, "SELECT acked FROM node WHERE id = 'center'") == head);
    }
    assert (s_store_int (store, "SELECT count(*) FROM lead WHERE id = 'kecheng-000001' AND stage = 'captured'") == 1);
    assert (s_store_int (store, "SELECT count(*) FROM lead_change WHERE kind = 'strike'") == 1);
    zsock_destroy (&center);

    //  A second connection with kecheng's key while the first lives (its
    //  daemon another instance): refused, and the center alerted once an
    //  episode.
    zsock_t *second_dealer = zsock_new (ZMQ_DEALER);
    assert (second_dealer);
    snprintf (path, sizeof path, "%s/kecheng.cert", dir);
    assert (lx_keys_apply_client (second_dealer, path, server_cert, error, sizeof error) == 0);
    assert (zsock_connect (second_dealer, "%s", endpoint) == 0);
    const char *alerts = "SELECT count(*) FROM event WHERE node = 'center' AND cmd = 'alert'";
    int64_t alerted = s_store_int (store, alerts);
    for (int round = 0; round < 2; round++) {
        s_send_hello (second_dealer, "kecheng", "county");
        s_expect_error (second_dealer, LX_ERR_IN_USE);
    }
    assert (s_store_int (store, alerts) == alerted + 1);
    //  The first signs off: the second is taken at once.
    msg = lx_msg_new (LX_CMD_BYE);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    s_send (dealer, &msg);
    s_send_hello (second_dealer, "kecheng", "county");
    msg = s_wait_for (second_dealer, LX_CMD_WELCOME, 0);
    assert (lx_msg_int (msg, LX_F_ACK) == 3 && lx_msg_has (msg, LX_F_HASH));
    lx_msg_destroy (&msg);
    //  Events it does not acknowledge come again after resend_ms (its
    //  hello acknowledged none: they come now, then again, not sooner).
    msg = s_wait_for (second_dealer, LX_CMD_REJECTED, 0);
    assert (lx_msg_int (msg, LX_F_SEQ) == 1);
    lx_msg_destroy (&msg);
    int64_t delivered = zclock_mono ();
    msg = s_wait_for (second_dealer, LX_CMD_REJECTED, 0);
    assert (lx_msg_int (msg, LX_F_SEQ) == 1 && zclock_mono () - delivered >= 250);
    lx_msg_destroy (&msg);
    msg = lx_msg_new (LX_CMD_ACK);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_ACK, 2);
    s_send (second_dealer, &msg);
    //  Another message under a seq the broker holds: SEQ_REUSED, never
    //  acknowledged; the same message again is a plain duplicate.
    msg = lx_msg_new (LX_CMD_OFFER);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000999");
    s_send_numbered (second_dealer, "kecheng", 1, msg);
    msg = s_wait_for (second_dealer, LX_CMD_ERROR, 0);     //  past any resend still on its way
    assert (lx_msg_int (msg, LX_F_CODE) == LX_ERR_SEQ_REUSED && lx_msg_int (msg, LX_F_REF) == 1);
    lx_msg_destroy (&msg);
    assert (s_store_int (store, alerts) == alerted + 2);
    msg = lx_msg_new (LX_CMD_OFFER);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000404");
    s_send_numbered (second_dealer, "kecheng", 1, msg);
    msg = s_wait_for (second_dealer, LX_CMD_ACK, 3);
    lx_msg_destroy (&msg);
    assert (s_store_int (store, "SELECT count(*) FROM inbound WHERE node = 'kecheng'") == 3);
    zsock_destroy (&second_dealer);

    zsock_destroy (&dealer);
    zstr_free (&endpoint);
    zactor_destroy (&broker);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&config_file);
    s_test_reconcile ();
}
