/*  node_show: what a district sees of a lead. */

#include "node_show.h"
#include "lx_table.h"

//  What staff sent about a lead that the broker has not yet accepted: the
//  commands after the settled mark, "offer #12, edit #13".
#define S_PENDING(lead) \
    "ifnull ((SELECT group_concat (cmd || ' #' || seq, ', ') FROM outbox WHERE outbox.lead = " lead \
    " AND seq > (SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'settled')), '')"

//  Prints a heading and a listing under it, when the listing has rows.
static int
s_section (lx_store_t *db, const char *heading, const char *count_sql, const char *sql, const char *id,
           const char **names, int columns, FILE *out)
{
    int64_t rows;
    if (lx_store_int (db, &rows, count_sql, "t", id) != 0)
        return -1;
    if (rows == 0)
        return 0;
    fprintf (out, "\n%s\n", heading);
    return lx_table_print (db, lx_store_query (db, sql, "t", id), names, columns, false, out);
}

//  The sections under a lead this district finds or lands.
static int
s_lead_sections (lx_store_t *db, const char *id, FILE *out)
{
    static const char *transfer [] = { "decision", "finder", "lander", "splits", "reason" };
    static const char *progress [] = { "id", "stage", "date", "metric", "amount", "finder_share", "lander_share" };
    static const char *notices [] = { "kind", "stage", "reason" };
    if (s_section (db, "transfer", "SELECT count(*) FROM transfer WHERE lead = ?",
                   "SELECT decision, finder, lander, splits, ifnull (reason, '') FROM transfer WHERE lead = ?",
                   id, transfer, 5, out)
    ||  s_section (db, "progress", "SELECT count(*) FROM progress WHERE lead = ?",
                   "SELECT id, stage, date, ifnull (metric, ''), ifnull (amount, ''), ifnull (finder_share, ''),"
                   " ifnull (lander_share, '') FROM progress WHERE lead = ? ORDER BY id", id, progress, 7, out)
    ||  s_section (db, "notices", "SELECT count(*) FROM notice WHERE lead = ?",
                   "SELECT kind, ifnull (stage, ''), reason FROM notice WHERE lead = ? ORDER BY id", id,
                   notices, 3, out))
        return -1;
    return 0;
}

int
node_show_lead (node_store_t *store, const char *id, bool json, FILE *out)
{
    assert (store && id && out);
    lx_store_t *db = node_store_db (store);
    static const char *lead_names [] = {
        "lead", "finder", "stage", "lander", "investor", "uscc", "project", "summary", "industries", "tags",
        "investment", "land", "tax", "output", "type", "channel", "found", "contact", "phone", "routes",
        "note", "pending"
    };
    int rc = lx_table_print_record (db, lx_store_query (db,
        "SELECT id, finder, stage, ifnull (lander, ''), investor, ifnull (uscc, ''), project,"
        " ifnull (summary, ''), industries, tags, investment, land, tax, output, type, channel, found,"
        " ifnull (contact, ''), ifnull (phone, ''), ifnull (routes, ''), ifnull (note, ''), "
        S_PENDING ("lead.id") " FROM lead WHERE id = ?", "t", id), lead_names, 22, json, out);
    if (rc == 0)
        return json? 0: s_lead_sections (db, id, out);
    if (rc < 0)
        return -1;
    static const char *offer_names [] = {
        "lead", "finder", "status", "score", "reasons", "investor", "uscc", "project", "summary",
        "industries", "investment", "land", "type", "note", "pending"
    };
    return lx_table_print_record (db, lx_store_query (db,
        "SELECT lead, finder, status, score, reasons, investor, ifnull (uscc, ''), project, ifnull (summary, ''),"
        " industries, investment, land, type, ifnull (note, ''), " S_PENDING ("offer.lead")
        " FROM offer WHERE lead = ?", "t", id), offer_names, 15, json, out);
}

