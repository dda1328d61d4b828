/*  lx_store: one SQLite database, opened the leadx way. */

#include "lx_store.h"

#include <czmq.h>
#include <stdarg.h>

struct _lx_store_t {
    sqlite3 *db;                //  the open database
    zhashx_t *statements;       //  SQL text -> prepared sqlite3_stmt
    char error [256];           //  last error message
    int version;                //  schema version after migrations
    int depth;                  //  open lx_store_begin levels; inner ones are savepoints
    int64_t rollbacks;          //  lx_store_rollback calls since open, see lx_store_rollbacks
};

//  Records sqlite's current message, prefixed by what we were doing.
static void
s_fail (lx_store_t *self, const char *doing)
{
    snprintf (self->error, sizeof self->error, "%s: %s", doing,
              self->db? sqlite3_errmsg (self->db): "no database");
}

//  The statement cache's hash: the text's length and every eighth byte.
//  The broker looks statements up a dozen times a message, and czmq's
//  default hash reads every byte of texts up to 300 long (zhashx_lookup:
//  2.2 % of the throughput benchmark's samples with it, 1.3 % with this).
//  Texts alike in these bytes only share a bucket: keys are compared whole.
static size_t
s_sql_hash (const void *key)
{
    const char *sql = (const char *) key;
    size_t length = strlen (sql);
    size_t hash = length;
    for (size_t index = 0; index < length; index += 8)
        hash = hash * 33 + (unsigned char) sql [index];
    return hash;
}

//  zhashx destructor for cached statements.
static void
s_finalize (void **item_p)
{
    sqlite3_finalize ((sqlite3_stmt *) *item_p);
    *item_p = NULL;
}

//  Runs every statement of a script (no parameters). Returns 0 or -1.
static int
s_run_script (lx_store_t *self, const char *script)
{
    const char *tail = script;
    while (tail && *tail) {
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2 (self->db, tail, -1, &stmt, &tail) != SQLITE_OK) {
            s_fail (self, "prepare script");
            return -1;
        }
        if (!stmt)
            break;              //  only white space or comments left
        int rc;
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            s_fail (self, "run script");
            sqlite3_finalize (stmt);
            return -1;
        }
        if (sqlite3_finalize (stmt) != SQLITE_OK) {
            s_fail (self, "finalize script");
            return -1;
        }
    }
    return 0;
}

//  Applies the missing migrations. Returns 0 or -1.
static int
s_migrate (lx_store_t *self, const char *const *migrations, size_t count)
{
    while (true) {
        if (lx_store_begin (self))
            return -1;
        int64_t version;
        if (lx_store_int (self, &version, "PRAGMA user_version", "") != 0)
            goto failed;
        if (version > (int64_t) count) {
            snprintf (self->error, sizeof self->error,
                      "database schema version %" PRId64 " is newer than this program's %zu",
                      version, count);
            goto failed;
        }
        if (version == (int64_t) count) {
            self->version = (int) version;
            return lx_store_commit (self);
        }
        if (s_run_script (self, migrations [version]))
            goto failed;
        //  PRAGMA takes no parameters; the value is our own integer.
        char pragma [64];
        snprintf (pragma, sizeof pragma, "PRAGMA user_version = %" PRId64, version + 1);
        if (s_run_script (self, pragma) || lx_store_commit (self))
            goto failed;
        zsys_info ("store: applied migration %" PRId64, version + 1);
    }
failed:
    lx_store_rollback (self);
    return -1;
}

int
lx_store_setup (void)
{
    return sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK? 0: -1;
}

//  lx_sum's running total: saturates instead of failing.
typedef struct {
    int64_t total;              //  the sum so far, held at the int64 bounds
} s_sum_t;

//  lx_sum (x): each value added; NULL and text add nothing.
static void
s_sum_step (sqlite3_context *context, int argc, sqlite3_value **argv)
{
    (void) argc;
    s_sum_t *sum = (s_sum_t *) sqlite3_aggregate_context (context, sizeof (s_sum_t));
    if (!sum || sqlite3_value_type (argv [0]) != SQLITE_INTEGER)
        return;
    int64_t value = sqlite3_value_int64 (argv [0]);
    if (__builtin_add_overflow (sum->total, value, &sum->total))
        sum->total = value > 0? INT64_MAX: INT64_MIN;
}

