/*  broker_fixture: the selftests' broker, without sockets.

    Test support for the broker_logic selftests (broker_logic_test.c,
    broker_logic_rules_test.c and broker_logic_timers_test.c,
    broker_logic_credit_test.c, broker_logic_credit_fixture.c and
    broker_logic_window_test.c; compiled into leadx_broker_core as they
    are; no program calls it). A fixture is a city's broker in its own
    temporary directory: a real store, the profiles, policy, register and
    timers of a configuration text, a manual clock and the logic under
    test, every district of the configuration known to the store.

    Every message goes in as broker_server applies it (broker_fixture_apply):
    numbered per sender, inside a transaction, rolled back when refused and
    the refusal's code returned; broker_fixture_refused also checks that a
    refused message left the store exactly as it was. The rest reads the
    store: integers a query returns, the events each district got. The
    helpers assert on anything that should not happen (a store error, an
    INTERNAL refusal): a fixture is for selftests only.

    The fixture's parts are public: a selftest reads them (the clock, the
    timers, the directory) and may replace them (a new policy, and a new
    logic over the same store).
*/
#ifndef BROKER_FIXTURE_H_INCLUDED
#define BROKER_FIXTURE_H_INCLUDED

#include "broker_logic.h"
#include "lx_lead.h"

//  The districts section (ZPL) of the rules' and the credit selftests'
//  city: three counties, one platform, the center. A chemicals lead
//  (C2614) of kecheng fits qujiang, zhizao and longyou (leading C26, 40
//  points each); a battery lead (C3841) fits zhizao only (cluster C38).
#define BROKER_FIXTURE_DISTRICTS \
    "districts\n" \
    "    kecheng\n" \
    "        name = \"柯城区\"\n" \
    "        role = \"county\"\n" \
    "        leading = \"C39\"\n" \
    "    qujiang\n" \
    "        name = \"衢江区\"\n" \
    "        role = \"county\"\n" \
    "        leading = \"C22,C26\"\n" \
    "    zhizao\n" \
    "        name = \"智造新城\"\n" \
    "        role = \"platform\"\n" \
    "        leading = \"C26\"\n" \
    "        cluster = \"C38\"\n" \
    "    longyou\n" \
    "        name = \"龙游县\"\n" \
    "        role = \"county\"\n" \
    "        leading = \"C26\"\n" \
    "    center\n" \
    "        name = \"市协作中心\"\n" \
    "        role = \"center\"\n"

//  The most districts a fixture's configuration may name.
#define BROKER_FIXTURE_MAX_DISTRICTS 16

//  The manual clock's start: 2026-11-22 12:00 UTC, in ms since epoch.
#define BROKER_FIXTURE_START (INT64_C (1795348800000))

//  A city's broker in a temporary directory.
typedef struct {
    char name [32];             //  names the temporary directory and the log lines
    char dir [64];              //  the temporary directory ("" until made), removed by the destructor
    char *path;                 //  the store's file, in dir
    zconfig_t *config;          //  the parsed configuration
    broker_store_t *store;      //  the store under test
    broker_match_t *match;      //  the districts' profiles
    broker_policy_t *policy;    //  split policy
    broker_register_t *reg;     //  the register's rule
    broker_timers_t *timers;    //  timer settings
    lx_clock_t *clock;          //  manual clock, at start until moved
    broker_logic_t *logic;      //  the class under test
    int64_t start;              //  the clock's start, BROKER_FIXTURE_START
    bool verbose;               //  logs every refusal
    bool numbering;             //  after every message, checks the events' numbering (initially true)
    bool follow_dates;          //  a progress dated after the clock's today moves the clock there first (initially true)
    size_t districts;           //  how many districts the configuration names
    const char *ids [BROKER_FIXTURE_MAX_DISTRICTS];    //  each district's id, in configuration order
    int roles [BROKER_FIXTURE_MAX_DISTRICTS];          //  each district's configured role (lx_role_t)
    int64_t seq [BROKER_FIXTURE_MAX_DISTRICTS];        //  the last seq each district sent
} broker_fixture_t;

//  Builds a fixture named name (at most 31 characters: its directory is
//  /tmp/NAME_XXXXXX) over the configuration text city followed by extra
//  (NULL: nothing more), with every district of its districts section
//  known to the store in its role. verbose logs each refusal. Returns
//  NULL, the reason logged, when anything fails (nothing is left behind).
broker_fixture_t *broker_fixture_new (const char *name, const char *city, const char *extra, bool verbose);

//  Destroys the fixture, removes its store's files and its directory
//  (asserting that they went: anything else left there is a test's fault),
//  and nulls *self_p; safe on NULL and twice. A part already destroyed and
//  nulled by the test is passed over.
void broker_fixture_destroy (broker_fixture_t **self_p);

//  The fixture's store, as lx_store.
lx_store_t *broker_fixture_db (broker_fixture_t *self);

