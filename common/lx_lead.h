/*  lx_lead: the lead record (招商项目信息).

    A plain record with public fields, like a row: the fields PRODUCT.md
    names for a lead. Strings are owned by the record (heap, freed by
    lx_lead_destroy); NULL means unknown. Money is int64 yuan.

    The record moves between three forms: the wire (lx_msg fields), the
    stores (SQLite rows, written by each program's store class) and the
    command line. lx_lead_validate is the single check all forms pass.
*/
#ifndef LX_LEAD_H_INCLUDED
#define LX_LEAD_H_INCLUDED

#include "lx_msg.h"

#include <stdbool.h>
#include <stdint.h>

#define LX_LEAD_MAX_INDUSTRIES 8    //  industry codes on one lead
#define LX_LEAD_MAX_TAGS 16         //  city industry tags on one lead
#define LX_MONEY_MAX 1000000000000000LL    //  10^15 yuan: far above any project
#define LX_LAND_MAX 10000000LL      //  mu

typedef struct {
    char *id;                   //  stable id, "<finder node>-<number>"
    char *finder;               //  node id of the district that found it
    char *investor;             //  investor company name
    char *uscc;                 //  unified social credit code, or NULL
    char *project;              //  project name
    char *summary;              //  what the project is, for judging fit
    char *industries [LX_LEAD_MAX_INDUSTRIES];  //  GB/T 4754-2017 codes
    int industry_count;         //  used entries of industries
    char *tags [LX_LEAD_MAX_TAGS];  //  the city's own industry tags
    int tag_count;              //  used entries of tags
    int64_t investment;         //  planned investment, yuan
    int64_t land;               //  land need, mu (亩); 0 if none
    int64_t tax;                //  expected annual tax, yuan
    int64_t output;             //  expected annual output, yuan
    int type;                   //  lx_type_t
    int channel;                //  lx_channel_t, how the finder got it
    char *contact;              //  investor's contact person: personal data
    char *phone;                //  contact's phone: personal data
    int stage;                  //  lx_stage_t
    char *found;                //  date captured, YYYY-MM-DD
} lx_lead_t;

//  Creates an empty lead (type manufacturing, channel own, stage captured).
lx_lead_t *lx_lead_new (void);

//  Destroys the lead and nulls *self_p; safe on NULL and twice.
void lx_lead_destroy (lx_lead_t **self_p);

//  Replaces a string field (*field_p is one of the record's char * fields)
//  with a copy of value (NULL clears it).
void lx_lead_set (char **field_p, const char *value);

//  Adds an industry code or a tag. Returns 0, or -1 when the list is full.
int lx_lead_add_industry (lx_lead_t *self, const char *code);
int lx_lead_add_tag (lx_lead_t *self, const char *tag);

//  Replaces the industries or tags with the items of a comma-separated
//  list ("C39,C3911"); empty items are skipped. Returns 0, or -1 when there
//  are too many items (the list is then left empty).
int lx_lead_set_industries_csv (lx_lead_t *self, const char *csv);
int lx_lead_set_tags_csv (lx_lead_t *self, const char *csv);

//  Returns the industries or tags joined by commas; caller frees.
char *lx_lead_industries_csv (lx_lead_t *self);
char *lx_lead_tags_csv (lx_lead_t *self);

//  Checks every field: presence of id, finder, investor, project and at
//  least one industry; lengths, UTF-8, codes, ranges, vocabularies.
//  Returns 0, or -1 with error filled (code LX_ERR_BAD_VALUE or
//  LX_ERR_MISSING_FIELD, reason naming the field).
int lx_lead_validate (lx_lead_t *self, lx_error_t *error);

//  Writes the lead's fields into msg (a LEAD, OFFERED or TRANSFER). The
//  contact person and phone are written only when with_contact is true.
void lx_lead_to_msg (lx_lead_t *self, lx_msg_t *msg, bool with_contact);

//  Builds a lead from a message's fields. Returns a new lead (caller's to
//  destroy), or NULL if out of memory. The message is assumed decoded
//  (validated); the result still passes lx_lead_validate before use.
lx_lead_t *lx_lead_from_msg (lx_msg_t *msg);

//  Applies an EDIT message to the record: each lead field the edit carries
//  (investor, uscc, project, summary, industries, tags, investment, land,
//  tax, output, type, contact, phone) replaces the record's; an empty
//  summary, contact or phone clears it. Id, finder, channel, stage and date
//  found never change. Returns how many fields the edit carries (0: it
//  changes nothing); the result still passes lx_lead_validate before use.
int lx_lead_apply_edit (lx_lead_t *self, lx_msg_t *edit);

//  Self test.
void lx_lead_test (bool verbose);

#endif
