/*  broker_quota: how much one district may send.

    A district with a valid key can still flood the others: 1,500 leads and
    1,500 offers in a few seconds sent two districts 1,500 unwanted offers
    each. Each district may register leads, offer them and report progress
    at most so many times a minute and a day (the broker's local day), in
    the broker's configuration; a message past a quota is refused (429
    QUOTA) and the district's staff are told when it resets.

        quota
            leads_per_minute = 30       #   0 = no limit
            leads_per_day = 300
            offers_per_minute = 30
            offers_per_day = 300
            progress_per_minute = 120
            progress_per_day = 3000

    What each district has taken is counted in memory and rebuilt from the
    broker's store (the inbound messages accepted today, each with when it
    came) when the day changes or a rollback may have undone some of it:
    the count costs nothing per message but an addition.
*/
#ifndef BROKER_QUOTA_H_INCLUDED
#define BROKER_QUOTA_H_INCLUDED

#include "lx_msg.h"
#include "lx_store.h"

#include <czmq.h>

typedef struct _broker_quota_t broker_quota_t;

//  Loads the quotas under quota/ in the broker configuration, each key
//  with its default (above). Returns the quotas, or NULL with a reason in
//  error naming the key at fault.
broker_quota_t *broker_quota_load (zconfig_t *root, char *error, size_t error_size);

//  Destroys the quotas and nulls *self_p; safe on NULL and twice.
void broker_quota_destroy (broker_quota_t **self_p);

//  Takes one cmd for node at now (ms since epoch) against its quotas, in
//  the caller's transaction on db (the broker's store, whose inbound table
//  the counts are rebuilt from). Returns 0 when taken (or cmd has no
//  quota); -1 with error filled: QUOTA (a sentence naming the quota and
//  when it resets) or INTERNAL (the store failed).
int broker_quota_take (broker_quota_t *self, lx_store_t *db, const char *node, lx_cmd_t cmd, int64_t now,
                       lx_error_t *error);

//  Self test.
void broker_quota_test (bool verbose);

#endif
