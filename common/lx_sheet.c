/*  lx_sheet: a report table in memory, and its four outputs: the table,
    CSV and JSON here, the XLSX workbook in lx_sheet_xlsx.c (what they
    share: lx_sheet_int.h).
*/

#include "lx_sheet_int.h"
#include "lx_text.h"

#include <czmq.h>

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
    ||  s_grow ((void **) &self->columns, self->column_count, &self->column_space, sizeof (lx_sheet_column_t)))
        return s_broken (self);
    lx_sheet_column_t entry = { strdup (key), strdup (heading), kind };
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
    ||  s_grow ((void **) &self->rows, self->row_count, &self->row_space, sizeof (lx_sheet_row_t)))
        return s_broken (self);
    lx_sheet_cell_t *cells = (lx_sheet_cell_t *) calloc (self->column_count, sizeof (lx_sheet_cell_t));
    if (!cells)
        return s_broken (self);
    self->rows [self->row_count++] = (lx_sheet_row_t) { cells, 0 };
    return 0;
}

//  The next cell of the current row, which the caller fills.
static lx_sheet_cell_t *
s_next_cell (lx_sheet_t *self)
{
    assert (self && self->row_count > 0);       //  a row is started
    lx_sheet_row_t *row = &self->rows [self->row_count - 1];
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
    lx_sheet_cell_t *cell = s_next_cell (self);
    cell->type = copy? LX_SHEET_CELL_TEXT: LX_SHEET_CELL_EMPTY;
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
    lx_sheet_cell_t *cell = s_next_cell (self);
    cell->type = LX_SHEET_CELL_NUMBER;
    cell->value = value;
}

void
lx_sheet_empty (lx_sheet_t *self)
{
    assert (self);
    if (!self->broken)
        s_next_cell (self)->type = LX_SHEET_CELL_EMPTY;
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

const char *
lx_sheet_cell_text (lx_sheet_t *self, size_t row, size_t column, bool plain, char buffer [LX_SHEET_NUMBER])
{
    const lx_sheet_cell_t *cell = &self->rows [row].cells [column];
    if (cell->type == LX_SHEET_CELL_TEXT)
        return cell->text;
    if (cell->type == LX_SHEET_CELL_NUMBER) {
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
            const char *text = lx_sheet_cell_text (self, row, column, false, buffer);
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
            const char *text = lx_sheet_cell_text (self, row, column, false, buffer);
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
            s_csv_field (out, lx_sheet_cell_text (self, row, column, true, buffer));
            fputs (column + 1 < self->column_count? ",": "\r\n", out);
        }
    return s_flushed (out);
}

const char *
lx_sheet_kind_name (lx_sheet_kind_t kind)
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
        fprintf (out, ",\"kind\":\"%s\"}", lx_sheet_kind_name (self->columns [column].kind));
    }
    fputs ("],\"rows\":[", out);
    for (size_t row = 0; row < self->row_count; row++) {
        fputs (row? ",{": "{", out);
        for (size_t column = 0; column < self->column_count; column++) {
            const lx_sheet_cell_t *cell = &self->rows [row].cells [column];
            if (column)
                fputc (',', out);
            lx_text_json (out, self->columns [column].key);
            fputc (':', out);
            if (cell->type == LX_SHEET_CELL_TEXT)
                lx_text_json (out, cell->text);
            else
            if (cell->type == LX_SHEET_CELL_NUMBER)
                fprintf (out, "%" PRId64, cell->value);
            else
                fputs ("null", out);
        }
        fputc ('}', out);
    }
    fputs ("]}\n", out);
    return s_flushed (out);
}
