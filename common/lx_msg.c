/*  lx_msg: one message of the leadx wire protocol, and its codec.

    The protocol's tables live in lx_proto; this file holds messages and
    turns them into msgpack and back, checking every byte that comes in.
*/

#include "lx_msg.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_valid.h"

#include <msgpack.h>
#include <stdarg.h>

//  Value of one field in a message.
typedef struct {
    bool present;               //  field is set
    char *str;                  //  LX_WIRE_STR value
    int64_t number;             //  LX_WIRE_INT value, LX_WIRE_BOOL as 0/1
    char **items;               //  LX_WIRE_LIST items, LX_WIRE_MAP keys
    int64_t *values;            //  LX_WIRE_MAP values
    size_t count;               //  items in items / values
} s_value_t;

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
    s_value_t values [];        //  one per field the command allows, in its list's order
};

//  Deepest msgpack nesting any message has: map -> array/map -> scalar.
#define MAX_DEPTH 2

lx_msg_t *
lx_msg_new (lx_cmd_t cmd)
{
    assert (cmd >= 0 && cmd < LX_CMD_COUNT);
    const lx_proto_slot_t *slots = lx_proto_slots (cmd);
    size_t size = 0;
    while (slots [size].field != -1)
        size++;
    assert (size < INT8_MAX);
    lx_msg_t *self = (lx_msg_t *) calloc (1, sizeof (lx_msg_t) + size * sizeof (s_value_t));
    if (self) {
        self->cmd = cmd;
        self->size = size;
        memset (self->index, -1, sizeof self->index);
        for (size_t place = 0; place < size; place++)
            self->index [slots [place].field] = (int8_t) place;
    }
    return self;
}

//  The value of field, or NULL when the command does not allow it.
static inline s_value_t *
s_slot (lx_msg_t *self, int field)
{
    int place = self->index [field];
    return place < 0? NULL: &self->values [place];
}

//  Frees a value's storage and marks it absent.
static void
s_value_clear (s_value_t *value)
{
    if (!value->present && !value->str && !value->items && !value->values)
        return;             //  most of a message's slots: nothing to free
    free (value->str);
    for (size_t index = 0; index < value->count; index++)
        free (value->items [index]);
    free (value->items);
    free (value->values);
    memset (value, 0, sizeof *value);
}

void
lx_msg_destroy (lx_msg_t **self_p)
{
    assert (self_p);
    lx_msg_t *self = *self_p;
    if (self) {
        for (size_t place = 0; place < self->size; place++)
            s_value_clear (&self->values [place]);
        free (self);
        *self_p = NULL;
    }
}

lx_cmd_t
lx_msg_cmd (lx_msg_t *self)
{
    assert (self);
    return self->cmd;
}

bool
lx_msg_allows (lx_msg_t *self, lx_field_t field)
{
    assert (self);
    return field >= 0 && field < LX_F_COUNT && self->index [field] >= 0;
}

bool
lx_msg_has (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    return value && value->present;
}

//  Returns the value slot for a setter, asserting the field fits the
//  command and the expected type: a mismatch is a programmer error.
static s_value_t *
s_settable (lx_msg_t *self, lx_field_t field, lx_wire_t type)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    assert (lx_proto_field (field)->wire == type);
    s_value_t *value = s_slot (self, field);
    assert (value);
    return value;
}

const char *
lx_msg_str (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    return value && value->present? value->str: NULL;
}

int64_t
lx_msg_int (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    return value && value->present? value->number: 0;
}

bool
lx_msg_bool (lx_msg_t *self, lx_field_t field)
{
    return lx_msg_int (self, field) != 0;
}

size_t
lx_msg_count (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    return value? value->count: 0;
}

const char *
lx_msg_item (lx_msg_t *self, lx_field_t field, size_t index)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    assert (value && index < value->count);
    return value->items [index];
}

int64_t
lx_msg_value (lx_msg_t *self, lx_field_t field, size_t index)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *slot = s_slot (self, field);
    assert (slot && index < slot->count && slot->values);
    return slot->values [index];
}

