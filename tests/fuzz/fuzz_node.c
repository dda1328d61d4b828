/*  fuzz_node: libFuzzer target for the node's event handlers,
    node_store_apply.

    LLVMFuzzerInitialize builds the store of the district FUZZ_NODE_SELF in a
    temporary directory, with its own lead registered, an offer routed to it
    and a lead transferred to it (see fuzz_city.h), all committed.

    With LEADX_FUZZ_VERBOSE set in the environment, each input's outcome is
    printed.

    An input is one message body, as the broker sends it. A body that
    decodes to a numbered command is applied as node_agent applies an
    event: node_store_apply inside lx_store_begin, then always rolled back,
    so every input meets the same record.

    Properties checked (each an assert: a failure is a finding):
    - node_store_apply returns 0 for every broker event that decodes,
      except exactly the `progressed` events the broker cannot have sent
      (below), which it refuses with BAD_VALUE: an event the node cannot
      apply is one it stops at for good (it is never acked past;
      node_agent retries it after every hello), so a refusal must be for
      a forged or corrupt event only;
    - a `progressed` the broker could have sent (PROTOCOL.md §3.8: metric,
      amount, finder_bp, both shares and the ledger entry present together
      or not at all, the shares as lx_split computes them, the entry the
      next of the node's chain with the hash it gives, its signature, if
      any, the broker's over that head, checked with the fixture city's
      key, fuzz_city_sign) with a progress id
      the node has not recorded yet is recorded: the node's credit table is
      the broker's;
    - afterwards the record is still readable by reconcile
      (node_store_digests succeeds).
*/

#include "node_store.h"
#include "fuzz_city.h"
#include "lx_domain.h"
#include "lx_ledger.h"
#include "lx_split.h"

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

//  Named in the messages of fuzz_city_require.
#define S_TARGET "fuzz_node"

//  Everything a run needs, built once in a temporary directory.
typedef struct {
    char dir [PATH_MAX];        //  temporary directory holding the store
    char *path;                 //  the store's file, in dir
    node_store_t *store;        //  the class under test
    int64_t applied;            //  seq of the last set-up event
    lx_sign_t *key;             //  the broker's public signing key, which the oracle checks with too
    bool verbose;               //  LEADX_FUZZ_VERBOSE is set: print each outcome
} s_fixture_t;

//  The one fixture. libFuzzer's entry points take no context argument, so
//  LLVMFuzzerInitialize leaves it here for LLVMFuzzerTestOneInput, and
//  atexit's s_fixture_destroy removes it. Runs never change it: each one
//  rolls its transaction back.
static s_fixture_t *s_fixture = NULL;

//  Applies msg (an event, which this takes) as the next one and commits;
//  the set-up must apply.
static void
s_setup_apply (s_fixture_t *self, lx_msg_t *msg)
{
    lx_msg_set_str (msg, LX_F_NODE, FUZZ_NODE_SELF);
    lx_msg_set_int (msg, LX_F_SEQ, ++self->applied);
    lx_error_t error = { 0, "" };
    fuzz_city_require (S_TARGET, lx_msg_validate (msg, &error) == 0, "set-up event invalid", error.reason);
    lx_store_t *db = node_store_db (self->store);
    fuzz_city_require (S_TARGET, lx_store_begin (db) == 0, "begin", lx_store_error (db));
    fuzz_city_require (S_TARGET, node_store_apply (self->store, FUZZ_NODE_SELF, msg, &error) == 0,
                       "set-up event refused", error.reason);
    fuzz_city_require (S_TARGET, node_store_set_applied (self->store, self->applied) == 0, "applied",
                       lx_store_error (db));
    fuzz_city_require (S_TARGET, lx_store_commit (db) == 0, "commit", lx_store_error (db));
    lx_msg_destroy (&msg);
}

