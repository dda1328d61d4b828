/*  lx_sheet: a report table in memory, and its four outputs. */

#include "lx_sheet.h"
#include "lx_text.h"
#include "lx_valid.h"

#include <czmq.h>
#include <xlsxwriter.h>
#include <locale.h>

//  What a cell holds.
typedef enum {
    S_EMPTY = 0,                //  nothing (calloc's zero)
    S_TEXT,                     //  text
    S_NUMBER                    //  an int64 in its column's units
} s_cell_type_t;

//  One cell.
typedef struct {
    s_cell_type_t type;         //  what it holds
    char *text;                 //  the text, for S_TEXT
    int64_t value;              //  the number, for S_NUMBER
} s_cell_t;

//  One column.
typedef struct {
    char *key;                  //  its name in the JSON
    char *heading;              //  its heading for people
    lx_sheet_kind_t kind;       //  what it holds
} s_column_t;

//  One row.
typedef struct {
    s_cell_t *cells;            //  one per column; those not appended are empty
    size_t count;               //  cells appended so far
} s_row_t;

struct _lx_sheet_t {
    char *title;                //  the title line
    char **notes;               //  the note lines
    size_t note_count;          //  notes in use
    size_t note_space;          //  notes allocated
    s_column_t *columns;        //  the columns, left to right
    size_t column_count;        //  columns in use
    size_t column_space;        //  columns allocated
    s_row_t *rows;              //  the rows, top to bottom
    size_t row_count;           //  rows in use
    size_t row_space;           //  rows allocated
    bool broken;                //  out of memory once: appends ignored, outputs fail
};

//  Excel keeps and shows 15 significant digits; a number with a larger
//  magnitude goes into the workbook as its exact text.
#define S_XLSX_EXACT 1000000000000000LL

//  Makes room for one more item in *array (count in use, *space
//  allocated, of item bytes each), doubling. Returns 0, or -1 if out of
//  memory (the array is unchanged).
static int
s_grow (void **array, size_t count, size_t *space, size_t item)
{
    if (count < *space)
        return 0;
    size_t wanted = *space? *space * 2: 8;
    void *grown = realloc (*array, wanted * item);
    if (!grown)
        return -1;
    *array = grown;
    *space = wanted;
    return 0;
}

//  Marks the sheet broken (out of memory). Returns -1.
static int
s_broken (lx_sheet_t *self)
{
    self->broken = true;
    return -1;
}

lx_sheet_t *
lx_sheet_new (const char *title)
{
    assert (title);
    lx_sheet_t *self = (lx_sheet_t *) zmalloc (sizeof (lx_sheet_t));
    if (!self)
        return NULL;
    self->title = strdup (title);
    if (!self->title)
        lx_sheet_destroy (&self);
    return self;
}

void
lx_sheet_destroy (lx_sheet_t **self_p)
{
    assert (self_p);
    lx_sheet_t *self = *self_p;
    if (self) {
        for (size_t row = 0; row < self->row_count; row++) {
            for (size_t column = 0; column < self->column_count; column++)
                free (self->rows [row].cells [column].text);
            free (self->rows [row].cells);
        }
        free (self->rows);
        for (size_t column = 0; column < self->column_count; column++) {
            free (self->columns [column].key);
            free (self->columns [column].heading);
        }
        free (self->columns);
        for (size_t note = 0; note < self->note_count; note++)
            free (self->notes [note]);
        free (self->notes);
        free (self->title);
        free (self);
        *self_p = NULL;
    }
}

int
lx_sheet_note (lx_sheet_t *self, const char *text)
{
    assert (self && text);
    char *copy = NULL;
    if (self->broken
    ||  s_grow ((void **) &self->notes, self->note_count, &self->note_space, sizeof (char *))
    ||  !(copy = strdup (text)))
        return s_broken (self);
    self->notes [self->note_count++] = copy;
    return 0;
}

int
lx_sheet_column (lx_sheet_t *self, const char *key, const char *heading, lx_sheet_kind_t kind)
{
    assert (self && key && *key && heading);
    assert (kind >= LX_SHEET_TEXT && kind <= LX_SHEET_YUAN);
    assert (self->row_count == 0);              //  columns come before rows
    for (size_t column = 0; column < self->column_count; column++)
        assert (!streq (self->columns [column].key, key));
    if (self->broken
    ||  s_grow ((void **) &self->columns, self->column_count, &self->column_space, sizeof (s_column_t)))
        return s_broken (self);
    s_column_t entry = { strdup (key), strdup (heading), kind };
    if (!entry.key || !entry.heading) {
        free (entry.key);
        free (entry.heading);
        return s_broken (self);
    }
    self->columns [self->column_count++] = entry;
    return 0;
}

int
lx_sheet_row (lx_sheet_t *self)
{
    assert (self && (self->column_count > 0 || self->broken));
    if (self->broken
    ||  s_grow ((void **) &self->rows, self->row_count, &self->row_space, sizeof (s_row_t)))
        return s_broken (self);
    s_cell_t *cells = (s_cell_t *) calloc (self->column_count, sizeof (s_cell_t));
    if (!cells)
        return s_broken (self);
    self->rows [self->row_count++] = (s_row_t) { cells, 0 };
    return 0;
}

//  The next cell of the current row, which the caller fills.
static s_cell_t *
s_next_cell (lx_sheet_t *self)
{
    assert (self && self->row_count > 0);       //  a row is started
    s_row_t *row = &self->rows [self->row_count - 1];
    assert (row->count < self->column_count);   //  no more cells than columns
    return &row->cells [row->count++];
}

int
lx_sheet_text (lx_sheet_t *self, const char *text)
{
    assert (self);
    if (self->broken)
        return -1;
    char *copy = NULL;
    if (text && !(copy = strdup (text)))
        return s_broken (self);
    s_cell_t *cell = s_next_cell (self);
    cell->type = copy? S_TEXT: S_EMPTY;
    cell->text = copy;
    return 0;
}

void
lx_sheet_int (lx_sheet_t *self, int64_t value)
{
    assert (self);
    if (self->broken)
        return;
    assert (self->row_count > 0);
    size_t column = self->rows [self->row_count - 1].count;
    assert (column < self->column_count && self->columns [column].kind != LX_SHEET_TEXT);
    s_cell_t *cell = s_next_cell (self);
    cell->type = S_NUMBER;
    cell->value = value;
}

void
lx_sheet_empty (lx_sheet_t *self)
{
    assert (self);
    if (!self->broken)
        s_next_cell (self)->type = S_EMPTY;
}

size_t
lx_sheet_rows (lx_sheet_t *self)
{
    assert (self);
    return self->row_count;
}

size_t
lx_sheet_columns (lx_sheet_t *self)
{
    assert (self);
    return self->column_count;
}

