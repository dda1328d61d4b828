/*  lx_chain: a hash chain over append-only ledger entries.

    Each entry of a ledger is an ordered list of typed values (int64 or
    text, text possibly NULL; never floating point). Its hash chains it to
    the entry before:

        hash = BLAKE2b-256 ( "leadx-ledger-v1" || prev || canonical (entry) )

    where "leadx-ledger-v1" is those 15 bytes (no NUL), prev is the previous
    entry's hash as 32 raw bytes (LX_CHAIN_GENESIS for the first entry) and
    canonical (entry) is, for each value in order:

        an integer      'i' <decimal, '-' only when negative, no leading 0> ';'
        a text          't' <byte length in decimal> ':' <the bytes, as stored>
        NULL            'n'

    so ("ab", "c") is "t2:abt1:c" and ("a", "bc") "t1:at2:bc"; the integer 1
    ("i1;"), the text "1" ("t1:1"), NULL ("n") and "" ("t0:") all differ.
    Every value is self-delimiting, so no two lists share a canonical text.
    Hashes travel and are stored as 64 lower-case hex digits.

    lx_chain_verify walks a stored chain and names the first bad entry: an
    altered entry, a broken link, a gap in the numbering. A chain stands
    on its own only up to its last entry: deleting the LAST entries (or
    rewriting the last ones and re-hashing them) leaves a chain that is
    good in itself. That is detectable only against a head (hash and count)
    known from elsewhere, such as the other party's copy: see
    lx_chain_verify_head. Likewise an entry appended by someone who knows
    this format shows only as a count greater than the other party's.
*/
#ifndef LX_CHAIN_H_INCLUDED
#define LX_CHAIN_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  The prev of the first entry: 64 '0' characters.
#define LX_CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

//  What lx_chain_verify found.
typedef enum {
    LX_CHAIN_OK = 0,            //  no fault
    LX_CHAIN_CHANGED,           //  stored hash is not that of the entry's fields: they were altered
    LX_CHAIN_BROKEN,            //  prev is not the previous entry's hash: one was inserted, deleted or re-hashed
    LX_CHAIN_GAP,               //  seq does not follow the previous one by exactly 1
    LX_CHAIN_TRUNCATED,         //  the chain ends before the known head: its last entries were deleted
    LX_CHAIN_FORKED             //  the entry at the known head's seq has another hash: the chain was rewritten
} lx_chain_kind_t;

//  The outcome of a verification.
typedef struct {
    int kind;                   //  LX_CHAIN_OK, or the first fault's lx_chain_kind_t
    int64_t seq;                //  the first bad entry's seq (as stored, or where it was due); 0 if none
    int64_t count;              //  entries found good, in order: all of them when kind is LX_CHAIN_OK
    char head [65];             //  hash of the last good entry (LX_CHAIN_GENESIS when none)
    char reason [200];          //  one line for a person: what is wrong, where, and what it means
} lx_chain_fault_t;

typedef struct _lx_chain_entry_t lx_chain_entry_t;

//  Creates an empty entry. Returns NULL if out of memory.
lx_chain_entry_t *lx_chain_entry_new (void);

//  Destroys the entry and nulls *self_p; safe on NULL and twice.
void lx_chain_entry_destroy (lx_chain_entry_t **self_p);

//  Appends an integer. Returns 0, or -1 if out of memory (the entry is
//  then unchanged).
int lx_chain_entry_add_int (lx_chain_entry_t *self, int64_t value);

//  Appends a text (its bytes up to the NUL, as stored: no normalization),
//  or NULL, which differs from "". Returns 0, or -1 if out of memory (the
//  entry is then unchanged).
int lx_chain_entry_add_text (lx_chain_entry_t *self, const char *value);

//  Appends columns first_column .. first_column + column_count - 1 of the
//  current row of stmt (stepped to a row): an INTEGER as an integer, TEXT
//  as text, NULL as NULL. Returns 0, or -1 when a column holds a REAL or a
//  BLOB (no ledger entry can) or out of memory; the entry is then
//  unchanged. Note that SQLite's column affinity decides what comes back:
//  an integer written to a TEXT column reads as text, so the entry that is
//  hashed when a row is written must add each value with the type its
//  column will return.
int lx_chain_entry_add_row (lx_chain_entry_t *self, sqlite3_stmt *stmt, int first_column, int column_count);

