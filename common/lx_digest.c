/*  lx_digest: a fingerprint of a set of records, to reconcile two stores. */

#include "lx_digest.h"
#include "lx_valid.h"

#include <czmq.h>
#include <sodium.h>

struct _lx_digest_t {
    char *section;              //  what the rows are
    zdigest_t *sha;             //  SHA-1 over the canonical text so far
    int64_t count;              //  rows folded in
    char *line;                 //  "SECTION COUNT HEX", made on first ask
};

const char *const lx_digest_sections [LX_DIGEST_SECTION_COUNT] = {
    "sent", "rejected", "events", "leads", "stages", "transfers", "credit", "ledger"
};

lx_digest_t *
lx_digest_new (const char *section, const char *challenge)
{
    assert (section && lx_valid_id (section));
    assert (!challenge || lx_digest_challenge_valid (challenge));
    lx_digest_t *self = (lx_digest_t *) zmalloc (sizeof (lx_digest_t));
    if (!self)
        return NULL;
    self->section = strdup (section);
    self->sha = zdigest_new ();
    if (!self->section || !self->sha)
        lx_digest_destroy (&self);
    else
    if (challenge) {
        //  The key goes first, marked so that no row can be taken for it.
        char head [48];
        snprintf (head, sizeof head, "K%zu:", strlen (challenge));
        zdigest_update (self->sha, (const byte *) head, strlen (head));
        zdigest_update (self->sha, (const byte *) challenge, strlen (challenge));
        zdigest_update (self->sha, (const byte *) "\n", 1);
    }
    return self;
}

void
lx_digest_challenge_new (char challenge [LX_DIGEST_CHALLENGE_SIZE])
{
    assert (challenge);
    byte random [(LX_DIGEST_CHALLENGE_SIZE - 1) / 2];
    randombytes_buf (random, sizeof random);
    for (size_t index = 0; index < sizeof random; index++)
        snprintf (challenge + 2 * index, 3, "%02x", random [index]);
}

bool
lx_digest_challenge_valid (const char *challenge)
{
    return challenge && strlen (challenge) == LX_DIGEST_CHALLENGE_SIZE - 1
        && strspn (challenge, "0123456789abcdef") == LX_DIGEST_CHALLENGE_SIZE - 1;
}

void
lx_digest_destroy (lx_digest_t **self_p)
{
    assert (self_p);
    lx_digest_t *self = *self_p;
    if (self) {
        free (self->section);
        zdigest_destroy (&self->sha);
        free (self->line);
        free (self);
        *self_p = NULL;
    }
}

//  Folds one column value. Each value is its type letter, its length and
//  its bytes, so no two different rows can make the same text.
static void
s_fold_value (lx_digest_t *self, sqlite3_stmt *stmt, int column)
{
    char head [48];
    int type = sqlite3_column_type (stmt, column);
    if (type == SQLITE_NULL)
        snprintf (head, sizeof head, "N;");
    else
    if (type == SQLITE_INTEGER)
        snprintf (head, sizeof head, "I%" PRId64 ";", (int64_t) sqlite3_column_int64 (stmt, column));
    else {
        //  Text, blobs (and reals, which no leadx table holds) as bytes.
        const void *data = type == SQLITE_BLOB? sqlite3_column_blob (stmt, column)
                                              : (const void *) sqlite3_column_text (stmt, column);
        int size = sqlite3_column_bytes (stmt, column);
        snprintf (head, sizeof head, "S%d:", size);
        zdigest_update (self->sha, (const byte *) head, strlen (head));
        if (size > 0)
            zdigest_update (self->sha, (const byte *) data, (size_t) size);
        return;
    }
    zdigest_update (self->sha, (const byte *) head, strlen (head));
}

int
lx_digest_fold (lx_digest_t *self, lx_store_t *db, sqlite3_stmt *stmt, int64_t rows)
{
    assert (self && db && stmt && rows > 0 && !self->line);
    for (int64_t row = 0; row < rows; row++) {
        int rc = lx_store_step (db, stmt);
        if (rc != 1)
            return rc;
        int columns = sqlite3_column_count (stmt);
        for (int column = 0; column < columns; column++)
            s_fold_value (self, stmt, column);
        zdigest_update (self->sha, (const byte *) "\n", 1);
        self->count++;
    }
    return 1;
}

