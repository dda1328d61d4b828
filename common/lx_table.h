/*  lx_table: listings of query results for people and programs.

    Prints the rows of a query as a table whose columns are aligned by
    display width (a Chinese character takes two columns), or as a JSON
    array of objects. Both programs' listings go through it. Read-only.
*/
#ifndef LX_TABLE_H_INCLUDED
#define LX_TABLE_H_INCLUDED

#include "lx_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Most columns a listing prints.
#define LX_TABLE_COLUMNS 10

//  Prints the rows of stmt (from lx_store_query on db) under the column
//  names (columns of them, at most LX_TABLE_COLUMNS): a table aligned by
//  display width, empty cells shown as "-", or with json a JSON array of
//  objects (integers as numbers, the rest as strings). Returns 0, or -1
//  when stmt is NULL (its query failed: lx_store_error says why).
int lx_table_print (lx_store_t *db, sqlite3_stmt *stmt, const char **names, int columns,
                    bool json, FILE *out);

//  Most fields a record prints.
#define LX_TABLE_FIELDS 32

//  Prints the first row of stmt as one record: a field a line, its name
//  then its value, aligned by display width, empty and NULL fields left
//  out; or with json one JSON object (integers as numbers, the rest as
//  strings, every field). names has columns entries, at most
//  LX_TABLE_FIELDS. Returns 0 when printed, 1 when there is no row, -1
//  when stmt is NULL or the query failed.
int lx_table_print_record (lx_store_t *db, sqlite3_stmt *stmt, const char **names, int columns,
                           bool json, FILE *out);

//  Self test.
void lx_table_test (bool verbose);

#endif