int
lx_msg_lookup (lx_msg_t *self, lx_field_t field, const char *key, int64_t *value)
{
    assert (self && key && value && field >= 0 && field < LX_F_COUNT);
    s_value_t *slot = s_slot (self, field);
    for (size_t index = 0; slot && index < slot->count && slot->values; index++)
        if (streq (slot->items [index], key)) {
            *value = slot->values [index];
            return 0;
        }
    return -1;
}

void
lx_msg_set_str (lx_msg_t *self, lx_field_t field, const char *value)
{
    s_value_t *slot = s_settable (self, field, LX_WIRE_STR);
    s_value_clear (slot);
    if (value) {
        slot->str = strdup (value);
        assert (slot->str);
        slot->present = true;
    }
}

void
lx_msg_set_int (lx_msg_t *self, lx_field_t field, int64_t value)
{
    s_value_t *slot = s_settable (self, field, LX_WIRE_INT);
    slot->number = value;
    slot->present = true;
}

void
lx_msg_set_bool (lx_msg_t *self, lx_field_t field, bool value)
{
    s_value_t *slot = s_settable (self, field, LX_WIRE_BOOL);
    slot->number = value? 1: 0;
    slot->present = true;
}

//  Appends key (and value, for a map) to a list or map slot.
static void
s_append (s_value_t *slot, const char *key, int64_t value, bool is_map)
{
    char **items = (char **) realloc (slot->items, (slot->count + 1) * sizeof (char *));
    assert (items);
    slot->items = items;
    if (is_map) {
        int64_t *values = (int64_t *) realloc (slot->values, (slot->count + 1) * sizeof (int64_t));
        assert (values);
        slot->values = values;
        slot->values [slot->count] = value;
    }
    slot->items [slot->count] = strdup (key);
    assert (slot->items [slot->count]);
    slot->count++;
    slot->present = true;
}

void
lx_msg_add_item (lx_msg_t *self, lx_field_t field, const char *item)
{
    assert (item);
    s_append (s_settable (self, field, LX_WIRE_LIST), item, 0, false);
}

void
lx_msg_set_list (lx_msg_t *self, lx_field_t field)
{
    s_value_t *slot = s_settable (self, field, LX_WIRE_LIST);
    s_value_clear (slot);
    slot->present = true;
}

void
lx_msg_put (lx_msg_t *self, lx_field_t field, const char *key, int64_t value)
{
    assert (key);
    s_value_t *slot = s_settable (self, field, LX_WIRE_MAP);
    for (size_t index = 0; index < slot->count; index++)
        if (streq (slot->items [index], key)) {
            slot->values [index] = value;
            return;
        }
    s_append (slot, key, value, true);
}

void
lx_msg_unset (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    s_value_t *value = s_slot (self, field);
    if (value)
        s_value_clear (value);
}

lx_msg_t *
lx_msg_dup (lx_msg_t *self)
{
    assert (self);
    lx_msg_t *copy = lx_msg_new (self->cmd);
    if (!copy)
        return NULL;
    for (size_t place = 0; place < self->size; place++) {
        s_value_t *from = &self->values [place];
        if (!from->present)
            continue;
        s_value_t *to = &copy->values [place];
        to->present = true;
        to->number = from->number;
        if (from->str)
            to->str = strdup (from->str);
        for (size_t index = 0; index < from->count; index++)
            s_append (to, from->items [index], from->values? from->values [index]: 0,
                      from->values != NULL);
    }
    return copy;
}


