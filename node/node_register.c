/*  node_register: a node's side of the city's register and review. */

#include "node_register.h"
#include "node_report.h"
#include "lx_table.h"
#include "node_store.h"
#include "lx_domain.h"

int
node_register_conflicts (lx_store_t *db, bool json, FILE *out)
{
    assert (db && out);
    static const char *names [] = { "lead", "finder", "earlier", "holder", "registered", "protected_until",
                                    "match", "similarity", "status", "reason" };
    return lx_table_print (db, lx_store_query (db,
        "SELECT lead, finder, earlier, holder, registered, until, match, similarity, status, reason"
        " FROM conflict ORDER BY status = 'open' DESC, lead", ""), names, 10, json, out);
}

int
node_register_notices (lx_store_t *db, bool json, FILE *out)
{
    assert (db && out);
    static const char *names [] = { "kind", "lead", "finder", "holder", "stage", "since", "reason" };
    return lx_table_print (db, lx_store_query (db,
        "SELECT kind, lead, finder, holder, stage, date, reason FROM notice ORDER BY id DESC", ""),
        names, 7, json, out);
}

//  Checks the center's role and a reason. Returns 0, or -1 with error.
static int
s_center (int role, const char *what, const char *reason, char *error, size_t error_size)
{
    if (role != LX_ROLE_CENTER) {
        snprintf (error, error_size, "only the coordination center %s", what);
        return -1;
    }
    if (!reason || !*reason) {
        snprintf (error, error_size, "--reason is required: it is kept on the record");
        return -1;
    }
    return 0;
}

