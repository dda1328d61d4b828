/*  lx_chain: a hash chain over append-only ledger entries. */

#include "lx_chain.h"

#include <czmq.h>
#include <sodium.h>
#include <stdarg.h>

//  The domain tag hashed before every link, without its NUL.
#define S_TAG "leadx-ledger-v1"

//  Bytes of a BLAKE2b-256 hash.
#define S_HASH_SIZE 32

struct _lx_chain_entry_t {
    unsigned char *data;        //  the canonical text so far (not NUL-terminated)
    size_t size;                //  bytes of it in use
    size_t capacity;            //  bytes allocated at data
};

lx_chain_entry_t *
lx_chain_entry_new (void)
{
    lx_chain_entry_t *self = (lx_chain_entry_t *) zmalloc (sizeof (lx_chain_entry_t));
    return self;
}

void
lx_chain_entry_destroy (lx_chain_entry_t **self_p)
{
    assert (self_p);
    lx_chain_entry_t *self = *self_p;
    if (self) {
        free (self->data);
        free (self);
        *self_p = NULL;
    }
}

//  Appends size bytes at data to the canonical text. Returns 0, or -1 if
//  out of memory, the text then unchanged.
static int
s_append (lx_chain_entry_t *self, const void *data, size_t size)
{
    if (size == 0)
        return 0;
    if (size > SIZE_MAX - self->size)
        return -1;
    if (self->size + size > self->capacity) {
        size_t capacity = self->capacity? self->capacity: 64;
        while (capacity < self->size + size)
            capacity = capacity > SIZE_MAX / 2? self->size + size: capacity * 2;
        unsigned char *grown = (unsigned char *) realloc (self->data, capacity);
        if (!grown)
            return -1;
        self->data = grown;
        self->capacity = capacity;
    }
    memcpy (self->data + self->size, data, size);
    self->size += size;
    return 0;
}

