/*  lx_monitor: names a socket's failed handshakes, from libzmq's socket
    monitor. */

#include "lx_monitor.h"

struct _lx_monitor_t {
    lx_monitor_side_t side;     //  client or server
    char *peer;                 //  the other end, for sentences
    char *mechanism;            //  the handshake's name, for sentences
    char *hints [LX_MONITOR_KINDS];     //  per kind, said after its sentence; NULL for none
    zactor_t *actor;            //  zmonitor on the watched socket; NULL when detached
    //  A client's episode:
    lx_monitor_kind_t failing;  //  kind of the last failure told; OTHER when none since a success
    int64_t failures;           //  failures since the last success
    //  A server's lines:
    int64_t interval;           //  ms between two lines
    int64_t told_at;            //  monotonic ms of the last line; 0 before the first
    int64_t counts [LX_MONITOR_KINDS];  //  failures not yet told, by kind
    int64_t untold;             //  their sum
    lx_monitor_event_t last;    //  the last of them
};

//  Short labels of failure kinds, for a server's counts.
static const char *s_labels [LX_MONITOR_KINDS] = {
    [LX_MONITOR_CLOSED] = "closed during the handshake",
    [LX_MONITOR_CRYPTO] = "not decrypted",
    [LX_MONITOR_REFUSED] = "refused",
    [LX_MONITOR_MISMATCH] = "mechanism mismatch",
    [LX_MONITOR_PROTOCOL] = "protocol error",
};

lx_monitor_t *
lx_monitor_new (lx_monitor_side_t side, const char *peer, const char *mechanism)
{
    assert (peer && mechanism);
    lx_monitor_t *self = (lx_monitor_t *) zmalloc (sizeof (lx_monitor_t));
    if (!self)
        return NULL;
    self->side = side;
    self->peer = strdup (peer);
    self->mechanism = strdup (mechanism);
    self->interval = LX_MONITOR_INTERVAL;
    if (!self->peer || !self->mechanism)
        lx_monitor_destroy (&self);
    return self;
}

void
lx_monitor_destroy (lx_monitor_t **self_p)
{
    assert (self_p);
    lx_monitor_t *self = *self_p;
    if (self) {
        lx_monitor_detach (self);
        for (int kind = 0; kind < LX_MONITOR_KINDS; kind++)
            free (self->hints [kind]);
        free (self->peer);
        free (self->mechanism);
        free (self);
        *self_p = NULL;
    }
}

void
lx_monitor_set_hint (lx_monitor_t *self, lx_monitor_kind_t kind, const char *hint)
{
    assert (self && kind < LX_MONITOR_KINDS);
    free (self->hints [kind]);
    self->hints [kind] = hint? strdup (hint): NULL;
}

void
lx_monitor_set_interval (lx_monitor_t *self, int64_t interval)
{
    assert (self && interval >= 0);
    self->interval = interval;
}

int
lx_monitor_attach (lx_monitor_t *self, zsock_t *sock)
{
    assert (self && sock);
    lx_monitor_detach (self);
    self->actor = zactor_new (zmonitor, sock);
    if (!self->actor)
        return -1;
    //  The ends of handshakes only: nothing per message, one event or two
    //  per connection.
    if (zstr_sendx (self->actor, "LISTEN", "HANDSHAKE_SUCCEEDED", "HANDSHAKE_FAILED_NO_DETAIL",
                    "HANDSHAKE_FAILED_PROTOCOL", "HANDSHAKE_FAILED_AUTH", NULL)
    ||  zstr_sendx (self->actor, "START", NULL)
    ||  zsock_wait (self->actor)) {
        lx_monitor_detach (self);
        return -1;
    }
    return 0;
}

void
lx_monitor_detach (lx_monitor_t *self)
{
    assert (self);
    zactor_destroy (&self->actor);
}

zactor_t *
lx_monitor_actor (lx_monitor_t *self)
{
    assert (self);
    return self->actor;
}

