/*  lx_proto: the leadx wire protocol as data. */

#include "lx_proto.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_valid.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MONEY 0, LX_MONEY_MAX, 0
#define COUNTER 0, (INT64_C (1) << 62), 0

static const lx_proto_field_t s_fields [LX_F_COUNT] = {
    [LX_F_NODE]         = { "node",         LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_SEQ]          = { "seq",          LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_ACK]          = { "ack",          LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_HEAD]         = { "head",         LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_TOKEN]        = { "token",        LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_ROLE]         = { "role",         LX_WIRE_STR,  LX_KIND_ROLE,     0, 16, 0 },
    [LX_F_LEAD]         = { "lead",         LX_WIRE_STR,  LX_KIND_LEAD_ID,  0, 64, 0 },
    [LX_F_FINDER]       = { "finder",       LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_INVESTOR]     = { "investor",     LX_WIRE_STR,  LX_KIND_TEXT,     0, 256, 0 },
    [LX_F_USCC]         = { "uscc",         LX_WIRE_STR,  LX_KIND_USCC,     0, 18, 0 },
    [LX_F_PROJECT]      = { "project",      LX_WIRE_STR,  LX_KIND_TEXT,     0, 256, 0 },
    [LX_F_SUMMARY]      = { "summary",      LX_WIRE_STR,  LX_KIND_TEXT,     0, 4096, 0 },
    [LX_F_INDUSTRIES]   = { "industries",   LX_WIRE_LIST, LX_KIND_INDUSTRY, 0, LX_LEAD_MAX_INDUSTRIES, 5 },
    [LX_F_TAGS]         = { "tags",         LX_WIRE_LIST, LX_KIND_TAG,      0, LX_LEAD_MAX_TAGS, 64 },
    [LX_F_INVESTMENT]   = { "investment",   LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_LAND]         = { "land",         LX_WIRE_INT,  LX_KIND_TEXT,     0, LX_LAND_MAX, 0 },
    [LX_F_TAX]          = { "tax",          LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_OUTPUT]       = { "output",       LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_TYPE]         = { "type",         LX_WIRE_STR,  LX_KIND_TYPE,     0, 32, 0 },
    [LX_F_CHANNEL]      = { "channel",      LX_WIRE_STR,  LX_KIND_CHANNEL,  0, 32, 0 },
    [LX_F_CONTACT]      = { "contact",      LX_WIRE_STR,  LX_KIND_TEXT,     0, 64, 0 },
    [LX_F_PHONE]        = { "phone",        LX_WIRE_STR,  LX_KIND_TEXT,     0, 32, 0 },
    [LX_F_STAGE]        = { "stage",        LX_WIRE_STR,  LX_KIND_STAGE,    0, 32, 0 },
    [LX_F_FOUND]        = { "found",        LX_WIRE_STR,  LX_KIND_DATE,     0, 10, 0 },
    [LX_F_SCORE]        = { "score",        LX_WIRE_INT,  LX_KIND_TEXT,     0, 100, 0 },
    [LX_F_REASONS]      = { "reasons",      LX_WIRE_LIST, LX_KIND_TEXT,     0, 16, 256 },
    [LX_F_CLAIMANT]     = { "claimant",     LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_WON]          = { "won",          LX_WIRE_BOOL, LX_KIND_TEXT,     0, 0, 0 },
    [LX_F_DECISION]     = { "decision",     LX_WIRE_STR,  LX_KIND_DECISION, 0, 16, 0 },
    [LX_F_SPLITS]       = { "splits",       LX_WIRE_MAP,  LX_KIND_METRIC,   0, 10000, 0 },
    [LX_F_REASON]       = { "reason",       LX_WIRE_STR,  LX_KIND_TEXT,     0, 512, 0 },
    [LX_F_LANDER]       = { "lander",       LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_DATE]         = { "date",         LX_WIRE_STR,  LX_KIND_DATE,     0, 10, 0 },
    [LX_F_METRIC]       = { "metric",       LX_WIRE_STR,  LX_KIND_METRIC,   0, 32, 0 },
    [LX_F_AMOUNT]       = { "amount",       LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_PROGRESS]     = { "progress",     LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_FINDER_BP]    = { "finder_bp",    LX_WIRE_INT,  LX_KIND_TEXT,     0, 10000, 0 },
    [LX_F_FINDER_SHARE] = { "finder_share", LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_LANDER_SHARE] = { "lander_share", LX_WIRE_INT,  LX_KIND_TEXT,     MONEY },
    [LX_F_REF]          = { "ref",          LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_CODE]         = { "code",         LX_WIRE_INT,  LX_KIND_TEXT,     0, 999, 0 },
    [LX_F_DIGESTS]      = { "digests",      LX_WIRE_LIST, LX_KIND_TEXT,     0, 16, 128 },
    [LX_F_EARLIER]      = { "earlier",      LX_WIRE_STR,  LX_KIND_LEAD_ID,  0, 64, 0 },
    [LX_F_HOLDER]       = { "holder",       LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_MATCH]        = { "match",        LX_WIRE_STR,  LX_KIND_MATCH,    0, 16, 0 },
    [LX_F_SIMILARITY]   = { "similarity",   LX_WIRE_INT,  LX_KIND_TEXT,     0, 10000, 0 },
    [LX_F_UNTIL]        = { "until",        LX_WIRE_STR,  LX_KIND_DATE,     0, 10, 0 },
    [LX_F_RESOLUTION]   = { "resolution",   LX_WIRE_STR,  LX_KIND_RESOLUTION, 0, 16, 0 },
    [LX_F_LEADS]        = { "leads",        LX_WIRE_LIST, LX_KIND_LEAD_ID,  0, 100, 64 },
    [LX_F_DUE]          = { "due",          LX_WIRE_BOOL, LX_KIND_TEXT,     0, 0, 0 },
    [LX_F_LEDGER]       = { "ledger",       LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_HASH]         = { "hash",         LX_WIRE_STR,  LX_KIND_HASH,     0, 64, 0 },
    [LX_F_COUNTED]      = { "counted",      LX_WIRE_BOOL, LX_KIND_TEXT,     0, 0, 0 },
    [LX_F_INSTANCE]     = { "instance",     LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_ROUTES]       = { "routes",       LX_WIRE_LIST, LX_KIND_TEXT,     0, 50, 64 },
    [LX_F_DISTRICT]     = { "district",     LX_WIRE_STR,  LX_KIND_ID,       0, 32, 0 },
    [LX_F_HELD]         = { "held",         LX_WIRE_INT,  LX_KIND_TEXT,     COUNTER },
    [LX_F_STATUS]       = { "status",       LX_WIRE_STR,  LX_KIND_HELD_STATUS, 0, 16, 0 },
    [LX_F_SIGNATURE]    = { "signature",    LX_WIRE_STR,  LX_KIND_SIGNATURE, 0, 128, 0 },
    [LX_F_CHALLENGE]    = { "challenge",    LX_WIRE_STR,  LX_KIND_CHALLENGE, 0, 32, 0 },
};

