/*  lx_store: one SQLite database, opened the leadx way.

    Every store (the broker's and each node's) is a file in WAL mode with
    foreign keys on and a busy timeout, its schema brought up to date by
    numbered migrations (PRAGMA user_version counts those applied). All SQL
    goes through prepared statements, cached per SQL text, and every
    sqlite3_* result is checked: a failure returns -1 / NULL and the
    message is kept for lx_store_error.
*/
#ifndef LX_STORE_H_INCLUDED
#define LX_STORE_H_INCLUDED

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _lx_store_t lx_store_t;

//  Durability of commits.
typedef enum {
    LX_STORE_NORMAL,            //  synchronous=NORMAL: survives process crash
    LX_STORE_FULL               //  synchronous=FULL: fsync at every commit
} lx_store_sync_t;

//  Sets SQLite's process-wide options; call it first thing in main, before
//  any store is opened. It turns off SQLite's memory statistics, which took
//  a global mutex at every allocation (nothing here reads them; the
//  benchmark's throughput rose from 18,044 to 19,578 msg/s, three runs
//  each, alternated). Returns 0, or -1 when SQLite was already in use: the
//  options then stay as they were, which is slower, not wrong.
int lx_store_setup (void);

//  Opens (creating if needed) the database at path, then applies the
//  migrations it has not had yet: migrations [i] is a script of one or more
//  SQL statements that brings user_version from i to i + 1, each applied in
//  its own transaction. Returns the store, or NULL with a one-line reason in
//  error (when not NULL). A database newer than the migrations is refused.
lx_store_t *lx_store_new (const char *path, lx_store_sync_t sync,
                          const char *const *migrations, size_t migration_count,
                          char *error, size_t error_size);

//  Opens the existing database at path for reading only, beside the
//  connection that writes it (another thread's, or another process's): no
//  migration is applied, and the schema must be the one the writer made.
//  The database must be in WAL mode, where a reader never blocks the
//  writer, nor the writer a reader; one in another mode is refused (a long
//  read would hold its commits). Returns the store, or NULL with a
//  one-line reason in error (when not NULL).
lx_store_t *lx_store_new_reader (const char *path, char *error, size_t error_size);

//  Finalizes every statement, closes the database, nulls *self_p.
//  Safe on NULL and twice.
void lx_store_destroy (lx_store_t **self_p);

//  The schema version (migrations applied).
int lx_store_version (lx_store_t *self);

//  The last error message; belongs to the store.
const char *lx_store_error (lx_store_t *self);

//  The database file's path, absolute as SQLite resolved it ("" for an
//  in-memory database); belongs to the store.
const char *lx_store_path (lx_store_t *self);

//  The open database, for the rare call this class does not wrap.
sqlite3 *lx_store_handle (lx_store_t *self);

//  Returns the prepared statement for sql, from the cache or newly
//  prepared, reset and with its bindings cleared; binds the arguments
//  described by format: 'i' int64_t, 't' const char * (NULL binds NULL),
//  'b' const void * then size_t (a blob), 'n' nothing (binds NULL).
//  Returns NULL on a prepare or bind error. The statement belongs to the
//  store: step it with lx_store_step, never finalize it.
sqlite3_stmt *lx_store_query (lx_store_t *self, const char *sql, const char *format, ...);

//  Steps a statement from lx_store_query. Returns 1 when a row is ready,
//  0 when done (the statement is then reset), -1 on error (also reset).
int lx_store_step (lx_store_t *self, sqlite3_stmt *stmt);

//  Runs a statement that returns no rows. Returns 0 or -1.
int lx_store_exec (lx_store_t *self, const char *sql, const char *format, ...);

//  Runs a query whose first row's first column is an integer. Returns 0
//  with *value set, 1 when there is no row (*value untouched), -1 on error.
int lx_store_int (lx_store_t *self, int64_t *value, const char *sql, const char *format, ...);

//  Rows changed by the last exec.
int64_t lx_store_changes (lx_store_t *self);

//  Rows written on this connection since it opened: inserted, updated or
//  deleted, by statements and their triggers (sqlite3_total_changes64). A
//  statement that failed counts none, and a rollback subtracts nothing:
//  two equal readings mean that nothing was written between them.
int64_t lx_store_written (lx_store_t *self);

//  Transactions. begin takes the write lock at once (BEGIN IMMEDIATE), so
//  two processes writing the same file queue on the busy timeout instead of
//  failing half-way. They nest: a begin inside an open transaction is a
//  savepoint, which commit releases and rollback undoes alone; only the
//  outermost commit makes the work durable. Each returns 0 or -1.
int lx_store_begin (lx_store_t *self);
int lx_store_commit (lx_store_t *self);
int lx_store_rollback (lx_store_t *self);

//  Opens a read transaction and fixes its snapshot: a deferred BEGIN (no
//  lock taken) and a first read, which is what fixes a snapshot in WAL
//  mode. Every query until the transaction ends sees the database as it was
//  at this call: every commit made before it, none made after. Ends with
//  lx_store_commit or lx_store_rollback. Not inside another transaction.
//  Returns 0, or -1 (nothing is left open).
int lx_store_begin_read (lx_store_t *self);

//  How many times lx_store_rollback was called on this store: a class that
//  keeps copies of rows in memory compares it with the value it saw, and
//  forgets its copies when it moved, since a rollback may have undone them.
int64_t lx_store_rollbacks (lx_store_t *self);

//  A counter that changes whenever another connection commits to the file
//  (PRAGMA data_version). Returns it, or -1 on error.
int64_t lx_store_data_version (lx_store_t *self);

//  Checks the database's structure with PRAGMA quick_check (every page of
//  every b-tree readable and well formed, no page used twice or lost; the
//  contents of indexes are not compared with their tables). It reads the
//  whole file: seconds for a store of gigabytes, so daemons run it at start,
//  staff commands do not. Returns 0 when the file is sound; -1 with the
//  first problem quick_check found (or the error that stopped it: "database
//  disk image is malformed") in error, on one line. Changes nothing.
int lx_store_check (lx_store_t *self, char *error, size_t error_size);

//  Deletes the database file at path and the files kept beside it (SQLite's
//  -wal, -shm and -journal, and a daemon's .lock, see lx_lock), when
//  nothing has it open. Files that do not exist are no error. Returns 0, or
//  -1 if one could not be deleted.
int lx_store_remove (const char *path);

//  Self test.
void lx_store_test (bool verbose);

#endif
