/*  lx_lead: the lead record (招商项目信息). */

#include "lx_lead.h"
#include "lx_domain.h"
#include "lx_valid.h"

lx_lead_t *
lx_lead_new (void)
{
    lx_lead_t *self = (lx_lead_t *) zmalloc (sizeof (lx_lead_t));
    if (self) {
        self->type = LX_TYPE_MANUFACTURING;
        self->channel = LX_CHANNEL_OWN;
        self->stage = LX_STAGE_CAPTURED;
    }
    return self;
}

//  Frees the items of a string array and zeroes its count.
static void
s_clear_list (char **items, int *count)
{
    for (int index = 0; index < *count; index++) {
        free (items [index]);
        items [index] = NULL;
    }
    *count = 0;
}

void
lx_lead_destroy (lx_lead_t **self_p)
{
    assert (self_p);
    lx_lead_t *self = *self_p;
    if (self) {
        free (self->id);
        free (self->finder);
        free (self->investor);
        free (self->uscc);
        free (self->project);
        free (self->summary);
        s_clear_list (self->industries, &self->industry_count);
        s_clear_list (self->tags, &self->tag_count);
        free (self->contact);
        free (self->phone);
        free (self->found);
        free (self);
        *self_p = NULL;
    }
}

void
lx_lead_set (char **field_p, const char *value)
{
    assert (field_p);
    free (*field_p);
    *field_p = value? strdup (value): NULL;
}

//  Appends a copy of item to a bounded list. Returns 0 or -1 when full.
static int
s_add (char **items, int *count, int max, const char *item)
{
    assert (item);
    if (*count >= max)
        return -1;
    items [*count] = strdup (item);
    if (!items [*count])
        return -1;
    (*count)++;
    return 0;
}

int
lx_lead_add_industry (lx_lead_t *self, const char *code)
{
    assert (self);
    return s_add (self->industries, &self->industry_count, LX_LEAD_MAX_INDUSTRIES, code);
}

int
lx_lead_add_tag (lx_lead_t *self, const char *tag)
{
    assert (self);
    return s_add (self->tags, &self->tag_count, LX_LEAD_MAX_TAGS, tag);
}

//  Replaces a list with the non-empty items of csv. Returns 0, or -1 when
//  csv has more than max items (the list is then left empty).
static int
s_set_csv (char **items, int *count, int max, const char *csv)
{
    s_clear_list (items, count);
    if (!csv)
        return 0;
    const char *start = csv;
    while (true) {
        const char *end = strchr (start, ',');
        size_t length = end? (size_t) (end - start): strlen (start);
        if (length > 0) {
            char *item = (char *) malloc (length + 1);
            if (!item) {
                s_clear_list (items, count);
                return -1;
            }
            memcpy (item, start, length);
            item [length] = 0;
            int rc = s_add (items, count, max, item);
            free (item);
            if (rc) {
                s_clear_list (items, count);
                return -1;
            }
        }
        if (!end)
            break;
        start = end + 1;
    }
    return 0;
}

int
lx_lead_set_industries_csv (lx_lead_t *self, const char *csv)
{
    assert (self);
    return s_set_csv (self->industries, &self->industry_count, LX_LEAD_MAX_INDUSTRIES, csv);
}

int
lx_lead_set_tags_csv (lx_lead_t *self, const char *csv)
{
    assert (self);
    return s_set_csv (self->tags, &self->tag_count, LX_LEAD_MAX_TAGS, csv);
}

//  Joins a list with commas into a new string.
static char *
s_join (char **items, int count)
{
    size_t size = 1;
    for (int index = 0; index < count; index++)
        size += strlen (items [index]) + 1;
    char *joined = (char *) zmalloc (size);
    if (!joined)
        return NULL;
    for (int index = 0; index < count; index++) {
        if (index)
            strcat (joined, ",");
        strcat (joined, items [index]);
    }
    return joined;
}

char *
lx_lead_industries_csv (lx_lead_t *self)
{
    assert (self);
    return s_join (self->industries, self->industry_count);
}

char *
lx_lead_tags_csv (lx_lead_t *self)
{
    assert (self);
    return s_join (self->tags, self->tag_count);
}

//  Checks a string field as the protocol would: present when required,
//  then length, UTF-8 and kind by the field's specification.
static int
s_check (int field, const char *value, bool required, lx_error_t *error)
{
    if (!value) {
        if (required)
            return lx_error_set (error, LX_ERR_MISSING_FIELD, "lead: missing %s", lx_field_name (field));
        return 0;
    }
    if (required && !*value)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "lead: empty %s", lx_field_name (field));
    return lx_proto_check_text (field, value, strlen (value), (size_t) lx_proto_field (field)->max, error);
}

