/*  fuzz_city: the small city the fuzz targets and their seed generator share.

    fuzz_logic builds a broker store from this configuration and brings the
    leads named below into the states their names say; fuzz_node builds a
    node store for FUZZ_NODE_SELF holding the node-side leads below. The
    seed generator (fuzz_seeds) writes messages naming the same districts
    and leads, so that seeds reach deep into the handlers instead of
    stopping at NOT_FOUND. Change the two sides together: the ctest
    fuzz.seeds fails when the committed corpus is no longer what
    fuzz_seeds writes.
*/
#ifndef FUZZ_CITY_H_INCLUDED
#define FUZZ_CITY_H_INCLUDED

#include "lx_lead.h"
#include "lx_sign.h"

#include <stdbool.h>
#include <stddef.h>

//  The broker fixture's leads, one per state a handler branches on.
#define FUZZ_LEAD_CAPTURED      "kecheng-000001"    //  registered, never offered
#define FUZZ_LEAD_OPEN          "kecheng-000002"    //  offered, routed, no claim yet
#define FUZZ_LEAD_CLAIMED       "kecheng-000003"    //  claimed by zhizao, awaiting the center
#define FUZZ_LEAD_TRANSFERRED   "kecheng-000004"    //  approved to qujiang, nothing reported
#define FUZZ_LEAD_REJECTED      "kecheng-000005"    //  claimed by zhizao, rejected: assessing again
#define FUZZ_LEAD_OWN           "qujiang-000001"    //  qujiang's own, assessing, never offered
#define FUZZ_LEAD_SIGNED        "zhizao-000001"     //  approved to gaoxin, signed and counted
#define FUZZ_LEAD_LIAISON       "lo-beijing-000001" //  liaison channel, offered, no claim yet

//  The districts' ids, indexed as the first byte of a fuzz_logic input
//  picks its sender (modulo FUZZ_CITY_DISTRICTS).
#define FUZZ_CITY_DISTRICTS 6

//  The node fixture: the district whose store fuzz_node applies events to,
//  its own lead, and the leads other districts offered or transferred to it.
#define FUZZ_NODE_SELF          "qujiang"
#define FUZZ_NODE_OWN_LEAD      "qujiang-000001"    //  qujiang's own, captured
#define FUZZ_NODE_OFFERED_LEAD  "kecheng-000002"    //  offered to qujiang, open
#define FUZZ_NODE_LANDED_LEAD   "kecheng-000004"    //  transferred to qujiang

//  The broker configuration (ZPL): match, policy and the districts.
const char *fuzz_city_config (void);

//  District number index (0 .. FUZZ_CITY_DISTRICTS - 1): its id, and its
//  role as an lx_role_t. index out of range asserts.
const char *fuzz_city_district (size_t index);
int fuzz_city_role (size_t index);

//  The index of district id, or -1 if it is not one of the city's.
int fuzz_city_index (const char *id);

//  The city's lead id, found by finder, through channel (lx_channel_t), at
//  stage (lx_stage_t): chemicals (C2614), fitting qujiang, zhizao and gaoxin,
//  with every optional field. The caller destroys it.
lx_lead_t *fuzz_city_lead (const char *id, const char *finder, int channel, int stage);

//  The city's ledger signing key, made from a fixed seed so that the
//  committed seeds' signatures stay valid: with secret the broker's whole
//  key (fuzz_logic's logic signs with it), else its public half, what
//  fuzz_node's store checks with. The caller destroys it; NULL if
//  libsodium fails.
lx_sign_t *fuzz_city_sign (bool secret);

//  Stops the process (abort, after naming target, what and detail, which
//  may be NULL) unless condition holds: a fixture that cannot be built
//  means the harness or the product is broken before any input ran, which
//  is not an input's finding.
void fuzz_city_require (const char *target, bool condition, const char *what, const char *detail);

//  Removes a fixture's SQLite store at path (its -wal, -shm and -journal
//  files too) and then its directory dir. Missing files are no error.
void fuzz_city_remove_store (const char *path, const char *dir);

#endif
