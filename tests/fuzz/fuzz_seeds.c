/*  fuzz_seeds: writes the fuzz targets' seed corpus and dictionary.

        fuzz_seeds DIR

    writes DIR/corpus/fuzz_msg/, DIR/corpus/fuzz_logic/, DIR/corpus/fuzz_node/
    (one file per message, named for what it holds) and DIR/leadx.dict. The
    output is committed under tests/fuzz/; run it with DIR = tests/fuzz after
    changing the protocol or fuzz_city, and commit what changed. The ctest
    fuzz.seeds runs it into a temporary directory and compares.

    fuzz_msg gets every command, valid and encoded by lx_msg_encode, and
    near-misses built byte by byte for each row of PROTOCOL.md §1.1: each
    refused for one reason, or accepted in a form the reference encoder
    does not write. fuzz_logic gets, after the byte that picks the sender,
    every node command naming the fixture's leads (fuzz_city.h) from senders
    that are accepted and that are refused. fuzz_node gets every event the
    broker sends, naming the node fixture's leads.
*/

#include "fuzz_seeds.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>

//  Creates path as a directory if it is not one. Exits on failure.
static void
s_mkdir (const char *path)
{
    if (mkdir (path, 0755) && errno != EEXIST) {
        fprintf (stderr, "fuzz_seeds: cannot create %s: %s\n", path, strerror (errno));
        exit (1);
    }
}

//  ---------------------------------------------------------------------
//  The dictionary

//  The dictionary being written.
typedef struct {
    FILE *file;                 //  dir/leadx.dict
    zhashx_t *seen;             //  entries written, so that none repeats
} s_dict_t;

//  Writes one dictionary entry, unless written already: text as a msgpack
//  str (fixstr or str8), escaped for libFuzzer's dictionary syntax.
static void
s_dict_str (s_dict_t *dict, const char *text)
{
    if (zhashx_lookup (dict->seen, text))
        return;
    zhashx_insert (dict->seen, text, (void *) 1);
    size_t size = strlen (text);
    fputc ('"', dict->file);
    if (size < 32)
        fprintf (dict->file, "\\x%02x", (unsigned) (0xA0 | size));
    else
        fprintf (dict->file, "\\xd9\\x%02x", (unsigned) size);
    for (const unsigned char *at = (const unsigned char *) text; *at; at++)
        if (*at >= 0x20 && *at < 0x7F && *at != '"' && *at != '\\')
            fputc (*at, dict->file);
        else
            fprintf (dict->file, "\\x%02x", *at);
    fputs ("\"\n", dict->file);
}