void
lx_sheet_format (lx_sheet_kind_t kind, int64_t value, bool plain, char out [LX_SHEET_NUMBER])
{
    assert (out && kind != LX_SHEET_TEXT);
    //  The magnitude in unsigned arithmetic, so INT64_MIN has one too.
    uint64_t magnitude = value < 0? (uint64_t) 0 - (uint64_t) value: (uint64_t) value;
    const char *sign = value < 0? "-": "";
    if (kind == LX_SHEET_BP)
        snprintf (out, LX_SHEET_NUMBER, "%s%" PRIu64 ".%02" PRIu64 "%s", sign,
                  magnitude / 100, magnitude % 100, plain? "": "%");
    else
    if (kind == LX_SHEET_SHARE)
        snprintf (out, LX_SHEET_NUMBER, "%s%" PRIu64 ".%04" PRIu64, sign,
                  magnitude / 10000, magnitude % 10000);
    else
    if (kind == LX_SHEET_YUAN && !plain) {
        char digits [24];
        int length = snprintf (digits, sizeof digits, "%" PRIu64, magnitude);
        char *at = out;
        if (value < 0)
            *at++ = '-';
        for (int index = 0; index < length; index++) {
            if (index > 0 && (length - index) % 3 == 0)
                *at++ = ',';
            *at++ = digits [index];
        }
        *at = 0;
    }
    else
        snprintf (out, LX_SHEET_NUMBER, "%s%" PRIu64, sign, magnitude);
}

//  The cell at row, column as the table (plain false) or the CSV shows
//  it: its text, or a number formatted into buffer; NULL when empty.
static const char *
s_cell_text (lx_sheet_t *self, size_t row, size_t column, bool plain, char buffer [LX_SHEET_NUMBER])
{
    const s_cell_t *cell = &self->rows [row].cells [column];
    if (cell->type == S_TEXT)
        return cell->text;
    if (cell->type == S_NUMBER) {
        lx_sheet_format (self->columns [column].kind, cell->value, plain, buffer);
        return buffer;
    }
    return NULL;
}

//  Flushes out. Returns 0, or -1 if out has had a write error.
static int
s_flushed (FILE *out)
{
    return fflush (out) == 0 && !ferror (out)? 0: -1;
}

//  True for the ASCII control characters, which the table shows as spaces.
static bool
s_control (unsigned char byte)
{
    return byte < 0x20 || byte == 0x7F;
}

//  Display width of a table cell: lx_text_width counts a control
//  character as none, the table shows it as a space.
static size_t
s_table_width (const char *text)
{
    size_t width = lx_text_width (text);
    for (const unsigned char *at = (const unsigned char *) text; *at; at++)
        if (s_control (*at))
            width++;
    return width;
}

//  Writes one table cell to out in width display columns: right-aligned,
//  or left-aligned and padded unless last (no trailing spaces on a line).
static void
s_table_cell (FILE *out, const char *text, size_t width, bool right, bool last)
{
    size_t used = s_table_width (text);
    if (right)
        for (; used < width; used++)
            fputc (' ', out);
    for (const unsigned char *at = (const unsigned char *) text; *at; at++)
        fputc (s_control (*at)? ' ': *at, out);
    if (!right && !last)
        for (; used < width; used++)
            fputc (' ', out);
}

int
lx_sheet_print_table (lx_sheet_t *self, FILE *out)
{
    assert (self && out);
    if (self->broken)
        return -1;
    fprintf (out, "%s\n", self->title);
    for (size_t note = 0; note < self->note_count; note++)
        fprintf (out, "%s\n", self->notes [note]);
    if (self->column_count == 0)
        return s_flushed (out);
    fprintf (out, "\n");
    //  Each column is as wide as its widest heading or cell.
    size_t *width = (size_t *) calloc (self->column_count, sizeof (size_t));
    if (!width)
        return -1;
    char buffer [LX_SHEET_NUMBER];
    for (size_t column = 0; column < self->column_count; column++) {
        width [column] = s_table_width (self->columns [column].heading);
        for (size_t row = 0; row < self->row_count; row++) {
            const char *text = s_cell_text (self, row, column, false, buffer);
            size_t cell = s_table_width (text? text: "-");
            if (cell > width [column])
                width [column] = cell;
        }
    }
    for (size_t column = 0; column < self->column_count; column++) {
        s_table_cell (out, self->columns [column].heading, width [column],
                      self->columns [column].kind != LX_SHEET_TEXT, column + 1 == self->column_count);
        fputs (column + 1 < self->column_count? "  ": "\n", out);
    }
    for (size_t column = 0; column < self->column_count; column++) {
        for (size_t dash = 0; dash < width [column]; dash++)
            fputc ('-', out);
        fputs (column + 1 < self->column_count? "  ": "\n", out);
    }
    for (size_t row = 0; row < self->row_count; row++)
        for (size_t column = 0; column < self->column_count; column++) {
            const char *text = s_cell_text (self, row, column, false, buffer);
            s_table_cell (out, text? text: "-", width [column],
                          self->columns [column].kind != LX_SHEET_TEXT, column + 1 == self->column_count);
            fputs (column + 1 < self->column_count? "  ": "\n", out);
        }
    free (width);
    return s_flushed (out);
}

//  Writes one CSV field (NULL as empty), quoted when RFC 4180 needs it.
static void
s_csv_field (FILE *out, const char *text)
{
    if (!text)
        return;
    if (!strpbrk (text, ",\"\r\n")) {
        fputs (text, out);
        return;
    }
    fputc ('"', out);
    for (const char *at = text; *at; at++) {
        if (*at == '"')
            fputc ('"', out);
        fputc (*at, out);
    }
    fputc ('"', out);
}

//  Writes a CSV record of one field (NULL as empty), padded with empty
//  fields to the sheet's width.
static void
s_csv_line (lx_sheet_t *self, FILE *out, const char *text)
{
    s_csv_field (out, text);
    for (size_t column = 1; column < self->column_count; column++)
        fputc (',', out);
    fputs ("\r\n", out);
}

int
lx_sheet_print_csv (lx_sheet_t *self, FILE *out)
{
    assert (self && out);
    if (self->broken)
        return -1;
    fputs ("\xEF\xBB\xBF", out);                //  the UTF-8 mark Excel needs
    return lx_sheet_print_csv_records (self, out);
}

int
lx_sheet_print_csv_records (lx_sheet_t *self, FILE *out)
{
    assert (self && out);
    if (self->broken)
        return -1;
    s_csv_line (self, out, self->title);
    for (size_t note = 0; note < self->note_count; note++)
        s_csv_line (self, out, self->notes [note]);
    if (self->column_count == 0)
        return s_flushed (out);
    s_csv_line (self, out, NULL);
    for (size_t column = 0; column < self->column_count; column++) {
        s_csv_field (out, self->columns [column].heading);
        fputs (column + 1 < self->column_count? ",": "\r\n", out);
    }
    char buffer [LX_SHEET_NUMBER];
    for (size_t row = 0; row < self->row_count; row++)
        for (size_t column = 0; column < self->column_count; column++) {
            s_csv_field (out, s_cell_text (self, row, column, true, buffer));
            fputs (column + 1 < self->column_count? ",": "\r\n", out);
        }
    return s_flushed (out);
}