//  lx_sum's result: 0 over no row, as ifnull (sum (x), 0) would be.
static void
s_sum_final (sqlite3_context *context)
{
    s_sum_t *sum = (s_sum_t *) sqlite3_aggregate_context (context, 0);
    sqlite3_result_int64 (context, sum? sum->total: 0);
}

//  Registers the functions every store's SQL may use. lx_sum (x) is sum
//  (x) that never fails on overflow: it holds the total at INT64_MAX (or
//  INT64_MIN), so that no report of figures can fail on them; a figure at
//  that bound means "this much or more". Returns 0 or -1.
static int
s_functions (lx_store_t *self)
{
    return sqlite3_create_function_v2 (self->db, "lx_sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
                                       s_sum_step, s_sum_final, NULL) == SQLITE_OK? 0: -1;
}

lx_store_t *
lx_store_new (const char *path, lx_store_sync_t sync,
              const char *const *migrations, size_t migration_count,
              char *error, size_t error_size)
{
    assert (path);
    lx_store_t *self = (lx_store_t *) zmalloc (sizeof (lx_store_t));
    if (!self)
        return NULL;
    self->statements = zhashx_new ();
    if (!self->statements) {
        free (self);
        return NULL;
    }
    zhashx_set_destructor (self->statements, s_finalize);
    zhashx_set_key_hasher (self->statements, s_sql_hash);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK) {
        s_fail (self, "open");
        goto failed;
    }
    if (sqlite3_busy_timeout (self->db, 10000) != SQLITE_OK
    ||  sqlite3_extended_result_codes (self->db, 1) != SQLITE_OK
    ||  s_functions (self)) {
        s_fail (self, "configure");
        goto failed;
    }
    //  temp_store: a savepoint's journal (a copy of every page it touches)
    //  would otherwise go to a temporary file, one pwrite a page: when each
    //  of the broker's messages had its own savepoint, 6.3 M pwrites in the
    //  benchmark's 200,000 messages, 0.57 M in memory. cache_size:
    //  64 MiB (with the default 2 MiB, pages of the indexes were read back
    //  every batch: 362 k reads in the same run, 103 k with 64 MiB).
    if (s_run_script (self, "PRAGMA journal_mode = WAL")
    ||  s_run_script (self, "PRAGMA foreign_keys = ON")
    ||  s_run_script (self, "PRAGMA temp_store = MEMORY")
    ||  s_run_script (self, "PRAGMA cache_size = -65536")
    ||  s_run_script (self, sync == LX_STORE_FULL? "PRAGMA synchronous = FULL"
                                                 : "PRAGMA synchronous = NORMAL"))
        goto failed;
    if (s_migrate (self, migrations, migration_count))
        goto failed;
    return self;

failed:
    if (error)
        snprintf (error, error_size, "%s: %s", path, self->error);
    lx_store_destroy (&self);
    return NULL;
}

lx_store_t *
lx_store_new_reader (const char *path, char *error, size_t error_size)
{
    assert (path);
    lx_store_t *self = (lx_store_t *) zmalloc (sizeof (lx_store_t));
    if (!self)
        return NULL;
    self->statements = zhashx_new ();
    if (!self->statements) {
        free (self);
        return NULL;
    }
    zhashx_set_destructor (self->statements, s_finalize);
    zhashx_set_key_hasher (self->statements, s_sql_hash);
    int64_t version = 0;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        s_fail (self, "open");
        goto failed;
    }
    //  temp_store: the sorts a query may need stay in memory.
    if (sqlite3_busy_timeout (self->db, 10000) != SQLITE_OK
    ||  sqlite3_extended_result_codes (self->db, 1) != SQLITE_OK
    ||  s_functions (self)) {
        s_fail (self, "configure");
        goto failed;
    }
    if (s_run_script (self, "PRAGMA temp_store = MEMORY")
    ||  lx_store_int (self, &version, "PRAGMA user_version", "") != 0)
        goto failed;
    stmt = lx_store_query (self, "PRAGMA journal_mode", "");
    if (!stmt || lx_store_step (self, stmt) != 1)
        goto failed;
    bool wal = streq ((const char *) sqlite3_column_text (stmt, 0), "wal");
    sqlite3_reset (stmt);
    if (!wal) {
        snprintf (self->error, sizeof self->error, "not in WAL mode: a reader would hold the writer's commits");
        goto failed;
    }
    self->version = (int) version;
    return self;

