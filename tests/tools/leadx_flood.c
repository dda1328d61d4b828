/*  leadx-flood: a test tool that holds many raw TCP connections open to a
    loopback endpoint without ever completing a handshake, as a keyless
    intruder would to use up the broker's file descriptors.

    leadx-flood [--count N] [--seconds S] tcp://127.0.0.1:PORT

    Opens N connections (default 5000; at most 256 connecting at a time),
    reads and discards whatever the peer sends (the broker's ZMTP greeting)
    and never writes a byte. A connection the peer closes (the broker's
    handshake timeout) is opened again at once, so the pressure stays.
    Raises its own limit of open files for N (when the hard limit is too
    low it says so and holds what it can). Prints a status line each second,
    `held=H connecting=C opened=O dropped=D failed=F`, and on SIGTERM or
    SIGINT, after S seconds (default 300), or when its parent dies, resets
    every connection (no TIME_WAIT left here) and prints
    `flood: held at most H of N, O opened, D dropped by the peer, F failed`.
    Loopback only: any other address is refused. Exit 0, or 2 on bad usage.
*/

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

//  Connections in progress at most: the rest wait their turn.
#define S_CONNECTING_MAX 256
//  Descriptors the tool needs besides its connections.
#define S_SPARE 32

//  One connection.
typedef struct {
    int fd;                     //  its socket, -1 when closed
    bool connecting;            //  connect() not finished yet
} s_conn_t;

//  Set by SIGTERM / SIGINT.
static volatile sig_atomic_t s_stop;

static void
s_on_signal (int signal_number)
{
    (void) signal_number;
    s_stop = 1;
}