int
lx_msg_validate (lx_msg_t *self, lx_error_t *error)
{
    assert (self);
    if (error)
        error->code = LX_ERR_NONE;
    //  The command's slots by field, in one walk of its list: the checks
    //  below go field by field, and searching the list for each field
    //  took half of validation's time (perf of the throughput benchmark:
    //  validation 4.4 % of the samples before, 2.2 % after).
    const lx_proto_slot_t *slots [LX_F_COUNT] = { NULL };
    for (const lx_proto_slot_t *slot = lx_proto_slots (self->cmd); slot->field != -1; slot++)
        slots [slot->field] = slot;
    //  A field the command does not allow has no value to be set.
    for (int field = 0; field < LX_F_COUNT; field++) {
        s_value_t *value = s_slot (self, field);
        const lx_proto_slot_t *slot = slots [field];
        if (!value)
            continue;
        if (!value->present) {
            if (slot->required)
                return lx_error_set (error, LX_ERR_MISSING_FIELD, "%s: missing field '%s'",
                                     lx_cmd_name (self->cmd), lx_proto_field (field)->name);
            continue;
        }
        const lx_proto_field_t *spec = &(*lx_proto_field (field));
        switch (spec->wire) {
            case LX_WIRE_STR:
                if (lx_proto_check_text (field, value->str, strlen (value->str), (size_t) spec->max, error))
                    return -1;
                break;
            case LX_WIRE_INT:
                if (lx_proto_check_number (field, value->number, error))
                    return -1;
                break;
            case LX_WIRE_BOOL:
                break;
            case LX_WIRE_LIST:
            case LX_WIRE_MAP:
                if (value->count > (size_t) spec->max && spec->wire == LX_WIRE_LIST)
                    return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: more than %" PRId64 " items",
                                         spec->name, spec->max);
                if (spec->wire == LX_WIRE_MAP && value->count > LX_METRIC_COUNT)
                    return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: too many entries", spec->name);
                for (size_t index = 0; index < value->count; index++) {
                    const char *item = value->items [index];
                    size_t max = spec->wire == LX_WIRE_LIST? spec->item_max: 32;
                    if (lx_proto_check_text (field, item, strlen (item), max, error))
                        return -1;
                    if (spec->wire == LX_WIRE_MAP && lx_proto_check_number (field, value->values [index], error))
                        return -1;
                    for (size_t other = 0; other < index && spec->wire == LX_WIRE_MAP; other++)
                        if (streq (value->items [other], item))
                            return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: duplicate key '%s'",
                                                 spec->name, item);
                }
                break;
        }
    }
    return 0;
}

//  Packs a string.
static void
s_pack_str (msgpack_packer *packer, const char *text)
{
    size_t size = strlen (text);
    msgpack_pack_str (packer, size);
    msgpack_pack_str_body (packer, text, size);
}

int
lx_msg_encode (lx_msg_t *self, uint8_t **data, size_t *size)
{
    assert (self && data && size);
    msgpack_sbuffer buffer;
    msgpack_sbuffer_init (&buffer);
    msgpack_packer packer;
    msgpack_packer_init (&packer, &buffer, msgpack_sbuffer_write);

    size_t present = 1;         //  "cmd"
    for (size_t place = 0; place < self->size; place++)
        if (self->values [place].present)
            present++;
    msgpack_pack_map (&packer, present);
    s_pack_str (&packer, "cmd");
    s_pack_str (&packer, lx_cmd_name (self->cmd));
    //  In the protocol's order of fields, as the stored bodies were.
    for (int field = 0; field < LX_F_COUNT; field++) {
        s_value_t *value = s_slot (self, field);
        if (!value || !value->present)
            continue;
        s_pack_str (&packer, lx_proto_field (field)->name);
        switch (lx_proto_field (field)->wire) {
            case LX_WIRE_STR:  s_pack_str (&packer, value->str); break;
            case LX_WIRE_INT:  msgpack_pack_int64 (&packer, value->number); break;
            case LX_WIRE_BOOL:
                if (value->number) msgpack_pack_true (&packer);
                else               msgpack_pack_false (&packer);
                break;
            case LX_WIRE_LIST:
                msgpack_pack_array (&packer, value->count);
                for (size_t index = 0; index < value->count; index++)
                    s_pack_str (&packer, value->items [index]);
                break;
            case LX_WIRE_MAP:
                msgpack_pack_map (&packer, value->count);
                for (size_t index = 0; index < value->count; index++) {
                    s_pack_str (&packer, value->items [index]);
                    msgpack_pack_int64 (&packer, value->values [index]);
                }
                break;
        }
    }
    if (!buffer.data) {
        msgpack_sbuffer_destroy (&buffer);
        return -1;
    }
    *size = buffer.size;
    *data = (uint8_t *) msgpack_sbuffer_release (&buffer);
    return 0;
}