failed:
    if (error)
        snprintf (error, error_size, "%s: %s", path, self->error);
    lx_store_destroy (&self);
    return NULL;
}

void
lx_store_destroy (lx_store_t **self_p)
{
    assert (self_p);
    lx_store_t *self = *self_p;
    if (self) {
        zhashx_destroy (&self->statements);
        if (self->db && sqlite3_close (self->db) != SQLITE_OK)
            zsys_error ("store: close: %s", sqlite3_errmsg (self->db));
        free (self);
        *self_p = NULL;
    }
}

int
lx_store_version (lx_store_t *self)
{
    assert (self);
    return self->version;
}

const char *
lx_store_error (lx_store_t *self)
{
    assert (self);
    return self->error;
}

const char *
lx_store_path (lx_store_t *self)
{
    assert (self);
    const char *path = sqlite3_db_filename (self->db, "main");
    return path? path: "";
}

sqlite3 *
lx_store_handle (lx_store_t *self)
{
    assert (self);
    return self->db;
}

//  Prepares (or takes from the cache) and binds. copy: SQLite copies text
//  and blobs, for a statement the caller steps later; otherwise it reads
//  them where they are, for one run to completion inside the call, whose
//  arguments outlive it (the binds are cleared before the next use).
//  Returns NULL on error.
static sqlite3_stmt *
s_prepare (lx_store_t *self, const char *sql, bool copy, const char *format, va_list args)
{
    sqlite3_destructor_type keep = copy? SQLITE_TRANSIENT: SQLITE_STATIC;
    sqlite3_stmt *stmt = (sqlite3_stmt *) zhashx_lookup (self->statements, sql);
    if (!stmt) {
        if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
            s_fail (self, "prepare");
            zsys_error ("store: %s in: %s", self->error, sql);
            return NULL;
        }
        if (zhashx_insert (self->statements, sql, stmt)) {
            sqlite3_finalize (stmt);
            snprintf (self->error, sizeof self->error, "statement cache full");
            return NULL;
        }
    }
    //  reset's result repeats the last step's error, already reported
    sqlite3_reset (stmt);
    if (sqlite3_clear_bindings (stmt) != SQLITE_OK) {
        s_fail (self, "clear bindings");
        return NULL;
    }
    //  One code per parameter: a format that does not fit the statement is
    //  a programmer error, caught here before va_arg reads the wrong type.
    assert ((int) strlen (format) == sqlite3_bind_parameter_count (stmt));
    int index = 1;
    for (const char *code = format; *code; code++, index++) {
        int rc;
        if (*code == 'i')
            rc = sqlite3_bind_int64 (stmt, index, va_arg (args, int64_t));
        else
        if (*code == 't') {
            const char *text = va_arg (args, const char *);
            rc = text? sqlite3_bind_text (stmt, index, text, -1, keep)
                     : sqlite3_bind_null (stmt, index);
        }
        else
        if (*code == 'b') {
            const void *blob = va_arg (args, const void *);
            size_t size = va_arg (args, size_t);
            rc = sqlite3_bind_blob64 (stmt, index, blob, size, keep);
        }
        else {
            assert (*code == 'n');
            rc = sqlite3_bind_null (stmt, index);
        }
        if (rc != SQLITE_OK) {
            s_fail (self, "bind");
            return NULL;
        }
    }
    assert (index - 1 == sqlite3_bind_parameter_count (stmt));
    return stmt;
}

