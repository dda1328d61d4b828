/*  fuzz_logic: libFuzzer target for the broker's command handlers,
    broker_logic_apply.

    LLVMFuzzerInitialize builds the city of fuzz_city in a temporary
    directory: the broker store, profiles, policy, a manual clock, and
    leads brought into every state a handler branches on (captured,
    offered, claimed, transferred, rejected, own, signed; see fuzz_city.h).

    With LEADX_FUZZ_VERBOSE set in the environment, each input's outcome is
    printed (for example, to see what the seeds reach:
    LEADX_FUZZ_VERBOSE=1 fuzz_logic SEED_FILES...).

    An input is one byte and a message body. The byte picks the sender among
    the districts (modulo their number; its role is the configured one);
    the body goes to lx_msg_decode. A body that decodes to a numbered
    command is applied as broker_server applies it: its node field set to
    the sender (the server refuses any other node with 413 before the logic
    runs), inside lx_store_begin, and then always rolled back, so every
    input meets the same record.

    Properties checked (each an assert: a failure is a finding):
    - broker_logic_apply returns 0 or -1;
    - on -1 the code is set, is not LX_ERR_INTERNAL (the store failing on
      a message that passed decoding), the reason is not empty, and the
      `rejected` event the server would store from them is a valid message;
    - on 0, every event the handler created decodes, names its recipient
      and seq, and re-encodes to the bytes stored (a node that cannot
      decode an event stops at it for good, PROTOCOL.md §3.9);
    - a lead that registers can then, in the same transaction, be offered
      by its finder, claimed by the district it fits best, approved by the
      center and reported signed by its lander (s_follow_lead): fuzzed
      lead data goes through scoring and into every event that carries it;
      and the lander's transfer event carries every field of the lead as
      it was registered (the record keeps what it was sent);
    - after an applied message the sender's reconciliation digests can
      still be computed (broker_store_digests).
*/

#include "broker_logic.h"
#include "fuzz_city.h"
#include "lx_domain.h"
#include "lx_lead.h"

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

//  Named in the messages of fuzz_city_require.
#define S_TARGET "fuzz_logic"

//  Everything a run needs, built once from fuzz_city in a temporary
//  directory.
typedef struct {
    char dir [PATH_MAX];        //  temporary directory holding the store
    char *path;                 //  the store's file, in dir
    zconfig_t *config;          //  parsed fuzz_city_config
    broker_store_t *store;      //  the broker's record
    broker_match_t *match;      //  district profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's rule, defaults
    broker_timers_t *timers;    //  timer settings, defaults
    lx_clock_t *clock;          //  manual clock, never moved
    broker_logic_t *logic;      //  the class under test
    int64_t heads [FUZZ_CITY_DISTRICTS];    //  each district's event head once set up
    int64_t setup_seq;          //  seq of the last set-up message
    bool verbose;               //  LEADX_FUZZ_VERBOSE is set: print each outcome
} s_fixture_t;

//  The one fixture. libFuzzer's entry points take no context argument, so
//  LLVMFuzzerInitialize leaves it here for LLVMFuzzerTestOneInput, and
//  atexit's s_fixture_destroy removes it. Runs never change it: each one
//  rolls its transaction back.
static s_fixture_t *s_fixture = NULL;

//  Applies msg (a numbered command, which this takes) from the district
//  number index and commits; the set-up must be accepted.
static void
s_setup_apply (s_fixture_t *self, size_t index, lx_msg_t *msg)
{
    const char *node = fuzz_city_district (index);
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_msg_set_int (msg, LX_F_SEQ, ++self->setup_seq);
    lx_error_t error = { 0, "" };
    fuzz_city_require (S_TARGET, lx_msg_validate (msg, &error) == 0, "set-up message invalid", error.reason);
    lx_store_t *db = broker_store_db (self->store);
    fuzz_city_require (S_TARGET, lx_store_begin (db) == 0, "begin", lx_store_error (db));
    int rc = broker_logic_apply (self->logic, node, fuzz_city_role (index), msg, &error);
    fuzz_city_require (S_TARGET, rc == 0, "set-up message refused", error.reason);
    fuzz_city_require (S_TARGET, lx_store_commit (db) == 0, "commit", lx_store_error (db));
    lx_msg_destroy (&msg);
}