//  Writes dir/leadx.dict: every command and field name, every vocabulary
//  word, the fixture's districts and leads, as msgpack strs; and the
//  msgpack type bytes the decoder branches on. Exits on failure.
static void
s_dictionary (fuzz_seeds_out_t *out)
{
    char *path = zsys_sprintf ("%s/leadx.dict", out->dir);
    s_dict_t dict = { fopen (path, "w"), zhashx_new () };
    if (!dict.file || !dict.seen) {
        fprintf (stderr, "fuzz_seeds: cannot write %s: %s\n", path, strerror (errno));
        exit (1);
    }
    fprintf (dict.file, "# libFuzzer dictionary for the leadx fuzz targets; written by fuzz_seeds.c.\n");
    fprintf (dict.file, "# Command and field names, vocabularies, the fixture's districts and leads,\n");
    fprintf (dict.file, "# values of each kind (as msgpack strs); then msgpack type bytes.\n");
    s_dict_str (&dict, "cmd");
    for (int cmd = 0; cmd < LX_CMD_COUNT; cmd++)
        s_dict_str (&dict, lx_cmd_name (cmd));
    for (int field = 0; field < LX_F_COUNT; field++)
        s_dict_str (&dict, lx_field_name (field));
    for (int stage = 0; stage < LX_STAGE_COUNT; stage++)
        s_dict_str (&dict, lx_stage_name (stage));
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        s_dict_str (&dict, lx_metric_name (metric));
    for (int type = 0; type < LX_TYPE_COUNT; type++)
        s_dict_str (&dict, lx_type_name (type));
    for (int channel = 0; channel < LX_CHANNEL_COUNT; channel++)
        s_dict_str (&dict, lx_channel_name (channel));
    for (int role = 0; role < LX_ROLE_COUNT; role++)
        s_dict_str (&dict, lx_role_name (role));
    s_dict_str (&dict, "approve");
    s_dict_str (&dict, "reject");
    const char *words [] = { "keep", "transfer", "merge", "dismiss", "uscc", "name", "similar" };
    for (size_t index = 0; index < sizeof words / sizeof words [0]; index++)
        s_dict_str (&dict, words [index]);
    for (size_t index = 0; index < FUZZ_CITY_DISTRICTS; index++)
        s_dict_str (&dict, fuzz_city_district (index));
    const char *values [] = {
        FUZZ_LEAD_CAPTURED, FUZZ_LEAD_OPEN, FUZZ_LEAD_CLAIMED, FUZZ_LEAD_TRANSFERRED,
        FUZZ_LEAD_REJECTED, FUZZ_LEAD_OWN, FUZZ_LEAD_SIGNED, FUZZ_LEAD_LIAISON,
        "2026-11-20", "2024-02-29", "91330802MA29U5P27G", "C2614", "C26", "C3841", "C397", "C", "I65",
        "氟硅新材料", "新能源", "某化工集团有限公司"
    };
    for (size_t index = 0; index < sizeof values / sizeof values [0]; index++)
        s_dict_str (&dict, values [index]);
    const char *types [] = {
        "\\xc0", "\\xc2", "\\xc3", "\\xcc\\xff", "\\xcd\\x27\\x10", "\\xce\\x00\\x0f\\x42\\x40",
        "\\xcf\\x40\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "\\xcf\\x7f\\xff\\xff\\xff\\xff\\xff\\xff\\xff",
        "\\xcf\\x80\\x00\\x00\\x00\\x00\\x00\\x00\\x00", "\\xd0\\x7f",
        "\\xd3\\x00\\x03\\x8d\\x7e\\xa4\\xc6\\x80\\x00", "\\xd9\\x20", "\\xda\\x01\\x00",
        "\\xdb\\x00\\x00\\x01\\x00", "\\xdc\\x00\\x08", "\\xde\\x00\\x06", "\\x96", "\\x98", "\\x99",
        "\\x86", "\\x87", "\\x8f", "\\xcb\\x40\\x45\\x00\\x00\\x00\\x00\\x00\\x00", "\\xc4\\x03", "\\xd4\\x01",
    };
    for (size_t index = 0; index < sizeof types / sizeof types [0]; index++)
        fprintf (dict.file, "\"%s\"\n", types [index]);
    zhashx_destroy (&dict.seen);
    if (fclose (dict.file)) {
        fprintf (stderr, "fuzz_seeds: cannot write %s: %s\n", path, strerror (errno));
        exit (1);
    }
    zstr_free (&path);
}

//  Writes everything under argv [1]. Returns 0, or exits 1 on failure.
int
main (int argc, char *argv [])
{
    if (argc != 2) {
        fprintf (stderr, "usage: fuzz_seeds DIR    (writes DIR/corpus/*/ and DIR/leadx.dict)\n");
        return 1;
    }
    fuzz_seeds_out_t out = { argv [1], 0 };
    const char *targets [] = { "fuzz_msg", "fuzz_logic", "fuzz_node" };
    char *corpus = zsys_sprintf ("%s/corpus", out.dir);
    s_mkdir (out.dir);
    s_mkdir (corpus);
    for (size_t index = 0; index < sizeof targets / sizeof targets [0]; index++) {
        char *path = zsys_sprintf ("%s/%s", corpus, targets [index]);
        s_mkdir (path);
        zstr_free (&path);
    }
    zstr_free (&corpus);
    fuzz_seeds_every_command (&out, "fuzz_msg");
    fuzz_seeds_near_misses (&out);
    fuzz_seeds_logic_seeds (&out);
    fuzz_seeds_node_seeds (&out);
    s_dictionary (&out);
    printf ("fuzz_seeds: %d seeds and leadx.dict written under %s\n", out.files, out.dir);
    return 0;
}
