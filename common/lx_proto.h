/*  lx_proto: the leadx wire protocol as data.

    Every command and field of the protocol, with each field's wire type and
    limits and each command's allowed and required fields. lx_msg encodes,
    decodes and validates messages by these tables; common/PROTOCOL.md is
    written from them. Keep the three in step.
*/
#ifndef LX_PROTO_H_INCLUDED
#define LX_PROTO_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  Start of every message: protocol name and version. A message is one
//  ZeroMQ frame, these bytes (no NUL) and then the body, so a peer that
//  vanishes mid-message cannot leave half a message at the receiver.
#define LX_MSG_SIGNATURE "LEADX/2"
//  Bytes of LX_MSG_SIGNATURE on the wire (7).
#define LX_MSG_SIGNATURE_SIZE (sizeof LX_MSG_SIGNATURE - 1)

//  Commands. Numbered commands (lx_cmd_is_numbered) are delivered exactly
//  once: a node numbers its own (field seq), the broker numbers its events
//  per node. The rest are unnumbered control messages. Which way each may
//  travel is in the table too (lx_cmd_from_node, lx_cmd_from_broker).
typedef enum {
    //  node -> broker
    LX_CMD_HELLO = 0, LX_CMD_PING, LX_CMD_ACK,
    LX_CMD_LEAD, LX_CMD_OFFER, LX_CMD_CLAIM, LX_CMD_DECIDE, LX_CMD_PROGRESS,
    LX_CMD_WITHDRAW, LX_CMD_EDIT,
    //  broker -> node
    LX_CMD_WELCOME, LX_CMD_PONG, LX_CMD_ERROR,
    LX_CMD_OFFERED, LX_CMD_CLOSED, LX_CMD_CLAIM_RESULT, LX_CMD_APPROVAL,
    LX_CMD_TRANSFER, LX_CMD_PROGRESSED, LX_CMD_REJECTED,
    LX_CMD_WITHDRAWN, LX_CMD_EDITED,
    //  reconciliation: node -> broker, broker -> node
    LX_CMD_RECONCILE, LX_CMD_RECONCILED,
    //  the register and its timers: node -> broker (the center's)
    LX_CMD_RESOLVE, LX_CMD_STRIKE,
    //  ... and broker -> node
    LX_CMD_CONFLICT, LX_CMD_RESOLVED, LX_CMD_STRUCK, LX_CMD_RETURNED, LX_CMD_STALE,
    //  the finder's offer went out; the center is told of a fault
    LX_CMD_ROUTED, LX_CMD_ALERT,
    //  a node rebuilding its store asks for its own messages back
    LX_CMD_RECALL, LX_CMD_RECALLED,
    //  a daemon that stops says so
    LX_CMD_BYE,
    //  implausible progress held for the center, and its decision
    LX_CMD_HELD, LX_CMD_CONFIRM,
    LX_CMD_COUNT
} lx_cmd_t;

//  Fields. The wire key of each is its lowercase name (LX_F_FINDER_BP is
//  "finder_bp").
typedef enum {
    LX_F_NODE = 0, LX_F_SEQ, LX_F_ACK, LX_F_HEAD, LX_F_TOKEN, LX_F_ROLE,
    LX_F_LEAD, LX_F_FINDER, LX_F_INVESTOR, LX_F_USCC, LX_F_PROJECT, LX_F_SUMMARY,
    LX_F_INDUSTRIES, LX_F_TAGS, LX_F_INVESTMENT, LX_F_LAND, LX_F_TAX, LX_F_OUTPUT,
    LX_F_TYPE, LX_F_CHANNEL, LX_F_CONTACT, LX_F_PHONE, LX_F_STAGE, LX_F_FOUND,
    LX_F_SCORE, LX_F_REASONS, LX_F_CLAIMANT, LX_F_WON, LX_F_DECISION, LX_F_SPLITS,
    LX_F_REASON, LX_F_LANDER, LX_F_DATE, LX_F_METRIC, LX_F_AMOUNT, LX_F_PROGRESS,
    LX_F_FINDER_BP, LX_F_FINDER_SHARE, LX_F_LANDER_SHARE, LX_F_REF, LX_F_CODE,
    LX_F_DIGESTS, LX_F_EARLIER, LX_F_HOLDER, LX_F_MATCH, LX_F_SIMILARITY, LX_F_UNTIL,
    LX_F_RESOLUTION, LX_F_LEADS, LX_F_DUE, LX_F_LEDGER, LX_F_HASH, LX_F_COUNTED,
    LX_F_INSTANCE, LX_F_ROUTES, LX_F_DISTRICT, LX_F_HELD, LX_F_STATUS, LX_F_SIGNATURE, LX_F_CHALLENGE,
    LX_F_COUNT
} lx_field_t;

