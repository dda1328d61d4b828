/*  broker_logic_int: what broker_logic's two source files share.

    broker_logic.c holds the exchange (offer, claim, decide, progress) and
    the dispatcher; broker_logic_lead.c the finder's own commands on its
    lead (lead, withdraw, edit). Private to the class: nothing else
    includes this header.
*/
#ifndef BROKER_LOGIC_INT_H_INCLUDED
#define BROKER_LOGIC_INT_H_INCLUDED

#include "broker_logic.h"
#include "lx_lead.h"

struct _broker_logic_t {
    broker_store_t *store;      //  the broker's record (borrowed)
    lx_store_t *db;             //  its database (borrowed)
    broker_match_t *match;      //  district profiles (borrowed)
    broker_policy_t *policy;    //  split policy (borrowed)
    lx_clock_t *clock;          //  time source (borrowed)
};

//  Fills error as an internal failure carrying the store's message.
#define BROKER_LOGIC_INTERNAL(self, error) \
    lx_error_set ((error), LX_ERR_INTERNAL, "store: %s", lx_store_error ((self)->db))

//  Loads the lead named by msg's lead field, with *lander_p (caller frees,
//  NULL when none; lander_p may be NULL). Returns the lead (caller
//  destroys), or NULL with error filled: NOT_FOUND, or INTERNAL.
lx_lead_t *broker_logic_lead_for (broker_logic_t *self, lx_msg_t *msg, char **lander_p,
                                  lx_error_t *error);

//  Sets a lead's stage. Returns 0 or -1 (the store failed).
int broker_logic_set_stage (broker_logic_t *self, const char *lead, int stage);

//  Stores msg as an event for node (msg stays the caller's). Returns 0, or
//  -1 with error filled (INTERNAL).
int broker_logic_emit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

//  Stores msg as an event for every node with the center role. Returns 0,
//  or -1 with error filled (INTERNAL).
int broker_logic_emit_center (broker_logic_t *self, lx_msg_t *msg, lx_error_t *error);

//  The finder's commands (broker_logic_lead.c), each as broker_logic_apply.
int broker_logic_on_lead (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);
int broker_logic_on_withdraw (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);
int broker_logic_on_edit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

#endif