int
lx_digest_add_rows (lx_digest_t *self, lx_store_t *db, sqlite3_stmt *stmt)
{
    assert (self && db && !self->line);
    if (!stmt)
        return -1;
    int rc;
    while ((rc = lx_digest_fold (self, db, stmt, INT64_MAX)) == 1)
        ;
    return rc;
}

int64_t
lx_digest_count (lx_digest_t *self)
{
    assert (self);
    return self->count;
}

const char *
lx_digest_line (lx_digest_t *self)
{
    assert (self);
    if (!self->line) {
        self->line = zsys_sprintf ("%s %" PRId64 " %s", self->section, self->count,
                                   zdigest_string (self->sha));
        assert (self->line);
        //  zdigest_string gives upper-case hex; keep lines in one case.
        for (char *cursor = self->line; *cursor; cursor++)
            *cursor = (char) tolower ((unsigned char) *cursor);
    }
    return self->line;
}

int
lx_digest_parse (const char *line, char *section, size_t section_size, int64_t *count, char hex [41])
{
    assert (section && count && hex);
    if (!line)
        return -1;
    const char *space = strchr (line, ' ');
    if (!space || (size_t) (space - line) >= section_size)
        return -1;
    memcpy (section, line, space - line);
    section [space - line] = '\0';
    if (!lx_valid_id (section))
        return -1;
    char *end;
    errno = 0;
    long long number = strtoll (space + 1, &end, 10);
    if (errno || end == space + 1 || *end != ' ' || number < 0 || !isdigit ((unsigned char) space [1]))
        return -1;
    const char *digits = end + 1;
    if (strlen (digits) != 40)
        return -1;
    for (int index = 0; index < 40; index++)
        if (!isxdigit ((unsigned char) digits [index]) || isupper ((unsigned char) digits [index]))
            return -1;
    memcpy (hex, digits, 41);
    *count = number;
    return 0;
}

zlistx_t *
lx_digest_store (lx_store_t *db, const char *const *queries, const char *node, const char *challenge)
{
    assert (db && queries && node);
    zlistx_t *lines = zlistx_new ();
    assert (lines);
    zlistx_set_destructor (lines, (zlistx_destructor_fn *) zstr_free);
    zlistx_set_duplicator (lines, (zlistx_duplicator_fn *) strdup);
    for (int index = 0; index < LX_DIGEST_SECTION_COUNT; index++) {
        lx_digest_t *digest = lx_digest_new (lx_digest_sections [index], challenge);
        int rc = digest? lx_digest_add_rows (digest, db, lx_store_query (db, queries [index], "t", node)): -1;
        if (rc == 0)
            zlistx_add_end (lines, (void *) lx_digest_line (digest));
        lx_digest_destroy (&digest);
        if (rc) {
            zlistx_destroy (&lines);
            return NULL;
        }
    }
    return lines;
}

//  The line of section in lines, parsed; returns 0 or -1 when absent or bad.
static int
s_find (zlistx_t *lines, const char *section, int64_t *count, char hex [41])
{
    for (const char *line = (const char *) zlistx_first (lines); line;
         line = (const char *) zlistx_next (lines)) {
        char name [33];
        if (lx_digest_parse (line, name, sizeof name, count, hex) == 0 && streq (name, section))
            return 0;
    }
    return -1;
}

int
lx_digest_report (zlistx_t *node_lines, zlistx_t *broker_lines, bool json, FILE *out)
{
    assert (node_lines && broker_lines);
    int differences = 0;
    if (out && json)
        fprintf (out, "[");
    else
    if (out)
        fprintf (out, "%-10s %12s %12s  %s\n", "SECTION", "NODE", "BROKER", "CHECK");
    for (int index = 0; index < LX_DIGEST_SECTION_COUNT; index++) {
        const char *section = lx_digest_sections [index];
        int64_t mine = -1, theirs = -1;
        char mine_hex [41] = "", theirs_hex [41] = "";
        bool have_mine = s_find (node_lines, section, &mine, mine_hex) == 0;
        bool have_theirs = s_find (broker_lines, section, &theirs, theirs_hex) == 0;
        bool equal = have_mine && have_theirs && mine == theirs && streq (mine_hex, theirs_hex);
        differences += equal? 0: 1;
        if (out && json)
            fprintf (out, "%s{\"section\":\"%s\",\"node\":%" PRId64 ",\"broker\":%" PRId64 ",\"equal\":%s}",
                     index? ",": "", section, mine, theirs, equal? "true": "false");
        else
        if (out)
            fprintf (out, "%-10s %12" PRId64 " %12" PRId64 "  %s\n", section, mine, theirs,
                     equal? "equal": !have_mine || !have_theirs? "MISSING": "DIFFERENT");
    }
    if (out && json)
        fprintf (out, "]\n");
    return differences;
}

