/*  broker_timers: the clocks the exchange's rules run on.

    Holds the timer settings of the broker configuration's timers section
    (every key with a default) and answers, for a given time, what is due:
    offers nobody claimed within their window, claimed or transferred leads
    with no progress within the policy window, and leads the monthly review
    should strike off. It reads the store; it never writes it. What happens
    to what is due is broker_logic's (broker_logic_run_timers).

        timers
            interval_ms = 10000     #   how often the broker looks
            offer_days = 14         #   an open offer unclaimed this long returns to its finder
            progress_days = 30      #   claimed / transferred with no progress this long: flagged
            return_stale = 1        #   1: a flagged transfer also returns to the pool
            strike_days = 90        #   monthly review: no progress this long, due to be struck off
*/
#ifndef BROKER_TIMERS_H_INCLUDED
#define BROKER_TIMERS_H_INCLUDED

#include "lx_store.h"

#include <czmq.h>

typedef struct _broker_timers_t broker_timers_t;

//  One lead a timer found due.
typedef struct {
    char lead [65];             //  its id
    char finder [33];           //  the district that registered it
    char holder [33];           //  the claimant or lander, "" when none
    char stage [16];            //  its stage now
    int64_t activity;           //  ms since epoch of its last change of stage
} broker_due_t;

//  Loads the settings under timers/ in the broker configuration (absent
//  keys take their defaults); root may be NULL for all defaults. Returns
//  the timers, or NULL with a reason naming the key at fault in error.
broker_timers_t *broker_timers_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the timers and nulls *self_p; safe on NULL and twice.
void broker_timers_destroy (broker_timers_t **self_p);

//  How often the broker runs its timers, in ms.
int64_t broker_timers_interval (broker_timers_t *self);

//  The windows, in days: offer, progress and strike; and whether a stale
//  transfer returns to the pool.
int64_t broker_timers_offer_days (broker_timers_t *self);
int64_t broker_timers_progress_days (broker_timers_t *self);
int64_t broker_timers_strike_days (broker_timers_t *self);
bool broker_timers_return_stale (broker_timers_t *self);

//  The leads whose open offer has waited past the offer window at now
//  (ms since epoch), oldest first: a new list of broker_due_t (the
//  caller's), or NULL on a store error.
zlistx_t *broker_timers_expired_offers (broker_timers_t *self, lx_store_t *db, int64_t now);

//  The claimed, transferred or negotiating leads with no change of stage
//  within the progress window at now and not yet flagged for that
//  inactivity, oldest first: a new list of broker_due_t, or NULL on error.
zlistx_t *broker_timers_stale (broker_timers_t *self, lx_store_t *db, int64_t now);

//  The leads due to be struck off at now: not yet signed, neither
//  withdrawn nor struck, with no change of stage within the strike window;
//  by district, then oldest first. A new list of broker_due_t, or NULL.
zlistx_t *broker_timers_review (broker_timers_t *self, lx_store_t *db, int64_t now);

//  True when lead is due to be struck off at now. Returns 1, 0, or -1 on
//  a store error.
int broker_timers_is_due (broker_timers_t *self, lx_store_t *db, const char *lead, int64_t now);

//  Self test.
void broker_timers_test (bool verbose);

#endif
