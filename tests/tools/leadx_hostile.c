/*  leadx-hostile: a test tool that sends the broker a corpus of hostile
    messages from a raw ZeroMQ socket holding a valid district key.

    leadx-hostile -c NODE_CFG --lead ID

    Connects as the district of NODE_CFG (its certificate, the broker's
    endpoint and public key: the node's daemon must be stopped), says hello,
    then sends each case of the corpus below and checks the broker's answer:
      - a malformed or refused message gets `error` with the expected code
        and a reason, and nothing is stored;
      - a well-formed numbered message the rules refuse (another district's
        name in it, a lead that is not ours, a role that may not decide) is
        acknowledged and answered with a `rejected` event with the expected
        code: the refusal is on the record, nothing else changes;
      - a frame over the broker's max_message is dropped by libzmq, with no
        reply; the tool then says hello again on a new connection.
    ID is a lead registered and offered by another district, not to this one.
    Then the dishonest district's part: it tries to pass reconciliation
    without its rows (a key the broker did not issue; the broker's own
    digests echoed back under the spent key and under the next one), and
    every try must be refused or differ in every section.
    At the end a ping must still get its pong: the broker kept serving.
    Prints one line per case, `ok NAME: CODE REASON` or `FAIL NAME: ...`,
    then `hostile: N cases, F failed`. Exit 0 when none failed, else 1.

    A body is written in a small packing language, so that each case shows
    exactly the bytes it sends (the reference encoder refuses to write most
    of them). Tokens, separated by spaces:
        m<n>    a map header of n pairs        a<n>  an array header of n items
        A<n>    an array32 header of n items (however few follow)
        s<txt>  a str (txt has no spaces)      h<hex> a str of these bytes
        i<n>    an int64                       u<n>  a uint64
        n       nil                            f<x>  a float64
        x       an ext (type 1, 1 byte)        @     a str: our node id
        #       an int: our next seq           $     a str: the lead ID
    In an s token, @ stands for our node id too (s@-1 is "kaihua-1").
*/

#include "lx_cfg.h"
#include "lx_digest.h"
#include "lx_keys.h"
#include "lx_lead.h"
#include "lx_msg.h"

#include <getopt.h>
#include <msgpack.h>

//  What a case must get back.
typedef enum {
    S_ERROR,                    //  `error` with the code
    S_REJECTED,                 //  ack, then `rejected` with the code (ref = the case's seq)
    S_DROPPED                   //  nothing: libzmq drops the frame and the connection
} s_expect_t;

//  How the body goes out.
typedef enum {
    S_AS_IS,                    //  one frame: signature, then body
    S_EXTRA_FRAME,              //  a second frame after the message
    S_TWO_FRAMES,               //  LEADX/1's framing: signature and body in two frames
    S_OLD_VERSION,              //  one frame, signature LEADX/1
    S_SHORT,                    //  one frame shorter than the signature
    S_TRUNCATED,                //  the body without its last two bytes
    S_TRAILING,                 //  the body and one more byte
    S_OVERSIZE                  //  the body padded past 65,536 bytes
} s_mode_t;

//  A builder of a well-formed numbered message from node naming lead, with
//  the case's arg (the caller sets node and seq).
typedef lx_msg_t *(s_build_fn) (const char *node, const char *lead, const char *arg);

//  One case of the corpus.
typedef struct {
    const char *name;           //  what it tries
    s_mode_t mode;              //  how it is framed
    const char *body;           //  the body, in the packing language; NULL if build
    s_build_fn *build;          //  or a builder of a well-formed message
    const char *arg;            //  the builder's argument, if it takes one
    s_expect_t expect;          //  what must come back
    int code;                   //  with this code (S_ERROR, S_REJECTED)
} s_case_t;

//  --------------------------------------------------------------------------
//  Well-formed messages the rules must refuse

