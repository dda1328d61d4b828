/*  broker_store: the broker's SQLite record.

    Owns the schema (numbered migrations) and the delivery bookkeeping: per
    node, the highest sequence number it has sent us that we stored
    (received), the events we created for it (numbered from 1, stored before
    they are sent) and the highest it acknowledged (acked). The domain tables
    (leads, offers, claims, transfers, progress) are written by broker_logic
    through lx_store on the same connection.
*/
#ifndef BROKER_STORE_H_INCLUDED
#define BROKER_STORE_H_INCLUDED

#include "lx_msg.h"
#include "lx_store.h"
#include "lx_digest.h"

typedef struct _broker_store_t broker_store_t;

//  SQL for the head of the node named by the SQL expression node (a
//  parameter such as "?1", or a column such as "node.id"): events are
//  numbered 1, 2, 3 ... per node and never deleted, so the highest seq is
//  one seek down the event table's key. The one definition of a head, for
//  every query that shows or bounds it.
#define BROKER_STORE_HEAD(node) "(SELECT ifnull (max (seq), 0) FROM event WHERE event.node = " node ")"

//  Delivery state of one node.
typedef struct {
    int64_t received;           //  highest node seq stored
    int64_t acked;              //  highest event seq the node acknowledged
    int64_t head;               //  highest event seq created for the node
} broker_node_state_t;

//  Opens (creating, migrating) the broker store at path with synchronous
//  FULL. Returns NULL with a reason in error.
broker_store_t *broker_store_new (const char *path, char *error, size_t error_size);

//  Closes the store and nulls *self_p; safe on NULL and twice.
void broker_store_destroy (broker_store_t **self_p);

//  The underlying store, for broker_logic and the operator views.
lx_store_t *broker_store_db (broker_store_t *self);

//  Makes sure node exists with role (inserting it if new). Returns 0 or -1.
int broker_store_node_ensure (broker_store_t *self, const char *node, const char *role);

//  Reads a node's delivery state. Returns 0, 1 if unknown, -1 on error.
int broker_store_node_state (broker_store_t *self, const char *node, broker_node_state_t *state);

//  Records node's message seq, with its body for the record, its outcome
//  (0 applied, else the error code it was refused with) and when it came
//  (at, ms since epoch: the quotas count from it). The
//  caller moves the node's received mark with broker_store_set_received,
//  once for a batch, in the same transaction. Returns 0, or -1 (also when
//  seq is already recorded).
int broker_store_received (broker_store_t *self, const char *node, int64_t seq,
                           const char *cmd, const uint8_t *body, size_t size, int outcome, int64_t at);

//  Raises node's acked to ack (never lowers it; never above head).
//  Returns 0 or -1.
int broker_store_acked (broker_store_t *self, const char *node, int64_t ack);

//  Sets node's acked to ack exactly (a hello's word for what the node
//  holds, lower than before when its store went back in time); never above
//  head. Returns 0 or -1.
int broker_store_set_acked (broker_store_t *self, const char *node, int64_t ack);

//  Records when node was last heard from (ms) and whether it is online.
//  Returns 0 or -1.
int broker_store_seen (broker_store_t *self, const char *node, int64_t when, bool online);

//  Numbers msg as node's next event (sets its node and seq fields) and
//  stores it, which raises the node's head. Returns the seq, or -1 on
//  error. The message stays the caller's.
int64_t broker_store_event_add (broker_store_t *self, const char *node, lx_msg_t *msg);

//  Takes the set of nodes that got new events since the last call: a new
//  list of node ids (caller destroys), possibly empty; NULL if out of memory.
zlistx_t *broker_store_take_dirty (broker_store_t *self);

//  Starts reading node's events with seq > after, in order, at most limit.
//  Step the returned statement with lx_store_step; column 0 is seq, 1 the
//  encoded body. Returns NULL on error.
sqlite3_stmt *broker_store_events (broker_store_t *self, const char *node, int64_t after, int64_t limit);

//  The broker's reconciliation digests of what concerns node (see
//  lx_digest), keyed with challenge (NULL: unkeyed): a new list of lines
//  (the caller's), or NULL on error.
zlistx_t *broker_store_digests (broker_store_t *self, const char *node, const char *challenge);

//  The queries behind those digests, one per section of lx_digest_sections
//  (the node id their one parameter), for an lx_digest_worker on the
//  broker's store. A static array: never freed, valid for ever.
const char *const *broker_store_digest_queries (void);

//  Records a reconciliation keyed with challenge: the lines node sent and
//  ours, at when (ms since epoch), replacing its last one; in its own
//  (nested) transaction. Returns 0 or -1.
int broker_store_reconciled (broker_store_t *self, const char *node, const char *challenge,
                             zlistx_t *node_lines, zlistx_t *broker_lines, int64_t when);

//  A node's last reconciliation, as the broker recorded it.
typedef struct {
    zlistx_t *node_lines;       //  the lines the node sent (empty if it never reconciled)
    zlistx_t *broker_lines;     //  ours, of our record at the same moment, under the same key
    int64_t when;               //  ms since epoch, 0 if never
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  the key both were computed with, "" if none
} broker_reconciled_t;

//  Reads node's last reconciliation into *last (its lists the caller's:
//  broker_reconciled_clear). Returns 0, or -1 on error (nothing to clear).
int broker_store_reported (broker_store_t *self, const char *node, broker_reconciled_t *last);

//  Frees the lists of *last; safe twice.
void broker_reconciled_clear (broker_reconciled_t *last);

//  Sets node's received mark: its highest message seq stored. Returns 0 or -1.
int broker_store_set_received (broker_store_t *self, const char *node, int64_t seq);

//  Self test.
void broker_store_test (bool verbose);

#endif