//  The kind of a zmonitor event.
static lx_monitor_kind_t
s_classify (const char *name, int value)
{
    if (streq (name, "HANDSHAKE_SUCCEEDED"))
        return LX_MONITOR_SUCCEEDED;
    if (streq (name, "HANDSHAKE_FAILED_NO_DETAIL"))
        return LX_MONITOR_CLOSED;
    if (streq (name, "HANDSHAKE_FAILED_AUTH"))
        return LX_MONITOR_REFUSED;
    if (streq (name, "HANDSHAKE_FAILED_PROTOCOL"))
        return value == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC? LX_MONITOR_CRYPTO
             : value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH? LX_MONITOR_MISMATCH
             : LX_MONITOR_PROTOCOL;
    return LX_MONITOR_OTHER;
}

int
lx_monitor_recv (lx_monitor_t *self, lx_monitor_event_t *event)
{
    assert (self && event);
    if (!self->actor)
        return -1;
    zmsg_t *msg = zmsg_recv (self->actor);
    if (!msg)
        return -1;
    char *name = zmsg_popstr (msg);
    char *value = zmsg_popstr (msg);
    char *endpoint = zmsg_popstr (msg);
    memset (event, 0, sizeof *event);
    snprintf (event->name, sizeof event->name, "%s", name? name: "");
    snprintf (event->endpoint, sizeof event->endpoint, "%s", endpoint? endpoint: "");
    //  Protocol errors are up to 0x30000000: they fit an int.
    event->value = value? (int) strtol (value, NULL, 10): 0;
    event->kind = s_classify (event->name, event->value);
    zstr_free (&name);
    zstr_free (&value);
    zstr_free (&endpoint);
    zmsg_destroy (&msg);
    return 0;
}

char *
lx_monitor_sentence (lx_monitor_t *self, const lx_monitor_event_t *event)
{
    assert (self && event);
    bool client = self->side == LX_MONITOR_CLIENT;
    switch (event->kind) {
        case LX_MONITOR_SUCCEEDED:
            return zsys_sprintf ("the %s handshake succeeded", self->mechanism);
        case LX_MONITOR_CLOSED:
            return client? zsys_sprintf ("%s closed the connection during the handshake:"
                                         " it did not accept our hello", self->peer)
                         : zsys_sprintf ("%s closed the connection during the handshake", self->peer);
        case LX_MONITOR_CRYPTO:
            return client? zsys_sprintf ("the reply of %s could not be decrypted: the keys do not match",
                                         self->peer)
                         : zsys_sprintf ("the hello of %s could not be decrypted: it uses another server key",
                                         self->peer);
        case LX_MONITOR_REFUSED:
            return client? zsys_sprintf ("%s refused our certificate (ZAP status %d)", self->peer, event->value)
                         : zsys_sprintf ("the certificate of %s was refused (ZAP status %d)", self->peer,
                                         event->value);
        case LX_MONITOR_MISMATCH:
            return zsys_sprintf ("%s does not use our security mechanism (one side CURVE, the other"
                                 " plain text)", self->peer);
        case LX_MONITOR_PROTOCOL:
            return zsys_sprintf ("protocol error 0x%08x with %s", (unsigned) event->value, self->peer);
        default:
            return zsys_sprintf ("%s (%d)", event->name, event->value);
    }
}

//  The sentence of event, its hint after it.
static char *
s_explain (lx_monitor_t *self, const lx_monitor_event_t *event)
{
    char *sentence = lx_monitor_sentence (self, event);
    const char *hint = self->hints [event->kind];
    if (!sentence || !hint)
        return sentence;
    char *explained = zsys_sprintf ("%s; %s", sentence, hint);
    zstr_free (&sentence);
    return explained;
}

//  A server's line on the failures not yet told; forgets them.
static char *
s_server_line (lx_monitor_t *self, int64_t now)
{
    char *explained = s_explain (self, &self->last);
    char *line;
    if (self->untold == 1)
        line = zsys_sprintf ("a %s handshake on %s failed: %s", self->mechanism, self->last.endpoint,
                             explained? explained: "");
    else {
        char counts [256] = "";
        size_t used = 0;
        for (int kind = 0; kind < LX_MONITOR_KINDS; kind++)
            if (self->counts [kind] && used < sizeof counts)
                used += (size_t) snprintf (counts + used, sizeof counts - used, "%s%" PRId64 " %s",
                                           used? ", ": "", self->counts [kind], s_labels [kind]);
        line = zsys_sprintf ("%" PRId64 " %s handshakes on %s failed in the last %" PRId64 " s (%s);"
                             " the last: %s", self->untold, self->mechanism, self->last.endpoint,
                             (now - self->told_at + 500) / 1000, counts, explained? explained: "");
    }
    zstr_free (&explained);
    memset (self->counts, 0, sizeof self->counts);
    self->untold = 0;
    self->told_at = now;
    return line;
}

