/*  lx_sheet selftest: formatting, the four outputs of one report checked
    byte by byte (the workbook as a zip and, when Python is there, cell by
    cell), and every failure. Kept apart from lx_sheet.c; it reads the
    model through lx_sheet_int.h (to name a kind, and to mark a sheet out
    of memory).
*/

#include "lx_sheet_int.h"

#include <czmq.h>

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
        { "江山市", LX_SHEET_XLSX_EXACT - 1, 10000, -1 },
        { "开化县", LX_SHEET_XLSX_EXACT, 0, 0 },
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
    lx_sheet_store_test (verbose);
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
            printf ("   %" PRId64 " as %s: \"%s\"\n", cases [index].value,
                    lx_sheet_kind_name (cases [index].kind), text);
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
    assert (lx_sheet_write_xlsx_book (book, names, 2, path, false, error, sizeof error) == 0);
    assert (lx_sheet_write_xlsx (second, single, false, NULL, error, sizeof error) == 0);
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
    //  stays as it was. Without force it is not replaced at all; with
    //  force, by a whole workbook only.
    error [0] = 0;
    assert (lx_sheet_write_xlsx (sheet, path, false, NULL, error, sizeof error) == -1);
    assert (strstr (error, "/report.xlsx exists (--force replaces it)"));
    assert (stat (path, &status) == 0 && status.st_size == written);
    error [0] = 0;
    assert (lx_sheet_write_xlsx (sheet, path, true, "a/b", error, sizeof error) == -1);
    assert (strstr (error, "the worksheet name \"a/b\" cannot be used"));
    error [0] = 0;
    names [1] = "通报";
    assert (lx_sheet_write_xlsx_book (book, names, 2, path, true, error, sizeof error) == -1);
    assert (strstr (error, "the worksheet name \"通报\" cannot be used"));
    assert (stat (path, &status) == 0 && status.st_size == written);
    assert (s_zip_check (path, parts, 6) == 6);
    error [0] = 0;
    assert (lx_sheet_write_xlsx (sheet, bad, false, NULL, error, sizeof error) == -1);
    assert (strstr (error, "cannot create a file beside ") && strstr (error, "/none/report.xlsx: "));
    assert (stat (bad, &status) == -1);
    lx_sheet_destroy (&second);
    second = lx_sheet_new ("bad \xFF byte");
    assert (second);
    book [1] = second;
    error [0] = 0;
    assert (lx_sheet_write_xlsx (second, path, true, NULL, error, sizeof error) == -1);
    assert (streq (error, "the title is not UTF-8 text without control characters; "
                          "a workbook cannot hold it"));
    assert (lx_sheet_write_xlsx_book (book, NULL, 2, path, true, error, sizeof error) == -1);
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
    assert (lx_sheet_write_xlsx (second, path, true, NULL, error, sizeof error) == -1);
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
    assert (lx_sheet_write_xlsx (second, path, true, NULL, error, sizeof error) == -1);
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
