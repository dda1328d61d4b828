/*  bench_city: a broker for the benchmark, in a temporary directory. */

#include "bench_city.h"
#include "broker_server.h"
#include "lx_keys.h"
#include "lx_sign.h"

struct _bench_city_t {
    char dir [256];             //  the city's directory
    char *config_file;          //  broker.cfg
    char *store;                //  broker.db
    char *broker_cert;          //  the broker's public certificate
    zactor_t *broker;           //  the running broker, or NULL
    char *endpoint;             //  where it listens, while running
};

//  Leading industries of d01 .. d10: only d03's (C384) takes C3841.
static const char *s_leading [BENCH_CITY_COUNTIES] = {
    "C34", "C22", "C384", "C33", "C26", "C39", "C27", "C35", "C36", "C29"
};

void
bench_city_county (int index, char id [8])
{
    snprintf (id, 8, "d%02d", index);
}

bench_city_t *
bench_city_new (const char *parent)
{
    bench_city_t *self = (bench_city_t *) zmalloc (sizeof (bench_city_t));
    assert (self);
    snprintf (self->dir, sizeof self->dir, "%s/leadx-bench-XXXXXX", parent);
    if (!mkdtemp (self->dir)) {
        fprintf (stderr, "bench: cannot make a directory in %s: %s\n", parent, strerror (errno));
        free (self);
        return NULL;
    }
    self->config_file = zsys_sprintf ("%s/broker.cfg", self->dir);
    self->store = zsys_sprintf ("%s/broker.db", self->dir);
    self->broker_cert = zsys_sprintf ("%s/broker.cert", self->dir);
    char *nodes = zsys_sprintf ("%s/nodes", self->dir);
    zsys_dir_create (nodes);
    char error [256];
    int rc = lx_keys_generate (self->broker_cert, NULL, NULL, error, sizeof error);
    //  The ledger signing key, where the broker and the node daemons look
    //  by default: broker.sign beside the certificate and their configs.
    char *sign = zsys_sprintf ("%s/broker.sign", self->dir);
    if (rc == 0)
        rc = lx_sign_generate (sign, error, sizeof error);
    free (sign);
    FILE *file = fopen (self->config_file, "w");
    if (file) {
        fprintf (file, "broker\n    endpoint = \"tcp://127.0.0.1:*\"\n    store = \"broker.db\"\n"
                       "    cert = \"broker.cert\"\n    clients = \"nodes\"\n"
                       //  The benchmark streams hundreds of thousands of messages a district.
                       "quota\n    leads_per_minute = 0\n    leads_per_day = 0\n    offers_per_minute = 0\n"
                       "    offers_per_day = 0\n    progress_per_minute = 0\n    progress_per_day = 0\n"
                       "districts\n    center\n        name = \"协作中心\"\n        role = \"center\"\n");
        for (int index = 1; index <= BENCH_CITY_COUNTIES; index++) {
            char id [8];
            bench_city_county (index, id);
            fprintf (file, "    %s\n        name = \"%s\"\n        role = \"county\"\n"
                           "        leading = \"%s\"\n", id, id, s_leading [index - 1]);
        }
        rc |= fclose (file);
    }
    else
        rc = -1;
    for (int index = 0; index <= BENCH_CITY_COUNTIES && rc == 0; index++) {
        char id [8] = "center";
        if (index)
            bench_city_county (index, id);
        char *path = zsys_sprintf ("%s/%s.cert", nodes, id);
        rc = lx_keys_generate (path, id, index? "county": "center", error, sizeof error);
        free (path);
    }
    free (nodes);
    if (rc) {
        fprintf (stderr, "bench: cannot make the city in %s: %s\n", self->dir, error);
        bench_city_destroy (&self);
    }
    return self;
}

void
bench_city_destroy (bench_city_t **self_p)
{
    assert (self_p);
    bench_city_t *self = *self_p;
    if (self) {
        bench_city_stop (self);
        zdir_t *tree = zdir_new (self->dir, NULL);
        if (tree) {
            zdir_remove (tree, true);
            zdir_destroy (&tree);
        }
        free (self->config_file);
        free (self->store);
        free (self->broker_cert);
        free (self);
        *self_p = NULL;
    }
}

int
bench_city_start (bench_city_t *self)
{
    assert (self && !self->broker);
    self->broker = zactor_new (broker_server_actor, self->config_file);
    char *status = self->broker? zstr_recv (self->broker): NULL;
    bool ready = status && streq (status, "READY");
    zstr_free (&status);
    if (!ready) {
        fprintf (stderr, "bench: the broker did not start\n");
        zactor_destroy (&self->broker);
        return -1;
    }
    zstr_send (self->broker, "ENDPOINT");
    self->endpoint = zstr_recv (self->broker);
    return self->endpoint? 0: -1;
}

void
bench_city_stop (bench_city_t *self)
{
    assert (self);
    zactor_destroy (&self->broker);
    zstr_free (&self->endpoint);
}

int
bench_city_commits (bench_city_t *self, uint64_t stats [3])
{
    assert (self);
    if (!self->broker || zstr_send (self->broker, "STATS"))
        return -1;
    uint64_t replays;
    return zsock_recv (self->broker, "8888", &stats [0], &stats [1], &stats [2], &replays);
}

int
bench_city_health (bench_city_t *self, uint64_t health [4])
{
    assert (self);
    if (!self->broker || zstr_send (self->broker, "HEALTH"))
        return -1;
    return zsock_recv (self->broker, "8888", &health [0], &health [1], &health [2], &health [3]);
}

const char *
bench_city_store (bench_city_t *self)
{
    assert (self);
    return self->store;
}

bench_node_t *
bench_city_node (bench_city_t *self, const char *id)
{
    assert (self && self->endpoint);
    char *cert = zsys_sprintf ("%s/nodes/%s.cert", self->dir, id);
    bench_node_t *node = bench_node_new (id, streq (id, "center")? "center": "county",
                                         self->endpoint, cert, self->broker_cert);
    free (cert);
    return node;
}

char *
bench_city_node_config (bench_city_t *self, const char *id)
{
    assert (self && self->endpoint);
    char *path = zsys_sprintf ("%s/%s.cfg", self->dir, id);
    FILE *file = fopen (path, "w");
    assert (file);
    fprintf (file, "node\n    id = \"%s\"\n    role = \"county\"\n    broker = \"%s\"\n"
                   "    store = \"%s.db\"\n    cert = \"nodes/%s.cert\"\n    broker_cert = \"broker.cert\"\n",
             id, self->endpoint, id, id);
    assert (fclose (file) == 0);
    return path;
}