//  A kind's name in the JSON.
static const char *
s_kind_name (lx_sheet_kind_t kind)
{
    return kind == LX_SHEET_INT? "int": kind == LX_SHEET_BP? "bp": kind == LX_SHEET_SHARE? "share":
           kind == LX_SHEET_YUAN? "yuan": "text";
}

int
lx_sheet_print_json (lx_sheet_t *self, FILE *out)
{
    assert (self && out);
    if (self->broken)
        return -1;
    fputs ("{\"title\":", out);
    lx_text_json (out, self->title);
    fputs (",\"notes\":[", out);
    for (size_t note = 0; note < self->note_count; note++) {
        if (note)
            fputc (',', out);
        lx_text_json (out, self->notes [note]);
    }
    fputs ("],\"columns\":[", out);
    for (size_t column = 0; column < self->column_count; column++) {
        fputs (column? ",{\"key\":": "{\"key\":", out);
        lx_text_json (out, self->columns [column].key);
        fputs (",\"heading\":", out);
        lx_text_json (out, self->columns [column].heading);
        fprintf (out, ",\"kind\":\"%s\"}", s_kind_name (self->columns [column].kind));
    }
    fputs ("],\"rows\":[", out);
    for (size_t row = 0; row < self->row_count; row++) {
        fputs (row? ",{": "{", out);
        for (size_t column = 0; column < self->column_count; column++) {
            const s_cell_t *cell = &self->rows [row].cells [column];
            if (column)
                fputc (',', out);
            lx_text_json (out, self->columns [column].key);
            fputc (':', out);
            if (cell->type == S_TEXT)
                lx_text_json (out, cell->text);
            else
            if (cell->type == S_NUMBER)
                fprintf (out, "%" PRId64, cell->value);
            else
                fputs ("null", out);
        }
        fputc ('}', out);
    }
    fputs ("]}\n", out);
    return s_flushed (out);
}

//  Checks that text (NULL passes) can go into the workbook's XML. Returns
//  0, or -1 with a reason in error naming what it is: what, and index + 1
//  when index is not SIZE_MAX.
static int
s_xlsx_text (const char *text, const char *what, size_t index, char *error, size_t error_size)
{
    if (!text || lx_valid_utf8 (text, strlen (text)))
        return 0;
    char where [32] = "";
    if (index != SIZE_MAX)
        snprintf (where, sizeof where, " %zu", index + 1);
    snprintf (error, error_size, "%s%s is not UTF-8 text without control characters; "
              "a workbook cannot hold it", what, where);
    return -1;
}

//  Records a libxlsxwriter failure in error unless rc is LXW_NO_ERROR.
//  Returns 0 or -1.
static int
s_lxw (lxw_error rc, const char *what, char *error, size_t error_size)
{
    if (rc == LXW_NO_ERROR)
        return 0;
    snprintf (error, error_size, "libxlsxwriter, %s: %s", what, lxw_strerror (rc));
    return -1;
}

//  The formats of a workbook; each belongs to the workbook.
typedef struct {
    lxw_format *title;          //  A1: bold
    lxw_format *heading;        //  a text column's heading: bold, bottom border
    lxw_format *heading_right;  //  a numeric column's heading: the same, right-aligned
    lxw_format *right;          //  a text in a numeric column: right-aligned
    lxw_format *number [LX_SHEET_YUAN + 1];     //  a number of each numeric kind: its number format
} s_formats_t;

//  Makes the formats in book. Returns 0, or -1 if out of memory.
static int
s_xlsx_formats (lxw_workbook *book, s_formats_t *formats)
{
    static const char *const codes [LX_SHEET_YUAN + 1] = {
        [LX_SHEET_TEXT] = NULL, [LX_SHEET_INT] = "0", [LX_SHEET_BP] = "0.00%",
        [LX_SHEET_SHARE] = "0.0000", [LX_SHEET_YUAN] = "#,##0"
    };
    formats->title = workbook_add_format (book);
    formats->heading = workbook_add_format (book);
    formats->heading_right = workbook_add_format (book);
    formats->right = workbook_add_format (book);
    if (!formats->title || !formats->heading || !formats->heading_right || !formats->right)
        return -1;
    format_set_bold (formats->title);
    format_set_bold (formats->heading);
    format_set_bottom (formats->heading, LXW_BORDER_THIN);
    format_set_bold (formats->heading_right);
    format_set_bottom (formats->heading_right, LXW_BORDER_THIN);
    format_set_align (formats->heading_right, LXW_ALIGN_RIGHT);
    format_set_align (formats->right, LXW_ALIGN_RIGHT);
    formats->number [LX_SHEET_TEXT] = NULL;     //  a text column has no numbers
    for (int kind = LX_SHEET_INT; kind <= LX_SHEET_YUAN; kind++) {
        formats->number [kind] = workbook_add_format (book);
        if (!formats->number [kind])
            return -1;
        format_set_num_format (formats->number [kind], codes [kind]);
    }
    return 0;
}

//  Writes one cell of a row into the worksheet at (at, column). Returns
//  0, or -1 with a reason in error.
static int
s_xlsx_cell (lx_sheet_t *self, lxw_worksheet *sheet, const s_formats_t *formats,
             size_t row, size_t column, lxw_row_t at, char *error, size_t error_size)
{
    const s_cell_t *cell = &self->rows [row].cells [column];
    lx_sheet_kind_t kind = self->columns [column].kind;
    lxw_col_t col = (lxw_col_t) column;
    if (cell->type == S_TEXT)
        return s_lxw (worksheet_write_string (sheet, at, col, cell->text,
                                              kind == LX_SHEET_TEXT? NULL: formats->right),
                      "writing a text cell", error, error_size);
    if (cell->type != S_NUMBER)
        return 0;                               //  empty: a blank cell
    if (cell->value <= -S_XLSX_EXACT || cell->value >= S_XLSX_EXACT) {
        char text [LX_SHEET_NUMBER];
        lx_sheet_format (kind, cell->value, false, text);
        return s_lxw (worksheet_write_string (sheet, at, col, text, formats->right),
                      "writing a large number as text", error, error_size);
    }
    //  Display only (see lx_sheet.h): the double of the integer, or one
    //  correctly rounded division, both exact to 15 significant digits.
    double number = kind == LX_SHEET_BP || kind == LX_SHEET_SHARE? (double) cell->value / 10000.0
                                                                   : (double) cell->value;
    return s_lxw (worksheet_write_number (sheet, at, col, number, formats->number [kind]),
                  "writing a number cell", error, error_size);
}

