/*  node_store_apply: a node's store applies the broker's events, each as
    the broker must have sent it, every copy held here following. */

#include "node_store_int.h"
#include "lx_ledger.h"
#include "lx_domain.h"
#include "lx_split.h"

//  Joins a msg's reasons or splits into one text.
static char *
s_join (lx_msg_t *msg, lx_field_t field, const char *separator)
{
    char *text = strdup ("");
    for (size_t index = 0; text && index < lx_msg_count (msg, field); index++) {
        char *next = lx_msg_count (msg, field) && field == LX_F_SPLITS
            ? zsys_sprintf ("%s%s%s=%" PRId64, text, index? separator: "",
                            lx_msg_item (msg, field, index), lx_msg_value (msg, field, index))
            : zsys_sprintf ("%s%s%s", text, index? separator: "", lx_msg_item (msg, field, index));
        free (text);
        text = next;
    }
    return text;
}

//  Checks a PROGRESSED's credit as the broker must have computed it
//  (PROTOCOL.md §3.8): metric, amount, finder_bp and both shares present
//  together or not at all, the shares exactly as lx_split_shares gives.
//  Returns 0, or -1 with error filled (BAD_VALUE).
static int
s_progressed_check (lx_msg_t *msg, lx_error_t *error)
{
    bool credit = lx_msg_has (msg, LX_F_METRIC);
    const lx_field_t together [] = { LX_F_AMOUNT, LX_F_FINDER_BP, LX_F_FINDER_SHARE, LX_F_LANDER_SHARE,
                                     LX_F_LEDGER, LX_F_HASH, LX_F_COUNTED };
    for (size_t index = 0; index < sizeof together / sizeof together [0]; index++)
        if (lx_msg_has (msg, together [index]) != credit)
            return lx_error_set (error, LX_ERR_BAD_VALUE, "progressed #%" PRId64 ": metric, amount,"
                                 " finder_bp, shares and the ledger entry come together",
                                 lx_msg_int (msg, LX_F_PROGRESS));
    if (!credit && lx_msg_has (msg, LX_F_SIGNATURE))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "progressed #%" PRId64 ": a signature without a ledger"
                             " entry", lx_msg_int (msg, LX_F_PROGRESS));
    if (!credit)
        return 0;
    int64_t amount = lx_msg_int (msg, LX_F_AMOUNT);
    int64_t finder_share, lander_share;
    if (lx_split_shares (amount, (int) lx_msg_int (msg, LX_F_FINDER_BP), &finder_share, &lander_share)
    ||  finder_share != lx_msg_int (msg, LX_F_FINDER_SHARE) || lander_share != lx_msg_int (msg, LX_F_LANDER_SHARE))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "progressed #%" PRId64 ": shares %" PRId64 " + %" PRId64
                             " are not %" PRId64 " split at %" PRId64 " bp", lx_msg_int (msg, LX_F_PROGRESS),
                             lx_msg_int (msg, LX_F_FINDER_SHARE), lx_msg_int (msg, LX_F_LANDER_SHARE), amount,
                             lx_msg_int (msg, LX_F_FINDER_BP));
    return 0;
}

