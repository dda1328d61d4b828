/*  lx_domain: the fixed vocabularies of the lead exchange. */

#include "lx_domain.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

static const char *s_stage_names [LX_STAGE_COUNT] = {
    "captured", "assessing", "offered", "claimed", "transferred",
    "negotiating", "signed", "registered", "land", "started",
    "completed", "producing", "capacity", "struck", "withdrawn"
};
static const char *s_stage_labels [LX_STAGE_COUNT] = {
    "信息", "研判", "流转中", "已认领", "已流转", "在谈", "签约", "注册",
    "供地", "开工", "竣工", "投产", "达产", "销号", "撤回"
};
static const char *s_metric_names [LX_METRIC_COUNT] = {
    "contract", "funds", "fixed_asset", "output", "tax", "count"
};
static const char *s_metric_labels [LX_METRIC_COUNT] = {
    "签约额", "到位资金", "固定资产投资", "产值", "税收", "项目数"
};
static const char *s_type_names [LX_TYPE_COUNT] = {
    "manufacturing", "service", "headquarters", "tax_source", "agriculture", "tourism"
};
static const char *s_channel_names [LX_CHANNEL_COUNT] = {
    "own", "liaison", "association", "intermediary"
};
static const char *s_role_names [LX_ROLE_COUNT] = {
    "county", "platform", "liaison", "center"
};

//  Returns table[value] when value is in range, else NULL.
static const char *
s_lookup (const char **table, int count, int value)
{
    return value >= 0 && value < count? table [value]: NULL;
}

//  Returns the index of name in table, or -1.
static int
s_find (const char **table, int count, const char *name)
{
    if (!name)
        return -1;
    for (int index = 0; index < count; index++)
        if (strcmp (table [index], name) == 0)
            return index;
    return -1;
}

const char *lx_stage_name (int v)    { return s_lookup (s_stage_names, LX_STAGE_COUNT, v); }
const char *lx_stage_label (int v)   { return s_lookup (s_stage_labels, LX_STAGE_COUNT, v); }
const char *lx_metric_name (int v)   { return s_lookup (s_metric_names, LX_METRIC_COUNT, v); }
const char *lx_metric_label (int v)  { return s_lookup (s_metric_labels, LX_METRIC_COUNT, v); }
const char *lx_type_name (int v)     { return s_lookup (s_type_names, LX_TYPE_COUNT, v); }
const char *lx_channel_name (int v)  { return s_lookup (s_channel_names, LX_CHANNEL_COUNT, v); }
const char *lx_role_name (int v)     { return s_lookup (s_role_names, LX_ROLE_COUNT, v); }

int lx_stage_from_name (const char *n)   { return s_find (s_stage_names, LX_STAGE_COUNT, n); }
int lx_metric_from_name (const char *n)  { return s_find (s_metric_names, LX_METRIC_COUNT, n); }
int lx_type_from_name (const char *n)    { return s_find (s_type_names, LX_TYPE_COUNT, n); }
int lx_channel_from_name (const char *n) { return s_find (s_channel_names, LX_CHANNEL_COUNT, n); }
int lx_role_from_name (const char *n)    { return s_find (s_role_names, LX_ROLE_COUNT, n); }

bool
lx_stage_may_progress (int from, int to)
{
    if (from < 0 || from >= LX_STAGE_STRUCK || to < 0 || to >= LX_STAGE_STRUCK)
        return false;
    return to >= from;
}

void
lx_domain_test (bool verbose)
{
    (void) verbose;
    for (int stage = 0; stage < LX_STAGE_COUNT; stage++)
        assert (lx_stage_from_name (lx_stage_name (stage)) == stage);
    for (int metric = 0; metric < LX_METRIC_COUNT; metric++)
        assert (lx_metric_from_name (lx_metric_name (metric)) == metric);
    for (int type = 0; type < LX_TYPE_COUNT; type++)
        assert (lx_type_from_name (lx_type_name (type)) == type);
    for (int channel = 0; channel < LX_CHANNEL_COUNT; channel++)
        assert (lx_channel_from_name (lx_channel_name (channel)) == channel);
    for (int role = 0; role < LX_ROLE_COUNT; role++)
        assert (lx_role_from_name (lx_role_name (role)) == role);
    assert (lx_stage_from_name ("Signed") == -1);
    assert (lx_stage_from_name (NULL) == -1);
    assert (lx_stage_name (-1) == NULL);
    assert (lx_stage_name (LX_STAGE_COUNT) == NULL);
    assert (strcmp (lx_stage_label (LX_STAGE_SIGNED), "签约") == 0);
    assert (lx_stage_may_progress (LX_STAGE_TRANSFERRED, LX_STAGE_SIGNED));
    assert (lx_stage_may_progress (LX_STAGE_SIGNED, LX_STAGE_SIGNED));
    assert (!lx_stage_may_progress (LX_STAGE_STARTED, LX_STAGE_SIGNED));
    assert (!lx_stage_may_progress (LX_STAGE_STRUCK, LX_STAGE_CAPACITY));
    assert (!lx_stage_may_progress (LX_STAGE_SIGNED, LX_STAGE_WITHDRAWN));
}