//  A valid lead of ours, numbered lead_id, with finder; the caller destroys it.
static lx_msg_t *
s_lead_msg (const char *lead_id, const char *finder)
{
    lx_lead_t *lead = lx_lead_new ();
    lx_lead_set (&lead->id, lead_id);
    lx_lead_set (&lead->finder, finder);
    lx_lead_set (&lead->investor, "恶意测试企业");
    lx_lead_set (&lead->project, "恶意测试项目");
    lx_lead_set (&lead->found, "2026-11-02");
    lx_lead_add_industry (lead, "C3841");
    lead->investment = 100000000;
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  A lead registered as ours (id node-900001) that names arg as its finder.
static lx_msg_t *
s_lead_finder (const char *node, const char *lead, const char *arg)
{
    (void) lead;
    char id [64];
    snprintf (id, sizeof id, "%s-900001", node);
    return s_lead_msg (id, arg);
}

//  A lead of ours under lead id arg.
static lx_msg_t *
s_lead_id (const char *node, const char *lead, const char *arg)
{
    (void) lead;
    return s_lead_msg (arg, node);
}

//  A command cmd naming lead.
static lx_msg_t *
s_lead_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  The command named arg (offer, claim) naming lead.
static lx_msg_t *
s_named_cmd (const char *node, const char *lead, const char *arg)
{
    (void) node;
    int cmd = lx_proto_cmd_by_name (arg, strlen (arg));
    assert (cmd >= 0);
    return s_lead_cmd ((lx_cmd_t) cmd, lead);
}

//  Claiming a lead nobody registered.
static lx_msg_t *
s_claim_unknown (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node, (void) lead;
    return s_lead_cmd (LX_CMD_CLAIM, "kecheng-999999");
}

//  Approving a transfer, as a county.
static lx_msg_t *
s_decide_as_county (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = s_lead_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    return msg;
}

//  Withdrawing the other district's lead.
static lx_msg_t *
s_withdraw_foreign (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = s_lead_cmd (LX_CMD_WITHDRAW, lead);
    lx_msg_set_str (msg, LX_F_REASON, "不是我的项目");
    return msg;
}

//  Editing the other district's lead: its investment and contact.
static lx_msg_t *
s_edit_foreign (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = s_lead_cmd (LX_CMD_EDIT, lead);
    lx_msg_set_int (msg, LX_F_INVESTMENT, 1);
    lx_msg_set_str (msg, LX_F_CONTACT, "冒充者");
    return msg;
}

//  Reporting progress, with an amount, on the other district's lead.
static lx_msg_t *
s_progress_foreign (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = s_lead_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (msg, LX_F_STAGE, "signed");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-20");
    lx_msg_set_str (msg, LX_F_METRIC, "contract");
    lx_msg_set_int (msg, LX_F_AMOUNT, 500000000);
    return msg;
}

//  The coordination center's word on a conflict, said by a county.
static lx_msg_t *
s_resolve_as_county (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = s_lead_cmd (LX_CMD_RESOLVE, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, "keep");
    lx_msg_set_str (msg, LX_F_REASON, "冒充协作中心");
    return msg;
}

//  Striking the other district's lead off, as a county.
static lx_msg_t *
s_strike_as_county (const char *node, const char *lead, const char *arg)
{
    (void) arg;
    (void) node;
    lx_msg_t *msg = lx_msg_new (LX_CMD_STRIKE);
    lx_msg_add_item (msg, LX_F_LEADS, lead);
    lx_msg_set_str (msg, LX_F_REASON, "冒充协作中心");
    return msg;
}

//  --------------------------------------------------------------------------
//  The corpus

//  A claim's valid opening: cmd, node, seq (three pairs of the map).
#define CLAIM3 "s" "cmd sclaim snode @ sseq #"
#define PROGRESS5 "s" "cmd sprogress snode @ sseq # slead $ sstage ssigned"

static const s_case_t s_corpus [] = {
    //  Framing and msgpack (PROTOCOL.md §1.1, checks 1-4).
    { "a second frame", S_EXTRA_FRAME, "m4 " CLAIM3 " slead $", NULL, NULL, S_ERROR, 400 },
    { "signature and body in two frames", S_TWO_FRAMES, "m4 " CLAIM3 " slead $", NULL, NULL, S_ERROR, 400 },
    { "protocol version LEADX/1", S_OLD_VERSION, "m4 " CLAIM3 " slead $", NULL, NULL, S_ERROR, 401 },
    { "a frame shorter than the signature", S_SHORT, "", NULL, NULL, S_ERROR, 401 },
    { "the signature and no body", S_AS_IS, "", NULL, NULL, S_ERROR, 402 },
    { "truncated msgpack", S_TRUNCATED, "m4 " CLAIM3 " slead $", NULL, NULL, S_ERROR, 402 },
    { "trailing bytes after the map", S_TRAILING, "m4 " CLAIM3 " slead $", NULL, NULL, S_ERROR, 402 },
    { "an array, not a map", S_AS_IS, "a2 scmd sclaim", NULL, NULL, S_ERROR, 402 },
    { "nesting three deep", S_AS_IS, "m2 scmd sping sx a1 a1 a1 i1", NULL, NULL, S_ERROR, 402 },
    { "an array claiming 2^31 items", S_AS_IS, "m2 scmd sping sx A2147483647", NULL, NULL, S_ERROR, 402 },
    { "an ext type", S_AS_IS, "m2 scmd sping snode x", NULL, NULL, S_ERROR, 402 },
    //  Commands and fields (checks 5-7).
    { "no cmd", S_AS_IS, "m1 snode @", NULL, NULL, S_ERROR, 403 },
    { "an unknown command", S_AS_IS, "m2 scmd sfly snode @", NULL, NULL, S_ERROR, 403 },
    { "cmd not a str", S_AS_IS, "m2 scmd i3 snode @", NULL, NULL, S_ERROR, 403 },
    { "a broker's command sent to the broker", S_AS_IS, "m4 scmd spong snode @ sack i0 shead i0", NULL, NULL, S_ERROR, 403 },
    { "an unknown field", S_AS_IS, "m5 " CLAIM3 " slead $ sbribe i1", NULL, NULL, S_ERROR, 404 },
    { "a duplicate key", S_AS_IS, "m5 " CLAIM3 " slead $ slead $", NULL, NULL, S_ERROR, 404 },
    { "a str where an int goes", S_AS_IS, "m4 scmd sclaim snode @ sseq s7 slead $", NULL, NULL, S_ERROR, 404 },
    { "nil as a value", S_AS_IS, "m4 " CLAIM3 " slead n", NULL, NULL, S_ERROR, 404 },
    { "a float amount", S_AS_IS, "m8 " PROGRESS5 " sdate s2026-11-20 smetric scontract samount f1.5", NULL, NULL, S_ERROR, 404 },
    { "a required field missing", S_AS_IS, "m3 " CLAIM3, NULL, NULL, S_ERROR, 405 },
    { "a negative amount", S_AS_IS, "m8 " PROGRESS5 " sdate s2026-11-20 smetric scontract samount i-5", NULL, NULL, S_ERROR, 406 },
    { "an amount over int64", S_AS_IS, "m8 " PROGRESS5 " sdate s2026-11-20 smetric scontract samount u18446744073709551615",
      NULL, NULL, S_ERROR, 406 },
    { "an amount over 10^15 yuan", S_AS_IS, "m8 " PROGRESS5 " sdate s2026-11-20 smetric scontract samount i1000000000000001",
      NULL, NULL, S_ERROR, 406 },
    { "a seq over 2^62", S_AS_IS, "m4 scmd sclaim snode @ sseq i4611686018427387905 slead $",
      NULL, NULL, S_ERROR, 406 },
    { "invalid UTF-8 in a lead id", S_AS_IS, "m4 " CLAIM3 " slead hc328", NULL, NULL, S_ERROR, 406 },
    { "an overlong UTF-8 form", S_AS_IS, "m4 " CLAIM3 " slead hc0af", NULL, NULL, S_ERROR, 406 },
    { "a NUL inside a str", S_AS_IS, "m4 " CLAIM3 " slead h6b00", NULL, NULL, S_ERROR, 406 },
    { "a date that is no date", S_AS_IS, "m6 " PROGRESS5 " sdate s2026-02-30", NULL, NULL, S_ERROR, 406 },
    { "an unknown metric", S_AS_IS, "m8 " PROGRESS5 " sdate s2026-11-20 smetric sbribes samount i5", NULL, NULL, S_ERROR, 406 },
    { "a lead id too long", S_AS_IS, "m4 " CLAIM3 " slead skecheng-0000000000000000000000000000000000000000000000000000000000000000001",
      NULL, NULL, S_ERROR, 406 },
    { "an invalid GB/T 4754 code", S_AS_IS,
      "m13 scmd slead snode @ sseq # slead s@-1 sfinder @ sinvestor sX sproject sP sindustries a1 sZ99"
      " sinvestment i1 stype smanufacturing schannel sown sstage scaptured sfound s2026-11-02", NULL, NULL, S_ERROR, 406 },
    { "a credit code with a wrong check character", S_AS_IS,
      "m14 scmd slead snode @ sseq # slead s@-1 sfinder @ sinvestor sX sproject sP sindustries a1 sC3841"
      " sinvestment i1 stype smanufacturing schannel sown sstage scaptured sfound s2026-11-02"
      " suscc s91350900MA2YH8K3PA", NULL, NULL, S_ERROR, 406 },
    { "CR in a text", S_AS_IS,
      "m14 scmd slead snode @ sseq # slead s@-1 sfinder @ sinvestor sX sproject sP sindustries a1 sC3841"
      " sinvestment i1 stype smanufacturing schannel sown sstage scaptured sfound s2026-11-02"
      " ssummary h410d42", NULL, NULL, S_ERROR, 406 },
    //  Who is speaking (§1.0) and the session (§4).
    { "another district's name", S_AS_IS, "m4 scmd sclaim snode skecheng sseq # slead $", NULL, NULL, S_ERROR, 413 },
    { "hello as an unknown district", S_AS_IS, "m5 scmd shello snode snowhere srole scounty sack i0 sinstance i1", NULL, NULL, S_ERROR, 413 },
    { "a seq that skips ahead", S_AS_IS, "m4 scmd sclaim snode @ sseq i999999 slead $", NULL, NULL, S_ERROR, 430 },
    //  Well-formed, refused by the rules: on the record as refusals.
    { "a lead naming another district as finder", S_AS_IS, NULL, s_lead_finder, "kecheng", S_REJECTED, 413 },
    { "a lead naming an unknown district as finder", S_AS_IS, NULL, s_lead_finder, "nowhere", S_REJECTED, 413 },
    { "a lead under another district's id", S_AS_IS, NULL, s_lead_id, "kecheng-900003", S_REJECTED, 406 },
    { "offering another district's lead", S_AS_IS, NULL, s_named_cmd, "offer", S_REJECTED, 412 },
    { "claiming a lead not offered here", S_AS_IS, NULL, s_named_cmd, "claim", S_REJECTED, 412 },
    { "claiming a lead nobody registered", S_AS_IS, NULL, s_claim_unknown, NULL, S_REJECTED, 420 },
    { "a county deciding a transfer", S_AS_IS, NULL, s_decide_as_county, NULL, S_REJECTED, 412 },
    { "progress on another district's lead", S_AS_IS, NULL, s_progress_foreign, NULL, S_REJECTED, 412 },
    { "withdrawing another district's lead", S_AS_IS, NULL, s_withdraw_foreign, NULL, S_REJECTED, 412 },
    { "editing another district's lead", S_AS_IS, NULL, s_edit_foreign, NULL, S_REJECTED, 412 },
    { "a county resolving a conflict", S_AS_IS, NULL, s_resolve_as_county, NULL, S_REJECTED, 412 },
    { "a county striking a lead off", S_AS_IS, NULL, s_strike_as_county, NULL, S_REJECTED, 412 },
    { "an unknown resolution", S_AS_IS, "m6 scmd sresolve snode @ sseq # slead $ sresolution sshare sreason sx",
      NULL, NULL, S_ERROR, 406 },
    { "a strike naming something no lead id", S_AS_IS, "m5 scmd sstrike snode @ sseq # sleads a1 sNo/Such sreason sx",
      NULL, NULL, S_ERROR, 406 },
    { "a ping's due that is no bool", S_AS_IS, "m3 scmd sping snode @ sdue i1", NULL, NULL, S_ERROR, 404 },
    //  A store gone back in time sends another message under a number the
    //  broker holds (#1 is on kaihua's record by now): refused, loudly.
    { "a seq the broker holds, with other content", S_AS_IS, "m4 scmd sclaim snode @ sseq i1 slead s@-999999",
      NULL, NULL, S_ERROR, 431 },
    //  Last: too big for the broker to read at all.
    { "a frame over max_message", S_OVERSIZE, "m4 " CLAIM3 " slead $", NULL, NULL, S_DROPPED, 0 },
};

//  --------------------------------------------------------------------------
//  The packing language

//  Packs one token into pk; node, lead and seq fill @, $ and #. Returns 0, or -1 on
//  a token the language does not have (a defect in the corpus).
static int
s_pack_token (msgpack_packer *pk, const char *token, const char *node, const char *lead, int64_t seq)
{
    const char *arg = token + 1;
    switch (token [0]) {
        case 'm': return msgpack_pack_map (pk, (size_t) atol (arg));
        case 'a': return msgpack_pack_array (pk, (size_t) atol (arg));
        case 'A': {
            //  array32 whatever the count: msgpack_pack_array would pick a shorter form.
            uint32_t count = (uint32_t) strtoul (arg, NULL, 10);
            unsigned char header [5] = { 0xdd, (unsigned char) (count >> 24), (unsigned char) (count >> 16),
                                         (unsigned char) (count >> 8), (unsigned char) count };
            return msgpack_pack_str_body (pk, header, sizeof header);  //  raw bytes
        }
        case 's': {
            //  @ inside the text stands for our node id (lead ids like s@-1).
            char text [128];
            const char *at = strchr (arg, '@');
            if (at)
                snprintf (text, sizeof text, "%.*s%s%s", (int) (at - arg), arg, node, at + 1);
            else
                snprintf (text, sizeof text, "%s", arg);
            return msgpack_pack_str_with_body (pk, text, strlen (text));
        }
        case 'h': {
            size_t size = strlen (arg) / 2;
            char bytes [256];
            if (size > sizeof bytes)
                return -1;
            for (size_t index = 0; index < size; index++) {
                unsigned int byte;
                if (sscanf (arg + 2 * index, "%2x", &byte) != 1)
                    return -1;
                bytes [index] = (char) byte;
            }
            return msgpack_pack_str_with_body (pk, bytes, size);
        }
        case 'i': return msgpack_pack_int64 (pk, strtoll (arg, NULL, 10));
        case 'u': return msgpack_pack_uint64 (pk, strtoull (arg, NULL, 10));
        case 'n': return msgpack_pack_nil (pk);
        case 'f': return msgpack_pack_double (pk, strtod (arg, NULL));
        case 'x': return msgpack_pack_ext_with_body (pk, "x", 1, 1);
        case '@': return msgpack_pack_str_with_body (pk, node, strlen (node));
        case '#': return msgpack_pack_int64 (pk, seq);
        case '$': return msgpack_pack_str_with_body (pk, lead, strlen (lead));
        default:  return -1;
    }
}

//  Packs program into buffer (see s_pack_token). Returns 0, or -1 on a
//  bad token.
static int
s_pack (msgpack_sbuffer *buffer, const char *program, const char *node, const char *lead, int64_t seq)
{
    msgpack_packer pk;
    msgpack_packer_init (&pk, buffer, msgpack_sbuffer_write);
    char *copy = strdup (program);
    assert (copy);
    int rc = 0;
    char *saved = NULL;
    for (char *token = strtok_r (copy, " ", &saved); token && rc == 0; token = strtok_r (NULL, " ", &saved))
        rc = s_pack_token (&pk, token, node, lead, seq);
    free (copy);
    return rc;
}

//  --------------------------------------------------------------------------
//  The conversation

//  A connection to the broker as one district.
typedef struct {
    zsock_t *dealer;            //  the raw socket
    const char *node;           //  who we are (borrowed from the config)
    const char *role;           //  our role (borrowed)
    const char *lead;           //  the other district's lead the cases name (borrowed)
    int64_t next_seq;           //  the next seq the broker expects from us
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  the key the broker gave for our next reconciliation
} s_conn_t;

//  Connects a new CURVE socket as config's district. Returns 0 or -1.
static int
s_connect (s_conn_t *conn, zconfig_t *config, const char *config_file)
{
    zsock_destroy (&conn->dealer);
    conn->dealer = zsock_new (ZMQ_DEALER);
    if (!conn->dealer)
        return -1;
    zsock_set_linger (conn->dealer, 0);
    char *cert = lx_cfg_path (config_file, lx_cfg_str (config, "node/cert", "node.cert"));
    char *broker_cert = lx_cfg_path (config_file, lx_cfg_str (config, "node/broker_cert", "broker.cert"));
    char error [256];
    int rc = lx_keys_apply_client (conn->dealer, cert, broker_cert, error, sizeof error);
    free (cert);
    free (broker_cert);
    if (rc) {
        fprintf (stderr, "leadx-hostile: %s\n", error);
        return -1;
    }
    return zsock_connect (conn->dealer, "%s", lx_cfg_str (config, "node/broker", "tcp://127.0.0.1:9700"));
}

//  Waits up to timeout ms for a message that is not an event or an ack
//  we do not care about: returns an error, a welcome, a pong, or the
//  rejected event with ref (when ref > 0). NULL on timeout. Caller destroys.
static lx_msg_t *
s_await (s_conn_t *conn, int64_t ref, int timeout)
{
    int64_t deadline = zclock_mono () + timeout;
    zpoller_t *poller = zpoller_new (conn->dealer, NULL);
    lx_msg_t *answer = NULL;
    while (!answer) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0 || !zpoller_wait (poller, (int) left))
            break;
        lx_error_t error;
        lx_msg_t *msg = lx_msg_recv (conn->dealer, NULL, &error);
        if (!msg)
            continue;
        lx_cmd_t cmd = lx_msg_cmd (msg);
        if (cmd == LX_CMD_ERROR || cmd == LX_CMD_WELCOME || cmd == LX_CMD_PONG || cmd == LX_CMD_RECONCILED
        || (cmd == LX_CMD_REJECTED && ref > 0 && lx_msg_int (msg, LX_F_REF) == ref))
            answer = msg;
        else
            lx_msg_destroy (&msg);      //  acks, and the events owed to this district
    }
    zpoller_destroy (&poller);
    return answer;
}

