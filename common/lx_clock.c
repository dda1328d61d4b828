/*  lx_clock: the time, injectable. */

#include "lx_clock.h"

#include <czmq.h>

struct _lx_clock_t {
    bool manual;                //  true: time moves only by lx_clock_advance
    int64_t now;                //  manual clock's time, ms since the epoch
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

void
lx_clock_destroy (lx_clock_t **self_p)
{
    assert (self_p);
    free (*self_p);
    *self_p = NULL;
}

int64_t
lx_clock_now (lx_clock_t *self)
{
    assert (self);
    return self->manual? self->now: zclock_time ();
}

void
lx_clock_advance (lx_clock_t *self, int64_t ms)
{
    assert (self && self->manual && ms >= 0);
    self->now += ms;
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
    lx_clock_destroy (&clock);
}
