/*  lx_keys: the CURVE certificates of a city, and applying them to sockets.

    Every connection between a node and the broker is CURVE-encrypted and
    authenticated (ZeroMQ's CurveZMQ, keys made by czmq's zcert). Each
    party has a certificate: a public file PATH and a secret file
    PATH_secret, as zcert_save writes them. A node's certificate carries its
    district in the metadata (node = "kecheng", role = "county"); the
    broker authorizes nodes from a directory holding their public
    certificates, through czmq's ZAP handler (zauth), which hands each
    message's certificate metadata to the broker: that, not a field of the
    message, is who the sender is.

    A plain-text mode (no encryption, no authentication) exists for local
    experiments only: the configuration must ask for it with
    `plaintext = 1`, and the programs warn loudly when it is on.
*/
#ifndef LX_KEYS_H_INCLUDED
#define LX_KEYS_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>

//  The ZAP domain of the broker's socket.
#define LX_KEYS_DOMAIN "leadx"

//  Makes a new certificate and saves it as path (public) and path_secret.
//  node and role (may be NULL, for the broker) go into its metadata.
//  Refuses to overwrite an existing secret file. Returns 0, or -1 with
//  error set.
int lx_keys_generate (const char *path, const char *node, const char *role,
                      char *error, size_t error_size);

//  Makes sock a CURVE server with the secret certificate at path (its
//  _secret file). Returns 0, or -1 with error set.
int lx_keys_apply_server (zsock_t *sock, const char *path, char *error, size_t error_size);

//  Makes sock a CURVE client with its own secret certificate at path and
//  the server's public certificate at server_path. Returns 0, or -1 with
//  error set.
int lx_keys_apply_client (zsock_t *sock, const char *path, const char *server_path,
                          char *error, size_t error_size);

//  Self test.
void lx_keys_test (bool verbose);

#endif