//  A registration of fuzz_city_lead (id, finder, channel, stage).
static lx_msg_t *
s_lead (const char *id, const char *finder, int channel, int stage)
{
    lx_lead_t *lead = fuzz_city_lead (id, finder, channel, stage);
    lx_msg_t *msg = lx_msg_new (LX_CMD_LEAD);
    assert (msg);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  A command of kind cmd naming lead.
static lx_msg_t *
s_cmd (lx_cmd_t cmd, const char *lead)
{
    lx_msg_t *msg = lx_msg_new (cmd);
    assert (msg);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    return msg;
}

//  A decision on lead: approve or reject, with an optional split override.
static lx_msg_t *
s_decide (const char *lead, const char *decision, const char *metric, int64_t bp, const char *reason)
{
    lx_msg_t *msg = s_cmd (LX_CMD_DECIDE, lead);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    if (metric)
        lx_msg_put (msg, LX_F_SPLITS, metric, bp);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

//  The center's resolution of lead's conflict.
static lx_msg_t *
s_resolve (const char *lead, const char *resolution)
{
    lx_msg_t *msg = s_cmd (LX_CMD_RESOLVE, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, "另一投资方");
    return msg;
}

//  Removes the fixture: its objects, the store's files and the directory.
//  Registered with atexit, so it runs when libFuzzer ends normally.
static void
s_fixture_destroy (void)
{
    s_fixture_t *self = s_fixture;
    if (!self)
        return;
    broker_logic_destroy (&self->logic);
    lx_clock_destroy (&self->clock);
    broker_policy_destroy (&self->policy);
    broker_register_destroy (&self->reg);
    broker_timers_destroy (&self->timers);
    broker_match_destroy (&self->match);
    broker_store_destroy (&self->store);
    zconfig_destroy (&self->config);
    fuzz_city_remove_store (self->path, self->dir);
    zstr_free (&self->path);
    free (self);
    s_fixture = NULL;
}

//  Builds the fixture: see fuzz_city.h for the state of each lead.
static s_fixture_t *
s_fixture_new (void)
{
    s_fixture_t *self = (s_fixture_t *) calloc (1, sizeof (s_fixture_t));
    fuzz_city_require (S_TARGET, self != NULL, "out of memory", NULL);
    const char *tmp = getenv ("TMPDIR");
    snprintf (self->dir, sizeof self->dir, "%s/leadx_fuzz_logic_XXXXXX", tmp && *tmp? tmp: "/tmp");
    fuzz_city_require (S_TARGET, mkdtemp (self->dir) != NULL, "mkdtemp", self->dir);
    self->path = zsys_sprintf ("%s/broker.db", self->dir);
    self->verbose = getenv ("LEADX_FUZZ_VERBOSE") != NULL;
    char error [256] = "";
    self->config = zconfig_str_load (fuzz_city_config ());
    fuzz_city_require (S_TARGET, self->config != NULL, "city configuration", NULL);
    self->store = broker_store_new (self->path, error, sizeof error);
    fuzz_city_require (S_TARGET, self->store != NULL, "broker store", error);
    self->match = broker_match_load (self->config, error, sizeof error);
    fuzz_city_require (S_TARGET, self->match != NULL, "profiles", error);
    self->policy = broker_policy_load (self->config, error, sizeof error);
    fuzz_city_require (S_TARGET, self->policy != NULL, "policy", error);
    self->reg = broker_register_load (self->config, error, sizeof error);
    fuzz_city_require (S_TARGET, self->reg != NULL, "register", error);
    self->timers = broker_timers_load (self->config, error, sizeof error);
    fuzz_city_require (S_TARGET, self->timers != NULL, "timers", error);
    self->clock = lx_clock_new_manual (INT64_C (1795348800000));      //  2026-11-22
    fuzz_city_require (S_TARGET, self->clock != NULL, "clock", NULL);
    lx_sign_t *sign = fuzz_city_sign (true);
    fuzz_city_require (S_TARGET, sign != NULL, "signing key", NULL);
    self->logic = broker_logic_new (self->store, self->match, self->policy, self->reg, self->timers,
                                    self->clock, &sign);
    fuzz_city_require (S_TARGET, self->logic != NULL, "logic", NULL);
    for (size_t index = 0; index < FUZZ_CITY_DISTRICTS; index++)
        fuzz_city_require (S_TARGET,
                           broker_store_node_ensure (self->store, fuzz_city_district (index),
                                                     lx_role_name (fuzz_city_role (index))) == 0,
                           "node", lx_store_error (broker_store_db (self->store)));

    enum { KECHENG, QUJIANG, ZHIZAO, GAOXIN, LIAISON, CENTER };
    const char *kecheng_leads [] = { FUZZ_LEAD_CAPTURED, FUZZ_LEAD_OPEN, FUZZ_LEAD_CLAIMED,
                                     FUZZ_LEAD_TRANSFERRED, FUZZ_LEAD_REJECTED };
    for (size_t index = 0; index < sizeof kecheng_leads / sizeof kecheng_leads [0]; index++)
        s_setup_apply (self, KECHENG, s_lead (kecheng_leads [index], "kecheng", LX_CHANNEL_OWN,
                                              LX_STAGE_CAPTURED));
    s_setup_apply (self, QUJIANG, s_lead (FUZZ_LEAD_OWN, "qujiang", LX_CHANNEL_OWN, LX_STAGE_ASSESSING));
    s_setup_apply (self, ZHIZAO, s_lead (FUZZ_LEAD_SIGNED, "zhizao", LX_CHANNEL_ASSOCIATION,
                                         LX_STAGE_CAPTURED));
    s_setup_apply (self, LIAISON, s_lead (FUZZ_LEAD_LIAISON, "lo-beijing", LX_CHANNEL_LIAISON,
                                          LX_STAGE_ASSESSING));
    //  Every fixture lead names kecheng's investor: the center rules that
    //  zhizao's and the liaison office's are other investors, so they can be
    //  offered; qujiang's conflict stays open, for the resolve seeds.
    s_setup_apply (self, CENTER, s_resolve (FUZZ_LEAD_SIGNED, "dismiss"));
    s_setup_apply (self, CENTER, s_resolve (FUZZ_LEAD_LIAISON, "dismiss"));
    //  Offers: every lead but the captured one and qujiang's own.
    for (size_t index = 1; index < sizeof kecheng_leads / sizeof kecheng_leads [0]; index++)
        s_setup_apply (self, KECHENG, s_cmd (LX_CMD_OFFER, kecheng_leads [index]));
    s_setup_apply (self, ZHIZAO, s_cmd (LX_CMD_OFFER, FUZZ_LEAD_SIGNED));
    s_setup_apply (self, LIAISON, s_cmd (LX_CMD_OFFER, FUZZ_LEAD_LIAISON));
    //  Claims, then the center's decisions.
    s_setup_apply (self, ZHIZAO, s_cmd (LX_CMD_CLAIM, FUZZ_LEAD_CLAIMED));
    s_setup_apply (self, QUJIANG, s_cmd (LX_CMD_CLAIM, FUZZ_LEAD_TRANSFERRED));
    s_setup_apply (self, ZHIZAO, s_cmd (LX_CMD_CLAIM, FUZZ_LEAD_REJECTED));
    s_setup_apply (self, GAOXIN, s_cmd (LX_CMD_CLAIM, FUZZ_LEAD_SIGNED));
    s_setup_apply (self, CENTER, s_decide (FUZZ_LEAD_TRANSFERRED, "approve", NULL, 0, NULL));
    s_setup_apply (self, CENTER, s_decide (FUZZ_LEAD_REJECTED, "reject", NULL, 0, "不符合产业导向"));
    s_setup_apply (self, CENTER, s_decide (FUZZ_LEAD_SIGNED, "approve", "contract", 2000, "协商一致"));
    //  The lander of zhizao's lead reports its signing: the project is counted.
    lx_msg_t *progress = s_cmd (LX_CMD_PROGRESS, FUZZ_LEAD_SIGNED);
    lx_msg_set_str (progress, LX_F_STAGE, "signed");
    lx_msg_set_str (progress, LX_F_DATE, "2026-11-22");
    lx_msg_set_str (progress, LX_F_METRIC, "contract");
    lx_msg_set_int (progress, LX_F_AMOUNT, 500000000);
    s_setup_apply (self, GAOXIN, progress);

    for (size_t index = 0; index < FUZZ_CITY_DISTRICTS; index++) {
        broker_node_state_t state;
        fuzz_city_require (S_TARGET,
                           broker_store_node_state (self->store, fuzz_city_district (index), &state) == 0,
                           "node state", lx_store_error (broker_store_db (self->store)));
        self->heads [index] = state.head;
    }
    return self;
}

//  libFuzzer calls this once before any input. Returns 0.
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    //  The handlers log every offer and claim; at thousands of runs a
    //  second that is all the output would hold.
    zsys_set_logstream (NULL);
    s_fixture = s_fixture_new ();
    atexit (s_fixture_destroy);
    return 0;
}

//  Checks a refusal: a business code with a reason the server can send.
static void
s_check_refusal (lx_msg_t *msg, const lx_error_t *error)
{
    if (error->code == LX_ERR_INTERNAL || error->code == LX_ERR_NONE || !error->reason [0])
        fprintf (stderr, "fuzz_logic: %s refused with code %d: '%s'\n",
                 lx_cmd_name (lx_msg_cmd (msg)), error->code, error->reason);
    assert (error->code != LX_ERR_NONE);
    assert (error->code != LX_ERR_INTERNAL);
    assert (error->reason [0] != 0);
    //  What broker_server stores and sends for a refusal (s_on_numbered).
    lx_msg_t *rejected = lx_msg_new (LX_CMD_REJECTED);
    assert (rejected);
    lx_msg_set_str (rejected, LX_F_NODE, lx_msg_str (msg, LX_F_NODE));
    lx_msg_set_int (rejected, LX_F_SEQ, 1);
    lx_msg_set_int (rejected, LX_F_REF, lx_msg_int (msg, LX_F_SEQ));
    lx_msg_set_int (rejected, LX_F_CODE, error->code);
    lx_msg_set_str (rejected, LX_F_REASON, error->reason);
    if (lx_msg_allows (msg, LX_F_LEAD))
        lx_msg_set_str (rejected, LX_F_LEAD, lx_msg_str (msg, LX_F_LEAD));
    lx_error_t invalid = { 0, "" };
    if (lx_msg_validate (rejected, &invalid))
        fprintf (stderr, "fuzz_logic: the refusal '%s' makes an invalid rejected: %s\n",
                 error->reason, invalid.reason);
    assert (invalid.code == LX_ERR_NONE);
    lx_msg_destroy (&rejected);
}

//  Checks every event created since the set-up: it decodes, names its
//  recipient and seq, and re-encodes to the stored bytes.
static void
s_check_events (s_fixture_t *self)
{
    lx_store_t *db = broker_store_db (self->store);
    for (size_t index = 0; index < FUZZ_CITY_DISTRICTS; index++) {
        const char *node = fuzz_city_district (index);
        sqlite3_stmt *stmt = lx_store_query (db, "SELECT seq, body FROM event WHERE node = ? AND seq > ?"
                                             " ORDER BY seq", "ti", node, self->heads [index]);
        assert (stmt);
        int64_t expected = self->heads [index];
        int rc;
        while ((rc = lx_store_step (db, stmt)) == 1) {
            int64_t seq = sqlite3_column_int64 (stmt, 0);
            const void *body = sqlite3_column_blob (stmt, 1);
            size_t size = (size_t) sqlite3_column_bytes (stmt, 1);
            lx_error_t error = { 0, "" };
            lx_msg_t *event = lx_msg_decode (body, size, &error);
            if (!event)
                fprintf (stderr, "fuzz_logic: event #%" PRId64 " for %s does not decode: %s\n",
                         seq, node, error.reason);
            assert (event);
            expected++;
            assert (seq == expected);
            assert (lx_msg_int (event, LX_F_SEQ) == seq);
            assert (streq (lx_msg_str (event, LX_F_NODE), node));
            uint8_t *encoded;
            size_t encoded_size;
            assert (lx_msg_encode (event, &encoded, &encoded_size) == 0);
            assert (encoded_size == size && memcmp (encoded, body, size) == 0);
            free (encoded);
            lx_msg_destroy (&event);
        }
        assert (rc == 0);
    }
}

//  Applies cmd (which this takes) from the district node as a follow-up
//  the rules must accept; a refusal is a finding.
static void
s_follow (s_fixture_t *self, const char *node, lx_msg_t *cmd)
{
    int index = fuzz_city_index (node);
    assert (index >= 0);
    lx_msg_set_str (cmd, LX_F_NODE, node);
    lx_msg_set_int (cmd, LX_F_SEQ, 1);
    assert (lx_msg_validate (cmd, NULL) == 0);
    lx_error_t error = { 0, "" };
    int rc = broker_logic_apply (self->logic, node, fuzz_city_role ((size_t) index), cmd, &error);
    if (rc)
        fprintf (stderr, "fuzz_logic: follow-up %s of %s by %s refused: %s %s\n",
                 lx_cmd_name (lx_msg_cmd (cmd)), lx_msg_str (cmd, LX_F_LEAD), node,
                 lx_error_name (error.code), error.reason);
    assert (rc == 0);
    lx_msg_destroy (&cmd);
}

//  True when field has the same value in both messages (absent ints read
//  as 0, absent lists as empty, as lx_lead reads them).
static bool
s_same_field (lx_msg_t *one, lx_msg_t *other, lx_field_t field)
{
    switch (lx_proto_field (field)->wire) {
        case LX_WIRE_INT:
            return lx_msg_int (one, field) == lx_msg_int (other, field);
        case LX_WIRE_LIST:
            if (lx_msg_count (one, field) != lx_msg_count (other, field))
                return false;
            for (size_t index = 0; index < lx_msg_count (one, field); index++)
                if (!streq (lx_msg_item (one, field, index), lx_msg_item (other, field, index)))
                    return false;
            return true;
        default:
            if (!lx_msg_str (one, field) || !lx_msg_str (other, field))
                return lx_msg_str (one, field) == lx_msg_str (other, field);
            return streq (lx_msg_str (one, field), lx_msg_str (other, field));
    }
}

//  Checks that the last transfer event for lander carries the lead as
//  registered: every field of the LEAD+C block but the stage (PROTOCOL.md
//  §3.7: the lander's copy of an approval carries the LEAD block and the
//  contact).
static void
s_check_transferred (s_fixture_t *self, const char *lander, lx_msg_t *registration)
{
    lx_store_t *db = broker_store_db (self->store);
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT body FROM event WHERE node = ? AND cmd = 'transfer'"
                                         " ORDER BY seq DESC LIMIT 1", "t", lander);
    assert (stmt);
    int found = lx_store_step (db, stmt);
    assert (found == 1);
    lx_msg_t *transfer = lx_msg_decode (sqlite3_column_blob (stmt, 0),
                                        (size_t) sqlite3_column_bytes (stmt, 0), NULL);
    sqlite3_reset (stmt);
    assert (transfer);
    const lx_field_t fields [] = {
        LX_F_LEAD, LX_F_FINDER, LX_F_INVESTOR, LX_F_USCC, LX_F_PROJECT, LX_F_SUMMARY, LX_F_INDUSTRIES,
        LX_F_TAGS, LX_F_INVESTMENT, LX_F_LAND, LX_F_TAX, LX_F_OUTPUT, LX_F_TYPE, LX_F_CHANNEL,
        LX_F_CONTACT, LX_F_PHONE, LX_F_FOUND
    };
    for (size_t index = 0; index < sizeof fields / sizeof fields [0]; index++) {
        bool same = s_same_field (registration, transfer, fields [index]);
        if (!same)
            fprintf (stderr, "fuzz_logic: lead %s: field '%s' as registered differs from its transfer event\n",
                     lx_msg_str (registration, LX_F_LEAD), lx_field_name (fields [index]));
        assert (same);
    }
    lx_msg_destroy (&transfer);
}

