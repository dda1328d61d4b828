/*  broker_register: the city's register of investors (报备), as the rules
    of first registration see it.

    Every lead registered at any node is on the broker's register (table
    lead). The earliest registration of an investor keeps priority for a
    protection window: 90 days by default, longer (180) for a project of
    at least 1 bn yuan. During that window another district's registration
    of the same investor is a conflict: the same unified social credit
    code, or a company name that matches by lx_name's rule. This class
    holds the register's settings (the broker configuration's register
    section, every key with a default) and finds the registration a new
    lead conflicts with. It reads the store; it never writes it.

        register
            protect_days = 90
            protect_days_major = 180
            major_investment = 1000000000
            name_threshold = 8000
            near_candidates = 200

    A check compares the lead's name with every protected registration of
    the same credit code or the same core, and with at most
    near_candidates near-match candidates (cores with the same first two
    characters), the oldest still protected: the earliest registrations
    hold the priority, and a district that registers many names with one
    start cannot make each check read them all.
*/
#ifndef BROKER_REGISTER_H_INCLUDED
#define BROKER_REGISTER_H_INCLUDED

#include "lx_lead.h"
#include "lx_store.h"

#include <czmq.h>

typedef struct _broker_register_t broker_register_t;

//  How a new registration matches an earlier one.
typedef enum {
    BROKER_MATCH_USCC,          //  the same unified social credit code
    BROKER_MATCH_NAME,          //  the same name once normalized (lx_name)
    BROKER_MATCH_SIMILAR        //  a near match of the names (lx_name)
} broker_match_kind_t;

//  The earlier registration a new lead conflicts with.
typedef struct {
    char lead [65];             //  its lead id
    char finder [33];           //  the district holding it
    int64_t registered;         //  when it was registered, ms since epoch
    int64_t protected_until;    //  end of its protection window, ms since epoch
    int kind;                   //  broker_match_kind_t
    int similarity;             //  the names' similarity, basis points
} broker_conflict_t;

//  Loads the settings under register/ in the broker configuration (absent
//  keys take their defaults) and opens the rule's name normalizer
//  (lx_name_new: once, it is costly). Returns the register, or NULL with a
//  reason in error: the key at fault, or the normalizer's.
broker_register_t *broker_register_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the register and nulls *self_p; safe on NULL and twice.
void broker_register_destroy (broker_register_t **self_p);

//  The protection window of a registration with this planned investment,
//  in ms.
int64_t broker_register_window (broker_register_t *self, int64_t investment);

//  The core of investor's name by the register's rule (lx_name), as a new
//  string the caller frees: what the lead table keeps as name_core. NULL
//  when investor is NULL or not valid UTF-8, or out of memory.
char *broker_register_core (broker_register_t *self, const char *investor);

//  The wire name of a match kind ("uscc", "name", "similar").
const char *broker_register_kind_name (int kind);

//  Looks for the earliest registration still protected at now (ms since
//  epoch), not withdrawn nor struck, that names lead's investor: the same
//  credit code, or a matching name (near matches among the oldest
//  near_candidates candidates). When it is another district's, lead
//  conflicts with it: returns 1 with *conflict filled. Returns 0 when there
//  is none or it is lead's own district's (a district may register its
//  investor again), -1 when the store failed (lx_store_error says why).
int broker_register_find (broker_register_t *self, lx_store_t *db, lx_lead_t *lead, int64_t now,
                          broker_conflict_t *conflict);

//  Self test.
void broker_register_test (bool verbose);

#endif
