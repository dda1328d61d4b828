/*  lx_sheet_store: a sheet kept in a store, exactly, forever (a published
    ranking prints the same figures every time it is asked for). Part of
    the lx_sheet class (lx_sheet_int.h). */

#include "lx_sheet_int.h"

#include <czmq.h>

int
lx_sheet_save (lx_sheet_t *self, lx_store_t *db, const char *name, int64_t when)
{
    assert (self && db && name);
    if (self->broken || lx_store_begin (db))
        return -1;
    int rc = lx_store_exec (db, "INSERT INTO sheet (name, title, saved) VALUES (?, ?, ?)", "tti",
                            name, self->title, when);
    for (size_t index = 0; rc == 0 && index < self->note_count; index++)
        rc = lx_store_exec (db, "INSERT INTO sheet_note (sheet, place, text) VALUES (?, ?, ?)", "tit",
                            name, (int64_t) index, self->notes [index]);
    for (size_t index = 0; rc == 0 && index < self->column_count; index++)
        rc = lx_store_exec (db, "INSERT INTO sheet_column (sheet, place, key, heading, kind) VALUES (?, ?, ?, ?, ?)",
                            "titti", name, (int64_t) index, self->columns [index].key, self->columns [index].heading,
                            (int64_t) self->columns [index].kind);
    for (size_t row = 0; rc == 0 && row < self->row_count; row++)
        for (size_t column = 0; rc == 0 && column < self->column_count; column++) {
            lx_sheet_cell_t *cell = &self->rows [row].cells [column];
            //  An empty cell is a row with neither text nor value.
            rc = cell->type == LX_SHEET_CELL_NUMBER
                ? lx_store_exec (db, "INSERT INTO sheet_cell (sheet, row, place, value) VALUES (?, ?, ?, ?)",
                                 "tiii", name, (int64_t) row, (int64_t) column, cell->value)
                : lx_store_exec (db, "INSERT INTO sheet_cell (sheet, row, place, text) VALUES (?, ?, ?, ?)",
                                 "tiit", name, (int64_t) row, (int64_t) column,
                                 cell->type == LX_SHEET_CELL_TEXT? cell->text: NULL);
        }
    if (rc == 0 && lx_store_commit (db) == 0)
        return 0;
    lx_store_rollback (db);
    return -1;
}

lx_sheet_t *
lx_sheet_load (lx_store_t *db, const char *name, bool *found)
{
    assert (db && name);
    if (found)
        *found = false;
    sqlite3_stmt *stmt = lx_store_query (db, "SELECT title FROM sheet WHERE name = ?", "t", name);
    int step = stmt? lx_store_step (db, stmt): -1;
    if (step != 1)
        return NULL;
    lx_sheet_t *self = lx_sheet_new ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (!self)
        return NULL;
    if (found)
        *found = true;
    stmt = lx_store_query (db, "SELECT text FROM sheet_note WHERE sheet = ? ORDER BY place", "t", name);
    while (stmt && (step = lx_store_step (db, stmt)) == 1)
        lx_sheet_note (self, (const char *) sqlite3_column_text (stmt, 0));
    if (!stmt || step != 0)
        goto failed;
    stmt = lx_store_query (db, "SELECT key, heading, kind FROM sheet_column WHERE sheet = ? ORDER BY place", "t", name);
    while (stmt && (step = lx_store_step (db, stmt)) == 1) {
        int kind = sqlite3_column_int (stmt, 2);
        if (kind < LX_SHEET_TEXT || kind > LX_SHEET_YUAN) {
            sqlite3_reset (stmt);
            goto failed;        //  not a sheet this code saved
        }
        lx_sheet_column (self, (const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1), (lx_sheet_kind_t) kind);
    }
    if (!stmt || step != 0 || self->column_count == 0)
        goto failed;
    stmt = lx_store_query (db, "SELECT row, place, text, value FROM sheet_cell WHERE sheet = ? ORDER BY row, place",
                           "t", name);
    int64_t row = -1;
    while (stmt && (step = lx_store_step (db, stmt)) == 1) {
        int64_t at = sqlite3_column_int64 (stmt, 0);
        int64_t place = sqlite3_column_int64 (stmt, 1);
        if (at != row) {
            lx_sheet_row (self);
            row = at;
        }
        //  Cells come in place order, every place of every row.
        if (place < 0 || (size_t) place != self->rows [self->row_count - 1].count
        ||  (size_t) place >= self->column_count) {
            sqlite3_reset (stmt);
            goto failed;
        }
        if (sqlite3_column_type (stmt, 3) == SQLITE_INTEGER && self->columns [place].kind != LX_SHEET_TEXT)
            lx_sheet_int (self, sqlite3_column_int64 (stmt, 3));
        else
        if (sqlite3_column_type (stmt, 2) == SQLITE_TEXT)
            lx_sheet_text (self, (const char *) sqlite3_column_text (stmt, 2));
        else
            lx_sheet_empty (self);
    }
    if (stmt && step == 0 && !self->broken)
        return self;
failed:
    lx_sheet_destroy (&self);
    return NULL;
}