//  A command's fields: R marks required, O optional. Every command also
//  has "cmd"; numbered ones require "node" and "seq".
#define R(f) { f, true }
#define O(f) { f, false }
#define LEAD_FIELDS(contact) \
    R (LX_F_LEAD), R (LX_F_FINDER), R (LX_F_INVESTOR), O (LX_F_USCC), R (LX_F_PROJECT), \
    O (LX_F_SUMMARY), R (LX_F_INDUSTRIES), O (LX_F_TAGS), R (LX_F_INVESTMENT), \
    O (LX_F_LAND), O (LX_F_TAX), O (LX_F_OUTPUT), R (LX_F_TYPE), R (LX_F_CHANNEL), \
    R (LX_F_STAGE), R (LX_F_FOUND) contact


//  Which way a command travels.
typedef enum {
    S_TO_BROKER = 1,            //  node -> broker
    S_TO_NODE = 2,              //  broker -> node
    S_BOTH = 3                  //  either way
} s_direction_t;

//  One command of the protocol.
typedef struct {
    const char *name;           //  wire value of "cmd"
    s_direction_t direction;    //  which way it travels
    bool numbered;              //  carries seq, delivered exactly once
    lx_proto_slot_t slots [28]; //  allowed fields, ended by END
} s_command_t;

#define END { -1, false }
#define CONTACT , O (LX_F_CONTACT), O (LX_F_PHONE)
#define NO_CONTACT

