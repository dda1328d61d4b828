/*  broker_logic credit selftest: what its three files share.

    broker_logic_credit_test.c holds the entry point,
    broker_logic_credit_test (broker_logic.h), which runs every scenario,
    and the scenarios of the shares, both chains, the project count and
    the capital increase; broker_logic_window_test.c those of the counting
    windows and of tampering, declared here; broker_logic_credit_fixture.c
    the city, the Ningde policy and the checks every scenario makes,
    declared here. Test support compiled into leadx_broker_core, like
    broker_fixture; nothing else includes this header.
*/
#ifndef BROKER_LOGIC_CREDIT_TEST_H_INCLUDED
#define BROKER_LOGIC_CREDIT_TEST_H_INCLUDED

#include "broker_fixture.h"

//  Ningde (2017), with 30 / 70 for the rest and one rule of the signing
//  window (a channel rule, so that own-team leads keep the default).
extern const char *const broker_credit_ningde;

//  The city's districts, for the checks that visit every one.
#define BROKER_CREDIT_NODES 5
extern const char *const broker_credit_nodes [BROKER_CREDIT_NODES];

//  A fixture over the city and a policy text.
broker_fixture_t *broker_credit_fixture (const char *policy, bool verbose);

//  Registers a chemicals lead (C2614, 600 M) at the finder its id names,
//  through channel, with the investor its number picks. Returns the code.
int broker_credit_register (broker_fixture_t *self, const char *id, int channel);

//  Registers lead at kecheng, offers it, lander claims it and the center
//  approves, with the overrides (metric=bp, comma-separated; NULL: the
//  policy's split).
void broker_credit_transfer (broker_fixture_t *self, const char *lead, int channel, const char *lander,
                             const char *overrides);

//  A PROGRESS of lead at stage on date, with metric and amount when metric
//  is not NULL.
lx_msg_t *broker_credit_progress_msg (const char *lead, const char *stage, const char *date, const char *metric,
                                      int64_t amount);

//  node reports lead. Returns the error code.
int broker_credit_report (broker_fixture_t *self, const char *node, const char *lead, const char *stage,
                          const char *date, const char *metric, int64_t amount);

//  True when the split agreed for metric of lead is exactly this.
bool broker_credit_split_is (broker_fixture_t *self, const char *lead, const char *metric, int64_t bp,
                             int64_t years, const char *from, const char *source);

//  Checks the credit of the last report of metric on lead: its progress
//  row (amount, split and exact shares), one ledger entry in the chain of
//  each district it credits (the lander's and, for a transferred lead, the
//  finder's) and none in another, and the PROGRESSED each credited
//  district got, naming its own chain's entry; no other district is told.
//  Returns the progress id.
int64_t broker_credit_expect (broker_fixture_t *self, const char *lead, const char *metric, int64_t amount,
                              int64_t bp, bool counted);

//  node reports lead with metric and amount, and the credit is checked.
//  Returns the progress id.
int64_t broker_credit_credit (broker_fixture_t *self, const char *node, const char *lead, const char *stage,
                              const char *date, const char *metric, int64_t amount, int64_t bp, bool counted);

//  node reports a new contract total for lead: credited by what it adds,
//  added. Returns the progress id.
int64_t broker_credit_increase (broker_fixture_t *self, const char *node, const char *lead, const char *stage,
                                const char *date, int64_t total, int64_t added, int64_t bp, bool counted);

//  Walks node's chain entry by entry: seq 1, 2, 3 ... without a gap, each
//  prev the hash before it (the genesis first), each hash lx_ledger_link of
//  prev and the stored fields, each entry's shares exact and adding up,
//  each entry a copy of its progress row; then lx_ledger_verify must find
//  it good, also against its own head. Returns the entries; head (may be
//  NULL) receives the last hash.
int64_t broker_credit_check_chain (broker_fixture_t *self, const char *node, char head [65]);

//  Walks every PROGRESSED node got, in order, as its node would: one with
//  an amount carries the entry's place (the next seq of the node's chain)
//  and its hash, which must be lx_ledger_link of the hash before and the
//  event's own fields, and the broker's stored entry; one without carries
//  neither. Returns the entries the events name; *known_seq and known_hash
//  (may be NULL) receive the last one's, the head the node knows.
int64_t broker_credit_check_events (broker_fixture_t *self, const char *node, int64_t *known_seq,
                                    char known_hash [65]);

//  Checks the whole record: every district's chain and events agree entry
//  for entry; every report with an amount has exactly one entry in its
//  lander's chain and, when transferred, one in its finder's, and nothing
//  else is in the ledger; each lead counted at most once, as one project.
void broker_credit_check_all (broker_fixture_t *self);

//  3. Windows: from the first tax, from the construction start, from the
//  signing; fixed at approval, kept by an override. Builds and destroys
//  its own fixtures; verbose as for broker_logic_credit_test.
void broker_credit_test_windows (bool verbose);

//  6. Tampering with the broker's ledger, as an outsider with the file
//  would: the guards dropped first, then plain SQL. Builds and destroys
//  its own fixture; verbose as for broker_logic_credit_test.
void broker_credit_test_tamper (bool verbose);

#endif
