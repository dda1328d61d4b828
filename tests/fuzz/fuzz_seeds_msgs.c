/*  fuzz_seeds_msgs: the seed generator's message builders, and every
    command written valid (fuzz_seeds.h).
*/

#include "fuzz_seeds.h"
#include "lx_ledger.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <errno.h>
#include <msgpack.h>
#include <stdio.h>

//  Writes one seed: dir/corpus/target/name holding the sender byte (when
//  sender >= 0) and then size bytes of data. Exits on failure.
void
fuzz_seeds_write (fuzz_seeds_out_t *out, const char *target, const char *name, int sender,
                  const void *data, size_t size)
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
void
fuzz_seeds_write_msg (fuzz_seeds_out_t *out, const char *target, const char *name, int sender, lx_msg_t *msg,
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
    fuzz_seeds_write (out, target, name, sender, body, size);
    free (body);
    lx_msg_destroy (&msg);
}

//  ---------------------------------------------------------------------
//  Messages with every field a command allows

//  A full lead of the city: chemicals (C2614), fits qujiang, zhizao, gaoxin.
lx_lead_t *
fuzz_seeds_lead (const char *id, const char *finder)
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
lx_msg_t *
fuzz_seeds_msg (lx_cmd_t cmd, const char *node, int64_t seq)
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
lx_msg_t *
fuzz_seeds_lead_msg (lx_cmd_t cmd, const char *node, int64_t seq, lx_lead_t *lead, bool with_contact)
{
    lx_msg_t *msg = fuzz_seeds_msg (cmd, node, seq);
    lx_lead_to_msg (lead, msg, with_contact);
    return msg;
}

