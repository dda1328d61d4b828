/*  node_ctl: staff commands that need the running node daemon. */

#include "node_ctl.h"
#include "lx_digest.h"

//  Sends command (with arg and arg2 when not NULL) to the daemon and waits
//  up to timeout_ms for its answer. Returns the answer (caller destroys),
//  or NULL with error set.
static zmsg_t *
s_ask_ms (node_store_t *store, const char *command, const char *arg, const char *arg2, int64_t timeout_ms,
          char *error, size_t error_size)
{
    char *control = node_store_meta (store, "control");
    if (!control) {
        snprintf (error, error_size, "the node daemon has never run here (leadx-node run)");
        return NULL;
    }
    zsock_t *client = zsock_new (ZMQ_DEALER);
    assert (client);
    zsock_set_linger (client, 0);
    zmsg_t *answer = NULL;
    if (zsock_connect (client, "%s", control) == 0 && zstr_sendx (client, command, arg, arg2, NULL) == 0) {
        zpoller_t *poller = zpoller_new (client, NULL);
        if (zpoller_wait (poller, (int) timeout_ms) == client)
            answer = zmsg_recv (client);
        zpoller_destroy (&poller);
    }
    if (!answer && timeout_ms % 1000 == 0)
        snprintf (error, error_size, "the daemon or the broker did not answer %s within %" PRId64 " s",
                  command, timeout_ms / 1000);
    else
    if (!answer)
        snprintf (error, error_size, "the daemon or the broker did not answer %s within %" PRId64 " ms",
                  command, timeout_ms);
    zsock_destroy (&client);
    free (control);
    return answer;
}

//  As s_ask_ms, for a command without arguments and a timeout in seconds.
static zmsg_t *
s_ask (node_store_t *store, const char *command, int64_t timeout, char *error, size_t error_size)
{
    return s_ask_ms (store, command, NULL, NULL, timeout * 1000, error, error_size);
}

int
node_ctl_verdict (node_store_t *store, int64_t seq, int64_t timeout_ms, int *code, char *reason,
                  size_t reason_size)
{
    assert (store && code && reason);
    char number [24], wait [24];
    snprintf (number, sizeof number, "%" PRId64, seq);
    snprintf (wait, sizeof wait, "%" PRId64, timeout_ms);
    //  The daemon answers by its deadline; a little more lets its answer
    //  travel before we take its silence for absence.
    zmsg_t *answer = s_ask_ms (store, "VERDICT", number, wait, timeout_ms + 1000, reason, reason_size);
    if (!answer) {
        snprintf (reason, reason_size, "the node daemon did not answer (is it running? leadx-node start)");
        return -1;
    }
    char *status = zmsg_popstr (answer);
    char *first = zmsg_popstr (answer);
    char *second = zmsg_popstr (answer);
    int rc = -1;
    if (status && streq (status, "ACCEPTED"))
        rc = 0;
    else
    if (status && streq (status, "REJECTED") && first && second) {
        *code = atoi (first);
        snprintf (reason, reason_size, "%s", second);
        rc = 1;
    }
    else
    if (status && streq (status, "PENDING") && first) {
        snprintf (reason, reason_size, "%s", first);
        rc = 2;
    }
    else
        snprintf (reason, reason_size, "the daemon gave a malformed answer to VERDICT");
    zstr_free (&status);
    zstr_free (&first);
    zstr_free (&second);
    zmsg_destroy (&answer);
    return rc;
}

int
node_ctl_sync (node_store_t *store, int64_t timeout, char *error, size_t error_size)
{
    assert (store && error);
    zmsg_t *answer = s_ask (store, "SYNC", timeout, error, error_size);
    char *status = answer? zmsg_popstr (answer): NULL;
    int rc = status && streq (status, "OK")? 0: -1;
    if (answer && rc)
        snprintf (error, error_size, "not in sync: the daemon answered %s", status? status: "nothing");
    zstr_free (&status);
    zmsg_destroy (&answer);
    return rc;
}

//  Splits text into a new list of its lines (the caller's).
static zlistx_t *
s_lines (const char *text)
{
    zlistx_t *lines = zlistx_new ();
    assert (lines);
    zlistx_set_destructor (lines, (zlistx_destructor_fn *) zstr_free);
    while (text && *text) {
        const char *end = strchr (text, '\n');
        size_t size = end? (size_t) (end - text): strlen (text);
        char *line = (char *) malloc (size + 1);
        assert (line);
        memcpy (line, text, size);
        line [size] = '\0';
        zlistx_add_end (lines, line);
        text = end? end + 1: text + size;
    }
    return lines;
}

int
node_ctl_reconcile (node_store_t *store, int64_t timeout, bool json, char *error, size_t error_size)
{
    assert (store && error);
    //  Compare a settled state: what is in flight would show as a difference.
    if (node_ctl_sync (store, timeout, error, error_size))
        return -1;
    zmsg_t *answer = s_ask (store, "RECONCILE", timeout, error, error_size);
    if (!answer)
        return -1;
    char *status = zmsg_popstr (answer);
    char *ours = zmsg_popstr (answer);
    char *theirs = zmsg_popstr (answer);
    int rc = -1;
    if (status && streq (status, "OK") && ours && theirs) {
        zlistx_t *mine = s_lines (ours);
        zlistx_t *broker = s_lines (theirs);
        rc = lx_digest_report (mine, broker, json, stdout);
        zlistx_destroy (&mine);
        zlistx_destroy (&broker);
    }
    else
    if (status && streq (status, "ERROR") && ours)
        snprintf (error, error_size, "%s", ours);       //  why our digests could not be computed
    else
        snprintf (error, error_size, "the daemon gave a malformed answer to RECONCILE");
    zstr_free (&status);
    zstr_free (&ours);
    zstr_free (&theirs);
    zmsg_destroy (&answer);
    return rc;
}

void
node_ctl_test (bool verbose)
{
    (void) verbose;
    //  The commands against a live daemon and broker run in the integration
    //  and fault tests; here, the refusals when there is no daemon.
    char dir [] = "/tmp/node_ctl_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    assert (node_ctl_sync (store, 1, error, sizeof error) == -1);
    assert (strstr (error, "never run here"));
    assert (node_ctl_reconcile (store, 1, false, error, sizeof error) == -1);
    //  A control endpoint nobody serves: no answer within the timeout.
    zsock_t *silent = zsock_new (ZMQ_ROUTER);
    assert (zsock_bind (silent, "tcp://127.0.0.1:*") != -1);
    char *endpoint = zsock_last_endpoint (silent);
    assert (node_store_set_meta (store, "control", endpoint) == 0);
    assert (node_ctl_sync (store, 1, error, sizeof error) == -1);
    assert (strstr (error, "did not answer"));
    //  Lines split as the daemon sends them.
    zlistx_t *lines = s_lines ("sent 1 a\ncredit 2 b");
    assert (zlistx_size (lines) == 2 && streq ((char *) zlistx_last (lines), "credit 2 b"));
    zlistx_destroy (&lines);
    lines = s_lines ("");
    assert (zlistx_size (lines) == 0);
    zlistx_destroy (&lines);
    zstr_free (&endpoint);
    zsock_destroy (&silent);
    node_store_destroy (&store);
    zdir_t *tree = zdir_new (dir, NULL);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    free (path);
}