//  Says hello (acknowledging nothing: events are resent, and ignored).
//  Learns the next seq from the welcome. Returns 0 or -1.
static int
s_hello (s_conn_t *conn)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_HELLO);
    lx_msg_set_str (msg, LX_F_NODE, conn->node);
    lx_msg_set_str (msg, LX_F_ROLE, conn->role);
    lx_msg_set_int (msg, LX_F_ACK, 0);
    lx_msg_set_int (msg, LX_F_INSTANCE, (int64_t) getpid ());
    int rc = lx_msg_send (msg, conn->dealer, NULL);
    lx_msg_destroy (&msg);
    msg = rc? NULL: s_await (conn, 0, 5000);
    if (!msg || lx_msg_cmd (msg) != LX_CMD_WELCOME) {
        fprintf (stderr, "leadx-hostile: no welcome from the broker\n");
        lx_msg_destroy (&msg);
        return -1;
    }
    conn->next_seq = lx_msg_int (msg, LX_F_ACK) + 1;
    snprintf (conn->challenge, sizeof conn->challenge, "%s",
              lx_msg_has (msg, LX_F_CHALLENGE)? lx_msg_str (msg, LX_F_CHALLENGE): "");
    lx_msg_destroy (&msg);
    return 0;
}

//  --------------------------------------------------------------------------
//  The dishonest district: a reconciliation it cannot satisfy without its
//  rows (PROTOCOL.md §3.10)

