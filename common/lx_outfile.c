/*  lx_outfile: a file written whole or not at all, never over another by
    surprise. */

#define _GNU_SOURCE             //  renameat2, RENAME_NOREPLACE, mkostemps
#include "lx_outfile.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  The temporary file's name: the target's, a random part, and this.
#define S_SUFFIX ".part"

struct _lx_outfile_t {
    char *path;                 //  the file to make
    char *dir;                  //  its directory ("." for a bare name)
    char *temp;                 //  the temporary file beside it, PATH.XXXXXX.part
    FILE *stream;               //  writing temp; NULL once committed
    bool force;                 //  replace a regular file at path
    bool live;                  //  temp exists and is ours to remove
    dev_t dev;                  //  temp's device, to know it is still ours at commit
    ino_t ino;                  //  temp's inode, likewise
};

//  The directory part of path, as a new string ("." when none), or NULL
//  if out of memory.
static char *
s_dirname (const char *path)
{
    const char *slash = strrchr (path, '/');
    if (!slash)
        return strdup (".");
    if (slash == path)
        return strdup ("/");
    return strndup (path, (size_t) (slash - path));
}

//  Removes the temporary file if it is still ours.
static void
s_discard (lx_outfile_t *self)
{
    if (self->stream) {
        fclose (self->stream);
        self->stream = NULL;
    }
    if (self->live) {
        struct stat status;
        if (lstat (self->temp, &status) == 0 && status.st_dev == self->dev && status.st_ino == self->ino)
            unlink (self->temp);
        self->live = false;
    }
}

lx_outfile_t *
lx_outfile_new (const char *path, bool force, char *error, size_t error_size)
{
    assert (path && error && error_size > 0);
    if (!*path) {
        snprintf (error, error_size, "the output file has no name");
        return NULL;
    }
    struct stat status;
    if (lstat (path, &status) == 0) {
        if (!force) {
            snprintf (error, error_size, "%s exists (--force replaces it)", path);
            return NULL;
        }
        if (!S_ISREG (status.st_mode)) {
            snprintf (error, error_size, "%s is not a regular file; it is not replaced", path);
            return NULL;
        }
    }
    else
    if (errno != ENOENT) {
        snprintf (error, error_size, "cannot check %s: %s", path, strerror (errno));
        return NULL;
    }
    lx_outfile_t *self = (lx_outfile_t *) calloc (1, sizeof (lx_outfile_t));
    if (self) {
        self->force = force;
        self->path = strdup (path);
        self->dir = s_dirname (path);
        size_t size = strlen (path) + sizeof ".XXXXXX" S_SUFFIX;
        self->temp = (char *) malloc (size);
        if (self->temp)
            snprintf (self->temp, size, "%s.XXXXXX" S_SUFFIX, path);
    }
    if (!self || !self->path || !self->dir || !self->temp) {
        snprintf (error, error_size, "out of memory");
        lx_outfile_destroy (&self);
        return NULL;
    }
    //  mkostemps: a random name, O_CREAT | O_EXCL, mode 0600.
    int fd = mkostemps (self->temp, (int) strlen (S_SUFFIX), O_CLOEXEC);
    if (fd == -1) {
        snprintf (error, error_size, "cannot create a file beside %s: %s", path, strerror (errno));
        lx_outfile_destroy (&self);
        return NULL;
    }
    self->live = true;
    if (fstat (fd, &status) == 0) {
        self->dev = status.st_dev;
        self->ino = status.st_ino;
        self->stream = fdopen (fd, "w");
    }
    if (!self->stream) {
        snprintf (error, error_size, "cannot write a file beside %s: %s", path, strerror (errno));
        close (fd);
        lx_outfile_destroy (&self);
        return NULL;
    }
    return self;
}

void
lx_outfile_destroy (lx_outfile_t **self_p)
{
    assert (self_p);
    lx_outfile_t *self = *self_p;
    if (self) {
        s_discard (self);
        free (self->path);
        free (self->dir);
        free (self->temp);
        free (self);
        *self_p = NULL;
    }
}

FILE *
lx_outfile_stream (lx_outfile_t *self)
{
    assert (self);
    return self->stream;
}

const char *
lx_outfile_temp (lx_outfile_t *self)
{
    assert (self);
    return self->temp;
}

