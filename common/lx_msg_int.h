/*  lx_msg_int: what lx_msg's two source files share.

    lx_msg.c holds the message, its fields and its validation; lx_msg_wire.c
    the msgpack codec and the sockets. Private to the class: nothing else
    includes this header.
*/
#ifndef LX_MSG_INT_H_INCLUDED
#define LX_MSG_INT_H_INCLUDED

#include "lx_msg.h"

//  Value of one field in a message.
typedef struct {
    bool present;               //  field is set
    char *str;                  //  LX_WIRE_STR value
    int64_t number;             //  LX_WIRE_INT value, LX_WIRE_BOOL as 0/1
    char **items;               //  LX_WIRE_LIST items, LX_WIRE_MAP keys
    int64_t *values;            //  LX_WIRE_MAP values
    size_t count;               //  items in items / values
} lx_msg_value_t;

//  Only the fields the command allows have a value. With a value for
//  every field of the protocol a message was 2.5 KiB, past glibc's
//  per-thread cache of small blocks, and lx_msg_new + lx_msg_destroy took
//  5.6 % of the throughput benchmark's samples; now a progress report is
//  well under 1 KiB and they take 2.7 % (the throughput moved within its
//  noise).
struct _lx_msg_t {
    lx_cmd_t cmd;               //  the command
    int8_t index [LX_F_COUNT];  //  field -> its place in values, -1 when the command does not allow it
    size_t size;                //  places in values: the fields the command allows
    lx_msg_value_t values [];   //  one per field the command allows, in its list's order
};

//  The value of field, or NULL when the command does not allow it.
static inline lx_msg_value_t *
lx_msg_slot (lx_msg_t *self, int field)
{
    int place = self->index [field];
    return place < 0? NULL: &self->values [place];
}

//  Appends key (and value, for a map) to a list or map slot.
void lx_msg_append (lx_msg_value_t *slot, const char *key, int64_t value, bool is_map);

#endif
