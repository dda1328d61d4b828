/*  broker_profile: one district's profile, as the broker matches leads. */

#include "broker_profile.h"
#include "lx_domain.h"
#include "lx_lead.h"
#include "lx_valid.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A list of owned strings: codes or tags.
typedef struct {
    char *items [BROKER_PROFILE_MAX_CODES];    //  owned strings, in config order
    size_t count;                   //  used entries of items
} s_list_t;

//  One plot of ready land.
typedef struct {
    char *id;                       //  plot id, an identifier
    char *name;                     //  display name, UTF-8
    int64_t area;                   //  mu available
    s_list_t industries;            //  codes the plot is zoned for, at least one
    int64_t min_intensity;          //  minimum 万元 per mu, 0 = none
} s_plot_t;

struct _broker_profile_t {
    char *id;                       //  district id = node id
    char *name;                     //  display name, UTF-8
    int role;                       //  lx_role_t
    s_list_t lists [BROKER_PROFILE_LIST_COUNT];    //  leading, cluster, emerging, tags
    int64_t min_investment;         //  yuan, 0 = no minimum
    int64_t manufacturing_target;   //  basis points of funds in place from manufacturing
    s_plot_t plots [BROKER_PROFILE_MAX_PLOTS];     //  plots, in config order
    size_t plot_count;              //  used entries of plots
};

static const char *s_list_names [BROKER_PROFILE_LIST_COUNT] = {
    "leading", "cluster", "emerging", "tags"
};