//  Sends a RECONCILE keyed with challenge carrying lines (NULL: one made-up
//  line per section) and returns the answer (NULL on none within 30 s).
static lx_msg_t *
s_reconcile (s_conn_t *conn, const char *challenge, zlistx_t *lines)
{
    lx_msg_t *msg = lx_msg_new (LX_CMD_RECONCILE);
    lx_msg_set_str (msg, LX_F_NODE, conn->node);
    lx_msg_set_int (msg, LX_F_TOKEN, 1);
    lx_msg_set_str (msg, LX_F_CHALLENGE, challenge);
    for (int index = 0; index < LX_DIGEST_SECTION_COUNT; index++) {
        char line [80];
        snprintf (line, sizeof line, "%s 0 %040d", lx_digest_sections [index], 0);
        lx_msg_add_item (msg, LX_F_DIGESTS, lines? (const char *) (index? zlistx_next (lines): zlistx_first (lines))
                                                 : line);
    }
    int rc = lx_msg_send (msg, conn->dealer, NULL);
    lx_msg_destroy (&msg);
    return rc? NULL: s_await (conn, 0, 30000);
}

//  Whether answer is a CHALLENGE error naming our current key; takes it.
static bool
s_refused_key (s_conn_t *conn, lx_msg_t *answer)
{
    if (!answer || lx_msg_cmd (answer) != LX_CMD_ERROR || lx_msg_int (answer, LX_F_CODE) != LX_ERR_CHALLENGE
    ||  !lx_msg_has (answer, LX_F_CHALLENGE) || !streq (lx_msg_str (answer, LX_F_CHALLENGE), conn->challenge))
        return false;
    return true;
}