//  Takes the lead id a fuzzed registration just put on the register,
//  through the rest of its life, each step one the rules allow: its
//  finder offers it (a new lead is captured or assessing, with no
//  lander); the best-fitting district it was routed to, if any, claims it
//  (and wins: the offer is open); the center approves, and the lander's
//  transfer event carries the lead as registered; the lander reports the
//  signing with the planned investment as the contract amount. So the
//  profiles score, and the approval, transfer and progress events carry,
//  fuzzed lead data. registration is the LEAD message.
static void
s_follow_lead (s_fixture_t *self, const char *finder, lx_msg_t *registration)
{
    const char *lead = lx_msg_str (registration, LX_F_LEAD);
    lx_store_t *db = broker_store_db (self->store);
    //  A registration naming a protected investor waits for the center.
    int64_t open;
    if (lx_store_int (db, &open, "SELECT 1 FROM conflict WHERE lead = ? AND status = 'open'", "t", lead) == 0)
        s_follow (self, "center", s_resolve (lead, "dismiss"));
    s_follow (self, finder, s_cmd (LX_CMD_OFFER, lead));
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT node FROM route WHERE lead = ?"
                                         " ORDER BY score DESC, node LIMIT 1", "t", lead);
    assert (stmt);
    int found = lx_store_step (db, stmt);
    assert (found == 0 || found == 1);
    if (found == 0)
        return;                 //  it fits no district: nobody to claim it
    char *claimant = strdup ((const char *) sqlite3_column_text (stmt, 0));
    assert (claimant);
    sqlite3_reset (stmt);
    s_follow (self, claimant, s_cmd (LX_CMD_CLAIM, lead));
    s_follow (self, "center", s_decide (lead, "approve", NULL, 0, NULL));
    s_check_transferred (self, claimant, registration);
    lx_msg_t *progress = s_cmd (LX_CMD_PROGRESS, lead);
    lx_msg_set_str (progress, LX_F_STAGE, "signed");
    lx_msg_set_str (progress, LX_F_DATE, "2026-11-22");
    lx_msg_set_str (progress, LX_F_METRIC, "contract");
    lx_msg_set_int (progress, LX_F_AMOUNT, lx_msg_int (registration, LX_F_INVESTMENT));
    s_follow (self, claimant, progress);
    free (claimant);
}

