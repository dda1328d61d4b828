/*  lx_lock: one daemon per store.

    A daemon (the broker's, a node's; `run` or `start`) holds its store's
    lock for its whole life, so that a second daemon on the same store is
    refused at start instead of sending the same outbox and applying the
    same events beside the first. `start`'s pid file (lx_daemon) cannot see
    a daemon run in the foreground, or one started with another pid file.

    The lock is on a file beside the store, <store>.lock, never on the
    SQLite file: SQLite takes fcntl locks there itself, and a process that
    closes any descriptor of a file loses every classic fcntl lock it held
    on it. It is an open file description lock (fcntl F_OFD_SETLK, Linux
    3.15): it belongs to the descriptor that took it, so no other close
    drops it and a second lock in the same process is refused too, and the
    kernel releases it when the process ends, however it ends (a stale
    file is no obstacle). F_GETLK names the owner of classic locks only, so
    the holder writes its pid into the file for a refused daemon to name.
    The file stays when the daemon exits: removing it would let a daemon
    lock a new file of that name while another still holds the old one.

    Staff commands do not take the lock: they work while the daemon runs.
*/
#ifndef LX_LOCK_H_INCLUDED
#define LX_LOCK_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct _lx_lock_t lx_lock_t;

//  Takes the exclusive lock of the store at store_path (creating
//  <store_path>.lock if needed) without waiting. Returns the lock, held
//  until lx_lock_destroy or the end of the process; or NULL with a
//  one-line reason in error: when another daemon holds it, "store PATH is
//  in use by another daemon (pid N, which holds PATH.lock)".
lx_lock_t *lx_lock_new (const char *store_path, char *error, size_t error_size);

//  Releases the lock, frees it and nulls *self_p. Safe on NULL and twice.
void lx_lock_destroy (lx_lock_t **self_p);

//  Who holds the lock of the store at store_path: the pid written by the
//  holder, 0 when nobody holds it, -1 when it is held but the holder's pid
//  cannot be read (it is writing it at this moment).
pid_t lx_lock_holder (const char *store_path);

//  Self test.
void lx_lock_test (bool verbose);

#endif
