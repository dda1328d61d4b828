/*  lx_fdlimit: the process's limit of open files (RLIMIT_NOFILE), raised
    when a daemon starts.

    Every TCP connection a daemon holds takes a file descriptor, and
    libzmq 4.3 puts no other bound on the connections a listening socket
    accepts (ZMQ_MAX_SOCKETS counts ZeroMQ sockets, not connections). Once
    the descriptors run out, accept fails (EMFILE) and every new connection,
    a district's included, waits in the kernel's accept queue until one is
    closed; the store cannot open a file either. A service started by
    systemd gets a soft limit of 1024 (hard 524288), so anyone who can
    reach the broker's port could fill it with about a thousand raw TCP
    connections. The daemons therefore raise the soft limit to the hard
    limit (or to a configured number) at start and log the limit in force.
*/
#ifndef LX_FDLIMIT_H_INCLUDED
#define LX_FDLIMIT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  Sets the soft limit of open files to wanted, or to the hard limit when
//  wanted is 0 (a hard limit of "unlimited" means the kernel's most,
//  /proc/sys/fs/nr_open). A wanted above the hard limit raises the hard
//  limit too where the process may (root: CAP_SYS_RESOURCE), else stops
//  at the hard limit. A wanted below the soft limit lowers it. Returns 0
//  with *soft and *hard the limits now in force; or -1 with a one-line
//  reason in error when wanted could not be had (*soft and *hard then the
//  limits in force, unchanged or raised as far as allowed) or the limits
//  cannot be read (both 0).
int lx_fdlimit_raise (int64_t wanted, int64_t *soft, int64_t *hard, char *error, size_t error_size);

//  Self test.
void lx_fdlimit_test (bool verbose);

#endif
