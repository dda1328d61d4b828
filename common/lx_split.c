/*  lx_split: exact credit arithmetic. */

#include "lx_split.h"

#include <assert.h>
#include <stdio.h>

int
lx_split_shares (int64_t whole, int finder_bp, int64_t *finder, int64_t *lander)
{
    assert (finder && lander);
    if (whole < 0 || finder_bp < 0 || finder_bp > LX_BP_WHOLE)
        return -1;
    //  floor (whole * bp / W) without the 128-bit product: whole = q*W + r,
    //  so whole*bp/W = q*bp + r*bp/W, where q*bp <= whole and r*bp < W*W.
    int64_t quotient = whole / LX_BP_WHOLE;
    int64_t remainder = whole % LX_BP_WHOLE;
    int64_t share = quotient * finder_bp + (remainder * finder_bp) / LX_BP_WHOLE;
    *finder = share;
    *lander = whole - share;
    return 0;
}

int
lx_split_add (int64_t a, int64_t b, int64_t *sum)
{
    assert (sum);
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return -1;
    *sum = a + b;
    return 0;
}

//  xorshift64* generator: the property test must be reproducible, so it
//  carries its own state instead of using rand ().
static uint64_t
s_next_random (uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ULL;
}

void
lx_split_test (bool verbose)
{
    int64_t finder, lander;
    assert (lx_split_shares (100, 3000, &finder, &lander) == 0);
    assert (finder == 30 && lander == 70);
    assert (lx_split_shares (101, 3000, &finder, &lander) == 0);
    assert (finder == 30 && lander == 71);          //  30.3 rounds down
    assert (lx_split_shares (1, 9999, &finder, &lander) == 0);
    assert (finder == 0 && lander == 1);
    assert (lx_split_shares (0, 5000, &finder, &lander) == 0);
    assert (finder == 0 && lander == 0);
    assert (lx_split_shares (INT64_MAX, 10000, &finder, &lander) == 0);
    assert (finder == INT64_MAX && lander == 0);
    assert (lx_split_shares (INT64_MAX, 5000, &finder, &lander) == 0);
    assert (finder == INT64_MAX / 2 && lander == INT64_MAX - INT64_MAX / 2);
    assert (lx_split_shares (10000, 3000, &finder, &lander) == 0);
    assert (finder == 3000 && lander == 7000);      //  0.3 / 0.7 of a project
    finder = lander = 42;
    assert (lx_split_shares (-1, 3000, &finder, &lander) == -1);
    assert (lx_split_shares (100, 10001, &finder, &lander) == -1);
    assert (lx_split_shares (100, -1, &finder, &lander) == -1);
    assert (finder == 42 && lander == 42);

    int64_t sum;
    assert (lx_split_add (1, 2, &sum) == 0 && sum == 3);
    assert (lx_split_add (INT64_MAX, 1, &sum) == -1);
    assert (lx_split_add (INT64_MIN, -1, &sum) == -1);

    //  Property: over many random wholes and ratios, the shares are
    //  non-negative, add up to the whole, and the finder's share is the
    //  exact floor (checked against 128-bit arithmetic).
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    int rounds = 1000000;
    for (int round = 0; round < rounds; round++) {
        uint64_t pick = s_next_random (&state);
        int64_t whole;
        switch (pick % 4) {
            case 0:  whole = (int64_t) (s_next_random (&state) % 10000); break;
            case 1:  whole = (int64_t) (s_next_random (&state) % 100000000000LL); break;
            case 2:  whole = (int64_t) (s_next_random (&state) >> 1); break;
            default: whole = INT64_MAX - (int64_t) (s_next_random (&state) % 10000); break;
        }
        int bp = (int) (s_next_random (&state) % (LX_BP_WHOLE + 1));
        assert (lx_split_shares (whole, bp, &finder, &lander) == 0);
        assert (finder >= 0 && lander >= 0);
        assert (finder + lander == whole);
        __int128 exact = (__int128) whole * bp / LX_BP_WHOLE;
        assert ((__int128) finder == exact);
    }
    if (verbose)
        printf ("lx_split: %d random splits summed exactly\n", rounds);
}
