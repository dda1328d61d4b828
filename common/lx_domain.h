/*  lx_domain: the fixed vocabularies of the lead exchange.

    Stages of a lead, credit metrics, lead types, channels, district roles
    and center decisions. Each vocabulary maps an ASCII wire name to a small
    integer; the integer order of stages is the order of a lead's life.
    Everything here is a pure table lookup: no allocation, no state.
*/
#ifndef LX_DOMAIN_H_INCLUDED
#define LX_DOMAIN_H_INCLUDED

#include <stdbool.h>

//  Stages, in the order of a lead's life (PRODUCT.md, "The lead and its life").
//  STRUCK and WITHDRAWN are terminal and sit outside the order.
typedef enum {
    LX_STAGE_CAPTURED = 0,      //  信息
    LX_STAGE_ASSESSING,         //  研判
    LX_STAGE_OFFERED,           //  流转中
    LX_STAGE_CLAIMED,           //  已认领
    LX_STAGE_TRANSFERRED,       //  已流转
    LX_STAGE_NEGOTIATING,       //  在谈
    LX_STAGE_SIGNED,            //  签约
    LX_STAGE_REGISTERED,        //  注册
    LX_STAGE_LAND,              //  供地
    LX_STAGE_STARTED,           //  开工
    LX_STAGE_COMPLETED,         //  竣工
    LX_STAGE_PRODUCING,         //  投产
    LX_STAGE_CAPACITY,          //  达产
    LX_STAGE_STRUCK,            //  销号
    LX_STAGE_WITHDRAWN,         //  撤回
    LX_STAGE_COUNT
} lx_stage_t;

//  Metrics that carry credit. COUNT is a project count in basis points of
//  one project (10000 = one project), so it splits like money.
typedef enum {
    LX_METRIC_CONTRACT = 0,     //  签约投资额 contract investment, yuan
    LX_METRIC_FUNDS,            //  到位资金 funds in place, yuan
    LX_METRIC_FIXED_ASSET,      //  固定资产投资 fixed-asset investment, yuan
    LX_METRIC_OUTPUT,           //  产值 output, yuan
    LX_METRIC_TAX,              //  税收 tax, yuan
    LX_METRIC_COUNT_PROJECTS,   //  项目数 project count, 1/10000 project
    LX_METRIC_COUNT
} lx_metric_t;

//  One whole project in the COUNT_PROJECTS metric.
#define LX_PROJECT_UNIT 10000

typedef enum {
    LX_TYPE_MANUFACTURING = 0, LX_TYPE_SERVICE, LX_TYPE_HEADQUARTERS,
    LX_TYPE_TAX_SOURCE, LX_TYPE_AGRICULTURE, LX_TYPE_TOURISM, LX_TYPE_COUNT
} lx_type_t;

typedef enum {
    LX_CHANNEL_OWN = 0,         //  own team
    LX_CHANNEL_LIAISON,         //  out-of-town liaison office 驻外联络处
    LX_CHANNEL_ASSOCIATION,     //  business association 以商引商
    LX_CHANNEL_INTERMEDIARY,    //  intermediary 中介
    LX_CHANNEL_COUNT
} lx_channel_t;

typedef enum {
    LX_ROLE_COUNTY = 0, LX_ROLE_PLATFORM, LX_ROLE_LIAISON, LX_ROLE_CENTER, LX_ROLE_COUNT
} lx_role_t;

//  Wire names ("captured", "contract", "manufacturing", "own", "county" ...)
//  and their Chinese labels for listings. Each *_name returns a static
//  string, or NULL for an out-of-range value.
const char *lx_stage_name (int stage);
const char *lx_stage_label (int stage);
const char *lx_metric_name (int metric);
const char *lx_metric_label (int metric);
const char *lx_type_name (int type);
const char *lx_channel_name (int channel);
const char *lx_role_name (int role);

//  Parse a wire name. Each returns the value, or -1 when name is NULL or
//  not in the vocabulary (names are case-sensitive, lowercase ASCII).
int lx_stage_from_name (const char *name);
int lx_metric_from_name (const char *name);
int lx_type_from_name (const char *name);
int lx_channel_from_name (const char *name);
int lx_role_from_name (const char *name);

//  True when a lead that is at stage `from` may be reported at stage `to`
//  by its lander: forward along the life, or the same stage again (a second
//  tranche of funds is reported at the same stage). Terminal stages never move.
bool lx_stage_may_progress (int from, int to);

//  Self test.
void lx_domain_test (bool verbose);

#endif
