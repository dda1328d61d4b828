/*  broker_logic rules selftest: what its two files share.

    broker_logic_rules_test.c holds the register's scenarios (conflicts,
    RESOLVE, STRIKE), the test city and the entry point,
    broker_logic_rules_test (broker_logic.h), which runs every scenario;
    broker_logic_timers_test.c the timers' scenarios, declared here. Both
    build their fixtures on the same city. Test support compiled into
    leadx_broker_core, like broker_fixture; nothing else includes this
    header.
*/
#ifndef BROKER_LOGIC_RULES_TEST_H_INCLUDED
#define BROKER_LOGIC_RULES_TEST_H_INCLUDED

#include "broker_fixture.h"

//  A fixture over the city and extra configuration text (may be ""). It
//  asserts that the fixture is made.
broker_fixture_t *broker_rules_fixture (const char *extra, bool verbose);

//  6. The timers. Each scenario builds and destroys its own fixture;
//  verbose as for broker_logic_rules_test.
void broker_rules_test_timers (bool verbose);

//  return_stale = 0: a stale transfer is flagged, once per silence, and
//  stays with its lander.
void broker_rules_test_flag_only (bool verbose);

//  A lead its finder lands itself (never transferred) has no claimant to
//  take it from: its silence is no transfer to return to the pool.
void broker_rules_test_own_lead (bool verbose);

//  A later registration in conflict: it may neither be offered nor make
//  progress; withdrawn by its finder, the conflict closes by itself (the
//  first keeps the investor), told once to each party.
void broker_rules_test_conflict_withdrawn (bool verbose);

#endif