//  libFuzzer entry point: byte 0 picks the sender, the rest is the body.
//  Returns 0.
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_fixture_t *self = s_fixture;
    if (size < 1)
        return 0;
    size_t index = data [0] % FUZZ_CITY_DISTRICTS;
    const char *node = fuzz_city_district (index);
    lx_msg_t *msg = lx_msg_decode (data + 1, size - 1, NULL);
    if (!msg)
        return 0;               //  the decoder's own properties: fuzz_msg
    if (!lx_cmd_is_numbered (lx_msg_cmd (msg))) {
        lx_msg_destroy (&msg);
        return 0;               //  control messages never reach the logic
    }
    lx_msg_set_str (msg, LX_F_NODE, node);
    lx_store_t *db = broker_store_db (self->store);
    int begun = lx_store_begin (db);
    assert (begun == 0);

    lx_error_t error = { 0, "" };
    int rc = broker_logic_apply (self->logic, node, fuzz_city_role (index), msg, &error);
    assert (rc == 0 || rc == -1);
    if (self->verbose)
        fprintf (stderr, "fuzz_logic: %s %s %s: %s %s\n", node, lx_cmd_name (lx_msg_cmd (msg)),
                 lx_msg_str (msg, LX_F_LEAD)? lx_msg_str (msg, LX_F_LEAD): "-",
                 rc? lx_error_name (error.code): "applied", rc? error.reason: "");
    if (rc)
        s_check_refusal (msg, &error);
    else
    if (lx_msg_cmd (msg) == LX_CMD_LEAD)
        s_follow_lead (self, node, msg);
    if (rc == 0) {
        s_check_events (self);
        //  The record stays readable by reconcile.
        zlistx_t *digests = broker_store_digests (self->store, node, NULL);
        assert (digests);
        zlistx_destroy (&digests);
    }

    int rolled_back = lx_store_rollback (db);
    assert (rolled_back == 0);
    lx_msg_destroy (&msg);
    return 0;
}