//  Adds the sheet to book as a worksheet named name, in formats. Returns
//  0, or -1 with a reason in error.
static int
s_xlsx_fill (lx_sheet_t *self, lxw_workbook *book, const s_formats_t *formats, const char *name,
             char *error, size_t error_size)
{
    lxw_error rc = workbook_validate_sheet_name (book, name);
    if (rc != LXW_NO_ERROR) {
        snprintf (error, error_size, "the worksheet name \"%s\" cannot be used: %s", name, lxw_strerror (rc));
        return -1;
    }
    lxw_worksheet *sheet = workbook_add_worksheet (book, name);
    if (!sheet) {
        snprintf (error, error_size, "libxlsxwriter: out of memory making a worksheet");
        return -1;
    }
    if (s_lxw (worksheet_write_string (sheet, 0, 0, self->title, formats->title),
               "writing the title", error, error_size))
        return -1;
    for (size_t note = 0; note < self->note_count; note++)
        if (s_lxw (worksheet_write_string (sheet, (lxw_row_t) (1 + note), 0, self->notes [note], NULL),
                   "writing a note", error, error_size))
            return -1;
    if (self->column_count == 0)
        return 0;
    //  The headings after the notes and an empty row; the rows below them.
    lxw_row_t headings = (lxw_row_t) (self->note_count + 2);
    char buffer [LX_SHEET_NUMBER];
    for (size_t column = 0; column < self->column_count; column++) {
        bool numeric = self->columns [column].kind != LX_SHEET_TEXT;
        if (s_lxw (worksheet_write_string (sheet, headings, (lxw_col_t) column,
                                           self->columns [column].heading,
                                           numeric? formats->heading_right: formats->heading),
                   "writing a heading", error, error_size))
            return -1;
        //  Excel's width unit is about one digit of the default font: as
        //  the display width, a Chinese character two; a margin of two.
        size_t width = lx_text_width (self->columns [column].heading);
        for (size_t row = 0; row < self->row_count; row++) {
            const char *text = s_cell_text (self, row, column, false, buffer);
            size_t cell = lx_text_width (text);
            if (cell > width)
                width = cell;
            if (s_xlsx_cell (self, sheet, formats, row, column, (lxw_row_t) (headings + 1 + row),
                             error, error_size))
                return -1;
        }
        width = width + 2 < 100? width + 2: 100;
        if (s_lxw (worksheet_set_column (sheet, (lxw_col_t) column, (lxw_col_t) column,
                                         (double) width, NULL),
                   "setting a column width", error, error_size))
            return -1;
    }
    worksheet_freeze_panes (sheet, headings + 1, 0);
    return 0;
}

//  Checks that the sheet fits in a worksheet and that all its texts can
//  go into the workbook's XML. Returns 0, or -1 with a reason in error.
static int
s_xlsx_check (lx_sheet_t *self, char *error, size_t error_size)
{
    if (self->broken) {
        snprintf (error, error_size, "the sheet is incomplete: it ran out of memory");
        return -1;
    }
    if (self->column_count > LXW_COL_MAX || self->note_count + 3 + self->row_count > LXW_ROW_MAX) {
        snprintf (error, error_size, "%zu columns and %zu rows do not fit in a worksheet (at most %d"
                  " columns and %d rows, with the title, notes and headings)",
                  self->column_count, self->row_count, LXW_COL_MAX, LXW_ROW_MAX);
        return -1;
    }
    if (s_xlsx_text (self->title, "the title", SIZE_MAX, error, error_size))
        return -1;
    for (size_t note = 0; note < self->note_count; note++)
        if (s_xlsx_text (self->notes [note], "note", note, error, error_size))
            return -1;
    for (size_t column = 0; column < self->column_count; column++) {
        if (s_xlsx_text (self->columns [column].heading, "the heading of column", column,
                         error, error_size))
            return -1;
        char what [48];
        for (size_t row = 0; row < self->row_count; row++) {
            snprintf (what, sizeof what, "row %zu, column", row + 1);
            if (s_xlsx_text (self->rows [row].cells [column].text, what, column, error, error_size))
                return -1;
        }
    }
    return 0;
}

//  The name of worksheet index in a book: names [index], or "report",
//  "report2", ... when there is none; into fallback when made.
static const char *
s_xlsx_name (const char **names, size_t index, char fallback [32])
{
    if (names && names [index])
        return names [index];
    if (index == 0)
        return "report";
    snprintf (fallback, 32, "report%zu", index + 1);
    return fallback;
}

int
lx_sheet_write_xlsx (lx_sheet_t *self, const char *path, const char *name,
                     char *error, size_t error_size)
{
    assert (self);
    return lx_sheet_write_xlsx_book (&self, &name, 1, path, error, error_size);
}

int
lx_sheet_write_xlsx_book (lx_sheet_t **sheets, const char **names, size_t count, const char *path,
                          char *error, size_t error_size)
{
    assert (sheets && count > 0 && path && error && error_size > 0);
    //  libxlsxwriter writes numbers with printf's %G, which follows
    //  LC_NUMERIC; a decimal comma would make the XML's numbers wrong.
    if (!streq (localeconv ()->decimal_point, ".")) {
        snprintf (error, error_size, "the numeric locale has a decimal point other than \".\"; "
                  "a workbook written now would have broken numbers");
        return -1;
    }
    char reason [256];
    for (size_t index = 0; index < count; index++) {
        assert (sheets [index]);
        if (s_xlsx_check (sheets [index], reason, sizeof reason)) {
            if (count > 1)
                snprintf (error, error_size, "worksheet %zu: %s", index + 1, reason);
            else
                snprintf (error, error_size, "%s", reason);
            return -1;
        }
    }
    //  Written beside path, then renamed onto it: never half a workbook.
    //  Created here first for a plain reason when it cannot be (libxlsxwriter
    //  only says "usually a permissions error").
    char *part = zsys_sprintf ("%s.%d.part", path, (int) getpid ());
    if (!part) {
        snprintf (error, error_size, "out of memory");
        return -1;
    }
    FILE *probe = fopen (part, "wb");
    if (!probe) {
        snprintf (error, error_size, "cannot create %s: %s", part, strerror (errno));
        free (part);
        return -1;
    }
    fclose (probe);
    lxw_workbook *book = workbook_new (part);
    if (!book) {
        snprintf (error, error_size, "libxlsxwriter: out of memory making the workbook");
        remove (part);
        free (part);
        return -1;
    }
    s_formats_t formats;
    int rc = 0;
    if (s_xlsx_formats (book, &formats)) {
        snprintf (error, error_size, "libxlsxwriter: out of memory making the formats");
        rc = -1;
    }
    for (size_t index = 0; index < count && rc == 0; index++) {
        char fallback [32];
        rc = s_xlsx_fill (sheets [index], book, &formats, s_xlsx_name (names, index, fallback),
                          error, error_size);
    }
    //  workbook_close frees the workbook whatever it returns.
    lxw_error closed = workbook_close (book);
    if (rc == 0 && closed != LXW_NO_ERROR) {
        snprintf (error, error_size, "libxlsxwriter, writing %s: %s", part, lxw_strerror (closed));
        rc = -1;
    }
    if (rc == 0 && rename (part, path)) {
        snprintf (error, error_size, "cannot rename %s to %s: %s", part, path, strerror (errno));
        rc = -1;
    }
    if (rc)
        remove (part);
    free (part);
    return rc;
}

