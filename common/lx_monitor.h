/*  lx_monitor: names a socket's failed handshakes, from libzmq's socket
    monitor.

    A CURVE handshake that fails is silent at the socket: a node with the
    wrong broker key, or whose certificate the broker does not admit, only
    ever hears nothing. libzmq reports every handshake on the socket's
    monitor; czmq's zmonitor actor (stable API) delivers each event as
    three frames: its name, its value and an endpoint. What they are,
    measured with libzmq 4.3.4 and czmq 4.2.1 (the selftest does each):

    - right keys: HANDSHAKE_SUCCEEDED (value 0) on both sides.
    - the client has the wrong server public key: the server cannot open
      the client's HELLO and reports HANDSHAKE_FAILED_PROTOCOL with
      ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC, then closes the connection
      without a word; the client sees only HANDSHAKE_FAILED_NO_DETAIL (an
      errno: EPIPE, or ECONNRESET) and DISCONNECTED, and libzmq reconnects
      at the reconnect interval, each time the same.
    - the server's ZAP handler refuses the client's key: the server
      reports HANDSHAKE_FAILED_AUTH with the ZAP status code (400) and
      sends the client an ERROR command, so the client sees
      HANDSHAKE_FAILED_AUTH 400 too; libzmq does not reconnect that
      connection.
    - one side CURVE, the other plain text: HANDSHAKE_FAILED_PROTOCOL with
      ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH on both sides.
    On a bound socket the endpoint of every event is the socket's own (the
    local end of the connection), never the peer's: a server cannot name
    the peer from these events.

    A client monitor tells each episode once: the first failure of a run
    of failures (and a failure of another kind within it), then the first
    success after them, however many times libzmq and its owner reconnect
    in between. A server monitor, whose peers may be a flood of strangers,
    tells the first failure at once and then at most one line per
    interval, with how many failed since the last line.

    The monitor follows its owner's socket: attach starts a zmonitor actor
    on a socket, detach stops it and must come before the socket is
    destroyed (zmonitor stops the socket's monitoring through it). What
    the episodes have seen stays with the lx_monitor across sockets.
*/
#ifndef LX_MONITOR_H_INCLUDED
#define LX_MONITOR_H_INCLUDED

#include <czmq.h>

typedef struct _lx_monitor_t lx_monitor_t;

//  Which end of the connections the socket is.
typedef enum {
    LX_MONITOR_CLIENT,          //  connects: tells once per episode
    LX_MONITOR_SERVER           //  binds: tells at most once per interval, with counts
} lx_monitor_side_t;

//  What a handshake event says.
typedef enum {
    LX_MONITOR_OTHER,           //  not a handshake's end (never reported)
    LX_MONITOR_SUCCEEDED,       //  the handshake succeeded
    LX_MONITOR_CLOSED,          //  the peer closed the connection during the handshake
    LX_MONITOR_CRYPTO,          //  a handshake command could not be decrypted: the keys do not match
    LX_MONITOR_REFUSED,         //  the server's ZAP handler refused the client's key (value: its status)
    LX_MONITOR_MISMATCH,        //  one side CURVE, the other plain text
    LX_MONITOR_PROTOCOL,        //  another protocol error (value: ZMQ_PROTOCOL_ERROR_*)
    LX_MONITOR_KINDS            //  how many kinds there are
} lx_monitor_kind_t;

//  One event, classified.
typedef struct {
    lx_monitor_kind_t kind;     //  what it says
    int value;                  //  its value: an errno, a ZMQ_PROTOCOL_ERROR_* or a ZAP status code
    char name [32];             //  zmonitor's name for it (HANDSHAKE_FAILED_AUTH ...)
    char endpoint [256];        //  the endpoint connected to; a bound socket's own
} lx_monitor_event_t;

//  ms between two lines of a server monitor, unless set otherwise.
#define LX_MONITOR_INTERVAL 5000

//  A monitor for one side, attached to no socket yet. peer names the other
//  end in sentences ("the broker", "a node"); mechanism names the
//  handshake ("CURVE", "plain-text"). Both are copied. Returns NULL when
//  out of memory.
lx_monitor_t *lx_monitor_new (lx_monitor_side_t side, const char *peer, const char *mechanism);

//  Detaches, frees, nulls *self_p. Safe on NULL and twice.
void lx_monitor_destroy (lx_monitor_t **self_p);

//  Adds hint after the sentence of every report of kind (what to check,
//  in the owner's words: "is node/broker_cert the broker's public
//  certificate?"). Copied; NULL removes it.
void lx_monitor_set_hint (lx_monitor_t *self, lx_monitor_kind_t kind, const char *hint);

//  Sets a server monitor's ms between two lines.
void lx_monitor_set_interval (lx_monitor_t *self, int64_t interval);

//  Starts watching sock's handshakes (detaching from the previous socket
//  first). Attach before connecting or binding, so that no handshake is
//  missed. Returns 0, or -1 when the zmonitor actor could not start.
int lx_monitor_attach (lx_monitor_t *self, zsock_t *sock);

//  Stops watching; call before the watched socket is destroyed. Events
//  not yet read are dropped. Safe when not attached.
void lx_monitor_detach (lx_monitor_t *self);

//  The zmonitor actor to poll (readable when an event waits), or NULL
//  when not attached. Belongs to the monitor; invalid after detach.
zactor_t *lx_monitor_actor (lx_monitor_t *self);

//  Reads and classifies one event; blocks until one comes, so call it
//  when the actor is readable. Returns 0, or -1 when none could be read
//  (not attached, or interrupted).
int lx_monitor_recv (lx_monitor_t *self, lx_monitor_event_t *event);

//  What to tell of event, now (monotonic ms), given what came before: a
//  line to log (a new string, the caller's), or NULL when there is
//  nothing new to tell. See the header for when each side tells.
char *lx_monitor_report (lx_monitor_t *self, const lx_monitor_event_t *event, int64_t now);

//  A server monitor's line on failures not yet told, once the interval
//  since its last line has passed (a new string, the caller's), else
//  NULL. Call it now and then: a burst's last failures are told here.
char *lx_monitor_due (lx_monitor_t *self, int64_t now);

//  The sentence that says what event means, from this monitor's side (a
//  new string, the caller's), without the hint.
char *lx_monitor_sentence (lx_monitor_t *self, const lx_monitor_event_t *event);

//  Self test.
void lx_monitor_test (bool verbose);

#endif