char *
lx_monitor_report (lx_monitor_t *self, const lx_monitor_event_t *event, int64_t now)
{
    assert (self && event);
    if (event->kind == LX_MONITOR_OTHER)
        return NULL;
    if (self->side == LX_MONITOR_SERVER) {
        //  Successes are the peers' business, and the normal case.
        if (event->kind == LX_MONITOR_SUCCEEDED)
            return NULL;
        self->counts [event->kind]++;
        self->untold++;
        self->last = *event;
        return lx_monitor_due (self, now);
    }
    if (event->kind == LX_MONITOR_SUCCEEDED) {
        int64_t failures = self->failures;
        self->failures = 0;
        self->failing = LX_MONITOR_OTHER;
        return failures? zsys_sprintf ("the %s handshake with %s succeeded after %" PRId64 " failed %s",
                                       self->mechanism, event->endpoint, failures,
                                       failures == 1? "attempt": "attempts")
                       : NULL;
    }
    self->failures++;
    if (event->kind == self->failing)
        return NULL;            //  the same again: libzmq or the owner retrying
    self->failing = event->kind;
    char *explained = s_explain (self, event);
    char *line = zsys_sprintf ("the %s handshake with %s failed: %s", self->mechanism, event->endpoint,
                               explained? explained: "");
    zstr_free (&explained);
    return line;
}

char *
lx_monitor_due (lx_monitor_t *self, int64_t now)
{
    assert (self);
    if (self->side != LX_MONITOR_SERVER || self->untold == 0)
        return NULL;
    if (self->told_at && now - self->told_at < self->interval)
        return NULL;
    return s_server_line (self, now);
}

//  Test helpers: a CURVE server (a ROUTER with zauth admitting the
//  certificates in a directory) and its monitor, and clients connecting to it.
typedef struct {
    zactor_t *auth;             //  ZAP handler
    zsock_t *router;            //  the server
    lx_monitor_t *monitor;      //  the server's monitor
    zcert_t *cert;              //  the server's certificate
    int port;                   //  where it listens
} s_test_server_t;

//  Reads monitor's events until one of kind (asserting it comes within
//  5 s) and returns it in *event; what each event read on the way makes
//  lx_monitor_report tell at now is added to reports (the test frees it).
static void
s_test_wait (lx_monitor_t *monitor, lx_monitor_kind_t kind, lx_monitor_event_t *event, zlistx_t *reports,
             int64_t now)
{
    zpoller_t *poller = zpoller_new (lx_monitor_actor (monitor), NULL);
    assert (poller);
    int64_t deadline = zclock_mono () + 5000;
    while (true) {
        int64_t left = deadline - zclock_mono ();
        assert (left > 0);      //  the event came in time
        if (zpoller_wait (poller, (int) left) == NULL)
            continue;
        assert (lx_monitor_recv (monitor, event) == 0);
        char *line = lx_monitor_report (monitor, event, now);
        if (line)
            zlistx_add_end (reports, line);
        if (event->kind == kind)
            break;
    }
    zpoller_destroy (&poller);
}

//  A client DEALER: CURVE with cert and server_key (plain text when cert
//  is NULL), monitored by monitor, connected to port.
static zsock_t *
s_test_client (lx_monitor_t *monitor, zcert_t *cert, const char *server_key, int port)
{
    zsock_t *client = zsock_new (ZMQ_DEALER);
    assert (client);
    zsock_set_linger (client, 0);
    zsock_set_reconnect_ivl (client, 50);
    if (cert) {
        zcert_apply (cert, client);
        zsock_set_curve_serverkey (client, server_key);
    }
    assert (lx_monitor_attach (monitor, client) == 0);
    assert (zsock_connect (client, "tcp://127.0.0.1:%d", port) == 0);
    return client;
}

//  Frees the lines of reports, then the list.
static void
s_test_purge (zlistx_t *reports)
{
    for (char *line = (char *) zlistx_first (reports); line; line = (char *) zlistx_next (reports))
        free (line);
    zlistx_purge (reports);
}

