/*  lx_sheet: a report table in memory, and its four outputs.

    The assessment reports (a district's report for a period, the city's
    monthly ranking, 通报) are built as a sheet: a title, optional notes,
    columns (a key for programs, a heading for people, a kind) and rows of
    cells (a text, an integer, or empty). The sheet then prints itself as
    an aligned terminal table, CSV, JSON or an XLSX workbook.

    Numbers are int64 throughout and are formatted with integer arithmetic
    only (lx_sheet_format): YUAN is yuan ("1,400,000,000" in the table), BP
    is basis points shown as a percentage (6534 is "65.34%"), SHARE is in
    1/10000 units (3000 is "0.3000"). INT is a plain integer.

    The outputs, and what each is for:

    - Table (lx_sheet_print_table): for a person at a terminal. Columns are
      aligned by display width (a Chinese character takes two columns),
      numbers right-aligned, text left-aligned, empty cells "-".
    - CSV (lx_sheet_print_csv): for a bureau's spreadsheet. RFC 4180: CRLF
      line ends, fields quoted when they hold a comma, a quote, CR or LF,
      quotes doubled. UTF-8 with a byte order mark, because Excel opens a
      CSV without one in the system's ANSI code page (GBK on a Chinese
      Windows) and shows the Chinese as mojibake; with the mark it reads
      UTF-8. (A program reading the CSV must skip the mark: Python's
      "utf-8-sig".) Every call begins with the mark: a file of several
      sheets should have it once (a second mark is a zero-width character
      at the start of that sheet's title). The file has the layout of the XLSX sheet: the title,
      each note, an empty record, ONE header record of the display
      headings (a bureau reads 县市区, not "district"; the keys are in the
      JSON, which is what programs should read), then the rows; every
      record has as many fields as there are columns (Excel's own CSV
      does the same), so the file is rectangular. Numbers are plain:
      INT and YUAN as integers, BP as the percentage without the sign
      (6534 is 65.34: the heading should say "%"), SHARE as 0.3000. Texts
      are written as they are: a text starting with "=", "+", "-" or "@"
      is a formula to Excel when it opens a CSV, so a CSV of texts from
      other districts is safest opened by import (the XLSX never has this
      problem: its texts are strings, never formulas).
    - JSON (lx_sheet_print_json): for programs, and the exact record: every
      number as its integer (BP in basis points, SHARE in 1/10000), nothing
      rounded; a text in a numeric column as a string; empty as null.
      {"title":..,"notes":[..],"columns":[{"key":..,"heading":..,
      "kind":"text|int|bp|share|yuan"}],"rows":[{KEY:VALUE,..}]}.
    - XLSX (lx_sheet_write_xlsx, libxlsxwriter): for a bureau. Numbers are
      written as spreadsheet numbers, so that a bureau can sum, sort and
      chart them, with a number format: INT "0", YUAN "#,##0", BP "0.00%",
      SHARE "0.0000". A spreadsheet number is an IEEE double: that is
      display only, never arithmetic of ours, and it is exact to what is
      shown: YUAN and INT are written as the integer itself, BP and SHARE as
      one correctly rounded division value / 10000.0, whose 15 significant
      digits (what Excel shows and keeps) are exactly the decimal value, for
      every |value| below 10^15. A value of 10^15 or more, which Excel
      could not show exactly, is written as its exact text (right-aligned)
      instead. The exact integers are always in the JSON and the CSV.
      Empty cells are blank cells (not "-"), so sums ignore them.

    Building a sheet can run out of memory only in the calls that return
    int. The sheet remembers it: every later append does nothing, and
    every output returns -1, so a caller may build a whole sheet and check
    once, at the output.

    All texts are UTF-8. The XLSX refuses (returns -1) a text that is not
    well-formed UTF-8 or holds a control character other than tab and
    newline (lx_valid_utf8), which XML cannot carry; the table shows such
    control characters as spaces, so a stray newline cannot break a row.
*/
#ifndef LX_SHEET_H_INCLUDED
#define LX_SHEET_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lx_store.h"

