#!/usr/bin/env bash
# integration.outcomes: every staff action that goes to the broker has an
# outcome the person who acted hears, through the real programs: accepted
# (with what followed: an offer's routes, a registration's conflict, a
# claim's result), refused with the broker's reason (exit 1, and a notice),
# or queued and not yet accepted (exit 3). A rejection needs its reason and
# reaches the claimant and the finder; `lead show` gives each district what
# it is entitled to, the contact only where it is; `offers` shows what a
# district needs to judge fit.
. "$(dirname "$0")/lib.sh"

city_create "$CITY_DIR"
city_start "$CITY_DIR"

# -- registration and offer: what followed ------------------------------------
OUT=$(city_node kecheng lead add --investor "宁德某新能源科技有限公司" --project "动力电池项目" \
      --industry C3841 --investment 2000000000 --land 300 --summary "年产10GWh动力电池，需300亩工业用地" \
      --contact "张总" --phone 13800000000 2>&1)
LEAD=$(head -n 1 <<< "$OUT")
expect_eq "$LEAD" kecheng-000001 "the lead's id on stdout"
expect_match "$OUT" "the broker accepted the registration of $LEAD$" "the registration's verdict"
expect_match "$(city_node kecheng lead offer "$LEAD" 2>&1)" \
    "the broker accepted the offer of $LEAD; routed to zhizao [0-9]+, .+" "the offer's verdict names the routes"
expect_match "$(city_node kecheng lead show "$LEAD")" "routes +zhizao [0-9]+, " "lead show keeps the routes"
expect_eq "$(node_sql kecheng "SELECT stage FROM lead WHERE id = '$LEAD'")" offered "offered once the broker routed it"
OUT=$(city_node longyou lead add --investor "宁德某新能源科技有限公司" --project "电池项目" --industry C3841 \
      --investment 100000000 2>&1)
expect_match "$OUT" "accepted the registration of longyou-000001; it names the investor of $LEAD, registered first by kecheng" \
    "a registration in conflict is told so at once"

# -- refusals reach the person who acted --------------------------------------
expect_refused "approving a lead that does not exist" "no lead kecheng-999999 on the register" \
    city_node center approve kecheng-999999
expect_match "$(city_node center notices)" "refused +kecheng-999999 .*our decide #[0-9]+ was refused" \
    "and the center's notices keep it"
expect_fail "a rejection without --reason" city_node center reject "$LEAD"

# -- what a district sees -------------------------------------------------------
SHOWN=$(city_node zhizao lead show "$LEAD")
expect_match "$SHOWN" "summary +年产10GWh动力电池，需300亩工业用地" "a routed district sees the summary"
expect_match "$SHOWN" "industries +C3841" "and the industries"
expect_match "$SHOWN" "land +300" "and the land"
expect_eq "$(grep -c -e contact -e 张总 -e 13800000000 <<< "$SHOWN" || true)" 0 "never the contact"
expect_match "$(city_node zhizao offers)" "C3841 +300 +年产10GWh动力电池，需300亩工业用地" "offers: industries, land, summary"
expect_match "$(city_node kecheng lead show "$LEAD")" "contact +张总" "the finder sees its contact"
expect_fail "no such lead here" city_node qujiang lead show "$LEAD"

# -- a claim, rejected with a reason: the claimant and the finder told --------
expect_match "$(city_node zhizao claim "$LEAD" 2>&1)" "accepted the claim of $LEAD; won: awaiting the center's approval" \
    "the claimant hears it won"
city_sync center
expect_match "$(city_node center reject "$LEAD" --reason "用地指标不足" 2>&1)" "accepted the decision of $LEAD" \
    "the center's rejection is accepted"
city_sync zhizao kecheng
expect_eq "$(node_sql zhizao "SELECT status || ': ' || note FROM offer WHERE lead = '$LEAD'")" "rejected: 用地指标不足" \
    "the claimant no longer sees it won"
expect_match "$(city_node zhizao notices)" "rejected +$LEAD .*用地指标不足" "the claimant is told why"
expect_match "$(city_node kecheng notices)" "rejected +$LEAD .*用地指标不足" "the finder is told why"
expect_eq "$(node_sql kecheng "SELECT stage FROM lead WHERE id = '$LEAD'")" assessing "the lead is back with its finder"
expect_eq "$(broker_sql "SELECT reason FROM decision WHERE lead = '$LEAD'")" "用地指标不足" "the reason is on the record"

# -- approved: the lander sees the contact -------------------------------------
city_node kecheng lead offer "$LEAD" 2>/dev/null
city_sync zhizao
city_node zhizao claim "$LEAD" 2>/dev/null
city_sync center
city_node center approve "$LEAD" 2>/dev/null
city_sync zhizao
SHOWN=$(city_node zhizao lead show "$LEAD")
expect_match "$SHOWN" "contact +张总" "the lander sees the investor's contact"
expect_match "$SHOWN" "phone +13800000000" "and its phone"
expect_match "$SHOWN" "splits" "and the transfer's split"
expect_match "$(city_node zhizao lead show "$LEAD" --json)" '"contact":"张总"' "lead show --json"
# Progress at an earlier stage than the lead's is refused, and told.
city_node zhizao progress "$LEAD" --stage signed --metric contract --amount 100000000 2>/dev/null
expect_refused "progress at an earlier stage" "negotiating" \
    city_node zhizao progress "$LEAD" --stage negotiating
city_reconcile || fail "every record equal at the end"
test_done
