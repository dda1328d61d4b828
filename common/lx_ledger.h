/*  lx_ledger: the credit ledger, append-only and hash-chained.

    Every reported amount on a lead creates a credit entry: the amount, the
    split agreed for it, both districts' shares and whether it counts for
    assessment (inside its rule's window). Each district has one chain of
    the entries that credit it: at the broker, which keeps every district's
    chain, and at the district's own node, which keeps its own. An entry
    is chained to the one before it by lx_chain (BLAKE2b-256), so changing,
    inserting or deleting an entry in the SQLite file breaks the chain at
    that entry (lx_ledger_verify names it), and the broker's and the node's
    copies of a chain have the same hashes entry for entry, which
    reconciliation compares. The table is the same on both sides
    (LX_LEDGER_SCHEMA, in each store's migrations); triggers refuse updates
    and deletes, so only someone who drops them can try, and the chain
    shows it.

    The chain is unkeyed, though: someone who knows its format can change
    entries and re-hash the rest, and the chain is good again. What he
    cannot make is the broker's signature (lx_sign): the broker signs the
    head (district, seq, hash) of every entry it issues, the PROGRESSED
    event carries the signature, and the node keeps it beside the entry
    (LX_LEDGER_SIGNATURE_SCHEMA, in the node's store only: the broker
    holds the key and each event it sent, and can sign any head again).
    A good signature on entry n backs entries 1 .. n, since its hash
    chains them; lx_ledger_audit finds how far a chain is backed, with
    nothing but the store and the broker's public key.
*/
#ifndef LX_LEDGER_H_INCLUDED
#define LX_LEDGER_H_INCLUDED

#include "lx_chain.h"
#include "lx_msg.h"
#include "lx_sign.h"
#include "lx_store.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

//  The ledger table and its guards, for a store's migration. Never edit:
//  migrations that shipped hold this text.
#define LX_LEDGER_SCHEMA \
    "CREATE TABLE ledger (" \
    "  node TEXT NOT NULL,"                     /* whose chain: the district credited */ \
    "  seq INTEGER NOT NULL,"                   /* 1, 2, 3 ... in that chain */ \
    "  prev TEXT NOT NULL,"                     /* the hash before it */ \
    "  hash TEXT NOT NULL,"                     /* lx_chain_link (prev, the fields below) */ \
    "  progress INTEGER NOT NULL,"              /* the broker's progress report */ \
    "  lead TEXT NOT NULL, stage TEXT NOT NULL, date TEXT NOT NULL, metric TEXT NOT NULL," \
    "  amount INTEGER NOT NULL,"                /* credited whole: yuan, or 1/10000 project */ \
    "  finder TEXT NOT NULL, lander TEXT NOT NULL," \
    "  finder_bp INTEGER NOT NULL, finder_share INTEGER NOT NULL, lander_share INTEGER NOT NULL," \
    "  counted INTEGER NOT NULL,"               /* 1 inside its rule's window, else 0 */ \
    "  PRIMARY KEY (node, seq)," \
    "  CHECK (finder_share + lander_share = amount)" \
    ") WITHOUT ROWID;" \
    "CREATE INDEX ledger_progress ON ledger (node, progress);" \
    "CREATE INDEX ledger_report ON ledger (node, lead, metric, finder, lander, date, counted, amount," \
    "  finder_share, lander_share);"             /* lx_report's one pass, covered and grouped */ \
    "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger" \
    "  BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;" \
    "CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger" \
    "  BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;"

//  The broker's signatures of the entries of a node's chain, for the node
//  store's migration: one per entry that came with one, stored with the
//  entry. No foreign key on the ledger: a signature is only ever added in
//  the transaction that appends its entry, and the audit checks each
//  against the entry's hash anyway. Never edit: migrations that shipped
//  hold this text.
#define LX_LEDGER_SIGNATURE_SCHEMA \
    "CREATE TABLE ledger_signature (" \
    "  node TEXT NOT NULL, seq INTEGER NOT NULL,"   /* the entry: ledger (node, seq) */ \
    "  signature TEXT NOT NULL,"                /* the broker's lx_sign_head of (node, seq, the entry's hash) */ \
    "  PRIMARY KEY (node, seq)" \
    ") WITHOUT ROWID;" \
    "CREATE TRIGGER ledger_signature_no_update BEFORE UPDATE ON ledger_signature" \
    "  BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;" \
    "CREATE TRIGGER ledger_signature_no_delete BEFORE DELETE ON ledger_signature" \
    "  BEGIN SELECT RAISE (ABORT, 'the ledger is append-only'); END;"