//  The credit entry of a PROGRESSED with an amount: appended to this
//  node's chain, where it must land exactly where the broker's copy of the
//  chain has it, with the same hash, signed by the broker (the signature
//  kept with it); applied twice, it is there already. An entry without a
//  signature is one the broker stored before it signed its ledger: kept,
//  and backed only by the signature of a later entry (lx_ledger_audit).
//  Returns 0, or -1 with error filled (BAD_VALUE: the chains differ, or
//  the signature is not the broker's; INTERNAL: no key to check it with).
static int
s_apply_ledger (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    int64_t progress = lx_msg_int (msg, LX_F_PROGRESS), held;
    int found = lx_store_int (self->db, &held, "SELECT seq FROM ledger WHERE node = ? AND progress = ?",
                              "ti", node, progress);
    if (found != 1)
        return found == 0? 0: -1;
    lx_ledger_entry_t entry;
    lx_ledger_entry_from_event (msg, &entry);
    int64_t seq;
    char hash [65];
    if (lx_ledger_append (self->db, node, &entry, &seq, hash))
        return -1;
    if (seq != lx_msg_int (msg, LX_F_LEDGER) || !streq (hash, lx_msg_str (msg, LX_F_HASH)))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "progressed #%" PRId64 ": the broker's ledger has it as"
                             " entry %" PRId64 " %.12s..., this node's chain as entry %" PRId64 " %.12s...:"
                             " the chains differ", progress, lx_msg_int (msg, LX_F_LEDGER),
                             lx_msg_str (msg, LX_F_HASH), seq, hash);
    const char *signature = lx_msg_str (msg, LX_F_SIGNATURE);
    if (!signature) {
        zsys_warning ("node: progressed #%" PRId64 ": ledger entry %" PRId64 " came without the broker's signature"
                      " (an event stored before the broker signed); a later signed entry will back it",
                      progress, seq);
        return 0;
    }
    if (!self->broker_key)
        return lx_error_set (error, LX_ERR_INTERNAL, "progressed #%" PRId64 ": no broker signing key to check"
                             " ledger entry %" PRId64 " with (node/broker_sign)", progress, seq);
    if (!lx_sign_check (self->broker_key, node, seq, hash, signature))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "progressed #%" PRId64 ": the signature of ledger entry %"
                             PRId64 " is not the broker's (node/broker_sign key %.16s...)", progress, seq,
                             lx_sign_public (self->broker_key));
    return lx_ledger_sign_add (self->db, node, seq, signature);
}

//  EDITED: the finder changed a lead; each copy held here follows.
static int
s_apply_edited (node_store_t *self, lx_msg_t *msg)
{
    const char *lead = lx_msg_str (msg, LX_F_LEAD);
    char *industries = s_join (msg, LX_F_INDUSTRIES, ",");
    char *tags = s_join (msg, LX_F_TAGS, ",");
    int rc = industries && tags? 0: -1;
    //  The finder's and the lander's copies come with the contact.
    if (rc == 0)
        rc = lx_store_exec (self->db,
            "UPDATE lead SET investor = ?, uscc = ?, project = ?, summary = ?, industries = ?, tags = ?,"
            " investment = ?, land = ?, tax = ?, output = ?, type = ?, contact = ?, phone = ? WHERE id = ?",
            "ttttttiiiitttt", lx_msg_str (msg, LX_F_INVESTOR), lx_msg_str (msg, LX_F_USCC),
            lx_msg_str (msg, LX_F_PROJECT), lx_msg_str (msg, LX_F_SUMMARY), industries, tags,
            lx_msg_int (msg, LX_F_INVESTMENT), lx_msg_int (msg, LX_F_LAND), lx_msg_int (msg, LX_F_TAX),
            lx_msg_int (msg, LX_F_OUTPUT), lx_msg_str (msg, LX_F_TYPE), lx_msg_str (msg, LX_F_CONTACT),
            lx_msg_str (msg, LX_F_PHONE), lead);
    if (rc == 0)
        rc = lx_store_exec (self->db,
            "UPDATE offer SET investor = ?, uscc = ?, project = ?, summary = ?, industries = ?,"
            " investment = ?, land = ?, type = ? WHERE lead = ?", "tttttiitt",
            lx_msg_str (msg, LX_F_INVESTOR), lx_msg_str (msg, LX_F_USCC), lx_msg_str (msg, LX_F_PROJECT),
            lx_msg_str (msg, LX_F_SUMMARY), industries, lx_msg_int (msg, LX_F_INVESTMENT),
            lx_msg_int (msg, LX_F_LAND), lx_msg_str (msg, LX_F_TYPE), lead);
    if (rc == 0)
        rc = lx_store_exec (self->db, "UPDATE approval SET project = ?, investor = ?, investment = ?"
                            " WHERE lead = ?", "ttit", lx_msg_str (msg, LX_F_PROJECT),
                            lx_msg_str (msg, LX_F_INVESTOR), lx_msg_int (msg, LX_F_INVESTMENT), lead);
    free (industries);
    free (tags);
    return rc;
}