void
lx_digest_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_digest_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/test.db", dir);
    const char *schema [] = { "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER, body BLOB);"
                              "CREATE TABLE b (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER, body BLOB);" };
    char error [256];
    lx_store_t *db = lx_store_new (path, LX_STORE_NORMAL, schema, 1, error, sizeof error);
    assert (db);
    //  The same rows in two tables digest the same.
    for (int table = 0; table < 2; table++) {
        const char *sql = table? "INSERT INTO b (name, amount, body) VALUES (?, ?, ?)"
                               : "INSERT INTO a (name, amount, body) VALUES (?, ?, ?)";
        assert (lx_store_exec (db, sql, "tib", "柯城区", (int64_t) 300, "x\0y", (size_t) 3) == 0);
        assert (lx_store_exec (db, sql, "tib", NULL, (int64_t) 0, "", (size_t) 0) == 0);
    }
    lx_digest_t *left = lx_digest_new ("credit", NULL);
    lx_digest_t *right = lx_digest_new ("credit", NULL);
    assert (lx_digest_add_rows (left, db, lx_store_query (db, "SELECT name, amount, body FROM a ORDER BY id", "")) == 0);
    assert (lx_digest_add_rows (right, db, lx_store_query (db, "SELECT name, amount, body FROM b ORDER BY id", "")) == 0);
    assert (lx_digest_count (left) == 2);
    assert (streq (lx_digest_line (left), lx_digest_line (right)));
    //  Any change shows, each on top of the last: a value, NULL against
    //  empty text, the order of rows.
    const char *changes [] = {
        "UPDATE b SET amount = 301 WHERE id = 1",
        "UPDATE b SET amount = 300, name = '' WHERE id = 2",
        "UPDATE b SET name = NULL WHERE id = 2",
        "UPDATE b SET id = 3 WHERE id = 1",
    };
    for (size_t index = 0; index < sizeof changes / sizeof changes [0]; index++) {
        assert (lx_store_exec (db, changes [index], "") == 0);
        lx_digest_t *changed = lx_digest_new ("credit", NULL);
        assert (lx_digest_add_rows (changed, db,
                lx_store_query (db, "SELECT name, amount, body FROM b ORDER BY id", "")) == 0);
        assert (strcmp (lx_digest_line (changed), lx_digest_line (left)) != 0);
        lx_digest_destroy (&changed);
    }
    //  Folded in slices, a query digests as it does whole.
    lx_digest_t *sliced = lx_digest_new ("credit", NULL);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT name, amount, body FROM a ORDER BY id", "");
    assert (lx_digest_fold (sliced, db, stmt, 1) == 1);
    assert (lx_digest_count (sliced) == 1);
    int rc;
    while ((rc = lx_digest_fold (sliced, db, stmt, 1)) == 1)
        ;
    assert (rc == 0 && lx_digest_count (sliced) == 2);
    assert (streq (lx_digest_line (sliced), lx_digest_line (left)));
    lx_digest_destroy (&sliced);
    //  Two columns cannot run into each other: ("ab", "c") is not ("a", "bc").
    lx_digest_t *one = lx_digest_new ("x", NULL);
    lx_digest_t *two = lx_digest_new ("x", NULL);
    assert (lx_digest_add_rows (one, db, lx_store_query (db, "SELECT 'ab', 'c'", "")) == 0);
    assert (lx_digest_add_rows (two, db, lx_store_query (db, "SELECT 'a', 'bc'", "")) == 0);
    assert (strcmp (lx_digest_line (one), lx_digest_line (two)) != 0);
    //  Keyed with a challenge, the same rows digest otherwise under each
    //  key, and alike under one: who knows the digest under one key cannot
    //  answer for another without the rows.
    char key [LX_DIGEST_CHALLENGE_SIZE], other_key [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (key);
    lx_digest_challenge_new (other_key);
    assert (lx_digest_challenge_valid (key) && lx_digest_challenge_valid (other_key));
    assert (strcmp (key, other_key) != 0);
    assert (!lx_digest_challenge_valid ("0123") && !lx_digest_challenge_valid (NULL)
         && !lx_digest_challenge_valid ("0123456789ABCDEF0123456789abcdef"));
    lx_digest_t *keyed [3] = { lx_digest_new ("credit", key), lx_digest_new ("credit", key),
                               lx_digest_new ("credit", other_key) };
    for (int index = 0; index < 3; index++)
        assert (lx_digest_add_rows (keyed [index], db,
                lx_store_query (db, "SELECT name, amount, body FROM a ORDER BY id", "")) == 0);
    assert (streq (lx_digest_line (keyed [0]), lx_digest_line (keyed [1])));
    assert (strcmp (lx_digest_line (keyed [0]), lx_digest_line (keyed [2])) != 0);
    assert (strcmp (lx_digest_line (keyed [0]), lx_digest_line (left)) != 0);
    assert (lx_digest_count (keyed [0]) == lx_digest_count (left));
    for (int index = 0; index < 3; index++)
        lx_digest_destroy (&keyed [index]);
    //  Lines parse back; malformed ones are refused.
    char section [33], hex [41];
    int64_t count;
    assert (lx_digest_parse (lx_digest_line (left), section, sizeof section, &count, hex) == 0);
    assert (streq (section, "credit") && count == 2 && strlen (hex) == 40);
    const char *bad [] = { "", "credit", "credit 2", "credit -2 0123456789012345678901234567890123456789",
                           "credit 2 0123", "Credit 2 0123456789012345678901234567890123456789",
                           "credit 2 0123456789012345678901234567890123456789x",
                           "credit x 0123456789012345678901234567890123456789",
                           "credit 2 ABCDEF6789012345678901234567890123456789" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (lx_digest_parse (bad [index], section, sizeof section, &count, hex) == -1);
    assert (lx_digest_parse (NULL, section, sizeof section, &count, hex) == -1);
    //  A store's sections: a line each; the report counts differences.
    const char *queries [LX_DIGEST_SECTION_COUNT] = {
        "SELECT name, amount FROM a WHERE ?1 = ?1 ORDER BY id", "SELECT 1 WHERE ?1 = 'none'",
        "SELECT ?1", "SELECT 1 WHERE ?1 = 'none'", "SELECT 1 WHERE ?1 = 'none'", "SELECT 1 WHERE ?1 = 'none'",
        "SELECT amount FROM b WHERE ?1 = ?1 ORDER BY id", "SELECT 1 WHERE ?1 = 'none'" };
    zlistx_t *mine = lx_digest_store (db, queries, "kecheng", NULL);
    assert (mine && zlistx_size (mine) == LX_DIGEST_SECTION_COUNT);
    assert (strncmp ((const char *) zlistx_first (mine), "sent 2 ", 7) == 0);
    zlistx_t *theirs = zlistx_dup (mine);
    FILE *sink = fopen ("/dev/null", "w");
    assert (lx_digest_report (mine, theirs, false, sink) == 0);
    assert (lx_digest_report (mine, theirs, true, sink) == 0);
    zlistx_t *other = lx_digest_store (db, queries, "qujiang", NULL);      //  "events" differs
    assert (lx_digest_report (mine, other, false, sink) == 1);
    assert (lx_digest_report (mine, other, false, NULL) == 1);
    zlistx_delete (theirs, zlistx_first (theirs) ? zlistx_cursor (theirs): NULL);
    zlistx_add_end (theirs, "credit 2 not-a-digest");
    assert (lx_digest_report (mine, theirs, false, sink) == 1);     //  "sent" missing
    fclose (sink);
    queries [6] = "SELECT no_such_column FROM b WHERE ?1 = ?1";
    assert (lx_digest_store (db, queries, "kecheng", NULL) == NULL);
    zlistx_destroy (&mine);
    zlistx_destroy (&theirs);
    zlistx_destroy (&other);
    lx_digest_destroy (&one);
    lx_digest_destroy (&two);
    lx_digest_destroy (&left);
    lx_digest_destroy (&right);
    lx_digest_destroy (&left);
    lx_store_destroy (&db);
    zdir_t *tree = zdir_new (dir, NULL);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    free (path);
}