sqlite3_stmt *
lx_store_query (lx_store_t *self, const char *sql, const char *format, ...)
{
    assert (self && sql && format);
    va_list args;
    va_start (args, format);
    sqlite3_stmt *stmt = s_prepare (self, sql, true, format, args);
    va_end (args);
    return stmt;
}

int
lx_store_step (lx_store_t *self, sqlite3_stmt *stmt)
{
    assert (self && stmt);
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        sqlite3_reset (stmt);
        return 0;
    }
    s_fail (self, "step");
    zsys_error ("store: %s in: %s", self->error, sqlite3_sql (stmt));
    sqlite3_reset (stmt);
    return -1;
}

int
lx_store_exec (lx_store_t *self, const char *sql, const char *format, ...)
{
    assert (self && sql && format);
    va_list args;
    va_start (args, format);
    sqlite3_stmt *stmt = s_prepare (self, sql, false, format, args);
    va_end (args);
    if (!stmt)
        return -1;
    int rc;
    while ((rc = lx_store_step (self, stmt)) == 1)
        ;
    return rc;
}

int
lx_store_int (lx_store_t *self, int64_t *value, const char *sql, const char *format, ...)
{
    assert (self && value && sql && format);
    va_list args;
    va_start (args, format);
    sqlite3_stmt *stmt = s_prepare (self, sql, false, format, args);
    va_end (args);
    if (!stmt)
        return -1;
    int rc = lx_store_step (self, stmt);
    if (rc == 1) {
        *value = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
        return 0;
    }
    return rc == 0? 1: -1;
}

int64_t
lx_store_changes (lx_store_t *self)
{
    assert (self);
    return sqlite3_changes64 (self->db);
}

int64_t
lx_store_written (lx_store_t *self)
{
    assert (self);
    return sqlite3_total_changes64 (self->db);
}

int
lx_store_begin (lx_store_t *self)
{
    assert (self);
    if (self->depth > 0 && sqlite3_get_autocommit (self->db))
        self->depth = 0;        //  SQLite ended the transaction itself (after an error)
    int rc = lx_store_exec (self, self->depth? "SAVEPOINT lx_nested": "BEGIN IMMEDIATE", "");
    if (rc == 0)
        self->depth++;
    return rc;
}

int
lx_store_commit (lx_store_t *self)
{
    assert (self && self->depth > 0);
    int rc = lx_store_exec (self, self->depth > 1? "RELEASE lx_nested": "COMMIT", "");
    //  A failed COMMIT leaves the transaction open, for the caller's rollback.
    if (rc == 0)
        self->depth--;
    return rc;
}

int
lx_store_rollback (lx_store_t *self)
{
    assert (self);
    self->rollbacks++;
    if (self->depth <= 1 || sqlite3_get_autocommit (self->db)) {
        self->depth = 0;
        if (sqlite3_get_autocommit (self->db))
            return 0;           //  nothing open: SQLite already rolled back
        return lx_store_exec (self, "ROLLBACK", "");
    }
    self->depth--;
    if (lx_store_exec (self, "ROLLBACK TO lx_nested", "")
    ||  lx_store_exec (self, "RELEASE lx_nested", ""))
        return -1;
    return 0;
}

int
lx_store_begin_read (lx_store_t *self)
{
    assert (self);
    if (self->depth > 0 && sqlite3_get_autocommit (self->db))
        self->depth = 0;        //  SQLite ended the transaction itself (after an error)
    assert (self->depth == 0);
    if (lx_store_exec (self, "BEGIN DEFERRED", ""))
        return -1;
    self->depth = 1;
    //  The read of the schema's first page takes the snapshot.
    int64_t tables;
    if (lx_store_int (self, &tables, "SELECT count (*) FROM sqlite_schema", "") != 0) {
        char why [sizeof self->error];
        snprintf (why, sizeof why, "%s", self->error);
        lx_store_rollback (self);
        snprintf (self->error, sizeof self->error, "%s", why);
        return -1;
    }
    return 0;
}

