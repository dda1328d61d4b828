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

//  Self test.
void lx_table_test (bool verbose);

#endif
