/*  lx_lock: one daemon per store. */

#define _GNU_SOURCE             //  F_OFD_SETLK, F_OFD_GETLK
#include "lx_lock.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct _lx_lock_t {
    int fd;                     //  the lock file, holding the lock; -1 before it is open
};

//  The lock file's path for a store (the caller's to free), or NULL.
static char *
s_lock_path (const char *store_path)
{
    size_t size = strlen (store_path) + sizeof ".lock";
    char *path = (char *) malloc (size);
    if (path)
        snprintf (path, size, "%s.lock", store_path);
    return path;
}

//  The pid written in the lock file open on fd, or -1 when it holds none.
static pid_t
s_read_pid (int fd)
{
    char text [24];
    ssize_t size = pread (fd, text, sizeof text - 1, 0);
    if (size <= 0)
        return -1;
    text [size] = 0;
    char *end;
    long pid = strtol (text, &end, 10);
    return pid > 0 && end != text && *end == '\n'? (pid_t) pid: -1;
}

lx_lock_t *
lx_lock_new (const char *store_path, char *error, size_t error_size)
{
    assert (store_path && error);
    char *path = s_lock_path (store_path);
    lx_lock_t *self = (lx_lock_t *) calloc (1, sizeof (lx_lock_t));
    if (self)
        self->fd = -1;
    if (!path || !self) {
        snprintf (error, error_size, "out of memory");
        goto failed;
    }
    self->fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (self->fd == -1) {
        snprintf (error, error_size, "cannot open %s: %s", path, strerror (errno));
        goto failed;
    }
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };   //  the whole file; l_pid 0, as OFD wants
    if (fcntl (self->fd, F_OFD_SETLK, &lock)) {
        if (errno != EAGAIN && errno != EACCES)
            snprintf (error, error_size, "cannot lock %s: %s", path, strerror (errno));
        else {
            pid_t holder = s_read_pid (self->fd);
            char who [48] = "its pid unknown";
            if (holder > 0)
                snprintf (who, sizeof who, "pid %d", (int) holder);
            snprintf (error, error_size, "store %s is in use by another daemon (%s, which holds %s)",
                      store_path, who, path);
        }
        goto failed;
    }
    char text [24];
    int length = snprintf (text, sizeof text, "%d\n", (int) getpid ());
    if (ftruncate (self->fd, 0) || pwrite (self->fd, text, (size_t) length, 0) != length) {
        snprintf (error, error_size, "cannot write %s: %s", path, strerror (errno));
        goto failed;
    }
    free (path);
    return self;

failed:
    free (path);
    lx_lock_destroy (&self);
    return NULL;
}

void
lx_lock_destroy (lx_lock_t **self_p)
{
    assert (self_p);
    lx_lock_t *self = *self_p;
    if (self) {
        //  Closing the descriptor releases the lock. The pid stays in the
        //  file; an unlocked file means nobody, whatever it says.
        if (self->fd >= 0)
            close (self->fd);
        free (self);
        *self_p = NULL;
    }
}

pid_t
lx_lock_holder (const char *store_path)
{
    assert (store_path);
    char *path = s_lock_path (store_path);
    int fd = path? open (path, O_RDONLY | O_CLOEXEC): -1;
    free (path);
    if (fd == -1)
        return 0;
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    pid_t pid = 0;
    if (fcntl (fd, F_OFD_GETLK, &lock) == 0 && lock.l_type != F_UNLCK)
        pid = s_read_pid (fd);
    close (fd);
    return pid;
}

void
lx_lock_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_lock_test.XXXXXX";
    assert (mkdtemp (dir));
    char store [64], lock_file [80], error [256];
    snprintf (store, sizeof store, "%s/node.db", dir);
    snprintf (lock_file, sizeof lock_file, "%s.lock", store);

    //  Nobody holds it yet; the first daemon takes it and says who it is.
    assert (lx_lock_holder (store) == 0);
    lx_lock_t *lock = lx_lock_new (store, error, sizeof error);
    assert (lock);
    assert (lx_lock_holder (store) == getpid ());
    //  A second daemon is refused, even in this process, and told who holds it.
    lx_lock_t *second = lx_lock_new (store, error, sizeof error);
    assert (!second);
    char expected [320];
    snprintf (expected, sizeof expected, "store %s is in use by another daemon (pid %d, which holds %s)",
              store, (int) getpid (), lock_file);
    assert (strcmp (error, expected) == 0);
    //  Another descriptor of the lock file opened and closed (a classic
    //  fcntl lock would be lost here) leaves it held.
    int fd = open (lock_file, O_RDWR);
    assert (fd != -1 && close (fd) == 0);
    assert (!lx_lock_new (store, error, sizeof error));
    //  The store itself is not locked: nothing was created beside it but the lock file.
    assert (access (store, F_OK) == -1);
    lx_lock_destroy (&lock);
    lx_lock_destroy (&lock);
    assert (lx_lock_holder (store) == 0);

    //  Another process holds it: refused, and named; when that process
    //  dies (SIGKILL: no clean-up of its own), the lock is free.
    int ready [2];
    assert (pipe (ready) == 0);
    pid_t child = fork ();
    assert (child >= 0);
    if (child == 0) {
        close (ready [0]);
        lx_lock_t *held = lx_lock_new (store, error, sizeof error);
        char byte = held? 'L': 'F';
        if (write (ready [1], &byte, 1) != 1)
            _exit (2);
        while (true)
            pause ();
    }
    close (ready [1]);
    char byte = 0;
    assert (read (ready [0], &byte, 1) == 1 && byte == 'L');
    close (ready [0]);
    assert (lx_lock_holder (store) == child);
    assert (!lx_lock_new (store, error, sizeof error));
    snprintf (expected, sizeof expected, "(pid %d, which holds %s)", (int) child, lock_file);
    assert (strstr (error, expected) && strstr (error, store));
    assert (kill (child, SIGKILL) == 0 && waitpid (child, NULL, 0) == child);
    assert (lx_lock_holder (store) == 0);
    lock = lx_lock_new (store, error, sizeof error);
    assert (lock);
    lx_lock_destroy (&lock);

    //  A directory that does not exist: a reason, no lock.
    snprintf (store, sizeof store, "%s/missing/node.db", dir);
    assert (!lx_lock_new (store, error, sizeof error) && strstr (error, "cannot open"));
    assert (unlink (lock_file) == 0);
    assert (rmdir (dir) == 0);
}
