/*  lx_daemon: run a program in the background, and know when it is ready. */

#define _GNU_SOURCE
#include "lx_daemon.h"
#include "lx_cfg.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct _lx_daemon_t {
    int ready_fd;               //  pipe to the starter; -1 once told
    int pid_fd;                 //  the locked pid file
    char *pid_file;             //  its path, to remove at exit
};

//  Locks fd's whole file for writing without waiting. Returns 0 or -1.
static int
s_lock (int fd)
{
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    return fcntl (fd, F_SETLK, &lock);
}

//  In the daemon: pid file, log, session. Returns 0 or -1 (message on the
//  original stderr, which the starter shares until we redirect it).
static int
s_become_daemon (lx_daemon_t *self, const char *pid_file, const char *log_file)
{
    self->pid_fd = open (pid_file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (self->pid_fd == -1) {
        fprintf (stderr, "cannot open %s: %s\n", pid_file, strerror (errno));
        return -1;
    }
    if (s_lock (self->pid_fd)) {
        fprintf (stderr, "already running (%s is locked by pid %d)\n", pid_file,
                 (int) lx_daemon_running (pid_file));
        return -1;
    }
    char text [32];
    int length = snprintf (text, sizeof text, "%d\n", (int) getpid ());
    if (ftruncate (self->pid_fd, 0) || write (self->pid_fd, text, (size_t) length) != length) {
        fprintf (stderr, "cannot write %s: %s\n", pid_file, strerror (errno));
        return -1;
    }
    self->pid_file = strdup (pid_file);
    int log_fd = open (log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd == -1 || null_fd == -1 || !self->pid_file) {
        fprintf (stderr, "cannot open %s: %s\n", log_file, strerror (errno));
        return -1;
    }
    fflush (stdout);
    fflush (stderr);
    if (dup2 (null_fd, STDIN_FILENO) == -1 || dup2 (log_fd, STDOUT_FILENO) == -1
    ||  dup2 (log_fd, STDERR_FILENO) == -1)
        return -1;
    close (log_fd);
    close (null_fd);
    if (setsid () == -1)
        return -1;
    return 0;
}

pid_t
lx_daemon_detach (const char *pid_file, const char *log_file, lx_daemon_t **self_p,
                  char *error, size_t error_size)
{
    assert (pid_file && log_file && self_p && !*self_p);
    pid_t running = lx_daemon_running (pid_file);
    if (running > 0) {
        //  The daemon checks again under its lock; this is the common case, said in one line.
        snprintf (error, error_size, "already running as pid %d (%s)", (int) running, pid_file);
        return -1;
    }
    int ready [2];
    if (pipe2 (ready, O_CLOEXEC)) {
        snprintf (error, error_size, "pipe: %s", strerror (errno));
        return -1;
    }
    fflush (stdout);
    fflush (stderr);
    pid_t pid = fork ();
    if (pid == -1) {
        snprintf (error, error_size, "fork: %s", strerror (errno));
        close (ready [0]);
        close (ready [1]);
        return -1;
    }
    if (pid == 0) {
        close (ready [0]);
        lx_daemon_t *self = (lx_daemon_t *) calloc (1, sizeof (lx_daemon_t));
        if (!self)
            _exit (1);
        self->ready_fd = ready [1];
        if (s_become_daemon (self, pid_file, log_file)) {
            lx_daemon_destroy (&self);
            _exit (1);
        }
        *self_p = self;
        return 0;
    }
    //  The starter: wait for the byte or the end of the pipe.
    close (ready [1]);
    char byte;
    ssize_t got;
    do
        got = read (ready [0], &byte, 1);
    while (got == -1 && errno == EINTR);
    close (ready [0]);
    if (got == 1)
        return pid;
    //  Reap the daemon if it died early, so no zombie is left behind.
    waitpid (pid, NULL, 0);
    snprintf (error, error_size, "the daemon stopped before it was ready (see %s)", log_file);
    return -1;
}

void
lx_daemon_ready (lx_daemon_t *self)
{
    assert (self);
    if (self->ready_fd != -1) {
        char byte = 'R';
        if (write (self->ready_fd, &byte, 1) != 1) {
            //  The starter is gone; nobody is waiting.
        }
        close (self->ready_fd);
        self->ready_fd = -1;
    }
}

void
lx_daemon_destroy (lx_daemon_t **self_p)
{
    assert (self_p);
    lx_daemon_t *self = *self_p;
    if (!self)
        return;
    if (self->ready_fd != -1)
        close (self->ready_fd);
    //  Remove the file while we still hold its lock, so a new daemon never
    //  sees our file vanish under it.
    if (self->pid_file)
        unlink (self->pid_file);
    if (self->pid_fd > 0)
        close (self->pid_fd);
    free (self->pid_file);
    free (self);
    *self_p = NULL;
}

pid_t
lx_daemon_running (const char *pid_file)
{
    assert (pid_file);
    int fd = open (pid_file, O_RDWR | O_CLOEXEC);
    if (fd == -1)
        return 0;
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    pid_t pid = 0;
    if (fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK)
        pid = lock.l_pid;
    close (fd);
    return pid;
}

//  Milliseconds on the monotonic clock.
static int64_t
s_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int
lx_daemon_stop (const char *pid_file, int signal_number, int timeout_ms, bool *was_running,
                char *error, size_t error_size)
{
    assert (pid_file);
    pid_t pid = lx_daemon_running (pid_file);
    if (was_running)
        *was_running = pid > 0;
    if (pid <= 0)
        return 0;
    //  A pidfd becomes readable when the process exits, whoever its parent.
    int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
    if (kill (pid, signal_number) && errno != ESRCH) {
        snprintf (error, error_size, "cannot signal pid %d: %s", (int) pid, strerror (errno));
        if (pidfd != -1)
            close (pidfd);
        return -1;
    }
    int64_t deadline = s_now_ms () + timeout_ms;
    int rc = -1;
    while (rc == -1) {
        int64_t left = deadline - s_now_ms ();
        if (lx_daemon_running (pid_file) != pid) {
            rc = 0;
            break;
        }
        if (left <= 0)
            break;
        if (pidfd != -1) {
            struct pollfd item = { .fd = pidfd, .events = POLLIN };
            if (poll (&item, 1, (int) left) == 1)
                rc = 0;
        }
        else {
            //  Kernels before 5.3 have no pidfd: look again shortly.
            struct timespec pause = { 0, 10 * 1000000 };
            nanosleep (&pause, NULL);
        }
    }
    if (pidfd != -1)
        close (pidfd);
    if (rc)
        snprintf (error, error_size, "pid %d did not stop within %d ms", (int) pid, timeout_ms);
    return rc;
}

//  The path of SECTION/name in config_file, default SECTION.extension.
static char *
s_config_path (const char *config_file, const char *section, const char *name, const char *extension,
               char *error, size_t error_size)
{
    char key [64], fallback [64];
    snprintf (key, sizeof key, "%s/%s", section, name);
    snprintf (fallback, sizeof fallback, "%s.%s", section, extension);
    return lx_cfg_file_path (config_file, key, fallback, error, error_size);
}

pid_t
lx_daemon_start (const char *config_file, const char *section, lx_daemon_t **self_p,
                 char *error, size_t error_size)
{
    assert (config_file && section);
    char *pid_file = s_config_path (config_file, section, "pid_file", "pid", error, error_size);
    char *log_file = s_config_path (config_file, section, "log_file", "log", error, error_size);
    pid_t pid = pid_file && log_file? lx_daemon_detach (pid_file, log_file, self_p, error, error_size): -1;
    free (pid_file);
    free (log_file);
    return pid;
}

int
lx_daemon_stop_config (const char *config_file, const char *section, int signal_number,
                       bool *was_running, char *error, size_t error_size)
{
    assert (config_file && section);
    char *pid_file = s_config_path (config_file, section, "pid_file", "pid", error, error_size);
    if (!pid_file)
        return -1;
    int rc = lx_daemon_stop (pid_file, signal_number, 10000, was_running, error, error_size);
    free (pid_file);
    return rc;
}

void
lx_daemon_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_daemon_test.XXXXXX";
    assert (mkdtemp (dir));
    char pid_file [64], log_file [64], error [256];
    snprintf (pid_file, sizeof pid_file, "%s/d.pid", dir);
    snprintf (log_file, sizeof log_file, "%s/d.log", dir);

    //  Nothing runs yet: running says 0, stop has nothing to do.
    bool was_running = true;
    assert (lx_daemon_running (pid_file) == 0);
    assert (lx_daemon_stop (pid_file, SIGTERM, 100, &was_running, error, sizeof error) == 0);
    assert (!was_running);

    //  A daemon that gets ready, then waits for SIGTERM.
    lx_daemon_t *daemon = NULL;
    pid_t pid = lx_daemon_detach (pid_file, log_file, &daemon, error, sizeof error);
    if (pid == 0) {
        sigset_t set;
        sigemptyset (&set);
        sigaddset (&set, SIGTERM);
        sigprocmask (SIG_BLOCK, &set, NULL);
        printf ("daemon up\n");
        fflush (stdout);
        lx_daemon_ready (daemon);
        int signal_number;
        sigwait (&set, &signal_number);
        lx_daemon_destroy (&daemon);
        lx_daemon_destroy (&daemon);
        _exit (0);
    }
    assert (pid > 0);
    assert (lx_daemon_running (pid_file) == pid);
    //  A second daemon on the same pid file is refused, and says so.
    lx_daemon_t *second = NULL;
    assert (lx_daemon_detach (pid_file, log_file, &second, error, sizeof error) == -1);
    assert (strstr (error, "already running"));
    assert (lx_daemon_running (pid_file) == pid);
    assert (lx_daemon_stop (pid_file, SIGTERM, 5000, &was_running, error, sizeof error) == 0);
    assert (was_running);
    assert (waitpid (pid, NULL, 0) == pid);
    assert (lx_daemon_running (pid_file) == 0);
    assert (access (pid_file, F_OK) == -1);
    //  Its output went to the log.
    FILE *log = fopen (log_file, "r");
    assert (log);
    char line [64] = "";
    assert (fgets (line, sizeof line, log) && strcmp (line, "daemon up\n") == 0);
    fclose (log);

    //  SIGKILL: stop returns once it is gone, so a new daemon can start at
    //  once on the same (stale) pid file.
    pid = lx_daemon_detach (pid_file, log_file, &daemon, error, sizeof error);
    if (pid == 0) {
        lx_daemon_ready (daemon);
        while (true)
            pause ();
    }
    assert (pid > 0);
    assert (lx_daemon_stop (pid_file, SIGKILL, 5000, &was_running, error, sizeof error) == 0);
    assert (was_running && access (pid_file, F_OK) == 0);      //  left behind, stale
    assert (lx_daemon_running (pid_file) == 0);
    assert (waitpid (pid, NULL, 0) == pid);

    //  A daemon that dies before it is ready fails the start.
    pid = lx_daemon_detach (pid_file, log_file, &daemon, error, sizeof error);
    if (pid == 0)
        _exit (3);
    assert (pid == -1 && strstr (error, log_file));
    assert (lx_daemon_running (pid_file) == 0);
    unlink (pid_file);

    //  A pid file in a missing directory fails the start.
    snprintf (pid_file, sizeof pid_file, "%s/missing/d.pid", dir);
    assert (lx_daemon_detach (pid_file, log_file, &daemon, error, sizeof error) == -1);

    unlink (log_file);
    rmdir (dir);
}