//  Records a notice of kind from a STRUCK, RETURNED or STALE event.
static int
s_notice (node_store_t *self, lx_msg_t *msg, const char *kind)
{
    return lx_store_exec (self->db, "INSERT INTO notice (kind, lead, finder, holder, stage, date, reason)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt", kind, lx_msg_str (msg, LX_F_LEAD),
                          lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_CLAIMANT),
                          lx_msg_str (msg, LX_F_STAGE), lx_msg_str (msg, LX_F_DATE),
                          lx_msg_str (msg, LX_F_REASON));
}

//  RETURNED: a lead back with its finder or in the pool. The transfer, if
//  any, is undone here too; a former lander keeps no contact data.
static int
s_apply_returned (node_store_t *self, const char *node, lx_msg_t *msg)
{
    const char *lead = lx_msg_str (msg, LX_F_LEAD);
    const char *stage = lx_msg_str (msg, LX_F_STAGE);
    const char *reason = lx_msg_str (msg, LX_F_REASON);
    if (lx_store_exec (self->db, "UPDATE transfer SET decision = 'returned', reason = ? WHERE lead = ?"
                       " AND decision = 'approve'", "tt", reason, lead)
    ||  lx_store_exec (self->db, "UPDATE lead SET stage = ?, lander = NULL, note = ? WHERE id = ?"
                       " AND finder = ?", "tttt", stage, reason, lead, node)
    ||  lx_store_exec (self->db, "UPDATE lead SET stage = ?, lander = NULL, contact = NULL, phone = NULL,"
                       " note = ? WHERE id = ? AND finder != ?", "tttt", stage, reason, lead, node)
    ||  lx_store_exec (self->db, "UPDATE offer SET status = 'returned', note = ? WHERE lead = ?",
                       "tt", reason, lead))
        return -1;
    return s_notice (self, msg, "returned");
}

//  REJECTED: the broker refused one of our messages. Kept, and a notice
//  for staff, whether or not the command that sent it saw the verdict.
static int
s_apply_rejected (node_store_t *self, const char *node, lx_msg_t *msg)
{
    int64_t ref = lx_msg_int (msg, LX_F_REF);
    zsys_warning ("node: the broker refused our #%" PRId64 ": %s %s", ref,
                  lx_error_name ((int) lx_msg_int (msg, LX_F_CODE)), lx_msg_str (msg, LX_F_REASON));
    char *what = NULL;
    sqlite3_stmt *stmt = lx_store_query (self->db, "SELECT cmd FROM outbox WHERE seq = ?", "i", ref);
    if (stmt && lx_store_step (self->db, stmt) == 1) {
        what = zsys_sprintf ("our %s #%" PRId64 " was refused: %s", (const char *) sqlite3_column_text (stmt, 0),
                             ref, lx_msg_str (msg, LX_F_REASON));
        sqlite3_reset (stmt);
    }
    else
        what = zsys_sprintf ("our #%" PRId64 " was refused: %s", ref, lx_msg_str (msg, LX_F_REASON));
    const char *lead = lx_msg_str (msg, LX_F_LEAD);
    int rc = what? 0: -1;
    if (rc == 0)
        rc = lx_store_exec (self->db, "INSERT OR REPLACE INTO rejection (ref, code, reason, lead)"
                            " VALUES (?, ?, ?, ?)", "iitt", ref, lx_msg_int (msg, LX_F_CODE),
                            lx_msg_str (msg, LX_F_REASON), lead);
    if (rc == 0)
        rc = lx_store_exec (self->db, "INSERT INTO notice (kind, lead, reason, ref) VALUES ('refused', ?, ?, ?)",
                            "tti", lead, what, ref);
    //  A refused registration leaves no lead here: the register does not
    //  hold it (unless another registration of that id was accepted). The
    //  notice keeps what was refused; the outbox keeps the message.
    if (rc == 0 && lead)
        rc = lx_store_exec (self->db, "DELETE FROM lead WHERE id = ?1 AND finder = ?2 AND EXISTS (SELECT 1 FROM"
                            " outbox WHERE seq = ?3 AND cmd = 'lead') AND NOT EXISTS (SELECT 1 FROM outbox"
                            " WHERE lead = ?1 AND cmd = 'lead' AND seq != ?3 AND seq NOT IN (SELECT ref FROM"
                            " rejection))", "tti", lead, node, ref);
    free (what);
    return rc;
}

