/*  lx_split: exact credit arithmetic.

    Credit is int64 yuan (or 1/10000 of a project for project counts) and a
    split is the finder's share in basis points (0..10000); the lander gets
    the rest. No floating point is ever involved.

    Rounding rule: the finder's share is rounded down to the unit,
        finder = floor (whole * finder_bp / 10000)
    and the lander receives the remainder, lander = whole - finder, so the
    two shares always add up to the whole exactly and the lander, who did
    the landing, carries any fraction of a yuan.
*/
#ifndef LX_SPLIT_H_INCLUDED
#define LX_SPLIT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#define LX_BP_WHOLE 10000       //  basis points in a whole

//  Splits whole (>= 0) by finder_bp (0..10000) into *finder and *lander.
//  Returns 0, or -1 when whole is negative or finder_bp out of range (the
//  outputs are then left untouched). Never overflows for any int64 whole.
int lx_split_shares (int64_t whole, int finder_bp, int64_t *finder, int64_t *lander);

//  Checked int64 addition: stores a + b in *sum and returns 0, or returns
//  -1 on overflow, leaving *sum untouched.
int lx_split_add (int64_t a, int64_t b, int64_t *sum);

//  Self test: includes the property test over many random amounts and ratios.
void lx_split_test (bool verbose);

#endif