//  The event of kind cmd carrying lead's fields (OFFERED or TRANSFER).
static lx_msg_t *
s_lead_event (lx_cmd_t cmd, const char *id, int stage)
{
    lx_lead_t *lead = fuzz_city_lead (id, "kecheng", LX_CHANNEL_OWN, stage);
    lx_msg_t *msg = lx_msg_new (cmd);
    assert (msg);
    lx_lead_to_msg (lead, msg, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  Removes the fixture: the store, its files and the directory. Registered
//  with atexit, so it runs when libFuzzer ends normally.
static void
s_fixture_destroy (void)
{
    s_fixture_t *self = s_fixture;
    if (!self)
        return;
    node_store_destroy (&self->store);
    lx_sign_destroy (&self->key);
    fuzz_city_remove_store (self->path, self->dir);
    zstr_free (&self->path);
    free (self);
    s_fixture = NULL;
}

//  Builds the fixture: see fuzz_city.h for the leads.
static s_fixture_t *
s_fixture_new (void)
{
    s_fixture_t *self = (s_fixture_t *) calloc (1, sizeof (s_fixture_t));
    fuzz_city_require (S_TARGET, self != NULL, "out of memory", NULL);
    const char *tmp = getenv ("TMPDIR");
    snprintf (self->dir, sizeof self->dir, "%s/leadx_fuzz_node_XXXXXX", tmp && *tmp? tmp: "/tmp");
    fuzz_city_require (S_TARGET, mkdtemp (self->dir) != NULL, "mkdtemp", self->dir);
    self->path = zsys_sprintf ("%s/node.db", self->dir);
    self->verbose = getenv ("LEADX_FUZZ_VERBOSE") != NULL;
    char error [256] = "";
    self->store = node_store_new (self->path, error, sizeof error);
    fuzz_city_require (S_TARGET, self->store != NULL, "node store", error);
    //  The broker's public key, as node_agent sets it from node/broker_sign.
    self->key = fuzz_city_sign (false);
    fuzz_city_require (S_TARGET, self->key != NULL, "signing key", NULL);
    lx_sign_t *key = lx_sign_public_copy (self->key);
    fuzz_city_require (S_TARGET, key != NULL, "signing key", NULL);
    node_store_set_broker_key (self->store, &key);

    //  Its own lead, registered by the staff command's store call.
    lx_lead_t *own = lx_lead_new ();
    assert (own);
    lx_lead_set (&own->investor, "某新能源科技有限公司");
    lx_lead_set (&own->project, "储能电池项目");
    lx_lead_set (&own->found, "2026-11-03");
    lx_lead_add_industry (own, "C3841");
    own->investment = 800000000;
    lx_error_t failure = { 0, "" };
    fuzz_city_require (S_TARGET, node_store_lead_add (self->store, FUZZ_NODE_SELF, own, &failure) > 0,
                       "own lead",
                       failure.reason);
    fuzz_city_require (S_TARGET, streq (own->id, FUZZ_NODE_OWN_LEAD), "own lead id", own->id);
    lx_lead_destroy (&own);

    //  An open offer.
    lx_msg_t *msg = s_lead_event (LX_CMD_OFFERED, FUZZ_NODE_OFFERED_LEAD, LX_STAGE_OFFERED);
    lx_msg_set_int (msg, LX_F_SCORE, 65);
    lx_msg_add_item (msg, LX_F_REASONS, "leading industry C26 matches C2614");
    lx_msg_add_item (msg, LX_F_REASONS, "plot qj-01 衢江经济开发区 (100 mu, ≥250 万元/mu)");
    s_setup_apply (self, msg);
    //  A lead offered, won and transferred here, with a first report.
    msg = s_lead_event (LX_CMD_OFFERED, FUZZ_NODE_LANDED_LEAD, LX_STAGE_OFFERED);
    lx_msg_set_int (msg, LX_F_SCORE, 65);
    s_setup_apply (self, msg);
    msg = lx_msg_new (LX_CMD_CLAIM_RESULT);
    lx_msg_set_str (msg, LX_F_LEAD, FUZZ_NODE_LANDED_LEAD);
    lx_msg_set_bool (msg, LX_F_WON, true);
    lx_msg_set_str (msg, LX_F_CLAIMANT, FUZZ_NODE_SELF);
    lx_msg_set_str (msg, LX_F_REASON, "claimed, awaiting the center's approval");
    s_setup_apply (self, msg);
    msg = s_lead_event (LX_CMD_TRANSFER, FUZZ_NODE_LANDED_LEAD, LX_STAGE_TRANSFERRED);
    lx_msg_set_str (msg, LX_F_DECISION, "approve");
    lx_msg_set_str (msg, LX_F_LANDER, FUZZ_NODE_SELF);
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        lx_msg_put (msg, LX_F_SPLITS, lx_metric_name (metric), metric == LX_METRIC_TAX? 5000: 3000);
    s_setup_apply (self, msg);
    msg = lx_msg_new (LX_CMD_PROGRESSED);
    lx_msg_set_str (msg, LX_F_LEAD, FUZZ_NODE_LANDED_LEAD);
    lx_msg_set_int (msg, LX_F_PROGRESS, 1);
    lx_msg_set_str (msg, LX_F_STAGE, "negotiating");
    lx_msg_set_str (msg, LX_F_DATE, "2026-11-21");
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_LANDER, FUZZ_NODE_SELF);
    s_setup_apply (self, msg);
    return self;
}

//  libFuzzer calls this once before any input. Returns 0.
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    //  The handlers log every rejection and unexpected event; at thousands
    //  of runs a second that is all the output would hold.
    zsys_set_logstream (NULL);
    s_fixture = s_fixture_new ();
    atexit (s_fixture_destroy);
    return 0;
}

