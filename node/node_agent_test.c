/*  node_agent_test: the daemon's selftest, against fake brokers (a ROUTER
    in plain text) and a real store. Part of the node_agent class. */

#include "node_agent_int.h"
#include "lx_cfg.h"
#include "lx_keys.h"
#include "lx_sign.h"

//  Receives from the fake broker until a message of cmd arrives (answering
//  pings with pongs, and counting them in *pings when pings is not NULL),
//  or the deadline passes: returns it (the caller's), or NULL. Sets
//  *routing_p (the caller's) to the node's routing id.
static lx_msg_t *
s_test_expect_counting (zsock_t *router, zframe_t **routing_p, lx_cmd_t cmd, int64_t deadline_ms, int *pings)
{
    zpoller_t *poller = zpoller_new (router, NULL);
    int64_t deadline = zclock_mono () + deadline_ms;
    lx_msg_t *found = NULL;
    while (!found && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())) != router)
            break;
        zframe_destroy (routing_p);
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (router, routing_p, &error);
        if (msg && lx_msg_cmd (msg) == cmd)
            found = msg;
        else
        if (msg && lx_msg_cmd (msg) == LX_CMD_PING) {
            if (pings)
                (*pings)++;
            lx_msg_t *pong = lx_msg_new (LX_CMD_PONG);
            lx_msg_set_str (pong, LX_F_NODE, "kecheng");
            lx_msg_set_int (pong, LX_F_ACK, 0);
            lx_msg_set_int (pong, LX_F_HEAD, 0);
            lx_msg_set_int (pong, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
            lx_msg_send (pong, router, *routing_p);
            lx_msg_destroy (&pong);
        }
        if (msg != found)
            lx_msg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    return found;
}

//  s_test_expect_counting, not counting.
static lx_msg_t *
s_test_expect (zsock_t *router, zframe_t **routing_p, lx_cmd_t cmd, int64_t deadline_ms)
{
    return s_test_expect_counting (router, routing_p, cmd, deadline_ms, NULL);
}

//  Sends a WELCOME saying the broker holds our messages up to ack.
static void
s_test_welcome (zsock_t *router, zframe_t *routing, int64_t ack, const char *challenge)
{
    lx_msg_t *welcome = lx_msg_new (LX_CMD_WELCOME);
    lx_msg_set_str (welcome, LX_F_NODE, "kecheng");
    lx_msg_set_int (welcome, LX_F_ACK, ack);
    lx_msg_set_int (welcome, LX_F_HEAD, 0);
    if (challenge)
        lx_msg_set_str (welcome, LX_F_CHALLENGE, challenge);
    assert (lx_msg_send (welcome, router, routing) == 0);
    lx_msg_destroy (&welcome);
}

//  The daemon against a fake broker (a ROUTER in plain text): what it
//  sends and leaves unacknowledged goes again after resend_ms; a welcome
//  saying the broker holds more of our messages than the store halts it,
//  signed off, and a staff command's verdict says why.
static void
s_test_fake_broker (const char *dir)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router && zsock_bind (router, "tcp://127.0.0.1:*") != -1);
    char *endpoint = zsock_last_endpoint (router);
    char *config_file = zsys_sprintf ("%s/fake.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"%s\"\n    plaintext = 1\n    store = \"fake.db\"\n"
                   "    heartbeat_ms = 50\n    liveness_ms = 10000\n    resend_ms = 300\n", endpoint);
    fclose (file);
    char *db_path = zsys_sprintf ("%s/fake.db", dir);
    char error [256];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->investor, "某新能源科技有限公司");
    lx_lead_set (&lead->project, "储能电池项目");
    lx_lead_set (&lead->found, "2026-11-03");
    lx_lead_add_industry (lead, "C3841");
    lx_error_t failure;
    assert (node_store_lead_add (store, "kecheng", lead, &failure) == 1);
    lx_lead_destroy (&lead);

    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zframe_t *routing = NULL;
    lx_msg_t *msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg && lx_msg_int (msg, LX_F_INSTANCE) > 0 && lx_msg_int (msg, LX_F_ACK) == 0);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, 0, NULL);
    msg = s_test_expect (router, &routing, LX_CMD_LEAD, 5000);
    assert (msg && lx_msg_int (msg, LX_F_SEQ) == 1);
    lx_msg_destroy (&msg);
    //  Not acknowledged: it comes again, after resend_ms, not before.
    int64_t sent = zclock_mono ();
    msg = s_test_expect (router, &routing, LX_CMD_LEAD, 5000);
    assert (msg && lx_msg_int (msg, LX_F_SEQ) == 1);
    assert (zclock_mono () - sent >= 250);
    lx_msg_destroy (&msg);

    //  The broker holds five of our messages, the store one: halted, and
    //  signed off.
    s_test_welcome (router, routing, 5, NULL);
    msg = s_test_expect (router, &routing, LX_CMD_BYE, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    char *control = node_store_meta (store, "control");
    assert (control);
    zsock_t *client = zsock_new_dealer (control);
    assert (client);
    zstr_sendx (client, "VERDICT", "1", "5000", NULL);
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 5000) == client);
    char *answer = NULL, *why = NULL;
    assert (zstr_recvx (client, &answer, &why, NULL) == 2);
    assert (streq (answer, "PENDING") && strstr (why, "this node is halted: the broker holds kecheng's messages"
                                                      " up to #5, this store"));
    assert (strstr (why, "leadx-node rebuild"));
    zstr_free (&answer);
    zstr_free (&why);
    zpoller_destroy (&poller);
    zsock_destroy (&client);
    zstr_free (&control);
    zactor_destroy (&agent);
    zframe_destroy (&routing);
    node_store_destroy (&store);
    zsock_destroy (&router);
    zstr_free (&endpoint);
    zstr_free (&config_file);
    zstr_free (&db_path);
}

