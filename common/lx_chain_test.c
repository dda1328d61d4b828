/*  lx_chain selftest: the canonical text against a known answer, and a
    real store's chain verified whole, against known heads, and after
    every kind of tampering. Kept apart from lx_chain.c, which it drives
    only through the public API.
*/

#include "lx_chain.h"

#include <czmq.h>
#include <stdarg.h>

//  --------------------------------------------------------------------
//  Self test

#define S_ENTRIES 100
#define S_QUERY "SELECT seq, prev, hash, node, amount, note, share FROM ledger ORDER BY seq"
#define S_INSERT "INSERT INTO ledger (seq, prev, hash, node, amount, note, share) VALUES (?, ?, ?, ?, ?, ?, ?)"

//  The hash of entry (node, amount, note, share, share_null) after prev.
static void
s_test_link (const char *prev, const char *node, int64_t amount, const char *note,
             int64_t share, bool share_null, char hash [65])
{
    lx_chain_entry_t *entry = lx_chain_entry_new ();
    assert (entry);
    assert (lx_chain_entry_add_text (entry, node) == 0);
    assert (lx_chain_entry_add_int (entry, amount) == 0);
    assert (lx_chain_entry_add_text (entry, note) == 0);
    if (share_null)
        assert (lx_chain_entry_add_text (entry, NULL) == 0);
    else
        assert (lx_chain_entry_add_int (entry, share) == 0);
    assert (lx_chain_link (prev, entry, hash) == 0);
    lx_chain_entry_destroy (&entry);
}

//  Re-hashes the stored entry seq from its stored prev and fields (as a
//  forger who knows the format would). Returns its new hash in hash.
static void
s_test_rehash (lx_store_t *db, int64_t seq, char hash [65])
{
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT node, amount, note, share, prev FROM ledger WHERE seq = ?",
                                         "i", seq);
    assert (stmt && lx_store_step (db, stmt) == 1);
    char prev [65];
    const unsigned char *stored = sqlite3_column_text (stmt, 4);
    assert (stored && sqlite3_column_bytes (stmt, 4) == 64);
    memcpy (prev, stored, 65);
    lx_chain_entry_t *entry = lx_chain_entry_new ();
    assert (entry);
    assert (lx_chain_entry_add_row (entry, stmt, 0, 4) == 0);
    assert (lx_store_step (db, stmt) == 0);
    assert (lx_chain_link (prev, entry, hash) == 0);
    lx_chain_entry_destroy (&entry);
    assert (lx_store_exec (db, "UPDATE ledger SET hash = ? WHERE seq = ?", "ti", hash, seq) == 0);
    assert (lx_store_changes (db) == 1);
}

//  Puts the good chain back in table ledger, then runs the tampering SQL.
static void
s_test_tamper (lx_store_t *db, const char *const *statements, size_t count)
{
    assert (lx_store_exec (db, "DELETE FROM ledger", "") == 0);
    assert (lx_store_exec (db, "INSERT INTO ledger SELECT * FROM good", "") == 0);
    assert (lx_store_changes (db) == S_ENTRIES);
    for (size_t index = 0; index < count; index++)
        assert (lx_store_exec (db, statements [index], "") == 0);
}

//  Runs the verification (against head when not NULL) and prints what it
//  found when verbose. Returns its result.
static int
s_test_verify (lx_store_t *db, const char *query, const char *head, int64_t count,
               lx_chain_fault_t *fault, bool verbose)
{
    int rc = head? lx_chain_verify_head (db, query, head, count, fault)
                 : lx_chain_verify (db, query, fault);
    if (verbose)
        printf ("    -> %d %s seq %" PRId64 " count %" PRId64 ": %s\n", rc, lx_chain_fault_name (fault->kind),
                fault->seq, fault->count, fault->reason);
    return rc;
}