int
node_show_offers (node_store_t *store, bool json, FILE *out)
{
    assert (store && out);
    lx_store_t *db = node_store_db (store);
    static const char *names [] = {
        "lead", "score", "status", "finder", "project", "investment", "industries", "land", "summary", "reasons"
    };
    return lx_table_print (db, lx_store_query (db,
        "SELECT lead, score, status, finder, project, investment, industries, land,"
        " CASE WHEN length (ifnull (summary, '')) > 24 THEN substr (summary, 1, 24) || '…'"
        " ELSE ifnull (summary, '') END, reasons"
        " FROM offer ORDER BY status = 'open' DESC, score DESC, lead", ""), names, 10, json, out);
}

void
node_show_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/node_show_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    char error [256];
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    lx_store_t *db = node_store_db (store);
    //  A lead landed here, with its contact, a progress entry, and an edit
    //  the broker has not yet accepted.
    assert (lx_store_exec (db, "INSERT INTO lead (id, finder, investor, project, summary, industries, tags,"
                           " investment, land, tax, output, type, channel, contact, phone, found, stage, lander)"
                           " VALUES ('kecheng-000002', 'kecheng', '宁德某新能源科技有限公司', '动力电池项目',"
                           " '年产10GWh', 'C3841', '新能源', 2000000000, 300, 0, 0, 'manufacturing', 'own',"
                           " '张总', '13800000000', '2026-11-02', 'signed', 'longyou')", "") == 0);
    assert (lx_store_exec (db, "INSERT INTO progress (id, lead, stage, date, metric, amount, finder, lander,"
                           " finder_bp, finder_share, lander_share) VALUES (7, 'kecheng-000002', 'signed',"
                           " '2026-12-01', 'contract', 100000001, 'kecheng', 'longyou', 3000, 30000000, 70000001)",
                           "") == 0);
    lx_msg_t *msg = lx_msg_new (LX_CMD_PROGRESS);
    lx_msg_set_str (msg, LX_F_LEAD, "kecheng-000002");
    lx_msg_set_str (msg, LX_F_STAGE, "registered");
    lx_msg_set_str (msg, LX_F_DATE, "2026-12-02");
    assert (node_store_outbox_add (store, "longyou", msg) == 1);
    lx_msg_destroy (&msg);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (node_show_lead (store, "kecheng-000002", false, out) == 0);
    fclose (out);
    assert (strstr (text, "contact     张总\n"));
    assert (strstr (text, "pending     progress #1\n"));
    assert (strstr (text, "progress\nid  stage   date        metric    amount     finder_share  lander_share\n"
                          "7   signed  2026-12-01  contract  100000001  30000000      70000001\n"));
    free (text);
    //  An offer routed here: what judges fit, never a contact.
    assert (lx_store_exec (db, "INSERT INTO offer (lead, finder, investor, project, summary, industries,"
                           " investment, land, type, score, reasons, status) VALUES ('qujiang-000007',"
                           " 'qujiang', '某材料公司', '特种纸项目', '年产20万吨特种纸，需临水用地，环评已启动', 'C2221',"
                           " 500000000, 120, 'manufacturing', 70, 'leading industry C22 matches C2221', 'open')",
                           "") == 0);
    out = open_memstream (&text, &size);
    assert (node_show_lead (store, "qujiang-000007", true, out) == 0);
    fclose (out);
    assert (strstr (text, "\"land\":120") && strstr (text, "\"industries\":\"C2221\"") && !strstr (text, "contact"));
    free (text);
    out = open_memstream (&text, &size);
    assert (node_show_offers (store, false, out) == 0);
    fclose (out);
    assert (strstr (text, "年产20万吨特种纸，需临水用地，环评已启动"));    //  24 characters or fewer: whole
    assert (strstr (text, "C2221") && strstr (text, "120"));
    free (text);
    assert (node_show_lead (store, "nowhere-1", false, stdout) == 1);
    node_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    rmdir (dir);
    zstr_free (&path);
}
