/*  lx_clock: the time, injectable. */

#include "lx_clock.h"

#include <czmq.h>

struct _lx_clock_t {
    bool manual;                //  true: time moves only by lx_clock_advance
    int64_t now;                //  manual clock's time, ms since the epoch
    char *offset_file;          //  offset clock: the file holding the offset, else NULL
    int64_t offset;             //  offset clock: ms added to the system's time
};

lx_clock_t *
lx_clock_new (void)
{
    return (lx_clock_t *) zmalloc (sizeof (lx_clock_t));
}

lx_clock_t *
lx_clock_new_manual (int64_t start_ms)
{
    lx_clock_t *self = lx_clock_new ();
    if (self) {
        self->manual = true;
        self->now = start_ms;
    }
    return self;
}

lx_clock_t *
lx_clock_new_offset_file (const char *path)
{
    assert (path);
    lx_clock_t *self = lx_clock_new ();
    if (self) {
        self->offset_file = strdup (path);
        if (!self->offset_file)
            lx_clock_destroy (&self);
        else
            lx_clock_refresh (self);
    }
    return self;
}

int
lx_clock_refresh (lx_clock_t *self)
{
    assert (self);
    if (!self->offset_file)
        return 0;
    FILE *file = fopen (self->offset_file, "r");
    if (!file) {
        if (errno != ENOENT)
            return -1;
        self->offset = 0;
        return 0;
    }
    char text [32] = "";
    size_t size = fread (text, 1, sizeof text - 1, file);
    fclose (file);
    text [size] = 0;
    char *end;
    errno = 0;
    long long offset = strtoll (text, &end, 10);
    while (*end == '\n' || *end == ' ')
        end++;
    if (end == text || *end || errno || offset < -INT64_C (100) * 365 * 86400000
    ||  offset > INT64_C (100) * 365 * 86400000)
        return -1;
    self->offset = (int64_t) offset;
    return 0;
}

void
lx_clock_destroy (lx_clock_t **self_p)
{
    assert (self_p);
    if (*self_p)
        free ((*self_p)->offset_file);
    free (*self_p);
    *self_p = NULL;
}

int64_t
lx_clock_now (lx_clock_t *self)
{
    assert (self);
    return self->manual? self->now: zclock_time () + self->offset;
}

void
lx_clock_advance (lx_clock_t *self, int64_t ms)
{
    assert (self && self->manual && ms >= 0);
    self->now += ms;
}

void
lx_clock_set (lx_clock_t *self, int64_t time_ms)
{
    assert (self && self->manual);
    self->now = time_ms;
}

//  Fills tm with the local time of time_ms. Returns 0 or -1.
static int
s_local (int64_t time_ms, struct tm *tm)
{
    time_t seconds = (time_t) (time_ms / 1000);
    return localtime_r (&seconds, tm)? 0: -1;
}

int
lx_clock_date (int64_t time_ms, char date [11])
{
    struct tm tm;
    if (s_local (time_ms, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1000)
        return -1;
    strftime (date, 11, "%Y-%m-%d", &tm);
    return 0;
}

int64_t
lx_clock_day_start (int64_t time_ms)
{
    struct tm tm;
    if (s_local (time_ms, &tm))
        return -1;
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t midnight = mktime (&tm);
    return midnight == (time_t) -1? -1: (int64_t) midnight * 1000;
}

int
lx_clock_datetime (int64_t time_ms, char text [20])
{
    struct tm tm;
    if (s_local (time_ms, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 1000)
        return -1;
    strftime (text, 20, "%Y-%m-%d %H:%M:%S", &tm);
    return 0;
}

void
lx_clock_test (bool verbose)
{
    (void) verbose;
    lx_clock_t *clock = lx_clock_new ();
    int64_t before = zclock_time ();
    int64_t now = lx_clock_now (clock);
    assert (now >= before && now <= zclock_time ());
    lx_clock_destroy (&clock);
    lx_clock_destroy (&clock);

    //  2026-11-22 12:00 in any time zone within +-11 h is still the 22nd.
    int64_t noon = INT64_C (1795348800000);
    clock = lx_clock_new_manual (noon);
    assert (lx_clock_now (clock) == noon);
    lx_clock_advance (clock, 86400000);
    assert (lx_clock_now (clock) == noon + 86400000);
    char date [11];
    assert (lx_clock_date (noon, date) == 0);
    assert (streq (date, "2026-11-22"));
    assert (lx_clock_date (lx_clock_now (clock), date) == 0);
    assert (streq (date, "2026-11-23"));
    char text [20];
    assert (lx_clock_datetime (noon, text) == 0 && strncmp (text, "2026-11-22 ", 11) == 0);
    int64_t midnight = lx_clock_day_start (noon);
    assert (midnight <= noon && noon - midnight < 86400000);
    assert (lx_clock_date (midnight, date) == 0 && streq (date, "2026-11-22"));
    assert (lx_clock_date (midnight - 1, date) == 0 && streq (date, "2026-11-21"));
    lx_clock_destroy (&clock);

    //  An offset clock moves when its file says so, and only then.
    char dir [] = "/tmp/lx_clock_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/offset", dir);
    clock = lx_clock_new_offset_file (path);
    assert (clock);
    assert (lx_clock_now (clock) - zclock_time () < 1000);      //  no file: no offset
    FILE *file = fopen (path, "w");
    assert (file && fprintf (file, "%d\n", 86400000) > 0 && fclose (file) == 0);
    assert (lx_clock_now (clock) - zclock_time () < 1000);      //  not yet refreshed
    assert (lx_clock_refresh (clock) == 0);
    int64_t ahead = lx_clock_now (clock) - zclock_time ();
    assert (ahead > 86400000 - 1000 && ahead <= 86400000);
    const char *garbage [] = { "tomorrow", "-3153600000001", "12x", "" };
    for (size_t index = 0; index < sizeof garbage / sizeof garbage [0]; index++) {
        file = fopen (path, "w");
        assert (file && fputs (garbage [index], file) >= 0 && fclose (file) == 0);
        assert (lx_clock_refresh (clock) == -1);                //  refused, offset kept
        ahead = lx_clock_now (clock) - zclock_time ();
        assert (ahead > 86400000 - 1000 && ahead <= 86400000);
    }
    //  Behind too: a test's scenario set in the past.
    file = fopen (path, "w");
    assert (file && fprintf (file, "%d\n", -86400000) > 0 && fclose (file) == 0);
    assert (lx_clock_refresh (clock) == 0);
    ahead = lx_clock_now (clock) - zclock_time ();
    assert (ahead > -86400000 - 1000 && ahead <= -86400000);
    assert (remove (path) == 0);
    assert (lx_clock_refresh (clock) == 0);                     //  gone: back to the system's
    assert (lx_clock_now (clock) - zclock_time () < 1000);
    assert (lx_clock_refresh (clock) == 0);
    lx_clock_destroy (&clock);
    lx_clock_destroy (&clock);
    zstr_free (&path);
    assert (rmdir (dir) == 0);
}