//  A command naming lead.
lx_msg_t *
fuzz_seeds_lead_cmd (lx_cmd_t cmd, const char *node, const char *lead)
{
    lx_msg_t *msg = fuzz_seeds_msg (cmd, node, 7);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  A progress report; metric NULL for a stage alone.
lx_msg_t *
fuzz_seeds_progress (const char *node, const char *lead, const char *stage, const char *metric, int64_t amount)
{
    lx_msg_t *msg = fuzz_seeds_lead_cmd (LX_CMD_PROGRESS, node, lead);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-01");
    if (metric) {
        lx_msg_set_str (msg, LX_F_METRIC, metric);
        lx_msg_set_int (msg, LX_F_AMOUNT, amount);
    }
    return msg;
}

//  A decision; metric NULL for none overridden, reason NULL for none.
lx_msg_t *
fuzz_seeds_decide (const char *lead, const char *decision, const char *metric, const char *reason)
{
    lx_msg_t *msg = fuzz_seeds_lead_cmd (LX_CMD_DECIDE, "center", lead);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    if (metric)
        lx_msg_put (msg, LX_F_SPLITS, metric, 5000);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A progressed event with consistent shares, or a stage alone (metric NULL).
lx_msg_t *
fuzz_seeds_progressed (const char *node, const char *lead, int64_t id, const char *finder, const char *lander,
              const char *stage, const char *metric, int64_t amount, int64_t bp)
{
    lx_msg_t *msg = fuzz_seeds_msg (LX_CMD_PROGRESSED, node, 9);
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
        lx_msg_set_bool (msg, LX_F_COUNTED, true);
        //  The first entry of node's chain, as the broker would chain it.
        lx_ledger_entry_t entry = { .progress = id, .amount = amount, .finder_bp = bp,
                                    .finder_share = finder_share, .lander_share = amount - finder_share,
                                    .counted = 1 };
        snprintf (entry.lead, sizeof entry.lead, "%s", lead);
        snprintf (entry.stage, sizeof entry.stage, "%s", stage);
        snprintf (entry.date, sizeof entry.date, "2026-12-01");
        snprintf (entry.metric, sizeof entry.metric, "%s", metric);
        snprintf (entry.finder, sizeof entry.finder, "%s", finder);
        snprintf (entry.lander, sizeof entry.lander, "%s", lander);
        char hash [65], signature [LX_SIGN_HEX + 1];
        int linked = lx_ledger_link (node, LX_CHAIN_GENESIS, &entry, hash);
        assert (linked == 0);
        lx_msg_set_int (msg, LX_F_LEDGER, 1);
        lx_msg_set_str (msg, LX_F_HASH, hash);
        //  ... and signed with the fixture city's broker key.
        lx_sign_t *key = fuzz_city_sign (true);
        assert (key);
        int signed_off = lx_sign_head (key, node, 1, hash, signature);
        assert (signed_off == 0);
        lx_sign_destroy (&key);
        lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    }
    return msg;
}

//  Puts every metric's split into msg.
void
fuzz_seeds_all_splits (lx_msg_t *msg)
{
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        lx_msg_put (msg, LX_F_SPLITS, lx_metric_name (metric), metric == LX_METRIC_TAX? 5000: 3000);
}

//  The center's resolve of lead's conflict (resolution: keep, transfer,
//  merge, dismiss).
lx_msg_t *
fuzz_seeds_resolve (const char *node, const char *lead, const char *resolution, const char *reason)
{
    lx_msg_t *msg = fuzz_seeds_lead_cmd (LX_CMD_RESOLVE, node, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  The center's strike of the count leads named (none when count is 0);
//  due is -1 to leave the field out, else its value.
lx_msg_t *
fuzz_seeds_strike (const char *node, const char *const *leads, size_t count, int due, const char *reason)
{
    lx_msg_t *msg = fuzz_seeds_msg (LX_CMD_STRIKE, node, 7);
    for (size_t index = 0; index < count; index++)
        lx_msg_add_item (msg, LX_F_LEADS, leads [index]);
    if (due >= 0)
        lx_msg_set_bool (msg, LX_F_DUE, due != 0);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  An event of kind cmd about lead, found by finder.
static lx_msg_t *
s_lead_event (lx_cmd_t cmd, const char *node, const char *lead, const char *finder)
{
    lx_msg_t *msg = fuzz_seeds_msg (cmd, node, 21);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    lx_msg_set_str (msg, LX_F_FINDER, finder);
    return msg;
}

//  A conflict event: lead (found by finder) names the investor of earlier,
//  registered by holder, matched by match (uscc, name, similar).
lx_msg_t *
fuzz_seeds_conflict (const char *node, const char *lead, const char *finder, const char *earlier,
                     const char *holder, const char *match, int64_t similarity)
{
    lx_msg_t *msg = s_lead_event (LX_CMD_CONFLICT, node, lead, finder);
    lx_msg_set_str (msg, LX_F_INVESTOR, "某化工集团有限公司");
    lx_msg_set_str (msg, LX_F_EARLIER, earlier);
    lx_msg_set_str (msg, LX_F_HOLDER, holder);
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-02");
    lx_msg_set_str (msg, LX_F_UNTIL, "2027-05-01");
    lx_msg_set_str (msg, LX_F_MATCH, match);
    lx_msg_set_int (msg, LX_F_SIMILARITY, similarity);
    return msg;
}

//  A resolved event: the center's resolution of lead's conflict with earlier.
lx_msg_t *
fuzz_seeds_resolved (const char *node, const char *lead, const char *finder, const char *earlier,
                     const char *holder, const char *resolution, const char *reason)
{
    lx_msg_t *msg = s_lead_event (LX_CMD_RESOLVED, node, lead, finder);
    lx_msg_set_str (msg, LX_F_EARLIER, earlier);
    lx_msg_set_str (msg, LX_F_HOLDER, holder);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A struck event.
lx_msg_t *
fuzz_seeds_struck (const char *node, const char *lead, const char *finder, const char *reason)
{
    lx_msg_t *msg = s_lead_event (LX_CMD_STRUCK, node, lead, finder);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A returned event: lead back at stage, taken from claimant (NULL: none).
lx_msg_t *
fuzz_seeds_returned (const char *node, const char *lead, const char *finder, const char *claimant,
                     const char *stage, const char *reason)
{
    lx_msg_t *msg = s_lead_event (LX_CMD_RETURNED, node, lead, finder);
    if (claimant)
        lx_msg_set_str (msg, LX_F_CLAIMANT, claimant);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  A stale event: lead at stage, held by claimant (NULL: none), silent since date.
lx_msg_t *
fuzz_seeds_stale (const char *node, const char *lead, const char *finder, const char *claimant,
                  const char *stage, const char *date, const char *reason)
{
    lx_msg_t *msg = s_lead_event (LX_CMD_STALE, node, lead, finder);
    if (claimant)
        lx_msg_set_str (msg, LX_F_CLAIMANT, claimant);
    lx_msg_set_str (msg, LX_F_STAGE, stage);
    lx_msg_set_str (msg, LX_F_DATE, date);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  Writes one valid message of every command to target.
void
fuzz_seeds_every_command (fuzz_seeds_out_t *out, const char *target)
{
    lx_lead_t *lead = fuzz_seeds_lead ("kecheng-000017", "kecheng");
    lx_msg_t *msg = fuzz_seeds_msg (LX_CMD_HELLO, "kecheng", 0);
    lx_msg_set_str (msg, LX_F_ROLE, "county");
    lx_msg_set_int (msg, LX_F_ACK, 12);
    lx_msg_set_int (msg, LX_F_INSTANCE, 7);
    fuzz_seeds_write_msg (out, target, "hello", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_PING, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, INT64_C (4611686018427387904));      //  2^62, the counter's top
    fuzz_seeds_write_msg (out, target, "ping", -1, msg, true);
    fuzz_seeds_write_msg (out, target, "ping-no-token", -1, fuzz_seeds_msg (LX_CMD_PING, "kecheng", 0), true);
    msg = fuzz_seeds_msg (LX_CMD_PING, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 6);
    lx_msg_set_bool (msg, LX_F_DUE, true);
    fuzz_seeds_write_msg (out, target, "ping-due", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_ACK, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    fuzz_seeds_write_msg (out, target, "ack", -1, msg, true);
    fuzz_seeds_write_msg (out, target, "lead", -1, fuzz_seeds_lead_msg (LX_CMD_LEAD, "kecheng", 17, lead, true), true);
    fuzz_seeds_write_msg (out, target, "offer", -1, fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", "kecheng-000017"), true);
    fuzz_seeds_write_msg (out, target, "claim", -1, fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "longyou", "kecheng-000017"), true);
    fuzz_seeds_write_msg (out, target, "decide-approve-override", -1,
                 fuzz_seeds_decide ("kecheng-000017", "approve", "tax", "宁德先例：税收五五分成"), true);
    fuzz_seeds_write_msg (out, target, "decide-reject", -1,
                 fuzz_seeds_decide ("kecheng-000017", "reject", NULL, "用地指标不足"), true);
    fuzz_seeds_write_msg (out, target, "progress-amount", -1,
                 fuzz_seeds_progress ("longyou", "kecheng-000017", "signed", "contract", 100000001), true);
    fuzz_seeds_write_msg (out, target, "progress-stage", -1,
                 fuzz_seeds_progress ("longyou", "kecheng-000017", "negotiating", NULL, 0), true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_WITHDRAW, "kecheng", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    fuzz_seeds_write_msg (out, target, "withdraw", -1, msg, true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", "kecheng-000017");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 250000000);
    lx_msg_set_str (msg, LX_F_CONTACT, "");
    lx_msg_set_list (msg, LX_F_TAGS);
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    fuzz_seeds_write_msg (out, target, "edit", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_WELCOME, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    lx_msg_set_int (msg, LX_F_HEAD, 34);
    lx_msg_set_str (msg, LX_F_HASH, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    lx_msg_set_str (msg, LX_F_CHALLENGE, "5f0c9a3e7d2b41c8a6e19f0b3d7c2e4a");
    fuzz_seeds_write_msg (out, target, "welcome", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_PONG, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    lx_msg_set_int (msg, LX_F_HEAD, 34);
    lx_msg_set_int (msg, LX_F_TOKEN, 5);
    fuzz_seeds_write_msg (out, target, "pong", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_ERROR, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_SEQ_GAP);
    lx_msg_set_str (msg, LX_F_REASON, "expected seq 18, got 20");
    lx_msg_set_int (msg, LX_F_REF, 18);
    fuzz_seeds_write_msg (out, target, "error", -1, msg, true);
    msg = fuzz_seeds_lead_msg (LX_CMD_OFFERED, "qujiang", 12, lead, false);
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    lx_msg_set_int (msg, LX_F_SCORE, 70);
    lx_msg_add_item (msg, LX_F_REASONS, "leading industry C26 matches C2614");
    lx_msg_add_item (msg, LX_F_REASONS, "tag 新能源");
    lx_msg_add_item (msg, LX_F_REASONS, "plot qj-01 衢江经济开发区 (100 mu, ≥250 万元/mu)");
    fuzz_seeds_write_msg (out, target, "offered", -1, msg, true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_CLOSED, "qujiang", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_REASON, "taken by longyou");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    fuzz_seeds_write_msg (out, target, "closed", -1, msg, true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_CLAIM_RESULT, "longyou", "kecheng-000017");
    lx_msg_set_bool (msg, LX_F_WON, true);
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "claimed, awaiting the center's approval");
    fuzz_seeds_write_msg (out, target, "claim_result", -1, msg, true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_APPROVAL, "center", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "longyou");
    lx_msg_set_str (msg, LX_F_PROJECT, "锂电隔膜项目");
    lx_msg_set_str (msg, LX_F_INVESTOR, "衢州某新材料有限公司");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 200000000);
    lx_msg_set_str (msg, LX_F_CHANNEL, "own");
    fuzz_seeds_all_splits (msg);
    fuzz_seeds_write_msg (out, target, "approval", -1, msg, true);
    msg = fuzz_seeds_lead_msg (LX_CMD_TRANSFER, "longyou", 10, lead, true);
    lx_msg_set_str (msg, LX_F_STAGE, "transferred");
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "宁德先例：税收五五分成");
    fuzz_seeds_all_splits (msg);
    fuzz_seeds_write_msg (out, target, "transfer", -1, msg, true);
    fuzz_seeds_write_msg (out, target, "progressed", -1,
                 fuzz_seeds_progressed ("kecheng", "kecheng-000017", 1, "kecheng", "longyou", "signed",
                               "contract", 100000001, 3000), true);
    msg = fuzz_seeds_msg (LX_CMD_REJECTED, "kecheng", 11);
    lx_msg_set_int (msg, LX_F_REF, 17);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CONFLICT);
    lx_msg_set_str (msg, LX_F_REASON, "lead kecheng-000017 is already registered");
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000017");
    fuzz_seeds_write_msg (out, target, "rejected", -1, msg, true);
    msg = fuzz_seeds_lead_cmd (LX_CMD_WITHDRAWN, "longyou", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
    fuzz_seeds_write_msg (out, target, "withdrawn", -1, msg, true);
    msg = fuzz_seeds_lead_msg (LX_CMD_EDITED, "longyou", 13, lead, true);
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    fuzz_seeds_write_msg (out, target, "edited", -1, msg, true);
        msg = fuzz_seeds_msg (LX_CMD_RECONCILE, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 3);
    lx_msg_set_str (msg, LX_F_CHALLENGE, "5f0c9a3e7d2b41c8a6e19f0b3d7c2e4a");
    lx_msg_add_item (msg, LX_F_DIGESTS, "sent 17 0123456789abcdef0123456789abcdef01234567");
    lx_msg_add_item (msg, LX_F_DIGESTS, "rejected 0 da39a3ee5e6b4b0d3255bfef95601890afd80709");
    fuzz_seeds_write_msg (out, target, "reconcile", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_RECONCILED, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 3);
    lx_msg_add_item (msg, LX_F_DIGESTS, "credit 2 0123456789abcdef0123456789abcdef01234567");
    lx_msg_set_str (msg, LX_F_CHALLENGE, "0d9e2f4b6a8c1e3f5a7b9c0d2e4f6a8b");
    fuzz_seeds_write_msg (out, target, "reconciled", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_ERROR, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CHALLENGE);
    lx_msg_set_str (msg, LX_F_REASON, "not the current challenge");
    lx_msg_set_str (msg, LX_F_CHALLENGE, "0d9e2f4b6a8c1e3f5a7b9c0d2e4f6a8b");
    fuzz_seeds_write_msg (out, target, "error-challenge", -1, msg, true);
    //  A report held for the center, and the center's word on it.
    msg = fuzz_seeds_lead_cmd (LX_CMD_HELD, "longyou", "kecheng-000017");
    lx_msg_set_int (msg, LX_F_SEQ, 14);
    lx_msg_set_int (msg, LX_F_HELD, 2);
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_LANDER, "longyou");
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-20");
    lx_msg_set_str (msg, LX_F_METRIC, "funds");
    lx_msg_set_int (msg, LX_F_AMOUNT, INT64_C (1000000000000000));
    lx_msg_set_str (msg, LX_F_STATUS, "held");
    lx_msg_set_str (msg, LX_F_REASON, "funds would total 1000000000000000 yuan, above 3.00 times the planned investment");
    fuzz_seeds_write_msg (out, target, "held", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_CONFIRM, "center", 5);
    lx_msg_set_int (msg, LX_F_HELD, 2);
    lx_msg_set_str (msg, LX_F_DECISION, "reject");
    lx_msg_set_str (msg, LX_F_REASON, "到位资金与计划投资不符，退回核实");
    fuzz_seeds_write_msg (out, target, "confirm", -1, msg, true);
    //  The register and its timers: the center's commands, and the events.
    fuzz_seeds_write_msg (out, target, "resolve", -1,
                 fuzz_seeds_resolve ("center", "longyou-000003", "merge", "同一投资方，以柯城区报备为准"), true);
    const char *struck [] = { "kecheng-000017", "longyou-000003" };
    fuzz_seeds_write_msg (out, target, "strike-leads", -1,
                 fuzz_seeds_strike ("center", struck, 2, -1, "月度清理：三个月无进展"), true);
    fuzz_seeds_write_msg (out, target, "strike-due", -1,
                 fuzz_seeds_strike ("center", NULL, 0, 1, "月度清理：三个月无进展"), true);
    fuzz_seeds_write_msg (out, target, "conflict", -1,
                 fuzz_seeds_conflict ("longyou", "longyou-000003", "longyou", "kecheng-000017", "kecheng",
                                      "similar", 8000), true);
    fuzz_seeds_write_msg (out, target, "resolved", -1,
                 fuzz_seeds_resolved ("kecheng", "longyou-000003", "longyou", "kecheng-000017", "kecheng",
                                      "keep", "柯城区先报备"), true);
    fuzz_seeds_write_msg (out, target, "struck", -1,
                 fuzz_seeds_struck ("longyou", "longyou-000003", "longyou", "a duplicate of kecheng-000017,"
                                    " registered first by kecheng: 柯城区先报备"), true);
    fuzz_seeds_write_msg (out, target, "returned", -1,
                 fuzz_seeds_returned ("kecheng", "kecheng-000017", "kecheng", "longyou", "offered",
                                      "no progress reported since 2026-12-01 (30 days); returned to the pool"),
                 true);
    fuzz_seeds_write_msg (out, target, "stale", -1,
                 fuzz_seeds_stale ("center", "kecheng-000017", "kecheng", "longyou", "claimed", "2026-11-20",
                                   "claimed by the district and not decided since 2026-11-20 (30 days);"
                                   " the center's decision is due"), true);
    //  Delivery's own: where an offer went, an alert, a rebuild's recall,
    //  a daemon signing off.
    msg = fuzz_seeds_lead_cmd (LX_CMD_ROUTED, "kecheng", "kecheng-000017");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    lx_msg_add_item (msg, LX_F_ROUTES, "zhizao 75");
    lx_msg_add_item (msg, LX_F_ROUTES, "longyou 50");
    lx_msg_set_str (msg, LX_F_REASON, "offered to 2 districts");
    fuzz_seeds_write_msg (out, target, "routed", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_ALERT, "center", 9);
    lx_msg_set_str (msg, LX_F_DISTRICT, "longyou");
    lx_msg_set_str (msg, LX_F_REASON, "two processes connect with longyou's key at once");
    fuzz_seeds_write_msg (out, target, "alert", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_RECALL, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 4);
    lx_msg_set_int (msg, LX_F_ACK, 12);
    fuzz_seeds_write_msg (out, target, "recall", -1, msg, true);
    msg = fuzz_seeds_msg (LX_CMD_RECALLED, "kecheng", 0);
    lx_msg_set_int (msg, LX_F_TOKEN, 4);
    lx_msg_set_int (msg, LX_F_ACK, 17);
    lx_msg_set_int (msg, LX_F_HEAD, 17);
    fuzz_seeds_write_msg (out, target, "recalled", -1, msg, true);
    fuzz_seeds_write_msg (out, target, "bye", -1, fuzz_seeds_msg (LX_CMD_BYE, "kecheng", 0), true);
    lx_lead_destroy (&lead);
}

