/*  node_verdict: the outcome of a staff command that goes to the broker. */

#include "node_verdict.h"
#include "node_ctl.h"
#include "lx_lock.h"

const char *
node_verdict_action (lx_cmd_t cmd)
{
    switch (cmd) {
        case LX_CMD_LEAD:     return "registration";
        case LX_CMD_OFFER:    return "offer";
        case LX_CMD_CLAIM:    return "claim";
        case LX_CMD_DECIDE:   return "decision";
        case LX_CMD_PROGRESS: return "progress report";
        case LX_CMD_WITHDRAW: return "withdrawal";
        case LX_CMD_EDIT:     return "edit";
        case LX_CMD_RESOLVE:  return "resolution";
        case LX_CMD_STRIKE:   return "strike";
        case LX_CMD_CONFIRM:  return "decision on a held report";
        default:              return lx_cmd_name (cmd);
    }
}

//  What followed an accepted command, read from the record the verdict
//  brought: an offer's routes, a registration's conflict, a claim's result.
//  Writes one line into text (empty when there is nothing to add).
static void
s_followed (node_store_t *store, lx_cmd_t cmd, const char *lead, char *text, size_t size)
{
    text [0] = '\0';
    if (!lead)
        return;
    lx_store_t *db = node_store_db (store);
    sqlite3_stmt *stmt = NULL;
    if (cmd == LX_CMD_LEAD)
        stmt = lx_store_query (db, "SELECT 'it names the investor of ' || earlier || ', registered first by '"
                               " || holder || ' on ' || registered || ' and protected until ' || until"
                               " || ': it cannot be offered until the center resolves the conflict'"
                               " FROM conflict WHERE lead = ? AND status = 'open'", "t", lead);
    else
    if (cmd == LX_CMD_OFFER)
        stmt = lx_store_query (db, "SELECT CASE WHEN ifnull (routes, '') = '' THEN note"
                               " ELSE 'routed to ' || routes END FROM lead WHERE id = ?", "t", lead);
    else
    if (cmd == LX_CMD_CLAIM)
        stmt = lx_store_query (db, "SELECT CASE status WHEN 'won' THEN 'won: awaiting the center''s approval'"
                               " ELSE status || ': ' || ifnull (note, '') END FROM offer WHERE lead = ?",
                               "t", lead);
    else
    if (cmd == LX_CMD_PROGRESS)
        //  Held when its amount is outside the city's bounds: not credited
        //  until the center confirms it (the lead's newest held report).
        stmt = lx_store_query (db, "SELECT 'but not credited: held for the center (' || reason || ')' FROM held"
                               " WHERE id = (SELECT max (id) FROM held WHERE lead = ?1) AND status = 'held'",
                               "t", lead);
    if (stmt && lx_store_step (db, stmt) == 1) {
        const char *line = (const char *) sqlite3_column_text (stmt, 0);
        snprintf (text, size, "%s", line? line: "");
        sqlite3_reset (stmt);
    }
}

int
node_verdict_report (node_store_t *store, int64_t seq, lx_cmd_t cmd, const char *lead, int64_t timeout_ms,
                     FILE *out)
{
    assert (store && out);
    int code = 0;
    char reason [700] = "";
    //  No daemon holds the store: nothing will answer, so none is waited for.
    int verdict = -1;
    if (lx_lock_holder (lx_store_path (node_store_db (store))) == 0)
        snprintf (reason, sizeof reason, "the node daemon is not running (leadx-node start); it sends the"
                  " message when it runs");
    else
        verdict = node_ctl_verdict (store, seq, timeout_ms, &code, reason, sizeof reason);
    const char *action = node_verdict_action (cmd);
    char subject [100];
    snprintf (subject, sizeof subject, "%s%s%s", action, lead? " of ": "", lead? lead: "");
    if (verdict == 0) {
        char followed [600];
        s_followed (store, cmd, lead, followed, sizeof followed);
        fprintf (out, "leadx-node: the broker accepted the %s%s%s\n", subject, *followed? "; ": "", followed);
        return 0;
    }
    if (verdict == 1) {
        fprintf (out, "leadx-node: the broker refused the %s: %s (%s)\n", subject, reason, lx_error_name (code));
        return 1;
    }
    //  Not known yet: the daemon gets a notice of the verdict for staff.
    if (verdict < 0)
        node_store_outbox_await (store, seq);
    fprintf (out, "leadx-node: the %s is queued (#%" PRId64 ") and not yet accepted: %s. `leadx-node notices`"
             " shows the verdict when it comes\n", subject, seq, reason);
    return NODE_VERDICT_QUEUED;
}

void
node_verdict_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/node_verdict_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = node_store_db (store);
    //  What followed an accepted command comes from the record.
    assert (lx_store_exec (db, "INSERT INTO conflict (lead, finder, investor, earlier, holder, registered,"
                           " until, match, similarity, status) VALUES ('kecheng-000002', 'kecheng', 'x',"
                           " 'qujiang-000001', 'qujiang', '2026-11-01', '2027-01-30', 'name', 10000, 'open')",
                           "") == 0);
    char text [600];
    s_followed (store, LX_CMD_LEAD, "kecheng-000002", text, sizeof text);
    assert (strstr (text, "registered first by qujiang on 2026-11-01 and protected until 2027-01-30"));
    s_followed (store, LX_CMD_LEAD, "kecheng-000001", text, sizeof text);
    assert (streq (text, ""));
    assert (lx_store_exec (db, "INSERT INTO lead (id, finder, investor, project, industries, tags, investment,"
                           " land, tax, output, type, channel, found, stage, routes) VALUES ('kecheng-000001',"
                           " 'kecheng', 'x', 'y', 'C39', '', 1, 0, 0, 0, 'manufacturing', 'own', '2026-11-01',"
                           " 'offered', 'longyou 70, qujiang 45')", "") == 0);
    s_followed (store, LX_CMD_OFFER, "kecheng-000001", text, sizeof text);
    assert (streq (text, "routed to longyou 70, qujiang 45"));
    assert (streq (node_verdict_action (LX_CMD_PROGRESS), "progress report"));
    //  No daemon: the message is queued, staff are told so and get a
    //  notice of the verdict later.
    lx_msg_t *msg = lx_msg_new (LX_CMD_OFFER);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000001");
    int64_t seq = node_store_outbox_add (store, "kecheng", msg);
    lx_msg_destroy (&msg);
    assert (seq == 1);
    char *said = NULL;
    size_t said_size = 0;
    FILE *out = open_memstream (&said, &said_size);
    assert (out);
    assert (node_verdict_report (store, seq, LX_CMD_OFFER, "kecheng-000001", 100, out) == NODE_VERDICT_QUEUED);
    fclose (out);
    assert (strstr (said, "the offer of kecheng-000001 is queued (#1) and not yet accepted"));
    free (said);
    int64_t awaiting;
    assert (lx_store_int (db, &awaiting, "SELECT awaiting FROM outbox WHERE seq = 1", "") == 0 && awaiting == 1);
    //  Its verdict, once settled, is a notice: accepted here.
    assert (node_store_settle (store, 1) == 0);
    int64_t notices;
    assert (lx_store_int (db, &notices, "SELECT count(*) FROM notice WHERE kind = 'accepted' AND ref = 1", "") == 0
            && notices == 1);
    int code;
    assert (node_store_verdict (store, 1, &code, text, sizeof text) == 0);
    assert (node_store_verdict (store, 2, &code, text, sizeof text) == 2);
    node_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    rmdir (dir);
    zstr_free (&path);
}
