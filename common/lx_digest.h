/*  lx_digest: a fingerprint of a set of records, to reconcile two stores.

    The broker and a node each keep their own record of what concerns the
    node. To compare them without shipping the rows, each side runs a query
    that yields the same columns in the same order on both sides, and folds
    the rows into a digest: how many rows, and a SHA-1 over a canonical
    text of them (integers in decimal, text and blobs as their bytes, NULL
    as a mark no value can take). Equal digests mean equal rows, in order.
    SHA-1 (czmq's zdigest) is enough here: the digest detects divergence
    between two honest stores; tamper-evidence is the ledger's hash chain.

    A digest travels as one line: "SECTION COUNT HEX".
*/
#ifndef LX_DIGEST_H_INCLUDED
#define LX_DIGEST_H_INCLUDED

#include "lx_store.h"

#include <czmq.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _lx_digest_t lx_digest_t;

//  What a reconciliation compares, in order, for one node: the numbered
//  messages the broker stored from it, those it rejected, the events it
//  has applied, its own leads, the stage and holder of every lead it finds
//  or lands (so a store showing a state the broker has not accepted
//  differs), the transfers it is party to, the credit entries that name
//  it, and its ledger chain (entry by entry, its hashes). Each store gives
//  one query per section.
#define LX_DIGEST_SECTION_COUNT 8
extern const char *const lx_digest_sections [LX_DIGEST_SECTION_COUNT];

//  A challenge: 32 lower-case hex digits and the NUL.
#define LX_DIGEST_CHALLENGE_SIZE 33

//  Creates an empty digest of section (an identifier, copied), keyed with
//  challenge (lx_digest_challenge_valid; copied into the digest) or unkeyed
//  when challenge is NULL. Returns NULL if out of memory.
lx_digest_t *lx_digest_new (const char *section, const char *challenge);

//  Writes a new challenge (16 random bytes from libsodium, in hex) to
//  challenge.
void lx_digest_challenge_new (char challenge [LX_DIGEST_CHALLENGE_SIZE]);

//  Whether challenge is one: 32 lower-case hex digits (network input).
bool lx_digest_challenge_valid (const char *challenge);

//  Destroys the digest and nulls *self_p; safe on NULL and twice.
void lx_digest_destroy (lx_digest_t **self_p);

//  Folds every row of stmt (from lx_store_query on db, not yet stepped)
//  into the digest. Returns 0, or -1 on a store error (the digest is then
//  incomplete and must not be used).
int lx_digest_add_rows (lx_digest_t *self, lx_store_t *db, sqlite3_stmt *stmt);

//  Folds up to rows more rows of stmt (from lx_store_query on db), for a
//  caller that digests a large query in slices between other work: stmt
//  stays where it stopped, and the next call goes on from there. Returns
//  1 when rows may remain, 0 when the query is done (stmt is then reset),
//  or -1 on a store error (the digest must not be used).
int lx_digest_fold (lx_digest_t *self, lx_store_t *db, sqlite3_stmt *stmt, int64_t rows);

//  Rows folded in.
int64_t lx_digest_count (lx_digest_t *self);

//  The digest as "SECTION COUNT HEX"; the string belongs to the digest and
//  stays valid until it is destroyed. No row can be added after this.
const char *lx_digest_line (lx_digest_t *self);

//  Parses a line made by lx_digest_line into section (up to section_size
//  bytes with the NUL), count and hex (41 bytes). Returns 0, or -1 when
//  the line is not one (network input: never asserted on).
int lx_digest_parse (const char *line, char *section, size_t section_size, int64_t *count, char hex [41]);

//  Runs queries [i] (LX_DIGEST_SECTION_COUNT of them, each taking the node
//  id as its one parameter) on db and returns the digest lines, keyed with
//  challenge (NULL: unkeyed), in section order, as a new list of strings
//  (the caller's to destroy). Returns NULL on a store error.
zlistx_t *lx_digest_store (lx_store_t *db, const char *const *queries, const char *node,
                           const char *challenge);

//  Prints, for each section, the counts on the node's side and the
//  broker's and whether the digests are equal (an aligned table, or JSON)
//  to out, or only counts when out is NULL. A section missing or malformed
//  on either side counts as a difference. Returns the number of differences.
int lx_digest_report (zlistx_t *node_lines, zlistx_t *broker_lines, bool json, FILE *out);

//  Self test.
void lx_digest_test (bool verbose);

#endif