//  A district that tries to pass reconciliation without its rows: under a
//  key the broker did not issue; then, after one reconciliation, echoing
//  the broker's own digests back, under the spent key and under the new
//  one. Every try is refused or differs. Returns the failures.
static int
s_dishonest_reconcile (s_conn_t *conn)
{
    int failed = 0;
    char forged [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (forged);
    lx_msg_t *answer = s_reconcile (conn, forged, NULL);
    if (s_refused_key (conn, answer))
        printf ("ok reconcile under a key the broker did not issue: error %d\n", LX_ERR_CHALLENGE);
    else {
        printf ("FAIL reconcile under a key the broker did not issue: not refused with the current key\n");
        failed++;
    }
    lx_msg_destroy (&answer);
    //  One reconciliation with made-up digests: the broker's come back.
    char spent [LX_DIGEST_CHALLENGE_SIZE];
    snprintf (spent, sizeof spent, "%s", conn->challenge);
    answer = s_reconcile (conn, spent, NULL);
    if (!answer || lx_msg_cmd (answer) != LX_CMD_RECONCILED) {
        printf ("FAIL reconcile with made-up digests: no RECONCILED\n");
        lx_msg_destroy (&answer);
        return failed + 1;
    }
    zlistx_t *echo = zlistx_new ();
    zlistx_set_destructor (echo, (zlistx_destructor_fn *) zstr_free);
    for (size_t index = 0; index < lx_msg_count (answer, LX_F_DIGESTS); index++)
        zlistx_add_end (echo, strdup (lx_msg_item (answer, LX_F_DIGESTS, index)));
    snprintf (conn->challenge, sizeof conn->challenge, "%s", lx_msg_str (answer, LX_F_CHALLENGE));
    lx_msg_destroy (&answer);
    if (zlistx_size (echo) != LX_DIGEST_SECTION_COUNT || streq (conn->challenge, spent)) {
        printf ("FAIL the RECONCILED carries %zu digests, and a new key: %s\n", zlistx_size (echo),
                streq (conn->challenge, spent)? "no": "yes");
        zlistx_destroy (&echo);
        return failed + 1;
    }
    printf ("ok reconcile with made-up digests: answered with the broker's and a new key\n");
    answer = s_reconcile (conn, spent, echo);
    if (s_refused_key (conn, answer))
        printf ("ok the broker's digests echoed under the spent key: error %d\n", LX_ERR_CHALLENGE);
    else {
        printf ("FAIL the broker's digests echoed under the spent key: not refused\n");
        failed++;
    }
    lx_msg_destroy (&answer);
    answer = s_reconcile (conn, conn->challenge, echo);
    bool differs = answer && lx_msg_cmd (answer) == LX_CMD_RECONCILED;
    for (size_t index = 0; differs && index < LX_DIGEST_SECTION_COUNT; index++)
        differs = !streq (lx_msg_item (answer, LX_F_DIGESTS, index),
                          (const char *) (index? zlistx_next (echo): zlistx_first (echo)));
    if (differs)
        printf ("ok the broker's digests echoed under the new key: every section differs\n");
    else {
        printf ("FAIL the broker's digests echoed under the new key: a section passed\n");
        failed++;
    }
    if (answer && lx_msg_has (answer, LX_F_CHALLENGE))
        snprintf (conn->challenge, sizeof conn->challenge, "%s", lx_msg_str (answer, LX_F_CHALLENGE));
    lx_msg_destroy (&answer);
    zlistx_destroy (&echo);
    return failed;
}

//  Sends one case's frames. Returns 0, or -1 if the case could not be built.
static int
s_send_case (s_conn_t *conn, const s_case_t *test)
{
    uint8_t *data = NULL;
    size_t size = 0;
    msgpack_sbuffer buffer;
    msgpack_sbuffer_init (&buffer);
    if (test->build) {
        lx_msg_t *msg = test->build (conn->node, conn->lead, test->arg);
        lx_msg_set_str (msg, LX_F_NODE, conn->node);
        lx_msg_set_int (msg, LX_F_SEQ, conn->next_seq);
        int rc = lx_msg_encode (msg, &data, &size);
        lx_msg_destroy (&msg);
        if (rc)
            return -1;
    }
    else {
        if (s_pack (&buffer, test->body, conn->node, conn->lead, conn->next_seq))
            return -1;
        data = (uint8_t *) buffer.data;
        size = buffer.size;
    }
    //  The frame: the signature (or not), then the body as the mode has it.
    const char *signature = test->mode == S_OLD_VERSION || test->mode == S_TWO_FRAMES? "LEADX/1": LX_MSG_SIGNATURE;
    size_t body_size = test->mode == S_TRUNCATED? (size > 2? size - 2: 0):
                       test->mode == S_TRAILING? size + 1:
                       test->mode == S_OVERSIZE? size + 70000: size;
    uint8_t *frame = (uint8_t *) calloc (LX_MSG_SIGNATURE_SIZE + body_size, 1);
    assert (frame);
    memcpy (frame, signature, LX_MSG_SIGNATURE_SIZE);
    if (size)                           //  an empty program packs nothing: data is NULL
        memcpy (frame + LX_MSG_SIGNATURE_SIZE, data, body_size < size? body_size: size);
    zmsg_t *frames = zmsg_new ();
    if (test->mode == S_TWO_FRAMES) {
        zmsg_addmem (frames, frame, LX_MSG_SIGNATURE_SIZE);
        zmsg_addmem (frames, frame + LX_MSG_SIGNATURE_SIZE, body_size);
    }
    else
    if (test->mode == S_SHORT)
        zmsg_addmem (frames, frame, LX_MSG_SIGNATURE_SIZE - 1);
    else
        zmsg_addmem (frames, frame, LX_MSG_SIGNATURE_SIZE + body_size);
    if (test->mode == S_EXTRA_FRAME)
        zmsg_addstr (frames, "more");
    free (frame);
    if (test->build)
        free (data);
    msgpack_sbuffer_destroy (&buffer);
    return zmsg_send (&frames, conn->dealer);
}

//  Runs one case; prints its line. Returns 0 when it held, -1 when not.
static int
s_run_case (s_conn_t *conn, const s_case_t *test)
{
    int64_t seq = conn->next_seq;
    if (s_send_case (conn, test)) {
        printf ("FAIL %s: the case could not be built\n", test->name);
        return -1;
    }
    lx_msg_t *answer = s_await (conn, test->expect == S_REJECTED? seq: 0, test->expect == S_DROPPED? 1000: 5000);
    int rc = -1;
    if (test->expect == S_DROPPED) {
        if (answer)
            printf ("FAIL %s: expected no reply, got %s\n", test->name, lx_cmd_name (lx_msg_cmd (answer)));
        else {
            printf ("ok %s: no reply (dropped by libzmq)\n", test->name);
            rc = 0;
        }
    }
    else
    if (!answer)
        printf ("FAIL %s: no answer within 5 s\n", test->name);
    else {
        lx_cmd_t want = test->expect == S_ERROR? LX_CMD_ERROR: LX_CMD_REJECTED;
        int64_t code = lx_msg_int (answer, LX_F_CODE);
        const char *reason = lx_msg_has (answer, LX_F_REASON)? lx_msg_str (answer, LX_F_REASON): "";
        if (lx_msg_cmd (answer) != want || code != test->code || !*reason)
            printf ("FAIL %s: expected %s %d with a reason, got %s %" PRId64 " '%s'\n", test->name,
                    lx_cmd_name (want), test->code, lx_cmd_name (lx_msg_cmd (answer)), code, reason);
        else {
            printf ("ok %s: %s %" PRId64 " %s\n", test->name, lx_cmd_name (want), code, reason);
            rc = 0;
        }
    }
    if (test->expect == S_REJECTED)
        conn->next_seq++;               //  well-formed, so stored: the seq is used either way
    lx_msg_destroy (&answer);
    return rc;
}

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "config", required_argument, NULL, 'c' }, { "lead", required_argument, NULL, 'l' },
        { NULL, 0, NULL, 0 }
    };
    const char *config_file = NULL, *lead = NULL;
    int option;
    bool bad = false;
    while ((option = getopt_long (argc, argv, "c:", options, NULL)) != -1) {
        if (option == 'c')
            config_file = optarg;
        else
        if (option == 'l')
            lead = optarg;
        else
            bad = true;
    }
    if (bad || !config_file || !lead) {
        fprintf (stderr, "usage: leadx-hostile -c NODE_CFG --lead ID\n");
        return 1;
    }
    zsys_init ();
    char error [256];
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        fprintf (stderr, "leadx-hostile: %s\n", error);
        return 1;
    }
    s_conn_t conn = { NULL, lx_cfg_str (config, "node/id", ""), lx_cfg_str (config, "node/role", "county"), lead, 0, "" };
    size_t count = sizeof s_corpus / sizeof s_corpus [0], failed = 0;
    if (s_connect (&conn, config, config_file) || s_hello (&conn)) {
        zsock_destroy (&conn.dealer);
        zconfig_destroy (&config);
        return 1;
    }
    for (size_t index = 0; index < count; index++) {
        s_case_t test = s_corpus [index];
        failed += s_run_case (&conn, &test) != 0;
        if (test.expect == S_DROPPED && (s_connect (&conn, config, config_file) || s_hello (&conn))) {
            printf ("FAIL %s: no new session afterwards\n", test.name);
            failed++;
            break;
        }
    }
    size_t dishonest = s_dishonest_reconcile (&conn);
    failed += dishonest;
    count += 4;
    //  Still serving?
    lx_msg_t *ping = lx_msg_new (LX_CMD_PING);
    lx_msg_set_str (ping, LX_F_NODE, conn.node);
    lx_msg_send (ping, conn.dealer, NULL);
    lx_msg_destroy (&ping);
    lx_msg_t *pong = s_await (&conn, 0, 5000);
    if (pong && lx_msg_cmd (pong) == LX_CMD_PONG)
        printf ("ok the broker still answers a ping\n");
    else {
        printf ("FAIL the broker does not answer a ping\n");
        failed++;
    }
    lx_msg_destroy (&pong);
    printf ("hostile: %zu cases, %zu failed\n", count + 1, failed);
    zsock_destroy (&conn.dealer);
    zconfig_destroy (&config);
    return failed? 1: 0;
}