static const s_command_t s_commands [LX_CMD_COUNT] = {
    [LX_CMD_HELLO]      = { "hello", S_TO_BROKER, false, { R (LX_F_NODE), R (LX_F_ROLE), R (LX_F_ACK),
                            R (LX_F_INSTANCE), END } },
    [LX_CMD_PING]       = { "ping", S_TO_BROKER, false, { R (LX_F_NODE), O (LX_F_TOKEN), O (LX_F_DUE), END } },
    [LX_CMD_ACK]        = { "ack", S_BOTH, false, { R (LX_F_NODE), R (LX_F_ACK), END } },
    [LX_CMD_LEAD]       = { "lead", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), LEAD_FIELDS (CONTACT), END } },
    [LX_CMD_OFFER]      = { "offer", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD), END } },
    [LX_CMD_CLAIM]      = { "claim", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD), END } },
    [LX_CMD_DECIDE]     = { "decide", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_DECISION), O (LX_F_SPLITS), O (LX_F_REASON), END } },
    [LX_CMD_PROGRESS]   = { "progress", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_STAGE), R (LX_F_DATE), O (LX_F_METRIC), O (LX_F_AMOUNT), O (LX_F_REASON),
                            END } },
    [LX_CMD_WITHDRAW]   = { "withdraw", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_REASON), END } },
    [LX_CMD_EDIT]       = { "edit", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            O (LX_F_INVESTOR), O (LX_F_USCC), O (LX_F_PROJECT), O (LX_F_SUMMARY),
                            O (LX_F_INDUSTRIES), O (LX_F_TAGS), O (LX_F_INVESTMENT), O (LX_F_LAND),
                            O (LX_F_TAX), O (LX_F_OUTPUT), O (LX_F_TYPE), O (LX_F_CONTACT), O (LX_F_PHONE),
                            O (LX_F_REASON), END } },
    [LX_CMD_WELCOME]    = { "welcome", S_TO_NODE, false, { R (LX_F_NODE), R (LX_F_ACK), R (LX_F_HEAD),
                            O (LX_F_HASH), O (LX_F_CHALLENGE), END } },
    [LX_CMD_PONG]       = { "pong", S_TO_NODE, false, { R (LX_F_NODE), R (LX_F_ACK), R (LX_F_HEAD),
                            O (LX_F_TOKEN), END } },
    [LX_CMD_ERROR]      = { "error", S_TO_NODE, false, { O (LX_F_NODE), R (LX_F_CODE), R (LX_F_REASON),
                            O (LX_F_REF), O (LX_F_CHALLENGE), END } },
    [LX_CMD_OFFERED]    = { "offered", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), LEAD_FIELDS (NO_CONTACT),
                            R (LX_F_SCORE), O (LX_F_REASONS), END } },
    [LX_CMD_CLOSED]     = { "closed", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_REASON), O (LX_F_CLAIMANT), END } },
    [LX_CMD_CLAIM_RESULT] = { "claim_result", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_WON), R (LX_F_CLAIMANT), O (LX_F_REASON), END } },
    [LX_CMD_APPROVAL]   = { "approval", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_CLAIMANT), R (LX_F_PROJECT), R (LX_F_INVESTOR),
                            R (LX_F_INVESTMENT), R (LX_F_CHANNEL), R (LX_F_SPLITS), END } },
    [LX_CMD_TRANSFER]   = { "transfer", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_DECISION),
                            R (LX_F_LANDER), O (LX_F_SPLITS), O (LX_F_REASON), LEAD_FIELDS (CONTACT), END } },
    [LX_CMD_PROGRESSED] = { "progressed", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_PROGRESS), R (LX_F_STAGE), R (LX_F_DATE), R (LX_F_FINDER),
                            R (LX_F_LANDER), O (LX_F_METRIC), O (LX_F_AMOUNT), O (LX_F_FINDER_BP),
                            O (LX_F_FINDER_SHARE), O (LX_F_LANDER_SHARE), O (LX_F_LEDGER), O (LX_F_HASH),
                            O (LX_F_COUNTED), O (LX_F_SIGNATURE), END } },
    [LX_CMD_REJECTED]   = { "rejected", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_REF),
                            R (LX_F_CODE), R (LX_F_REASON), O (LX_F_LEAD), END } },
    [LX_CMD_WITHDRAWN]  = { "withdrawn", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_REASON), END } },
    [LX_CMD_EDITED]     = { "edited", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), LEAD_FIELDS (CONTACT),
                            O (LX_F_LANDER), O (LX_F_REASON), END } },
    [LX_CMD_RECONCILE]  = { "reconcile", S_TO_BROKER, false, { R (LX_F_NODE), R (LX_F_TOKEN), R (LX_F_CHALLENGE),
                            R (LX_F_DIGESTS), END } },
    [LX_CMD_RECONCILED] = { "reconciled", S_TO_NODE, false, { R (LX_F_NODE), R (LX_F_TOKEN), R (LX_F_DIGESTS),
                            R (LX_F_CHALLENGE), END } },
    [LX_CMD_RESOLVE]    = { "resolve", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_RESOLUTION), R (LX_F_REASON), END } },
    [LX_CMD_STRIKE]     = { "strike", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), O (LX_F_LEADS),
                            O (LX_F_DUE), R (LX_F_REASON), END } },
    [LX_CMD_CONFLICT]   = { "conflict", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_INVESTOR), R (LX_F_EARLIER), R (LX_F_HOLDER),
                            R (LX_F_DATE), R (LX_F_UNTIL), R (LX_F_MATCH), R (LX_F_SIMILARITY), END } },
    [LX_CMD_RESOLVED]   = { "resolved", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_EARLIER), R (LX_F_HOLDER), R (LX_F_RESOLUTION),
                            R (LX_F_REASON), END } },
    [LX_CMD_STRUCK]     = { "struck", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_REASON), END } },
    [LX_CMD_RETURNED]   = { "returned", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), O (LX_F_CLAIMANT), R (LX_F_STAGE), R (LX_F_REASON), END } },
    [LX_CMD_STALE]      = { "stale", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), O (LX_F_CLAIMANT), R (LX_F_STAGE), R (LX_F_DATE),
                            R (LX_F_REASON), END } },
    [LX_CMD_ROUTED]     = { "routed", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_STAGE), O (LX_F_ROUTES), R (LX_F_REASON), END } },
    [LX_CMD_ALERT]      = { "alert", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_DISTRICT),
                            R (LX_F_REASON), END } },
    [LX_CMD_RECALL]     = { "recall", S_TO_BROKER, false, { R (LX_F_NODE), R (LX_F_TOKEN), R (LX_F_ACK), END } },
    [LX_CMD_RECALLED]   = { "recalled", S_TO_NODE, false, { R (LX_F_NODE), R (LX_F_TOKEN), R (LX_F_ACK),
                            R (LX_F_HEAD), END } },
    [LX_CMD_BYE]        = { "bye", S_TO_BROKER, false, { R (LX_F_NODE), END } },
    [LX_CMD_HELD]       = { "held", S_TO_NODE, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_HELD), R (LX_F_LEAD),
                            R (LX_F_FINDER), R (LX_F_LANDER), R (LX_F_STAGE), R (LX_F_DATE), R (LX_F_METRIC),
                            R (LX_F_AMOUNT), R (LX_F_STATUS), R (LX_F_REASON), END } },
    [LX_CMD_CONFIRM]    = { "confirm", S_TO_BROKER, true, { R (LX_F_NODE), R (LX_F_SEQ), R (LX_F_HELD),
                            R (LX_F_DECISION), R (LX_F_REASON), END } },
};