//  One credit entry, as both sides record it.
typedef struct {
    int64_t progress;           //  the broker's progress id
    char lead [65];             //  the lead
    char stage [16];            //  stage reported
    char date [11];             //  date reported, YYYY-MM-DD
    char metric [16];           //  lx_metric name
    int64_t amount;             //  the whole credited
    char finder [33];           //  the district that found the lead
    char lander [33];           //  the district that landed it (the finder for its own)
    int64_t finder_bp;          //  the finder's share in basis points
    int64_t finder_share;       //  the finder's part of amount
    int64_t lander_share;       //  the lander's part: amount - finder_share
    int64_t counted;            //  1 when it counts for assessment, 0 outside the window
} lx_ledger_entry_t;

//  Fills entry from a PROGRESSED event with an amount (its progress, lead,
//  stage, date, metric, amount, parties, split, shares and counted), as
//  the node appends it and as anyone checks the broker's copy.
void lx_ledger_entry_from_event (lx_msg_t *event, lx_ledger_entry_t *entry);

//  Computes the hash of entry in node's chain after prev (64 hex digits,
//  LX_CHAIN_GENESIS for the first) into hash. Returns 0 or -1.
int lx_ledger_link (const char *node, const char prev [65], const lx_ledger_entry_t *entry, char hash [65]);

//  Reads the head of node's chain in db: how many entries and the last
//  hash (LX_CHAIN_GENESIS and 0 when empty). Returns 0 or -1.
int lx_ledger_head (lx_store_t *db, const char *node, int64_t *count, char hash [65]);

//  Appends entry to node's chain in db, inside the caller's transaction:
//  seq is the head's + 1, prev the head's hash. *seq and hash (both may be
//  NULL) receive the new entry's. Returns 0, or -1 on a store error.
int lx_ledger_append (lx_store_t *db, const char *node, const lx_ledger_entry_t *entry,
                      int64_t *seq, char hash [65]);

//  Verifies node's chain in db, and when head is not NULL that its entry
//  count has the hash head (a head known from elsewhere: the other
//  party's copy). Returns 0 when good, 1 at the first fault (fault names
//  it), -1 on a store error (lx_chain_verify_head's contract).
int lx_ledger_verify (lx_store_t *db, const char *node, const char *head, int64_t count,
                      lx_chain_fault_t *fault);

//  Records signature (LX_SIGN_HEX hex digits), the broker's over the head
//  of entry seq of node's chain, in db's ledger_signature
//  (LX_LEDGER_SIGNATURE_SCHEMA), inside the caller's transaction, as the
//  entry is appended. Returns 0, or -1 on a store error.
int lx_ledger_sign_add (lx_store_t *db, const char *node, int64_t seq, const char *signature);

//  What lx_ledger_audit found of a chain.
typedef struct {
    lx_chain_fault_t chain;     //  the chain's own verification (lx_ledger_verify, no known head)
    int64_t entries;            //  entries stored in the chain: its last seq (0 when empty)
    int64_t backed;             //  entries 1 .. backed are the broker's: entry backed has its good
                                //  signature and the chain is good up to it (0: none is)
    int64_t checked;            //  signatures checked
    int64_t bad;                //  the first entry checked whose signature is not the broker's (0: none)
    int64_t missing;            //  entries checked that carry no signature of their own
    char reason [320];          //  one line for a person: how far the chain is backed, and why no further
} lx_ledger_audit_t;

//  Audits node's chain in db (a node's store: ledger and ledger_signature)
//  against the broker's public key: verifies the chain, then finds the
//  last entry of its good part whose signature key checks, which backs
//  every entry up to it. With every, checks every entry's signature (an
//  auditor's full check: a signature that does not verify anywhere is
//  named even when a later one backs the entry); else only from the head
//  back to the first good one (one check when all is well, so credit and
//  reports can afford it). Returns 0 when every entry is backed (and, with
//  every, no stored signature is bad), 1 when not (audit->reason says
//  which entries and why), -1 on a store error (audit->reason says which).
int lx_ledger_audit (lx_store_t *db, const char *node, const lx_sign_t *key, bool every,
                     lx_ledger_audit_t *audit);

//  Verifies node's chain and prints the outcome to out, one line: how
//  many entries and the head when good; else the first bad entry, what is
//  wrong with it and why. With key (a node's store and the broker's public
//  key; NULL for the broker's store, whose chains it signs itself), a
//  second line says how far the chain is backed by the broker's signatures,
//  every one of which is checked (lx_ledger_audit with every). Returns 0
//  when good (and, with key, wholly backed), 1 when not, -1 on a store
//  error (printed as well).
int lx_ledger_check (lx_store_t *db, const char *node, const lx_sign_t *key, FILE *out);

//  The nodes that have a chain in db, as a new list of strings (caller
//  destroys), or NULL on a store error.
zlistx_t *lx_ledger_nodes (lx_store_t *db);

//  Self test.
void lx_ledger_test (bool verbose);

#endif