//  The canonical text of entry so far, its length in *size: the bytes
//  lx_chain_link hashes after prev, and that lx_sign signs a ledger head
//  in. They belong to the entry (valid until it changes or is destroyed);
//  NULL with *size 0 when it is empty.
const void *lx_chain_entry_bytes (lx_chain_entry_t *self, size_t *size);

//  Computes the hash of entry chained after prev_hex (64 lower-case hex
//  digits; LX_CHAIN_GENESIS for the first entry) into out_hex (64
//  lower-case hex digits and a NUL). Returns 0, or -1 when prev_hex is not
//  64 lower-case hex digits or libsodium fails (out_hex is then "").
int lx_chain_link (const char prev_hex [65], lx_chain_entry_t *entry, char out_hex [65]);

//  BLAKE2b-256 of size bytes at data (a message body, to compare two
//  copies without sending either), as 64 lower-case hex digits and a NUL in
//  out_hex. Returns 0, or -1 when libsodium fails (out_hex is then "").
int lx_chain_hash_bytes (const void *data, size_t size, char out_hex [65]);

//  Verifies the chain that query (SQL without parameters, run on db)
//  returns, one row per entry in seq order: column 0 the seq (an integer,
//  1, 2, 3 ... with no gap), column 1 the prev hash, column 2 the hash
//  (both hex text), columns 3 and on the entry's fields (the query must
//  have at least 3 columns). For each row in turn it checks that seq
//  follows the previous one by 1 (LX_CHAIN_GAP), that prev is the
//  previous row's hash or LX_CHAIN_GENESIS for the first (LX_CHAIN_BROKEN),
//  and that hash is lx_chain_link of prev and the fields (LX_CHAIN_CHANGED;
//  also when a field holds a REAL or a BLOB), and stops at the first fault.
//  The query runs as one statement, so it sees one snapshot of the store.
//  Returns 0 when the whole chain is good (fault->kind LX_CHAIN_OK,
//  fault->count the entries, fault->head the last hash), 1 at the first
//  fault (fault names it; count and head are those of the good entries
//  before it), -1 on a store error (fault->reason says which).
int lx_chain_verify (lx_store_t *db, const char *query, lx_chain_fault_t *fault);

//  As lx_chain_verify, and also checks the chain against a head known from
//  elsewhere (the other party's copy): its entry expected_count (>= 0; 0
//  stands for the genesis) must exist (else LX_CHAIN_TRUNCATED, seq the
//  first missing one) and have the hash expected_head (else
//  LX_CHAIN_FORKED, seq expected_count). A head that is not 64 lower-case
//  hex digits matches no entry. Entries after the head are allowed, since
//  the chain may have grown since the head was taken, and are verified
//  like the rest; a caller that needs the chain to end exactly at the head
//  compares fault->count with expected_count. This is the only way to
//  detect that the last entries were deleted or rewritten. Returns as
//  lx_chain_verify.
int lx_chain_verify_head (lx_store_t *db, const char *query, const char *expected_head,
                          int64_t expected_count, lx_chain_fault_t *fault);

//  As lx_chain_verify_head, on rows of a statement the caller prepared
//  (lx_store_query, with its parameters bound, not yet stepped), for a
//  chain selected by a parameter. The statement is stepped to its end or
//  reset. Returns as lx_chain_verify.
int lx_chain_verify_rows (lx_store_t *db, sqlite3_stmt *stmt, const char *expected_head,
                          int64_t expected_count, lx_chain_fault_t *fault);

//  The name of a kind ("ok", "changed", "broken", "gap", "truncated",
//  "forked"), or "unknown" for any other value. The string is static.
const char *lx_chain_fault_name (int kind);

//  Self test.
void lx_chain_test (bool verbose);

#endif