int
lx_lead_validate (lx_lead_t *self, lx_error_t *error)
{
    assert (self);
    if (s_check (LX_F_LEAD, self->id, true, error)
    ||  s_check (LX_F_FINDER, self->finder, true, error)
    ||  s_check (LX_F_INVESTOR, self->investor, true, error)
    ||  s_check (LX_F_USCC, self->uscc, false, error)
    ||  s_check (LX_F_PROJECT, self->project, true, error)
    ||  s_check (LX_F_SUMMARY, self->summary, false, error)
    ||  s_check (LX_F_CONTACT, self->contact, false, error)
    ||  s_check (LX_F_PHONE, self->phone, false, error)
    ||  s_check (LX_F_FOUND, self->found, true, error))
        return -1;
    if (self->industry_count == 0)
        return lx_error_set (error, LX_ERR_MISSING_FIELD, "lead: at least one industry code is required");
    for (int index = 0; index < self->industry_count; index++)
        if (s_check (LX_F_INDUSTRIES, self->industries [index], true, error))
            return -1;
    for (int index = 0; index < self->tag_count; index++)
        if (lx_proto_check_text (LX_F_TAGS, self->tags [index], strlen (self->tags [index]),
                                 lx_proto_field (LX_F_TAGS)->item_max, error))
            return -1;
    if (lx_proto_check_number (LX_F_INVESTMENT, self->investment, error)
    ||  lx_proto_check_number (LX_F_LAND, self->land, error)
    ||  lx_proto_check_number (LX_F_TAX, self->tax, error)
    ||  lx_proto_check_number (LX_F_OUTPUT, self->output, error))
        return -1;
    if (!lx_type_name (self->type))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "lead: bad type");
    if (!lx_channel_name (self->channel))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "lead: bad channel");
    if (!lx_stage_name (self->stage))
        return lx_error_set (error, LX_ERR_BAD_VALUE, "lead: bad stage");
    return 0;
}

void
lx_lead_to_msg (lx_lead_t *self, lx_msg_t *msg, bool with_contact)
{
    assert (self && msg);
    lx_msg_set_str (msg, LX_F_LEAD, self->id);
    lx_msg_set_str (msg, LX_F_FINDER, self->finder);
    lx_msg_set_str (msg, LX_F_INVESTOR, self->investor);
    lx_msg_set_str (msg, LX_F_USCC, self->uscc);
    lx_msg_set_str (msg, LX_F_PROJECT, self->project);
    lx_msg_set_str (msg, LX_F_SUMMARY, self->summary);
    lx_msg_unset (msg, LX_F_INDUSTRIES);
    for (int index = 0; index < self->industry_count; index++)
        lx_msg_add_item (msg, LX_F_INDUSTRIES, self->industries [index]);
    lx_msg_unset (msg, LX_F_TAGS);
    for (int index = 0; index < self->tag_count; index++)
        lx_msg_add_item (msg, LX_F_TAGS, self->tags [index]);
    lx_msg_set_int (msg, LX_F_INVESTMENT, self->investment);
    lx_msg_set_int (msg, LX_F_LAND, self->land);
    lx_msg_set_int (msg, LX_F_TAX, self->tax);
    lx_msg_set_int (msg, LX_F_OUTPUT, self->output);
    lx_msg_set_str (msg, LX_F_TYPE, lx_type_name (self->type));
    lx_msg_set_str (msg, LX_F_CHANNEL, lx_channel_name (self->channel));
    lx_msg_set_str (msg, LX_F_STAGE, lx_stage_name (self->stage));
    lx_msg_set_str (msg, LX_F_FOUND, self->found);
    if (with_contact && lx_msg_allows (msg, LX_F_CONTACT)) {
        lx_msg_set_str (msg, LX_F_CONTACT, self->contact);
        lx_msg_set_str (msg, LX_F_PHONE, self->phone);
    }
}

