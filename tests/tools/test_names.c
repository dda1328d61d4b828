/*  test_names: company names for generated load. */

#include "test_names.h"
#include "lx_name.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

//  100 characters seen in company trade names, 3 UTF-8 bytes each.
static const char s_chars [] =
    "泰华润鑫祥瑞德丰盛昌宏远兴隆汇通恒达永安嘉信宝利金源天成博海中正"
    "东方明辉新锐创维联合万象龙腾凯越卓星光宇航晨曦云峰岭邦富民康乐和"
    "美佳禾绿洲蓝湾银河紫荆红枫青松白鹭黄鹤飞燕春秋实冬雪江南北山川林"
    "森磊鼎晶";

enum { S_CHARS = 100 };

//  Appends character number to out.
static void
s_put (char *out, unsigned number)
{
    strncat (out, s_chars + 3 * (number % S_CHARS), 3);
}

void
test_names_investor (const char *node, int64_t index, char *name, size_t size)
{
    assert (node && name && size >= 64);
    //  FNV-1a of the node and the number: the four middle characters.
    uint64_t hash = 1469598103934665603u;
    for (const char *at = node; *at; at++)
        hash = (hash ^ (unsigned char) *at) * 1099511628211u;
    for (int shift = 0; shift < 64; shift += 8)
        hash = (hash ^ ((uint64_t) index >> shift & 0xFF)) * 1099511628211u;
    char core [64] = "";
    s_put (core, (unsigned) (index % S_CHARS));
    s_put (core, (unsigned) (index / S_CHARS % S_CHARS));
    for (int part = 0; part < 4; part++, hash /= S_CHARS)
        s_put (core, (unsigned) (hash % S_CHARS));
    snprintf (name, size, "%s科技有限公司", core);
}

void
test_names_test (bool verbose)
{
    (void) verbose;
    assert (sizeof s_chars - 1 == 3 * S_CHARS);
    char error [256];
    lx_name_t *names = lx_name_new (error, sizeof error);
    assert (names);
    //  Within the same trade name (every 10,000th number) and across nodes.
    char a [64], b [64];
    int matched = 0;
    for (int64_t index = 1; index <= 2000; index++) {
        test_names_investor ("d01", index, a, sizeof a);
        test_names_investor ("d01", index + 10000, b, sizeof b);
        matched += lx_name_match (names, a, b, LX_NAME_THRESHOLD, NULL);
        test_names_investor ("d02", index, b, sizeof b);
        matched += lx_name_match (names, a, b, LX_NAME_THRESHOLD, NULL);
        assert (lx_name_match (names, a, a, LX_NAME_THRESHOLD, NULL));
    }
    assert (matched == 0);
    lx_name_destroy (&names);
}
