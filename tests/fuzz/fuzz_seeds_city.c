/*  fuzz_seeds_city: the seeds of fuzz_logic and fuzz_node, naming the
    fixtures' districts and leads (fuzz_city.h, fuzz_seeds.h).
*/

#include "fuzz_seeds.h"
#include "lx_domain.h"
#include "lx_valid.h"

#include <errno.h>
#include <msgpack.h>
#include <stdio.h>

//  ---------------------------------------------------------------------
//  fuzz_logic: node commands against the broker fixture

//  Writes msg from the district node to fuzz_logic's corpus, its node
//  field set to the sender.
static void
s_logic (fuzz_seeds_out_t *out, const char *name, const char *node, lx_msg_t *msg)
{
    int sender = fuzz_city_index (node);
    assert (sender >= 0);
    lx_msg_set_str (msg, LX_F_NODE, node);
    fuzz_seeds_write_msg (out, "fuzz_logic", name, sender, msg, true);
}

//  A registration of id by finder; industries is a comma-separated list.
static lx_msg_t *
s_registration (const char *id, const char *finder, const char *industries, int64_t investment,
                int64_t land, const char *tag)
{
    lx_lead_t *lead = fuzz_seeds_lead (id, finder);
    lx_lead_set_industries_csv (lead, industries);
    lx_lead_set_tags_csv (lead, tag);
    lead->investment = investment;
    lead->land = land;
    lx_msg_t *msg = fuzz_seeds_lead_msg (LX_CMD_LEAD, finder, 101, lead, true);
    lx_lead_destroy (&lead);
    return msg;
}