//  Before handing bytes to msgpack-c, walks them once to check that they
//  hold exactly one object, nested no deeper than MAX_DEPTH, and that no
//  container claims more elements than there are bytes left (each element
//  takes at least one byte). msgpack-c allocates a container's elements up
//  front, so an unchecked 5-byte header could ask it for gigabytes.
//  Returns 0, or -1 with error filled.
static int
s_prescan (const uint8_t *data, size_t size, lx_error_t *error)
{
    size_t pending [MAX_DEPTH + 2];     //  elements still to read per level
    int depth = 0;
    pending [0] = 1;
    size_t at = 0;
    while (depth >= 0) {
        if (pending [depth] == 0) {
            depth--;
            continue;
        }
        pending [depth]--;
        if (at >= size)
            return lx_error_set (error, LX_ERR_BAD_MSGPACK, "truncated msgpack");
        uint8_t tag = data [at++];
        size_t skip = 0;        //  payload bytes to jump over
        size_t children = 0;    //  elements of a container
        bool container = false;
        size_t length_bytes = 0;    //  big-endian length that follows the tag
        if (tag <= 0x7F || tag >= 0xE0 || tag == 0xC0 || tag == 0xC2 || tag == 0xC3)
            ;                   //  fixint, nil, bool
        else
        if ((tag & 0xE0) == 0xA0)
            skip = tag & 0x1F;  //  fixstr
        else
        if ((tag & 0xF0) == 0x90) { container = true; children = tag & 0x0F; }
        else
        if ((tag & 0xF0) == 0x80) { container = true; children = (size_t) (tag & 0x0F) * 2; }
        else
        switch (tag) {
            case 0xCC: case 0xD0: skip = 1; break;
            case 0xCD: case 0xD1: skip = 2; break;
            case 0xCE: case 0xD2: case 0xCA: skip = 4; break;
            case 0xCF: case 0xD3: case 0xCB: skip = 8; break;
            case 0xD9: case 0xC4: length_bytes = 1; break;
            case 0xDA: case 0xC5: length_bytes = 2; break;
            case 0xDB: case 0xC6: length_bytes = 4; break;
            case 0xDC: container = true; length_bytes = 2; break;
            case 0xDD: container = true; length_bytes = 4; break;
            case 0xDE: container = true; length_bytes = 2; break;
            case 0xDF: container = true; length_bytes = 4; break;
            default:
                //  ext types and 0xC1 never appear in our protocol
                return lx_error_set (error, LX_ERR_BAD_MSGPACK, "unsupported msgpack type 0x%02x", tag);
        }
        if (length_bytes) {
            if (size - at < length_bytes)
                return lx_error_set (error, LX_ERR_BAD_MSGPACK, "truncated msgpack");
            size_t length = 0;
            for (size_t index = 0; index < length_bytes; index++)
                length = (length << 8) | data [at++];
            if (container)
                children = (tag == 0xDE || tag == 0xDF)? length * 2: length;
            else
                skip = length;
        }
        if (skip) {
            if (size - at < skip)
                return lx_error_set (error, LX_ERR_BAD_MSGPACK, "truncated msgpack");
            at += skip;
        }
        if (container) {
            if (children > size - at)
                return lx_error_set (error, LX_ERR_BAD_MSGPACK, "container larger than message");
            if (depth == MAX_DEPTH)
                return lx_error_set (error, LX_ERR_BAD_MSGPACK, "msgpack nested too deep");
            pending [++depth] = children;
        }
    }
    if (at != size)
        return lx_error_set (error, LX_ERR_BAD_MSGPACK, "%zu trailing bytes after msgpack", size - at);
    return 0;
}