//  Renames temp onto path without replacing anything there. Returns 0, or
//  -1 with errno set (EEXIST: the path exists).
static int
s_rename_new (const char *temp, const char *path)
{
    if (renameat2 (AT_FDCWD, temp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
    //  A filesystem without RENAME_NOREPLACE: link refuses an existing
    //  path just the same.
    if (link (temp, path))
        return -1;
    unlink (temp);
    return 0;
}

int
lx_outfile_commit (lx_outfile_t *self, char *error, size_t error_size)
{
    assert (self && error && error_size > 0);
    assert (self->stream);          //  committed once only
    int fd = fileno (self->stream);
    struct stat status;
    if (fflush (self->stream) || ferror (self->stream))
        snprintf (error, error_size, "cannot write %s: %s", self->path, strerror (errno));
    else
    if (lstat (self->temp, &status) || status.st_dev != self->dev || status.st_ino != self->ino) {
        snprintf (error, error_size, "the temporary file %s was replaced or removed while it was written; "
                  "%s is not written", self->temp, self->path);
        self->live = false;         //  not ours to remove any more
    }
    else
    if (fsync (fd))
        snprintf (error, error_size, "cannot write %s: %s", self->path, strerror (errno));
    else {
        FILE *stream = self->stream;
        self->stream = NULL;
        if (fclose (stream))
            snprintf (error, error_size, "cannot write %s: %s", self->path, strerror (errno));
        else
        if (self->force? rename (self->temp, self->path): s_rename_new (self->temp, self->path)) {
            if (errno == EEXIST)
                snprintf (error, error_size, "%s exists (--force replaces it)", self->path);
            else
                snprintf (error, error_size, "cannot rename %s to %s: %s", self->temp, self->path,
                          strerror (errno));
        }
        else {
            self->live = false;
            //  The rename is durable once the directory is: best effort,
            //  as some filesystems cannot sync a directory (the file is
            //  in place already, whole).
            int dir = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dir != -1) {
                fsync (dir);
                close (dir);
            }
            return 0;
        }
    }
    s_discard (self);
    return -1;
}

//  Self test: the whole contents of path into buffer (NUL-terminated), or
//  -1 when it cannot be read.
static int
s_read (const char *path, char *buffer, size_t size)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    size_t got = fread (buffer, 1, size - 1, file);
    buffer [got] = 0;
    fclose (file);
    return 0;
}

//  Self test: entries in dir other than "." and "..".
static int
s_entries (const char *dir)
{
    DIR *handle = opendir (dir);
    assert (handle);
    int count = 0;
    for (struct dirent *entry = readdir (handle); entry; entry = readdir (handle))
        if (strcmp (entry->d_name, ".") && strcmp (entry->d_name, ".."))
            count++;
    closedir (handle);
    return count;
}