int
lx_error_set (lx_error_t *error, int code, const char *format, ...)
{
    if (error) {
        error->code = code;
        va_list args;
        va_start (args, format);
        vsnprintf (error->reason, sizeof error->reason, format, args);
        va_end (args);
    }
    return -1;
}

const char *
lx_error_name (int code)
{
    switch (code) {
        case LX_ERR_NONE:          return "NONE";
        case LX_ERR_BAD_FRAME:     return "BAD_FRAME";
        case LX_ERR_BAD_VERSION:   return "BAD_VERSION";
        case LX_ERR_BAD_MSGPACK:   return "BAD_MSGPACK";
        case LX_ERR_BAD_COMMAND:   return "BAD_COMMAND";
        case LX_ERR_BAD_FIELD:     return "BAD_FIELD";
        case LX_ERR_MISSING_FIELD: return "MISSING_FIELD";
        case LX_ERR_BAD_VALUE:     return "BAD_VALUE";
        case LX_ERR_NOT_HELLO:     return "NOT_HELLO";
        case LX_ERR_UNKNOWN_NODE:  return "UNKNOWN_NODE";
        case LX_ERR_NOT_ALLOWED:   return "NOT_ALLOWED";
        case LX_ERR_IDENTITY:      return "IDENTITY";
        case LX_ERR_IN_USE:        return "IN_USE";
        case LX_ERR_CHALLENGE:     return "CHALLENGE";
        case LX_ERR_NOT_FOUND:     return "NOT_FOUND";
        case LX_ERR_CONFLICT:      return "CONFLICT";
        case LX_ERR_CLOSED:        return "CLOSED";
        case LX_ERR_QUOTA:         return "QUOTA";
        case LX_ERR_SEQ_GAP:       return "SEQ_GAP";
        case LX_ERR_SEQ_REUSED:    return "SEQ_REUSED";
        case LX_ERR_INTERNAL:      return "INTERNAL";
        default:                   return "UNKNOWN";
    }
}

