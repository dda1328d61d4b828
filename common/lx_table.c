/*  lx_table: listings of query results for people and programs. */

#include "lx_table.h"
#include "lx_text.h"

#include <czmq.h>

//  Prints stmt's current row as a JSON object: integers as numbers, the
//  rest as strings.
static void
s_json_row (sqlite3_stmt *stmt, const char **names, int columns, FILE *out)
{
    fprintf (out, "{");
    for (int column = 0; column < columns; column++) {
        fprintf (out, "%s\"%s\":", column? ",": "", names [column]);
        if (sqlite3_column_type (stmt, column) == SQLITE_INTEGER)
            fprintf (out, "%lld", (long long) sqlite3_column_int64 (stmt, column));
        else
            lx_text_json (out, (const char *) sqlite3_column_text (stmt, column));
    }
    fprintf (out, "}");
}

int
lx_table_print (lx_store_t *db, sqlite3_stmt *stmt, const char **names, int columns,
                     bool json, FILE *out)
{
    assert (db && names && out);
    assert (columns > 0 && columns <= LX_TABLE_COLUMNS);
    if (!stmt)
        return -1;
    if (json) {
        fprintf (out, "[");
        for (int rows = 0; lx_store_step (db, stmt) == 1; rows++) {
            fprintf (out, rows? ",": "");
            s_json_row (stmt, names, columns, out);
        }
        fprintf (out, "]\n");
        return 0;
    }
    //  First pass: the widest cell of each column; second pass: print.
    size_t width [LX_TABLE_COLUMNS];
    for (int column = 0; column < columns; column++)
        width [column] = lx_text_width (names [column]);
    while (lx_store_step (db, stmt) == 1)
        for (int column = 0; column < columns; column++) {
            size_t cell = lx_text_width ((const char *) sqlite3_column_text (stmt, column));
            if (cell > width [column])
                width [column] = cell;
        }
    sqlite3_reset (stmt);
    for (int column = 0; column < columns; column++)
        lx_text_pad (out, names [column], column + 1 < columns? width [column] + 2: 0);
    fprintf (out, "\n");
    while (lx_store_step (db, stmt) == 1) {
        for (int column = 0; column < columns; column++) {
            const char *text = (const char *) sqlite3_column_text (stmt, column);
            lx_text_pad (out, text && *text? text: "-", column + 1 < columns? width [column] + 2: 0);
        }
        fprintf (out, "\n");
    }
    return 0;
}

int
lx_table_print_record (lx_store_t *db, sqlite3_stmt *stmt, const char **names, int columns, bool json,
                       FILE *out)
{
    assert (db && names && out);
    assert (columns > 0 && columns <= LX_TABLE_FIELDS);
    if (!stmt)
        return -1;
    int found = lx_store_step (db, stmt);
    if (found != 1)
        return found == 0? 1: -1;
    if (json) {
        s_json_row (stmt, names, columns, out);
        fprintf (out, "\n");
    }
    else {
        size_t width = 0;
        for (int column = 0; column < columns; column++)
            if (lx_text_width (names [column]) > width)
                width = lx_text_width (names [column]);
        for (int column = 0; column < columns; column++) {
            const char *text = (const char *) sqlite3_column_text (stmt, column);
            if (!text || !*text)
                continue;
            lx_text_pad (out, names [column], width + 2);
            fprintf (out, "%s\n", text);
        }
    }
    sqlite3_reset (stmt);
    return 0;
}

void
lx_table_test (bool verbose)
{
    (void) verbose;
    //  A listing aligns Chinese text by display width; JSON keeps ints.
    static const char *const migrations [] = {
        "CREATE TABLE t (name TEXT, amount INTEGER);"
        "INSERT INTO t VALUES ('柯城', 5), ('longyou', NULL);"
    };
    char error [256];
    lx_store_t *db = lx_store_new (":memory:", LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (db);
    static const char *names [] = { "name", "amount" };
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (lx_table_print (db, lx_store_query (db, "SELECT name, amount FROM t ORDER BY rowid", ""),
                            names, 2, false, out) == 0);
    fclose (out);
    assert (streq (text, "name     amount\n柯城     5\nlongyou  -\n"));
    free (text);
    out = open_memstream (&text, &size);
    assert (lx_table_print (db, lx_store_query (db, "SELECT name, amount FROM t ORDER BY rowid", ""),
                            names, 2, true, out) == 0);
    fclose (out);
    assert (streq (text, "[{\"name\":\"柯城\",\"amount\":5},{\"name\":\"longyou\",\"amount\":\"\"}]\n"));
    free (text);
    assert (lx_table_print (db, NULL, names, 2, false, stdout) == -1);
    //  A record: a field a line, empty ones left out; JSON keeps them all.
    out = open_memstream (&text, &size);
    assert (lx_table_print_record (db, lx_store_query (db, "SELECT name, amount FROM t WHERE name = 'longyou'", ""),
                                   names, 2, false, out) == 0);
    fclose (out);
    assert (streq (text, "name    longyou\n"));
    free (text);
    out = open_memstream (&text, &size);
    assert (lx_table_print_record (db, lx_store_query (db, "SELECT name, amount FROM t WHERE name = '柯城'", ""),
                                   names, 2, true, out) == 0);
    fclose (out);
    assert (streq (text, "{\"name\":\"柯城\",\"amount\":5}\n"));
    free (text);
    assert (lx_table_print_record (db, lx_store_query (db, "SELECT name, amount FROM t WHERE 0", ""),
                                   names, 2, false, stdout) == 1);
    lx_store_destroy (&db);
}
