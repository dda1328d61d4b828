/*  lx_sign: the broker's ledger signing key, and its signatures on ledger
    heads.

    The ledger's hash chain (lx_chain, lx_ledger) is unkeyed: anyone who
    knows its format can change an entry and re-hash every entry after
    it, and the chain is good again. So the broker signs, with an Ed25519
    key pair (libsodium crypto_sign) only it holds, each head it issues:
    the district, the entry's seq and its hash, which chains every entry
    up to it. A node keeps each signature with its entry; with the
    broker's public key anyone can check, offline, that a district's copy
    of its chain is the one the broker issued, up to the last entry whose
    signature is good.

    What is signed, for district node, entry seq with hash (64 lower-case
    hex digits), is lx_chain's canonical text (lx_chain.h) of the list

        ( "leadx-ledger-head-v1", node, seq, hash )

    the tag a text like the others: "t20:leadx-ledger-head-v1t7:kecheng
    i3;t64:<hash>" for kecheng's entry 3. Every value is self-delimiting,
    and the tag differs from the chain's ("leadx-ledger-v1", hashed raw),
    so the key signs nothing else by accident. A signature travels and is
    stored as 128 lower-case hex digits (the 64 bytes of a detached
    Ed25519 signature). Ed25519 is deterministic: the same head signed
    again gives the same signature.

    The key lives in two ZPL files, as czmq's certificates do: PATH holds
    the public key (sign/public-key, 64 hex digits), for every node and
    any auditor; PATH_secret (mode 0600) also holds the secret seed
    (sign/secret-seed, 64 hex digits), for the broker only.
*/
#ifndef LX_SIGN_H_INCLUDED
#define LX_SIGN_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  Hex digits of a signature (64 bytes).
#define LX_SIGN_HEX 128

typedef struct _lx_sign_t lx_sign_t;

//  Makes a new key pair and saves it as path (public) and path_secret
//  (secret, readable by its owner only). Refuses to replace an existing
//  secret file (a lost key would orphan every signature made with it).
//  Returns 0, or -1 with error set.
int lx_sign_generate (const char *path, char *error, size_t error_size);

//  Loads the key at path: with secret its secret file (path_secret), which
//  can sign, else its public file, which can only check. Returns the key
//  (the caller's), or NULL with error set: a missing or unreadable file, a
//  malformed key, a secret file whose public key is not its seed's.
lx_sign_t *lx_sign_load (const char *path, bool secret, char *error, size_t error_size);

//  A key pair made from the 32 bytes at seed: the same seed makes the same
//  key, for tests and fuzz fixtures whose signatures must be reproducible.
//  Returns NULL if libsodium fails.
lx_sign_t *lx_sign_new_seeded (const unsigned char seed [32]);

//  A key that holds only the public half of other: what a node holds of
//  the broker's. Returns NULL if out of memory.
lx_sign_t *lx_sign_public_copy (const lx_sign_t *other);

//  Destroys the key (wiping its secret) and nulls *self_p; safe on NULL
//  and twice.
void lx_sign_destroy (lx_sign_t **self_p);

//  The public key as 64 lower-case hex digits; belongs to the key.
const char *lx_sign_public (const lx_sign_t *self);

//  True when the key holds its secret half and can sign.
bool lx_sign_can_sign (const lx_sign_t *self);

//  Signs the head (node, seq, hash) into out (LX_SIGN_HEX lower-case hex
//  digits and a NUL). Returns 0, or -1 (out then "") when the key cannot
//  sign, node is empty, seq < 1 or hash is not 64 lower-case hex digits.
int lx_sign_head (const lx_sign_t *self, const char *node, int64_t seq, const char *hash,
                  char out [LX_SIGN_HEX + 1]);

//  True when signature (LX_SIGN_HEX lower-case hex digits) is this key's
//  over the head (node, seq, hash). False for anything else, a malformed
//  signature or head included.
bool lx_sign_check (const lx_sign_t *self, const char *node, int64_t seq, const char *hash,
                    const char *signature);

//  The path of the broker's signing key in its configuration (loaded from
//  config_file): broker/sign, by default "broker.sign" in the directory of
//  the broker's certificate (broker/cert, default broker.cert), each
//  relative to config_file's directory. Returns a new string (the
//  caller's), or NULL if out of memory.
char *lx_sign_broker_path (const char *config_file, zconfig_t *config);

//  Self test.
void lx_sign_test (bool verbose);

#endif