//  Copies a msgpack str into a new C string, refusing embedded NULs (the
//  UTF-8 check refuses them too, but C strings would hide them).
static char *
s_strndup (const msgpack_object_str *str)
{
    if (memchr (str->ptr, 0, str->size))
        return NULL;
    char *copy = (char *) malloc (str->size + 1);
    if (copy) {
        memcpy (copy, str->ptr, str->size);
        copy [str->size] = 0;
    }
    return copy;
}

//  Reads a msgpack integer that must be non-negative (we never send
//  negatives; a negative is refused as a value, not a type).
static int
s_read_int (const msgpack_object *object, int field, int64_t *number, lx_error_t *error)
{
    if (object->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
        if (object->via.u64 > (uint64_t) INT64_MAX)
            return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: integer overflows int64", lx_proto_field (field)->name);
        *number = (int64_t) object->via.u64;
        return 0;
    }
    if (object->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
        return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: negative value %" PRId64,
                             lx_proto_field (field)->name, object->via.i64);
    return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: expected an integer", lx_proto_field (field)->name);
}

//  Stores one decoded field value into self. Returns 0, or -1 with error.
static int
s_decode_field (lx_msg_t *self, int field, const msgpack_object *object, lx_error_t *error)
{
    const lx_proto_field_t *spec = &(*lx_proto_field (field));
    s_value_t *slot = s_slot (self, field);
    assert (slot);
    switch (spec->wire) {
        case LX_WIRE_STR:
            if (object->type != MSGPACK_OBJECT_STR)
                return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: expected a string", spec->name);
            slot->str = s_strndup (&object->via.str);
            if (!slot->str)
                return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: contains NUL", spec->name);
            break;
        case LX_WIRE_INT:
            if (s_read_int (object, field, &slot->number, error))
                return -1;
            break;
        case LX_WIRE_BOOL:
            if (object->type != MSGPACK_OBJECT_BOOLEAN)
                return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: expected a boolean", spec->name);
            slot->number = object->via.boolean? 1: 0;
            break;
        case LX_WIRE_LIST:
            if (object->type != MSGPACK_OBJECT_ARRAY)
                return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: expected an array", spec->name);
            if (object->via.array.size > (uint32_t) spec->max)
                return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: more than %" PRId64 " items",
                                     spec->name, spec->max);
            for (uint32_t index = 0; index < object->via.array.size; index++) {
                const msgpack_object *item = &object->via.array.ptr [index];
                if (item->type != MSGPACK_OBJECT_STR)
                    return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: items must be strings", spec->name);
                char *text = s_strndup (&item->via.str);
                if (!text)
                    return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: item contains NUL", spec->name);
                s_append (slot, text, 0, false);
                free (text);
            }
            break;
        case LX_WIRE_MAP:
            if (object->type != MSGPACK_OBJECT_MAP)
                return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: expected a map", spec->name);
            if (object->via.map.size > LX_METRIC_COUNT)
                return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: too many entries", spec->name);
            for (uint32_t index = 0; index < object->via.map.size; index++) {
                const msgpack_object_kv *pair = &object->via.map.ptr [index];
                if (pair->key.type != MSGPACK_OBJECT_STR)
                    return lx_error_set (error, LX_ERR_BAD_FIELD, "%s: keys must be strings", spec->name);
                int64_t number;
                if (s_read_int (&pair->val, field, &number, error))
                    return -1;
                char *key = s_strndup (&pair->key.via.str);
                if (!key)
                    return lx_error_set (error, LX_ERR_BAD_VALUE, "%s: key contains NUL", spec->name);
                s_append (slot, key, number, true);
                free (key);
            }
            break;
    }
    slot->present = true;
    return 0;
}


