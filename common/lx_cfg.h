/*  lx_cfg: reading ZPL configuration with defaults and strict checks.

    Every configuration key has a default, so a missing key is never an
    error; a present key with a bad value always is, with a message that
    names the file's key. Wraps czmq's zconfig.
*/
#ifndef LX_CFG_H_INCLUDED
#define LX_CFG_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

//  Loads a ZPL file. Returns the tree (caller destroys with
//  zconfig_destroy), or NULL with a reason in error.
zconfig_t *lx_cfg_load (const char *path, char *error, size_t error_size);

//  The string at path (e.g. "broker/endpoint"), or fallback when absent.
//  The result belongs to config (or is fallback).
const char *lx_cfg_str (zconfig_t *config, const char *path, const char *fallback);

//  Reads the integer at path into *value: a plain decimal with optional
//  sign and nothing else, within [min, max]; fallback when absent. Returns
//  0, or -1 with a reason in error naming the key.
int lx_cfg_int (zconfig_t *config, const char *path, int64_t fallback,
                int64_t min, int64_t max, int64_t *value, char *error, size_t error_size);

//  Parses text as a strict decimal integer within [min, max]. Returns 0
//  with *value set, or -1. Used for command-line arguments too.
int lx_cfg_parse_int (const char *text, int64_t min, int64_t max, int64_t *value);

//  Resolves a path from a configuration file: absolute paths are kept,
//  relative ones are taken from the directory holding config_file.
//  Returns a new string (caller frees), or NULL if out of memory.
char *lx_cfg_path (const char *config_file, const char *path);

//  Loads config_file and resolves the path under key (fallback when
//  absent) as lx_cfg_path does. For commands that need one path of a
//  configuration. Returns a new string (caller frees), or NULL with error
//  set when the file cannot be loaded.
char *lx_cfg_file_path (const char *config_file, const char *key, const char *fallback,
                        char *error, size_t error_size);

//  Self test.
void lx_cfg_test (bool verbose);

#endif