//  Monotonic milliseconds.
static int64_t
s_now (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

//  Parses tcp://127.x.y.z:PORT into address. Returns 0, or -1.
static int
s_endpoint (const char *endpoint, struct sockaddr_in *address)
{
    char host [64];
    unsigned port;
    char tail;
    if (sscanf (endpoint, "tcp://%63[0-9.]:%u%c", host, &port, &tail) != 2 || port == 0 || port > 65535)
        return -1;
    memset (address, 0, sizeof *address);
    address->sin_family = AF_INET;
    address->sin_port = htons ((uint16_t) port);
    if (inet_pton (AF_INET, host, &address->sin_addr) != 1)
        return -1;
    //  Loopback only: 127.0.0.0/8.
    return (ntohl (address->sin_addr.s_addr) >> 24) == 127? 0: -1;
}

//  Raises the limit of open files for count connections. Returns how many
//  connections the limit allows (count, or fewer when the hard limit is
//  too low, said on stderr).
static int
s_raise_limit (int count)
{
    struct rlimit limit;
    if (getrlimit (RLIMIT_NOFILE, &limit))
        return count;
    rlim_t need = (rlim_t) count + S_SPARE;
    if (limit.rlim_cur >= need)
        return count;
    struct rlimit asked = { need, limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= need? limit.rlim_max: need };
    if (setrlimit (RLIMIT_NOFILE, &asked) == 0)
        return count;
    asked.rlim_cur = limit.rlim_max;
    asked.rlim_max = limit.rlim_max;
    setrlimit (RLIMIT_NOFILE, &asked);
    getrlimit (RLIMIT_NOFILE, &limit);
    int allowed = limit.rlim_cur > S_SPARE? (int) (limit.rlim_cur - S_SPARE): 0;
    fprintf (stderr, "leadx-flood: the hard limit of open files is %llu, too low for %d connections:"
             " holding %d\n", (unsigned long long) limit.rlim_max, count, allowed);
    return allowed < count? allowed: count;
}

//  Closes a connection with a reset (SO_LINGER 0), leaving no TIME_WAIT.
static void
s_close (int epoll, s_conn_t *conn)
{
    struct linger linger = { 1, 0 };
    setsockopt (conn->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    epoll_ctl (epoll, EPOLL_CTL_DEL, conn->fd, NULL);
    close (conn->fd);
    conn->fd = -1;
    conn->connecting = false;
}

//  Opens connection index. Returns 0 (connecting or connected), or -1 when
//  no socket could be made or the connect failed at once.
static int
s_open (int epoll, s_conn_t *conns, uint32_t index, const struct sockaddr_in *address)
{
    s_conn_t *conn = &conns [index];
    conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (conn->fd == -1)
        return -1;
    int rc = connect (conn->fd, (const struct sockaddr *) address, sizeof *address);
    if (rc && errno != EINPROGRESS) {
        close (conn->fd);
        conn->fd = -1;
        return -1;
    }
    conn->connecting = rc != 0;
    struct epoll_event event = { .events = EPOLLIN | EPOLLRDHUP | (conn->connecting? EPOLLOUT: 0u),
                                 .data.u32 = index };
    if (epoll_ctl (epoll, EPOLL_CTL_ADD, conn->fd, &event)) {
        close (conn->fd);
        conn->fd = -1;
        return -1;
    }
    return 0;
}

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "count", required_argument, NULL, 'n' }, { "seconds", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 }
    };
    long count = 5000, seconds = 300;
    int option;
    while ((option = getopt_long (argc, argv, "n:s:", options, NULL)) != -1) {
        char *end = NULL;
        if (option == 'n')
            count = strtol (optarg, &end, 10);
        else
        if (option == 's')
            seconds = strtol (optarg, &end, 10);
        if (!end || *end || count < 1 || count > 1000000 || seconds < 1 || seconds > 86400) {
            fprintf (stderr, "usage: leadx-flood [--count N] [--seconds S] tcp://127.0.0.1:PORT\n");
            return 2;
        }
    }
    struct sockaddr_in address;
    if (optind != argc - 1 || s_endpoint (argv [optind], &address)) {
        fprintf (stderr, "usage: leadx-flood [--count N] [--seconds S] tcp://127.0.0.1:PORT (loopback only)\n");
        return 2;
    }
    //  Stops with its test: on a signal, when the test script dies, or at
    //  the deadline.
    signal (SIGTERM, s_on_signal);
    signal (SIGINT, s_on_signal);
    signal (SIGPIPE, SIG_IGN);
    prctl (PR_SET_PDEATHSIG, SIGTERM);
    int wanted = (int) count;
    int total = s_raise_limit (wanted);
    s_conn_t *conns = (s_conn_t *) calloc ((size_t) (total > 0? total: 1), sizeof (s_conn_t));
    int epoll = epoll_create1 (EPOLL_CLOEXEC);
    if (!conns || epoll == -1) {
        fprintf (stderr, "leadx-flood: %s\n", strerror (errno));
        return 1;
    }
    for (int index = 0; index < total; index++)
        conns [index].fd = -1;
    int held = 0, held_most = 0, connecting = 0, open = 0;
    uint64_t opened = 0, dropped = 0, failed = 0;
    int64_t deadline = s_now () + seconds * 1000, next_status = s_now () + 1000;
    int next = 0;               //  where to look for a closed slot first
    struct epoll_event events [512];
    char sink [4096];
    while (!s_stop && s_now () < deadline) {
        //  Top up: every closed slot opens again, S_CONNECTING_MAX at a time.
        for (int looked = 0; looked < total && open < total && connecting < S_CONNECTING_MAX; looked++) {
            int index = (next + looked) % total;
            if (conns [index].fd != -1)
                continue;
            if (s_open (epoll, conns, (uint32_t) index, &address)) {
                failed++;
                next = index;
                break;              //  out of ports or descriptors: try again after a wait
            }
            opened++;
            open++;
            if (conns [index].connecting)
                connecting++;
            else
                held++;
            next = (index + 1) % total;
        }
        if (held > held_most)
            held_most = held;
        int ready = epoll_wait (epoll, events, 512, 50);
        for (int event = 0; event < ready; event++) {
            s_conn_t *conn = &conns [events [event].data.u32];
            if (conn->fd == -1)
                continue;
            uint32_t what = events [event].events;
            if (conn->connecting) {
                if (!(what & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
                    continue;
                int error = 0;
                socklen_t size = sizeof error;
                getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &error, &size);
                connecting--;
                if (error) {
                    failed++;
                    open--;
                    s_close (epoll, conn);
                    continue;
                }
                conn->connecting = false;
                held++;
                struct epoll_event watch = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = events [event].data.u32 };
                epoll_ctl (epoll, EPOLL_CTL_MOD, conn->fd, &watch);
            }
            if (!(what & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)))
                continue;
            //  Whatever the peer says is read and dropped; its close ends
            //  the connection, which the top-up opens again.
            ssize_t got;
            while ((got = read (conn->fd, sink, sizeof sink)) > 0)
                ;
            if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || (what & (EPOLLERR | EPOLLHUP))) {
                dropped++;
                held--;
                open--;
                s_close (epoll, conn);
            }
        }
        if (held > held_most)
            held_most = held;
        if (s_now () >= next_status) {
            printf ("held=%d connecting=%d opened=%" PRIu64 " dropped=%" PRIu64 " failed=%" PRIu64 "\n",
                    held, connecting, opened, dropped, failed);
            fflush (stdout);
            next_status += 1000;
        }
    }
    for (int index = 0; index < total; index++)
        if (conns [index].fd != -1)
            s_close (epoll, &conns [index]);
    close (epoll);
    free (conns);
    printf ("flood: held at most %d of %d, %" PRIu64 " opened, %" PRIu64 " dropped by the peer, %" PRIu64
            " failed\n", held_most, wanted, opened, dropped, failed);
    return 0;
}
