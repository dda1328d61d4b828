/*  fuzz_seeds: writes the fuzz targets' seed corpus and dictionary.

        fuzz_seeds DIR

    writes DIR/corpus/fuzz_msg/, DIR/corpus/fuzz_logic/, DIR/corpus/fuzz_node/
    (one file per message, named for what it holds) and DIR/leadx.dict. The
    output is committed under tests/fuzz/; run it with DIR = tests/fuzz after
    changing the protocol or fuzz_city, and commit what changed. The ctest
    fuzz.seeds runs it into a temporary directory and compares.

    fuzz_msg gets every command, valid and encoded by lx_msg_encode, and
    near-misses built byte by byte for each row of PROTOCOL.md §1.1: each
    refused for one reason, or accepted in a form the reference encoder
    does not write. fuzz_logic gets, after the byte that picks the sender,
    every node command naming the fixture's leads (fuzz_city.h) from senders
    that are accepted and that are refused. fuzz_node gets every event the
    broker sends, naming the node fixture's leads.
*/

#include "fuzz_city.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_msg.h"
#include "lx_valid.h"

#include <errno.h>
#include <msgpack.h>
#include <stdio.h>
#include <sys/stat.h>

//  Where the files go.
typedef struct {
    const char *dir;            //  the output directory (tests/fuzz)
    int files;                  //  files written so far
} s_out_t;

//  Creates path as a directory if it is not one. Exits on failure.
static void
s_mkdir (const char *path)
{
    if (mkdir (path, 0755) && errno != EEXIST) {
        fprintf (stderr, "fuzz_seeds: cannot create %s: %s\n", path, strerror (errno));
        exit (1);
    }
}

//  Writes one seed: dir/corpus/target/name holding the sender byte (when
//  sender >= 0) and then size bytes of data. Exits on failure.
static void
s_write (s_out_t *out, const char *target, const char *name, int sender, const void *data, size_t size)
{
    char *path = zsys_sprintf ("%s/corpus/%s/%s", out->dir, target, name);
    FILE *file = fopen (path, "wb");
    if (!file
    ||  (sender >= 0 && fputc (sender, file) == EOF)
    ||  (size && fwrite (data, 1, size, file) != size)
    ||  fclose (file)) {
        fprintf (stderr, "fuzz_seeds: cannot write %s: %s\n", path, strerror (errno));
        exit (1);
    }
    zstr_free (&path);
    out->files++;
}

//  Encodes msg (which this takes) and writes it as a seed. When
//  must_be_valid, the message must pass lx_msg_validate (a programmer error
//  otherwise); either way it must decode, or it would be no seed for the
//  handlers.
static void
s_write_msg (s_out_t *out, const char *target, const char *name, int sender, lx_msg_t *msg,
             bool must_be_valid)
{
    lx_error_t error = { 0, "" };
    if (must_be_valid && lx_msg_validate (msg, &error)) {
        fprintf (stderr, "fuzz_seeds: %s/%s is invalid: %s\n", target, name, error.reason);
        exit (1);
    }
    uint8_t *body;
    size_t size;
    int encoded = lx_msg_encode (msg, &body, &size);
    assert (encoded == 0);
    lx_msg_t *back = lx_msg_decode (body, size, &error);
    if (must_be_valid && !back) {
        fprintf (stderr, "fuzz_seeds: %s/%s does not decode: %s\n", target, name, error.reason);
        exit (1);
    }
    lx_msg_destroy (&back);
    s_write (out, target, name, sender, body, size);
    free (body);
    lx_msg_destroy (&msg);
}

//  ---------------------------------------------------------------------
//  Messages with every field a command allows

//  A full lead of the city: chemicals (C2614), fits qujiang, zhizao, gaoxin.
static lx_lead_t *
s_lead (const char *id, const char *finder)
{
    lx_lead_t *lead = lx_lead_new ();
    assert (lead);
    lx_lead_set (&lead->id, id);
    lx_lead_set (&lead->finder, finder);
    lx_lead_set (&lead->investor, "衢州某新材料有限公司");
    lx_lead_set (&lead->uscc, "91330802MA29U5P27G");
    lx_lead_set (&lead->project, "锂电隔膜项目");
    lx_lead_set (&lead->summary, "年产5亿平方米湿法隔膜\n一期投资20亿元");
    lx_lead_set (&lead->contact, "王经理");
    lx_lead_set (&lead->phone, "13800000000");
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C2614");
    lx_lead_add_industry (lead, "C29");
    lx_lead_add_tag (lead, "氟硅新材料");
    lx_lead_add_tag (lead, "新能源");
    lead->investment = 2000000000;
    lead->land = 120;
    lead->tax = 50000000;
    lead->output = 3000000000;
    lead->type = LX_TYPE_MANUFACTURING;
    lead->channel = LX_CHANNEL_OWN;
    return lead;
}

