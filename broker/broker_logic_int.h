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
    broker_register_t *reg;     //  first-registration rule (borrowed)
    broker_timers_t *timers;    //  timer settings (borrowed)
    lx_clock_t *clock;          //  time source (borrowed)
    broker_bounds_t *bounds;    //  plausible amounts (borrowed); NULL: every amount is credited
    broker_quota_t *quota;      //  what a district may send (borrowed); NULL: no quota
    lx_sign_t *sign;            //  the ledger signing key, secret half (owned): signs each head issued
};

//  Fills error as an internal failure carrying the store's message.
#define BROKER_LOGIC_INTERNAL(self, error) \
    lx_error_set ((error), LX_ERR_INTERNAL, "store: %s", lx_store_error ((self)->db))

//  Loads the lead named by msg's lead field, with *lander_p (caller frees,
//  NULL when none; lander_p may be NULL). Returns the lead (caller
//  destroys), or NULL with error filled: NOT_FOUND, or INTERNAL.
lx_lead_t *broker_logic_lead_for (broker_logic_t *self, lx_msg_t *msg, char **lander_p,
                                  lx_error_t *error);

//  The same for the lead with id.
lx_lead_t *broker_logic_lead_by_id (broker_logic_t *self, const char *id, char **lander_p,
                                    lx_error_t *error);

//  Sets a lead's stage. Returns 0 or -1 (the store failed).
int broker_logic_set_stage (broker_logic_t *self, const char *lead, int stage);

//  Stores msg as an event for node (msg stays the caller's). Returns 0, or
//  -1 with error filled (INTERNAL).
int broker_logic_emit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

//  Stores msg as an event for every node with the center role. Returns 0,
//  or -1 with error filled (INTERNAL).
int broker_logic_emit_center (broker_logic_t *self, lx_msg_t *msg, lx_error_t *error);

//  The same, but for the center nodes named told_a or told_b (either may
//  be NULL): a center party to what msg tells gets it once.
int broker_logic_emit_center_except (broker_logic_t *self, lx_msg_t *msg, const char *told_a,
                                     const char *told_b, lx_error_t *error);

//  Stores msg as an event for every district lead's current offer was
//  routed to. Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_emit_routes (broker_logic_t *self, const char *lead, lx_msg_t *msg, lx_error_t *error);

//  Reads lead's offer status into *status_p (caller frees; NULL when it
//  was never offered). Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_offer_status (broker_logic_t *self, const char *lead, char **status_p, lx_error_t *error);

//  Records a change of lead by node (kind: withdraw, edit, strike, merge,
//  return) on the record, with the fields it touched and the reason.
//  Returns 0 or -1 with error filled (INTERNAL).
int broker_logic_record_change (broker_logic_t *self, const char *lead, const char *node, const char *kind,
                                const char *fields, const char *reason, lx_error_t *error);

//  Approves the transfer of lead to lander, decided by decided_by with
//  reason: the decision, the split (the policy's, with the metrics in
//  overrides' splits replaced; overrides may be NULL) fixed on the record,
//  the lead transferred, and the TRANSFER told to the lander (with the
//  contact), the finder and the center. Returns 0, or -1 with error.
int broker_logic_transfer (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *decided_by,
                           const char *reason, lx_msg_t *overrides, lx_error_t *error);

//  Ends lead for good at stage (WITHDRAWN by its finder, or STRUCK by the
//  center), node acting with reason; lander and status (its offer's, both
//  may be NULL) say who else holds it. Tells the finder, the districts
//  holding a live offer, the lander, and the center (always for a strike).
//  Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_close (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *status,
                        int stage, const char *node, const char *reason, lx_error_t *error);

//  Tells whoever holds lead that it changed (EDITED): the finder and the
//  lander (may be NULL) with the contact; the districts holding its open
//  offer (status is the offer's, may be NULL) and the center once it is
//  transferred, without. Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_tell_edit (broker_logic_t *self, lx_lead_t *lead, const char *lander, const char *status,
                            const char *reason, lx_error_t *error);

//  Checks a lead just registered against the register
//  (broker_logic_register.c): a protected earlier registration of the same
//  investor by another district opens a conflict, told to both districts
//  and the center. Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_register_check (broker_logic_t *self, lx_lead_t *lead, lx_error_t *error);

//  Closes the conflict lead (just withdrawn or struck off, by node) has
//  as the later registration, if one is open: the first registration
//  keeps the investor, told as RESOLVED to both districts and the center.
//  Returns 0, or -1 with error filled (INTERNAL).
int broker_logic_conflict_close (broker_logic_t *self, lx_lead_t *lead, const char *node, lx_error_t *error);

//  Refuses what (a past participle: "offered") for lead while its
//  conflict awaits the center. Returns 0 when there is none, or -1 with
//  error filled: CONFLICT, or INTERNAL on a store error.
int broker_logic_conflict_refuse (broker_logic_t *self, const char *lead, const char *what, lx_error_t *error);

//  The center's commands on the register (broker_logic_register.c), each
//  as broker_logic_apply.
int broker_logic_on_resolve (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error);
int broker_logic_on_strike (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error);

//  PROGRESS (broker_logic_progress.c), as broker_logic_apply.
int broker_logic_on_progress (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

//  Applies report, a progress report reporter made that was held and the
//  center confirmed, as PROGRESS but without the bounds
//  (broker_logic_progress.c). Returns 0, or -1 with error filled.
int broker_logic_apply_held (broker_logic_t *self, const char *reporter, lx_msg_t *report, lx_error_t *error);

//  Tells held report id as it now stands (HELD: held, confirmed or
//  rejected) to its reporter, to the lead's finder when another district,
//  and to every center node (broker_logic_held.c). Returns 0, or -1 with
//  error filled (INTERNAL).
int broker_logic_held_emit (broker_logic_t *self, int64_t id, lx_error_t *error);

//  CONFIRM: the center confirms or rejects a held report
//  (broker_logic_held.c), as broker_logic_apply.
int broker_logic_on_confirm (broker_logic_t *self, const char *node, int role, lx_msg_t *msg, lx_error_t *error);

//  The finder's commands (broker_logic_lead.c), each as broker_logic_apply.
int broker_logic_on_lead (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);
int broker_logic_on_withdraw (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);
int broker_logic_on_edit (broker_logic_t *self, const char *node, lx_msg_t *msg, lx_error_t *error);

#endif
