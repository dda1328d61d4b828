/*  lx_msg_wire: lx_msg's msgpack codec and its sockets. Every byte that
    comes in is checked before msgpack-c sees it. */

#include "lx_msg_int.h"
#include "lx_domain.h"

#include <msgpack.h>

//  Deepest msgpack nesting any message has: map -> array/map -> scalar.
#define MAX_DEPTH 2

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
        lx_msg_value_t *value = lx_msg_slot (self, field);
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
    lx_msg_value_t *slot = lx_msg_slot (self, field);
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
                lx_msg_append (slot, text, 0, false);
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
                lx_msg_append (slot, key, number, true);
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
        if (field < 0 || !lx_msg_slot (self, field)) {
            lx_error_set (error, LX_ERR_BAD_FIELD, "%s: unknown field '%.*s'", lx_cmd_name (cmd),
                          (int) (key->via.str.size > 32? 32: key->via.str.size), key->via.str.ptr);
            goto failed;
        }
        if (lx_msg_slot (self, field)->present) {
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
    //  The one frame, built before anything is sent: at a ROUTER nothing
    //  may fail between the routing frame and the message.
    zmq_msg_t frame;
    if (zmq_msg_init_size (&frame, LX_MSG_SIGNATURE_SIZE + size))
        return -1;
    memcpy (zmq_msg_data (&frame), LX_MSG_SIGNATURE, LX_MSG_SIGNATURE_SIZE);
    memcpy ((uint8_t *) zmq_msg_data (&frame) + LX_MSG_SIGNATURE_SIZE, data, size);
    //  Never block: a peer that cannot take it now gets it resent later.
    //  At a ROUTER the routing frame is the one refused (unknown or full
    //  peer); once it is taken, the frame after it is never refused.
    if (routing && zmq_send (handle, zframe_data (routing), zframe_size (routing),
                             ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1) {
        zmq_msg_close (&frame);
        return -1;
    }
    if (zmq_msg_send (&frame, handle, routing? 0: ZMQ_DONTWAIT) == -1) {
        zmq_msg_close (&frame);
        return -1;
    }
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
    void *handle = zsock_resolve (sock);
    bool more = true;           //  a frame of the message follows
    if (routing_p) {
        *routing_p = zframe_recv (sock);
        if (!*routing_p)
            return NULL;
        more = zframe_more (*routing_p);
    }
    //  The message's frames arrive together: once the first has come, the
    //  rest are there. The first is kept, any others counted and dropped,
    //  so that a bad message leaves nothing behind on the socket.
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    size_t frames = 0;
    if (more) {
        if (zmq_msg_recv (&frame, handle, 0) == -1) {
            zmq_msg_close (&frame);
            if (routing_p)
                zframe_destroy (routing_p);
            return NULL;
        }
        frames = 1;
        more = zmq_msg_more (&frame);
    }
    if (more) {
        zmq_msg_t extra;
        zmq_msg_init (&extra);
        while (more && zmq_msg_recv (&extra, handle, 0) != -1) {
            frames++;
            more = zmq_msg_more (&extra);
        }
        zmq_msg_close (&extra);
    }
    lx_msg_t *self = NULL;
    const uint8_t *data = (const uint8_t *) zmq_msg_data (&frame);
    size_t size = zmq_msg_size (&frame);
    if (frames != 1)
        lx_error_set (error, LX_ERR_BAD_FRAME, "expected 1 frame, got %zu", frames);
    else
    if (size < LX_MSG_SIGNATURE_SIZE || memcmp (data, LX_MSG_SIGNATURE, LX_MSG_SIGNATURE_SIZE))
        lx_error_set (error, LX_ERR_BAD_VERSION, "unsupported protocol, expected %s", LX_MSG_SIGNATURE);
    else
        self = lx_msg_decode (data + LX_MSG_SIGNATURE_SIZE, size - LX_MSG_SIGNATURE_SIZE, error);
    if (peer_p) {
        //  Every frame of a message carries the connection's metadata.
        const char *peer = frames? zmq_msg_gets (&frame, "node"): NULL;
        *peer_p = peer? strdup (peer): NULL;
    }
    zmq_msg_close (&frame);
    return self;
}