//  Writes a printf-style message into error (if any). Returns -1.
static int
    s_fail (char *error, size_t error_size, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static int
s_fail (char *error, size_t error_size, const char *format, ...)
{
    if (error && error_size > 0) {
        va_list args;
        va_start (args, format);
        vsnprintf (error, error_size, format, args);
        va_end (args);
    }
    return -1;
}

//  Copies at most 32 bytes of text into out (size >= 40) for an error
//  message, replacing anything but printable ASCII with '?', so that a bad
//  value never breaks the one-line reason.
static const char *
s_clean (const char *text, char *out, size_t size)
{
    assert (size >= 40);
    size_t used = 0;
    for (; text && *text && used < 32; text++)
        out [used++] = (*text >= 0x20 && *text < 0x7F)? *text: '?';
    if (text && *text) {
        memcpy (out + used, "...", 3);
        used += 3;
    }
    out [used] = 0;
    return out;
}

//  True for a display name or tag: 1..max bytes of UTF-8, no control
//  characters at all (not even tab or newline).
static bool
s_valid_text (const char *text, size_t max)
{
    if (!text)
        return false;
    size_t size = strlen (text);
    if (size == 0 || size > max || !lx_valid_utf8 (text, size))
        return false;
    return strchr (text, '\t') == NULL && strchr (text, '\n') == NULL;
}

//  Parses a non-negative decimal integer no greater than max: digits only.
//  Returns 0 and sets *value, or -1.
static int
s_parse_int (const char *text, int64_t max, int64_t *value)
{
    if (!text || text [0] < '0' || text [0] > '9')
        return -1;              //  strtoll would take blanks and signs
    errno = 0;
    char *end = NULL;
    long long parsed = strtoll (text, &end, 10);
    if (errno != 0 || end == text || *end != 0 || parsed < 0 || parsed > max)
        return -1;
    *value = parsed;
    return 0;
}

static void
s_list_clear (s_list_t *list)
{
    for (size_t index = 0; index < list->count; index++)
        free (list->items [index]);
    list->count = 0;
}

//  Adds item to list (tags when is_tag, else codes). where names the
//  district and key for the error message. Returns 0 or -1.
static int
s_list_add (s_list_t *list, const char *item, bool is_tag, size_t max,
            const char *where, char *error, size_t error_size)
{
    char clean [40];
    if (is_tag && !s_valid_text (item, BROKER_PROFILE_TAG_MAX))
        return s_fail (error, error_size, "%s: tag \"%s\" is not 1..%d bytes of UTF-8 text",
                       where, s_clean (item, clean, sizeof clean), BROKER_PROFILE_TAG_MAX);
    if (!is_tag && !lx_valid_industry (item))
        return s_fail (error, error_size, "%s: \"%s\" is not a GB/T 4754-2017 code",
                       where, s_clean (item, clean, sizeof clean));
    for (size_t index = 0; index < list->count; index++)
        if (strcmp (list->items [index], item) == 0)
            return s_fail (error, error_size, "%s: \"%s\" is listed twice",
                           where, s_clean (item, clean, sizeof clean));
    if (list->count >= max)
        return s_fail (error, error_size, "%s: more than %zu items", where, max);
    char *copy = strdup (item);
    if (!copy)
        return s_fail (error, error_size, "%s: out of memory", where);
    list->items [list->count++] = copy;
    return 0;
}

//  Fills list (which must be empty) from a comma-separated value. On error
//  the list is left empty. Returns 0 or -1.
static int
s_list_csv (s_list_t *list, const char *csv, bool is_tag, size_t max,
            const char *where, char *error, size_t error_size)
{
    assert (list->count == 0);
    if (strspn (csv, " \t") == strlen (csv))
        return 0;               //  empty or blank: an empty list
    char *copy = strdup (csv);
    if (!copy)
        return s_fail (error, error_size, "%s: out of memory", where);
    int rc = 0;
    char *item = copy;
    while (item && rc == 0) {
        char *comma = strchr (item, ',');
        char *next = comma? comma + 1: NULL;
        if (comma)
            *comma = 0;
        item += strspn (item, " \t");
        size_t length = strlen (item);
        while (length > 0 && (item [length - 1] == ' ' || item [length - 1] == '\t'))
            item [--length] = 0;
        if (length == 0)
            rc = s_fail (error, error_size, "%s: empty item", where);
        else
            rc = s_list_add (list, item, is_tag, max, where, error, error_size);
        item = next;
    }
    free (copy);
    if (rc)
        s_list_clear (list);
    return rc;
}

static void
s_plot_clear (s_plot_t *plot)
{
    free (plot->id);
    free (plot->name);
    s_list_clear (&plot->industries);
    memset (plot, 0, sizeof *plot);
}

//  Adds a plot; where names the district for the error message.
static int
s_add_plot (broker_profile_t *self, const char *id, const char *name, int64_t area,
            const char *industries, int64_t min_intensity, char *error, size_t error_size)
{
    char clean [40];
    const char *where = self->id;
    if (!lx_valid_id (id))
        return s_fail (error, error_size, "district %s: plots: \"%s\" is not a valid plot id",
                       where, s_clean (id, clean, sizeof clean));
    for (size_t index = 0; index < self->plot_count; index++)
        if (strcmp (self->plots [index].id, id) == 0)
            return s_fail (error, error_size, "district %s: plots: duplicate plot id %s", where, id);
    if (self->plot_count >= BROKER_PROFILE_MAX_PLOTS)
        return s_fail (error, error_size, "district %s: plots: more than %d plots",
                       where, BROKER_PROFILE_MAX_PLOTS);
    if (!s_valid_text (name, BROKER_PROFILE_NAME_MAX))
        return s_fail (error, error_size, "district %s: plots/%s/name: not 1..%d bytes of UTF-8 text",
                       where, id, BROKER_PROFILE_NAME_MAX);
    if (area < 0 || area > LX_LAND_MAX)
        return s_fail (error, error_size, "district %s: plots/%s/area: %" PRId64 " is outside 0..%lld",
                       where, id, area, LX_LAND_MAX);
    if (min_intensity < 0 || min_intensity > BROKER_PROFILE_INTENSITY_MAX)
        return s_fail (error, error_size,
                       "district %s: plots/%s/min_intensity: %" PRId64 " is outside 0..%lld",
                       where, id, min_intensity, BROKER_PROFILE_INTENSITY_MAX);
    char key [80];
    snprintf (key, sizeof key, "district %s: plots/%s/industries", where, id);
    if (!industries)
        return s_fail (error, error_size, "%s: missing", key);
    s_plot_t plot;
    memset (&plot, 0, sizeof plot);
    if (s_list_csv (&plot.industries, industries, false, BROKER_PROFILE_MAX_CODES,
                    key, error, error_size))
        return -1;
    if (plot.industries.count == 0)
        return s_fail (error, error_size, "%s: at least one code is required", key);
    plot.id = strdup (id);
    plot.name = strdup (name);
    plot.area = area;
    plot.min_intensity = min_intensity;
    if (!plot.id || !plot.name) {
        s_plot_clear (&plot);
        return s_fail (error, error_size, "district %s: out of memory", where);
    }
    self->plots [self->plot_count++] = plot;
    return 0;
}

//  Reads an optional integer key of item into *value (left alone when
//  the key is absent). where prefixes the error message.
static int
s_load_int (zconfig_t *item, const char *key, int64_t max, int64_t *value,
            const char *where, char *error, size_t error_size)
{
    zconfig_t *child = zconfig_locate (item, key);
    if (!child)
        return 0;
    const char *text = zconfig_value (child);
    char clean [40];
    if (s_parse_int (text, max, value))
        return s_fail (error, error_size,
                       "%s%s: \"%s\" is not a non-negative decimal integer up to %" PRId64,
                       where, key, s_clean (text, clean, sizeof clean), max);
    return 0;
}

//  Loads the plot children of plots into self.
static int
s_load_plots (broker_profile_t *self, zconfig_t *plots, char *error, size_t error_size)
{
    static const char *known [] = { "name", "area", "industries", "min_intensity" };
    for (zconfig_t *item = zconfig_child (plots); item; item = zconfig_next (item)) {
        char clean [40];
        const char *id = zconfig_name (item);
        if (!lx_valid_id (id))
            return s_fail (error, error_size, "district %s: plots: \"%s\" is not a valid plot id",
                           self->id, s_clean (id, clean, sizeof clean));
        for (zconfig_t *key = zconfig_child (item); key; key = zconfig_next (key)) {
            size_t index = 0;
            size_t known_count = sizeof known / sizeof known [0];
            while (index < known_count && strcmp (zconfig_name (key), known [index]) != 0)
                index++;
            if (index == known_count)
                return s_fail (error, error_size, "district %s: plots/%s: unknown key \"%s\"",
                               self->id, id, s_clean (zconfig_name (key), clean, sizeof clean));
        }
        char where [80];
        snprintf (where, sizeof where, "district %s: plots/%s/", self->id, id);
        zconfig_t *name = zconfig_locate (item, "name");
        zconfig_t *industries = zconfig_locate (item, "industries");
        if (!name || !zconfig_locate (item, "area") || !industries)
            return s_fail (error, error_size, "%s%s: missing", where,
                           !name? "name": !industries? "industries": "area");
        int64_t area = 0;
        int64_t min_intensity = 0;
        if (s_load_int (item, "area", LX_LAND_MAX, &area, where, error, error_size)
        ||  s_load_int (item, "min_intensity", BROKER_PROFILE_INTENSITY_MAX, &min_intensity,
                        where, error, error_size)
        ||  s_add_plot (self, id, zconfig_value (name), area, zconfig_value (industries),
                        min_intensity, error, error_size))
            return -1;
    }
    return 0;
}

broker_profile_t *
broker_profile_load (zconfig_t *district, char *error, size_t error_size)
{
    assert (district);
    char clean [40];
    const char *id = zconfig_name (district);
    if (!lx_valid_id (id)) {
        s_fail (error, error_size, "district \"%s\": not a valid district id "
                "(1..32 of a-z 0-9 _ -)", s_clean (id, clean, sizeof clean));
        return NULL;
    }
    zconfig_t *name = zconfig_locate (district, "name");
    zconfig_t *role = zconfig_locate (district, "role");
    if (!name || !role) {
        s_fail (error, error_size, "district %s: %s: missing", id, !name? "name": "role");
        return NULL;
    }
    if (!s_valid_text (zconfig_value (name), BROKER_PROFILE_NAME_MAX)) {
        s_fail (error, error_size, "district %s: name: not 1..%d bytes of UTF-8 text",
                id, BROKER_PROFILE_NAME_MAX);
        return NULL;
    }
    int role_value = lx_role_from_name (zconfig_value (role));
    if (role_value < 0) {
        s_fail (error, error_size,
                "district %s: role: \"%s\" is not county, platform, liaison or center",
                id, s_clean (zconfig_value (role), clean, sizeof clean));
        return NULL;
    }
    broker_profile_t *self = broker_profile_new (id, zconfig_value (name), role_value);
    if (!self) {
        s_fail (error, error_size, "district %s: out of memory", id);
        return NULL;
    }
    int rc = 0;
    char where [64];
    for (int list = 0; list < BROKER_PROFILE_LIST_COUNT && rc == 0; list++) {
        zconfig_t *item = zconfig_locate (district, s_list_names [list]);
        if (!item)
            continue;
        bool is_tag = list == BROKER_PROFILE_TAGS;
        snprintf (where, sizeof where, "district %s: %s", id, s_list_names [list]);
        rc = s_list_csv (&self->lists [list], zconfig_value (item), is_tag,
                         is_tag? BROKER_PROFILE_MAX_TAGS: BROKER_PROFILE_MAX_CODES,
                         where, error, error_size);
    }
    snprintf (where, sizeof where, "district %s: ", id);
    if (rc == 0)
        rc = s_load_int (district, "min_investment", LX_MONEY_MAX, &self->min_investment,
                         where, error, error_size);
    self->manufacturing_target = BROKER_PROFILE_MANUFACTURING_TARGET;
    if (rc == 0 && zconfig_locate (district, "manufacturing_target_bp"))
        rc = s_load_int (district, "manufacturing_target_bp", 10000, &self->manufacturing_target,
                         where, error, error_size);
    zconfig_t *plots = zconfig_locate (district, "plots");
    if (rc == 0 && plots)
        rc = s_load_plots (self, plots, error, error_size);
    if (rc)
        broker_profile_destroy (&self);
    return self;
}

broker_profile_t *
broker_profile_new (const char *id, const char *name, int role)
{
    if (!lx_valid_id (id) || !s_valid_text (name, BROKER_PROFILE_NAME_MAX)
    ||  role < 0 || role >= LX_ROLE_COUNT)
        return NULL;
    broker_profile_t *self = (broker_profile_t *) calloc (1, sizeof (broker_profile_t));
    if (!self)
        return NULL;
    self->id = strdup (id);
    self->name = strdup (name);
    self->role = role;
    if (!self->id || !self->name)
        broker_profile_destroy (&self);
    return self;
}

void
broker_profile_destroy (broker_profile_t **self_p)
{
    assert (self_p);
    broker_profile_t *self = *self_p;
    if (!self)
        return;
    for (int list = 0; list < BROKER_PROFILE_LIST_COUNT; list++)
        s_list_clear (&self->lists [list]);
    for (size_t plot = 0; plot < self->plot_count; plot++)
        s_plot_clear (&self->plots [plot]);
    free (self->id);
    free (self->name);
    free (self);
    *self_p = NULL;
}

const char *broker_profile_id (broker_profile_t *self)   { assert (self); return self->id; }
const char *broker_profile_name (broker_profile_t *self) { assert (self); return self->name; }
int broker_profile_role (broker_profile_t *self)         { assert (self); return self->role; }

int
broker_profile_add (broker_profile_t *self, broker_profile_list_t list, const char *item)
{
    assert (self);
    assert (list >= 0 && list < BROKER_PROFILE_LIST_COUNT);
    if (!item)
        return -1;
    bool is_tag = list == BROKER_PROFILE_TAGS;
    return s_list_add (&self->lists [list], item, is_tag,
                       is_tag? BROKER_PROFILE_MAX_TAGS: BROKER_PROFILE_MAX_CODES,
                       self->id, NULL, 0);
}

size_t
broker_profile_count (broker_profile_t *self, broker_profile_list_t list)
{
    assert (self);
    assert (list >= 0 && list < BROKER_PROFILE_LIST_COUNT);
    return self->lists [list].count;
}

const char *
broker_profile_item (broker_profile_t *self, broker_profile_list_t list, size_t index)
{
    assert (self);
    assert (list >= 0 && list < BROKER_PROFILE_LIST_COUNT);
    assert (index < self->lists [list].count);
    return self->lists [list].items [index];
}

const char *
broker_profile_list_name (int list)
{
    return list >= 0 && list < BROKER_PROFILE_LIST_COUNT? s_list_names [list]: NULL;
}

int64_t
broker_profile_min_investment (broker_profile_t *self)
{
    assert (self);
    return self->min_investment;
}

int64_t
broker_profile_manufacturing_target (broker_profile_t *self)
{
    assert (self);
    return self->manufacturing_target;
}

int
broker_profile_set_min_investment (broker_profile_t *self, int64_t yuan)
{
    assert (self);
    if (yuan < 0 || yuan > LX_MONEY_MAX)
        return -1;
    self->min_investment = yuan;
    return 0;
}

int
broker_profile_add_plot (broker_profile_t *self, const char *id, const char *name,
                         int64_t area, const char *industries, int64_t min_intensity)
{
    assert (self);
    return s_add_plot (self, id, name, area, industries, min_intensity, NULL, 0);
}

size_t
broker_profile_plot_count (broker_profile_t *self)
{
    assert (self);
    return self->plot_count;
}

//  Returns plot number plot, asserting it exists.
static s_plot_t *
s_plot (broker_profile_t *self, size_t plot)
{
    assert (self);
    assert (plot < self->plot_count);
    return &self->plots [plot];
}

//  The plot accessors, one line each.
const char *broker_profile_plot_id (broker_profile_t *self, size_t plot)
    { return s_plot (self, plot)->id; }
const char *broker_profile_plot_name (broker_profile_t *self, size_t plot)
    { return s_plot (self, plot)->name; }
int64_t broker_profile_plot_area (broker_profile_t *self, size_t plot)
    { return s_plot (self, plot)->area; }
int64_t broker_profile_plot_min_intensity (broker_profile_t *self, size_t plot)
    { return s_plot (self, plot)->min_intensity; }
size_t broker_profile_plot_industry_count (broker_profile_t *self, size_t plot)
    { return s_plot (self, plot)->industries.count; }

const char *
broker_profile_plot_industry (broker_profile_t *self, size_t plot, size_t index)
{
    s_plot_t *entry = s_plot (self, plot);
    assert (index < entry->industries.count);
    return entry->industries.items [index];
}

//  Test helpers: load the single district under `districts` of a ZPL
//  text; return the profile (or NULL, with error filled).
static broker_profile_t *
s_test_load (const char *text, char *error, size_t error_size)
{
    zconfig_t *root = zconfig_str_load (text);
    assert (root);
    zconfig_t *district = zconfig_child (zconfig_locate (root, "districts"));
    assert (district);
    error [0] = 0;
    broker_profile_t *self = broker_profile_load (district, error, error_size);
    zconfig_destroy (&root);
    return self;
}

//  Asserts that text is refused with a one-line reason containing expect.
static void
s_test_refused (const char *text, const char *expect, bool verbose)
{
    char error [256];
    broker_profile_t *self = s_test_load (text, error, sizeof error);
    if (verbose)
        printf ("   refused: %s\n", error);
    assert (self == NULL);
    assert (strstr (error, expect));
    assert (strchr (error, '\n') == NULL);
}

void
broker_profile_test (bool verbose)
{
    printf (" * broker_profile: ");
    if (verbose)
        printf ("\n");

    //  A complete district
    const char *good =
        "districts\n"
        "    kecheng\n"
        "        name = \"柯城区\"\n"
        "        role = \"county\"\n"
        "        leading = \"C39, C38,C26\"   # blanks around items are fine\n"
        "        cluster = \"C30\"\n"
        "        emerging = \"C35,I65\"\n"
        "        tags = \"新材料,电子信息\"\n"
        "        min_investment = 50000000\n"
        "        manufacturing_target_bp = 5000\n"
        "        public_key = \"ignored by the profile\"\n"
        "        plots\n"
        "            kc-01\n"
        "                name = \"航埠工业园区块\"\n"
        "                area = 120\n"
        "                industries = \"C39,C38\"\n"
        "                min_intensity = 300\n"
        "            kc-02\n"
        "                name = \"东港区块\"\n"
        "                area = 0\n"
        "                industries = \"C\"\n";
    char error [256];
    broker_profile_t *self = s_test_load (good, error, sizeof error);
    assert (self);
    assert (streq (broker_profile_id (self), "kecheng"));
    assert (streq (broker_profile_name (self), "柯城区"));
    assert (broker_profile_role (self) == LX_ROLE_COUNTY);
    assert (broker_profile_count (self, BROKER_PROFILE_LEADING) == 3);
    assert (streq (broker_profile_item (self, BROKER_PROFILE_LEADING, 0), "C39"));
    assert (streq (broker_profile_item (self, BROKER_PROFILE_LEADING, 1), "C38"));
    assert (streq (broker_profile_item (self, BROKER_PROFILE_LEADING, 2), "C26"));
    assert (broker_profile_count (self, BROKER_PROFILE_CLUSTER) == 1);
    assert (streq (broker_profile_item (self, BROKER_PROFILE_CLUSTER, 0), "C30"));
    assert (broker_profile_count (self, BROKER_PROFILE_EMERGING) == 2);
    assert (streq (broker_profile_item (self, BROKER_PROFILE_EMERGING, 1), "I65"));
    assert (broker_profile_count (self, BROKER_PROFILE_TAGS) == 2);
    assert (streq (broker_profile_item (self, BROKER_PROFILE_TAGS, 1), "电子信息"));
    assert (broker_profile_min_investment (self) == 50000000);
    assert (broker_profile_manufacturing_target (self) == 5000);
    assert (broker_profile_plot_count (self) == 2);
    assert (streq (broker_profile_plot_id (self, 0), "kc-01"));
    assert (streq (broker_profile_plot_name (self, 0), "航埠工业园区块"));
    assert (broker_profile_plot_area (self, 0) == 120);
    assert (broker_profile_plot_min_intensity (self, 0) == 300);
    assert (broker_profile_plot_industry_count (self, 0) == 2);
    assert (streq (broker_profile_plot_industry (self, 0, 1), "C38"));
    assert (broker_profile_plot_area (self, 1) == 0);
    assert (broker_profile_plot_min_intensity (self, 1) == 0);
    assert (streq (broker_profile_plot_industry (self, 1, 0), "C"));
    assert (streq (broker_profile_list_name (BROKER_PROFILE_EMERGING), "emerging"));
    assert (broker_profile_list_name (BROKER_PROFILE_LIST_COUNT) == NULL);
    broker_profile_destroy (&self);
    assert (self == NULL);
    broker_profile_destroy (&self);         //  safe twice

    //  A minimal district: optional keys absent or empty
    self = s_test_load ("districts\n    center\n        name = \"衢州市\"\n"
                        "        role = center\n        tags = \"\"\n", error, sizeof error);
    assert (self);
    assert (broker_profile_role (self) == LX_ROLE_CENTER);
    for (int list = 0; list < BROKER_PROFILE_LIST_COUNT; list++)
        assert (broker_profile_count (self, (broker_profile_list_t) list) == 0);
    assert (broker_profile_min_investment (self) == 0);
    assert (broker_profile_manufacturing_target (self) == BROKER_PROFILE_MANUFACTURING_TARGET);
    assert (broker_profile_plot_count (self) == 0);
    broker_profile_destroy (&self);

    //  Bad configs are refused with a reason naming district and key
#   define HEAD "districts\n    kecheng\n        name = \"柯城区\"\n        role = county\n"
#   define PLOT "        plots\n            kc-01\n                name = \"区块\"\n"
    s_test_refused (HEAD "        leading = \"C39,C44\"\n",
                    "district kecheng: leading: \"C44\" is not a GB/T 4754-2017 code", verbose);
    s_test_refused ("districts\n    kecheng\n        name = x\n        role = mayor\n",
                    "district kecheng: role: \"mayor\"", verbose);
    s_test_refused (HEAD PLOT "                area = -5\n                industries = C39\n",
                    "plots/kc-01/area: \"-5\"", verbose);
    s_test_refused (HEAD "        manufacturing_target_bp = 10001\n", "manufacturing_target_bp", verbose);
    s_test_refused (HEAD "        min_investment = 12x\n",
                    "district kecheng: min_investment: \"12x\"", verbose);
    s_test_refused (HEAD "        min_investment = \" 12\"\n", "min_investment", verbose);
    s_test_refused (HEAD "        min_investment = \"\"\n", "min_investment", verbose);
    s_test_refused (HEAD "        min_investment = 1000000000000001\n", "min_investment", verbose);
    s_test_refused (HEAD "        min_investment = 99999999999999999999999\n",
                    "min_investment", verbose);
    s_test_refused ("districts\n    Ke.cheng\n        name = x\n        role = county\n",
                    "district \"Ke.cheng\": not a valid district id", verbose);
    s_test_refused ("districts\n    kecheng\n        role = county\n",
                    "district kecheng: name: missing", verbose);
    s_test_refused ("districts\n    kecheng\n        name = x\n",
                    "district kecheng: role: missing", verbose);
    s_test_refused ("districts\n    kecheng\n        name = \"\xC0\xAF\"\n        role = county\n",
                    "district kecheng: name: not", verbose);
    s_test_refused (HEAD "        emerging = \"C35,,I65\"\n", "emerging: empty item", verbose);
    s_test_refused (HEAD "        cluster = \"C30,C30\"\n", "cluster: \"C30\" is listed twice", verbose);
    s_test_refused (HEAD "        leading = \"C13,C14,C15,C16,C17,C18,C19,C20,C21,C22,C23,"
                    "C24,C25,C26,C27,C28,C29\"\n", "leading: more than 16 items", verbose);
    s_test_refused (HEAD "        tags = \"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\"\n",
                    "tags: more than 16 items", verbose);
    s_test_refused (HEAD "        tags = \"0123456789012345678901234567890123456789"
                    "01234567890123456789012345\"\n", "tags: tag", verbose);
    s_test_refused (HEAD PLOT "                area = 12x\n                industries = C39\n",
                    "plots/kc-01/area: \"12x\"", verbose);
    s_test_refused (HEAD PLOT "                area = 10\n                industries = C44\n",
                    "plots/kc-01/industries: \"C44\"", verbose);
    s_test_refused (HEAD PLOT "                area = 10\n                industries = \"\"\n",
                    "plots/kc-01/industries: at least one code", verbose);
    s_test_refused (HEAD PLOT "                area = 10\n", "plots/kc-01/industries: missing", verbose);
    s_test_refused (HEAD PLOT "                industries = C39\n", "plots/kc-01/area: missing", verbose);
    s_test_refused (HEAD PLOT "                area = 10\n                industries = C39\n"
                    "                min_intensty = 300\n",
                    "plots/kc-01: unknown key \"min_intensty\"", verbose);
    s_test_refused (HEAD PLOT "                area = 10\n                industries = C39\n"
                    "                min_intensity = 1000001\n", "plots/kc-01/min_intensity", verbose);
    s_test_refused (HEAD PLOT "                area = 10000001\n                industries = C39\n",
                    "plots/kc-01/area", verbose);
    s_test_refused (HEAD PLOT "                area = 1\n                industries = C39\n"
                    "            kc-01\n                name = y\n                area = 2\n"
                    "                industries = C38\n", "duplicate plot id kc-01", verbose);
    s_test_refused (HEAD "        plots\n            KC\n                name = y\n",
                    "plots: \"KC\" is not a valid plot id", verbose);

    //  33 plots are too many
    char *many = strdup (HEAD "        plots\n");
    assert (many);
    for (int plot = 0; plot < 33; plot++) {
        char *more = zsys_sprintf ("%s            p%d\n                name = p\n"
                                   "                area = 1\n                industries = C\n",
                                   many, plot);
        assert (more);
        free (many);
        many = more;
    }
    s_test_refused (many, "plots: more than 32 plots", verbose);
    free (many);
#   undef HEAD
#   undef PLOT

    //  Programmatic construction
    assert (broker_profile_new ("Bad Id", "x", LX_ROLE_COUNTY) == NULL);
    assert (broker_profile_new ("jiangshan", "", LX_ROLE_COUNTY) == NULL);
    assert (broker_profile_new ("jiangshan", "江山市", LX_ROLE_COUNT) == NULL);
    self = broker_profile_new ("jiangshan", "江山市", LX_ROLE_PLATFORM);
    assert (self);
    assert (broker_profile_add (self, BROKER_PROFILE_LEADING, "C33") == 0);
    assert (broker_profile_add (self, BROKER_PROFILE_LEADING, "C33") == -1);
    assert (broker_profile_add (self, BROKER_PROFILE_LEADING, "C44") == -1);
    assert (broker_profile_add (self, BROKER_PROFILE_LEADING, NULL) == -1);
    assert (broker_profile_add (self, BROKER_PROFILE_TAGS, "木业") == 0);
    assert (broker_profile_add (self, BROKER_PROFILE_TAGS, "a\nb") == -1);
    assert (broker_profile_count (self, BROKER_PROFILE_LEADING) == 1);
    assert (broker_profile_count (self, BROKER_PROFILE_TAGS) == 1);
    assert (broker_profile_set_min_investment (self, -1) == -1);
    assert (broker_profile_set_min_investment (self, LX_MONEY_MAX + 1) == -1);
    assert (broker_profile_set_min_investment (self, 30000000) == 0);
    assert (broker_profile_min_investment (self) == 30000000);
    assert (broker_profile_add_plot (self, "js-01", "贺村", 200, "C33, C34", 250) == 0);
    assert (broker_profile_add_plot (self, "js-01", "again", 1, "C33", 0) == -1);
    assert (broker_profile_add_plot (self, "js-02", "x", -1, "C33", 0) == -1);
    assert (broker_profile_add_plot (self, "js-02", "x", 1, "C33", -1) == -1);
    assert (broker_profile_add_plot (self, "js-02", "x", 1, "", 0) == -1);
    assert (broker_profile_add_plot (self, "js-02", "x", 1, NULL, 0) == -1);
    assert (broker_profile_add_plot (self, "js-02", NULL, 1, "C33", 0) == -1);
    assert (broker_profile_plot_count (self) == 1);
    assert (broker_profile_plot_industry_count (self, 0) == 2);
    assert (streq (broker_profile_plot_industry (self, 0, 1), "C34"));
    broker_profile_destroy (&self);

    //  A NULL error buffer is allowed
    zconfig_t *root = zconfig_str_load ("districts\n    kecheng\n        name = x\n");
    assert (root);
    assert (broker_profile_load (zconfig_child (zconfig_locate (root, "districts")), NULL, 0) == NULL);
    zconfig_destroy (&root);

    printf ("OK\n");
}
