/*  test_names: company names for generated load (leadx-load, leadx-bench).

    A real register holds investors with many different trade names (字号),
    so the register's duplicate search, which reads only the registrations
    whose name begins with the same two characters, reads few. Generated
    names must look the same way: a two-character trade name chosen by the
    number from 10,000, then four characters derived from the node and the
    number, so that two generated names never match each other by lx_name's
    rule (they differ in most characters) unless they are the same.
*/
#ifndef TEST_NAMES_H_INCLUDED
#define TEST_NAMES_H_INCLUDED

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

//  Writes the investor name of node's lead number index into name (size
//  bytes, at least 64): e.g. 泰华润鑫祥瑞科技有限公司 style, all Han.
void test_names_investor (const char *node, int64_t index, char *name, size_t size);

//  Self test: distinct numbers give distinct names that lx_name does not
//  match with each other.
void test_names_test (bool verbose);

#endif
