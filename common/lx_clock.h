/*  lx_clock: the time, injectable.

    Programs read the time only through a clock, so that tests can move it.
    A system clock follows the machine; a manual clock starts where the test
    says and moves only when told; an offset clock follows the machine moved
    forward by a number of milliseconds read from a file, so that a test can
    move a running daemon's time from outside (a test's setting only). Times are milliseconds since the Unix
    epoch; dates are local calendar dates (the city's time zone).
*/
#ifndef LX_CLOCK_H_INCLUDED
#define LX_CLOCK_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef struct _lx_clock_t lx_clock_t;

//  Creates a clock that follows the system's. Returns NULL if out of memory.
lx_clock_t *lx_clock_new (void);

//  Creates a manual clock standing at start_ms. Returns NULL if out of memory.
lx_clock_t *lx_clock_new_manual (int64_t start_ms);

//  Creates a clock that follows the system's plus the offset in ms that
//  the file at path holds (one decimal integer, ahead or, negative, behind,
//  within 100 years), read now and at each
//  lx_clock_refresh; a missing file is an offset of 0. Returns NULL if out
//  of memory.
lx_clock_t *lx_clock_new_offset_file (const char *path);

//  Re-reads an offset clock's file (a no-op on other clocks). Returns 0,
//  or -1 when the file exists but holds no valid offset: the clock then
//  keeps its offset (the file is outside input: never asserted on).
int lx_clock_refresh (lx_clock_t *self);

//  Destroys the clock and nulls *self_p; safe on NULL and twice.
void lx_clock_destroy (lx_clock_t **self_p);

//  The current time in ms since the epoch.
int64_t lx_clock_now (lx_clock_t *self);

//  Moves a manual clock forward by ms (>= 0); a programmer error on a
//  system clock.
void lx_clock_advance (lx_clock_t *self, int64_t ms);

//  Sets a manual clock to time_ms, earlier or later (a test's scenario
//  that steps back); a programmer error on a system clock.
void lx_clock_set (lx_clock_t *self, int64_t time_ms);

//  The local midnight that begins time_ms's day, in ms since the epoch;
//  -1 if the time cannot be represented.
int64_t lx_clock_day_start (int64_t time_ms);

//  Writes the local date of time_ms as "YYYY-MM-DD" into date (11 bytes).
//  Returns 0, or -1 if the time cannot be represented.
int lx_clock_date (int64_t time_ms, char date [11]);

//  Writes the local date and time of time_ms as "YYYY-MM-DD HH:MM:SS" into
//  text (20 bytes). Returns 0 or -1.
int lx_clock_datetime (int64_t time_ms, char text [20]);

//  Self test.
void lx_clock_test (bool verbose);

#endif