lx_lead_t *
lx_lead_from_msg (lx_msg_t *msg)
{
    assert (msg);
    lx_lead_t *self = lx_lead_new ();
    if (!self)
        return NULL;
    lx_lead_set (&self->id, lx_msg_str (msg, LX_F_LEAD));
    lx_lead_set (&self->finder, lx_msg_str (msg, LX_F_FINDER));
    lx_lead_set (&self->investor, lx_msg_str (msg, LX_F_INVESTOR));
    lx_lead_set (&self->uscc, lx_msg_str (msg, LX_F_USCC));
    lx_lead_set (&self->project, lx_msg_str (msg, LX_F_PROJECT));
    lx_lead_set (&self->summary, lx_msg_str (msg, LX_F_SUMMARY));
    for (size_t index = 0; index < lx_msg_count (msg, LX_F_INDUSTRIES); index++)
        lx_lead_add_industry (self, lx_msg_item (msg, LX_F_INDUSTRIES, index));
    for (size_t index = 0; index < lx_msg_count (msg, LX_F_TAGS); index++)
        lx_lead_add_tag (self, lx_msg_item (msg, LX_F_TAGS, index));
    self->investment = lx_msg_int (msg, LX_F_INVESTMENT);
    self->land = lx_msg_int (msg, LX_F_LAND);
    self->tax = lx_msg_int (msg, LX_F_TAX);
    self->output = lx_msg_int (msg, LX_F_OUTPUT);
    self->type = lx_type_from_name (lx_msg_str (msg, LX_F_TYPE));
    self->channel = lx_channel_from_name (lx_msg_str (msg, LX_F_CHANNEL));
    self->stage = lx_stage_from_name (lx_msg_str (msg, LX_F_STAGE));
    lx_lead_set (&self->contact, lx_msg_str (msg, LX_F_CONTACT));
    lx_lead_set (&self->phone, lx_msg_str (msg, LX_F_PHONE));
    lx_lead_set (&self->found, lx_msg_str (msg, LX_F_FOUND));
    return self;
}

//  Replaces an optional text field from the edit when it carries it; empty
//  text clears it. Returns 1 when the edit carries the field, else 0.
static int
s_edit_text (char **field_p, lx_msg_t *edit, lx_field_t field, bool clearable)
{
    if (!lx_msg_has (edit, field))
        return 0;
    const char *value = lx_msg_str (edit, field);
    lx_lead_set (field_p, clearable && !*value? NULL: value);
    return 1;
}

//  Replaces an int field from the edit when it carries it. Returns 1 when
//  it does, else 0.
static int
s_edit_int (int64_t *field_p, lx_msg_t *edit, lx_field_t field)
{
    if (!lx_msg_has (edit, field))
        return 0;
    *field_p = lx_msg_int (edit, field);
    return 1;
}

int
lx_lead_apply_edit (lx_lead_t *self, lx_msg_t *edit)
{
    assert (self && edit);
    int count = s_edit_text (&self->investor, edit, LX_F_INVESTOR, false)
              + s_edit_text (&self->uscc, edit, LX_F_USCC, false)
              + s_edit_text (&self->project, edit, LX_F_PROJECT, false)
              + s_edit_text (&self->summary, edit, LX_F_SUMMARY, true)
              + s_edit_text (&self->contact, edit, LX_F_CONTACT, true)
              + s_edit_text (&self->phone, edit, LX_F_PHONE, true)
              + s_edit_int (&self->investment, edit, LX_F_INVESTMENT)
              + s_edit_int (&self->land, edit, LX_F_LAND)
              + s_edit_int (&self->tax, edit, LX_F_TAX)
              + s_edit_int (&self->output, edit, LX_F_OUTPUT);
    if (lx_msg_has (edit, LX_F_TYPE)) {
        self->type = lx_type_from_name (lx_msg_str (edit, LX_F_TYPE));
        count++;
    }
    if (lx_msg_has (edit, LX_F_INDUSTRIES)) {
        lx_lead_set_industries_csv (self, NULL);
        for (size_t index = 0; index < lx_msg_count (edit, LX_F_INDUSTRIES); index++)
            lx_lead_add_industry (self, lx_msg_item (edit, LX_F_INDUSTRIES, index));
        count++;
    }
    if (lx_msg_has (edit, LX_F_TAGS)) {
        lx_lead_set_tags_csv (self, NULL);
        for (size_t index = 0; index < lx_msg_count (edit, LX_F_TAGS); index++)
            lx_lead_add_tag (self, lx_msg_item (edit, LX_F_TAGS, index));
        count++;
    }
    return count;
}