typedef struct _lx_sheet_t lx_sheet_t;

//  What a column holds, and so how its numbers are shown.
typedef enum {
    LX_SHEET_TEXT,              //  text, left-aligned
    LX_SHEET_INT,               //  an int64, as it is
    LX_SHEET_BP,                //  basis points, shown as a percentage: 6534 "65.34%"
    LX_SHEET_SHARE,             //  1/10000 units, four decimals: 3000 "0.3000"
    LX_SHEET_YUAN               //  yuan, thousands separated: "1,400,000,000"
} lx_sheet_kind_t;

//  Bytes lx_sheet_format needs, with the NUL: the widest is INT64_MIN as
//  YUAN, "-9,223,372,036,854,775,808".
#define LX_SHEET_NUMBER 32

//  Creates an empty sheet titled title (UTF-8, copied). Returns NULL if
//  out of memory.
lx_sheet_t *lx_sheet_new (const char *title);

//  Destroys the sheet and nulls *self_p; safe on NULL and twice.
void lx_sheet_destroy (lx_sheet_t **self_p);

//  Adds a note line under the title (copied; may hold newlines). Returns
//  0, or -1 if out of memory (now or before).
int lx_sheet_note (lx_sheet_t *self, const char *text);

//  Adds a column: key names it in the JSON (unique in the sheet, not
//  empty), heading (may be Chinese) heads it in the table, CSV and XLSX;
//  both are copied. All columns come before the first row (a programmer
//  error otherwise). Returns 0, or -1 if out of memory (now or before).
int lx_sheet_column (lx_sheet_t *self, const char *key, const char *heading, lx_sheet_kind_t kind);

//  Starts a new row; the cells appended next fill it from the left, and
//  cells not appended are empty. The sheet must have a column. Returns 0,
//  or -1 if out of memory (now or before).
int lx_sheet_row (lx_sheet_t *self);

//  Appends a text cell (copied; NULL is an empty cell) to the current row.
//  A text may go in a column of any kind (e.g. "未报" in a YUAN column).
//  Appending more cells than there are columns, or with no row started,
//  is a programmer error. Returns 0, or -1 if out of memory (now or
//  before).
int lx_sheet_text (lx_sheet_t *self, const char *text);

//  Appends an integer cell to the current row, in the units of its
//  column's kind, which must not be LX_SHEET_TEXT (a programmer error, as
//  is a row already full).
void lx_sheet_int (lx_sheet_t *self, int64_t value);

//  Appends an empty cell to the current row (a programmer error when the
//  row is full).
void lx_sheet_empty (lx_sheet_t *self);

//  Rows in the sheet.
size_t lx_sheet_rows (lx_sheet_t *self);

//  Columns in the sheet.
size_t lx_sheet_columns (lx_sheet_t *self);

//  Formats value as a column of kind (not LX_SHEET_TEXT) shows it, into
//  out: as the table shows it, or with plain as the CSV writes it (YUAN
//  without separators, BP without "%"). Exact for every int64: BP 5 is
//  "0.05%", -5 "-0.05%"; SHARE 7 "0.0007", 25000 "2.5000"; YUAN -1234567
//  "-1,234,567".
void lx_sheet_format (lx_sheet_kind_t kind, int64_t value, bool plain, char out [LX_SHEET_NUMBER]);

//  Prints the title, the notes, an empty line, then the headings, a rule
//  and the rows, aligned by display width, to out. Returns 0, or -1 when
//  out reports a write error (it is flushed).
int lx_sheet_print_table (lx_sheet_t *self, FILE *out);

//  Prints the sheet as CSV (the layout in the comment at the top) to out.
//  Returns 0, or -1 when out reports a write error (it is flushed).
int lx_sheet_print_csv (lx_sheet_t *self, FILE *out);

//  The same records without the byte order mark: for a sheet that follows
//  another in one CSV file (the mark belongs at the start of the file).
int lx_sheet_print_csv_records (lx_sheet_t *self, FILE *out);

//  Prints the sheet as one JSON object and a newline to out. Returns 0,
//  or -1 when out reports a write error (it is flushed).
int lx_sheet_print_json (lx_sheet_t *self, FILE *out);