//  Error codes carried by ERROR and REJECTED (field code). PROTOCOL.md
//  lists them with their meaning.
typedef enum {
    LX_ERR_NONE = 0,
    LX_ERR_BAD_FRAME = 400,     //  not exactly one frame, or oversized
    LX_ERR_BAD_VERSION = 401,   //  the frame does not start with LX_MSG_SIGNATURE
    LX_ERR_BAD_MSGPACK = 402,   //  not one well-formed msgpack map
    LX_ERR_BAD_COMMAND = 403,   //  unknown command, or wrong direction
    LX_ERR_BAD_FIELD = 404,     //  unknown field, duplicate, or wrong type
    LX_ERR_MISSING_FIELD = 405, //  a required field is absent
    LX_ERR_BAD_VALUE = 406,     //  out of range, too long, bad UTF-8, bad code
    LX_ERR_NOT_HELLO = 410,     //  a message before HELLO
    LX_ERR_UNKNOWN_NODE = 411,  //  node id not in the broker's districts
    LX_ERR_NOT_ALLOWED = 412,   //  the sender's role may not do this
    LX_ERR_IDENTITY = 413,      //  message names another node than the sender
    LX_ERR_IN_USE = 414,        //  the district is connected from another process
    LX_ERR_CHALLENGE = 415,     //  a reconcile keyed with a challenge not the current one
    LX_ERR_NOT_FOUND = 420,     //  no such lead
    LX_ERR_CONFLICT = 421,      //  the lead's state does not allow it
    LX_ERR_CLOSED = 422,        //  dated in a period whose ranking is published
    LX_ERR_QUOTA = 429,         //  the district's quota for this command is used
    LX_ERR_SEQ_GAP = 430,       //  sequence number skips ahead
    LX_ERR_SEQ_REUSED = 431,    //  a seq the broker holds with other content
    LX_ERR_INTERNAL = 500       //  the receiver could not store; resend later
} lx_err_code_t;

//  A decoding or handling error: a code and a human-readable reason.
typedef struct {
    int code;                   //  lx_err_code_t, LX_ERR_NONE if none
    char reason [200];          //  one line, names the field at fault
} lx_error_t;

//  Fills error with code and a printf-style reason. Returns -1 so that
//  callers can write `return lx_error_set (...)`. error may be NULL.
int lx_error_set (lx_error_t *error, int code, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  Name of an error code ("BAD_VALUE"), or "UNKNOWN".
const char *lx_error_name (int code);

//  Wire types of fields.
typedef enum {
    LX_WIRE_STR,                //  msgpack str
    LX_WIRE_INT,                //  msgpack non-negative int
    LX_WIRE_BOOL,               //  msgpack bool
    LX_WIRE_LIST,               //  msgpack array of str
    LX_WIRE_MAP                 //  msgpack map of str -> non-negative int
} lx_wire_t;

//  Checks beyond the wire type, for strings, list items and map keys.
typedef enum {
    LX_KIND_TEXT,               //  any UTF-8 text within the length limit
    LX_KIND_TAG,                //  text, not empty, no comma (stores keep tags as one list)
    LX_KIND_ID,                 //  lx_valid_id
    LX_KIND_LEAD_ID,            //  lx_valid_lead_id
    LX_KIND_DATE,               //  lx_valid_date
    LX_KIND_INDUSTRY,           //  lx_valid_industry
    LX_KIND_USCC,               //  lx_valid_uscc
    LX_KIND_STAGE,              //  lx_stage_from_name
    LX_KIND_METRIC,             //  lx_metric_from_name
    LX_KIND_TYPE,               //  lx_type_from_name
    LX_KIND_CHANNEL,            //  lx_channel_from_name
    LX_KIND_ROLE,               //  lx_role_from_name
    LX_KIND_DECISION,           //  "approve" or "reject"
    LX_KIND_MATCH,              //  "uscc", "name" or "similar"
    LX_KIND_RESOLUTION,         //  "keep", "transfer", "merge" or "dismiss"
    LX_KIND_HASH,               //  64 lower-case hex digits (a ledger hash)
    LX_KIND_HELD_STATUS,        //  "held", "confirmed" or "rejected" (a held report)
    LX_KIND_SIGNATURE,          //  128 lower-case hex digits (an Ed25519 signature, lx_sign)
    LX_KIND_CHALLENGE           //  32 lower-case hex digits (a reconciliation's key, lx_digest)
} lx_kind_t;

//  One field of the protocol.
typedef struct {
    const char *name;           //  wire key
    lx_wire_t wire;             //  wire type
    lx_kind_t kind;             //  check for strings, list items and map keys
    int64_t min;                //  ints and map values: least value
    int64_t max;                //  ints, map values: greatest; str: bytes; list: items
    size_t item_max;            //  list items and map keys: bytes each
} lx_proto_field_t;

//  One field a command allows, and whether it must be present.
typedef struct {
    int field;                  //  lx_field_t, or -1 at the end of a list
    bool required;              //  absent is an error
} lx_proto_slot_t;

//  Wire name of a command, or NULL if out of range.
const char *lx_cmd_name (int cmd);

//  Wire key of a field, or NULL if out of range.
const char *lx_field_name (int field);

//  True when the command is numbered by its sender (delivered exactly once).
bool lx_cmd_is_numbered (int cmd);

//  True when a node may send the command to the broker.
bool lx_cmd_from_node (int cmd);

//  True when the broker may send the command to a node.
bool lx_cmd_from_broker (int cmd);

//  The specification of a field; field must be in range.
const lx_proto_field_t *lx_proto_field (int field);

//  The fields a command allows, ended by a slot whose field is -1.
const lx_proto_slot_t *lx_proto_slots (int cmd);

//  The slot of field in cmd, or NULL when cmd does not allow it.
const lx_proto_slot_t *lx_proto_slot (int cmd, int field);

//  The command / field whose wire name is the size bytes at name, or -1.
int lx_proto_cmd_by_name (const char *name, size_t size);
int lx_proto_field_by_name (const char *name, size_t size);

//  Checks size bytes of text (a string value, list item or map key of
//  field) against max bytes, UTF-8 and the field's kind. text must be
//  NUL-terminated at size. Returns 0, or -1 with error filled.
int lx_proto_check_text (int field, const char *text, size_t size, size_t max, lx_error_t *error);

//  Checks an integer against the field's range. Returns 0, or -1 with error.
int lx_proto_check_number (int field, int64_t number, lx_error_t *error);

//  Self test.
void lx_proto_test (bool verbose);

#endif
