/*  leadx-names: measures lx_name_match on a labelled set of name pairs.

    Usage: leadx-names [--threshold BP] [--min-precision BP] [--min-recall BP]
                       [--verbose] FILE
    FILE is tab-separated: label (same | different), name_a, name_b, note;
    a header line and lines starting with # are skipped. Prints every pair
    the rule gets wrong, then the counts, precision and recall. Exits 1
    when precision or recall falls below its floor, 2 on a bad file.
*/

#include "lx_name.h"

#include <czmq.h>
#include <getopt.h>

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "threshold", required_argument, NULL, 't' }, { "min-precision", required_argument, NULL, 'p' },
        { "min-recall", required_argument, NULL, 'r' }, { "verbose", no_argument, NULL, 'v' },
        { NULL, 0, NULL, 0 }
    };
    int threshold = LX_NAME_THRESHOLD, min_precision = 0, min_recall = 0;
    bool verbose = false;
    int option;
    while ((option = getopt_long (argc, argv, "", options, NULL)) != -1) {
        if (option == 't') threshold = atoi (optarg);
        else if (option == 'p') min_precision = atoi (optarg);
        else if (option == 'r') min_recall = atoi (optarg);
        else if (option == 'v') verbose = true;
        else return 2;
    }
    if (optind + 1 != argc) {
        fprintf (stderr, "usage: leadx-names [--threshold BP] [--min-precision BP] [--min-recall BP] FILE\n");
        return 2;
    }
    char error [256];
    lx_name_t *names = lx_name_new (error, sizeof error);
    if (!names) {
        fprintf (stderr, "leadx-names: %s\n", error);
        return 2;
    }
    FILE *file = fopen (argv [optind], "r");
    if (!file) {
        fprintf (stderr, "leadx-names: cannot read %s\n", argv [optind]);
        lx_name_destroy (&names);
        return 2;
    }
    int matched_same = 0, missed_same = 0, matched_different = 0, kept_different = 0;
    char line [2048];
    int number = 0;
    while (fgets (line, sizeof line, file)) {
        number++;
        line [strcspn (line, "\n")] = 0;
        if (number == 1 || line [0] == '#' || line [0] == 0)
            continue;
        char *fields [4] = { NULL };
        char *at = line;
        int count = 0;
        while (count < 4 && at) {
            fields [count++] = at;
            at = strchr (at, '\t');
            if (at)
                *at++ = 0;
        }
        if (count != 4 || at || !(streq (fields [0], "same") || streq (fields [0], "different"))) {
            fprintf (stderr, "leadx-names: %s:%d: expected label, name_a, name_b, note\n", argv [optind], number);
            fclose (file);
            lx_name_destroy (&names);
            return 2;
        }
        bool same = streq (fields [0], "same");
        int similarity;
        bool match = lx_name_match (names, fields [1], fields [2], threshold, &similarity);
        if (match != same || verbose) {
            char *core_a = lx_name_normalize (names, fields [1]);
            char *core_b = lx_name_normalize (names, fields [2]);
            printf ("%s %s: %s | %s -> %s | %s (%d bp)  [%s]\n", match == same? "ok  ": "MISS",
                    fields [0], fields [1], fields [2], core_a, core_b, similarity, fields [3]);
            free (core_a);
            free (core_b);
        }
        if (same)
            match? matched_same++: missed_same++;
        else
            match? matched_different++: kept_different++;
    }
    fclose (file);
    lx_name_destroy (&names);
    int matches = matched_same + matched_different;
    int precision = matches? matched_same * 10000 / matches: 10000;
    int recall = matched_same + missed_same? matched_same * 10000 / (matched_same + missed_same): 10000;
    printf ("leadx-names: %d pairs at threshold %d bp: same %d (matched %d, missed %d),"
            " different %d (kept apart %d, matched %d)\n",
            matched_same + missed_same + matched_different + kept_different, threshold,
            matched_same + missed_same, matched_same, missed_same,
            matched_different + kept_different, kept_different, matched_different);
    printf ("leadx-names: precision %d.%02d %%, recall %d.%02d %%\n",
            precision / 100, precision % 100, recall / 100, recall % 100);
    if (precision < min_precision || recall < min_recall) {
        printf ("leadx-names: below the floor (precision %d bp, recall %d bp)\n", min_precision, min_recall);
        return 1;
    }
    return 0;
}