//  The fixtures' ledger signing key, made from a fixed seed, so that every
//  fixture's logic signs the same way: with secret the broker's whole key
//  (for broker_logic_new), else its public half, what a node holds.
//  Returns the key (the caller's); asserts it could be made.
lx_sign_t *broker_fixture_sign (bool secret);

//  Applies msg (taking it) from node, a district of the configuration, in
//  role, exactly as broker_server does: its node and the sender's next seq
//  set, valid, inside a transaction, committed when applied and rolled back
//  when refused (a refusal must carry a business code, never INTERNAL).
//  Then, while numbering is set, checks every district's event numbering
//  (broker_fixture_check_numbering). Returns 0 when applied, else the code.
int broker_fixture_apply_as (broker_fixture_t *self, const char *node, int role, lx_msg_t *msg);

//  broker_fixture_apply_as in node's configured role.
int broker_fixture_apply (broker_fixture_t *self, const char *node, lx_msg_t *msg);

//  Applies msg (taking it) from node, which must be refused with code, and
//  checks that the store is exactly as it was before (broker_fixture_digest).
void broker_fixture_refused (broker_fixture_t *self, const char *node, lx_msg_t *msg, int code);

//  Checks that every district's events are numbered 1..head without a
//  gap, whatever was rolled back on the way.
void broker_fixture_check_numbering (broker_fixture_t *self);

//  A digest of every row of every table and of every trigger's name:
//  equal digests, equal stores.
uint64_t broker_fixture_digest (broker_fixture_t *self);

//  The integer a query with no, one or two text parameters returns (-1
//  when no row); asserts the query runs.
int64_t broker_fixture_int0 (broker_fixture_t *self, const char *sql);
int64_t broker_fixture_int (broker_fixture_t *self, const char *sql, const char *text);
int64_t broker_fixture_int2 (broker_fixture_t *self, const char *sql, const char *one, const char *two);

//  How many events of cmd (wire name) about lead node got (node NULL:
//  every node; lead NULL: about any lead). Asserts each stored body
//  decodes to a message of cmd.
int broker_fixture_events (broker_fixture_t *self, const char *node, const char *cmd, const char *lead);

//  The last event of cmd about lead that node got, decoded (caller
//  destroys); asserts there is one.
lx_msg_t *broker_fixture_event (broker_fixture_t *self, const char *node, const char *cmd, const char *lead);

//  Checks that exactly the districts in told (a NULL-ended list) got count
//  events of cmd about lead, and every other district none.
void broker_fixture_told (broker_fixture_t *self, const char *cmd, const char *lead, int count, const char **told);

//  True when text is present and equal to expected.
bool broker_fixture_is (const char *text, const char *expected);

//  A new command of kind cmd naming lead.
lx_msg_t *broker_fixture_cmd (lx_cmd_t cmd, const char *lead);

//  A new lead id of the finder its id names ("FINDER-NUMBER"): investor,
//  investment, one industry code, project 新材料项目, contact 王经理, a
//  phone made from the id's last four characters, found 2026-11-10. The
//  caller destroys it.
lx_lead_t *broker_fixture_lead (const char *id, const char *investor, int64_t investment, const char *industry);

//  Registers lead (taking it) at its finder: a LEAD through
//  broker_fixture_apply. Returns 0 or the refusal's code.
int broker_fixture_register (broker_fixture_t *self, lx_lead_t *lead);

//  A day, in ms.
#define BROKER_FIXTURE_DAY (INT64_C (86400000))

//  Moves the clock to start + days (never back).
void broker_fixture_at_day (broker_fixture_t *self, int64_t days);

//  The local date of start + days.
void broker_fixture_date (broker_fixture_t *self, int64_t days, char date [11]);

//  True when lead is at stage on the register.
bool broker_fixture_stage_is (broker_fixture_t *self, const char *lead, const char *stage);

//  True when lead's offer has status.
bool broker_fixture_offer_is (broker_fixture_t *self, const char *lead, const char *status);

//  The finder (named by the id) offers lead. Returns 0 or the refusal's
//  code.
int broker_fixture_offer (broker_fixture_t *self, const char *lead);

//  The center approves the claim on lead (with an output override when
//  output_bp >= 0). Returns 0 or the refusal's code.
int broker_fixture_approve (broker_fixture_t *self, const char *lead, int64_t output_bp);

//  node reports lead at stage on date. Returns 0 or the refusal's code.
int broker_fixture_progress (broker_fixture_t *self, const char *node, const char *lead, const char *stage,
                             const char *date);

//  A RESOLVE of lead's conflict (caller destroys or applies it).
lx_msg_t *broker_fixture_resolve (const char *lead, const char *resolution, const char *reason);

//  True when node's last event of cmd about lead carries text in its reason.
bool broker_fixture_reason_has (broker_fixture_t *self, const char *node, const char *cmd, const char *lead,
                                const char *text);

//  Self test: the fixture itself (a refusal leaves the digest unchanged,
//  an application changes it, the readers count what it made).
void broker_fixture_test (bool verbose);

#endif