//  Runs one output of sheet into a new string (caller frees).
static char *
s_output (lx_sheet_t *sheet, int (*print) (lx_sheet_t *, FILE *))
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    assert (out);
    int rc = print (sheet, out);
    fclose (out);
    assert (rc == 0);
    return text;
}

//  The little-endian 16-bit number at data.
static size_t
s_le16 (const byte *data)
{
    return (size_t) data [0] | (size_t) data [1] << 8;
}

//  The little-endian 32-bit number at data.
static size_t
s_le32 (const byte *data)
{
    return s_le16 (data) | s_le16 (data + 2) << 16;
}

//  Reads the zip archive at path and checks its structure: the local
//  header signature at the start, the end of central directory record,
//  and every central directory entry with its signature and a local
//  header where it says. Returns how many of names (count of them) are
//  entries, or -1 when the archive is broken.
static int
s_zip_check (const char *path, const char *const *names, int count)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return -1;
    byte *data = (byte *) malloc (1 << 20);
    assert (data);
    size_t size = fread (data, 1, 1 << 20, file);
    fclose (file);
    int found = -1;
    //  The end of central directory record: 22 bytes and a comment.
    size_t end = size >= 22? size - 22: 0;
    while (size >= 22 && end > 0 && memcmp (data + end, "PK\x05\x06", 4))
        end--;
    if (size >= 26 && memcmp (data, "PK\x03\x04", 4) == 0 && memcmp (data + end, "PK\x05\x06", 4) == 0) {
        size_t entries = s_le16 (data + end + 10);
        size_t at = s_le32 (data + end + 16);
        found = 0;
        for (size_t entry = 0; entry < entries && found >= 0; entry++) {
            if (at + 46 > end || memcmp (data + at, "PK\x01\x02", 4)) {
                found = -1;
                break;
            }
            size_t length = s_le16 (data + at + 28);
            size_t local = s_le32 (data + at + 42);
            if (at + 46 + length > end || local + 30 > at || memcmp (data + local, "PK\x03\x04", 4))
                found = -1;
            else
                for (int name = 0; name < count; name++)
                    if (strlen (names [name]) == length && memcmp (data + at + 46, names [name], length) == 0)
                        found++;
            at += 46 + length + s_le16 (data + at + 30) + s_le16 (data + at + 32);
        }
        if (found >= 0 && at != end)
            found = -1;                         //  the directory does not end at its end record
    }
    free (data);
    return found;
}

//  Reads a workbook back with Python's zipfile: tests every member's CRC,
//  parses every XML part, and prints one JSON line: the worksheet's name,
//  its frozen pane, its column widths and each cell as [value, number
//  format, look] (a shared string resolved to its text; look is "b" for
//  bold, "_" for a bottom border, "r" for right-aligned).
static const char *s_xlsx_reader =
    "import json, sys, zipfile\n"
    "import xml.etree.ElementTree as ET\n"
    "N = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "assert z.testzip() is None\n"
    "parts = {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.endswith(('.xml', '.rels'))}\n"
    "strings = [''.join(t.text or '' for t in si.iter(N + 't')) for si in parts['xl/sharedStrings.xml']]\n"
    "styles = parts['xl/styles.xml']\n"
    "codes = {'0': '', '1': '0', '2': '0.00', '3': '#,##0', '4': '#,##0.00', '9': '0%', '10': '0.00%', '49': '@'}\n"
    "codes.update({f.get('numFmtId'): f.get('formatCode') for f in styles.iter(N + 'numFmt')})\n"
    "fonts = [f.find(N + 'b') is not None for f in styles.find(N + 'fonts')]\n"
    "borders = [b.find(N + 'bottom').get('style') for b in styles.find(N + 'borders')]\n"
    "xfs = list(styles.find(N + 'cellXfs'))\n"
    "sheet = parts['xl/worksheets/sheet1.xml']\n"
    "cells = {}\n"
    "for c in sheet.iter(N + 'c'):\n"
    "    xf = xfs[int(c.get('s', '0'))]\n"
    "    v = c.find(N + 'v')\n"
    "    v = v.text if v is not None else ''\n"
    "    a = xf.find(N + 'alignment')\n"
    "    look = ('b' if fonts[int(xf.get('fontId'))] else '') + ('_' if borders[int(xf.get('borderId'))] else '')\n"
    "    look += 'r' if a is not None and a.get('horizontal') == 'right' else ''\n"
    "    cells[c.get('r')] = [strings[int(v)] if c.get('t') == 's' else v, codes.get(xf.get('numFmtId'), ''), look]\n"
    "out = {'sheet': [s.get('name') for s in parts['xl/workbook.xml'].iter(N + 'sheet')],\n"
    "       'pane': [' '.join(p.get(a) for a in ('ySplit', 'topLeftCell', 'state'))\n"
    "                for p in sheet.iter(N + 'pane')],\n"
    "       'cols': [c.get('width') for c in sheet.iter(N + 'col')], 'cells': cells}\n"
    "sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, sort_keys=True).encode('utf-8'))\n";

//  Runs the reader script on the workbook at path; its one line into
//  reply (size bytes with the NUL). Asserts that it succeeds.
static void
s_xlsx_read (const char *script, const char *path, char *reply, size_t size)
{
    char command [200];
    snprintf (command, sizeof command, "python3 %s %s", script, path);
    FILE *reader = popen (command, "r");
    assert (reader);
    size_t length = fread (reply, 1, size - 1, reader);
    reply [length] = 0;
    assert (pclose (reader) == 0);
}

