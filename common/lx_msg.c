/*  lx_msg: one message of the leadx wire protocol.

    The protocol's tables live in lx_proto; this file holds messages, their
    fields and their validation; lx_msg_wire.c turns them into msgpack and
    back, checking every byte that comes in, and moves them over sockets.
*/

#include "lx_msg_int.h"
#include "lx_domain.h"

#include <stdarg.h>



lx_msg_t *
lx_msg_new (lx_cmd_t cmd)
{
    assert (cmd >= 0 && cmd < LX_CMD_COUNT);
    const lx_proto_slot_t *slots = lx_proto_slots (cmd);
    size_t size = 0;
    while (slots [size].field != -1)
        size++;
    assert (size < INT8_MAX);
    lx_msg_t *self = (lx_msg_t *) calloc (1, sizeof (lx_msg_t) + size * sizeof (lx_msg_value_t));
    if (self) {
        self->cmd = cmd;
        self->size = size;
        memset (self->index, -1, sizeof self->index);
        for (size_t place = 0; place < size; place++)
            self->index [slots [place].field] = (int8_t) place;
    }
    return self;
}


//  Frees a value's storage and marks it absent.
static void
s_value_clear (lx_msg_value_t *value)
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
    lx_msg_value_t *value = lx_msg_slot (self, field);
    return value && value->present;
}

//  Returns the value slot for a setter, asserting the field fits the
//  command and the expected type: a mismatch is a programmer error.
static lx_msg_value_t *
s_settable (lx_msg_t *self, lx_field_t field, lx_wire_t type)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    assert (lx_proto_field (field)->wire == type);
    lx_msg_value_t *value = lx_msg_slot (self, field);
    assert (value);
    return value;
}

const char *
lx_msg_str (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *value = lx_msg_slot (self, field);
    return value && value->present? value->str: NULL;
}

int64_t
lx_msg_int (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *value = lx_msg_slot (self, field);
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
    lx_msg_value_t *value = lx_msg_slot (self, field);
    return value? value->count: 0;
}

const char *
lx_msg_item (lx_msg_t *self, lx_field_t field, size_t index)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *value = lx_msg_slot (self, field);
    assert (value && index < value->count);
    return value->items [index];
}

int64_t
lx_msg_value (lx_msg_t *self, lx_field_t field, size_t index)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *slot = lx_msg_slot (self, field);
    assert (slot && index < slot->count && slot->values);
    return slot->values [index];
}

int
lx_msg_lookup (lx_msg_t *self, lx_field_t field, const char *key, int64_t *value)
{
    assert (self && key && value && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *slot = lx_msg_slot (self, field);
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
    lx_msg_value_t *slot = s_settable (self, field, LX_WIRE_STR);
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
    lx_msg_value_t *slot = s_settable (self, field, LX_WIRE_INT);
    slot->number = value;
    slot->present = true;
}

void
lx_msg_set_bool (lx_msg_t *self, lx_field_t field, bool value)
{
    lx_msg_value_t *slot = s_settable (self, field, LX_WIRE_BOOL);
    slot->number = value? 1: 0;
    slot->present = true;
}

void
lx_msg_append (lx_msg_value_t *slot, const char *key, int64_t value, bool is_map)
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
    lx_msg_append (s_settable (self, field, LX_WIRE_LIST), item, 0, false);
}

void
lx_msg_set_list (lx_msg_t *self, lx_field_t field)
{
    lx_msg_value_t *slot = s_settable (self, field, LX_WIRE_LIST);
    s_value_clear (slot);
    slot->present = true;
}

void
lx_msg_put (lx_msg_t *self, lx_field_t field, const char *key, int64_t value)
{
    assert (key);
    lx_msg_value_t *slot = s_settable (self, field, LX_WIRE_MAP);
    for (size_t index = 0; index < slot->count; index++)
        if (streq (slot->items [index], key)) {
            slot->values [index] = value;
            return;
        }
    lx_msg_append (slot, key, value, true);
}

void
lx_msg_unset (lx_msg_t *self, lx_field_t field)
{
    assert (self && field >= 0 && field < LX_F_COUNT);
    lx_msg_value_t *value = lx_msg_slot (self, field);
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
        lx_msg_value_t *from = &self->values [place];
        if (!from->present)
            continue;
        lx_msg_value_t *to = &copy->values [place];
        to->present = true;
        to->number = from->number;
        if (from->str)
            to->str = strdup (from->str);
        for (size_t index = 0; index < from->count; index++)
            lx_msg_append (to, from->items [index], from->values? from->values [index]: 0,
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
    //  Field by field, in the protocol's order (which decides the error
    //  reported first); a value's place is its slot's in the command's
    //  list. A field the command does not allow has no value to be set.
    const lx_proto_slot_t *slots = lx_proto_slots (self->cmd);
    for (int field = 0; field < LX_F_COUNT; field++) {
        lx_msg_value_t *value = lx_msg_slot (self, field);
        if (!value)
            continue;
        const lx_proto_slot_t *slot = &slots [self->index [field]];
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

void
lx_msg_print (lx_msg_t *self)
{
    assert (self);
    printf ("%s", lx_cmd_name (self->cmd));
    for (int field = 0; field < LX_F_COUNT; field++) {
        lx_msg_value_t *value = lx_msg_slot (self, field);
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

