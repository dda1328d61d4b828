/*  fuzz_near_misses: the seed generator's near-misses for fuzz_msg, packed
    by hand with msgpack-c, one per row of PROTOCOL.md §1.1 (fuzz_seeds.h).
*/

#include "fuzz_seeds.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <errno.h>
#include <msgpack.h>
#include <stdio.h>

//  ---------------------------------------------------------------------
//  Raw msgpack, for the near-misses

//  A body being packed by hand.
typedef struct {
    msgpack_sbuffer buffer;     //  the bytes so far
    msgpack_packer packer;      //  packs into buffer
} s_raw_t;

//  Starts a body.
static void
s_raw_init (s_raw_t *self)
{
    msgpack_sbuffer_init (&self->buffer);
    msgpack_packer_init (&self->packer, &self->buffer, msgpack_sbuffer_write);
}

//  Appends bytes as they are.
static void
s_raw_bytes (s_raw_t *self, const char *bytes, size_t size)
{
    msgpack_sbuffer_write (&self->buffer, bytes, size);
}

//  Appends a str in its shortest form.
static void
s_raw_str (s_raw_t *self, const char *text)
{
    msgpack_pack_str_with_body (&self->packer, text, strlen (text));
}

//  Appends key and a str value.
static void
s_raw_pair (s_raw_t *self, const char *key, const char *value)
{
    s_raw_str (self, key);
    s_raw_str (self, value);
}

//  Writes the body to fuzz_msg's corpus as name (dropping cut bytes from
//  its end, for truncations) and frees it.
static void
s_raw_write (fuzz_seeds_out_t *out, const char *name, s_raw_t *self, size_t cut)
{
    assert (cut <= self->buffer.size);
    fuzz_seeds_write (out, "fuzz_msg", name, -1, self->buffer.data, self->buffer.size - cut);
    msgpack_sbuffer_destroy (&self->buffer);
}

//  Starts a claim body of 3 + extra pairs: "cmd", "node" and "seq", then
//  the extra pairs the caller packs.
static void
s_raw_claim (s_raw_t *self, size_t extra)
{
    s_raw_init (self);
    msgpack_pack_map (&self->packer, 3 + extra);
    s_raw_pair (self, "cmd", "claim");
    s_raw_pair (self, "node", "longyou");
    s_raw_str (self, "seq");
    msgpack_pack_int (&self->packer, 42);
}

//  Writes a claim of kecheng-000017 whose last field is key with the raw
//  value bytes; for key "seq", that is its only seq.
static void
s_raw_claim_with (fuzz_seeds_out_t *out, const char *name, const char *key, const char *value, size_t size)
{
    s_raw_t raw;
    s_raw_init (&raw);
    bool seq = strcmp (key, "seq") != 0;
    msgpack_pack_map (&raw.packer, seq? 5: 4);
    s_raw_pair (&raw, "cmd", "claim");
    s_raw_pair (&raw, "node", "longyou");
    if (seq) {
        s_raw_str (&raw, "seq");
        msgpack_pack_int (&raw.packer, 42);
    }
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_str (&raw, key);
    s_raw_bytes (&raw, value, size);
    s_raw_write (out, name, &raw, 0);
}

//  Writes a lead whose text field key holds value (size bytes, maybe
//  holding NUL or invalid UTF-8), every other field valid.
static void
s_raw_lead_with (fuzz_seeds_out_t *out, const char *name, const char *key, const char *value, size_t size)
{
    lx_lead_t *lead = fuzz_seeds_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = fuzz_seeds_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true);
    lx_lead_destroy (&lead);
    int field = lx_proto_field_by_name (key, strlen (key));
    assert (field >= 0);
    lx_msg_unset (msg, (lx_field_t) field);
    uint8_t *body;
    size_t body_size;
    int encoded = lx_msg_encode (msg, &body, &body_size);
    assert (encoded == 0);
    lx_msg_destroy (&msg);
    //  One more pair: a full lead has more than 15, so the map is a map16.
    assert (body_size > 3 && body [0] == 0xDE && body [2] < 0xFF);
    body [2]++;
    s_raw_t raw;
    s_raw_init (&raw);
    s_raw_bytes (&raw, (const char *) body, body_size);
    free (body);
    s_raw_str (&raw, key);
    msgpack_pack_str_with_body (&raw.packer, value, size);
    s_raw_write (out, name, &raw, 0);
}