//  The report the selftest builds: every kind, Chinese names, a name with
//  a comma and quotes, a text in a numeric column, empty and missing
//  cells, a note with a newline, and the largest numbers a workbook shows
//  exactly and the first it cannot.
static lx_sheet_t *
s_test_sheet (void)
{
    lx_sheet_t *sheet = lx_sheet_new ("2026年11月 招商考核通报");
    assert (sheet);
    assert (lx_sheet_note (sheet, "数据截至 2026-11-30") == 0);
    assert (lx_sheet_note (sheet, "单位：元\n份额以万分之一计") == 0);
    assert (lx_sheet_column (sheet, "rank", "名次", LX_SHEET_INT) == 0);
    assert (lx_sheet_column (sheet, "district", "县市区", LX_SHEET_TEXT) == 0);
    assert (lx_sheet_column (sheet, "amount", "签约额", LX_SHEET_YUAN) == 0);
    assert (lx_sheet_column (sheet, "rate", "完成率", LX_SHEET_BP) == 0);
    assert (lx_sheet_column (sheet, "share", "份额", LX_SHEET_SHARE) == 0);
    static const struct {
        const char *district;
        int64_t amount;
        int64_t rate;
        int64_t share;
    } rows [] = {
        { "柯城区", 1400000000, 6534, 3000 },
        { "龙游县", -1234567, -5, 25000 },
        { "衢州智造新城", 0, 5, 7 },
        { "江山市", S_XLSX_EXACT - 1, 10000, -1 },
        { "开化县", S_XLSX_EXACT, 0, 0 },
    };
    for (size_t index = 0; index < sizeof rows / sizeof rows [0]; index++) {
        assert (lx_sheet_row (sheet) == 0);
        lx_sheet_int (sheet, (int64_t) index + 1);
        assert (lx_sheet_text (sheet, rows [index].district) == 0);
        lx_sheet_int (sheet, rows [index].amount);
        lx_sheet_int (sheet, rows [index].rate);
        lx_sheet_int (sheet, rows [index].share);
    }
    //  A sixth row: a name with a comma and quotes, a text where a number
    //  goes, an empty cell and a missing one.
    assert (lx_sheet_row (sheet) == 0);
    lx_sheet_int (sheet, 6);
    assert (lx_sheet_text (sheet, "Kai, \"Q\" 园区") == 0);
    assert (lx_sheet_text (sheet, "未报") == 0);
    lx_sheet_empty (sheet);
    return sheet;
}

