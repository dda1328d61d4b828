/*  node_store: one district's SQLite record.

    The node's own leads, the offers routed to it, the center's pending
    approvals (center role), transfers and progress with credit shares, and
    the two halves of delivery: the outbox (every message the staff commands
    create, numbered and stored before the daemon sends it) and the counter
    of broker events applied (so each applies once).
*/
#ifndef NODE_STORE_H_INCLUDED
#define NODE_STORE_H_INCLUDED

#include "lx_lead.h"
#include "lx_msg.h"
#include "lx_sign.h"
#include "lx_store.h"

typedef struct _node_store_t node_store_t;

//  Opens (creating, migrating) the node store at path. Returns NULL with a
//  reason in error.
node_store_t *node_store_new (const char *path, char *error, size_t error_size);

//  Closes the store and nulls *self_p; safe on NULL and twice.
void node_store_destroy (node_store_t **self_p);

//  The underlying store, for listings.
lx_store_t *node_store_db (node_store_t *self);

//  Takes the broker's public signing key at *key_p (nulling it), replacing
//  any held: node_store_apply checks the signature of every ledger entry a
//  PROGRESSED brings with it, and refuses one it has none to check with.
void node_store_set_broker_key (node_store_t *self, lx_sign_t **key_p);

//  Reads a meta value (caller frees), or NULL when absent.
char *node_store_meta (node_store_t *self, const char *key);

//  Sets a meta value. Returns 0 or -1.
int node_store_set_meta (node_store_t *self, const char *key, const char *value);

//  Numbers msg as node's next outgoing message (sets node and seq), and
//  stores it in the outbox, inside the caller's transaction. Returns the
//  seq, or -1.
int64_t node_store_outbox_add (node_store_t *self, const char *node, lx_msg_t *msg);

//  Records a new lead found by node and queues its registration, in one
//  transaction. Fills lead->id and lead->finder. Returns the outbox seq of
//  the registration, or -1 with error filled (invalid lead, or store
//  failure).
int64_t node_store_lead_add (node_store_t *self, const char *node, lx_lead_t *lead, lx_error_t *error);

//  Highest outbox seq, and highest acknowledged by the broker.
int64_t node_store_outbox_head (node_store_t *self);
int64_t node_store_outbox_acked (node_store_t *self);

//  Marks everything up to ack acknowledged. Returns 0 or -1.
int node_store_outbox_ack (node_store_t *self, int64_t ack);

//  Starts reading outbox messages with seq > after, at most limit; column
//  0 is seq, 1 the encoded body. Returns NULL on error.
sqlite3_stmt *node_store_outbox_from (node_store_t *self, int64_t after, int64_t limit);

//  The highest broker event seq applied.
int64_t node_store_applied (node_store_t *self);

//  Applies one broker event for node, inside the caller's transaction. The
//  caller records how far it got with node_store_set_applied in the same
//  transaction (once for a batch of events). Returns 0, or -1 with error
//  filled (error may be NULL): BAD_COMMAND for a command that is not a
//  broker's numbered event, BAD_VALUE for an event the broker cannot have
//  sent (a progressed whose shares are not its amount split at its
//  finder_bp, whose ledger entry is not the next of this node's chain
//  with the broker's hash, or whose signature of that head is not the
//  broker's), INTERNAL when the store failed or no broker key is set (for
//  a signed entry). On -1 the caller rolls its savepoint back: the event
//  changes nothing and is not acknowledged.
int node_store_apply (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

//  Records that events up to seq are applied. Returns 0 or -1.
int node_store_set_applied (node_store_t *self, int64_t seq);

//  Rebuilding this store from the broker's record: takes msg, node's own
//  message as the broker holds it. The same message in the outbox is
//  marked acknowledged. Another message under its seq is this store's own
//  way: it and every later one are stranded (kept in the stranded table
//  for staff, never sent, the lead rows their registrations wrote
//  removed). Then the broker's is stored, acknowledged, and a
//  registration's lead row written as it was sent (the events that follow
//  move it on), the lead counter past its number. Returns 0, or -1 with
//  error filled (INTERNAL: the store failed; nothing changed).
int node_store_recall (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

//  The highest outbox seq whose verdict is known here: every event the
//  broker created up to handling it is applied, so a refusal of it would be
//  in the rejection table. -1 on error.
int64_t node_store_settled (node_store_t *self);

//  Records that the verdicts of the outbox messages up to ack are known
//  (never lowers the mark). Messages staff were told were only queued
//  (node_store_outbox_await) and that were accepted get an 'accepted'
//  notice; a refusal has its notice from its event. Returns 0 or -1.
int node_store_settle (node_store_t *self, int64_t ack);

//  The verdict of outbox message seq: 0 accepted, 1 refused (code and
//  reason filled), 2 not known yet, -1 on a store error.
int node_store_verdict (node_store_t *self, int64_t seq, int *code, char *reason, size_t reason_size);

//  Marks outbox message seq as awaiting: staff were told it is queued, and
//  get a notice of its verdict when it comes. Returns 0 or -1.
int node_store_outbox_await (node_store_t *self, int64_t seq);

//  Puts the hash of outbox message seq's body (lx_chain_hash_bytes) in
//  hash. Returns 0, 1 when there is no such message, or -1 on error.
int node_store_outbox_hash (node_store_t *self, int64_t seq, char hash [65]);

//  This node's reconciliation digests of its own record (see lx_digest),
//  keyed with challenge (NULL: unkeyed): a new list of lines (the
//  caller's), or NULL on error.
zlistx_t *node_store_digests (node_store_t *self, const char *node, const char *challenge);

//  The queries behind those digests, one per section of lx_digest_sections
//  (the node id their one parameter), for an lx_digest_worker on the
//  node's store. A static array: never freed, valid for ever.
const char *const *node_store_digest_queries (void);

//  Self test.
void node_store_test (bool verbose);

#endif