//  Decodes the map in object into a new message. Returns it, or NULL.
static lx_msg_t *
s_decode_map (const msgpack_object *root, lx_error_t *error)
{
    if (root->type != MSGPACK_OBJECT_MAP) {
        lx_error_set (error, LX_ERR_BAD_MSGPACK, "body is not a msgpack map");
        return NULL;
    }
    const msgpack_object_map *map = &root->via.map;
    int cmd = -1;
    for (uint32_t index = 0; index < map->size; index++) {
        const msgpack_object *key = &map->ptr [index].key;
        const msgpack_object *val = &map->ptr [index].val;
        if (key->type == MSGPACK_OBJECT_STR && key->via.str.size == 3
        &&  memcmp (key->via.str.ptr, "cmd", 3) == 0) {
            if (val->type != MSGPACK_OBJECT_STR) {
                lx_error_set (error, LX_ERR_BAD_COMMAND, "cmd: expected a string");
                return NULL;
            }
            cmd = lx_proto_cmd_by_name (val->via.str.ptr, val->via.str.size);
            if (cmd < 0) {
                lx_error_set (error, LX_ERR_BAD_COMMAND, "unknown command '%.*s'",
                              (int) (val->via.str.size > 32? 32: val->via.str.size), val->via.str.ptr);
                return NULL;
            }
        }
    }
    if (cmd < 0) {
        lx_error_set (error, LX_ERR_BAD_COMMAND, "no cmd field");
        return NULL;
    }
    lx_msg_t *self = lx_msg_new ((lx_cmd_t) cmd);
    if (!self) {
        lx_error_set (error, LX_ERR_INTERNAL, "out of memory");
        return NULL;
    }
    bool seen_cmd = false;
    for (uint32_t index = 0; index < map->size; index++) {
        const msgpack_object *key = &map->ptr [index].key;
        if (key->type != MSGPACK_OBJECT_STR) {
            lx_error_set (error, LX_ERR_BAD_FIELD, "field names must be strings");
            goto failed;
        }
        if (key->via.str.size == 3 && memcmp (key->via.str.ptr, "cmd", 3) == 0) {
            if (seen_cmd) {
                lx_error_set (error, LX_ERR_BAD_FIELD, "duplicate field 'cmd'");
                goto failed;
            }
            seen_cmd = true;
            continue;
        }
        int field = lx_proto_field_by_name (key->via.str.ptr, key->via.str.size);
        if (field < 0 || !s_slot (self, field)) {
            lx_error_set (error, LX_ERR_BAD_FIELD, "%s: unknown field '%.*s'", lx_cmd_name (cmd),
                          (int) (key->via.str.size > 32? 32: key->via.str.size), key->via.str.ptr);
            goto failed;
        }
        if (s_slot (self, field)->present) {
            lx_error_set (error, LX_ERR_BAD_FIELD, "duplicate field '%s'", lx_proto_field (field)->name);
            goto failed;
        }
        if (s_decode_field (self, field, &map->ptr [index].val, error))
            goto failed;
    }
    if (lx_msg_validate (self, error))
        goto failed;
    return self;

failed:
    lx_msg_destroy (&self);
    return NULL;
}

lx_msg_t *
lx_msg_decode (const void *data, size_t size, lx_error_t *error)
{
    if (error)
        error->code = LX_ERR_NONE;
    if (!data || size == 0) {
        lx_error_set (error, LX_ERR_BAD_MSGPACK, "empty body");
        return NULL;
    }
    if (s_prescan ((const uint8_t *) data, size, error))
        return NULL;
    msgpack_unpacked unpacked;
    msgpack_unpacked_init (&unpacked);
    size_t offset = 0;
    lx_msg_t *self = NULL;
    msgpack_unpack_return rc = msgpack_unpack_next (&unpacked, (const char *) data, size, &offset);
    if (rc != MSGPACK_UNPACK_SUCCESS || offset != size)
        lx_error_set (error, LX_ERR_BAD_MSGPACK, "malformed msgpack");
    else
        self = s_decode_map (&unpacked.data, error);
    msgpack_unpacked_destroy (&unpacked);
    return self;
}

