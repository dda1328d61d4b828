/*  broker_profile: one district's profile, as the broker matches leads.

    A profile says what a district wants and can offer (PRODUCT.md,
    "Matching"): its leading industries (主导产业), cluster and emerging
    industries as GB/T 4754-2017 codes, the city's own industry tags, a
    minimum planned investment, and the plots of ready land (熟地) it
    publishes, each with the industries it is zoned for and a minimum
    investment intensity in 万元 per mu.

    Profiles come from the broker's ZPL config, one child of `districts`
    per district; the child's name is the district's node id:

        districts
            kecheng
                name = "柯城区"                # display name, UTF-8
                role = "county"                # county | platform | liaison | center
                leading = "C39,C38,C26"        # leading industries, codes
                cluster = "C30"                # cluster industry, codes
                emerging = "C35,I65"           # emerging industries, codes
                tags = "新材料,电子信息"        # the city's industry tags
                min_investment = 50000000      # yuan, 0 = no minimum
                manufacturing_target_bp = 6500 # target manufacturing share of funds in place
                plots
                    kc-01
                        name = "航埠工业园区块"
                        area = 120             # mu available
                        industries = "C39,C38" # industries the plot is zoned for
                        min_intensity = 300    # 万元 per mu, 0 = none

    Rules the loader enforces (anything else is refused with a reason):
    - the district id is an identifier (lx_valid_id);
    - name and role are required; name is 1..128 bytes of UTF-8 without
      control characters; role is a name of lx_role_from_name;
    - leading, cluster, emerging, tags, min_investment and plots are
      optional (empty / 0 / none); manufacturing_target_bp is optional
      (BROKER_PROFILE_MANUFACTURING_TARGET, the city's 65 %), 0..10000;
    - lists are comma separated; blanks and tabs around an item are ignored;
      an empty or blank value is an empty list, but an empty item inside a
      list ("C39,,C38") is refused, as is an item repeated in one list;
    - each code passes lx_valid_industry; each tag is 1..64 bytes of UTF-8
      without control characters; at most 16 codes per list, 16 tags and
      32 plots;
    - integers are non-negative decimal digits only ("12x", "-5", "+5",
      " 5" and "" are refused): min_investment 0..LX_MONEY_MAX yuan, area
      0..LX_LAND_MAX mu, min_intensity 0..BROKER_PROFILE_INTENSITY_MAX;
    - a plot's id is an identifier, unique within its district; name, area
      and industries (at least one code) are required, min_intensity is
      optional; a plot with any other key is refused (a typo there would
      silently change routing);
    - other keys directly under the district are ignored: other parts of
      the broker (e.g. connection keys) share the district section.
*/
#ifndef BROKER_PROFILE_H_INCLUDED
#define BROKER_PROFILE_H_INCLUDED

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BROKER_PROFILE_MAX_CODES 16     //  codes in one industry list, or on one plot
#define BROKER_PROFILE_MAX_TAGS 16      //  tags of one district
#define BROKER_PROFILE_MAX_PLOTS 32     //  plots of one district
#define BROKER_PROFILE_NAME_MAX 128     //  bytes in a district or plot name
#define BROKER_PROFILE_TAG_MAX 64       //  bytes in one tag
#define BROKER_PROFILE_INTENSITY_MAX 1000000LL  //  万元 per mu: far above any plot

//  The lists of a profile.
typedef enum {
    BROKER_PROFILE_LEADING = 0,     //  leading industries 主导产业, codes
    BROKER_PROFILE_CLUSTER,         //  cluster industry 产业集群, codes
    BROKER_PROFILE_EMERGING,        //  emerging industries 新兴产业, codes
    BROKER_PROFILE_TAGS,            //  the city's own industry tags
    BROKER_PROFILE_LIST_COUNT
} broker_profile_list_t;

//  The manufacturing share of funds in place a district is held to,
//  unless its profile says otherwise: 65 %.
#define BROKER_PROFILE_MANUFACTURING_TARGET 6500

typedef struct _broker_profile_t broker_profile_t;