//  Whether msg carries exactly lines as its digests.
static bool
s_test_carries (lx_msg_t *msg, zlistx_t *lines)
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

//  A reconciliation against a fake broker. The store holds 50,000 of our
//  messages: our digests are computed off the daemon's thread, and its
//  pings go on meanwhile; the RECONCILE carries them; on a new connection
//  the same digests go again (the command asked about the record as it
//  was when it came, not as it is now); the staff command gets both sides
//  when the broker answers.
static void
s_test_reconcile (const char *dir)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router && zsock_bind (router, "tcp://127.0.0.1:*") != -1);
    char *endpoint = zsock_last_endpoint (router);
    char *config_file = zsys_sprintf ("%s/reconcile.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"%s\"\n    plaintext = 1\n    store = \"reconcile.db\"\n"
                   "    heartbeat_ms = 10\n    liveness_ms = 60000\n", endpoint);
    fclose (file);
    char *db_path = zsys_sprintf ("%s/reconcile.db", dir);
    char error [256];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    lx_store_t *db = node_store_db (store);
    const int64_t held = 50000;
    uint8_t body [200];
    memset (body, 'm', sizeof body);
    assert (lx_store_begin (db) == 0);
    for (int64_t seq = 1; seq <= held + 1; seq++)
        assert (lx_store_exec (db, "INSERT INTO outbox (seq, cmd, body, acked) VALUES (?, 'lead', ?, ?)", "ibi",
                               seq, body, sizeof body, (int64_t) (seq <= held)) == 0);
    assert (lx_store_commit (db) == 0);
    char challenge [LX_DIGEST_CHALLENGE_SIZE], next [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (challenge);
    lx_digest_challenge_new (next);
    zlistx_t *ours = node_store_digests (store, "kecheng", challenge);
    assert (ours);

    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    zframe_t *routing = NULL;
    lx_msg_t *msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, held, challenge);
    char *control = node_store_meta (store, "control");
    assert (control);
    zsock_t *client = zsock_new_dealer (control);
    assert (client);
    zstr_send (client, "RECONCILE");
    int pings = 0;
    msg = s_test_expect_counting (router, &routing, LX_CMD_RECONCILE, 30000, &pings);
    assert (msg && s_test_carries (msg, ours));
    assert (streq (lx_msg_str (msg, LX_F_CHALLENGE), challenge));
    assert (pings >= 1);
    lx_msg_destroy (&msg);
    //  The broker tells it to say hello again: the record has moved on
    //  meanwhile (#50,001 acknowledged), and the same digests go again,
    //  under the same key (the broker keeps it until it answers).
    assert (node_store_outbox_ack (store, held + 1) == 0);
    msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_NOT_HELLO);
    lx_msg_set_str (msg, LX_F_REASON, "say hello first");
    assert (lx_msg_send (msg, router, routing) == 0);
    lx_msg_destroy (&msg);
    msg = s_test_expect (router, &routing, LX_CMD_HELLO, 5000);
    assert (msg);
    lx_msg_destroy (&msg);
    s_test_welcome (router, routing, held, challenge);
    msg = s_test_expect (router, &routing, LX_CMD_RECONCILE, 5000);
    assert (msg && s_test_carries (msg, ours));
    lx_msg_destroy (&msg);
    //  The broker refuses the key (it restarted, say) and names the
    //  current one: the digests are computed again under it.
    msg = lx_msg_new (LX_CMD_ERROR);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CHALLENGE);
    lx_msg_set_str (msg, LX_F_REASON, "not the current challenge");
    lx_msg_set_str (msg, LX_F_CHALLENGE, next);
    assert (lx_msg_send (msg, router, routing) == 0);
    lx_msg_destroy (&msg);
    zlistx_t *rekeyed = node_store_digests (store, "kecheng", next);
    assert (rekeyed && !streq ((char *) zlistx_first (rekeyed), (char *) zlistx_first (ours)));
    msg = s_test_expect (router, &routing, LX_CMD_RECONCILE, 30000);
    assert (msg && s_test_carries (msg, rekeyed));
    assert (streq (lx_msg_str (msg, LX_F_CHALLENGE), next));
    //  The broker answers: the command has both sides, one line a section.
    lx_msg_t *answer = lx_msg_new (LX_CMD_RECONCILED);
    lx_msg_set_str (answer, LX_F_NODE, "kecheng");
    lx_msg_set_int (answer, LX_F_TOKEN, lx_msg_int (msg, LX_F_TOKEN));
    for (const char *line = (const char *) zlistx_first (rekeyed); line;
         line = (const char *) zlistx_next (rekeyed))
        lx_msg_add_item (answer, LX_F_DIGESTS, line);
    lx_msg_set_str (answer, LX_F_CHALLENGE, challenge);
    assert (lx_msg_send (answer, router, routing) == 0);
    lx_msg_destroy (&answer);
    lx_msg_destroy (&msg);
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 5000) == client);
    zpoller_destroy (&poller);
    char *verdict = NULL, *mine = NULL, *theirs = NULL;
    assert (zstr_recvx (client, &verdict, &mine, &theirs, NULL) == 3);
    assert (streq (verdict, "OK") && streq (mine, theirs));
    assert (strncmp (mine, (const char *) zlistx_first (rekeyed), strlen ((const char *) zlistx_first (rekeyed))) == 0);
    assert (strchr (mine, '\n'));
    zstr_free (&verdict);
    zstr_free (&mine);
    zstr_free (&theirs);
    zlistx_destroy (&rekeyed);
    //  The broker was never silent past the liveness interval.
    zstr_send (agent, "STATS");
    int64_t silences = -1;
    assert (zsock_recv (agent, "8", &silences) == 0 && silences == 0);

    zsock_destroy (&client);
    zstr_free (&control);
    zactor_destroy (&agent);
    zframe_destroy (&routing);
    zlistx_destroy (&ours);
    node_store_destroy (&store);
    zsock_destroy (&router);
    zstr_free (&endpoint);
    zstr_free (&config_file);
    zstr_free (&db_path);
}