void
lx_sheet_test (bool verbose)
{
    //  Formatting: exact integers, signs, zero and the int64 extremes.
    char text [LX_SHEET_NUMBER];
    static const struct {
        lx_sheet_kind_t kind;
        int64_t value;
        const char *table;              //  as the table shows it
        const char *plain;              //  as the CSV writes it
    } cases [] = {
        { LX_SHEET_YUAN, 0, "0", "0" },
        { LX_SHEET_YUAN, 999, "999", "999" },
        { LX_SHEET_YUAN, 1000, "1,000", "1000" },
        { LX_SHEET_YUAN, -1000, "-1,000", "-1000" },
        { LX_SHEET_YUAN, 100000, "100,000", "100000" },
        { LX_SHEET_YUAN, -1234567, "-1,234,567", "-1234567" },
        { LX_SHEET_YUAN, 1400000000, "1,400,000,000", "1400000000" },
        { LX_SHEET_YUAN, INT64_MAX, "9,223,372,036,854,775,807", "9223372036854775807" },
        { LX_SHEET_YUAN, INT64_MIN, "-9,223,372,036,854,775,808", "-9223372036854775808" },
        { LX_SHEET_BP, 6534, "65.34%", "65.34" },
        { LX_SHEET_BP, 5, "0.05%", "0.05" },
        { LX_SHEET_BP, -5, "-0.05%", "-0.05" },
        { LX_SHEET_BP, 0, "0.00%", "0.00" },
        { LX_SHEET_BP, 10000, "100.00%", "100.00" },
        { LX_SHEET_BP, -100, "-1.00%", "-1.00" },
        { LX_SHEET_BP, INT64_MAX, "92233720368547758.07%", "92233720368547758.07" },
        { LX_SHEET_BP, INT64_MIN, "-92233720368547758.08%", "-92233720368547758.08" },
        { LX_SHEET_SHARE, 3000, "0.3000", "0.3000" },
        { LX_SHEET_SHARE, 25000, "2.5000", "2.5000" },
        { LX_SHEET_SHARE, 7, "0.0007", "0.0007" },
        { LX_SHEET_SHARE, -7, "-0.0007", "-0.0007" },
        { LX_SHEET_SHARE, 0, "0.0000", "0.0000" },
        { LX_SHEET_SHARE, -10000, "-1.0000", "-1.0000" },
        { LX_SHEET_SHARE, INT64_MAX, "922337203685477.5807", "922337203685477.5807" },
        { LX_SHEET_SHARE, INT64_MIN, "-922337203685477.5808", "-922337203685477.5808" },
        { LX_SHEET_INT, -42, "-42", "-42" },
        { LX_SHEET_INT, 1000, "1000", "1000" },
        { LX_SHEET_INT, INT64_MIN, "-9223372036854775808", "-9223372036854775808" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        lx_sheet_format (cases [index].kind, cases [index].value, false, text);
        if (verbose || !streq (text, cases [index].table))
            printf ("   %" PRId64 " as %s: \"%s\"\n", cases [index].value, s_kind_name (cases [index].kind), text);
        assert (streq (text, cases [index].table));
        lx_sheet_format (cases [index].kind, cases [index].value, true, text);
        assert (streq (text, cases [index].plain));
    }

    lx_sheet_t *sheet = s_test_sheet ();
    assert (lx_sheet_rows (sheet) == 6);
    assert (lx_sheet_columns (sheet) == 5);

    //  The table: Chinese aligned by display width (名次 is four columns
    //  wide, 衢州智造新城 twelve), numbers and their headings right-
    //  aligned, empty and missing cells "-", no trailing spaces.
    char *output = s_output (sheet, lx_sheet_print_table);
    const char *table =
        "2026年11月 招商考核通报\n"
        "数据截至 2026-11-30\n"
        "单位：元\n份额以万分之一计\n"
        "\n"
        "名次  县市区                        签约额   完成率     份额\n"
        "----  -------------  ---------------------  -------  -------\n"
        "   1  柯城区                 1,400,000,000   65.34%   0.3000\n"
        "   2  龙游县                    -1,234,567   -0.05%   2.5000\n"
        "   3  衢州智造新城                       0    0.05%   0.0007\n"
        "   4  江山市           999,999,999,999,999  100.00%  -0.0001\n"
        "   5  开化县         1,000,000,000,000,000    0.00%   0.0000\n"
        "   6  Kai, \"Q\" 园区                   未报        -        -\n";
    if (verbose || !streq (output, table))
        printf ("%s", output);
    assert (streq (output, table));
    free (output);

    //  CSV: the mark, CRLF, every record five fields, the note's newline
    //  and the name's comma and quotes quoted, numbers plain.
    output = s_output (sheet, lx_sheet_print_csv);
    const char *csv =
        "\xEF\xBB\xBF"
        "2026年11月 招商考核通报,,,,\r\n"
        "数据截至 2026-11-30,,,,\r\n"
        "\"单位：元\n份额以万分之一计\",,,,\r\n"
        ",,,,\r\n"
        "名次,县市区,签约额,完成率,份额\r\n"
        "1,柯城区,1400000000,65.34,0.3000\r\n"
        "2,龙游县,-1234567,-0.05,2.5000\r\n"
        "3,衢州智造新城,0,0.05,0.0007\r\n"
        "4,江山市,999999999999999,100.00,-0.0001\r\n"
        "5,开化县,1000000000000000,0.00,0.0000\r\n"
        "6,\"Kai, \"\"Q\"\" 园区\",未报,,\r\n";
    if (verbose || !streq (output, csv))
        printf ("%s", output);
    assert (streq (output, csv));
    free (output);

    //  JSON: integers in their units, texts escaped, empty as null.
    output = s_output (sheet, lx_sheet_print_json);
    const char *json =
        "{\"title\":\"2026年11月 招商考核通报\","
        "\"notes\":[\"数据截至 2026-11-30\",\"单位：元\\u000a份额以万分之一计\"],"
        "\"columns\":[{\"key\":\"rank\",\"heading\":\"名次\",\"kind\":\"int\"},"
        "{\"key\":\"district\",\"heading\":\"县市区\",\"kind\":\"text\"},"
        "{\"key\":\"amount\",\"heading\":\"签约额\",\"kind\":\"yuan\"},"
        "{\"key\":\"rate\",\"heading\":\"完成率\",\"kind\":\"bp\"},"
        "{\"key\":\"share\",\"heading\":\"份额\",\"kind\":\"share\"}],"
        "\"rows\":["
        "{\"rank\":1,\"district\":\"柯城区\",\"amount\":1400000000,\"rate\":6534,\"share\":3000},"
        "{\"rank\":2,\"district\":\"龙游县\",\"amount\":-1234567,\"rate\":-5,\"share\":25000},"
        "{\"rank\":3,\"district\":\"衢州智造新城\",\"amount\":0,\"rate\":5,\"share\":7},"
        "{\"rank\":4,\"district\":\"江山市\",\"amount\":999999999999999,\"rate\":10000,\"share\":-1},"
        "{\"rank\":5,\"district\":\"开化县\",\"amount\":1000000000000000,\"rate\":0,\"share\":0},"
        "{\"rank\":6,\"district\":\"Kai, \\\"Q\\\" 园区\",\"amount\":\"未报\",\"rate\":null,\"share\":null}"
        "]}\n";
    if (verbose || !streq (output, json))
        printf ("%s", output);
    assert (streq (output, json));
    free (output);

    //  XLSX: a book of the report and a bare second sheet, and the bare
    //  sheet alone, written in a new directory, checked as zips here and,
    //  when Python is there, read back cell by cell.
    char dir [] = "/tmp/lx_sheet.XXXXXX";
    char *made = mkdtemp (dir);
    assert (made);
    char path [64], single [64], script [64], bad [64], error [256];
    snprintf (path, sizeof path, "%s/report.xlsx", dir);
    snprintf (single, sizeof single, "%s/single.xlsx", dir);
    snprintf (script, sizeof script, "%s/read.py", dir);
    snprintf (bad, sizeof bad, "%s/none/report.xlsx", dir);
    lx_sheet_t *second = lx_sheet_new ("说明");
    assert (second && lx_sheet_note (second, "附表") == 0);
    lx_sheet_t *book [2] = { sheet, second };
    const char *names [2] = { "通报", NULL };
    assert (lx_sheet_write_xlsx_book (book, names, 2, path, error, sizeof error) == 0);
    assert (lx_sheet_write_xlsx (second, single, NULL, error, sizeof error) == 0);
    static const char *const parts [] = {
        "[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet2.xml"
    };
    assert (s_zip_check (path, parts, 6) == 6);
    assert (s_zip_check (single, parts, 6) == 5);   //  one worksheet
    struct stat status;
    assert (stat (path, &status) == 0 && status.st_size > 0);
    off_t written = status.st_size;

    if (system ("command -v python3 >/dev/null 2>&1") == 0) {
        FILE *file = fopen (script, "w");
        assert (file);
        fputs (s_xlsx_reader, file);
        fclose (file);
        char reply [8192];
        //  Cells: the title bold; the notes; the headings bold over a
        //  border, right-aligned over numbers; numbers as numbers in
        //  their formats (BP and SHARE as fractions); 10^15 as its exact
        //  text, right-aligned, as is the text in a YUAN column; the
        //  empty cells absent. Widths: the widest text + 2. Frozen down
        //  to the headings (row 5). The second worksheet named for it.
        const char *expected =
            "{\"cells\": {"
            "\"A1\": [\"2026年11月 招商考核通报\", \"\", \"b\"], "
            "\"A10\": [\"5\", \"0\", \"\"], \"A11\": [\"6\", \"0\", \"\"], "
            "\"A2\": [\"数据截至 2026-11-30\", \"\", \"\"], "
            "\"A3\": [\"单位：元\\n份额以万分之一计\", \"\", \"\"], "
            "\"A5\": [\"名次\", \"\", \"b_r\"], "
            "\"A6\": [\"1\", \"0\", \"\"], \"A7\": [\"2\", \"0\", \"\"], "
            "\"A8\": [\"3\", \"0\", \"\"], \"A9\": [\"4\", \"0\", \"\"], "
            "\"B10\": [\"开化县\", \"\", \"\"], \"B11\": [\"Kai, \\\"Q\\\" 园区\", \"\", \"\"], "
            "\"B5\": [\"县市区\", \"\", \"b_\"], "
            "\"B6\": [\"柯城区\", \"\", \"\"], \"B7\": [\"龙游县\", \"\", \"\"], "
            "\"B8\": [\"衢州智造新城\", \"\", \"\"], \"B9\": [\"江山市\", \"\", \"\"], "
            "\"C10\": [\"1,000,000,000,000,000\", \"\", \"r\"], \"C11\": [\"未报\", \"\", \"r\"], "
            "\"C5\": [\"签约额\", \"\", \"b_r\"], "
            "\"C6\": [\"1400000000\", \"#,##0\", \"\"], \"C7\": [\"-1234567\", \"#,##0\", \"\"], "
            "\"C8\": [\"0\", \"#,##0\", \"\"], \"C9\": [\"999999999999999\", \"#,##0\", \"\"], "
            "\"D10\": [\"0\", \"0.00%\", \"\"], "
            "\"D5\": [\"完成率\", \"\", \"b_r\"], "
            "\"D6\": [\"0.6534\", \"0.00%\", \"\"], \"D7\": [\"-0.0005\", \"0.00%\", \"\"], "
            "\"D8\": [\"0.0005\", \"0.00%\", \"\"], \"D9\": [\"1\", \"0.00%\", \"\"], "
            "\"E10\": [\"0\", \"0.0000\", \"\"], "
            "\"E5\": [\"份额\", \"\", \"b_r\"], "
            "\"E6\": [\"0.3\", \"0.0000\", \"\"], \"E7\": [\"2.5\", \"0.0000\", \"\"], "
            "\"E8\": [\"0.0007\", \"0.0000\", \"\"], \"E9\": [\"-0.0001\", \"0.0000\", \"\"]}, "
            "\"cols\": [\"6.7109375\", \"15.7109375\", \"23.7109375\", \"9.7109375\", \"9.7109375\"], "
            "\"pane\": [\"5 A6 frozen\"], \"sheet\": [\"通报\", \"report2\"]}";
        s_xlsx_read (script, path, reply, sizeof reply);
        if (verbose || !streq (reply, expected))
            printf ("%s\n", reply);
        assert (streq (reply, expected));
        //  Alone, the bare sheet is "report": its title and note only.
        s_xlsx_read (script, single, reply, sizeof reply);
        if (verbose)
            printf ("%s\n", reply);
        assert (streq (reply, "{\"cells\": {\"A1\": [\"说明\", \"\", \"b\"], \"A2\": [\"附表\", \"\", \"\"]}, "
                              "\"cols\": [], \"pane\": [], \"sheet\": [\"report\"]}"));
        remove (script);
    }
    else
    if (verbose)
        printf ("   python3 not found: the workbooks are checked as zips only\n");
    assert (remove (single) == 0);

    //  Failures: a reason, no file, and no part left behind (the rmdir
    //  at the end fails on any leftover); a workbook already at path
    //  stays as it was.
    error [0] = 0;
    assert (lx_sheet_write_xlsx (sheet, path, "a/b", error, sizeof error) == -1);
    assert (strstr (error, "the worksheet name \"a/b\" cannot be used"));
    error [0] = 0;
    names [1] = "通报";
    assert (lx_sheet_write_xlsx_book (book, names, 2, path, error, sizeof error) == -1);
    assert (strstr (error, "the worksheet name \"通报\" cannot be used"));
    assert (stat (path, &status) == 0 && status.st_size == written);
    assert (s_zip_check (path, parts, 6) == 6);
    error [0] = 0;
    assert (lx_sheet_write_xlsx (sheet, bad, NULL, error, sizeof error) == -1);
    assert (strstr (error, "cannot create ") && strstr (error, "/none/report.xlsx."));
    assert (stat (bad, &status) == -1);
    lx_sheet_destroy (&second);
    second = lx_sheet_new ("bad \xFF byte");
    assert (second);
    book [1] = second;
    error [0] = 0;
    assert (lx_sheet_write_xlsx (second, path, NULL, error, sizeof error) == -1);
    assert (streq (error, "the title is not UTF-8 text without control characters; "
                          "a workbook cannot hold it"));
    assert (lx_sheet_write_xlsx_book (book, NULL, 2, path, error, sizeof error) == -1);
    assert (streq (error, "worksheet 2: the title is not UTF-8 text without control characters; "
                          "a workbook cannot hold it"));
    lx_sheet_destroy (&second);
    second = lx_sheet_new ("fine");
    assert (second);
    assert (lx_sheet_column (second, "a", "a", LX_SHEET_INT) == 0);
    assert (lx_sheet_column (second, "b", "b", LX_SHEET_TEXT) == 0);
    assert (lx_sheet_row (second) == 0);
    lx_sheet_int (second, 1);
    assert (lx_sheet_text (second, "bell \a") == 0);
    assert (lx_sheet_write_xlsx (second, path, NULL, error, sizeof error) == -1);
    assert (streq (error, "row 1, column 2 is not UTF-8 text without control characters; "
                          "a workbook cannot hold it"));
    assert (stat (path, &status) == 0 && status.st_size == written);
    //  Out of memory is remembered: appends do nothing, outputs fail.
    second->broken = true;
    assert (lx_sheet_row (second) == -1 && lx_sheet_text (second, "x") == -1);
    assert (lx_sheet_note (second, "x") == -1);
    lx_sheet_int (second, 2);
    lx_sheet_empty (second);
    assert (lx_sheet_rows (second) == 1);
    assert (lx_sheet_print_table (second, stdout) == -1);
    assert (lx_sheet_print_csv (second, stdout) == -1);
    assert (lx_sheet_print_json (second, stdout) == -1);
    assert (lx_sheet_write_xlsx (second, path, NULL, error, sizeof error) == -1);
    assert (streq (error, "the sheet is incomplete: it ran out of memory"));
    lx_sheet_destroy (&second);
    //  The zip check itself fails a workbook cut short, and a non-zip.
    FILE *file = fopen (path, "rb");
    assert (file);
    byte *whole = (byte *) malloc ((size_t) written);
    assert (whole && fread (whole, 1, (size_t) written, file) == (size_t) written);
    fclose (file);
    file = fopen (script, "wb");
    assert (file && fwrite (whole, 1, (size_t) written - 10, file) == (size_t) written - 10);
    fclose (file);
    assert (s_zip_check (script, parts, 6) == -1);
    file = fopen (script, "wb");
    assert (file && fputs ("PK\x03\x04 not a zip", file) >= 0);
    fclose (file);
    assert (s_zip_check (script, parts, 6) == -1);
    assert (remove (script) == 0);
    free (whole);
    assert (remove (path) == 0);
    assert (rmdir (dir) == 0);

    //  A write error is reported.
    FILE *full = fopen ("/dev/full", "w");
    if (full) {
        assert (lx_sheet_print_csv (sheet, full) == -1);
        fclose (full);
    }
    lx_sheet_destroy (&sheet);
    lx_sheet_destroy (&sheet);
    assert (sheet == NULL);

    //  A bare sheet: the title alone; a control character in a cell is a
    //  space in the table; a NULL text is an empty cell.
    sheet = lx_sheet_new ("空表");
    assert (sheet);
    output = s_output (sheet, lx_sheet_print_json);
    assert (streq (output, "{\"title\":\"空表\",\"notes\":[],\"columns\":[],\"rows\":[]}\n"));
    free (output);
    output = s_output (sheet, lx_sheet_print_table);
    assert (streq (output, "空表\n"));
    free (output);
    assert (lx_sheet_column (sheet, "name", "名称", LX_SHEET_TEXT) == 0);
    assert (lx_sheet_column (sheet, "n", "n", LX_SHEET_INT) == 0);
    assert (lx_sheet_row (sheet) == 0);
    assert (lx_sheet_text (sheet, "a\nb") == 0);
    assert (lx_sheet_row (sheet) == 0);
    assert (lx_sheet_text (sheet, NULL) == 0);
    lx_sheet_int (sheet, 7);
    output = s_output (sheet, lx_sheet_print_table);
    assert (streq (output, "空表\n\n名称  n\n----  -\na b   -\n-     7\n"));
    free (output);
    output = s_output (sheet, lx_sheet_print_csv);
    assert (streq (output, "\xEF\xBB\xBF空表,\r\n,\r\n名称,n\r\n\"a\nb\",\r\n,7\r\n"));
    free (output);
    lx_sheet_destroy (&sheet);
}