void
lx_outfile_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_outfile.XXXXXX";
    assert (mkdtemp (dir));
    char path [64], other [64], sub [64], error [256], text [64];
    snprintf (path, sizeof path, "%s/report.csv", dir);
    snprintf (other, sizeof other, "%s/report2.csv", dir);
    snprintf (sub, sizeof sub, "%s/sub", dir);

    //  A new file: written beside, private while written, then in place
    //  with mode 0600 and nothing else left.
    lx_outfile_t *file = lx_outfile_new (path, false, error, sizeof error);
    assert (file);
    const char *temp = lx_outfile_temp (file);
    assert (strncmp (temp, path, strlen (path)) == 0 && strlen (temp) == strlen (path) + 12);
    assert (strcmp (temp + strlen (temp) - 5, ".part") == 0);
    struct stat status;
    assert (stat (temp, &status) == 0 && (status.st_mode & 0777) == 0600);
    assert (stat (path, &status) == -1 && errno == ENOENT);
    assert (fputs ("first\n", lx_outfile_stream (file)) >= 0);
    assert (lx_outfile_commit (file, error, sizeof error) == 0);
    assert (!lx_outfile_stream (file));
    lx_outfile_destroy (&file);
    lx_outfile_destroy (&file);
    assert (s_read (path, text, sizeof text) == 0 && strcmp (text, "first\n") == 0);
    assert (stat (path, &status) == 0 && (status.st_mode & 0777) == 0600);
    assert (s_entries (dir) == 1);

    //  An existing file is refused without force, at once: it stays as it
    //  was and nothing is created.
    assert (!lx_outfile_new (path, false, error, sizeof error));
    assert (strstr (error, "report.csv exists (--force replaces it)"));
    assert (s_read (path, text, sizeof text) == 0 && strcmp (text, "first\n") == 0);
    assert (s_entries (dir) == 1);

    //  With force it is replaced, whole.
    file = lx_outfile_new (path, true, error, sizeof error);
    assert (file);
    assert (fputs ("second\n", lx_outfile_stream (file)) >= 0);
    assert (lx_outfile_commit (file, error, sizeof error) == 0);
    lx_outfile_destroy (&file);
    assert (s_read (path, text, sizeof text) == 0 && strcmp (text, "second\n") == 0);
    assert (s_entries (dir) == 1);

    //  A writer that fails (destroyed without a commit) leaves the path as
    //  it was and no temporary file.
    file = lx_outfile_new (path, true, error, sizeof error);
    assert (file);
    assert (fputs ("half", lx_outfile_stream (file)) >= 0);
    assert (s_entries (dir) == 2);
    lx_outfile_destroy (&file);
    assert (s_read (path, text, sizeof text) == 0 && strcmp (text, "second\n") == 0);
    assert (s_entries (dir) == 1);

    //  A file that appears at the path while a new one is written is not
    //  replaced: the commit fails and removes its temporary file.
    file = lx_outfile_new (other, false, error, sizeof error);
    assert (file);
    assert (fputs ("late\n", lx_outfile_stream (file)) >= 0);
    FILE *rival = fopen (other, "w");
    assert (rival && fputs ("rival\n", rival) >= 0 && fclose (rival) == 0);
    assert (lx_outfile_commit (file, error, sizeof error) == -1);
    assert (strstr (error, "report2.csv exists (--force replaces it)"));
    lx_outfile_destroy (&file);
    assert (s_read (other, text, sizeof text) == 0 && strcmp (text, "rival\n") == 0);
    assert (s_entries (dir) == 2);
    assert (unlink (other) == 0);

    //  A library writing the temporary file by name (as libxlsxwriter
    //  does): the same inode, committed.
    file = lx_outfile_new (other, false, error, sizeof error);
    assert (file);
    FILE *by_name = fopen (lx_outfile_temp (file), "wb");
    assert (by_name && fputs ("by name\n", by_name) >= 0 && fclose (by_name) == 0);
    assert (lx_outfile_commit (file, error, sizeof error) == 0);
    lx_outfile_destroy (&file);
    assert (s_read (other, text, sizeof text) == 0 && strcmp (text, "by name\n") == 0);
    assert (unlink (other) == 0);

    //  A temporary file replaced behind our back is neither committed nor
    //  removed (it is not ours).
    file = lx_outfile_new (other, false, error, sizeof error);
    assert (file);
    char planted [80];
    snprintf (planted, sizeof planted, "%s", lx_outfile_temp (file));
    assert (unlink (planted) == 0);
    by_name = fopen (planted, "w");
    assert (by_name && fclose (by_name) == 0);
    assert (lx_outfile_commit (file, error, sizeof error) == -1);
    assert (strstr (error, "was replaced or removed while it was written"));
    lx_outfile_destroy (&file);
    assert (stat (other, &status) == -1 && stat (planted, &status) == 0);
    assert (unlink (planted) == 0);

    //  Not a regular file: refused even with force. A directory that does
    //  not exist: no temporary file can be made, and nothing is.
    assert (mkdir (sub, 0700) == 0);
    assert (!lx_outfile_new (sub, true, error, sizeof error));
    assert (strstr (error, "/sub is not a regular file; it is not replaced"));
    assert (symlink (path, other) == 0);
    assert (!lx_outfile_new (other, true, error, sizeof error));
    assert (strstr (error, "report2.csv is not a regular file"));
    assert (unlink (other) == 0);
    snprintf (other, sizeof other, "%s/none/report.csv", dir);
    assert (!lx_outfile_new (other, false, error, sizeof error));
    assert (strstr (error, "cannot create a file beside ") && strstr (error, "/none/report.csv: "));
    assert (!lx_outfile_new ("", false, error, sizeof error));
    assert (s_entries (dir) == 2);

    //  A bare name is written in the working directory.
    char *cwd = getcwd (NULL, 0);
    assert (cwd && chdir (sub) == 0);
    file = lx_outfile_new ("bare.txt", false, error, sizeof error);
    assert (file && strncmp (lx_outfile_temp (file), "bare.txt.", 9) == 0);
    assert (lx_outfile_commit (file, error, sizeof error) == 0);
    lx_outfile_destroy (&file);
    assert (unlink ("bare.txt") == 0);
    assert (chdir (cwd) == 0);
    free (cwd);

    assert (rmdir (sub) == 0);
    assert (unlink (path) == 0);
    assert (rmdir (dir) == 0);
}
