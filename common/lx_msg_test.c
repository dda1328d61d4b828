/*  lx_msg selftest: round trips of every command, and refusal of every
    kind of bad input the decoder must survive; then the framing over a
    real socket pair. Kept apart from lx_msg.c, which it drives only
    through the public API, raw msgpack and raw frames.
*/

#include "lx_lead.h"
#include "lx_msg.h"

#include <msgpack.h>

//  Packs a string.
static void
s_pack_str (msgpack_packer *packer, const char *text)
{
    size_t size = strlen (text);
    msgpack_pack_str (packer, size);
    msgpack_pack_str_body (packer, text, size);
}


//  A valid sample value for a string of the given field, for round trips.
static const char *
s_sample_text (int field)
{
    switch (lx_proto_field (field)->kind) {
        case LX_KIND_ID:       return "kecheng";
        case LX_KIND_LEAD_ID:  return "kecheng-000001";
        case LX_KIND_DATE:     return "2026-11-22";
        case LX_KIND_INDUSTRY: return "C3911";
        case LX_KIND_USCC:     return "91350100M000100Y43";
        case LX_KIND_STAGE:    return "signed";
        case LX_KIND_METRIC:   return "contract";
        case LX_KIND_TYPE:     return "manufacturing";
        case LX_KIND_CHANNEL:  return "liaison";
        case LX_KIND_ROLE:     return "county";
        case LX_KIND_DECISION: return "approve";
        case LX_KIND_MATCH:    return "similar";
        case LX_KIND_RESOLUTION: return "transfer";
        case LX_KIND_HASH:     return "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        case LX_KIND_HELD_STATUS: return "held";
        case LX_KIND_CHALLENGE: return "0123456789abcdef0123456789abcdef";
        case LX_KIND_SIGNATURE:
            return "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                   "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        default:         return "衢州新材料";
    }
}

//  Encodes msg and decodes the bytes again; asserts success.
static lx_msg_t *
s_round_trip (lx_msg_t *msg)
{
    uint8_t *data;
    size_t size;
    assert (lx_msg_encode (msg, &data, &size) == 0);
    lx_error_t error;
    lx_msg_t *copy = lx_msg_decode (data, size, &error);
    if (!copy)
        printf ("round trip of %s failed: %s\n", lx_cmd_name (lx_msg_cmd (msg)), error.reason);
    assert (copy);
    free (data);
    return copy;
}

//  Asserts that decoding size bytes at data fails with code.
static void
s_assert_refused (const void *data, size_t size, int code, bool verbose)
{
    lx_error_t error;
    lx_msg_t *msg = lx_msg_decode (data, size, &error);
    if (msg || error.code != code)
        printf ("expected %s, got %s: %s\n", lx_error_name (code),
                msg? "a message": lx_error_name (error.code), msg? "": error.reason);
    assert (!msg);
    assert (error.code == code);
    assert (strlen (error.reason) > 0);
    if (verbose)
        printf ("  refused (%s): %s\n", lx_error_name (code), error.reason);
}

//  Packs a map with "cmd" = cmd and one extra pair whose value the caller
//  packs next; returns the packer's buffer ready for that value.
static void
s_start_map (msgpack_packer *packer, const char *cmd, size_t pairs)
{
    msgpack_pack_map (packer, pairs + 1);
    s_pack_str (packer, "cmd");
    s_pack_str (packer, cmd);
}

//  Packs a PROGRESS with valid node, seq, lead, stage and date, except
//  that bad_field gets a bad value: a string (how 0), -5 (how 1) or
//  UINT64_MAX (how 2). A bad_field outside those five is added as a sixth.
static void
s_pack_progress (msgpack_packer *packer, const char *bad_field, int how, const char *text)
{
    const char *names [] = { "node", "seq", "lead", "stage", "date" };
    bool extra = true;
    for (int pair = 0; pair < 5; pair++)
        if (streq (names [pair], bad_field))
            extra = false;
    s_start_map (packer, "progress", extra? 6: 5);
    for (int pair = 0; pair < 6; pair++) {
        const char *name = pair < 5? names [pair]: bad_field;
        if (pair == 5 && !extra)
            break;
        s_pack_str (packer, name);
        if (streq (name, bad_field)) {
            if (how == 0)
                s_pack_str (packer, text);
            else
            if (how == 1)
                msgpack_pack_int64 (packer, -5);
            else
                msgpack_pack_uint64 (packer, UINT64_MAX);
        }
        else
        if (streq (name, "seq"))
            msgpack_pack_int (packer, 1);
        else
            s_pack_str (packer, s_sample_text (lx_proto_field_by_name (name, strlen (name))));
    }
}

