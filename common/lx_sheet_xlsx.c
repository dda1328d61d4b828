/*  lx_sheet_xlsx: lx_sheet's fourth output, the XLSX workbook (libxlsxwriter). */

#include "lx_sheet_int.h"
#include "lx_outfile.h"
#include "lx_text.h"
#include "lx_valid.h"

#include <czmq.h>
#include <xlsxwriter.h>
#include <locale.h>

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
    const lx_sheet_cell_t *cell = &self->rows [row].cells [column];
    lx_sheet_kind_t kind = self->columns [column].kind;
    lxw_col_t col = (lxw_col_t) column;
    if (cell->type == LX_SHEET_CELL_TEXT)
        return s_lxw (worksheet_write_string (sheet, at, col, cell->text,
                                              kind == LX_SHEET_TEXT? NULL: formats->right),
                      "writing a text cell", error, error_size);
    if (cell->type != LX_SHEET_CELL_NUMBER)
        return 0;                               //  empty: a blank cell
    if (cell->value <= -LX_SHEET_XLSX_EXACT || cell->value >= LX_SHEET_XLSX_EXACT) {
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
            const char *text = lx_sheet_cell_text (self, row, column, false, buffer);
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
lx_sheet_write_xlsx (lx_sheet_t *self, const char *path, bool force, const char *name,
                     char *error, size_t error_size)
{
    assert (self);
    return lx_sheet_write_xlsx_book (&self, &name, 1, path, force, error, error_size);
}

int
lx_sheet_write_xlsx_book (lx_sheet_t **sheets, const char **names, size_t count, const char *path,
                          bool force, char *error, size_t error_size)
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
    //  Written beside path, then renamed onto it (lx_outfile): never half
    //  a workbook, never over a file unless force. libxlsxwriter writes
    //  the temporary file by its name (made with mkstemp, so nobody could
    //  have planted that name), and says only "usually a permissions
    //  error" when it cannot: lx_outfile has created it already, giving
    //  the plain reason.
    lx_outfile_t *file = lx_outfile_new (path, force, error, error_size);
    if (!file)
        return -1;
    lxw_workbook *book = workbook_new (lx_outfile_temp (file));
    if (!book) {
        snprintf (error, error_size, "libxlsxwriter: out of memory making the workbook");
        lx_outfile_destroy (&file);
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
        snprintf (error, error_size, "libxlsxwriter, writing %s: %s", lx_outfile_temp (file), lxw_strerror (closed));
        rc = -1;
    }
    if (rc == 0)
        rc = lx_outfile_commit (file, error, error_size);
    lx_outfile_destroy (&file);
    return rc;
}
