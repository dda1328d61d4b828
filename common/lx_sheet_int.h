/*  lx_sheet's private header: what its three source files share.

    lx_sheet.c holds the model and the table, CSV and JSON outputs;
    lx_sheet_xlsx.c the XLSX writer (libxlsxwriter); lx_sheet_test.c the
    selftest. Private to the class: nothing else includes this header.
*/
#ifndef LX_SHEET_INT_H_INCLUDED
#define LX_SHEET_INT_H_INCLUDED

#include "lx_sheet.h"

//  What a cell holds.
typedef enum {
    LX_SHEET_CELL_EMPTY = 0,    //  nothing (calloc's zero)
    LX_SHEET_CELL_TEXT,         //  text
    LX_SHEET_CELL_NUMBER        //  an int64 in its column's units
} lx_sheet_cell_type_t;

//  One cell.
typedef struct {
    lx_sheet_cell_type_t type;  //  what it holds
    char *text;                 //  the text, for LX_SHEET_CELL_TEXT
    int64_t value;              //  the number, for LX_SHEET_CELL_NUMBER
} lx_sheet_cell_t;

//  One column.
typedef struct {
    char *key;                  //  its name in the JSON
    char *heading;              //  its heading for people
    lx_sheet_kind_t kind;       //  what it holds
} lx_sheet_column_t;

//  One row.
typedef struct {
    lx_sheet_cell_t *cells;     //  one per column; those not appended are empty
    size_t count;               //  cells appended so far
} lx_sheet_row_t;

struct _lx_sheet_t {
    char *title;                //  the title line
    char **notes;               //  the note lines
    size_t note_count;          //  notes in use
    size_t note_space;          //  notes allocated
    lx_sheet_column_t *columns; //  the columns, left to right
    size_t column_count;        //  columns in use
    size_t column_space;        //  columns allocated
    lx_sheet_row_t *rows;       //  the rows, top to bottom
    size_t row_count;           //  rows in use
    size_t row_space;           //  rows allocated
    bool broken;                //  out of memory once: appends ignored, outputs fail
};

//  Excel keeps and shows 15 significant digits; a number with a larger
//  magnitude goes into the workbook as its exact text.
#define LX_SHEET_XLSX_EXACT 1000000000000000LL

//  The cell at row, column as the table (plain false) or the CSV shows
//  it: its text, or a number formatted into buffer; NULL when empty.
const char *lx_sheet_cell_text (lx_sheet_t *self, size_t row, size_t column, bool plain,
                                char buffer [LX_SHEET_NUMBER]);

//  Self test of saving and loading (lx_sheet_store.c), run by lx_sheet_test.
void lx_sheet_store_test (bool verbose);

//  A kind's name in the JSON.
const char *lx_sheet_kind_name (lx_sheet_kind_t kind);

#endif
