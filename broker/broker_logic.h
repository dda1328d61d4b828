/*  broker_logic: applies a node's numbered message to the city's record.

    The rules of the exchange live here: registering leads, routing offers
    to the best-fitting districts, one winner per claim, the center's
    decisions with the split fixed at approval, progress with exact credit
    shares. Each rule writes the broker store and creates the events it
    owes other nodes; the caller (broker_server) applies each message in a
    batch transaction and makes sure a refused one changes nothing: most
    refusals come before any write, and for the others it applies the batch
    again with a savepoint for each message.
*/
#ifndef BROKER_LOGIC_H_INCLUDED
#define BROKER_LOGIC_H_INCLUDED

#include "broker_bounds.h"
#include "broker_match.h"
#include "broker_quota.h"
#include "broker_policy.h"
#include "broker_register.h"
#include "broker_store.h"
#include "broker_timers.h"
#include "lx_clock.h"
#include "lx_msg.h"
#include "lx_sign.h"

typedef struct _broker_logic_t broker_logic_t;

//  Creates the logic over a store, the district profiles, the split
//  policy, the register's rule, the timer settings and a clock; it borrows
//  all six, which must outlive it. It takes the ledger signing key at
//  *sign_p (which must hold its secret half: every ledger head it issues
//  is signed) and nulls it. Returns NULL if out of memory (the key is
//  then destroyed).
broker_logic_t *broker_logic_new (broker_store_t *store, broker_match_t *match,
                                  broker_policy_t *policy, broker_register_t *reg,
                                  broker_timers_t *timers, lx_clock_t *clock, lx_sign_t **sign_p);

//  Bounds what a progress report may credit (broker_bounds, borrowed; it
//  must outlive the logic): a report outside them is held for the center.
//  Without bounds every amount is credited.
void broker_logic_set_bounds (broker_logic_t *self, broker_bounds_t *bounds);

//  Holds each district to its quotas (broker_quota, borrowed; it must
//  outlive the logic): a lead, offer or progress past one is refused
//  (QUOTA). Without quotas, none is counted.
void broker_logic_set_quota (broker_logic_t *self, broker_quota_t *quota);

//  Destroys the logic and nulls *self_p; safe on NULL and twice.
void broker_logic_destroy (broker_logic_t **self_p);

//  Applies msg, a numbered command (lead, offer, claim, decide, progress)
//  from node, whose configured role is role, inside the caller's
//  transaction. Returns 0 when applied. Returns -1 with error filled when
//  refused: a business code (NOT_FOUND, NOT_ALLOWED, CONFLICT, BAD_VALUE,
//  IDENTITY) leaves the caller to undo whatever was written before it (a
//  rule may refuse part-way, as a strike of several leads does) and record
//  the refusal; LX_ERR_INTERNAL means the store failed and the whole batch
//  must be rolled back and not acknowledged.
int broker_logic_apply (broker_logic_t *self, const char *node, int role,
                        lx_msg_t *msg, lx_error_t *error);

//  Tells every center node of a fault about district (an ALERT event with
//  reason), inside the caller's transaction: a second connection with its
//  key, a store that went back in time. Returns 0, or -1 with error filled
//  (INTERNAL: the store failed).
int broker_logic_alert (broker_logic_t *self, const char *district, const char *reason, lx_error_t *error);

//  Runs the timers at the clock's now, inside the caller's transaction
//  (broker_logic_timers.c): open offers past their window return to their
//  finders; claimed and transferred leads with no progress within the
//  policy window are flagged to the center and, when the policy says so,
//  transfers return to the pool. Returns how many leads it acted on, or -1
//  with error filled (INTERNAL: roll the transaction back).
int broker_logic_run_timers (broker_logic_t *self, lx_error_t *error);

//  Self test.
void broker_logic_test (bool verbose);

//  Self test of the register's and the timers' rules
//  (broker_logic_rules_test.c): conflicts at registration and the center's
//  RESOLVE, STRIKE, offer expiry, stale claims and transfers, the return to
//  the pool; each scenario on its own store in a temporary directory (removed
//  at the end) and a manual clock. Asserts on failure.
void broker_logic_rules_test (bool verbose);

//  Self test of a district bending the record (broker_logic_bounds_test.c):
//  amounts outside the bounds held and the center's decisions, dates
//  outside the lead's life, a published month closed, a district past its
//  quota; on the broker fixture with a manual clock. Asserts on failure.
void broker_logic_bounds_test (bool verbose);

//  Self test of the credit rules (broker_logic_credit_test.c): exact shares
//  for every ledger row, both districts' chains (consecutive, linked, each
//  PROGRESSED naming its own entry), counting windows (from the first tax,
//  the construction start, the signing) fixed at approval, a project
//  counted once at first signing, capital increases, and tampering found by
//  lx_ledger_verify; under the Ningde and Fuzhou precedents, each scenario on
//  its own store in a temporary directory (removed at the end) and a manual
//  clock. Asserts on failure.
void broker_logic_credit_test (bool verbose);

#endif