lx_msg_t *
node_register_resolve (int role, const char *lead, const char *resolution, const char *reason,
                       char *error, size_t error_size)
{
    assert (lead && error);
    if (s_center (role, "resolves conflicts", reason, error, error_size))
        return NULL;
    const char *known [] = { "keep", "transfer", "merge", "dismiss" };
    bool valid = false;
    for (size_t index = 0; index < 4 && resolution; index++)
        valid = valid || streq (resolution, known [index]);
    if (!valid) {
        snprintf (error, error_size, "the resolution is keep, transfer, merge or dismiss");
        return NULL;
    }
    lx_msg_t *msg = lx_msg_new (LX_CMD_RESOLVE);
    lx_msg_set_str (msg, LX_F_LEAD, lead);
    lx_msg_set_str (msg, LX_F_RESOLUTION, resolution);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

lx_msg_t *
node_register_strike (int role, const char *const *leads, size_t count, bool due, const char *reason,
                      char *error, size_t error_size)
{
    assert (error && (leads || count == 0));
    if (s_center (role, "strikes leads off", reason, error, error_size))
        return NULL;
    if (due == (count > 0)) {
        snprintf (error, error_size, "name the leads to strike off, or give --due for all the review lists");
        return NULL;
    }
    lx_msg_t *msg = lx_msg_new (LX_CMD_STRIKE);
    for (size_t index = 0; index < count; index++)
        lx_msg_add_item (msg, LX_F_LEADS, leads [index]);
    if (due)
        lx_msg_set_bool (msg, LX_F_DUE, true);
    lx_msg_set_str (msg, LX_F_REASON, reason);
    return msg;
}

void
node_register_test (bool verbose)
{
    (void) verbose;
    char error [256];
    //  Only the center, always with a reason, one of four resolutions.
    assert (!node_register_resolve (LX_ROLE_COUNTY, "kecheng-000001", "keep", "r", error, sizeof error));
    assert (strstr (error, "only the coordination center"));
    assert (!node_register_resolve (LX_ROLE_CENTER, "kecheng-000001", "keep", "", error, sizeof error));
    assert (strstr (error, "--reason"));
    assert (!node_register_resolve (LX_ROLE_CENTER, "kecheng-000001", "share", "r", error, sizeof error));
    assert (strstr (error, "keep, transfer"));
    lx_msg_t *msg = node_register_resolve (LX_ROLE_CENTER, "kecheng-000001", "merge", "同一投资方", error,
                                           sizeof error);
    assert (msg && lx_msg_cmd (msg) == LX_CMD_RESOLVE);
    assert (streq (lx_msg_str (msg, LX_F_RESOLUTION), "merge"));
    lx_msg_set_str (msg, LX_F_NODE, "center");
    lx_msg_set_int (msg, LX_F_SEQ, 1);
    lx_error_t invalid;
    assert (lx_msg_validate (msg, &invalid) == 0);
    lx_msg_destroy (&msg);

    //  A strike names its leads or says due, never both or neither.
    const char *leads [] = { "kecheng-000001", "longyou-000002" };
    assert (!node_register_strike (LX_ROLE_CENTER, leads, 2, true, "月度清理", error, sizeof error));
    assert (!node_register_strike (LX_ROLE_CENTER, NULL, 0, false, "月度清理", error, sizeof error));
    assert (!node_register_strike (LX_ROLE_PLATFORM, NULL, 0, true, "月度清理", error, sizeof error));
    msg = node_register_strike (LX_ROLE_CENTER, leads, 2, false, "月度清理", error, sizeof error);
    assert (msg && lx_msg_count (msg, LX_F_LEADS) == 2 && !lx_msg_has (msg, LX_F_DUE));
    lx_msg_destroy (&msg);
    msg = node_register_strike (LX_ROLE_CENTER, NULL, 0, true, "月度清理", error, sizeof error);
    assert (msg && lx_msg_bool (msg, LX_F_DUE) && lx_msg_count (msg, LX_F_LEADS) == 0);
    lx_msg_destroy (&msg);

    //  The listings read what the events left in a real store.
    char dir [] = "/tmp/node_register_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/node.db", dir);
    node_store_t *store = node_store_new (path, error, sizeof error);
    assert (store);
    lx_msg_t *event = lx_msg_new (LX_CMD_CONFLICT);
    lx_msg_set_str (event, LX_F_NODE, "longyou");
    lx_msg_set_int (event, LX_F_SEQ, 1);
    lx_msg_set_str (event, LX_F_LEAD, "longyou-000004");
    lx_msg_set_str (event, LX_F_FINDER, "longyou");
    lx_msg_set_str (event, LX_F_INVESTOR, "衢州晶川新材料有限公司");
    lx_msg_set_str (event, LX_F_EARLIER, "kecheng-000001");
    lx_msg_set_str (event, LX_F_HOLDER, "kecheng");
    lx_msg_set_str (event, LX_F_DATE, "2026-11-02");
    lx_msg_set_str (event, LX_F_UNTIL, "2027-01-31");
    lx_msg_set_str (event, LX_F_MATCH, "name");
    lx_msg_set_int (event, LX_F_SIMILARITY, 10000);
    lx_error_t apply_error;
    assert (node_store_apply (store, "longyou", event, &apply_error) == 0);
    lx_msg_destroy (&event);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out && node_register_conflicts (node_store_db (store), false, out) == 0);
    fclose (out);
    assert (strstr (text, "longyou-000004") && strstr (text, "kecheng-000001") && strstr (text, "open"));
    zstr_free (&text);
    event = lx_msg_new (LX_CMD_RESOLVED);
    lx_msg_set_str (event, LX_F_LEAD, "longyou-000004");
    lx_msg_set_str (event, LX_F_FINDER, "longyou");
    lx_msg_set_str (event, LX_F_EARLIER, "kecheng-000001");
    lx_msg_set_str (event, LX_F_HOLDER, "kecheng");
    lx_msg_set_str (event, LX_F_RESOLUTION, "keep");
    lx_msg_set_str (event, LX_F_REASON, "柯城先报备");
    assert (node_store_apply (store, "longyou", event, &apply_error) == 0);
    lx_msg_destroy (&event);
    event = lx_msg_new (LX_CMD_STRUCK);
    lx_msg_set_str (event, LX_F_LEAD, "longyou-000004");
    lx_msg_set_str (event, LX_F_FINDER, "longyou");
    lx_msg_set_str (event, LX_F_REASON, "a duplicate of kecheng-000001");
    assert (node_store_apply (store, "longyou", event, &apply_error) == 0);
    lx_msg_destroy (&event);
    out = open_memstream (&text, &size);
    assert (out && node_register_conflicts (node_store_db (store), true, out) == 0);
    assert (node_register_notices (node_store_db (store), true, out) == 0);
    fclose (out);
    assert (strstr (text, "\"status\":\"keep\""));
    assert (strstr (text, "\"reason\":\"柯城先报备\""));
    assert (strstr (text, "\"kind\":\"struck\""));
    zstr_free (&text);
    node_store_destroy (&store);
    assert (lx_store_remove (path) == 0);
    zstr_free (&path);
    assert (rmdir (dir) == 0);
}