int64_t
lx_store_rollbacks (lx_store_t *self)
{
    assert (self);
    return self->rollbacks;
}

int64_t
lx_store_data_version (lx_store_t *self)
{
    int64_t version;
    return lx_store_int (self, &version, "PRAGMA data_version", "") == 0? version: -1;
}

int
lx_store_check (lx_store_t *self, char *error, size_t error_size)
{
    assert (self && error && error_size);
    //  Not through the statement cache: it runs once, at start. (1): stop
    //  at the first problem; the report's first line is all we show.
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check (1)", -1, &stmt, NULL) != SQLITE_OK) {
        s_fail (self, "quick_check");
        snprintf (error, error_size, "%s", self->error);
        return -1;
    }
    int rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW) {
        //  Damage SQLite meets before the check's own walk (a schema or
        //  root page it must read first) stops the check itself, "database
        //  disk image is malformed": that is the answer too.
        s_fail (self, "quick_check");
        snprintf (error, error_size, "%s", self->error);
        sqlite3_finalize (stmt);
        return -1;
    }
    const char *report = (const char *) sqlite3_column_text (stmt, 0);
    int result = 0;
    if (!report || !streq (report, "ok")) {
        //  "*** in database main ***\nPage 3: btreeInitPage() returns error
        //  code 11": the header says nothing to us, the rest goes on one line.
        const char *header = "*** in database main ***\n";
        if (report && strncmp (report, header, strlen (header)) == 0)
            report += strlen (header);
        snprintf (error, error_size, "%s", report? report: "quick_check returned nothing");
        for (char *newline = strchr (error, '\n'); newline; newline = strchr (newline, '\n'))
            *newline = ' ';
        result = -1;
    }
    if (sqlite3_finalize (stmt) != SQLITE_OK && result == 0) {
        s_fail (self, "quick_check");
        snprintf (error, error_size, "%s", self->error);
        result = -1;
    }
    return result;
}

int
lx_store_remove (const char *path)
{
    assert (path);
    const char *suffixes [] = { "", "-wal", "-shm", "-journal", ".lock" };
    int rc = 0;
    for (size_t index = 0; index < sizeof suffixes / sizeof suffixes [0]; index++) {
        char *file = zsys_sprintf ("%s%s", path, suffixes [index]);
        if (!file || (unlink (file) && errno != ENOENT))
            rc = -1;
        zstr_free (&file);
    }
    return rc;
}

//  Writes garbage over page number page of the closed database at path.
static void
s_test_damage (const char *path, int64_t page, int64_t page_size)
{
    FILE *file = fopen (path, "r+b");
    assert (file);
    assert (fseek (file, (long) ((page - 1) * page_size), SEEK_SET) == 0);
    for (int64_t index = 0; index < page_size; index++)
        assert (fputc (0xA5 ^ (int) (index & 0x3F), file) != EOF);
    assert (fclose (file) == 0);
}