const char *
lx_cmd_name (int cmd)
{
    return cmd >= 0 && cmd < LX_CMD_COUNT? s_commands [cmd].name: NULL;
}

const char *
lx_field_name (int field)
{
    return field >= 0 && field < LX_F_COUNT? s_fields [field].name: NULL;
}

bool
lx_cmd_is_numbered (int cmd)
{
    return cmd >= 0 && cmd < LX_CMD_COUNT && s_commands [cmd].numbered;
}

bool
lx_cmd_from_node (int cmd)
{
    return cmd >= 0 && cmd < LX_CMD_COUNT && (s_commands [cmd].direction & S_TO_BROKER);
}

bool
lx_cmd_from_broker (int cmd)
{
    return cmd >= 0 && cmd < LX_CMD_COUNT && (s_commands [cmd].direction & S_TO_NODE);
}

const lx_proto_slot_t *
lx_proto_slot (int cmd, int field)
{
    for (const lx_proto_slot_t *slot = s_commands [cmd].slots; slot->field != -1; slot++)
        if (slot->field == field)
            return slot;
    return NULL;
}

const lx_proto_field_t *
lx_proto_field (int field)
{
    assert (field >= 0 && field < LX_F_COUNT);
    return &s_fields [field];
}

const lx_proto_slot_t *
lx_proto_slots (int cmd)
{
    assert (cmd >= 0 && cmd < LX_CMD_COUNT);
    return s_commands [cmd].slots;
}

//  True when known, a name of the protocol's tables, is the size bytes at
//  name (which need not end in a NUL). The first byte rules out nearly
//  every name before strlen runs.
static bool
s_name_is (const char *known, const char *name, size_t size)
{
    return size && known [0] == name [0] && strlen (known) == size && memcmp (known, name, size) == 0;
}

int
lx_proto_cmd_by_name (const char *name, size_t size)
{
    for (int cmd = 0; cmd < LX_CMD_COUNT; cmd++)
        if (s_name_is (s_commands [cmd].name, name, size))
            return cmd;
    return -1;
}

int
lx_proto_field_by_name (const char *name, size_t size)
{
    for (int field = 0; field < LX_F_COUNT; field++)
        if (s_name_is (s_fields [field].name, name, size))
            return field;
    return -1;
}

int
lx_proto_check_text (int field, const char *text, size_t size, size_t max, lx_error_t *error)
{
    const lx_proto_field_t *spec = &s_fields [field];
    if (size > max)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: longer than %zu bytes", spec->name, max);
    if (!lx_valid_utf8 (text, size))
        return lx_error_set (error, LX_ERR_BAD_VALUE,
                             "%s: not text (valid UTF-8 with no control character but tab and newline)", spec->name);
    bool ok = true;
    switch (spec->kind) {
        case LX_KIND_TEXT:     ok = true; break;
        case LX_KIND_TAG:      ok = *text && !strchr (text, ','); break;
        case LX_KIND_ID:       ok = lx_valid_id (text); break;
        case LX_KIND_LEAD_ID:  ok = lx_valid_lead_id (text); break;
        case LX_KIND_DATE:     ok = lx_valid_date (text); break;
        case LX_KIND_INDUSTRY: ok = lx_valid_industry (text); break;
        case LX_KIND_USCC:     ok = lx_valid_uscc (text); break;
        case LX_KIND_STAGE:    ok = lx_stage_from_name (text) >= 0; break;
        case LX_KIND_METRIC:   ok = lx_metric_from_name (text) >= 0; break;
        case LX_KIND_TYPE:     ok = lx_type_from_name (text) >= 0; break;
        case LX_KIND_CHANNEL:  ok = lx_channel_from_name (text) >= 0; break;
        case LX_KIND_ROLE:     ok = lx_role_from_name (text) >= 0; break;
        case LX_KIND_DECISION: ok = strcmp (text, "approve") == 0 || strcmp (text, "reject") == 0; break;
        case LX_KIND_MATCH:    ok = strcmp (text, "uscc") == 0 || strcmp (text, "name") == 0
                                 || strcmp (text, "similar") == 0; break;
        case LX_KIND_RESOLUTION:
            ok = strcmp (text, "keep") == 0 || strcmp (text, "transfer") == 0
              || strcmp (text, "merge") == 0 || strcmp (text, "dismiss") == 0;
            break;
        case LX_KIND_HASH:
            ok = size == 64 && strspn (text, "0123456789abcdef") == 64;
            break;
        case LX_KIND_HELD_STATUS:
            ok = strcmp (text, "held") == 0 || strcmp (text, "confirmed") == 0 || strcmp (text, "rejected") == 0;
            break;
        case LX_KIND_SIGNATURE:
            ok = size == 128 && strspn (text, "0123456789abcdef") == 128;
            break;
        case LX_KIND_CHALLENGE:
            ok = size == 32 && strspn (text, "0123456789abcdef") == 32;
            break;
    }
    if (!ok)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: invalid value '%.40s'", spec->name, text);
    return 0;
}