//  Sends raw frames from dealer: count frames of the given sizes, with
//  data. Asserts success.
static void
s_send_frames (zsock_t *dealer, size_t count, const void *data [], const size_t sizes [])
{
    zmsg_t *frames = zmsg_new ();
    assert (frames);
    for (size_t index = 0; index < count; index++)
        assert (zmsg_addmem (frames, data [index], sizes [index]) == 0);
    assert (zmsg_send (&frames, dealer) == 0);
}

//  Receives at router and asserts the message is refused with code and a
//  reason, the routing id still given (so the error can go back).
static void
s_expect_refused (zsock_t *router, int code, bool verbose)
{
    zframe_t *routing = NULL;
    char *peer = NULL;
    lx_error_t error;
    lx_msg_t *msg = lx_msg_recv_from (router, &routing, &peer, &error);
    if (msg || error.code != code)
        printf ("expected %s, got %s: %s\n", lx_error_name (code),
                msg? "a message": lx_error_name (error.code), msg? "": error.reason);
    assert (!msg && error.code == code && strlen (error.reason) > 0);
    assert (routing && zframe_size (routing) > 0);
    assert (!peer);
    zframe_destroy (&routing);
    if (verbose)
        printf ("  refused off the wire (%s): %s\n", lx_error_name (code), error.reason);
}

//  The framing over a real socket pair: one frame of signature and body
//  each way, sends that never block, and every framing fault refused
//  without leaving anything on the socket.
static void
s_test_wire (bool verbose)
{
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    assert (router);
    zsock_set_router_mandatory (router, 1);
    zsock_set_rcvtimeo (router, 5000);          //  a defect fails, not hangs
    assert (zsock_bind (router, "inproc://lx_msg_test") == 0);
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    assert (dealer);
    zsock_set_rcvtimeo (dealer, 5000);
    assert (zsock_connect (dealer, "inproc://lx_msg_test") == 0);

    //  Round trip: dealer to router and back.
    lx_msg_t *msg = lx_msg_new (LX_CMD_CLAIM);
    lx_msg_set_str (msg, LX_F_NODE, "longyou");
    lx_msg_set_int (msg, LX_F_SEQ, 42);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000017");
    assert (lx_msg_send (msg, dealer, NULL) == 0);
    zframe_t *routing = NULL;
    char *peer = NULL;
    lx_error_t error;
    lx_msg_t *copy = lx_msg_recv_from (router, &routing, &peer, &error);
    assert (copy && routing && !peer);          //  no CURVE, no "node" metadata
    assert (lx_msg_cmd (copy) == LX_CMD_CLAIM && lx_msg_int (copy, LX_F_SEQ) == 42);
    assert (streq (lx_msg_str (copy, LX_F_LEAD), "kecheng-000017"));
    lx_msg_destroy (&copy);
    lx_msg_t *ack = lx_msg_new (LX_CMD_ACK);
    lx_msg_set_str (ack, LX_F_NODE, "longyou");
    lx_msg_set_int (ack, LX_F_ACK, 42);
    assert (lx_msg_send (ack, router, routing) == 0);
    copy = lx_msg_recv (dealer, NULL, &error);
    assert (copy && lx_msg_cmd (copy) == LX_CMD_ACK && lx_msg_int (copy, LX_F_ACK) == 42);
    lx_msg_destroy (&copy);

    //  On the wire: one frame, the 7 signature bytes then the body.
    uint8_t *data;
    size_t size;
    assert (lx_msg_encode (ack, &data, &size) == 0);
    assert (lx_msg_send_body (data, size, router, routing) == 0);
    zmsg_t *frames = zmsg_recv (dealer);
    assert (frames && zmsg_size (frames) == 1);
    zframe_t *frame = zmsg_first (frames);
    assert (zframe_size (frame) == LX_MSG_SIGNATURE_SIZE + size);
    assert (memcmp (zframe_data (frame), "LEADX/2", 7) == 0);
    assert (memcmp (zframe_data (frame) + LX_MSG_SIGNATURE_SIZE, data, size) == 0);
    zmsg_destroy (&frames);
    lx_msg_destroy (&ack);

    //  Sends never block: no such peer at a ROUTER, no peer at a DEALER.
    zframe_t *stranger = zframe_new ("\0nobody", 7);
    assert (lx_msg_send (msg, router, stranger) == -1);
    zframe_destroy (&stranger);
    zsock_t *alone = zsock_new (ZMQ_DEALER);
    assert (alone);
    assert (lx_msg_send (msg, alone, NULL) == -1);
    zsock_destroy (&alone);
    zframe_destroy (&routing);

    //  Framing faults, each refused with its code and read off whole.
    uint8_t *framed = (uint8_t *) malloc (LX_MSG_SIGNATURE_SIZE + size + 1);
    assert (framed);
    memcpy (framed, LX_MSG_SIGNATURE, LX_MSG_SIGNATURE_SIZE);
    memcpy (framed + LX_MSG_SIGNATURE_SIZE, data, size);
    //  the old framing: signature and body in two frames
    const void *parts [] = { "LEADX/1", data, "more" };
    size_t sizes [] = { 7, size, 4 };
    s_send_frames (dealer, 2, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_FRAME, verbose);
    //  a good frame followed by another
    parts [0] = framed;
    sizes [0] = LX_MSG_SIGNATURE_SIZE + size;
    s_send_frames (dealer, 3, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_FRAME, verbose);
    //  the old signature in one frame, another version, too short, empty
    memcpy (framed, "LEADX/1", 7);
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_VERSION, verbose);
    memcpy (framed, "leadx/2", 7);
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_VERSION, verbose);
    sizes [0] = LX_MSG_SIGNATURE_SIZE - 1;
    memcpy (framed, LX_MSG_SIGNATURE, LX_MSG_SIGNATURE_SIZE);
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_VERSION, verbose);
    sizes [0] = 0;
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_VERSION, verbose);
    //  the signature and no body; a body with a byte too many
    sizes [0] = LX_MSG_SIGNATURE_SIZE;
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_MSGPACK, verbose);
    framed [LX_MSG_SIGNATURE_SIZE + size] = 0xC0;
    sizes [0] = LX_MSG_SIGNATURE_SIZE + size + 1;
    s_send_frames (dealer, 1, parts, sizes);
    s_expect_refused (router, LX_ERR_BAD_MSGPACK, verbose);
    //  The exact frame is still a message, and nothing was left behind.
    sizes [0] = LX_MSG_SIGNATURE_SIZE + size;
    s_send_frames (dealer, 1, parts, sizes);
    copy = lx_msg_recv (router, &routing, &error);
    assert (copy && lx_msg_cmd (copy) == LX_CMD_ACK);
    lx_msg_destroy (&copy);
    zframe_destroy (&routing);
    zsock_set_rcvtimeo (router, 0);
    assert (!lx_msg_recv (router, &routing, &error) && error.code == LX_ERR_NONE && !routing);
    free (framed);
    free (data);
    lx_msg_destroy (&msg);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    if (verbose)
        printf ("lx_msg: framing checked over a socket pair\n");
}