void
node_agent_test (bool verbose)
{
    (void) verbose;
    //  The end-to-end flow over real processes is tested in tests/; here
    //  the agent starts, refuses a bad configuration, and stops cleanly.
    char dir [] = "/tmp/node_agent_test_XXXXXX";
    assert (mkdtemp (dir));
    char *config_file = zsys_sprintf ("%s/node.cfg", dir);
    FILE *file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    broker = \"tcp://127.0.0.1:1\"\n"
                   "    heartbeat_ms = 50\n    liveness_ms = 150\n");
    fclose (file);
    //  Without its keys the node does not start.
    zactor_t *agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    char *status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    char key_error [256];
    char *key_path = zsys_sprintf ("%s/node.cert", dir);
    assert (lx_keys_generate (key_path, "kecheng", "county", key_error, sizeof key_error) == 0);
    zstr_free (&key_path);
    key_path = zsys_sprintf ("%s/broker.cert", dir);
    assert (lx_keys_generate (key_path, NULL, NULL, key_error, sizeof key_error) == 0);
    zstr_free (&key_path);
    //  Nor without the broker's public signing key (node/broker_sign).
    agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    key_path = zsys_sprintf ("%s/broker.sign", dir);
    assert (lx_sign_generate (key_path, key_error, sizeof key_error) == 0);
    zstr_free (&key_path);
    agent = zactor_new (node_agent_actor, config_file);
    assert (agent);
    status = zstr_recv (agent);
    assert (status && streq (status, "READY"));
    zstr_free (&status);
    //  The control endpoint is published in the store.
    char *db_path = zsys_sprintf ("%s/node.db", dir);
    char error [200];
    node_store_t *store = node_store_new (db_path, error, sizeof error);
    assert (store);
    char *control = node_store_meta (store, "control");
    assert (control && strncmp (control, "tcp://127.0.0.1:", 16) == 0);
    //  With no broker, a sync does not complete.
    zsock_t *client = zsock_new_dealer (control);
    zstr_send (client, "SYNC");
    zpoller_t *poller = zpoller_new (client, NULL);
    assert (zpoller_wait (poller, 400) == NULL && zpoller_expired (poller));
    zpoller_destroy (&poller);
    zsock_destroy (&client);
    zstr_free (&control);
    node_store_destroy (&store);
    zactor_destroy (&agent);
    zactor_destroy (&agent);

    file = fopen (config_file, "w");
    assert (file);
    fprintf (file, "node\n    id = \"kecheng\"\n    window = 0\n");
    fclose (file);
    agent = zactor_new (node_agent_actor, config_file);
    status = zstr_recv (agent);
    assert (status && streq (status, "FAILED"));
    zstr_free (&status);
    zactor_destroy (&agent);
    s_test_fake_broker (dir);
    s_test_reconcile (dir);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    zstr_free (&db_path);
    zstr_free (&config_file);
}