//  Writes fuzz_logic's seeds: every command, accepted and refused.
void
fuzz_seeds_logic_seeds (fuzz_seeds_out_t *out)
{
    //  lead
    s_logic (out, "lead-kecheng", "kecheng",
             s_registration ("kecheng-000101", "kecheng", "C2614,C29", 2000000000, 120, "氟硅新材料"));
    s_logic (out, "lead-zhizao-plot", "kecheng",
             s_registration ("kecheng-000102", "kecheng", "C3841", 3000000000, 400, "新能源,锂电池"));
    s_logic (out, "lead-below-minimum", "kecheng",
             s_registration ("kecheng-000103", "kecheng", "C3841", 50000000, 0, ""));
    s_logic (out, "lead-plot-too-small", "qujiang",
             s_registration ("qujiang-000101", "qujiang", "C3841,C397", 90000000000, 900, "智能装备"));
    s_logic (out, "lead-low-intensity", "gaoxin",
             s_registration ("gaoxin-000101", "gaoxin", "C26", 100000, 100, "特种纸"));
    s_logic (out, "lead-section-only", "lo-beijing",
             s_registration ("lo-beijing-000101", "lo-beijing", "C,I65", 1, 1, "数字经济"));
    s_logic (out, "lead-center", "center",
             s_registration ("center-000001", "center", "A01", 0, 0, ""));
    s_logic (out, "lead-again", "kecheng",
             s_registration (FUZZ_LEAD_CAPTURED, "kecheng", "C2614", 2000000000, 120, ""));
    s_logic (out, "lead-other-finder", "qujiang",
             s_registration ("kecheng-000104", "kecheng", "C2614", 2000000000, 120, ""));
    s_logic (out, "lead-id-prefix", "kecheng",
             s_registration ("kechengx-000001", "kecheng", "C2614", 2000000000, 120, ""));
    lx_msg_t *msg = s_registration ("kecheng-000105", "kecheng", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_STAGE, "offered");
    s_logic (out, "lead-stage-offered", "kecheng", msg);
    msg = s_registration ("kecheng-000106", "kecheng", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_STAGE, "assessing");
    lx_msg_set_str (msg, LX_F_CHANNEL, "liaison");
    lx_msg_unset (msg, LX_F_USCC);
    lx_msg_unset (msg, LX_F_CONTACT);
    lx_msg_unset (msg, LX_F_PHONE);
    s_logic (out, "lead-assessing-liaison", "kecheng", msg);
    //  offer
    s_logic (out, "offer-captured", "kecheng", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_CAPTURED));
    s_logic (out, "offer-rejected-again", "kecheng", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_REJECTED));
    s_logic (out, "offer-own", "qujiang", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "qujiang", FUZZ_LEAD_OWN));
    s_logic (out, "offer-open", "kecheng", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_OPEN));
    s_logic (out, "offer-transferred", "kecheng",
             fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", FUZZ_LEAD_TRANSFERRED));
    s_logic (out, "offer-not-finder", "qujiang", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "qujiang", FUZZ_LEAD_CAPTURED));
    s_logic (out, "offer-unknown", "kecheng", fuzz_seeds_lead_cmd (LX_CMD_OFFER, "kecheng", "kecheng-999999"));
    //  claim
    const char *claimants [] = { "qujiang", "zhizao", "gaoxin", "kecheng", "lo-beijing", "center" };
    for (size_t index = 0; index < sizeof claimants / sizeof claimants [0]; index++) {
        char *name = zsys_sprintf ("claim-open-%s", claimants [index]);
        s_logic (out, name, claimants [index], fuzz_seeds_lead_cmd (LX_CMD_CLAIM, claimants [index], FUZZ_LEAD_OPEN));
        zstr_free (&name);
    }
    s_logic (out, "claim-taken", "qujiang", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_CLAIMED));
    s_logic (out, "claim-held", "zhizao", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "zhizao", FUZZ_LEAD_CLAIMED));
    s_logic (out, "claim-rejected", "qujiang", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_REJECTED));
    s_logic (out, "claim-captured", "qujiang", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "qujiang", FUZZ_LEAD_CAPTURED));
    s_logic (out, "claim-liaison", "gaoxin", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "gaoxin", FUZZ_LEAD_LIAISON));
    s_logic (out, "claim-transferred", "gaoxin",
             fuzz_seeds_lead_cmd (LX_CMD_CLAIM, "gaoxin", FUZZ_LEAD_TRANSFERRED));
    //  decide
    s_logic (out, "decide-approve", "center", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, NULL));
    s_logic (out, "decide-reject", "center", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "reject", NULL, "另有安排"));
    s_logic (out, "decide-override", "center", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "approve", "tax", "税收五五分成"));
    msg = fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, "全部指标另议");
    fuzz_seeds_all_splits (msg);
    s_logic (out, "decide-override-all", "center", msg);
    s_logic (out, "decide-override-no-reason", "center", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "approve", "tax", NULL));
    s_logic (out, "decide-reject-split", "center", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "reject", "tax", "理由"));
    s_logic (out, "decide-not-center", "kecheng", fuzz_seeds_decide (FUZZ_LEAD_CLAIMED, "approve", NULL, NULL));
    s_logic (out, "decide-open", "center", fuzz_seeds_decide (FUZZ_LEAD_OPEN, "approve", NULL, NULL));
    s_logic (out, "decide-transferred", "center", fuzz_seeds_decide (FUZZ_LEAD_TRANSFERRED, "approve", NULL, NULL));
    s_logic (out, "decide-unknown", "center", fuzz_seeds_decide ("kecheng-999999", "reject", NULL, NULL));
    //  progress
    s_logic (out, "progress-first-signing", "qujiang",
             fuzz_seeds_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "signed", "contract", 100000001));
    s_logic (out, "progress-negotiating", "qujiang",
             fuzz_seeds_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "negotiating", NULL, 0));
    s_logic (out, "progress-capacity-output", "qujiang",
             fuzz_seeds_progress ("qujiang", FUZZ_LEAD_TRANSFERRED, "capacity", "output", 1000000000000000));
    s_logic (out, "progress-finder-of-transferred", "kecheng",
             fuzz_seeds_progress ("kecheng", FUZZ_LEAD_TRANSFERRED, "signed", NULL, 0));
    s_logic (out, "progress-own-signed", "qujiang",
             fuzz_seeds_progress ("qujiang", FUZZ_LEAD_OWN, "signed", "funds", 300000000));
    s_logic (out, "progress-own-assessing", "qujiang",
             fuzz_seeds_progress ("qujiang", FUZZ_LEAD_OWN, "assessing", NULL, 0));
    s_logic (out, "progress-signed-tax", "gaoxin",
             fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "started", "tax", 7777777));
    s_logic (out, "progress-signed-again", "gaoxin",
             fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "contract", 1));
    s_logic (out, "progress-backwards", "gaoxin",
             fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "negotiating", NULL, 0));
    s_logic (out, "progress-struck", "gaoxin", fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "struck", NULL, 0));
    s_logic (out, "progress-count", "gaoxin",
             fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "count", 10000));
    msg = fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", "funds", 1);
    lx_msg_unset (msg, LX_F_AMOUNT);
    s_logic (out, "progress-metric-alone", "gaoxin", msg);
    msg = fuzz_seeds_progress ("gaoxin", FUZZ_LEAD_SIGNED, "signed", NULL, 0);
    lx_msg_set_int (msg, LX_F_AMOUNT, 5);
    s_logic (out, "progress-amount-alone", "gaoxin", msg);
    s_logic (out, "progress-claimed", "zhizao", fuzz_seeds_progress ("zhizao", FUZZ_LEAD_CLAIMED, "signed", NULL, 0));
    s_logic (out, "progress-open", "kecheng", fuzz_seeds_progress ("kecheng", FUZZ_LEAD_OPEN, "signed", NULL, 0));
    s_logic (out, "progress-unknown", "kecheng", fuzz_seeds_progress ("kecheng", "kecheng-999999", "signed", NULL, 0));
    //  withdraw: the finder only, with a reason, before signing
    const struct { const char *name, *node, *lead, *reason; } withdrawals [] = {
        { "withdraw-captured", "kecheng", FUZZ_LEAD_CAPTURED, "项目终止" },
        { "withdraw-open", "kecheng", FUZZ_LEAD_OPEN, "投资方改投外省" },
        { "withdraw-claimed", "kecheng", FUZZ_LEAD_CLAIMED, "投资方放弃" },
        { "withdraw-transferred", "kecheng", FUZZ_LEAD_TRANSFERRED, "项目终止" },
        { "withdraw-signed", "zhizao", FUZZ_LEAD_SIGNED, "太迟" },
        { "withdraw-not-finder", "qujiang", FUZZ_LEAD_OPEN, "不是我的" },
        { "withdraw-no-reason", "kecheng", FUZZ_LEAD_OPEN, "" },
        { "withdraw-unknown", "kecheng", "kecheng-999999", "x" },
    };
    for (size_t index = 0; index < sizeof withdrawals / sizeof withdrawals [0]; index++) {
        msg = fuzz_seeds_lead_cmd (LX_CMD_WITHDRAW, withdrawals [index].node, withdrawals [index].lead);
        lx_msg_set_str (msg, LX_F_REASON, withdrawals [index].reason);
        s_logic (out, withdrawals [index].name, withdrawals [index].node, msg);
    }
    //  edit: the finder only, before signing, not while the center decides
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_OPEN);
    lx_msg_set_int (msg, LX_F_INVESTMENT, 2500000000);
    lx_msg_set_str (msg, LX_F_SUMMARY, "一期扩产");
    lx_msg_set_str (msg, LX_F_CONTACT, "");
    lx_msg_add_item (msg, LX_F_INDUSTRIES, "C3841");
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    s_logic (out, "edit-open", "kecheng", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_TRANSFERRED);
    lx_msg_set_str (msg, LX_F_PHONE, "13800000009");
    lx_msg_set_list (msg, LX_F_TAGS);
    s_logic (out, "edit-transferred", "kecheng", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_CAPTURED);
    lx_msg_set_str (msg, LX_F_USCC, "91330802MA29U5P27G");
    lx_msg_set_str (msg, LX_F_TYPE, "headquarters");
    lx_msg_set_int (msg, LX_F_LAND, 10000000);
    s_logic (out, "edit-captured", "kecheng", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_CLAIMED);
    lx_msg_set_int (msg, LX_F_TAX, 1);
    s_logic (out, "edit-claimed", "kecheng", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "zhizao", FUZZ_LEAD_SIGNED);
    lx_msg_set_int (msg, LX_F_OUTPUT, 1);
    s_logic (out, "edit-signed", "zhizao", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "qujiang", FUZZ_LEAD_OPEN);
    lx_msg_set_str (msg, LX_F_PROJECT, "别人的项目");
    s_logic (out, "edit-not-finder", "qujiang", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_OPEN);
    lx_msg_set_str (msg, LX_F_REASON, "nothing");
    s_logic (out, "edit-nothing", "kecheng", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_EDIT, "kecheng", FUZZ_LEAD_OPEN);
    lx_msg_set_list (msg, LX_F_INDUSTRIES);
    s_logic (out, "edit-no-industry", "kecheng", msg);
    //  lead naming an investor kecheng registered first (fuzz_city_lead):
    //  by its name alone, or not at all
    msg = s_registration ("qujiang-000102", "qujiang", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_INVESTOR, "衢州某化工集团有限公司");
    lx_msg_unset (msg, LX_F_USCC);
    s_logic (out, "lead-conflict-name", "qujiang", msg);
    msg = s_registration ("qujiang-000103", "qujiang", "C2614", 2000000000, 120, "");
    lx_msg_set_str (msg, LX_F_INVESTOR, "某化土集团有限公司");
    lx_msg_unset (msg, LX_F_USCC);
    s_logic (out, "lead-other-investor", "qujiang", msg);
    //  resolve: the center only, with a reason, a conflict awaiting it
    //  (qujiang's own lead names the investor of kecheng's, registered first)
    const char *resolutions [] = { "keep", "transfer", "merge", "dismiss" };
    for (size_t index = 0; index < sizeof resolutions / sizeof resolutions [0]; index++) {
        char *name = zsys_sprintf ("resolve-%s", resolutions [index]);
        s_logic (out, name, "center", fuzz_seeds_resolve ("center", FUZZ_LEAD_OWN, resolutions [index],
                                                          "同一投资方，以柯城区报备为准"));
        zstr_free (&name);
    }
    s_logic (out, "resolve-not-center", "qujiang", fuzz_seeds_resolve ("qujiang", FUZZ_LEAD_OWN, "dismiss", "不是同一家"));
    s_logic (out, "resolve-no-reason", "center", fuzz_seeds_resolve ("center", FUZZ_LEAD_OWN, "keep", ""));
    s_logic (out, "resolve-unknown", "center", fuzz_seeds_resolve ("center", "qujiang-999999", "keep", "x"));
    s_logic (out, "resolve-no-conflict", "center", fuzz_seeds_resolve ("center", FUZZ_LEAD_CAPTURED, "keep", "x"));
    //  strike: the center only, with a reason, the leads named or due
    const char *alive [] = { FUZZ_LEAD_CAPTURED, FUZZ_LEAD_OPEN, FUZZ_LEAD_CLAIMED, FUZZ_LEAD_TRANSFERRED,
                             FUZZ_LEAD_REJECTED, FUZZ_LEAD_LIAISON };
    s_logic (out, "strike-leads", "center", fuzz_seeds_strike ("center", alive, 6, -1, "月度清理：三个月无进展"));
    const char *own [] = { FUZZ_LEAD_OWN };
    s_logic (out, "strike-own", "center", fuzz_seeds_strike ("center", own, 1, 0, "重复报备"));
    const char *signed_lead [] = { FUZZ_LEAD_CAPTURED, FUZZ_LEAD_SIGNED };
    s_logic (out, "strike-signed", "center", fuzz_seeds_strike ("center", signed_lead, 2, -1, "太迟"));
    const char *unknown [] = { "kecheng-999999" };
    s_logic (out, "strike-unknown", "center", fuzz_seeds_strike ("center", unknown, 1, -1, "x"));
    const char *twice [] = { FUZZ_LEAD_OPEN, FUZZ_LEAD_OPEN };
    s_logic (out, "strike-twice", "center", fuzz_seeds_strike ("center", twice, 2, -1, "两次"));
    s_logic (out, "strike-due", "center", fuzz_seeds_strike ("center", NULL, 0, 1, "月度清理"));
    s_logic (out, "strike-due-and-leads", "center", fuzz_seeds_strike ("center", own, 1, 1, "月度清理"));
    s_logic (out, "strike-neither", "center", fuzz_seeds_strike ("center", NULL, 0, 0, "月度清理"));
    s_logic (out, "strike-not-center", "kecheng", fuzz_seeds_strike ("kecheng", NULL, 0, 1, "月度清理"));
    s_logic (out, "strike-no-reason", "center", fuzz_seeds_strike ("center", own, 1, -1, ""));
    //  A broker's event sent by a node: not a node's command.
    lx_lead_t *lead = fuzz_seeds_lead (FUZZ_LEAD_OPEN, "kecheng");
    msg = fuzz_seeds_lead_msg (LX_CMD_OFFERED, "kecheng", 3, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 40);
    s_logic (out, "wrong-direction-offered", "kecheng", msg);
}