//  Loads one district's profile from its config item (a child of
//  `districts`; zconfig_name is the district id). Does not keep or modify
//  district. Returns a new profile (the caller's to destroy), or NULL when
//  the config breaks any rule above or memory runs out; error (may be NULL)
//  then receives one line naming the district and the key, e.g.
//  `district kecheng: leading: "C44" is not a GB/T 4754-2017 code`.
broker_profile_t *
    broker_profile_load (zconfig_t *district, char *error, size_t error_size);

//  Creates an empty profile for programmatic use (tests, tools): no
//  industries, tags, plots or minimum. Copies id and name. Returns NULL
//  when id is not an identifier, name is not a valid name, role is not a
//  lx_role_t, or out of memory.
broker_profile_t *
    broker_profile_new (const char *id, const char *name, int role);

//  Destroys the profile and nulls *self_p; safe on NULL and twice.
void
    broker_profile_destroy (broker_profile_t **self_p);

//  The district id (node id) and display name; they belong to the profile.
const char *
    broker_profile_id (broker_profile_t *self);
const char *
    broker_profile_name (broker_profile_t *self);

//  The district's role, an lx_role_t (LX_ROLE_CENTER is never routed to).
int
    broker_profile_role (broker_profile_t *self);

//  Adds an item (a code, or a tag for BROKER_PROFILE_TAGS) to a list,
//  copying it. Returns 0, or -1 (profile unchanged) when the item is not
//  valid for the list, is already in it, or the list is full, or out of
//  memory. list out of range is a programmer error (asserts).
int
    broker_profile_add (broker_profile_t *self, broker_profile_list_t list, const char *item);

//  Number of items in a list. list out of range asserts.
size_t
    broker_profile_count (broker_profile_t *self, broker_profile_list_t list);

//  Item index of a list, in config order; the string belongs to the
//  profile. index >= count asserts.
const char *
    broker_profile_item (broker_profile_t *self, broker_profile_list_t list, size_t index);

//  The config key of a list ("leading", "cluster", "emerging", "tags"), a
//  static string; NULL when list is out of range.
const char *
    broker_profile_list_name (int list);

//  The minimum planned investment in yuan; 0 means no minimum.
int64_t
    broker_profile_min_investment (broker_profile_t *self);

//  Sets the minimum investment. Returns 0, or -1 (unchanged) when yuan is
//  outside 0..LX_MONEY_MAX.
int
    broker_profile_set_min_investment (broker_profile_t *self, int64_t yuan);

//  Adds a plot. Copies id, name and the comma-separated industries (same
//  list rules as the config, at least one code). Returns 0, or -1 (profile
//  unchanged) when any value breaks the rules above, the id is already a
//  plot of this profile, 32 plots exist, or out of memory.
int
    broker_profile_add_plot (broker_profile_t *self, const char *id, const char *name,
                             int64_t area, const char *industries, int64_t min_intensity);

//  Number of plots.
size_t
    broker_profile_plot_count (broker_profile_t *self);

//  Accessors of plot number plot (0 .. plot_count - 1, in config order;
//  out of range asserts). Strings belong to the profile. area is in mu,
//  min_intensity in 万元 (10,000 yuan) per mu.
const char *
    broker_profile_plot_id (broker_profile_t *self, size_t plot);
const char *
    broker_profile_plot_name (broker_profile_t *self, size_t plot);
int64_t
    broker_profile_plot_area (broker_profile_t *self, size_t plot);
int64_t
    broker_profile_plot_min_intensity (broker_profile_t *self, size_t plot);
size_t
    broker_profile_plot_industry_count (broker_profile_t *self, size_t plot);
//  Industry code index of the plot; index >= industry count asserts.
const char *
    broker_profile_plot_industry (broker_profile_t *self, size_t plot, size_t index);

//  The district's target for the manufacturing share of funds in place,
//  in basis points (the assessment reports compare the share with it).
int64_t broker_profile_manufacturing_target (broker_profile_t *self);

//  Self test.
void
    broker_profile_test (bool verbose);

#endif
