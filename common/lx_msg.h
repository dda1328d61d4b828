/*  lx_msg: one message of the leadx wire protocol, and its codec.

    A message is a command and a set of typed fields. On the wire it is one
    ZeroMQ frame (after the routing id at a ROUTER): the protocol signature
    LX_MSG_SIGNATURE, then the body, a msgpack map from field names to
    values. One frame, because ZeroMQ delivers a frame whole or not at all:
    a peer that vanishes mid-message cannot leave half of one behind. Stored
    bodies (outbox, event table) carry no signature; it is added on send.
    See common/PROTOCOL.md for the commands, their fields and delivery rules.

    The codec is table-driven: every field has one wire type and limits,
    every command a list of the fields it allows and requires. Decoding
    checks all of it (presence, type, range, length, UTF-8, vocabularies,
    GB/T 4754 and GB 32100 codes) so that a handler only ever sees a message
    that is well formed; anything else is refused with an error code and a
    reason, and nothing is built.

    Setting a field a command does not allow, or of the wrong type, is a
    programmer error and asserts.
*/
#ifndef LX_MSG_H_INCLUDED
#define LX_MSG_H_INCLUDED

#include "lx_proto.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _lx_msg_t lx_msg_t;

//  Messages a socket's send queue holds beyond its delivery window. The
//  window bounds the numbered messages in flight to a peer; this room keeps
//  the unnumbered replies that follow them (ack, pong, welcome, error) from
//  finding the queue full and being dropped, which would stall the peer
//  until its next heartbeat. Set the send high-water mark to window + room.
#define LX_MSG_CONTROL_ROOM 1000

//  Creates an empty message for cmd. Returns NULL only if out of memory.
lx_msg_t *lx_msg_new (lx_cmd_t cmd);

//  Destroys the message and nulls *self_p; safe on NULL and twice.
void lx_msg_destroy (lx_msg_t **self_p);

//  Returns a deep copy, or NULL if out of memory.
lx_msg_t *lx_msg_dup (lx_msg_t *self);

//  The command.
lx_cmd_t lx_msg_cmd (lx_msg_t *self);

//  True when the command allows the field.
bool lx_msg_allows (lx_msg_t *self, lx_field_t field);

//  True when the field is present.
bool lx_msg_has (lx_msg_t *self, lx_field_t field);

//  Field getters. A missing field reads as NULL, 0, false or an empty list.
//  Returned strings belong to the message.
const char *lx_msg_str (lx_msg_t *self, lx_field_t field);
int64_t lx_msg_int (lx_msg_t *self, lx_field_t field);
bool lx_msg_bool (lx_msg_t *self, lx_field_t field);
//  Number of items of a list field (industries, tags, reasons) or entries
//  of a map field (splits).
size_t lx_msg_count (lx_msg_t *self, lx_field_t field);
//  Item index of a list field, or key index of a map field.
const char *lx_msg_item (lx_msg_t *self, lx_field_t field, size_t index);
//  Value index of a map field.
int64_t lx_msg_value (lx_msg_t *self, lx_field_t field, size_t index);
//  Looks key up in a map field; returns 0 and sets *value, or -1.
int lx_msg_lookup (lx_msg_t *self, lx_field_t field, const char *key, int64_t *value);

//  Field setters. The message copies strings. A NULL string removes the
//  field.
void lx_msg_set_str (lx_msg_t *self, lx_field_t field, const char *value);
void lx_msg_set_int (lx_msg_t *self, lx_field_t field, int64_t value);
void lx_msg_set_bool (lx_msg_t *self, lx_field_t field, bool value);
void lx_msg_add_item (lx_msg_t *self, lx_field_t field, const char *item);
//  Makes a list field present and empty (an edit that clears the tags).
void lx_msg_set_list (lx_msg_t *self, lx_field_t field);
void lx_msg_put (lx_msg_t *self, lx_field_t field, const char *key, int64_t value);
//  Removes a field.
void lx_msg_unset (lx_msg_t *self, lx_field_t field);

//  Checks the message as the decoder would: required fields present,
//  values in range. Returns 0, or -1 with error filled.
int lx_msg_validate (lx_msg_t *self, lx_error_t *error);

//  Encodes the body (the msgpack map) into a new buffer; *data is the
//  caller's to free. Returns 0, or -1 if out of memory.
int lx_msg_encode (lx_msg_t *self, uint8_t **data, size_t *size);

//  Decodes a body. Returns a new message (caller's to destroy), or NULL
//  with error filled; never asserts on the input.
lx_msg_t *lx_msg_decode (const void *data, size_t size, lx_error_t *error);

//  Sends the message on sock: routing (if not NULL, for a ROUTER), then one
//  frame holding the signature and the body, without blocking. Does not
//  take ownership. Returns 0, or -1 when the peer cannot take it now (no
//  connection, full queue, gone) or out of memory: the delivery rules
//  resend it.
int lx_msg_send (lx_msg_t *self, void *sock, zframe_t *routing);

//  Sends an already-encoded body (without the signature) the same way.
//  Returns 0 or -1.
int lx_msg_send_body (const uint8_t *data, size_t size, void *sock, zframe_t *routing);

//  Receives one message from sock. At a ROUTER pass routing_p to receive the
//  routing id (the caller's to destroy, set even when decoding fails so an
//  error can be returned to it). Returns the message, or NULL with
//  error->code set (a bad message, already read off the socket entirely:
//  400 unless exactly one frame, 401 unless it starts with the signature,
//  402 and up from lx_msg_decode for the rest) or with error->code == 0
//  (interrupted or nothing there, nothing read).
lx_msg_t *lx_msg_recv (void *sock, zframe_t **routing_p, lx_error_t *error);

//  As lx_msg_recv, and also returns who the sender authenticated as: the
//  "node" metadata its CURVE certificate gave the connection (see lx_keys),
//  as a fresh string in *peer_p (the caller's), or NULL on a connection
//  without such metadata (plain text). *peer_p must be NULL on entry.
lx_msg_t *lx_msg_recv_from (void *sock, zframe_t **routing_p, char **peer_p, lx_error_t *error);

//  Prints the message to stdout, for debugging.
void lx_msg_print (lx_msg_t *self);

//  Self test: round trips of every command, and refusal of bad input.
void lx_msg_test (bool verbose);

#endif