void
lx_sheet_store_test (bool verbose)
{
    (void) verbose;
    static const char *const migrations [] = { LX_SHEET_SCHEMA };
    char error [256];
    lx_store_t *db = lx_store_new (":memory:", LX_STORE_NORMAL, migrations, 1, error, sizeof error);
    assert (db);
    lx_sheet_t *sheet = lx_sheet_new ("衢州市 2026-11 招商通报");
    lx_sheet_note (sheet, "按到位资金排名");
    lx_sheet_column (sheet, "district", "县市区", LX_SHEET_TEXT);
    lx_sheet_column (sheet, "funds", "到位资金（元）", LX_SHEET_YUAN);
    lx_sheet_column (sheet, "rate", "签约率", LX_SHEET_BP);
    lx_sheet_row (sheet);
    lx_sheet_text (sheet, "柯城区");
    lx_sheet_int (sheet, INT64_C (9223372036854775807));
    lx_sheet_empty (sheet);
    lx_sheet_row (sheet);
    lx_sheet_text (sheet, "龙游县");
    lx_sheet_text (sheet, "未报");
    lx_sheet_int (sheet, 6534);
    assert (lx_sheet_save (sheet, db, "ranking 2026-11", 1000) == 0);
    //  A name is published once.
    assert (lx_sheet_save (sheet, db, "ranking 2026-11", 2000) == -1);
    bool found = false;
    lx_sheet_t *loaded = lx_sheet_load (db, "ranking 2026-11", &found);
    assert (loaded && found);
    //  The same sheet, to the byte, in every output.
    char *before = NULL, *after = NULL;
    size_t before_size = 0, after_size = 0;
    FILE *out = open_memstream (&before, &before_size);
    assert (lx_sheet_print_json (sheet, out) == 0 && lx_sheet_print_table (sheet, out) == 0
            && lx_sheet_print_csv (sheet, out) == 0);
    fclose (out);
    out = open_memstream (&after, &after_size);
    assert (lx_sheet_print_json (loaded, out) == 0 && lx_sheet_print_table (loaded, out) == 0
            && lx_sheet_print_csv (loaded, out) == 0);
    fclose (out);
    assert (streq (before, after));
    free (before);
    free (after);
    //  Published means unchanged: the store refuses edits and deletions.
    assert (lx_store_exec (db, "UPDATE sheet_cell SET value = 1 WHERE row = 0 AND place = 1", "") == -1);
    assert (lx_store_exec (db, "DELETE FROM sheet_cell", "") == -1);
    assert (lx_store_exec (db, "UPDATE sheet SET title = 'x'", "") == -1);
    assert (!lx_sheet_load (db, "ranking 2026-10", &found) && !found);
    lx_sheet_destroy (&loaded);
    lx_sheet_destroy (&sheet);
    lx_store_destroy (&db);
}