int
lx_proto_check_number (int field, int64_t number, lx_error_t *error)
{
    const lx_proto_field_t *spec = &s_fields [field];
    if (number < spec->min || number > spec->max)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: %" PRId64 " is out of range %" PRId64
                             "..%" PRId64, spec->name, number, spec->min, spec->max);
    return 0;
}

void
lx_proto_test (bool verbose)
{
    (void) verbose;
    //  Every field and command has a unique name that looks itself up.
    for (int field = 0; field < LX_F_COUNT; field++) {
        const char *name = lx_field_name (field);
        assert (name && lx_proto_field_by_name (name, strlen (name)) == field);
        assert (s_fields [field].max >= s_fields [field].min);
    }
    for (int cmd = 0; cmd < LX_CMD_COUNT; cmd++) {
        const char *name = lx_cmd_name (cmd);
        assert (name && lx_proto_cmd_by_name (name, strlen (name)) == cmd);
        //  every command names its node; numbered ones carry seq
        assert (lx_proto_slot (cmd, LX_F_NODE));
        assert (!lx_cmd_is_numbered (cmd) || lx_proto_slot (cmd, LX_F_SEQ)->required);
        //  every command travels at least one way
        assert (lx_cmd_from_node (cmd) || lx_cmd_from_broker (cmd));
        //  no field listed twice
        for (const lx_proto_slot_t *slot = lx_proto_slots (cmd); slot->field != -1; slot++)
            assert (lx_proto_slot (cmd, slot->field) == slot);
    }
    assert (lx_proto_cmd_by_name ("claimx", 6) == -1);
    assert (lx_proto_field_by_name ("amount", 6) == LX_F_AMOUNT);
    assert (lx_cmd_name (LX_CMD_COUNT) == NULL);
    assert (lx_cmd_from_node (LX_CMD_WITHDRAW) && !lx_cmd_from_broker (LX_CMD_WITHDRAW));
    assert (lx_cmd_from_broker (LX_CMD_EDITED) && !lx_cmd_from_node (LX_CMD_EDITED));
    assert (lx_cmd_from_node (LX_CMD_ACK) && lx_cmd_from_broker (LX_CMD_ACK));
    assert (!lx_cmd_from_node (LX_CMD_COUNT) && !lx_cmd_from_broker (-1));
    lx_error_t error;
    assert (lx_proto_check_text (LX_F_INDUSTRIES, "C44", 3, 5, &error) == -1);
    assert (error.code == LX_ERR_BAD_VALUE);
    assert (lx_proto_check_text (LX_F_INDUSTRIES, "C39", 3, 5, NULL) == 0);
    //  A signature is exactly 128 lower-case hex digits.
    char signature [129];
    memset (signature, 'a', 128);
    signature [128] = '\0';
    assert (lx_proto_check_text (LX_F_SIGNATURE, signature, 128, 128, NULL) == 0);
    signature [5] = 'A';
    assert (lx_proto_check_text (LX_F_SIGNATURE, signature, 128, 128, NULL) == -1);
    assert (lx_proto_check_text (LX_F_SIGNATURE, signature + 64, 64, 128, NULL) == -1);
    assert (lx_proto_check_number (LX_F_FINDER_BP, 10001, &error) == -1);
    assert (lx_proto_check_number (LX_F_FINDER_BP, 10000, NULL) == 0);
    assert (lx_error_set (&error, LX_ERR_CONFLICT, "lead %s", "x") == -1);
    assert (strcmp (error.reason, "lead x") == 0);
    assert (strcmp (lx_error_name (LX_ERR_SEQ_GAP), "SEQ_GAP") == 0);
}
