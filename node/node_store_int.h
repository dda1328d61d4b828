/*  node_store_int: what node_store's two source files share.

    node_store.c holds the store: its schema, meta, the outbox, verdicts,
    recall and digests; node_store_apply.c applies the broker's events.
    Private to the class: nothing else includes this header.
*/
#ifndef NODE_STORE_INT_H_INCLUDED
#define NODE_STORE_INT_H_INCLUDED

#include "node_store.h"

struct _node_store_t {
    lx_store_t *db;             //  the open database
    lx_sign_t *broker_key;      //  the broker's public signing key, checking each ledger entry; NULL until set
};

//  Writes a lead row (insert or replace), with lander (NULL: none).
//  Returns 0 or -1.
int node_store_lead_write (node_store_t *self, lx_lead_t *lead, const char *lander);

#endif