//  A message of kind cmd from / to node with seq (when numbered).
static lx_msg_t *
s_msg (lx_cmd_t cmd, const char *node, int64_t seq)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    assert (msg);
    if (node && lx_msg_allows (msg, LX_F_NODE))
        lx_msg_set_str (msg, LX_F_NODE, node);
    if (lx_cmd_is_numbered (cmd))
        lx_msg_set_int (msg, LX_F_SEQ, seq);
    return msg;
}

//  A message of kind cmd carrying lead's fields.
static lx_msg_t *
s_lead_msg (lx_cmd_t cmd, const char *node, int64_t seq, lx_lead_t *lead, bool with_contact)
{
    lx_msg_t *msg = s_msg (cmd, node, seq);
    lx_lead_to_msg (lead, msg, with_contact);
    return msg;
}

//  A command naming lead.
static lx_msg_t *
s_lead_cmd (lx_cmd_t cmd, const char *node, const char *lead)
{
    lx_msg_t *msg = s_msg (cmd, node, 7);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  A progress report; metric NULL for a stage alone.
static lx_msg_t *
s_progress (const char *node, const char *lead, const char *stage, const char *metric, int64_t amount)
{
    lx_msg_t *msg = s_lead_cmd (LX_CMD_PROGRESS, node, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-01");
    if (metric) {
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, amount);
    }
    return msg;
}

//  A decision; metric NULL for none overridden, reason NULL for none.
static lx_msg_t *
s_decide (const char *lead, const char *decision, const char *metric, const char *reason)
{
    lx_msg_t *msg = s_lead_cmd (LX_CMD_DECIDE, "center", lead);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    if (metric)
        lx_msg_put (msg, LX_F_SPLITS, metric, 5000);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A progressed event with consistent shares, or a stage alone (metric NULL).
static lx_msg_t *
s_progressed (const char *node, const char *lead, int64_t id, const char *finder, const char *lander,
              const char *stage, const char *metric, int64_t amount, int64_t bp)
{
    lx_msg_t *msg = s_msg (LX_CMD_PROGRESSED, node, 9);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    lx_msg_set_int (msg, LX_F_PROGRESS, id);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-01");
    lx_msg_set_str (msg, LX_F_FINDER, finder);
    lx_msg_set_str (msg, LX_F_LANDER, lander);
    if (metric) {
        int64_t finder_share = (amount / 10000) * bp + (amount % 10000) * bp / 10000;
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, amount);
        lx_msg_set_int (msg, LX_F_FINDER_BP, bp);
        lx_msg_set_int (msg, LX_F_FINDER_SHARE, finder_share);
        lx_msg_set_int (msg, LX_F_LANDER_SHARE, amount - finder_share);
    }
    return msg;
}

//  Puts every metric's split into msg.
static void
s_all_splits (lx_msg_t *msg)
{
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        lx_msg_put (msg, LX_F_SPLITS, lx_metric_name (metric), metric == LX_METRIC_TAX? 5000: 3000);
}

//  Writes one valid message of every command to target.
static void
s_every_command (s_out_t *out, const char *target)
{
    lx_lead_t *lead = s_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = s_msg (LX_CMD_HELLO, "kecheng", 0);
    lx_msg_set_str (msg, LX_F_ROLE, "county");
    lx_msg_set_int (msg, LX_F_ACK, 12);
    s_write_msg (out, target, "hello", -1, msg, true);
    msg = s_msg (LX_CMD_PING, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, INT64_C (4611686018427387904));      //  2^62, the counter's top
    s_write_msg (out, target, "ping", -1, msg, true);
    s_write_msg (out, target, "ping-no-token", -1, s_msg (LX_CMD_PING, "kecheng", 0), true);
    msg = s_msg (LX_CMD_ACK, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    s_write_msg (out, target, "ack", -1, msg, true);
    s_write_msg (out, target, "lead", -1, s_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true), true);
    s_write_msg (out, target, "offer", -1, s_lead_cmd (LX_CMD_OFFER, "kecheng", "kecheng-000017"), true);
    s_write_msg (out, target, "claim", -1, s_lead_cmd (LX_CMD_CLAIM, "longyou", "kecheng-000017"), true);
    s_write_msg (out, target, "decide-approve-override", -1,
                 s_decide ("kecheng-000017", "approve", "tax", "宁德先例：税收五五分成"), true);
    s_write_msg (out, target, "decide-reject", -1, s_decide ("kecheng-000017", "reject", NULL, NULL), true);
    s_write_msg (out, target, "progress-amount", -1,
                 s_progress ("longyou", "kecheng-000017", "signed", "contract", 100000001), true);
    s_write_msg (out, target, "progress-stage", -1,
                 s_progress ("longyou", "kecheng-000017", "negotiating", NULL, 0), true);
    msg = s_msg (LX_CMD_WELCOME, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    lx_msg_set_int (msg, LX_F_HEAD, 34);
    s_write_msg (out, target, "welcome", -1, msg, true);
    msg = s_msg (LX_CMD_PONG, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    lx_msg_set_int (msg, LX_F_HEAD, 34);
    lx_msg_set_int (msg, LX_F_TOKEN, 5);
    s_write_msg (out, target, "pong", -1, msg, true);
    msg = s_msg (LX_CMD_ERROR, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_SEQ_GAP);
    lx_msg_set_str (msg, LX_F_REASON, "expected seq 18, got 20");
    lx_msg_set_int (msg, LX_F_REF, 18);
    s_write_msg (out, target, "error", -1, msg, true);
    msg = s_lead_msg (LX_CMD_OFFERED, "qujiang", 12, lead, false);
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    lx_msg_set_int (msg, LX_F_SCORE, 70);
    lx_msg_add_item (msg, LX_F_REASONS, "leading industry C26 matches C2614");
    lx_msg_add_item (msg, LX_F_REASONS, "tag 新能源");
    lx_msg_add_item (msg, LX_F_REASONS, "plot qj-01 衢江经济开发区 (100 mu, ≥250 万元/mu)");
    s_write_msg (out, target, "offered", -1, msg, true);
    msg = s_lead_cmd (LX_CMD_CLOSED, "qujiang", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_REASON, "taken by longyou");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    s_write_msg (out, target, "closed", -1, msg, true);
    msg = s_lead_cmd (LX_CMD_CLAIM_RESULT, "longyou", "kecheng-000017");
    lx_msg_set_bool (msg, LX_F_WON, true);
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "claimed, awaiting the center's approval");
    s_write_msg (out, target, "claim_result", -1, msg, true);
    msg = s_lead_cmd (LX_CMD_APPROVAL, "center", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    lx_msg_set_str (msg, LX_F_PROJECT, "锂电隔膜项目");
    lx_msg_set_str (msg, LX_F_INVESTOR, "衢州某新材料有限公司");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 200000000);
    lx_msg_set_str (msg, LX_F_CHANNEL, "own");
    s_all_splits (msg);
    s_write_msg (out, target, "approval", -1, msg, true);
    msg = s_lead_msg (LX_CMD_TRANSFER, "longyou", 10, lead, true);
    lx_msg_set_str (msg, LX_F_STAGE, "transferred");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "宁德先例：税收五五分成");
    s_all_splits (msg);
    s_write_msg (out, target, "transfer", -1, msg, true);
    s_write_msg (out, target, "progressed", -1,
                 s_progressed ("kecheng", "kecheng-000017", 1, "kecheng", "longyou", "signed",
                               "contract", 100000001, 3000), true);
    msg = s_msg (LX_CMD_REJECTED, "kecheng", 11);
    lx_msg_set_int (msg, LX_F_REF, 17);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CONFLICT);
    lx_msg_set_str (msg, LX_F_REASON, "lead kecheng-000017 is already registered");
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000017");
    s_write_msg (out, target, "rejected", -1, msg, true);
    msg = s_msg (LX_CMD_RECONCILE, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 3);
    lx_msg_add_item (msg, LX_F_DIGESTS, "sent 17 0123456789abcdef0123456789abcdef01234567");
    lx_msg_add_item (msg, LX_F_DIGESTS, "rejected 0 da39a3ee5e6b4b0d3255bfef95601890afd80709");
    s_write_msg (out, target, "reconcile", -1, msg, true);
    msg = s_msg (LX_CMD_RECONCILED, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 3);
    lx_msg_add_item (msg, LX_F_DIGESTS, "credit 2 0123456789abcdef0123456789abcdef01234567");
    s_write_msg (out, target, "reconciled", -1, msg, true);
    lx_lead_destroy (&lead);
}

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
s_raw_write (s_out_t *out, const char *name, s_raw_t *self, size_t cut)
{
    assert (cut <= self->buffer.size);
    s_write (out, "fuzz_msg", name, -1, self->buffer.data, self->buffer.size - cut);
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
s_raw_claim_with (s_out_t *out, const char *name, const char *key, const char *value, size_t size)
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
s_raw_lead_with (s_out_t *out, const char *name, const char *key, const char *value, size_t size)
{
    lx_lead_t *lead = s_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = s_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true);
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
static void
s_near_misses (s_out_t *out)
{
    s_raw_t raw;
    //  3: the prescan
    s_write (out, "fuzz_msg", "near-empty", -1, "", 0);
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
    lx_lead_t *lead = s_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = s_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true);
    const char *codes [] = { "C44", "C3", "c39", "U", "C3911X" };
    for (size_t index = 0; index < sizeof codes / sizeof codes [0]; index++) {
        lx_msg_t *bad = lx_msg_dup (msg);
        lx_msg_unset (bad, LX_F_INDUSTRIES);
        lx_msg_add_item (bad, LX_F_INDUSTRIES, codes [index]);
        char *name = zsys_sprintf ("near-industry-%s", codes [index]);
        s_write_msg (out, "fuzz_msg", name, -1, bad, false);
        zstr_free (&name);
    }
    lx_msg_t *bad = lx_msg_dup (msg);
    for (int index = 0; index < 7; index++)
        lx_msg_add_item (bad, LX_F_INDUSTRIES, "C26");
    s_write_msg (out, "fuzz_msg", "near-nine-industries", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_unset (bad, LX_F_INDUSTRIES);
    s_write_msg (out, "fuzz_msg", "near-no-industries", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_int (bad, LX_F_INVESTMENT, 1000000000000001);
    s_write_msg (out, "fuzz_msg", "near-investment-above-money", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_int (bad, LX_F_LAND, 10000001);
    s_write_msg (out, "fuzz_msg", "near-land-above-limit", -1, bad, false);
    bad = lx_msg_dup (msg);
    lx_msg_set_str (bad, LX_F_NODE, "kecheng-kecheng-kecheng-kecheng-k");     //  33 bytes
    s_write_msg (out, "fuzz_msg", "near-node-33-bytes", -1, bad, false);
    lx_msg_destroy (&msg);
    lx_lead_destroy (&lead);
    msg = s_decide ("kecheng-000017", "approve", "tax", "理由");
    s_all_splits (msg);
    lx_msg_put (msg, LX_F_SPLITS, "tax", 10001);
    s_write_msg (out, "fuzz_msg", "near-split-above-10000", -1, msg, false);
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

//  ---------------------------------------------------------------------
//  fuzz_logic: node commands against the broker fixture

//  Writes msg from the district node to fuzz_logic's corpus, its node
//  field set to the sender.
static void
s_logic (s_out_t *out, const char *name, const char *node, lx_msg_t *msg)
{
    int sender = fuzz_city_index (node);
    assert (sender >= 0);
    lx_msg_set_str (msg, LX_F_NODE, node);
    s_write_msg (out, "fuzz_logic", name, sender, msg, true);
}

//  A registration of id by finder; industries is a comma-separated list.
static lx_msg_t *
s_registration (const char *id, const char *finder, const char *industries, int64_t investment,
                int64_t land, const char *tag)
{
    lx_lead_t *lead = s_lead (id, finder);
    lx_lead_set_industries_csv (lead, industries);
    lx_lead_set_tags_csv (lead, tag);
    lead->investment = investment;
    lead->land = land;
    lx_msg_t *msg = s_lead_msg (LX_CMD_LEAD, finder, 101, lead, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  Writes fuzz_logic's seeds: every command, accepted and refused.
static void
s_logic_seeds (s_out_t *out)
{
    //  lead
    s_logic (out, "lead-kecheng", "kecheng",
             s_registration ("kecheng-000101", "kecheng", "C2614,C29", 2000000000, 120, "氟硅新材料"));
    s_logic (out, "lead-zhizao-plot", "kecheng",
             s_registration ("kecheng-000102", "kecheng", "C3841", 3000000000, 400, "新能源,锂电池"));
    s_logic (out, "lead-below-minimum", "kecheng",
             s_registration ("kecheng-000103", "kecheng", "C3841", 50000000, 0, ""));
    s_logic (out, "lead-plot-too-small", "qujiang",
             s_registration ("qujiang-000101", "qujiang", "C3841,C397", 90000000000, 900, "智能装备"));
    s_logic (out, "lead-low-intensity", "gaoxin",
             s_registration ("gaoxin-000101", "gaoxin", "C26", 100000, 100, "特种纸"));
    s_logic (out, "lead-section-only", "lo-beijing",
             s_registration ("lo-beijing-000101", "lo-beijing", "C,I65", 1, 1, "数字经济"));
    s_logic (out, "lead-center", "center",
             s_registration ("center-000001", "center", "A01", 0, 0, ""));
    s_logic (out, "lead-again", "kecheng",
             s_registration (FUZZ_LEAD_CAPTURED, "kecheng", "C2614", 2000000000, 120, ""));
    s_logic (out, "lead-other-finder", "qujiang",
             s_registration ("kecheng-000104", "kecheng", "C2614", 2000000000, 120, ""));
    s_logic (out, "lead-id-prefix", "kecheng",
             s_registration ("kechengx-000001", "kecheng", "C2614", 2000000000, 120, ""));
    lx_msg_t *msg = s_registration ("kecheng-000105", "kecheng", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    s_logic (out, "lead-stage-offered", "kecheng", msg);
    msg = s_registration ("kecheng-000106", "kecheng", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_STAGE, "assessing");
    lx_msg_set_str (msg, LX_F_CHANNEL, "liaison");
    lx_msg_unset (msg, LX_F_USCC);
    lx_msg_unset (msg, LX_F_CONTACT);
    lx_msg_unset (msg, LX_F_PHONE);
    s_logic (out, "lead-assessing-liaison", "kecheng", msg);
    //  offer
    s_logic (out, "offer-captured", "kecheng", s_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_CAPTURED));
    s_logic (out, "offer-rejected-again", "kecheng", s_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_REJECTED));
    s_logic (out, "offer-own", "qujiang", s_lead_cmd (LX_CMD_OFFER, "qujiang", FUZZ_LEAD_OWN));
    s_logic (out, "offer-open", "kecheng", s_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_OPEN));
    s_logic (out, "offer-transferred", "kecheng",
             s_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_TRANSFERRED));
    s_logic (out, "offer-not-finder", "qujiang", s_lead_cmd (LX_CMD_OFFER, "qujiang", FUZZ_LEAD_CAPTURED));
    s_logic (out, "offer-unknown", "kecheng", s_lead_cmd (LX_CMD_OFFER, "kecheng", "kecheng-999999"));
    //  claim
    const char *claimants [] = { "qujiang", "zhizao", "gaoxin", "kecheng", "lo-beijing", "center" };
    for (size_t index = 0; index < sizeof claimants / sizeof claimants [0]; index++) {
        char *name = zsys_sprintf ("claim-open-%s", claimants [index]);
        s_logic (out, name, claimants [index], s_lead_cmd (LX_CMD_CLAIM, claimants [index], FUZZ_LEAD_OPEN));
        zstr_free (&name);
    }
    s_logic (out, "claim-taken", "qujiang", s_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_CLAIMED));
    s_logic (out, "claim-held", "zhizao", s_lead_cmd (LX_CMD_CLAIM, "zhizao", FUZZ_LEAD_CLAIMED));
    s_logic (out, "claim-rejected", "qujiang", s_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_REJECTED));
    s_logic (out, "claim-captured", "qujiang", s_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_CAPTURED));
    s_logic (out, "claim-liaison", "gaoxin", s_lead_cmd (LX_CMD_CLAIM, "gaoxin", FUZZ_LEAD_LIAISON));
    s_logic (out, "claim-transferred", "gaoxin",
             s_lead_cmd (LX_CMD_CLAIM, "gaoxin", FUZZ_LEAD_TRANSFERRED));
    //  decide
    s_logic (out, "decide-approve", "center", s_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, NULL));
    s_logic (out, "decide-reject", "center", s_decide (FUZZ_LEAD_CLAIMED, "reject", NULL, "另有安排"));
    s_logic (out, "decide-override", "center", s_decide (FUZZ_LEAD_CLAIMED, "approve", "tax", "税收五五分成"));
    msg = s_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, "全部指标另议");
    s_all_splits (msg);
    s_logic (out, "decide-override-all", "center", msg);
    s_logic (out, "decide-override-no-reason", "center", s_decide (FUZZ_LEAD_CLAIMED, "approve", "tax", NULL));
    s_logic (out, "decide-reject-split", "center", s_decide (FUZZ_LEAD_CLAIMED, "reject", "tax", "理由"));
    s_logic (out, "decide-not-center", "kecheng", s_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, NULL));
    s_logic (out, "decide-open", "center", s_decide (FUZZ_LEAD_OPEN, "approve", NULL, NULL));
    s_logic (out, "decide-transferred", "center", s_decide (FUZZ_LEAD_TRANSFERRED, "approve", NULL, NULL));
    s_logic (out, "decide-unknown", "center", s_decide ("kecheng-999999", "reject", NULL, NULL));
    //  progress
    s_logic (out, "progress-first-signing", "qujiang",
             s_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "signed", "contract", 100000001));
    s_logic (out, "progress-negotiating", "qujiang",
             s_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "negotiating", NULL, 0));
    s_logic (out, "progress-capacity-output", "qujiang",
             s_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "capacity", "output", 1000000000000000));
    s_logic (out, "progress-finder-of-transferred", "kecheng",
             s_progress ("kecheng", FUZZ_LEAD_TRANSFERRED, "signed", NULL, 0));
    s_logic (out, "progress-own-signed", "qujiang",
             s_progress ("qujiang", FUZZ_LEAD_OWN, "signed", "funds", 300000000));
    s_logic (out, "progress-own-assessing", "qujiang",
             s_progress ("qujiang", FUZZ_LEAD_OWN, "assessing", NULL, 0));
    s_logic (out, "progress-signed-tax", "gaoxin",
             s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "started", "tax", 7777777));
    s_logic (out, "progress-signed-again", "gaoxin",
             s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "contract", 1));
    s_logic (out, "progress-backwards", "gaoxin",
             s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "negotiating", NULL, 0));
    s_logic (out, "progress-struck", "gaoxin", s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "struck", NULL, 0));
    s_logic (out, "progress-count", "gaoxin",
             s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "count", 10000));
    msg = s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "funds", 1);
    lx_msg_unset (msg, LX_F_AMOUNT);
    s_logic (out, "progress-metric-alone", "gaoxin", msg);
    msg = s_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", NULL, 0);
    lx_msg_set_int (msg, LX_F_AMOUNT, 5);
    s_logic (out, "progress-amount-alone", "gaoxin", msg);
    s_logic (out, "progress-claimed", "zhizao", s_progress ("zhizao", FUZZ_LEAD_CLAIMED, "signed", NULL, 0));
    s_logic (out, "progress-open", "kecheng", s_progress ("kecheng", FUZZ_LEAD_OPEN, "signed", NULL, 0));
    s_logic (out, "progress-unknown", "kecheng", s_progress ("kecheng", "kecheng-999999", "signed", NULL, 0));
    //  A broker's event sent by a node: not a node's command.
    lx_lead_t *lead = s_lead (FUZZ_LEAD_OPEN, "kecheng");
    msg = s_lead_msg (LX_CMD_OFFERED, "kecheng", 3, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 40);
    s_logic (out, "wrong-direction-offered", "kecheng", msg);
}