//  ---------------------------------------------------------------------
//  fuzz_node: the broker's events for the node fixture

//  Writes an event for the node fixture to fuzz_node's corpus.
static void
s_node (fuzz_seeds_out_t *out, const char *name, lx_msg_t *msg)
{
    lx_msg_set_str (msg, LX_F_NODE, FUZZ_NODE_SELF);
    fuzz_seeds_write_msg (out, "fuzz_node", name, -1, msg, true);
}

//  A transfer of lead (found by finder) to lander.
static lx_msg_t *
s_transfer (const char *id, const char *finder, const char *decision, const char *lander, bool contact)
{
    lx_lead_t *lead = fuzz_seeds_lead (id, finder);
    lead->stage = streq (decision, "approve")? LX_STAGE_TRANSFERRED: LX_STAGE_ASSESSING;
    lx_msg_t *msg = fuzz_seeds_lead_msg (LX_CMD_TRANSFER, FUZZ_NODE_SELF, 20, lead, contact);
    lx_lead_destroy (&lead);
    lx_msg_set_str (msg, LX_F_DECISION, decision);
    lx_msg_set_str (msg, LX_F_LANDER, lander);
    if (streq (decision, "approve"))
        fuzz_seeds_all_splits (msg);
    return msg;
}

//  Writes fuzz_node's seeds: every event, about the node fixture's leads.
void
fuzz_seeds_node_seeds (fuzz_seeds_out_t *out)
{
    lx_lead_t *lead = fuzz_seeds_lead ("kecheng-000006", "kecheng");
    lead->stage = LX_STAGE_OFFERED;
    lx_msg_t *msg = fuzz_seeds_lead_msg (LX_CMD_OFFERED, FUZZ_NODE_SELF, 20, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 100);
    for (int index = 0; index < 16; index++)
        lx_msg_add_item (msg, LX_F_REASONS, index % 2? "tag 新能源": "leading industry C26 matches C2614");
    s_node (out, "offered-new", msg);
    lead = fuzz_seeds_lead (FUZZ_NODE_OFFERED_LEAD, "kecheng");
    lead->stage = LX_STAGE_OFFERED;
    msg = fuzz_seeds_lead_msg (LX_CMD_OFFERED, FUZZ_NODE_SELF, 20, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_int (msg, LX_F_SCORE, 0);
    s_node (out, "offered-again", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_CLOSED, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_REASON, "taken by zhizao");
    lx_msg_set_str (msg, LX_F_CLAIMANT, "zhizao");
    s_node (out, "closed", msg);
    msg = fuzz_seeds_lead_cmd (LX_CMD_CLOSED, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_REASON, "");
    s_node (out, "closed-no-claimant", msg);
    const char *results [][3] = {
        { "claim_result-won", FUZZ_NODE_OFFERED_LEAD, FUZZ_NODE_SELF },
        { "claim_result-lost", FUZZ_NODE_OFFERED_LEAD, "zhizao" },
        { "claim_result-own-claimed", FUZZ_NODE_OWN_LEAD, "gaoxin" },
    };
    for (size_t index = 0; index < sizeof results / sizeof results [0]; index++) {
        msg = fuzz_seeds_lead_cmd (LX_CMD_CLAIM_RESULT, FUZZ_NODE_SELF, results [index][1]);
        lx_msg_set_bool (msg, LX_F_WON, index != 1);
        lx_msg_set_str (msg, LX_F_CLAIMANT, results [index][2]);
        lx_msg_set_str (msg, LX_F_REASON, index == 1? "taken by zhizao": "claimed, awaiting the center's approval");
        s_node (out, results [index][0], msg);
    }
    msg = fuzz_seeds_lead_cmd (LX_CMD_APPROVAL, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD);
    lx_msg_set_str (msg, LX_F_FINDER, "kecheng");
    lx_msg_set_str (msg, LX_F_CLAIMANT, FUZZ_NODE_SELF);
    lx_msg_set_str (msg, LX_F_PROJECT, "锂电隔膜项目");
    lx_msg_set_str (msg, LX_F_INVESTOR, "衢州某新材料有限公司");
    lx_msg_set_int (msg, LX_F_INVESTMENT, 2000000000);
    lx_msg_set_str (msg, LX_F_CHANNEL, "association");
    fuzz_seeds_all_splits (msg);
    s_node (out, "approval", msg);
    s_node (out, "transfer-landed-here", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "approve",
                                                     FUZZ_NODE_SELF, true));
    s_node (out, "transfer-landed-elsewhere", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "approve",
                                                          "zhizao", false));
    s_node (out, "transfer-rejected", s_transfer (FUZZ_NODE_OFFERED_LEAD, "kecheng", "reject",
                                                  FUZZ_NODE_SELF, false));
    s_node (out, "transfer-own-lead-out", s_transfer (FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "approve",
                                                      "gaoxin", false));
    s_node (out, "transfer-own-lead-rejected", s_transfer (FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "reject",
                                                           "gaoxin", false));
    s_node (out, "progressed-landed-contract",
            fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 2, "kecheng", FUZZ_NODE_SELF, "signed",
                          "contract", 100000001, 3000));
    s_node (out, "progressed-landed-count",
            fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 3, "kecheng", FUZZ_NODE_SELF, "signed",
                          "count", 10000, 3333));
    s_node (out, "progressed-same-id",
            fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 1, "kecheng", FUZZ_NODE_SELF, "started",
                          NULL, 0, 0));
    s_node (out, "progressed-own",
            fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, 4, FUZZ_NODE_SELF, FUZZ_NODE_SELF, "capacity",
                          "tax", 1000000000000000, 0));
    s_node (out, "progressed-as-finder",
            fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, 5, FUZZ_NODE_SELF, "gaoxin", "signed",
                          "funds", 999999, 10000));
    msg = fuzz_seeds_msg (LX_CMD_REJECTED, FUZZ_NODE_SELF, 20);
    lx_msg_set_int (msg, LX_F_REF, 2);
    lx_msg_set_int (msg, LX_F_CODE, LX_ERR_CONFLICT);
    lx_msg_set_str (msg, LX_F_REASON, "lead qujiang-000001 is offered and cannot be offered");
    lx_msg_set_str (msg, LX_F_LEAD, FUZZ_NODE_OWN_LEAD);
    s_node (out, "rejected", msg);
    msg = fuzz_seeds_msg (LX_CMD_REJECTED, FUZZ_NODE_SELF, 20);
    lx_msg_set_int (msg, LX_F_REF, INT64_C (4611686018427387904));
    lx_msg_set_int (msg, LX_F_CODE, 999);
    lx_msg_set_str (msg, LX_F_REASON, "x");
    s_node (out, "rejected-no-lead", msg);
    const char *withdrawn [][2] = {
        { "withdrawn-offered", FUZZ_NODE_OFFERED_LEAD }, { "withdrawn-landed", FUZZ_NODE_LANDED_LEAD },
        { "withdrawn-own", FUZZ_NODE_OWN_LEAD },
    };
    for (size_t index = 0; index < sizeof withdrawn / sizeof withdrawn [0]; index++) {
        msg = fuzz_seeds_lead_cmd (LX_CMD_WITHDRAWN, FUZZ_NODE_SELF, withdrawn [index][1]);
        lx_msg_set_str (msg, LX_F_FINDER, index == 2? FUZZ_NODE_SELF: "kecheng");
        lx_msg_set_str (msg, LX_F_REASON, "投资方改投外省");
        s_node (out, withdrawn [index][0], msg);
    }
    lead = fuzz_seeds_lead (FUZZ_NODE_OFFERED_LEAD, "kecheng");
    lead->stage = LX_STAGE_OFFERED;
    lead->investment = 2500000000;
    msg = fuzz_seeds_lead_msg (LX_CMD_EDITED, FUZZ_NODE_SELF, 20, lead, false);
    lx_lead_destroy (&lead);
    lx_msg_set_str (msg, LX_F_REASON, "投资方追加投资");
    s_node (out, "edited-offered", msg);
    lead = fuzz_seeds_lead (FUZZ_NODE_LANDED_LEAD, "kecheng");
    lead->stage = LX_STAGE_TRANSFERRED;
    lx_lead_set (&lead->phone, "13800000009");
    msg = fuzz_seeds_lead_msg (LX_CMD_EDITED, FUZZ_NODE_SELF, 20, lead, true);
    lx_lead_destroy (&lead);
    lx_msg_set_str (msg, LX_F_LANDER, FUZZ_NODE_SELF);
    s_node (out, "edited-landed", msg);
    //  The register: a conflict on our own lead, and on another's naming ours.
    s_node (out, "conflict-own-later",
            fuzz_seeds_conflict (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "kecheng-000001", "kecheng",
                                 "uscc", 10000));
    s_node (out, "conflict-own-earlier",
            fuzz_seeds_conflict (FUZZ_NODE_SELF, "gaoxin-000007", "gaoxin", FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF,
                                 "similar", 8000));
    s_node (out, "conflict-name",
            fuzz_seeds_conflict (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "zhizao-000001", "zhizao",
                                 "name", 10000));
    const char *resolved [][2] = {
        { "resolved-keep", "keep" }, { "resolved-transfer", "transfer" }, { "resolved-merge", "merge" },
    };
    for (size_t index = 0; index < sizeof resolved / sizeof resolved [0]; index++)
        s_node (out, resolved [index][0],
                fuzz_seeds_resolved (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "kecheng-000001",
                                     "kecheng", resolved [index][1], "柯城区先报备"));
    s_node (out, "resolved-dismiss-earlier",
            fuzz_seeds_resolved (FUZZ_NODE_SELF, "gaoxin-000007", "gaoxin", FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF,
                                 "dismiss", "不是同一家"));
    //  Struck off by the center.
    const char *struck [][3] = {
        { "struck-own", FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF }, { "struck-offered", FUZZ_NODE_OFFERED_LEAD, "kecheng" },
        { "struck-landed", FUZZ_NODE_LANDED_LEAD, "kecheng" },
    };
    for (size_t index = 0; index < sizeof struck / sizeof struck [0]; index++)
        s_node (out, struck [index][0], fuzz_seeds_struck (FUZZ_NODE_SELF, struck [index][1], struck [index][2],
                                                            "月度清理：三个月无进展"));
    //  The timers: an offer expired, a transfer back to the pool or its
    //  finder, leads flagged stale.
    s_node (out, "returned-expired",
            fuzz_seeds_returned (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, NULL, "assessing",
                                 "no district claimed it within 14 days; back with its finder"));
    s_node (out, "returned-landed-pool",
            fuzz_seeds_returned (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, "kecheng", FUZZ_NODE_SELF, "offered",
                                 "no progress reported since 2026-11-02 (30 days); returned to the pool"));
    s_node (out, "returned-landed-finder",
            fuzz_seeds_returned (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, "kecheng", FUZZ_NODE_SELF, "assessing",
                                 "no progress reported since 2026-11-02 (30 days); returned to the pool"));
    s_node (out, "returned-own-from-lander",
            fuzz_seeds_returned (FUZZ_NODE_SELF, FUZZ_NODE_OWN_LEAD, FUZZ_NODE_SELF, "gaoxin", "offered",
                                 "no progress reported since 2026-11-02 (30 days); returned to the pool"));
    s_node (out, "stale-claimed",
            fuzz_seeds_stale (FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD, "kecheng", "zhizao", "claimed", "2026-11-02",
                              "claimed by the district and not decided since 2026-11-02 (30 days);"
                              " the center's decision is due"));
    s_node (out, "stale-negotiating",
            fuzz_seeds_stale (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, "kecheng", FUZZ_NODE_SELF, "negotiating",
                              "2026-11-02", "no progress reported since 2026-11-02 (30 days)"));
    //  Shares that are not the amount's split: refused (fuzz_node.c).
    msg = fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 6, "kecheng", FUZZ_NODE_SELF, "signed",
                                 "contract", 100000001, 3000);
    lx_msg_set_int (msg, LX_F_FINDER_SHARE, 30000001);
    s_node (out, "progressed-bad-shares", msg);
    //  The entry signed by another key than the broker's: refused; with no
    //  signature (an event stored before the broker signed): applied.
    msg = fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 7, "kecheng", FUZZ_NODE_SELF, "signed",
                                 "contract", 100000001, 3000);
    unsigned char seed [32];
    memset (seed, 0x0f, sizeof seed);
    lx_sign_t *stranger = lx_sign_new_seeded (seed);
    char signature [LX_SIGN_HEX + 1];
    int signed_off = stranger? lx_sign_head (stranger, FUZZ_NODE_SELF, 1, lx_msg_str (msg, LX_F_HASH), signature): -1;
    assert (signed_off == 0);
    lx_sign_destroy (&stranger);
    lx_msg_set_str (msg, LX_F_SIGNATURE, signature);
    s_node (out, "progressed-forged-signature", msg);
    msg = fuzz_seeds_progressed (FUZZ_NODE_SELF, FUZZ_NODE_LANDED_LEAD, 8, "kecheng", FUZZ_NODE_SELF, "signed",
                                 "funds", 5000000, 3000);
    lx_msg_unset (msg, LX_F_SIGNATURE);
    s_node (out, "progressed-unsigned", msg);
    //  A node's command where an event belongs: ignored.
    s_node (out, "wrong-direction-claim", fuzz_seeds_lead_cmd (LX_CMD_CLAIM, FUZZ_NODE_SELF, FUZZ_NODE_OFFERED_LEAD));
}