void
lx_lead_test (bool verbose)
{
    (void) verbose;
    lx_lead_t *lead = lx_lead_new ();
    lx_error_t error;
    assert (lx_lead_validate (lead, &error) == -1 && error.code == LX_ERR_MISSING_FIELD);
    lx_lead_set (&lead->id, "kecheng-000001");
    lx_lead_set (&lead->finder, "kecheng");
    lx_lead_set (&lead->investor, "浙江华友钴业股份有限公司");
    lx_lead_set (&lead->uscc, "91330000738443338B");
    lx_lead_set (&lead->project, "锂电新材料一体化项目");
    lx_lead_set (&lead->summary, "三元前驱体及正极材料");
    lx_lead_set (&lead->contact, "王经理");
    lx_lead_set (&lead->phone, "13800000000");
    lx_lead_set (&lead->found, "2026-11-02");
    lead->investment = 2000000000;
    lead->land = 300;
    //  the credit code's check character is wrong, then right
    assert (lx_lead_set_industries_csv (lead, "C3985,,C26") == 0);
    assert (lead->industry_count == 2);
    assert (lx_lead_validate (lead, &error) == -1 && error.code == LX_ERR_BAD_VALUE);
    char check = lx_valid_uscc_check (lead->uscc);
    lead->uscc [17] = check;
    assert (lx_lead_validate (lead, &error) == 0);
    //  a bad industry code, too many codes, negative money
    assert (lx_lead_set_industries_csv (lead, "C44") == 0);
    assert (lx_lead_validate (lead, &error) == -1);
    assert (lx_lead_set_industries_csv (lead, "C1,C2,C3,C4,C5,C6,C7,C8,C9") == -1);
    assert (lead->industry_count == 0);
    assert (lx_lead_set_industries_csv (lead, "C3985,C26") == 0);
    lead->investment = -1;
    assert (lx_lead_validate (lead, &error) == -1 && error.code == LX_ERR_BAD_VALUE);
    lead->investment = 2000000000;
    assert (lx_lead_set_tags_csv (lead, "新能源,新材料") == 0);
    char *csv = lx_lead_tags_csv (lead);
    assert (streq (csv, "新能源,新材料"));
    free (csv);
    assert (lx_lead_validate (lead, NULL) == 0);

    //  To an offer (no contact) and back
    lx_msg_t *msg = lx_msg_new (LX_CMD_OFFERED);
    lx_msg_set_str (msg, LX_F_NODE, "qujiang");
    lx_msg_set_int (msg, LX_F_SEQ, 1);
    lx_msg_set_int (msg, LX_F_SCORE, 65);
    lx_lead_to_msg (lead, msg, true);
    assert (!lx_msg_has (msg, LX_F_CONTACT));
    assert (lx_msg_validate (msg, &error) == 0);
    lx_lead_t *copy = lx_lead_from_msg (msg);
    assert (copy && lx_lead_validate (copy, NULL) == 0);
    assert (streq (copy->investor, lead->investor));
    assert (copy->contact == NULL && copy->phone == NULL);
    assert (copy->investment == 2000000000 && copy->land == 300);
    char *codes = lx_lead_industries_csv (copy);
    assert (streq (codes, "C3985,C26"));
    free (codes);
    lx_lead_destroy (&copy);
    lx_msg_destroy (&msg);

    //  To a lead registration (with contact)
    msg = lx_msg_new (LX_CMD_LEAD);
    lx_lead_to_msg (lead, msg, true);
    copy = lx_lead_from_msg (msg);
    assert (streq (copy->contact, "王经理") && streq (copy->phone, "13800000000"));
    lx_lead_destroy (&copy);
    lx_msg_destroy (&msg);

    //  An edit replaces what it carries, clears an emptied contact, and
    //  leaves the rest, the id, finder, channel and stage among it.
    msg = lx_msg_new (LX_CMD_EDIT);
    assert (lx_lead_apply_edit (lead, msg) == 0);
    lx_msg_set_int (msg, LX_F_INVESTMENT, 2500000000);
    lx_msg_set_str (msg, LX_F_CONTACT, "");
    lx_msg_set_str (msg, LX_F_SUMMARY, "扩产");
    lx_msg_add_item (msg, LX_F_INDUSTRIES, "C3841");
    lx_msg_add_item (msg, LX_F_TAGS, "锂电");
    lx_msg_set_str (msg, LX_F_TYPE, "headquarters");
    int stage = lead->stage, channel = lead->channel;
    assert (lx_lead_apply_edit (lead, msg) == 6);
    assert (lead->investment == 2500000000 && lead->contact == NULL);
    assert (streq (lead->phone, "13800000000") && streq (lead->summary, "扩产"));
    assert (lead->industry_count == 1 && streq (lead->industries [0], "C3841"));
    assert (lead->tag_count == 1 && streq (lead->tags [0], "锂电"));
    assert (lead->type == LX_TYPE_HEADQUARTERS && lead->land == 300);
    assert (lead->stage == stage && lead->channel == channel && streq (lead->finder, "kecheng"));
    assert (lx_lead_validate (lead, NULL) == 0);
    lx_msg_destroy (&msg);
    lx_lead_destroy (&lead);
    lx_lead_destroy (&lead);
    assert (lead == NULL);
}
