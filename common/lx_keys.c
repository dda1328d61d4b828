/*  lx_keys: the CURVE certificates of a city, and applying them to sockets. */

#include "lx_keys.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

//  Loads the certificate at path; with secret, insists on its secret file.
//  Returns the certificate (the caller's) or NULL with error set.
static zcert_t *
s_load (const char *path, bool secret, char *error, size_t error_size)
{
    char secret_path [1024];
    snprintf (secret_path, sizeof secret_path, "%s_secret", path);
    if (secret && access (secret_path, R_OK)) {
        snprintf (error, error_size, "no secret certificate %s (make one with keygen)", secret_path);
        return NULL;
    }
    zcert_t *cert = zcert_load (path);
    if (!cert)
        snprintf (error, error_size, "cannot load the certificate %s", path);
    return cert;
}

int
lx_keys_generate (const char *path, const char *node, const char *role, char *error, size_t error_size)
{
    assert (path);
    char secret_path [1024];
    snprintf (secret_path, sizeof secret_path, "%s_secret", path);
    if (access (secret_path, F_OK) == 0) {
        snprintf (error, error_size, "%s exists: not replacing a key (remove it first)", secret_path);
        return -1;
    }
    zcert_t *cert = zcert_new ();
    if (!cert) {
        snprintf (error, error_size, "cannot make a certificate (is libzmq built with CURVE?)");
        return -1;
    }
    if (node)
        zcert_set_meta (cert, "node", "%s", node);
    if (role)
        zcert_set_meta (cert, "role", "%s", role);
    int rc = zcert_save (cert, path);
    if (rc)
        snprintf (error, error_size, "cannot write %s", path);
    zcert_destroy (&cert);
    return rc? -1: 0;
}

int
lx_keys_apply_server (zsock_t *sock, const char *path, char *error, size_t error_size)
{
    assert (sock && path);
    zcert_t *cert = s_load (path, true, error, error_size);
    if (!cert)
        return -1;
    zcert_apply (cert, sock);
    zsock_set_curve_server (sock, 1);
    zsock_set_zap_domain (sock, LX_KEYS_DOMAIN);
    zcert_destroy (&cert);
    return 0;
}

int
lx_keys_apply_client (zsock_t *sock, const char *path, const char *server_path,
                      char *error, size_t error_size)
{
    assert (sock && path && server_path);
    zcert_t *cert = s_load (path, true, error, error_size);
    if (!cert)
        return -1;
    zcert_t *server = s_load (server_path, false, error, error_size);
    if (!server) {
        zcert_destroy (&cert);
        return -1;
    }
    zcert_apply (cert, sock);
    zsock_set_curve_serverkey (sock, zcert_public_txt (server));
    zcert_destroy (&server);
    zcert_destroy (&cert);
    return 0;
}

//  Test helper: can client reach server with one message (within 10 s, for
//  slow runs under valgrind)? Returns the received body frame's "node"
//  metadata copy (caller frees), or NULL.
static char *
s_test_send (zsock_t *server, zsock_t *client)
{
    zstr_send (client, "hello");
    zpoller_t *poller = zpoller_new (server, NULL);
    char *node = NULL;
    if (zpoller_wait (poller, 10000) == server) {
        zmsg_t *msg = zmsg_recv (server);
        const char *meta = zframe_meta (zmsg_last (msg), "node");
        node = strdup (meta? meta: "");
        zmsg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    return node;
}

void
lx_keys_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_keys_test.XXXXXX";
    assert (mkdtemp (dir));
    char clients [64], broker [80], kecheng [80], stranger [80], error [256];
    snprintf (clients, sizeof clients, "%s/nodes", dir);
    assert (zsys_dir_create (clients) == 0);
    snprintf (broker, sizeof broker, "%s/broker.cert", dir);
    snprintf (kecheng, sizeof kecheng, "%s/kecheng.cert", dir);
    snprintf (stranger, sizeof stranger, "%s/stranger.cert", dir);
    assert (lx_keys_generate (broker, NULL, NULL, error, sizeof error) == 0);
    assert (lx_keys_generate (kecheng, "kecheng", "county", error, sizeof error) == 0);
    assert (lx_keys_generate (stranger, "kecheng", "county", error, sizeof error) == 0);
    //  Keys are never silently replaced.
    assert (lx_keys_generate (kecheng, "kecheng", "county", error, sizeof error) == -1);
    assert (strstr (error, "exists"));
    //  The broker holds only kecheng's public certificate.
    zcert_t *cert = zcert_load (kecheng);
    assert (cert && streq (zcert_meta (cert, "node"), "kecheng"));
    char public_only [96];
    snprintf (public_only, sizeof public_only, "%s/kecheng.cert", clients);
    assert (zcert_save_public (cert, public_only) == 0);
    zcert_destroy (&cert);

    zactor_t *auth = zactor_new (zauth, NULL);
    assert (auth);
    zstr_sendx (auth, "CURVE", clients, NULL);
    zsock_wait (auth);

    zsock_t *server = zsock_new (ZMQ_ROUTER);
    assert (server);
    zsock_set_linger (server, 0);
    assert (lx_keys_apply_server (server, broker, error, sizeof error) == 0);
    int port = zsock_bind (server, "tcp://127.0.0.1:*");
    assert (port > 0);

    //  A known node gets through, and the server learns who it is from the
    //  certificate, not from anything the client says.
    zsock_t *client = zsock_new (ZMQ_DEALER);
    zsock_set_linger (client, 0);
    assert (lx_keys_apply_client (client, kecheng, broker, error, sizeof error) == 0);
    assert (zsock_connect (client, "tcp://127.0.0.1:%d", port) == 0);
    char *node = s_test_send (server, client);
    assert (node && streq (node, "kecheng"));
    zstr_free (&node);
    zsock_destroy (&client);

    //  A key the broker does not hold is refused at the handshake, even
    //  though its certificate claims to be kecheng: the server reports the
    //  authentication failure (waited for, so a slow run cannot pass by
    //  merely not having finished), and its message never arrives.
    zactor_t *monitor = zactor_new (zmonitor, server);
    assert (monitor);
    zstr_sendx (monitor, "LISTEN", "HANDSHAKE_FAILED_AUTH", NULL);
    zstr_send (monitor, "START");
    zsock_wait (monitor);
    client = zsock_new (ZMQ_DEALER);
    zsock_set_linger (client, 0);
    assert (lx_keys_apply_client (client, stranger, broker, error, sizeof error) == 0);
    assert (zsock_connect (client, "tcp://127.0.0.1:%d", port) == 0);
    zstr_send (client, "hello");
    zpoller_t *poller = zpoller_new (monitor, NULL);
    assert (zpoller_wait (poller, 10000) == monitor);
    zmsg_t *event = zmsg_recv (monitor);
    char *name = event? zmsg_popstr (event): NULL;
    assert (name && streq (name, "HANDSHAKE_FAILED_AUTH"));
    zstr_free (&name);
    zmsg_destroy (&event);
    zpoller_destroy (&poller);
    zactor_destroy (&monitor);
    assert (!(zsock_events (server) & ZMQ_POLLIN));
    zsock_destroy (&client);

    //  Without its secret file a certificate cannot be used, and says so.
    client = zsock_new (ZMQ_DEALER);
    assert (lx_keys_apply_client (client, public_only, broker, error, sizeof error) == -1);
    assert (strstr (error, "no secret certificate"));
    assert (lx_keys_apply_client (client, kecheng, "/nonexistent/broker.cert", error, sizeof error) == -1);
    zsock_destroy (&client);

    zsock_destroy (&server);
    zactor_destroy (&auth);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
}