//  ---------------------------------------------------------------------
//  fuzz_node: the broker's events for the node fixture

//  Writes an event for the node fixture to fuzz_node's corpus.
static void
s_node (s_out_t *out, const char *name, lx_msg_t *msg)
{
    lx_msg_set_str (msg, LX_F_NODE, FUZZ_NODE_SELF);
    s_write_msg (out, "fuzz_node", name, -1, msg, true);
}

//  A transfer of lead (found by finder) to lander.
static lx_msg_t *
s_transfer (const char *id, const char *finder, const char *decision, const char *lander, bool contact)
{
    lx_lead_t *lead = s_lead (id, finder);
    lead->stage = streq (decision, "approve")? LX_STAGE_TRANSFERRED: LX_STAGE_ASSESSING;
    lx_msg_t *msg = s_lead_msg (LX_CMD_TRANSFER, FUZZ_NODE_SELF, 20, lead, contact);
    lx_lead_destroy (&lead);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    lx_msg_set_str (msg, LX_F_LANDER, lander);
    if (streq (decision, "approve"))
        s_all_splits (msg);
    return msg;
}

//  Writes fuzz_node's seeds: every event, about the node fixture's leads.
static void
s_node_seeds (s_out_t *out)
{
    lx_lead_t *lead = s_lead ("kecheng-000006", "kecheng");
    lead->stage = LX_STAGE_OFFERED;
    lx_msg_t *msg = s_lead_msg (LX_CMD_OFFERED, FUZZ_NODE_SELF, 20, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 100);
    for (int index = 0; index < 16; index++)
        lx_msg_add_item (msg, LX_F_REASONS, index % 2? "tag 新能源": "leading industry C26 matches C2614");
    s_node (out, "offered-new", msg);
    lead = s_lead (FUZZ_NODE_OFFERED_LEAD, "kecheng");
    lead->stage = LX_STAGE_OFFERED;
    msg = s_lead_msg (LX_CMD_OFFERED, FUZZ_NODE_SELF, 20, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 0);
    s_node (out, "offered-again", msg);
    msg = s_lead_cmd (LX_CMD_CLOSED, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_REASON, "taken by zhizao");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "zhizao");
    s_node (out, "closed", msg);
    msg = s_lead_cmd (LX_CMD_CLOSED, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_REASON, "");
    s_node (out, "closed-no-claimant", msg);
    const char *results [][3] = {
        { "claim_result-won", FUZZ_NODE_OFFERED_LEAD, FUZZ_NODE_SELF },
        { "claim_result-lost", FUZZ_NODE_OFFERED_LEAD, "zhizao" },
        { "claim_result-own-claimed", FUZZ_NODE_OWN_LEAD, "gaoxin" },
    };
    for (size_t index = 0; index < sizeof results / sizeof results [0]; index++) {
        msg = s_lead_cmd (LX_CMD_CLAIM_RESULT, FUZZ_NODE_SELF, results [index][1]);
        lx_msg_set_bool (msg, LX_F_WON, index != 1);
        lx_msg_set_str (msg, LX_F_CLAIMANT, results [index][2]);
        lx_msg_set_str (msg, LX_F_REASON, index == 1? "taken by zhizao": "claimed, awaiting the center's approval");
        s_node (out, results [index][0], msg);
    }
    msg = s_lead_cmd (LX_CMD_APPROVAL, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_CLAIMANT, FUZZ_NODE_SELF);
    lx_msg_set_str (msg, LX_F_PROJECT, "锂电隔膜项目");
    lx_msg_set_str (msg, LX_F_INVESTOR, "衢州某新材料有限公司");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 2000000000);
    lx_msg_set_str (msg, LX_F_CHANNEL, "association");
    s_all_splits (msg);
    s_node (out, "approval", msg);
    s_node (out, "transfer-landed-here", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "approve",
                                                     FUZZ_NODE_SELF, true));
    s_node (out, "transfer-landed-elsewhere", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "approve",
                                                          "zhizao", false));
    s_node (out, "transfer-rejected", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "reject",
                                                  FUZZ_NODE_SELF, false));
    s_node (out, "transfer-own-lead-out", s_transfer (FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "approve",
                                                      "gaoxin", false));
    s_node (out, "transfer-own-lead-rejected", s_transfer (FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "reject",
                                                           "gaoxin", false));
    s_node (out, "progressed-landed-contract",
            s_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 2, "kecheng", FUZZ_NODE_SELF, "signed",
                          "contract", 100000001, 3000));
    s_node (out, "progressed-landed-count",
            s_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 3, "kecheng", FUZZ_NODE_SELF, "signed",
                          "count", 10000, 3333));
    s_node (out, "progressed-same-id",
            s_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 1, "kecheng", FUZZ_NODE_SELF, "started",
                          NULL, 0, 0));
    s_node (out, "progressed-own",
            s_progressed (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, 4, FUZZ_NODE_SELF, FUZZ_NODE_SELF, "capacity",
                          "tax", 1000000000000000, 0));
    s_node (out, "progressed-as-finder",
            s_progressed (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, 5, FUZZ_NODE_SELF, "gaoxin", "signed",
                          "funds", 999999, 10000));
    msg = s_msg (LX_CMD_REJECTED, FUZZ_NODE_SELF, 20);
    lx_msg_set_int (msg, LX_F_REF, 2);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CONFLICT);
    lx_msg_set_str (msg, LX_F_REASON, "lead qujiang-000001 is offered and cannot be offered");
    lx_msg_set_str (msg, LX_F_LEAD, FUZZ_NODE_OWN_LEAD);
    s_node (out, "rejected", msg);
    msg = s_msg (LX_CMD_REJECTED, FUZZ_NODE_SELF, 20);
    lx_msg_set_int (msg, LX_F_REF, INT64_C (4611686018427387904));
    lx_msg_set_int (msg, LX_F_CODE, 999);
    lx_msg_set_str (msg, LX_F_REASON, "x");
    s_node (out, "rejected-no-lead", msg);
    //  A node's command where an event belongs: ignored.
    s_node (out, "wrong-direction-claim", s_lead_cmd (LX_CMD_CLAIM, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD));
}