int
lx_msg_send_body (const uint8_t *data, size_t size, void *sock, zframe_t *routing)
{
    assert (data && sock);
    void *handle = zsock_resolve (sock);
    //  Never block: a peer that cannot take it now gets it resent later.
    if (routing && zmq_send (handle, zframe_data (routing), zframe_size (routing),
                             ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1)
        return -1;
    if (zmq_send (handle, LX_MSG_SIGNATURE, strlen (LX_MSG_SIGNATURE),
                  ZMQ_SNDMORE | (routing? 0: ZMQ_DONTWAIT)) == -1)
        return -1;
    if (zmq_send (handle, data, size, 0) == -1)
        return -1;
    return 0;
}

int
lx_msg_send (lx_msg_t *self, void *sock, zframe_t *routing)
{
    assert (self && sock);
    uint8_t *data;
    size_t size;
    if (lx_msg_encode (self, &data, &size))
        return -1;
    int rc = lx_msg_send_body (data, size, sock, routing);
    free (data);
    return rc;
}

lx_msg_t *
lx_msg_recv (void *sock, zframe_t **routing_p, lx_error_t *error)
{
    return lx_msg_recv_from (sock, routing_p, NULL, error);
}

lx_msg_t *
lx_msg_recv_from (void *sock, zframe_t **routing_p, char **peer_p, lx_error_t *error)
{
    assert (sock);
    assert (!peer_p || !*peer_p);
    if (error)
        error->code = LX_ERR_NONE;
    zmsg_t *msg = zmsg_recv (sock);
    if (!msg)
        return NULL;
    if (routing_p) {
        *routing_p = zmsg_pop (msg);
        if (!*routing_p) {
            zmsg_destroy (&msg);
            lx_error_set (error, LX_ERR_BAD_FRAME, "no routing frame");
            return NULL;
        }
    }
    lx_msg_t *self = NULL;
    zframe_t *signature = zmsg_first (msg);
    zframe_t *body = zmsg_next (msg);
    if (zmsg_size (msg) != 2)
        lx_error_set (error, LX_ERR_BAD_FRAME, "expected 2 frames, got %zu", zmsg_size (msg));
    else
    if (!zframe_streq (signature, LX_MSG_SIGNATURE))
        lx_error_set (error, LX_ERR_BAD_VERSION, "unsupported protocol, expected %s", LX_MSG_SIGNATURE);
    else
        self = lx_msg_decode (zframe_data (body), zframe_size (body), error);
    if (peer_p) {
        //  Every frame of a message carries the connection's metadata.
        const char *peer = zframe_meta (zmsg_last (msg), "node");
        *peer_p = peer? strdup (peer): NULL;
    }
    zmsg_destroy (&msg);
    return self;
}

void
lx_msg_print (lx_msg_t *self)
{
    assert (self);
    printf ("%s", lx_cmd_name (self->cmd));
    for (int field = 0; field < LX_F_COUNT; field++) {
        s_value_t *value = s_slot (self, field);
        if (!value || !value->present)
            continue;
        printf (" %s=", lx_proto_field (field)->name);
        switch (lx_proto_field (field)->wire) {
            case LX_WIRE_STR:  printf ("'%s'", value->str); break;
            case LX_WIRE_INT:  printf ("%" PRId64, value->number); break;
            case LX_WIRE_BOOL: printf ("%s", value->number? "true": "false"); break;
            case LX_WIRE_LIST:
            case LX_WIRE_MAP:
                for (size_t index = 0; index < value->count; index++) {
                    printf ("%s%s", index? ",": "[", value->items [index]);
                    if (value->values)
                        printf (":%" PRId64, value->values [index]);
                }
                printf ("%s", value->count? "]": "[]");
                break;
        }
    }
    printf ("\n");
}