void
lx_msg_test (bool verbose)
{
    //  Every command, every field it allows, round trips exactly.
    for (int cmd = 0; cmd < LX_CMD_COUNT; cmd++) {
        lx_msg_t *msg = lx_msg_new ((lx_cmd_t) cmd);
        for (const lx_proto_slot_t *slot = lx_proto_slots (cmd); slot->field != -1; slot++) {
            int field = slot->field;
            switch (lx_proto_field (field)->wire) {
                case LX_WIRE_STR:  lx_msg_set_str (msg, field, s_sample_text (field)); break;
                case LX_WIRE_INT:  lx_msg_set_int (msg, field, lx_proto_field (field)->max - field); break;
                case LX_WIRE_BOOL: lx_msg_set_bool (msg, field, true); break;
                case LX_WIRE_LIST:
                    lx_msg_add_item (msg, field, s_sample_text (field));
                    lx_msg_add_item (msg, field, field == LX_F_INDUSTRIES? "I65":
                                                 field == LX_F_LEADS? "qujiang-000002": "智能装备");
                    break;
                case LX_WIRE_MAP:
                    lx_msg_put (msg, field, "contract", 3000);
                    lx_msg_put (msg, field, "tax", 7000);
                    break;
            }
        }
        lx_error_t error;
        if (lx_msg_validate (msg, &error))
            fprintf (stderr, "%s: %s\n", lx_cmd_name (cmd), error.reason);
        assert (error.code == LX_ERR_NONE || !"sample message invalid");
        lx_msg_t *copy = s_round_trip (msg);
        assert (lx_msg_cmd (copy) == lx_msg_cmd (msg));
        for (int field = 0; field < LX_F_COUNT; field++) {
            assert (lx_msg_has (copy, field) == lx_msg_has (msg, field));
            if (!lx_msg_has (msg, field))
                continue;
            if (lx_proto_field (field)->wire == LX_WIRE_STR)
                assert (streq (lx_msg_str (copy, field), lx_msg_str (msg, field)));
            assert (lx_msg_int (copy, field) == lx_msg_int (msg, field));
            assert (lx_msg_count (copy, field) == lx_msg_count (msg, field));
            for (size_t index = 0; index < lx_msg_count (msg, field); index++) {
                assert (streq (lx_msg_item (copy, field, index), lx_msg_item (msg, field, index)));
                if (lx_proto_field (field)->wire == LX_WIRE_MAP)
                    assert (lx_msg_value (copy, field, index) == lx_msg_value (msg, field, index));
            }
        }
        lx_msg_t *dup = lx_msg_dup (copy);
        int64_t value;
        if (lx_msg_has (dup, LX_F_SPLITS)) {
            assert (lx_msg_lookup (dup, LX_F_SPLITS, "tax", &value) == 0 && value == 7000);
            assert (lx_msg_lookup (dup, LX_F_SPLITS, "output", &value) == -1);
        }
        lx_msg_destroy (&dup);
        lx_msg_destroy (&copy);
        lx_msg_destroy (&msg);
        assert (msg == NULL);
        lx_msg_destroy (&msg);          //  safe twice
    }
    if (verbose)
        printf ("lx_msg: %d commands round-tripped\n", LX_CMD_COUNT);

    //  Missing required field
    lx_msg_t *msg = lx_msg_new (LX_CMD_CLAIM);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_SEQ, 1);
    lx_error_t error;
    assert (lx_msg_validate (msg, &error) == -1 && error.code == LX_ERR_MISSING_FIELD);
    uint8_t *data;
    size_t size;
    assert (lx_msg_encode (msg, &data, &size) == 0);
    s_assert_refused (data, size, LX_ERR_MISSING_FIELD, verbose);
    free (data);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-1");
    assert (lx_msg_validate (msg, NULL) == 0);

    //  Tags are kept as one comma-separated list: a tag may hold no comma
    //  and may not be empty, or it would not come back as it was sent.
    const char *bad_tags [] = { "新能源,锂电池", "" };
    for (size_t index = 0; index < 2; index++) {
        lx_lead_t *record = lx_lead_new ();
        lx_lead_set (&record->id, "kecheng-1");
        lx_lead_set (&record->finder, "kecheng");
        lx_lead_set (&record->investor, "某公司");
        lx_lead_set (&record->project, "某项目");
        lx_lead_set (&record->found, "2026-11-02");
        lx_lead_add_industry (record, "C3841");
        lx_lead_add_tag (record, "新能源");
        record->investment = 1;
        lx_msg_t *lead = lx_msg_new (LX_CMD_LEAD);
        lx_lead_to_msg (record, lead, false);
        lx_lead_destroy (&record);
        lx_msg_set_str (lead, LX_F_NODE, "kecheng");
        lx_msg_set_int (lead, LX_F_SEQ, 1);
        assert (lx_msg_validate (lead, NULL) == 0);
        lx_msg_add_item (lead, LX_F_TAGS, bad_tags [index]);
        assert (lx_msg_validate (lead, &error) == -1 && error.code == LX_ERR_BAD_VALUE);
        assert (strstr (error.reason, "tags"));
        lx_msg_destroy (&lead);
    }

    //  An edit that clears the tags carries an empty list, and keeps it
    //  through the wire, unlike an edit that leaves them alone.
    lx_msg_t *edit = lx_msg_new (LX_CMD_EDIT);
    lx_msg_set_str (edit, LX_F_NODE, "kecheng");
    lx_msg_set_int (edit, LX_F_SEQ, 2);
    lx_msg_set_str (edit, LX_F_LEAD, "kecheng-1");
    lx_msg_add_item (edit, LX_F_TAGS, "新能源");
    lx_msg_set_list (edit, LX_F_TAGS);
    assert (lx_msg_has (edit, LX_F_TAGS) && lx_msg_count (edit, LX_F_TAGS) == 0);
    assert (lx_msg_encode (edit, &data, &size) == 0);
    lx_msg_t *decoded = lx_msg_decode (data, size, &error);
    free (data);
    assert (decoded && lx_msg_has (decoded, LX_F_TAGS) && lx_msg_count (decoded, LX_F_TAGS) == 0);
    assert (!lx_msg_has (decoded, LX_F_INDUSTRIES));
    lx_msg_t *twin = lx_msg_dup (decoded);
    assert (twin && lx_msg_has (twin, LX_F_TAGS));
    lx_msg_destroy (&twin);
    lx_msg_destroy (&decoded);
    lx_msg_destroy (&edit);

    //  Truncated and trailing bytes
    assert (lx_msg_encode (msg, &data, &size) == 0);
    for (size_t cut = 0; cut < size; cut++)
        s_assert_refused (data, cut, LX_ERR_BAD_MSGPACK, false);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    memcpy (longer, data, size);
    longer [size] = 0xC0;
    s_assert_refused (longer, size + 1, LX_ERR_BAD_MSGPACK, verbose);
    free (longer);
    free (data);
    lx_msg_destroy (&msg);

    //  Hostile shapes, built by hand
    msgpack_sbuffer buffer;
    msgpack_packer packer;
    #define RESET() msgpack_sbuffer_clear (&buffer)
    msgpack_sbuffer_init (&buffer);
    msgpack_packer_init (&packer, &buffer, msgpack_sbuffer_write);

    //  not a map
    msgpack_pack_array (&packer, 0);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_MSGPACK, verbose);
    //  deep nesting
    RESET ();
    for (int level = 0; level < 100; level++)
        msgpack_pack_array (&packer, 1);
    msgpack_pack_nil (&packer);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_MSGPACK, verbose);
    //  an array header claiming 4 billion items in a 10-byte message
    RESET ();
    s_start_map (&packer, "claim", 1);
    s_pack_str (&packer, "lead");
    msgpack_pack_array (&packer, 0xFFFFFFFF);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_MSGPACK, verbose);
    //  a string header claiming more bytes than there are
    RESET ();
    msgpack_pack_map (&packer, 1);
    msgpack_pack_str (&packer, 1000);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_MSGPACK, verbose);
    //  unknown command, missing command
    RESET ();
    s_start_map (&packer, "launch_missiles", 0);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_COMMAND, verbose);
    RESET ();
    msgpack_pack_map (&packer, 1);
    s_pack_str (&packer, "lead");
    s_pack_str (&packer, "x");
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_COMMAND, verbose);
    //  unknown field, field of another command, wrong type, duplicate
    RESET ();
    s_start_map (&packer, "ping", 2);
    s_pack_str (&packer, "node");
    s_pack_str (&packer, "kecheng");
    s_pack_str (&packer, "colour");
    s_pack_str (&packer, "red");
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_FIELD, verbose);
    RESET ();
    s_start_map (&packer, "ping", 2);
    s_pack_str (&packer, "node");
    s_pack_str (&packer, "kecheng");
    s_pack_str (&packer, "amount");
    msgpack_pack_int (&packer, 1);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_FIELD, verbose);
    RESET ();
    s_start_map (&packer, "ping", 1);
    s_pack_str (&packer, "node");
    msgpack_pack_int (&packer, 7);
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_FIELD, verbose);
    RESET ();
    s_start_map (&packer, "ping", 2);
    s_pack_str (&packer, "node");
    s_pack_str (&packer, "kecheng");
    s_pack_str (&packer, "node");
    s_pack_str (&packer, "kecheng");
    s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_FIELD, verbose);

    //  Values: negative and overflowing amounts, bad UTF-8, bad codes
    struct {
        const char *field;      //  field to set on a progress message
        int how;                //  0 string, 1 negative int, 2 uint64 max
        const char *text;       //  string value
    } bad_values [] = {
        { "amount", 1, NULL },
        { "amount", 2, NULL },
        { "stage", 0, "sigend" },
        { "date", 0, "2026-02-30" },
        { "lead", 0, "lead with spaces" },
        { "node", 0, "Kecheng" },
        { "metric", 0, "\xE8\xA1" },
    };
    for (size_t index = 0; index < sizeof bad_values / sizeof bad_values [0]; index++) {
        RESET ();
        s_pack_progress (&packer, bad_values [index].field, bad_values [index].how,
                         bad_values [index].text);
        s_assert_refused (buffer.data, buffer.size, LX_ERR_BAD_VALUE, verbose);
    }
    msgpack_sbuffer_destroy (&buffer);

    //  Industry and credit-code checks on a lead
    msg = lx_msg_new (LX_CMD_OFFER);
    lx_msg_set_str (msg, LX_F_NODE, "kecheng");
    lx_msg_set_int (msg, LX_F_SEQ, 9);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-9");
    lx_msg_t *copy = s_round_trip (msg);
    assert (streq (lx_msg_str (copy, LX_F_LEAD), "kecheng-9"));
    assert (lx_msg_int (copy, LX_F_SEQ) == 9);
    lx_msg_destroy (&copy);
    lx_msg_destroy (&msg);
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_msg_add_item (msg, LX_F_INDUSTRIES, "C44");
    lx_msg_set_str (msg, LX_F_USCC, "91350100M000100Y44");
    assert (lx_msg_validate (msg, &error) == -1);
    lx_msg_destroy (&msg);

    s_test_wire (verbose);
}