void
lx_monitor_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_monitor_test.XXXXXX";
    assert (mkdtemp (dir));
    zcert_t *admitted = zcert_new ();
    zcert_t *stranger = zcert_new ();
    char *path = zsys_sprintf ("%s/admitted.cert", dir);
    assert (zcert_save_public (admitted, path) == 0);
    zstr_free (&path);

    s_test_server_t server;
    server.auth = zactor_new (zauth, NULL);
    assert (server.auth);
    assert (zstr_sendx (server.auth, "CURVE", dir, NULL) == 0 && zsock_wait (server.auth) == 0);
    server.cert = zcert_new ();
    server.router = zsock_new (ZMQ_ROUTER);
    zcert_apply (server.cert, server.router);
    zsock_set_curve_server (server.router, 1);
    server.monitor = lx_monitor_new (LX_MONITOR_SERVER, "a node", "CURVE");
    assert (server.monitor);
    lx_monitor_set_hint (server.monitor, LX_MONITOR_REFUSED, "not in the clients directory");
    assert (lx_monitor_attach (server.monitor, server.router) == 0);
    server.port = zsock_bind (server.router, "tcp://127.0.0.1:*");
    assert (server.port > 0);
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", server.port);

    lx_monitor_t *monitor = lx_monitor_new (LX_MONITOR_CLIENT, "the broker", "CURVE");
    assert (monitor);
    lx_monitor_set_hint (monitor, LX_MONITOR_CLOSED, "is broker_cert the broker's public certificate?");
    assert (lx_monitor_actor (monitor) == NULL);
    zlistx_t *reports = zlistx_new ();
    zlistx_t *server_reports = zlistx_new ();
    lx_monitor_event_t event;
    int64_t now = 1000000;      //  the server's clock, moved by hand

    //  Right keys: both sides see HANDSHAKE_SUCCEEDED; nothing to tell.
    zsock_t *client = s_test_client (monitor, admitted, zcert_public_txt (server.cert), server.port);
    s_test_wait (monitor, LX_MONITOR_SUCCEEDED, &event, reports, now);
    assert (streq (event.name, "HANDSHAKE_SUCCEEDED") && streq (event.endpoint, endpoint));
    s_test_wait (server.monitor, LX_MONITOR_SUCCEEDED, &event, server_reports, now);
    assert (zlistx_size (reports) == 0 && zlistx_size (server_reports) == 0);
    lx_monitor_detach (monitor);
    zsock_destroy (&client);

    //  The wrong server key: the server cannot decrypt the hello and hangs
    //  up; the client sees only the connection closed. Told once, however
    //  often libzmq retries (every 50 ms here), and on a new socket too.
    client = s_test_client (monitor, admitted, zcert_public_txt (stranger), server.port);
    s_test_wait (monitor, LX_MONITOR_CLOSED, &event, reports, now);
    assert (streq (event.name, "HANDSHAKE_FAILED_NO_DETAIL"));
    s_test_wait (monitor, LX_MONITOR_CLOSED, &event, reports, now);
    lx_monitor_detach (monitor);
    zsock_destroy (&client);
    client = s_test_client (monitor, admitted, zcert_public_txt (stranger), server.port);
    s_test_wait (monitor, LX_MONITOR_CLOSED, &event, reports, now);
    assert (zlistx_size (reports) == 1);
    char *expected = zsys_sprintf ("the CURVE handshake with %s failed: the broker closed the connection"
                                   " during the handshake: it did not accept our hello; is broker_cert"
                                   " the broker's public certificate?", endpoint);
    assert (streq ((char *) zlistx_first (reports), expected));
    zstr_free (&expected);
    s_test_purge (reports);
    //  The server names it: the first failure at once, then nothing until
    //  the interval has passed; then how many, and the last.
    s_test_wait (server.monitor, LX_MONITOR_CRYPTO, &event, server_reports, now);
    assert (streq (event.name, "HANDSHAKE_FAILED_PROTOCOL") && event.value == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
    assert (streq (event.endpoint, endpoint));     //  the server's own end: no peer address
    assert (zlistx_size (server_reports) == 1);
    expected = zsys_sprintf ("a CURVE handshake on %s failed: the hello of a node could not be decrypted:"
                             " it uses another server key", endpoint);
    assert (streq ((char *) zlistx_first (server_reports), expected));
    zstr_free (&expected);
    s_test_purge (server_reports);
    s_test_wait (server.monitor, LX_MONITOR_CRYPTO, &event, server_reports, now + 1000);
    s_test_wait (server.monitor, LX_MONITOR_CRYPTO, &event, server_reports, now + 2000);
    assert (zlistx_size (server_reports) == 0);
    assert (lx_monitor_due (server.monitor, now + LX_MONITOR_INTERVAL - 1) == NULL);
    char *line = lx_monitor_due (server.monitor, now + LX_MONITOR_INTERVAL);
    //  Two read after the first; a connection the client dropped half-way
    //  may add one "closed during the handshake".
    expected = zsys_sprintf (" CURVE handshakes on %s failed in the last 5 s (", endpoint);
    assert (line && strstr (line, expected) && strstr (line, "2 not decrypted"));
    assert (strstr (line, "; the last: the hello of a node could not be decrypted: it uses another server key"));
    zstr_free (&expected);
    zstr_free (&line);
    assert (lx_monitor_due (server.monitor, now + 3 * LX_MONITOR_INTERVAL) == NULL);    //  all told
    lx_monitor_detach (monitor);
    zsock_destroy (&client);

    //  A key the ZAP handler refuses: both sides see HANDSHAKE_FAILED_AUTH
    //  with its status; a new kind in the episode is told.
    now += 10 * LX_MONITOR_INTERVAL;
    client = s_test_client (monitor, stranger, zcert_public_txt (server.cert), server.port);
    s_test_wait (monitor, LX_MONITOR_REFUSED, &event, reports, now);
    assert (streq (event.name, "HANDSHAKE_FAILED_AUTH") && event.value == 400);
    assert (zlistx_size (reports) == 1);
    expected = zsys_sprintf ("the CURVE handshake with %s failed: the broker refused our certificate"
                             " (ZAP status 400)", endpoint);
    assert (streq ((char *) zlistx_first (reports), expected));
    zstr_free (&expected);
    s_test_purge (reports);
    s_test_wait (server.monitor, LX_MONITOR_REFUSED, &event, server_reports, now);
    assert (event.value == 400);
    //  Told at once, or (when a late event of the last socket came first
    //  and was told) with the next line, as the last failure.
    line = lx_monitor_due (server.monitor, now + LX_MONITOR_INTERVAL);
    if (!line) {
        assert (zlistx_size (server_reports) >= 1);
        line = strdup ((char *) zlistx_last (server_reports));
    }
    assert (strstr (line, "the certificate of a node was refused (ZAP status 400); not in the clients directory"));
    zstr_free (&line);
    s_test_purge (server_reports);
    lx_monitor_detach (monitor);
    zsock_destroy (&client);

    //  Plain text against CURVE: a mechanism mismatch, on both sides.
    client = s_test_client (monitor, NULL, NULL, server.port);
    s_test_wait (monitor, LX_MONITOR_MISMATCH, &event, reports, now);
    assert (event.value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH && zlistx_size (reports) == 1);
    assert (strstr ((char *) zlistx_first (reports), "does not use our security mechanism"));
    s_test_purge (reports);
    s_test_wait (server.monitor, LX_MONITOR_MISMATCH, &event, server_reports, now + LX_MONITOR_INTERVAL);
    s_test_purge (server_reports);
    lx_monitor_detach (monitor);
    zsock_destroy (&client);

    //  The right keys again: the end of the episode is told, once.
    client = s_test_client (monitor, admitted, zcert_public_txt (server.cert), server.port);
    s_test_wait (monitor, LX_MONITOR_SUCCEEDED, &event, reports, now);
    assert (zlistx_size (reports) == 1);
    line = (char *) zlistx_first (reports);
    assert (strncmp (line, "the CURVE handshake with ", 25) == 0 && strstr (line, " succeeded after "));
    s_test_purge (reports);
    //  Destroying the monitor stops its actor; the socket goes after.
    lx_monitor_destroy (&monitor);
    lx_monitor_destroy (&monitor);
    zsock_destroy (&client);

    zlistx_destroy (&reports);
    zlistx_destroy (&server_reports);
    lx_monitor_destroy (&server.monitor);
    zsock_destroy (&server.router);
    zactor_destroy (&server.auth);
    zcert_destroy (&server.cert);
    zcert_destroy (&admitted);
    zcert_destroy (&stranger);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
}
