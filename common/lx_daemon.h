/*  lx_daemon: run a program in the background, and know when it is ready.

    `leadx-broker start` and `leadx-node start` detach from the terminal and
    return only once the daemon is serving, or has failed; `stop` returns
    only once the daemon has exited. Scripts and tests can therefore drive a
    city without sleeping and guessing.

    How: the starter forks. The child starts a new session, takes an
    exclusive fcntl lock on the pid file and writes its pid there, sends its
    output to the log file and, when it is ready, writes one byte on a pipe
    to the starter. The starter returns when that byte arrives, or fails when
    the pipe closes without it (the child died). The lock lives as long as
    the daemon's process: a second daemon on the same pid file is refused,
    and `stop` sends SIGTERM and then waits on the lock with a deadline.
    Because fork copies only the calling thread, detach must run before the
    program creates any thread (before zsys_init or any zactor).
*/
#ifndef LX_DAEMON_H_INCLUDED
#define LX_DAEMON_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct _lx_daemon_t lx_daemon_t;

//  Detaches into the background. Returns in both processes:
//  - in the starter: the daemon's pid (> 0) once the daemon called
//    lx_daemon_ready; -1 if fork failed or the daemon exited first (error
//    says so and names the log file);
//  - in the daemon: 0, with *self_p set to the daemon handle (the caller's
//    to destroy at exit). If the daemon cannot lock or write the pid file
//    or open the log, it exits with status 1 and the starter reports it.
//  pid_file and log_file are paths; *self_p must be NULL on entry.
pid_t lx_daemon_detach (const char *pid_file, const char *log_file, lx_daemon_t **self_p,
                        char *error, size_t error_size);

//  Tells the starter that the daemon is serving. Call once, in the daemon;
//  later calls do nothing.
void lx_daemon_ready (lx_daemon_t *self);

//  In the daemon: removes the pid file, releases its lock, frees the handle
//  and nulls *self_p. Safe on NULL and twice.
void lx_daemon_destroy (lx_daemon_t **self_p);

//  Returns the pid of the live daemon holding pid_file's lock, or 0 when
//  none does (no file, or a stale one).
pid_t lx_daemon_running (const char *pid_file);

//  Stops the daemon holding pid_file's lock: sends signal_number (SIGTERM
//  to let it finish cleanly, SIGKILL for a hung daemon or a crash test)
//  and waits up to timeout_ms for it to exit. Returns 0 when it has exited
//  (or none ran: *was_running tells which, may be NULL), -1 on timeout or
//  error (set).
int lx_daemon_stop (const char *pid_file, int signal_number, int timeout_ms, bool *was_running,
                    char *error, size_t error_size);

//  A program's `start`: reads SECTION/pid_file and SECTION/log_file from
//  config_file (defaults SECTION.pid and SECTION.log, relative to the
//  file's directory) and detaches as lx_daemon_detach does, with the same
//  returns.
pid_t lx_daemon_start (const char *config_file, const char *section, lx_daemon_t **self_p,
                       char *error, size_t error_size);

//  A program's `stop`: stops the daemon of SECTION/pid_file in config_file
//  as lx_daemon_stop does (10 s timeout), with the same returns.
int lx_daemon_stop_config (const char *config_file, const char *section, int signal_number,
                           bool *was_running, char *error, size_t error_size);

//  Self test.
void lx_daemon_test (bool verbose);

#endif