//  True when msg, a PROGRESSED, is one the broker could have sent
//  (PROTOCOL.md §3.8): the credit fields all present or all absent, the
//  shares those of lx_split_shares, and its ledger entry the next of this
//  node's chain with the hash that chain gives it (or already in it),
//  signed by the broker's key, or unsigned (an event stored before the
//  broker signed); a signature only with a ledger entry.
static bool
s_progressed_consistent (s_fixture_t *self, lx_msg_t *msg)
{
    bool credit = lx_msg_has (msg, LX_F_METRIC);
    const lx_field_t together [] = { LX_F_AMOUNT, LX_F_FINDER_BP, LX_F_FINDER_SHARE, LX_F_LANDER_SHARE,
                                     LX_F_LEDGER, LX_F_HASH, LX_F_COUNTED };
    for (size_t index = 0; index < sizeof together / sizeof together [0]; index++)
        if (lx_msg_has (msg, together [index]) != credit)
            return false;
    if (!credit)
        return !lx_msg_has (msg, LX_F_SIGNATURE);
    int64_t finder_share, lander_share;
    if (lx_split_shares (lx_msg_int (msg, LX_F_AMOUNT), (int) lx_msg_int (msg, LX_F_FINDER_BP),
                         &finder_share, &lander_share)
    ||  finder_share != lx_msg_int (msg, LX_F_FINDER_SHARE)
    ||  lander_share != lx_msg_int (msg, LX_F_LANDER_SHARE))
        return false;
    lx_store_t *db = node_store_db (self->store);
    int64_t held;
    int found = lx_store_int (db, &held, "SELECT seq FROM ledger WHERE node = ? AND progress = ?", "ti",
                              FUZZ_NODE_SELF, lx_msg_int (msg, LX_F_PROGRESS));
    assert (found == 0 || found == 1);
    if (found == 0)
        return true;            //  the same entry again
    int64_t count;
    char head [65], hash [65];
    int read = lx_ledger_head (db, FUZZ_NODE_SELF, &count, head);
    assert (read == 0);
    lx_ledger_entry_t entry;
    lx_ledger_entry_from_event (msg, &entry);
    int linked = lx_ledger_link (FUZZ_NODE_SELF, head, &entry, hash);
    assert (linked == 0);
    if (lx_msg_int (msg, LX_F_LEDGER) != count + 1 || !streq (hash, lx_msg_str (msg, LX_F_HASH)))
        return false;
    return !lx_msg_has (msg, LX_F_SIGNATURE)
        || lx_sign_check (self->key, FUZZ_NODE_SELF, count + 1, hash, lx_msg_str (msg, LX_F_SIGNATURE));
}

//  The number of progress rows with id, or -1 on a store error.
static int64_t
s_progress_rows (s_fixture_t *self, int64_t id)
{
    int64_t count;
    int rc = lx_store_int (node_store_db (self->store), &count, "SELECT count(*) FROM progress WHERE id = ?",
                           "i", id);
    return rc == 0? count: -1;
}

//  libFuzzer entry point: the input is one event body. Returns 0.
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_fixture_t *self = s_fixture;
    lx_msg_t *msg = lx_msg_decode (data, size, NULL);
    if (!msg)
        return 0;               //  the decoder's own properties: fuzz_msg
    if (!lx_cmd_is_numbered (lx_msg_cmd (msg)) || !lx_cmd_from_broker (lx_msg_cmd (msg))) {
        lx_msg_destroy (&msg);
        return 0;               //  node_agent applies the broker's numbered events only
    }
    lx_store_t *db = node_store_db (self->store);
    int begun = lx_store_begin (db);
    assert (begun == 0);

    bool progressed = lx_msg_cmd (msg) == LX_CMD_PROGRESSED;
    int64_t id = progressed? lx_msg_int (msg, LX_F_PROGRESS): 0;
    int64_t rows_before = progressed? s_progress_rows (self, id): 0;
    assert (rows_before >= 0);

    //  Judged on the record as it stands before the event.
    bool refusable = progressed && !s_progressed_consistent (self, msg);
    lx_error_t error;
    int rc = node_store_apply (self->store, FUZZ_NODE_SELF, msg, &error);
    assert (rc == 0 || rc == -1);
    if (self->verbose)
        fprintf (stderr, "fuzz_node: %s %s: %s\n", lx_cmd_name (lx_msg_cmd (msg)),
                 lx_msg_str (msg, LX_F_LEAD)? lx_msg_str (msg, LX_F_LEAD): "-", rc? error.reason: "applied");
    //  Refused exactly when it is a progressed the broker cannot have sent.
    if (rc && !(refusable && error.code == LX_ERR_BAD_VALUE))
        fprintf (stderr, "fuzz_node: %s event not applied: %s\n", lx_cmd_name (lx_msg_cmd (msg)), error.reason);
    if (!rc && refusable)
        fprintf (stderr, "fuzz_node: an inconsistent progressed was applied\n");
    assert (rc == 0? !refusable: refusable && error.code == LX_ERR_BAD_VALUE);
    if (progressed && rows_before == 0 && !refusable) {
        int64_t rows_after = s_progress_rows (self, id);
        if (rows_after != 1)
            fprintf (stderr, "fuzz_node: progressed #%" PRId64 " applied but not recorded\n", id);
        assert (rows_after == 1);
    }
    zlistx_t *digests = node_store_digests (self->store, FUZZ_NODE_SELF, NULL);
    if (!digests)
        fprintf (stderr, "fuzz_node: digests fail after %s: %s\n", lx_cmd_name (lx_msg_cmd (msg)),
                 lx_store_error (db));
    assert (digests);
    zlistx_destroy (&digests);

    int rolled_back = lx_store_rollback (db);
    assert (rolled_back == 0);
    lx_msg_destroy (&msg);
    return 0;
}