//  Writes the sheet as an XLSX workbook at path, with one worksheet named
//  name (at most 31 characters, none of []:*?/\; NULL for "report"): the
//  title in A1 (bold), the notes under it, an empty row (so that Excel's
//  sort and filter take the table alone), the headings (bold, a bottom
//  border), then the rows (a text in a numeric column right-aligned);
//  columns as wide as their widest text; everything down to the headings
//  frozen, in view while the rows scroll. The workbook is written beside
//  path and renamed onto it when complete (lx_outfile), so path holds either
//  the whole new workbook or what it held before; a file already at path
//  is replaced only with force. Returns 0, or -1 with a reason in error (a
//  bad name, a text XML cannot carry, more rows or columns than a
//  worksheet has, path exists and force is false, any libxlsxwriter
//  error).
int lx_sheet_write_xlsx (lx_sheet_t *self, const char *path, bool force, const char *name,
                         char *error, size_t error_size);

//  Writes count sheets (count > 0) as one XLSX workbook at path, one
//  worksheet each, laid out and written as lx_sheet_write_xlsx does (force
//  likewise): sheets [i] named
//  names [i] (names distinct; names or names [i] NULL for "report",
//  "report2", ...). Returns 0, or -1 with a reason in error, which names
//  the worksheet (by its number, or its name) when count > 1.
int lx_sheet_write_xlsx_book (lx_sheet_t **sheets, const char **names, size_t count, const char *path,
                              bool force, char *error, size_t error_size);

//  The tables a store keeps sheets in, published forever (lx_sheet_save):
//  a store's migration includes them. Triggers refuse any change.
#define LX_SHEET_SCHEMA \
    "CREATE TABLE sheet (name TEXT PRIMARY KEY, title TEXT NOT NULL, saved INTEGER NOT NULL);" \
    "CREATE TABLE sheet_note (sheet TEXT NOT NULL REFERENCES sheet (name), place INTEGER NOT NULL," \
    "  text TEXT NOT NULL, PRIMARY KEY (sheet, place));" \
    "CREATE TABLE sheet_column (sheet TEXT NOT NULL REFERENCES sheet (name), place INTEGER NOT NULL," \
    "  key TEXT NOT NULL, heading TEXT NOT NULL, kind INTEGER NOT NULL, PRIMARY KEY (sheet, place));" \
    "CREATE TABLE sheet_cell (sheet TEXT NOT NULL REFERENCES sheet (name), row INTEGER NOT NULL," \
    "  place INTEGER NOT NULL, text TEXT, value INTEGER, PRIMARY KEY (sheet, row, place)) WITHOUT ROWID;" \
    "CREATE TRIGGER sheet_fixed BEFORE UPDATE ON sheet" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_kept BEFORE DELETE ON sheet" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_note_fixed BEFORE UPDATE ON sheet_note" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_note_kept BEFORE DELETE ON sheet_note" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_column_fixed BEFORE UPDATE ON sheet_column" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_column_kept BEFORE DELETE ON sheet_column" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_cell_fixed BEFORE UPDATE ON sheet_cell" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;" \
    "CREATE TRIGGER sheet_cell_kept BEFORE DELETE ON sheet_cell" \
    "  BEGIN SELECT RAISE (ABORT, 'a published sheet never changes'); END;"

//  Saves the sheet under name in db (which has LX_SHEET_SCHEMA), at when
//  (ms since epoch), in one transaction (nested in the caller's, if any):
//  every text and number exactly, to be printed the same forever. Returns
//  0, or -1 when the store failed or name is taken (lx_store_error).
int lx_sheet_save (lx_sheet_t *self, lx_store_t *db, const char *name, int64_t when);

//  The sheet saved under name in db, as a new sheet (the caller's), or
//  NULL: *found (may be NULL) says whether one was saved (false, or the
//  store failed).
lx_sheet_t *lx_sheet_load (lx_store_t *db, const char *name, bool *found);

//  Self test.
void lx_sheet_test (bool verbose);

#endif