//  Writes fuzz_msg's near-misses: one for each check of PROTOCOL.md §1.1.
void
fuzz_seeds_near_misses (fuzz_seeds_out_t *out)
{
    s_raw_t raw;
    //  3: the prescan
    fuzz_seeds_write (out, "fuzz_msg", "near-empty", -1, "", 0);
    s_raw_claim (&raw, 1);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_write (out, "near-truncated", &raw, 1);
    s_raw_claim (&raw, 1);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_bytes (&raw, "\xc0", 1);
    s_raw_write (out, "near-trailing-byte", &raw, 0);
    s_raw_claim_with (out, "near-ext-type", "seq", "\xd4\x01\x2a", 3);
    s_raw_claim_with (out, "near-never-used-c1", "seq", "\xc1", 1);
    s_raw_claim_with (out, "near-array32-count-too-big", "seq", "\xdd\xff\xff\xff\xff\x01", 6);
    s_raw_claim_with (out, "near-map32-count-too-big", "seq", "\xdf\x00\x01\x00\x00\x01", 6);
    s_raw_claim_with (out, "near-str32-longer-than-body", "seq", "\xdb\x00\x00\x10\x00" "ab", 7);
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 3);
    s_raw_pair (&raw, "cmd", "lead");
    s_raw_pair (&raw, "node", "kecheng");
    s_raw_str (&raw, "industries");
    s_raw_bytes (&raw, "\x91\x91\xa3" "C26", 6);            //  [["C26"]]: three levels
    s_raw_write (out, "near-nested-too-deep", &raw, 0);
    //  4: not a map
    s_raw_init (&raw);
    msgpack_pack_array (&raw.packer, 2);
    s_raw_str (&raw, "cmd");
    s_raw_str (&raw, "claim");
    s_raw_write (out, "near-array-body", &raw, 0);
    //  5: cmd
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 1);
    s_raw_pair (&raw, "node", "kecheng");
    s_raw_write (out, "near-no-cmd", &raw, 0);
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 1);
    s_raw_str (&raw, "cmd");
    msgpack_pack_int (&raw.packer, 5);
    s_raw_write (out, "near-cmd-int", &raw, 0);
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 1);
    s_raw_pair (&raw, "cmd", "Claim");
    s_raw_write (out, "near-cmd-unknown", &raw, 0);
    //  6: keys and types
    s_raw_claim (&raw, 2);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_pair (&raw, "cmd", "claim");
    s_raw_write (out, "near-cmd-twice", &raw, 0);
    s_raw_claim_with (out, "near-duplicate-field", "node", "\xa7longyou", 8);
    s_raw_claim_with (out, "near-unknown-field", "lander", "\xa7longyou", 8);
    s_raw_claim_with (out, "near-field-of-other-cmd", "decision", "\xa7" "approve", 8);
    s_raw_claim (&raw, 2);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    msgpack_pack_int (&raw.packer, 1);
    msgpack_pack_int (&raw.packer, 2);
    s_raw_write (out, "near-int-key", &raw, 0);
    s_raw_claim_with (out, "near-nil-value", "seq", "\xc0", 1);
    s_raw_claim_with (out, "near-float-seq", "seq", "\xcb\x40\x45\x00\x00\x00\x00\x00\x00", 9);
    s_raw_claim_with (out, "near-bool-seq", "seq", "\xc3", 1);
    s_raw_claim_with (out, "near-str-seq", "seq", "\xa2" "42", 3);
    s_raw_claim (&raw, 1);
    s_raw_str (&raw, "lead");
    s_raw_bytes (&raw, "\xc4\x0e" "kecheng-000017", 16);    //  a bin, not a str
    s_raw_write (out, "near-bin-lead", &raw, 0);
    //  6': values while decoding
    s_raw_claim_with (out, "near-negative-seq", "seq", "\xff", 1);
    s_raw_claim_with (out, "near-negative-int64-seq", "seq", "\xd3\x80\x00\x00\x00\x00\x00\x00\x00", 9);
    s_raw_claim_with (out, "near-uint64-above-int64", "seq", "\xcf\x80\x00\x00\x00\x00\x00\x00\x00", 9);
    s_raw_lead_with (out, "near-nul-in-investor", "investor", "某\0公司", 8);
    //  Accepted, but not as the reference encoder writes it (§1.1).
    s_raw_claim_with (out, "odd-int8-seq", "seq", "\xd0\x2a", 2);
    s_raw_claim_with (out, "odd-uint64-seq", "seq", "\xcf\x00\x00\x00\x00\x00\x00\x00\x2a", 9);
    s_raw_claim_with (out, "odd-int64-counter-top", "seq", "\xd3\x40\x00\x00\x00\x00\x00\x00\x00", 9);
    s_raw_claim (&raw, 1);
    s_raw_str (&raw, "lead");
    s_raw_bytes (&raw, "\xd9\x0e" "kecheng-000017", 16);    //  str8 for 14 bytes
    s_raw_write (out, "odd-str8-lead", &raw, 0);
    s_raw_init (&raw);
    s_raw_bytes (&raw, "\xde\x00\x04", 3);                   //  map16 of 4 pairs
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_str (&raw, "seq");
    msgpack_pack_int (&raw.packer, 42);
    s_raw_pair (&raw, "node", "longyou");
    s_raw_pair (&raw, "cmd", "claim");
    s_raw_write (out, "odd-map16-cmd-last", &raw, 0);
    //  6 / 7: a lead's text and kinds
    s_raw_lead_with (out, "near-overlong-utf8", "investor", "\xc0\xaf", 2);
    s_raw_lead_with (out, "near-surrogate-utf8", "investor", "\xed\xa0\x80", 3);
    s_raw_lead_with (out, "near-above-u10ffff", "investor", "\xf4\x90\x80\x80", 4);
    s_raw_lead_with (out, "near-cut-utf8", "investor", "某\xe5\x85", 5);
    s_raw_lead_with (out, "near-cr-in-summary", "summary", "一期\r\n二期", 14);
    s_raw_lead_with (out, "near-del-in-project", "project", "项目\x7f", 7);
    s_raw_lead_with (out, "near-uscc-check", "uscc", "91330802MA29U5P27H", 18);
    s_raw_lead_with (out, "near-uscc-lower-case", "uscc", "91330802ma29u5p27g", 18);
    s_raw_lead_with (out, "near-date-not-leap", "found", "2026-02-29", 10);
    s_raw_lead_with (out, "near-date-year-2100", "found", "2100-01-01", 10);
    s_raw_lead_with (out, "near-stage-upper-case", "stage", "Captured", 8);
    s_raw_lead_with (out, "near-type-unknown", "type", "mining", 6);
    s_raw_lead_with (out, "near-channel-unknown", "channel", "friend", 6);
    s_raw_lead_with (out, "near-lead-id-dot", "lead", "kecheng.000017", 14);
    s_raw_lead_with (out, "near-finder-upper-case", "finder", "Kecheng", 7);
    s_raw_lead_with (out, "near-investor-257-bytes", "investor",
                     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" "x", 257);
    //  7: presence and limits of whole fields
    s_raw_claim (&raw, 0);
    s_raw_write (out, "near-missing-lead", &raw, 0);
    lx_lead_t *lead = fuzz_seeds_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = fuzz_seeds_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true);
    const char *codes [] = { "C44", "C3", "c39", "U", "C3911X" };
    for (size_t index = 0; index < sizeof codes / sizeof codes [0]; index++) {
        lx_msg_t *bad = lx_msg_dup (msg);
        lx_msg_unset (bad, LX_F_INDUSTRIES);
        lx_msg_add_item (bad, LX_F_INDUSTRIES, codes [index]);
        char *name = zsys_sprintf ("near-industry-%s", codes [index]);
        fuzz_seeds_write_msg (out, "fuzz_msg", name, -1, bad, false);
        zstr_free (&name);
    }
    lx_msg_t *bad = lx_msg_dup (msg);
    for (int index = 0; index < 7; index++)
        lx_msg_add_item (bad, LX_F_INDUSTRIES, "C26");
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-nine-industries", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_unset (bad, LX_F_INDUSTRIES);
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-no-industries", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_int (bad, LX_F_INVESTMENT, 1000000000000001);
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-investment-above-money", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_int (bad, LX_F_LAND, 10000001);
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-land-above-limit", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_str (bad, LX_F_NODE, "kecheng-kecheng-kecheng-kecheng-k");     //  33 bytes
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-node-33-bytes", -1, bad, false);
    lx_msg_destroy (&msg);
    lx_lead_destroy (&lead);
    msg = fuzz_seeds_decide ("kecheng-000017", "approve", "tax", "理由");
    fuzz_seeds_all_splits (msg);
    lx_msg_put (msg, LX_F_SPLITS, "tax", 10001);
    fuzz_seeds_write_msg (out, "fuzz_msg", "near-split-above-10000", -1, msg, false);
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 7);
    s_raw_pair (&raw, "cmd", "decide");
    s_raw_pair (&raw, "node", "center");
    s_raw_str (&raw, "seq");
    msgpack_pack_int (&raw.packer, 42);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_pair (&raw, "decision", "approve");
    s_raw_pair (&raw, "reason", "理由");
    s_raw_str (&raw, "splits");
    msgpack_pack_map (&raw.packer, 2);
    s_raw_str (&raw, "tax");
    msgpack_pack_int (&raw.packer, 5000);
    s_raw_str (&raw, "tax");
    msgpack_pack_int (&raw.packer, 4000);
    s_raw_write (out, "near-split-key-twice", &raw, 0);
    s_raw_init (&raw);
    msgpack_pack_map (&raw.packer, 7);
    s_raw_pair (&raw, "cmd", "decide");
    s_raw_pair (&raw, "node", "center");
    s_raw_str (&raw, "seq");
    msgpack_pack_int (&raw.packer, 42);
    s_raw_pair (&raw, "lead", "kecheng-000017");
    s_raw_pair (&raw, "decision", "approve");
    s_raw_pair (&raw, "reason", "理由");
    s_raw_str (&raw, "splits");
    msgpack_pack_map (&raw.packer, 7);
    for (int index = 0; index < 7; index++) {
        s_raw_str (&raw, index < LX_METRIC_COUNT? lx_metric_name (index): "profit");
        msgpack_pack_int (&raw.packer, 3000);
    }
    s_raw_write (out, "near-seven-splits", &raw, 0);
}

