/*  lx_fdlimit: the process's limit of open files, raised when a daemon
    starts. */

#include "lx_fdlimit.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

//  The most open files the kernel lets a process have
//  (/proc/sys/fs/nr_open; its default when that cannot be read).
static rlim_t
s_nr_open (void)
{
    unsigned long long most = 1048576;
    FILE *file = fopen ("/proc/sys/fs/nr_open", "r");
    if (file) {
        if (fscanf (file, "%llu", &most) != 1)
            most = 1048576;
        fclose (file);
    }
    return (rlim_t) most;
}

//  The limits in force into *soft and *hard, an "unlimited" hard limit as
//  the kernel's most. Returns 0, or -1.
static int
s_read (struct rlimit *limit, int64_t *soft, int64_t *hard)
{
    *soft = *hard = 0;
    if (getrlimit (RLIMIT_NOFILE, limit))
        return -1;
    rlim_t most = s_nr_open ();
    *soft = (int64_t) (limit->rlim_cur == RLIM_INFINITY? most: limit->rlim_cur);
    *hard = (int64_t) (limit->rlim_max == RLIM_INFINITY? most: limit->rlim_max);
    return 0;
}

int
lx_fdlimit_raise (int64_t wanted, int64_t *soft, int64_t *hard, char *error, size_t error_size)
{
    assert (wanted >= 0 && soft && hard && error && error_size > 0);
    struct rlimit limit;
    if (s_read (&limit, soft, hard)) {
        snprintf (error, error_size, "cannot read the limit of open files: %s", strerror (errno));
        return -1;
    }
    rlim_t target = (rlim_t) (wanted? wanted: *hard);
    if (limit.rlim_cur == target)
        return 0;
    struct rlimit asked = limit;
    asked.rlim_cur = target;
    //  Above the hard limit: the hard limit goes up with it, if we may.
    if (limit.rlim_max != RLIM_INFINITY && target > limit.rlim_max)
        asked.rlim_max = target;
    int rc = setrlimit (RLIMIT_NOFILE, &asked);
    int failure = errno;
    if (rc && asked.rlim_max != limit.rlim_max) {
        //  Not allowed to raise the hard limit: as far as it goes.
        asked = limit;
        asked.rlim_cur = limit.rlim_max;
        if (setrlimit (RLIMIT_NOFILE, &asked) == 0)
            snprintf (error, error_size, "cannot raise the limit of open files to %" PRId64 " (%s): the hard"
                      " limit is %" PRId64, wanted, strerror (failure), *hard);
        else
            snprintf (error, error_size, "cannot raise the limit of open files to %" PRId64 ": %s",
                      wanted, strerror (failure));
    }
    else
    if (rc)
        snprintf (error, error_size, "cannot set the limit of open files to %" PRId64 ": %s",
                  (int64_t) target, strerror (failure));
    struct rlimit now;
    s_read (&now, soft, hard);
    return rc? -1: 0;
}

void
lx_fdlimit_test (bool verbose)
{
    struct rlimit before;
    assert (getrlimit (RLIMIT_NOFILE, &before) == 0);
    int64_t soft, hard;
    char error [256];
    //  Lowered on request, then raised to the hard limit.
    assert (lx_fdlimit_raise (256, &soft, &hard, error, sizeof error) == 0);
    assert (soft == 256 && sysconf (_SC_OPEN_MAX) == 256);
    assert (lx_fdlimit_raise (0, &soft, &hard, error, sizeof error) == 0);
    assert (soft == hard && soft >= 256);
    if (verbose)
        printf ("   open files: soft %" PRId64 ", hard %" PRId64 "\n", soft, hard);
    //  Asked for the same again: nothing to do.
    assert (lx_fdlimit_raise (hard, &soft, &hard, error, sizeof error) == 0 && soft == hard);
    //  Above the hard limit: raised with it when allowed (root), else as
    //  far as the hard limit goes, with a reason.
    int64_t was_hard = hard;
    error [0] = 0;
    if (lx_fdlimit_raise (hard + 1, &soft, &hard, error, sizeof error) == 0)
        assert (soft == was_hard + 1 && hard == was_hard + 1);
    else {
        assert (soft == was_hard && hard == was_hard);
        assert (strstr (error, "cannot raise the limit of open files to "));
    }
    //  As it was (lowering the hard limit back is always allowed).
    assert (setrlimit (RLIMIT_NOFILE, &before) == 0);
}
