/*  fuzz_seeds: what the seed generator's files share.

    fuzz_seeds.c (main, the dictionary) calls the four writers below;
    fuzz_seeds_msgs.c holds the message builders and every valid command,
    fuzz_near_misses.c the bodies packed by hand, fuzz_seeds_city.c the seeds
    naming the fixtures' leads (fuzz_city.h).
*/
#ifndef FUZZ_SEEDS_H_INCLUDED
#define FUZZ_SEEDS_H_INCLUDED

#include "fuzz_city.h"
#include "lx_lead.h"
#include "lx_msg.h"

//  Where the files go.
typedef struct {
    const char *dir;            //  the output directory (tests/fuzz)
    int files;                  //  files written so far
} fuzz_seeds_out_t;

//  Writes one seed: dir/corpus/target/name holding the sender byte (when
//  sender >= 0) and then size bytes of data. Exits on failure.
void fuzz_seeds_write (fuzz_seeds_out_t *out, const char *target, const char *name, int sender,
                       const void *data, size_t size);

//  Encodes msg (which this takes) and writes it as a seed. When
//  must_be_valid, the message must pass lx_msg_validate (a programmer error
//  otherwise); either way it must decode, or it would be no seed for the
//  handlers.
void fuzz_seeds_write_msg (fuzz_seeds_out_t *out, const char *target, const char *name, int sender,
                           lx_msg_t *msg, bool must_be_valid);

//  A full lead of the city: chemicals (C2614), fits qujiang, zhizao, gaoxin.
lx_lead_t *fuzz_seeds_lead (const char *id, const char *finder);

//  A message of kind cmd from / to node with seq (when numbered).
lx_msg_t *fuzz_seeds_msg (lx_cmd_t cmd, const char *node, int64_t seq);

//  A message of kind cmd carrying lead's fields.
lx_msg_t *fuzz_seeds_lead_msg (lx_cmd_t cmd, const char *node, int64_t seq, lx_lead_t *lead,
                               bool with_contact);

//  A command naming lead.
lx_msg_t *fuzz_seeds_lead_cmd (lx_cmd_t cmd, const char *node, const char *lead);

//  A progress report; metric NULL for a stage alone.
lx_msg_t *fuzz_seeds_progress (const char *node, const char *lead, const char *stage,
                               const char *metric, int64_t amount);

//  A decision; metric NULL for none overridden, reason NULL for none.
lx_msg_t *fuzz_seeds_decide (const char *lead, const char *decision, const char *metric, const char *reason);

//  A progressed event with consistent shares, or a stage alone (metric NULL).
lx_msg_t *fuzz_seeds_progressed (const char *node, const char *lead, int64_t id,
                                 const char *finder, const char *lander, const char *stage,
                                 const char *metric, int64_t amount, int64_t bp);

//  Puts every metric's split into msg.
void fuzz_seeds_all_splits (lx_msg_t *msg);

//  The center's resolve of lead's conflict (resolution: keep, transfer,
//  merge, dismiss).
lx_msg_t *fuzz_seeds_resolve (const char *node, const char *lead, const char *resolution, const char *reason);

//  The center's strike of the count leads named (none when count is 0);
//  due is -1 to leave the field out, else its value.
lx_msg_t *fuzz_seeds_strike (const char *node, const char *const *leads, size_t count, int due,
                             const char *reason);

//  A conflict event: lead (found by finder) names the investor of earlier,
//  registered by holder, matched by match (uscc, name, similar).
lx_msg_t *fuzz_seeds_conflict (const char *node, const char *lead, const char *finder, const char *earlier,
                               const char *holder, const char *match, int64_t similarity);

//  A resolved event: the center's resolution of lead's conflict with earlier.
lx_msg_t *fuzz_seeds_resolved (const char *node, const char *lead, const char *finder, const char *earlier,
                               const char *holder, const char *resolution, const char *reason);

//  A struck event.
lx_msg_t *fuzz_seeds_struck (const char *node, const char *lead, const char *finder, const char *reason);

//  A returned event: lead back at stage, taken from claimant (NULL: none).
lx_msg_t *fuzz_seeds_returned (const char *node, const char *lead, const char *finder, const char *claimant,
                               const char *stage, const char *reason);

//  A stale event: lead at stage, held by claimant (NULL: none), silent since date.
lx_msg_t *fuzz_seeds_stale (const char *node, const char *lead, const char *finder, const char *claimant,
                            const char *stage, const char *date, const char *reason);

//  Writes one valid message of every command to target.
void fuzz_seeds_every_command (fuzz_seeds_out_t *out, const char *target);

//  Writes fuzz_msg's near-misses: one for each check of PROTOCOL.md §1.1.
void fuzz_seeds_near_misses (fuzz_seeds_out_t *out);

//  Writes fuzz_logic's seeds: every command, accepted and refused.
void fuzz_seeds_logic_seeds (fuzz_seeds_out_t *out);

//  Writes fuzz_node's seeds: every event, about the node fixture's leads.
void fuzz_seeds_node_seeds (fuzz_seeds_out_t *out);

#endif
