/*  lx_cfg: reading ZPL configuration with defaults and strict checks. */

#include "lx_cfg.h"

#include <errno.h>
#include <libgen.h>

zconfig_t *
lx_cfg_load (const char *path, char *error, size_t error_size)
{
    assert (path);
    if (access (path, R_OK) != 0) {
        snprintf (error, error_size, "cannot read configuration %s: %s", path, strerror (errno));
        return NULL;
    }
    zconfig_t *config = zconfig_load (path);
    if (!config)
        snprintf (error, error_size, "configuration %s is not valid ZPL", path);
    return config;
}

const char *
lx_cfg_str (zconfig_t *config, const char *path, const char *fallback)
{
    assert (config && path);
    zconfig_t *item = zconfig_locate (config, path);
    const char *value = item? zconfig_value (item): NULL;
    return value && *value? value: fallback;
}

int
lx_cfg_parse_int (const char *text, int64_t min, int64_t max, int64_t *value)
{
    assert (value);
    if (!text || !*text)
        return -1;
    const char *digits = (*text == '-' || *text == '+')? text + 1: text;
    if (*digits < '0' || *digits > '9')
        return -1;
    errno = 0;
    char *end = NULL;
    long long parsed = strtoll (text, &end, 10);
    if (errno || !end || *end || parsed < min || parsed > max)
        return -1;
    *value = (int64_t) parsed;
    return 0;
}

int
lx_cfg_int (zconfig_t *config, const char *path, int64_t fallback,
            int64_t min, int64_t max, int64_t *value, char *error, size_t error_size)
{
    assert (config && path && value);
    const char *text = lx_cfg_str (config, path, NULL);
    if (!text) {
        *value = fallback;
        return 0;
    }
    if (lx_cfg_parse_int (text, min, max, value)) {
        snprintf (error, error_size, "%s = \"%.40s\": expected an integer from %" PRId64
                  " to %" PRId64, path, text, min, max);
        return -1;
    }
    return 0;
}

char *
lx_cfg_path (const char *config_file, const char *path)
{
    assert (config_file && path);
    if (path [0] == '/' || strstr (path, "://"))
        return strdup (path);
    char *copy = strdup (config_file);
    if (!copy)
        return NULL;
    char *joined = zsys_sprintf ("%s/%s", dirname (copy), path);
    free (copy);
    return joined;
}

char *
lx_cfg_file_path (const char *config_file, const char *key, const char *fallback,
                  char *error, size_t error_size)
{
    zconfig_t *config = lx_cfg_load (config_file, error, error_size);
    if (!config)
        return NULL;
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, key, fallback));
    zconfig_destroy (&config);
    return path;
}

void
lx_cfg_test (bool verbose)
{
    (void) verbose;
    zconfig_t *config = zconfig_str_load (
        "broker\n"
        "    endpoint = \"tcp://127.0.0.1:9700\"\n"
        "    window = 500\n"
        "    bad = 12x\n"
        "    huge = 99999999999999999999\n");
    assert (config);
    assert (streq (lx_cfg_str (config, "broker/endpoint", "x"), "tcp://127.0.0.1:9700"));
    assert (streq (lx_cfg_str (config, "broker/missing", "dflt"), "dflt"));
    int64_t value = 0;
    char error [200];
    assert (lx_cfg_int (config, "broker/window", 1, 1, 1000, &value, error, sizeof error) == 0);
    assert (value == 500);
    assert (lx_cfg_int (config, "broker/absent", 7, 1, 1000, &value, error, sizeof error) == 0);
    assert (value == 7);
    assert (lx_cfg_int (config, "broker/window", 1, 1, 100, &value, error, sizeof error) == -1);
    assert (strstr (error, "broker/window"));
    assert (lx_cfg_int (config, "broker/bad", 1, 0, 100, &value, error, sizeof error) == -1);
    assert (lx_cfg_int (config, "broker/huge", 1, 0, INT64_MAX, &value, error, sizeof error) == -1);
    zconfig_destroy (&config);

    assert (lx_cfg_parse_int ("-5", -10, 10, &value) == 0 && value == -5);
    assert (lx_cfg_parse_int (" 5", 0, 10, &value) == -1);
    assert (lx_cfg_parse_int ("", 0, 10, &value) == -1);
    assert (lx_cfg_parse_int ("0x10", 0, 100, &value) == -1);

    char *path = lx_cfg_path ("/etc/leadx/node.cfg", "node.db");
    assert (streq (path, "/etc/leadx/node.db"));
    free (path);
    path = lx_cfg_path ("/etc/leadx/node.cfg", "/var/lib/node.db");
    assert (streq (path, "/var/lib/node.db"));
    free (path);
    path = lx_cfg_path ("node.cfg", "node.db");
    assert (streq (path, "./node.db"));
    free (path);
    assert (lx_cfg_load ("/nonexistent.cfg", error, sizeof error) == NULL);
    assert (strstr (error, "/nonexistent.cfg"));
}
