/*  lx_outfile: a file written whole or not at all, never over another by
    surprise.

    What the programs write to a path a person names (`report --output`,
    `ranking --output`) goes first to a temporary file beside it, made with
    mkstemp in the target's directory: a random name (PATH.XXXXXX.part),
    created O_EXCL with mode 0600, so nobody can guess the name and plant
    a link there beforehand, and nobody else can read it while it grows.
    Once the whole file is written it is flushed, fsync'd and renamed onto
    the path (then the directory is fsync'd), so the path holds either the
    whole new file or what it held before, even across a crash.

    An existing path is replaced only when the caller says so (force: the
    programs' --force). Without it, lx_outfile_new refuses at once, before
    anything is written, and the rename itself will not replace a file that
    appeared meanwhile (renameat2 RENAME_NOREPLACE, or link + unlink where
    the filesystem has no such rename). Even with force, only a regular
    file is replaced: a directory, a device or a symbolic link at the path
    is refused (replacing a link would put a file where the link was, not
    write through it).

    A failure at any step removes the temporary file and leaves the path
    as it was; so does destroying a file that was never committed. Only a
    process killed while writing leaves its PATH.XXXXXX.part behind.
*/
#ifndef LX_OUTFILE_H_INCLUDED
#define LX_OUTFILE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct _lx_outfile_t lx_outfile_t;

//  Starts writing the file at path: checks the path (absent, or with force
//  a regular file) and creates the temporary file beside it. Returns the
//  file, or NULL with a one-line reason in error: "PATH exists (--force
//  replaces it)", "PATH is not a regular file; it is not replaced", or why
//  the temporary file could not be created.
lx_outfile_t *lx_outfile_new (const char *path, bool force, char *error, size_t error_size);

//  Discards a file not committed (its temporary file is removed, the path
//  stays as it was), frees it and nulls *self_p. Safe on NULL and twice.
void lx_outfile_destroy (lx_outfile_t **self_p);

//  The stream writing the temporary file (belongs to self; do not close
//  it). NULL once committed.
FILE *lx_outfile_stream (lx_outfile_t *self);

//  The temporary file's path (belongs to self), for a library that writes
//  a file by name (libxlsxwriter): it may open, truncate and write that
//  name, and must be done with it before lx_outfile_commit.
const char *lx_outfile_temp (lx_outfile_t *self);

//  Makes the temporary file the file at the path: flushes the stream,
//  fsyncs the file, renames it onto the path (without force, only if the
//  path still does not exist) and fsyncs the directory. Returns 0; or -1
//  with a one-line reason in error, the temporary file removed and the
//  path unchanged (a write error of the stream, a full disk, the path
//  taken meanwhile, the temporary file replaced behind our back). Once
//  only; destroy self after, either way.
int lx_outfile_commit (lx_outfile_t *self, char *error, size_t error_size);

//  Self test.
void lx_outfile_test (bool verbose);

#endif