//  Applies one event by command. Returns 0, or -1 with error filled.
static int
s_apply_event (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    const char *lead = lx_msg_str (msg, LX_F_LEAD);
    switch (lx_msg_cmd (msg)) {
        case LX_CMD_OFFERED: {
            char *reasons = s_join (msg, LX_F_REASONS, " | ");
            char *industries = s_join (msg, LX_F_INDUSTRIES, ",");
            int rc = lx_store_exec (self->db,
                "INSERT OR REPLACE INTO offer (lead, finder, investor, uscc, project, summary, industries,"
                " investment, land, type, score, reasons, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
                "tttttttiitit", lead, lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_INVESTOR),
                lx_msg_str (msg, LX_F_USCC), lx_msg_str (msg, LX_F_PROJECT), lx_msg_str (msg, LX_F_SUMMARY),
                industries, lx_msg_int (msg, LX_F_INVESTMENT), lx_msg_int (msg, LX_F_LAND),
                lx_msg_str (msg, LX_F_TYPE), lx_msg_int (msg, LX_F_SCORE), reasons);
            free (reasons);
            free (industries);
            return rc;
        }
        case LX_CMD_CLOSED:
            return lx_store_exec (self->db, "UPDATE offer SET status = 'closed', note = ? WHERE lead = ?",
                                  "tt", lx_msg_str (msg, LX_F_REASON), lead);
        case LX_CMD_CLAIM_RESULT: {
            const char *claimant = lx_msg_str (msg, LX_F_CLAIMANT);
            bool won = lx_msg_bool (msg, LX_F_WON);
            //  As the finder: my lead is claimed.
            if (lx_store_exec (self->db, "UPDATE lead SET stage = 'claimed', note = ? WHERE id = ?"
                               " AND finder = ?", "ttt", claimant, lead, node))
                return -1;
            return lx_store_exec (self->db, "UPDATE offer SET status = ?, note = ? WHERE lead = ?", "ttt",
                                  won && streq (claimant, node)? "won": "lost",
                                  lx_msg_str (msg, LX_F_REASON), lead);
        }
        case LX_CMD_APPROVAL: {
            char *splits = s_join (msg, LX_F_SPLITS, ",");
            int rc = lx_store_exec (self->db,
                "INSERT OR REPLACE INTO approval (lead, finder, claimant, project, investor, investment,"
                " channel, splits, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')", "tttttitt",
                lead, lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_CLAIMANT),
                lx_msg_str (msg, LX_F_PROJECT), lx_msg_str (msg, LX_F_INVESTOR),
                lx_msg_int (msg, LX_F_INVESTMENT), lx_msg_str (msg, LX_F_CHANNEL), splits);
            free (splits);
            return rc;
        }
        case LX_CMD_TRANSFER: {
            const char *decision = lx_msg_str (msg, LX_F_DECISION);
            const char *lander = lx_msg_str (msg, LX_F_LANDER);
            bool approved = streq (decision, "approve");
            char *splits = s_join (msg, LX_F_SPLITS, ",");
            int rc = lx_store_exec (self->db, "INSERT OR REPLACE INTO transfer (lead, finder, lander,"
                                    " decision, splits, reason) VALUES (?, ?, ?, ?, ?, ?)", "tttttt",
                                    lead, lx_msg_str (msg, LX_F_FINDER), lander, decision, splits,
                                    lx_msg_str (msg, LX_F_REASON));
            free (splits);
            if (rc || lx_store_exec (self->db, "UPDATE approval SET status = ? WHERE lead = ?", "tt",
                                     approved? "approved": "rejected", lead))
                return -1;
            if (streq (lander, node) && approved) {
                //  Transferred here: the whole lead, contact included.
                lx_lead_t *record = lx_lead_from_msg (msg);
                rc = record? node_store_lead_write (self, record, lander): -1;
                lx_lead_destroy (&record);
                return rc;
            }
            //  A rejection: the claimant's offer is no longer won, and the
            //  claimant and the finder each keep the center's reason.
            if (!approved
            &&  (lx_store_exec (self->db, "UPDATE offer SET status = 'rejected', note = ? WHERE lead = ?",
                                "tt", lx_msg_str (msg, LX_F_REASON), lead)
              || ((streq (lander, node) || streq (lx_msg_str (msg, LX_F_FINDER), node))
                  && lx_store_exec (self->db, "INSERT INTO notice (kind, lead, finder, holder, stage, reason)"
                                    " VALUES ('rejected', ?, ?, ?, ?, ifnull (?, 'the center rejected the"
                                    " transfer'))", "ttttt", lead,
                                    lx_msg_str (msg, LX_F_FINDER), lander, lx_msg_str (msg, LX_F_STAGE),
                                    lx_msg_str (msg, LX_F_REASON)))))
                return -1;
            return lx_store_exec (self->db, "UPDATE lead SET stage = ?, lander = ? WHERE id = ? AND finder = ?",
                                  "tttt", approved? "transferred": "assessing", approved? lander: NULL,
                                  lead, node);
        }
        case LX_CMD_PROGRESSED: {
            //  A duplicate id is the same entry again; anything else that
            //  breaks a constraint is an error, never silently dropped.
            if (s_progressed_check (msg, error))
                return -1;
            int rc = lx_msg_has (msg, LX_F_METRIC)
                ? lx_store_exec (self->db, "INSERT INTO progress (id, lead, stage, date, metric,"
                                 " amount, finder, lander, finder_bp, finder_share, lander_share)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 " ON CONFLICT (id) DO NOTHING", "ittttittiii",
                                 lx_msg_int (msg, LX_F_PROGRESS), lead, lx_msg_str (msg, LX_F_STAGE),
                                 lx_msg_str (msg, LX_F_DATE), lx_msg_str (msg, LX_F_METRIC),
                                 lx_msg_int (msg, LX_F_AMOUNT), lx_msg_str (msg, LX_F_FINDER),
                                 lx_msg_str (msg, LX_F_LANDER), lx_msg_int (msg, LX_F_FINDER_BP),
                                 lx_msg_int (msg, LX_F_FINDER_SHARE), lx_msg_int (msg, LX_F_LANDER_SHARE))
                : lx_store_exec (self->db, "INSERT INTO progress (id, lead, stage, date, finder, lander)"
                                 " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", "ittttt",
                                 lx_msg_int (msg, LX_F_PROGRESS), lead, lx_msg_str (msg, LX_F_STAGE),
                                 lx_msg_str (msg, LX_F_DATE), lx_msg_str (msg, LX_F_FINDER),
                                 lx_msg_str (msg, LX_F_LANDER));
            if (rc || (lx_msg_has (msg, LX_F_METRIC) && s_apply_ledger (self, node, msg, error)))
                return -1;
            return lx_store_exec (self->db, "UPDATE lead SET stage = ? WHERE id = ?", "tt",
                                  lx_msg_str (msg, LX_F_STAGE), lead);
        }
        case LX_CMD_REJECTED:
            return s_apply_rejected (self, node, msg);
        case LX_CMD_ROUTED: {
            char *routes = s_join (msg, LX_F_ROUTES, ", ");
            int rc = routes? lx_store_exec (self->db, "UPDATE lead SET stage = ?, routes = ?, note = ?"
                                            " WHERE id = ? AND finder = ?", "ttttt",
                                            lx_msg_str (msg, LX_F_STAGE), routes,
                                            lx_msg_str (msg, LX_F_REASON), lead, node): -1;
            free (routes);
            return rc;
        }
        case LX_CMD_HELD:
            return lx_store_exec (self->db,
                "INSERT OR REPLACE INTO held (id, lead, finder, lander, stage, date, metric, amount, status, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ittttttitt", lx_msg_int (msg, LX_F_HELD), lead,
                lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_LANDER), lx_msg_str (msg, LX_F_STAGE),
                lx_msg_str (msg, LX_F_DATE), lx_msg_str (msg, LX_F_METRIC), lx_msg_int (msg, LX_F_AMOUNT),
                lx_msg_str (msg, LX_F_STATUS), lx_msg_str (msg, LX_F_REASON))
                || lx_store_exec (self->db, "INSERT INTO notice (kind, lead, finder, holder, stage, date, reason)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt", lx_msg_str (msg, LX_F_STATUS), lead,
                                  lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_LANDER),
                                  lx_msg_str (msg, LX_F_STAGE), lx_msg_str (msg, LX_F_DATE),
                                  lx_msg_str (msg, LX_F_REASON))? -1: 0;
        case LX_CMD_ALERT:
            zsys_warning ("node: the broker alerts the center about %s: %s", lx_msg_str (msg, LX_F_DISTRICT),
                          lx_msg_str (msg, LX_F_REASON));
            return lx_store_exec (self->db, "INSERT INTO notice (kind, finder, reason) VALUES ('alert', ?, ?)",
                                  "tt", lx_msg_str (msg, LX_F_DISTRICT), lx_msg_str (msg, LX_F_REASON));
        case LX_CMD_WITHDRAWN:
        case LX_CMD_STRUCK: {
            const char *reason = lx_msg_str (msg, LX_F_REASON);
            const char *status = lx_msg_cmd (msg) == LX_CMD_STRUCK? "struck": "withdrawn";
            if (lx_store_exec (self->db, "UPDATE lead SET stage = ?, note = ? WHERE id = ?",
                               "ttt", status, reason, lead)
            ||  lx_store_exec (self->db, "UPDATE offer SET status = ?, note = ? WHERE lead = ?",
                               "ttt", status, reason, lead)
            ||  (lx_msg_cmd (msg) == LX_CMD_STRUCK && s_notice (self, msg, "struck")))
                return -1;
            return lx_store_exec (self->db, "UPDATE approval SET status = ? WHERE lead = ?"
                                  " AND status = 'pending'", "tt", status, lead);
        }
        case LX_CMD_EDITED:
            return s_apply_edited (self, msg);
        case LX_CMD_CONFLICT:
            return lx_store_exec (self->db,
                "INSERT OR REPLACE INTO conflict (lead, finder, investor, earlier, holder, registered, until,"
                " match, similarity, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')", "tttttttti",
                lead, lx_msg_str (msg, LX_F_FINDER), lx_msg_str (msg, LX_F_INVESTOR),
                lx_msg_str (msg, LX_F_EARLIER), lx_msg_str (msg, LX_F_HOLDER), lx_msg_str (msg, LX_F_DATE),
                lx_msg_str (msg, LX_F_UNTIL), lx_msg_str (msg, LX_F_MATCH), lx_msg_int (msg, LX_F_SIMILARITY));
        case LX_CMD_RESOLVED:
            return lx_store_exec (self->db, "UPDATE conflict SET status = ?, reason = ? WHERE lead = ?", "ttt",
                                  lx_msg_str (msg, LX_F_RESOLUTION), lx_msg_str (msg, LX_F_REASON), lead);
        case LX_CMD_RETURNED:
            return s_apply_returned (self, node, msg);
        case LX_CMD_STALE:
            return s_notice (self, msg, "stale");
        default:
            zsys_warning ("node: ignoring unexpected %s event", lx_cmd_name (lx_msg_cmd (msg)));
            return 0;
    }
}

int
node_store_apply (node_store_t *self, const char *node, lx_msg_t *msg, lx_error_t *error)
{
    assert (self && node && msg);
    if (error)
        error->code = LX_ERR_NONE;
    if (!lx_cmd_from_broker (lx_msg_cmd (msg)) || !lx_cmd_is_numbered (lx_msg_cmd (msg)))
        return lx_error_set (error, LX_ERR_BAD_COMMAND, "%s is not a broker's event",
                             lx_cmd_name (lx_msg_cmd (msg)));
    int rc = s_apply_event (self, node, msg, error);
    if (rc && error && error->code == LX_ERR_NONE)
        lx_error_set (error, LX_ERR_INTERNAL, "store: %s", lx_store_error (self->db));
    return rc;
}