//  ---------------------------------------------------------------------
//  The dictionary

//  The dictionary being written.
typedef struct {
    FILE *file;                 //  dir/leadx.dict
    zhashx_t *seen;             //  entries written, so that none repeats
} s_dict_t;

//  Writes one dictionary entry, unless written already: text as a msgpack
//  str (fixstr or str8), escaped for libFuzzer's dictionary syntax.
static void
s_dict_str (s_dict_t *dict, const char *text)
{
    if (zhashx_lookup (dict->seen, text))
        return;
    zhashx_insert (dict->seen, text, (void *) 1);
    size_t size = strlen (text);
    fputc ('"', dict->file);
    if (size < 32)
        fprintf (dict->file, "\\x%02x", (unsigned) (0xA0 | size));
    else
        fprintf (dict->file, "\\xd9\\x%02x", (unsigned) size);
    for (const unsigned char *at = (const unsigned char *) text; *at; at++)
        if (*at >= 0x20 && *at < 0x7F && *at != '"' && *at != '\\')
            fputc (*at, dict->file);
        else
            fprintf (dict->file, "\\x%02x", *at);
    fputs ("\"\n", dict->file);
}

//  Writes dir/leadx.dict: every command and field name, every vocabulary
//  word, the fixture's districts and leads, as msgpack strs; and the
//  msgpack type bytes the decoder branches on. Exits on failure.
static void
s_dictionary (s_out_t *out)
{
    char *path = zsys_sprintf ("%s/leadx.dict", out->dir);
    s_dict_t dict = { fopen (path, "w"), zhashx_new () };
    if (!dict.file || !dict.seen) {
        fprintf (stderr, "fuzz_seeds: cannot write %s: %s\n", path, strerror (errno));
        exit (1);
    }
    fprintf (dict.file, "# libFuzzer dictionary for the leadx fuzz targets; written by fuzz_seeds.c.\n");
    fprintf (dict.file, "# Command and field names, vocabularies, the fixture's districts and leads,\n");
    fprintf (dict.file, "# values of each kind (as msgpack strs); then msgpack type bytes.\n");
    s_dict_str (&dict, "cmd");
    for (int cmd = 0; cmd < LX_CMD_COUNT; cmd++)
        s_dict_str (&dict, lx_cmd_name (cmd));
    for (int field = 0; field < LX_F_COUNT; field++)
        s_dict_str (&dict, lx_field_name (field));
    for (int stage = 0; stage < LX_STAGE_COUNT; stage++)
        s_dict_str (&dict, lx_stage_name (stage));
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        s_dict_str (&dict, lx_metric_name (metric));
    for (int type = 0; type < LX_TYPE_COUNT; type++)
        s_dict_str (&dict, lx_type_name (type));
    for (int channel = 0; channel < LX_CHANNEL_COUNT; channel++)
        s_dict_str (&dict, lx_channel_name (channel));
    for (int role = 0; role < LX_ROLE_COUNT; role++)
        s_dict_str (&dict, lx_role_name (role));
    s_dict_str (&dict, "approve");
    s_dict_str (&dict, "reject");
    for (size_t index = 0; index < FUZZ_CITY_DISTRICTS; index++)
        s_dict_str (&dict, fuzz_city_district (index));
    const char *values [] = {
        FUZZ_LEAD_CAPTURED, FUZZ_LEAD_OPEN, FUZZ_LEAD_CLAIMED, FUZZ_LEAD_TRANSFERRED,
        FUZZ_LEAD_REJECTED, FUZZ_LEAD_OWN, FUZZ_LEAD_SIGNED, FUZZ_LEAD_LIAISON,
        "2026-11-20", "2024-02-29", "91330802MA29U5P27G", "C2614", "C26", "C3841", "C397", "C", "I65",
        "氟硅新材料", "新能源"
    };
    for (size_t index = 0; index < sizeof values / sizeof values [0]; index++)
        s_dict_str (&dict, values [index]);
    const char *types [] = {
        "\\xc0", "\\xc2", "\\xc3", "\\xcc\\xff", "\\xcd\\x27\\x10", "\\xce\\x00\\x0f\\x42\\x40",
        "\\xcf\\x40\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "\\xcf\\x7f\\xff\\xff\\xff\\xff\\xff\\xff\\xff",
        "\\xcf\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "\\xd0\\x7f",
        "\\xd3\\x00\\x03\\x8d\\x7e\\xa4\\xc6\\x80\\x00", "\\xd9\\x20", "\\xda\\x01\\x00",
        "\\xdb\\x00\\x00\\x01\\x00", "\\xdc\\x00\\x08", "\\xde\\x00\\x06", "\\x96", "\\x98", "\\x99",
        "\\x86", "\\x87", "\\x8f", "\\xcb\\x40\\x45\\x00\\x00\\x00\\x00\\x00\\x00", "\\xc4\\x03", "\\xd4\\x01",
    };
    for (size_t index = 0; index < sizeof types / sizeof types [0]; index++)
        fprintf (dict.file, "\"%s\"\n", types [index]);
    zhashx_destroy (&dict.seen);
    if (fclose (dict.file)) {
        fprintf (stderr, "fuzz_seeds: cannot write %s: %s\n", path, strerror (errno));
        exit (1);
    }
    zstr_free (&path);
}

//  Writes everything under argv [1]. Returns 0, or exits 1 on failure.
int
main (int argc, char *argv [])
{
    if (argc != 2) {
        fprintf (stderr, "usage: fuzz_seeds DIR    (writes DIR/corpus/*/ and DIR/leadx.dict)\n");
        return 1;
    }
    s_out_t out = { argv [1], 0 };
    const char *targets [] = { "fuzz_msg", "fuzz_logic", "fuzz_node" };
    char *corpus = zsys_sprintf ("%s/corpus", out.dir);
    s_mkdir (out.dir);
    s_mkdir (corpus);
    for (size_t index = 0; index < sizeof targets / sizeof targets [0]; index++) {
        char *path = zsys_sprintf ("%s/%s", corpus, targets [index]);
        s_mkdir (path);
        zstr_free (&path);
    }
    zstr_free (&corpus);
    s_every_command (&out, "fuzz_msg");
    s_near_misses (&out);
    s_logic_seeds (&out);
    s_node_seeds (&out);
    s_dictionary (&out);
    printf ("fuzz_seeds: %d seeds and leadx.dict written under %s\n", out.files, out.dir);
    return 0;
}