//  lx_store_check on a sound store, then on real files damaged on disk:
//  a leaf page of a table's b-tree, then its root page (never page 1,
//  without which the file does not open at all).
static void
s_test_check (const char *dir, const char *const *migrations)
{
    char path [128], error [256];
    snprintf (path, sizeof path, "%s/damaged.db", dir);
    lx_store_t *store = lx_store_new (path, LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (store);
    assert (lx_store_exec (store, "WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000)"
                                  " INSERT INTO thing (name) SELECT printf ('thing %d of the test', x) FROM n", "") == 0);
    assert (lx_store_check (store, error, sizeof error) == 0);
    int64_t root, pages, page_size;
    assert (lx_store_int (store, &root, "SELECT rootpage FROM sqlite_schema WHERE name = 'thing'", "") == 0);
    assert (lx_store_int (store, &pages, "PRAGMA page_count", "") == 0);
    assert (lx_store_int (store, &page_size, "PRAGMA page_size", "") == 0);
    //  thing is the file's only b-tree after the schema's: every page past
    //  its root is one of its leaves, the last one included.
    assert (root == 2 && pages > 10);
    lx_store_destroy (&store);      //  the last connection: the log goes into the file
    assert (zsys_file_size (path) == (ssize_t) (pages * page_size));

    s_test_damage (path, pages, page_size);
    store = lx_store_new (path, LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (store);                 //  opening reads page 1 only: the damage is silent
    int64_t count = 0;
    assert (lx_store_int (store, &count, "SELECT count(*) FROM thing WHERE id < 10", "") == 0 && count == 9);
    strcpy (error, "");
    assert (lx_store_check (store, error, sizeof error) == -1);
    char expected [64];
    snprintf (expected, sizeof expected, "Page %" PRId64 ":", pages);
    assert (strstr (error, expected) && !strchr (error, '\n'));
    assert (lx_store_check (store, error, sizeof error) == -1);     //  and again: nothing changed
    lx_store_destroy (&store);

    s_test_damage (path, root, page_size);
    store = lx_store_new (path, LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (store);
    assert (lx_store_check (store, error, sizeof error) == -1);
    //  Depending on what SQLite has read by then, the root is reported as
    //  a page or stops the check.
    assert (strstr (error, "Page 2:") || strstr (error, "malformed"));
    lx_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
}

void
lx_store_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_store_test_XXXXXX";
    assert (mkdtemp (dir));
    char path [128];
    snprintf (path, sizeof path, "%s/test.db", dir);

    static const char *const v1 [] = {
        "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    };
    static const char *const v2 [] = {
        "CREATE TABLE thing (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        "ALTER TABLE thing ADD COLUMN size INTEGER NOT NULL DEFAULT 0;"
        "CREATE TABLE part (thing INTEGER NOT NULL REFERENCES thing (id), n INTEGER);",
    };
    char error [256];
    lx_store_t *store = lx_store_new (path, LX_STORE_FULL, v1, 1, error, sizeof error);
    assert (store);
    assert (lx_store_version (store) == 1);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES (?)", "t", "柯城") == 0);
    //  The selftest's main ran lx_store_setup: SQLite keeps no memory
    //  statistics, and now that it is in use the options cannot change.
    assert (sqlite3_memory_used () == 0);
    assert (lx_store_setup () == -1);
    //  lx_sum never fails: past int64 it holds the bound, where sum fails.
    int64_t total = 0;
    assert (lx_store_int (store, &total, "SELECT lx_sum (x) FROM (SELECT 9223372036854775000 AS x"
                          " UNION ALL SELECT 1000 UNION ALL SELECT NULL)", "") == 0 && total == INT64_MAX);
    assert (lx_store_int (store, &total, "SELECT sum (x) FROM (SELECT 9223372036854775000 AS x"
                          " UNION ALL SELECT 1000)", "") == -1);
    assert (lx_store_int (store, &total, "SELECT lx_sum (x) FROM (SELECT 5 AS x UNION ALL SELECT 7)", "") == 0
            && total == 12);
    assert (lx_store_int (store, &total, "SELECT lx_sum (x) FROM (SELECT 1 AS x) WHERE x = 2", "") == 0 && total == 0);
    //  Two texts that differ only in bytes the cache's hash skips share a
    //  bucket, and each still finds its own statement.
    assert (s_sql_hash ("SELECT 1 AS a, 7") == s_sql_hash ("SELECT 2 AS b, 8"));
    int64_t one = 0, two = 0;
    for (int round = 0; round < 2; round++) {
        assert (lx_store_int (store, &one, "SELECT 1 AS a, 7", "") == 0 && one == 1);
        assert (lx_store_int (store, &two, "SELECT 2 AS b, 8", "") == 0 && two == 2);
    }
    lx_store_destroy (&store);
    lx_store_destroy (&store);

    //  Reopening applies only migration 2; data survives.
    store = lx_store_new (path, LX_STORE_NORMAL, v2, 2, error, sizeof error);
    assert (store && lx_store_version (store) == 2);
    int64_t value = 0;
    assert (lx_store_int (store, &value, "SELECT count(*) FROM thing WHERE size = ?", "i",
                          (int64_t) 0) == 0 && value == 1);
    assert (lx_store_int (store, &value, "SELECT id FROM thing WHERE name = ?", "t", "none") == 1);
    char journal [16] = "";
    sqlite3_stmt *stmt = lx_store_query (store, "PRAGMA journal_mode", "");
    assert (stmt && lx_store_step (store, stmt) == 1);
    snprintf (journal, sizeof journal, "%s", (const char *) sqlite3_column_text (stmt, 0));
    assert (lx_store_step (store, stmt) == 0);
    assert (streq (journal, "wal"));
    //  Savepoints' journals in memory, a 64 MiB page cache.
    assert (lx_store_int (store, &value, "PRAGMA temp_store", "") == 0 && value == 2);
    assert (lx_store_int (store, &value, "PRAGMA cache_size", "") == 0 && value == -65536);

    //  A query's text is copied at bind time: the caller may reuse its
    //  buffer before stepping. An exec's is read in place during the call.
    char name [16] = "衢江";
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES (?)", "t", name) == 0);
    stmt = lx_store_query (store, "SELECT count(*) FROM thing WHERE name = ?", "t", name);
    assert (stmt);
    snprintf (name, sizeof name, "%s", "changed");
    assert (lx_store_step (store, stmt) == 1 && sqlite3_column_int64 (stmt, 0) == 1);
    sqlite3_reset (stmt);
    assert (lx_store_exec (store, "DELETE FROM thing WHERE name = ?", "t", "衢江") == 0);
    assert (lx_store_changes (store) == 1);
    //  Written rows are counted; reads, writes that match nothing and a
    //  statement that failed part-way (its first row undone) are not; a
    //  rollback subtracts nothing.
    int64_t written = lx_store_written (store);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('w1'), ('w2')", "") == 0);
    assert (lx_store_written (store) == written + 2);
    written = lx_store_written (store);
    assert (lx_store_int (store, &value, "SELECT count(*) FROM thing", "") == 0);
    assert (lx_store_exec (store, "UPDATE thing SET name = 'x' WHERE id = -1", "") == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('w3'), (NULL)", "") == -1);
    assert (lx_store_int (store, &value, "SELECT count(*) FROM thing WHERE name = 'w3'", "") == 0 && value == 0);
    assert (lx_store_written (store) == written);
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "DELETE FROM thing WHERE name IN ('w1', 'w2')", "") == 0);
    assert (lx_store_rollback (store) == 0);
    assert (lx_store_written (store) == written + 2);
    assert (lx_store_exec (store, "DELETE FROM thing WHERE name IN ('w1', 'w2')", "") == 0);

    //  Foreign keys are enforced; errors are reported, not asserted.
    assert (lx_store_exec (store, "INSERT INTO part (thing, n) VALUES (?, ?)", "ii",
                           (int64_t) 99, (int64_t) 1) == -1);
    assert (strstr (lx_store_error (store), "FOREIGN KEY"));
    assert (lx_store_exec (store, "INSERT INTO nowhere VALUES (1)", "") == -1);

    //  Rollback undoes; commit keeps; blobs and NULLs bind.
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name, size) VALUES (?, ?)", "ti",
                           "x", (int64_t) 5) == 0);
    assert (lx_store_rollback (store) == 0);
    assert (lx_store_int (store, &value, "SELECT count(*) FROM thing", "") == 0 && value == 1);
    assert (lx_store_exec (store, "CREATE TABLE blob (b BLOB, t TEXT)", "") == 0);
    assert (lx_store_exec (store, "INSERT INTO blob VALUES (?, ?)", "bt", "\x01\x00\x02",
                           (size_t) 3, NULL) == 0);
    assert (lx_store_int (store, &value, "SELECT length (b) FROM blob WHERE t IS NULL", "") == 0);
    assert (value == 3);
    lx_store_destroy (&store);

    //  A database from a newer program is refused.
    store = lx_store_new (path, LX_STORE_NORMAL, v1, 1, error, sizeof error);
    assert (store == NULL);
    assert (strstr (error, "newer"));
    //  Nested transactions: inner levels are savepoints; an inner
    //  rollback undoes only its own work, the outer commit keeps the rest.
    store = lx_store_new (path, LX_STORE_NORMAL, v2, 2, error, sizeof error);
    assert (store);
    int64_t things;
    assert (lx_store_int (store, &things, "SELECT count(*) FROM thing", "") == 0);
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('outer')", "") == 0);
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('undone')", "") == 0);
    assert (lx_store_rollback (store) == 0);
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('kept')", "") == 0);
    assert (lx_store_commit (store) == 0);
    assert (lx_store_commit (store) == 0);
    int64_t after;
    assert (lx_store_int (store, &after, "SELECT count(*) FROM thing", "") == 0 && after == things + 2);
    assert (lx_store_int (store, &after, "SELECT count(*) FROM thing WHERE name = 'undone'", "") == 0 && after == 0);
    //  An outer rollback undoes an inner commit.
    assert (lx_store_begin (store) == 0);
    assert (lx_store_begin (store) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('gone')", "") == 0);
    assert (lx_store_commit (store) == 0);
    assert (lx_store_rollback (store) == 0);
    assert (lx_store_int (store, &after, "SELECT count(*) FROM thing", "") == 0 && after == things + 2);
    int64_t rollbacks = lx_store_rollbacks (store);
    assert (lx_store_rollback (store) == 0);    //  nothing open: harmless
    assert (lx_store_rollbacks (store) == rollbacks + 1);   //  and counted
    lx_store_destroy (&store);

    s_test_check (dir, v1);
    //  A reader beside the writer: its read transaction sees the database
    //  as it was when it began, whatever the writer commits meanwhile, and
    //  the writer is not held; after it ends, the reader sees the commit.
    store = lx_store_new (path, LX_STORE_NORMAL, v2, 2, error, sizeof error);
    assert (store);
    lx_store_t *reader = lx_store_new_reader (path, error, sizeof error);
    assert (reader && lx_store_version (reader) == 2);
    assert (lx_store_int (store, &things, "SELECT count(*) FROM thing", "") == 0);
    assert (lx_store_begin_read (reader) == 0);
    assert (lx_store_exec (store, "INSERT INTO thing (name) VALUES ('later')", "") == 0);
    assert (lx_store_int (reader, &after, "SELECT count(*) FROM thing", "") == 0 && after == things);
    assert (lx_store_commit (reader) == 0);
    assert (lx_store_int (reader, &after, "SELECT count(*) FROM thing", "") == 0 && after == things + 1);
    //  It writes nothing; a read transaction may end with a rollback too.
    assert (lx_store_exec (reader, "INSERT INTO thing (name) VALUES ('no')", "") == -1);
    assert (lx_store_begin_read (reader) == 0 && lx_store_rollback (reader) == 0);
    lx_store_destroy (&reader);
    //  A database that is not in WAL mode, or not there, is refused.
    assert (lx_store_exec (store, "PRAGMA journal_mode = DELETE", "") == 0);
    reader = lx_store_new_reader (path, error, sizeof error);
    assert (!reader && strstr (error, "WAL"));
    assert (lx_store_exec (store, "PRAGMA journal_mode = WAL", "") == 0);
    lx_store_destroy (&store);
    reader = lx_store_new_reader ("/nonexistent/dir/x.db", error, sizeof error);
    assert (!reader && strstr (error, "/nonexistent/dir/x.db"));

    //  A path that cannot be opened is refused with a reason.
    store = lx_store_new ("/nonexistent/dir/x.db", LX_STORE_NORMAL, v1, 1, error, sizeof error);
    assert (store == NULL && strlen (error) > 0);

    assert (lx_store_remove (path) == 0);
    assert (!zsys_file_exists (path));
    assert (lx_store_remove (path) == 0);      //  nothing left: no error
    assert (rmdir (dir) == 0);                  //  -wal and -shm went too
}