//  The hash of the entries built by the values (format as lx_store_query:
//  'i' int64_t, 't' const char *) after the genesis.
static void
s_test_values (char hash [65], const char *format, ...)
{
    lx_chain_entry_t *entry = lx_chain_entry_new ();
    assert (entry);
    va_list args;
    va_start (args, format);
    for (const char *code = format; *code; code++)
        if (*code == 'i')
            assert (lx_chain_entry_add_int (entry, va_arg (args, int64_t)) == 0);
        else
            assert (lx_chain_entry_add_text (entry, va_arg (args, const char *)) == 0);
    va_end (args);
    assert (lx_chain_link (LX_CHAIN_GENESIS, entry, hash) == 0);
    lx_chain_entry_destroy (&entry);
}

void
lx_chain_test (bool verbose)
{
    //  Known answer, computed independently from the format in lx_chain.h
    //  (Python's hashlib.blake2b (digest_size = 32)): the format of stored
    //  ledgers must never change.
    char hash [65], other [65];
    //  A body's hash: BLAKE2b-256 of its bytes, as hashlib gives it.
    assert (lx_chain_hash_bytes ("abc", 3, hash) == 0);
    assert (streq (hash, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"));
    assert (lx_chain_hash_bytes (NULL, 0, hash) == 0);
    assert (streq (hash, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
    lx_chain_entry_t *entry = lx_chain_entry_new ();
    assert (entry);
    assert (lx_chain_entry_add_int (entry, 42) == 0);
    assert (lx_chain_entry_add_int (entry, -1) == 0);
    assert (lx_chain_entry_add_int (entry, INT64_MIN) == 0);
    assert (lx_chain_entry_add_int (entry, INT64_MAX) == 0);
    assert (lx_chain_entry_add_text (entry, "柯城区") == 0);
    assert (lx_chain_entry_add_text (entry, NULL) == 0);
    assert (lx_chain_entry_add_text (entry, "") == 0);
    assert (lx_chain_link (LX_CHAIN_GENESIS, entry, hash) == 0);
    assert (streq (hash, "c98e52ac3cdfda5d7e29ccc5c575261378869980bd85d8794ca88c4b2f0a6423"));
    //  Linking is a pure function: again, and from a second build.
    assert (lx_chain_link (LX_CHAIN_GENESIS, entry, other) == 0);
    assert (streq (hash, other));
    s_test_values (other, "iiiittt", (int64_t) 42, (int64_t) -1, (int64_t) INT64_MIN, (int64_t) INT64_MAX,
                   "柯城区", (const char *) NULL, "");
    assert (streq (hash, other));
    lx_chain_entry_t *empty = lx_chain_entry_new ();
    assert (empty);
    assert (lx_chain_link (hash, empty, other) == 0);
    assert (streq (other, "853914a64c4ae916528a510e1181c925593353e15b7820b09c4875f9f5ed08a7"));
    //  The same entry after another prev has another hash.
    assert (lx_chain_link (LX_CHAIN_GENESIS, empty, hash) == 0);
    assert (strcmp (hash, other) != 0);
    lx_chain_entry_destroy (&empty);
    lx_chain_entry_destroy (&empty);
    assert (empty == NULL);

    //  No two lists of values share a canonical text.
    char left [65], right [65];
    s_test_values (left, "tt", "ab", "c");
    s_test_values (right, "tt", "a", "bc");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "i", (int64_t) 1);
    s_test_values (right, "t", "1");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "t", (const char *) NULL);
    s_test_values (right, "t", "");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "");
    s_test_values (right, "t", (const char *) NULL);
    assert (strcmp (left, right) != 0);
    s_test_values (left, "tt", "a", (const char *) NULL);
    s_test_values (right, "tt", (const char *) NULL, "a");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "i", (int64_t) 12);
    s_test_values (right, "ii", (int64_t) 1, (int64_t) 2);
    assert (strcmp (left, right) != 0);
    s_test_values (left, "i", (int64_t) INT64_MIN);
    s_test_values (right, "t", "-9223372036854775808");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "t", "t1:a");      //  a text that looks like an encoded one
    s_test_values (right, "t", "a");
    assert (strcmp (left, right) != 0);
    s_test_values (left, "t", "柯城区");
    s_test_values (right, "t", "柯城");
    assert (strcmp (left, right) != 0);

    //  A prev that is not 64 lower-case hex digits is refused.
    const char *bad_prevs [] = {
        "", "0", "abc",
        "000000000000000000000000000000000000000000000000000000000000000",     //  63
        "00000000000000000000000000000000000000000000000000000000000000000",   //  65
        "000000000000000000000000000000000000000000000000000000000000000g",
        "ABCDEF0000000000000000000000000000000000000000000000000000000000",
        "00000000000000000000000000000000 0000000000000000000000000000000",
    };
    for (size_t index = 0; index < sizeof bad_prevs / sizeof bad_prevs [0]; index++) {
        strcpy (other, "x");
        assert (lx_chain_link (bad_prevs [index], entry, other) == -1);
        assert (streq (other, ""));
    }

    //  A real store.
    char dir [] = "/tmp/lx_chain_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/test.db", dir);
    assert (path);
    const char *schema [] = {
        "CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL,"
        "                     node TEXT, amount INTEGER, note TEXT, share INTEGER);"
        "CREATE TABLE good (seq INTEGER PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL,"
        "                   node TEXT, amount INTEGER, note TEXT, share INTEGER);"
    };
    char error [256];
    lx_store_t *db = lx_store_new (path, LX_STORE_NORMAL, schema, 1, error, sizeof error);
    assert (db);

    //  A row read back gives the hash of the same values built by hand.
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT ?, ?, ?, ?, ?, ?, ?", "iiiittt", (int64_t) 42, (int64_t) -1,
                                         (int64_t) INT64_MIN, (int64_t) INT64_MAX, "柯城区", NULL, "");
    assert (stmt && lx_store_step (db, stmt) == 1);
    lx_chain_entry_t *row = lx_chain_entry_new ();
    assert (row);
    assert (lx_chain_entry_add_row (row, stmt, 0, 7) == 0);
    assert (lx_store_step (db, stmt) == 0);
    assert (lx_chain_link (LX_CHAIN_GENESIS, row, other) == 0);
    assert (lx_chain_link (LX_CHAIN_GENESIS, entry, hash) == 0);
    assert (streq (hash, other));
    //  A REAL or a BLOB is refused and leaves the entry as it was, even
    //  after the columns before it.
    const char *refused [] = { "SELECT 7, 1.5", "SELECT 7, X'00'", "SELECT 7, 'x', 2.0" };
    for (size_t index = 0; index < sizeof refused / sizeof refused [0]; index++) {
        stmt = lx_store_query (db, refused [index], "");
        assert (stmt && lx_store_step (db, stmt) == 1);
        assert (lx_chain_entry_add_row (row, stmt, 0, sqlite3_column_count (stmt)) == -1);
        assert (lx_chain_entry_add_row (row, stmt, 0, 1) == 0);       //  the 7 alone is fine
        assert (lx_store_step (db, stmt) == 0);
    }
    assert (lx_chain_link (LX_CHAIN_GENESIS, row, other) == 0);
    assert (strcmp (hash, other) != 0);
    assert (lx_chain_entry_add_int (entry, 7) == 0);
    assert (lx_chain_entry_add_int (entry, 7) == 0);
    assert (lx_chain_entry_add_int (entry, 7) == 0);
    assert (lx_chain_link (LX_CHAIN_GENESIS, entry, hash) == 0);
    assert (streq (hash, other));
    //  Zero columns add nothing.
    stmt = lx_store_query (db, "SELECT 1", "");
    assert (stmt && lx_store_step (db, stmt) == 1);
    assert (lx_chain_entry_add_row (row, stmt, 1, 0) == 0);
    assert (lx_store_step (db, stmt) == 0);
    assert (lx_chain_link (LX_CHAIN_GENESIS, row, other) == 0);
    assert (streq (hash, other));
    lx_chain_entry_destroy (&row);
    lx_chain_entry_destroy (&entry);

    //  An empty chain is good, and has the genesis for head.
    lx_chain_fault_t fault;
    if (verbose)
        printf ("  empty chain\n");
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (fault.kind == LX_CHAIN_OK && fault.count == 0 && streq (fault.head, LX_CHAIN_GENESIS));
    assert (s_test_verify (db, S_QUERY, LX_CHAIN_GENESIS, 0, &fault, verbose) == 0);

    //  A chain of 100 entries with mixed fields.
    const char *nodes [] = { "柯城区", "衢江区", NULL, "kaihua", "" };
    char hashes [S_ENTRIES + 1][65];
    strcpy (hashes [0], LX_CHAIN_GENESIS);
    assert (lx_store_begin (db) == 0);
    for (int64_t seq = 1; seq <= S_ENTRIES; seq++) {
        const char *node = nodes [seq % 5];
        int64_t amount = seq == 10? INT64_MAX: seq == 11? INT64_MIN: seq % 7 == 0? -seq * 1000: seq * 12345;
        char *text = zsys_sprintf ("第%" PRId64 "笔 锂电池项目", seq);
        assert (text);
        const char *note = seq % 3 == 0? NULL: seq % 3 == 1? "": text;
        bool share_null = seq % 4 == 0;
        int64_t share = (seq * 100) % 10001;
        s_test_link (hashes [seq - 1], node, amount, note, share, share_null, hashes [seq]);
        if (share_null)
            assert (lx_store_exec (db, S_INSERT, "ittti" "tn", seq, hashes [seq - 1], hashes [seq], node,
                                   amount, note) == 0);
        else
            assert (lx_store_exec (db, S_INSERT, "ittti" "ti", seq, hashes [seq - 1], hashes [seq], node,
                                   amount, note, share) == 0);
        free (text);
    }
    assert (lx_store_exec (db, "INSERT INTO good SELECT * FROM ledger", "") == 0);
    assert (lx_store_commit (db) == 0);
    //  Every hash differs from every other.
    for (int first = 0; first <= S_ENTRIES; first++)
        for (int second = first + 1; second <= S_ENTRIES; second++)
            assert (strcmp (hashes [first], hashes [second]) != 0);
    //  The values read back as written (the extremes and NULL against "").
    int64_t value;
    assert (lx_store_int (db, &value, "SELECT amount FROM ledger WHERE seq = 10", "") == 0 && value == INT64_MAX);
    assert (lx_store_int (db, &value, "SELECT amount FROM ledger WHERE seq = 11", "") == 0 && value == INT64_MIN);
    assert (lx_store_int (db, &value, "SELECT count(*) FROM ledger WHERE note IS NULL", "") == 0 && value == 33);
    assert (lx_store_int (db, &value, "SELECT count(*) FROM ledger WHERE note = ''", "") == 0 && value == 34);

    if (verbose)
        printf ("  good chain\n");
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (fault.kind == LX_CHAIN_OK && fault.seq == 0 && fault.count == S_ENTRIES);
    assert (streq (fault.head, hashes [S_ENTRIES]));
    //  Against known heads: the last, an earlier one (the chain may have
    //  grown since), the genesis; a wrong, a malformed and a future head.
    assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES, &fault, verbose) == 0);
    assert (fault.count == S_ENTRIES);
    assert (s_test_verify (db, S_QUERY, hashes [50], 50, &fault, verbose) == 0);
    assert (fault.count == S_ENTRIES && streq (fault.head, hashes [S_ENTRIES]));
    assert (s_test_verify (db, S_QUERY, LX_CHAIN_GENESIS, 0, &fault, verbose) == 0);
    assert (s_test_verify (db, S_QUERY, hashes [51], 50, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == 50 && fault.count == 49);
    assert (streq (fault.head, hashes [49]));
    assert (s_test_verify (db, S_QUERY, hashes [1], 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == 0 && fault.count == 0);
    char upper [65];
    for (int index = 0; index < 65; index++)
        upper [index] = (char) toupper ((unsigned char) hashes [S_ENTRIES][index]);
    assert (strcmp (upper, hashes [S_ENTRIES]) != 0);
    assert (s_test_verify (db, S_QUERY, upper, S_ENTRIES, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == S_ENTRIES && fault.count == S_ENTRIES - 1);
    assert (s_test_verify (db, S_QUERY, "junk", 5, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == 5 && fault.count == 4);
    assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES + 1, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_TRUNCATED && fault.seq == S_ENTRIES + 1 && fault.count == S_ENTRIES);

    //  Each tampering, on a fresh copy of the good chain: the SQL, then
    //  the first bad seq and kind, and how many entries are good before it.
    struct {
        const char *what;               //  what the tampering does
        const char *sql [3];            //  its statements, up to three
        int64_t seq;                    //  the first bad entry verify must name
        int kind;                       //  the fault it must find there
        int64_t good;                   //  and the entries it must count good before it
    } cases [] = {
        { "change an amount in the middle", { "UPDATE ledger SET amount = amount + 1 WHERE seq = 50" },
          50, LX_CHAIN_CHANGED, 49 },
        { "change an extreme amount", { "UPDATE ledger SET amount = 0 WHERE seq = 11" }, 11, LX_CHAIN_CHANGED, 10 },
        { "change a text", { "UPDATE ledger SET note = '第44笔 钢铁项目' WHERE seq = 44" }, 44, LX_CHAIN_CHANGED, 43 },
        { "change a district", { "UPDATE ledger SET node = '开化县' WHERE seq = 61" }, 61, LX_CHAIN_CHANGED, 60 },
        { "set a NULL to ''", { "UPDATE ledger SET note = '' WHERE seq = 42" }, 42, LX_CHAIN_CHANGED, 41 },
        { "set '' to NULL", { "UPDATE ledger SET note = NULL WHERE seq = 43" }, 43, LX_CHAIN_CHANGED, 42 },
        { "set a NULL integer to 0", { "UPDATE ledger SET share = 0 WHERE seq = 48" }, 48, LX_CHAIN_CHANGED, 47 },
        { "store a real number", { "UPDATE ledger SET amount = 2.5 WHERE seq = 33" }, 33, LX_CHAIN_CHANGED, 32 },
        { "store a blob", { "UPDATE ledger SET note = X'00' WHERE seq = 34" }, 34, LX_CHAIN_CHANGED, 33 },
        { "store the hash in upper case", { "UPDATE ledger SET hash = upper (hash) WHERE seq = 5" },
          5, LX_CHAIN_CHANGED, 4 },
        { "change the last entry", { "UPDATE ledger SET amount = 1 WHERE seq = 100" }, 100, LX_CHAIN_CHANGED, 99 },
        { "change the first entry", { "UPDATE ledger SET node = 'x' WHERE seq = 1" }, 1, LX_CHAIN_CHANGED, 0 },
        { "delete a middle entry", { "DELETE FROM ledger WHERE seq = 60" }, 61, LX_CHAIN_GAP, 59 },
        { "delete the first entry", { "DELETE FROM ledger WHERE seq = 1" }, 2, LX_CHAIN_GAP, 0 },
        { "insert a forged entry out of order",
          { "INSERT INTO ledger SELECT 150, hash, hash, node, amount, note, share FROM good WHERE seq = 100" },
          150, LX_CHAIN_GAP, 100 },
        { "delete a middle entry and renumber",
          { "DELETE FROM ledger WHERE seq = 30",
            "UPDATE ledger SET seq = seq + 1000 WHERE seq > 30",
            "UPDATE ledger SET seq = seq - 1001 WHERE seq > 1000" }, 30, LX_CHAIN_BROKEN, 29 },
        { "renumber and insert a copy",
          { "UPDATE ledger SET seq = seq + 1000 WHERE seq >= 50",
            "UPDATE ledger SET seq = seq - 999 WHERE seq >= 1050",
            "INSERT INTO ledger SELECT 50, prev, hash, node, amount, note, share FROM good WHERE seq = 20" },
          50, LX_CHAIN_BROKEN, 49 },
        { "change a prev", { "UPDATE ledger SET prev = (SELECT hash FROM good WHERE seq = 18) WHERE seq = 20" },
          20, LX_CHAIN_BROKEN, 19 },
        { "start from another genesis", { "UPDATE ledger SET prev = hash WHERE seq = 1" },
          1, LX_CHAIN_BROKEN, 0 },
        { "empty a prev", { "UPDATE ledger SET prev = '' WHERE seq = 77" }, 77, LX_CHAIN_BROKEN, 76 },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        size_t count = 0;
        while (count < 3 && cases [index].sql [count])
            count++;
        if (verbose)
            printf ("  %s\n", cases [index].what);
        s_test_tamper (db, cases [index].sql, count);
        assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 1);
        assert (fault.kind == cases [index].kind);
        assert (fault.seq == cases [index].seq);
        //  The good entries before it are counted, and the head is theirs.
        assert (fault.count == cases [index].good);
        assert (streq (fault.head, hashes [cases [index].good]));
        assert (strlen (fault.reason) > 0);
        //  A known head does not hide it.
        assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES, &fault, verbose) == 1);
        assert (fault.kind == cases [index].kind && fault.seq == cases [index].seq);
    }

    //  Insert a forged entry in the middle, properly linked to the one
    //  before it: the displaced entry's link breaks. With a made-up hash,
    //  the forged entry itself shows as changed.
    const char *make_room [] = { "UPDATE ledger SET seq = seq + 1000 WHERE seq >= 50",
                                 "UPDATE ledger SET seq = seq - 999 WHERE seq >= 1050" };
    if (verbose)
        printf ("  insert a forged entry, well linked\n");
    s_test_tamper (db, make_room, 2);
    s_test_link (hashes [49], "柯城区", 999, "伪造", 0, true, hash);
    assert (lx_store_exec (db, S_INSERT, "itttitn", (int64_t) 50, hashes [49], hash, "柯城区", (int64_t) 999,
                           "伪造") == 0);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_BROKEN && fault.seq == 51 && fault.count == 50 && streq (fault.head, hash));
    if (verbose)
        printf ("  insert a forged entry, made-up hash\n");
    assert (lx_store_exec (db, "UPDATE ledger SET hash = ? WHERE seq = 50", "t", hashes [50]) == 0);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_CHANGED && fault.seq == 50 && fault.count == 49);

    //  Re-hash a changed entry: it is good in itself, the next link breaks.
    const char *change_70 [] = { "UPDATE ledger SET amount = 7 WHERE seq = 70" };
    if (verbose)
        printf ("  change an entry and re-hash it\n");
    s_test_tamper (db, change_70, 1);
    s_test_rehash (db, 70, hash);
    assert (strcmp (hash, hashes [70]) != 0);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_BROKEN && fault.seq == 71 && fault.count == 70 && streq (fault.head, hash));
    //  Re-hashing the same fields gives back the same hash.
    s_test_tamper (db, NULL, 0);
    s_test_rehash (db, 70, hash);
    assert (streq (hash, hashes [70]));
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);

    //  Append an entry properly linked: good, and the count shows it.
    if (verbose)
        printf ("  append a forged entry, well linked\n");
    s_test_link (hashes [S_ENTRIES], "衢江区", 1, "", 0, false, hash);
    assert (lx_store_exec (db, S_INSERT, "itttiti", (int64_t) S_ENTRIES + 1, hashes [S_ENTRIES], hash, "衢江区",
                           (int64_t) 1, "", (int64_t) 0) == 0);
    assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES, &fault, verbose) == 0);
    assert (fault.count == S_ENTRIES + 1 && streq (fault.head, hash));

    //  Truncate the last entries: good in itself, caught by the head.
    const char *cut_tail [] = { "DELETE FROM ledger WHERE seq > 90" };
    if (verbose)
        printf ("  truncate the last 10 entries\n");
    s_test_tamper (db, cut_tail, 1);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (fault.count == 90 && streq (fault.head, hashes [90]));
    assert (s_test_verify (db, S_QUERY, hashes [90], 90, &fault, verbose) == 0);
    assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_TRUNCATED && fault.seq == 91 && fault.count == 90);
    assert (streq (fault.head, hashes [90]));
    //  Delete them all: an empty chain, still caught by the head.
    const char *delete_all [] = { "DELETE FROM ledger" };
    s_test_tamper (db, delete_all, 1);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (s_test_verify (db, S_QUERY, hashes [1], 1, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_TRUNCATED && fault.seq == 1 && fault.count == 0);

    //  Rewrite the tail, re-hashing every entry from the change on: good
    //  in itself, caught by any head at or after the change.
    const char *change_95 [] = { "UPDATE ledger SET amount = 95 WHERE seq = 95" };
    if (verbose)
        printf ("  rewrite and re-hash the last 6 entries\n");
    s_test_tamper (db, change_95, 1);
    char prev [65];
    strcpy (prev, hashes [94]);
    for (int64_t seq = 95; seq <= S_ENTRIES; seq++) {
        assert (lx_store_exec (db, "UPDATE ledger SET prev = ? WHERE seq = ?", "ti", prev, seq) == 0);
        s_test_rehash (db, seq, prev);
    }
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (fault.count == S_ENTRIES && strcmp (fault.head, hashes [S_ENTRIES]) != 0);
    assert (s_test_verify (db, S_QUERY, hashes [80], 80, &fault, verbose) == 0);
    assert (s_test_verify (db, S_QUERY, hashes [S_ENTRIES], S_ENTRIES, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == S_ENTRIES && fault.count == S_ENTRIES - 1);
    assert (s_test_verify (db, S_QUERY, hashes [97], 97, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == 97);
    assert (s_test_verify (db, S_QUERY, hashes [95], 95, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_FORKED && fault.seq == 95 && fault.count == 94);
    assert (streq (fault.head, hashes [94]));
    assert (s_test_verify (db, S_QUERY, hashes [94], 94, &fault, verbose) == 0);

    //  A seq that is not an integer is a gap where it was due.
    s_test_tamper (db, NULL, 0);
    if (verbose)
        printf ("  seq as text\n");
    assert (s_test_verify (db, "SELECT CAST (seq AS TEXT), prev, hash, node, amount, note, share FROM ledger "
                               "ORDER BY seq", NULL, 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_GAP && fault.seq == 1 && fault.count == 0);
    //  The fields are those the query names: leaving one out changes all.
    assert (s_test_verify (db, "SELECT seq, prev, hash, node, amount, note FROM ledger ORDER BY seq",
                           NULL, 0, &fault, verbose) == 1);
    assert (fault.kind == LX_CHAIN_CHANGED && fault.seq == 1);
    //  A store error.
    if (verbose)
        printf ("  store error\n");
    assert (s_test_verify (db, "SELECT seq, prev, hash FROM no_such_table", NULL, 0, &fault, verbose) == -1);
    assert (strncmp (fault.reason, "store: ", 7) == 0);
    //  The store is usable after a fault stopped the walk half-way.
    const char *change_2 [] = { "UPDATE ledger SET amount = 3 WHERE seq = 2" };
    s_test_tamper (db, change_2, 1);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 1);
    s_test_tamper (db, NULL, 0);
    assert (s_test_verify (db, S_QUERY, NULL, 0, &fault, verbose) == 0);
    assert (fault.count == S_ENTRIES);

    //  Names.
    assert (streq (lx_chain_fault_name (LX_CHAIN_OK), "ok"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_CHANGED), "changed"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_BROKEN), "broken"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_GAP), "gap"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_TRUNCATED), "truncated"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_FORKED), "forked"));
    assert (streq (lx_chain_fault_name (-1), "unknown"));
    assert (streq (lx_chain_fault_name (LX_CHAIN_FORKED + 1), "unknown"));

    lx_store_destroy (&db);
    assert (lx_store_remove (path) == 0);
    assert (rmdir (dir) == 0);
    free (path);
}