//  Writes tag, value in decimal and end into out (at least 24 bytes), as
//  snprintf "%c%" PRId64 "%c" would, without parsing a format: the broker
//  encodes every ledger entry it appends (lx_ledger_link: 3.0 % of the
//  throughput benchmark's samples with snprintf, 2.4 % with this).
//  Returns the length written (no NUL).
static size_t
s_format (char *out, char tag, int64_t value, char end)
{
    char digits [20];
    size_t count = 0;
    //  Through uint64_t, so that INT64_MIN negates without overflow.
    uint64_t magnitude = value < 0? (uint64_t) 0 - (uint64_t) value: (uint64_t) value;
    do {
        digits [count++] = (char) ('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    size_t length = 0;
    out [length++] = tag;
    if (value < 0)
        out [length++] = '-';
    while (count)
        out [length++] = digits [--count];
    out [length++] = end;
    return length;
}

//  Appends a text of size bytes at bytes, or NULL when bytes is NULL.
//  Returns 0, or -1 if out of memory, the entry then unchanged.
static int
s_add_text (lx_chain_entry_t *self, const char *bytes, size_t size)
{
    if (!bytes)
        return s_append (self, "n", 1);
    char head [32];
    size_t length = s_format (head, 't', (int64_t) size, ':');
    size_t before = self->size;
    if (s_append (self, head, length) || s_append (self, bytes, size)) {
        self->size = before;
        return -1;
    }
    return 0;
}

int
lx_chain_entry_add_int (lx_chain_entry_t *self, int64_t value)
{
    assert (self);
    char text [32];
    return s_append (self, text, s_format (text, 'i', value, ';'));
}

int
lx_chain_entry_add_text (lx_chain_entry_t *self, const char *value)
{
    assert (self);
    return s_add_text (self, value, value? strlen (value): 0);
}

int
lx_chain_entry_add_row (lx_chain_entry_t *self, sqlite3_stmt *stmt, int first_column, int column_count)
{
    assert (self && stmt);
    assert (first_column >= 0 && column_count >= 0);
    assert (first_column + column_count <= sqlite3_column_count (stmt));
    size_t before = self->size;
    for (int column = first_column; column < first_column + column_count; column++) {
        int type = sqlite3_column_type (stmt, column);
        int rc = -1;
        if (type == SQLITE_INTEGER)
            rc = lx_chain_entry_add_int (self, (int64_t) sqlite3_column_int64 (stmt, column));
        else
        if (type == SQLITE_NULL)
            rc = s_add_text (self, NULL, 0);
        else
        if (type == SQLITE_TEXT) {
            //  text before bytes, as SQLite documents; NULL only if out of memory
            const char *text = (const char *) sqlite3_column_text (stmt, column);
            int size = sqlite3_column_bytes (stmt, column);
            if (text && size >= 0)
                rc = s_add_text (self, text, (size_t) size);
        }
        //  SQLITE_FLOAT and SQLITE_BLOB: rc stays -1
        if (rc) {
            self->size = before;
            return -1;
        }
    }
    return 0;
}

const void *
lx_chain_entry_bytes (lx_chain_entry_t *self, size_t *size)
{
    assert (self && size);
    *size = self->size;
    return self->size? self->data: NULL;
}

//  True when hex is exactly 64 lower-case hex digits.
static bool
s_hex_valid (const char *hex)
{
    for (int index = 0; index < 2 * S_HASH_SIZE; index++)
        if (!((hex [index] >= '0' && hex [index] <= '9') || (hex [index] >= 'a' && hex [index] <= 'f')))
            return false;           //  also stops at a NUL, before reading past it
    return hex [2 * S_HASH_SIZE] == '\0';
}

int
lx_chain_link (const char prev_hex [65], lx_chain_entry_t *entry, char out_hex [65])
{
    assert (prev_hex && entry && out_hex);
    out_hex [0] = '\0';
    unsigned char prev [S_HASH_SIZE];
    size_t prev_size = 0;
    if (!s_hex_valid (prev_hex)
    ||  sodium_hex2bin (prev, sizeof prev, prev_hex, 2 * S_HASH_SIZE, NULL, &prev_size, NULL) != 0
    ||  prev_size != sizeof prev)
        return -1;
    //  0 the first time, 1 after; idempotent and thread-safe
    if (sodium_init () < 0)
        return -1;
    crypto_generichash_state state;
    unsigned char hash [S_HASH_SIZE];
    if (crypto_generichash_init (&state, NULL, 0, sizeof hash) != 0
    ||  crypto_generichash_update (&state, (const unsigned char *) S_TAG, strlen (S_TAG)) != 0
    ||  crypto_generichash_update (&state, prev, sizeof prev) != 0
    ||  crypto_generichash_update (&state, entry->data? entry->data: (const unsigned char *) "", entry->size) != 0
    ||  crypto_generichash_final (&state, hash, sizeof hash) != 0)
        return -1;
    sodium_bin2hex (out_hex, 2 * S_HASH_SIZE + 1, hash, sizeof hash);
    return 0;
}

int
lx_chain_hash_bytes (const void *data, size_t size, char out_hex [65])
{
    assert ((data || size == 0) && out_hex);
    out_hex [0] = '\0';
    unsigned char hash [S_HASH_SIZE];
    if (sodium_init () < 0
    ||  crypto_generichash (hash, sizeof hash, (const unsigned char *) (data? data: ""), size, NULL, 0) != 0)
        return -1;
    sodium_bin2hex (out_hex, 2 * S_HASH_SIZE + 1, hash, sizeof hash);
    return 0;
}

//  Records a fault of kind at seq with a printf-style reason. Returns 1.
static int
    s_fault (lx_chain_fault_t *fault, int kind, int64_t seq, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

static int
s_fault (lx_chain_fault_t *fault, int kind, int64_t seq, const char *format, ...)
{
    fault->kind = kind;
    fault->seq = seq;
    va_list args;
    va_start (args, format);
    vsnprintf (fault->reason, sizeof fault->reason, format, args);
    va_end (args);
    return 1;
}

//  True when column of the current row of stmt is the text hex (64 bytes).
static bool
s_column_is (sqlite3_stmt *stmt, int column, const char *hex)
{
    if (sqlite3_column_type (stmt, column) != SQLITE_TEXT)
        return false;
    const unsigned char *text = sqlite3_column_text (stmt, column);
    int size = sqlite3_column_bytes (stmt, column);
    return text && size == 2 * S_HASH_SIZE && memcmp (text, hex, 2 * S_HASH_SIZE) == 0;
}

//  Checks the current row of stmt, the entry due at fault->count + 1,
//  against fault->head; on success moves count and head on to it. Uses
//  entry as scratch. Returns 0 when good, 1 on a fault (recorded), -1 if
//  out of memory.
static int
s_check_row (sqlite3_stmt *stmt, lx_chain_entry_t *entry, lx_chain_fault_t *fault)
{
    int64_t due = fault->count + 1;
    if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER)
        return s_fault (fault, LX_CHAIN_GAP, due,
                        "the entry due at seq %" PRId64 " has a seq that is not an integer", due);
    int64_t seq = sqlite3_column_int64 (stmt, 0);
    if (seq != due) {
        if (fault->count == 0)
            return s_fault (fault, LX_CHAIN_GAP, seq,
                            "the first entry has seq %" PRId64 ", not 1: entries are missing or out of order", seq);
        return s_fault (fault, LX_CHAIN_GAP, seq,
                        "seq %" PRId64 " follows seq %" PRId64 " (%" PRId64 " due): an entry was deleted, "
                        "or inserted out of order", seq, fault->count, due);
    }
    if (!s_column_is (stmt, 1, fault->head)) {
        if (fault->count == 0)
            return s_fault (fault, LX_CHAIN_BROKEN, seq,
                            "seq 1: prev is not the genesis hash: an entry was inserted or deleted before it");
        return s_fault (fault, LX_CHAIN_BROKEN, seq,
                        "seq %" PRId64 ": prev is not the hash of seq %" PRId64 ": an entry was inserted, "
                        "deleted or re-hashed before it", seq, fault->count);
    }
    int columns = sqlite3_column_count (stmt);
    for (int column = 3; column < columns; column++) {
        int type = sqlite3_column_type (stmt, column);
        if (type == SQLITE_FLOAT || type == SQLITE_BLOB)
            return s_fault (fault, LX_CHAIN_CHANGED, seq,
                            "seq %" PRId64 ": column %d holds a %s, which no ledger entry can: the entry was altered",
                            seq, column, type == SQLITE_FLOAT? "real number": "blob");
    }
    entry->size = 0;
    char hash [2 * S_HASH_SIZE + 1];
    if (lx_chain_entry_add_row (entry, stmt, 3, columns - 3)
    ||  lx_chain_link (fault->head, entry, hash))
        return -1;
    if (!s_column_is (stmt, 2, hash))
        return s_fault (fault, LX_CHAIN_CHANGED, seq,
                        "seq %" PRId64 ": the stored hash is not that of its fields: the entry was altered", seq);
    fault->count = seq;
    memcpy (fault->head, hash, sizeof fault->head);
    return 0;
}

int
lx_chain_verify_head (lx_store_t *db, const char *query, const char *expected_head,
                      int64_t expected_count, lx_chain_fault_t *fault)
{
    assert (db && query && fault);
    sqlite3_stmt *stmt = lx_store_query (db, query, "");
    if (!stmt) {
        memset (fault, 0, sizeof *fault);
        snprintf (fault->reason, sizeof fault->reason, "store: %s", lx_store_error (db));
        return -1;
    }
    return lx_chain_verify_rows (db, stmt, expected_head, expected_count, fault);
}

int
lx_chain_verify_rows (lx_store_t *db, sqlite3_stmt *stmt, const char *expected_head,
                      int64_t expected_count, lx_chain_fault_t *fault)
{
    assert (db && stmt && fault);
    assert (!expected_head || expected_count >= 0);
    memset (fault, 0, sizeof *fault);
    fault->kind = LX_CHAIN_OK;
    memcpy (fault->head, LX_CHAIN_GENESIS, sizeof fault->head);
    if (expected_head && expected_count == 0 && strcmp (expected_head, LX_CHAIN_GENESIS) != 0) {
        sqlite3_reset (stmt);
        return s_fault (fault, LX_CHAIN_FORKED, 0,
                        "the known head has count 0 but is not the genesis hash: it is no head of this chain");
    }
    assert (sqlite3_column_count (stmt) >= 3);
    lx_chain_entry_t *entry = lx_chain_entry_new ();
    if (!entry) {
        //  the statement was not stepped, so holds no snapshot
        snprintf (fault->reason, sizeof fault->reason, "out of memory");
        return -1;
    }
    int result = 0;
    int rc;
    char before [sizeof fault->head];       //  head before the row being checked
    while ((rc = lx_store_step (db, stmt)) == 1) {
        memcpy (before, fault->head, sizeof before);
        result = s_check_row (stmt, entry, fault);
        if (result == 0 && expected_head && fault->count == expected_count
        &&  strcmp (fault->head, expected_head) != 0) {
            //  this entry is the bad one: count and head stay before it
            fault->count--;
            memcpy (fault->head, before, sizeof fault->head);
            result = s_fault (fault, LX_CHAIN_FORKED, expected_count,
                              "seq %" PRId64 " has another hash than the known head: the chain was rewritten "
                              "up to it", expected_count);
        }
        if (result)
            break;
    }
    lx_chain_entry_destroy (&entry);
    if (rc == 1) {
        //  stopped at a row: end the statement's read of the store
        int reset = sqlite3_reset (stmt);
        if (result == -1)
            snprintf (fault->reason, sizeof fault->reason, "out of memory");
        else
        if (reset != SQLITE_OK) {
            snprintf (fault->reason, sizeof fault->reason, "store: reset: %s", sqlite3_errstr (reset));
            result = -1;
        }
        return result;
    }
    if (rc == -1) {
        snprintf (fault->reason, sizeof fault->reason, "store: %s", lx_store_error (db));
        return -1;
    }
    if (expected_head && fault->count < expected_count && fault->count == 0)
        return s_fault (fault, LX_CHAIN_TRUNCATED, 1,
                        "the chain is empty but the known head is seq %" PRId64 ": its entries were deleted",
                        expected_count);
    if (expected_head && fault->count < expected_count)
        return s_fault (fault, LX_CHAIN_TRUNCATED, fault->count + 1,
                        "the chain ends at seq %" PRId64 " but the known head is seq %" PRId64 ": "
                        "its last entries were deleted", fault->count, expected_count);
    snprintf (fault->reason, sizeof fault->reason, "%" PRId64 " entries, chain good", fault->count);
    return 0;
}

int
lx_chain_verify (lx_store_t *db, const char *query, lx_chain_fault_t *fault)
{
    return lx_chain_verify_head (db, query, NULL, 0, fault);
}

const char *
lx_chain_fault_name (int kind)
{
    switch (kind) {
        case LX_CHAIN_OK:           return "ok";
        case LX_CHAIN_CHANGED:      return "changed";
        case LX_CHAIN_BROKEN:       return "broken";
        case LX_CHAIN_GAP:          return "gap";
        case LX_CHAIN_TRUNCATED:    return "truncated";
        case LX_CHAIN_FORKED:       return "forked";
        default:                    return "unknown";
    }
}
