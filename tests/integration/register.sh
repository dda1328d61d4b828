#!/usr/bin/env bash
# integration.register: one investor, one chase, on real processes (the demo
# city: a broker and twelve nodes over CURVE on loopback). Duplicate
# registrations by credit code, by normalized name and by near match become
# conflicts that both districts and the center see; the center keeps the
# first, transfers, merges or dismisses, on the record. Then the clocks: the
# broker's clock is moved forward through its offset file (no sleeping) and
# each timer's effect is asserted after a sync: protection windows end, an
# unclaimed offer returns to its finder, a claim the center leaves undecided
# is flagged, a transfer with no progress returns to the pool and lands
# elsewhere, and the monthly review's leads are struck off in one action.
. "$(dirname "$0")/lib.sh"

city_create "$CITY_DIR"
# The broker's clock runs ahead by the ms in clock.offset; its timers run
# only when a node syncs (the interval is an hour), so each effect below
# happens exactly where the test moves the clock.
sed -i 's|^    max_message = .*|&\n    clock_offset_file = "clock.offset"|' "$CITY_DIR/broker.cfg"
sed -i 's|^    interval_ms = .*|    interval_ms = 3600000|' "$CITY_DIR/broker.cfg"
DAYS=0
advance () {
    DAYS=$((DAYS + $1))
    echo $((DAYS * 86400000)) > "$CITY_DIR/clock.offset"
}
# broker_today: the broker's date: a report is dated no later, and no
# earlier than its lead's registration by the broker's clock.
broker_today () {
    date -d "@$(( $(date +%s) + DAYS * 86400 ))" +%F
}
city_start "$CITY_DIR"
expect_match "$(grep -c 'clock runs ahead' "$CITY_DIR/broker.log")" "^[1-9]" "the broker says its clock is a test's"
lead_add () {
    local node=$1
    shift
    city_node "$node" lead add --project "项目" --industry C3841 "$@"
}
conflict_of () { broker_sql "SELECT earlier || ' ' || match || ' ' || status FROM conflict WHERE lead = '$1'"; }

# -- duplicates: by name, by credit code, by near match -----------------------
K1=$(lead_add kecheng --investor "衢州晶川新材料有限公司" --investment 500000000 --contact "王总")
K2=$(lead_add kecheng --investor "宁德某新能源科技有限公司" --uscc 91350900MA2YH8K3PB \
     --investment 2000000000 --land 300 --contact "张总" --phone 13800000000)
K3=$(lead_add kecheng --investor "杭州海川智能装备股份有限公司" --investment 300000000)
K4=$(lead_add kecheng --investor "江山红星电器制造有限公司" --investment 100000000)
city_sync kecheng
L1=$(lead_add longyou --investor "晶川新材料（衢州）有限公司" --investment 400000000)
J1=$(lead_add jiangshan --investor "江山新能源动力有限公司" --uscc 91350900MA2YH8K3PB --investment 1900000000)
Q1=$(lead_add qujiang --investor "海川智能装备（杭州）有限公司" --uscc 91350100M000100Y43 --summary "扩产" \
     --investment 300000000)
C1=$(lead_add changshan --investor "江山红星电气制造有限公司" --investment 100000000)
K5=$(lead_add kecheng --investor "衢州晶川新材料有限公司" --investment 100000000)
city_sync
expect_eq "$(conflict_of "$L1")" "$K1 name open" "the same name once normalized is a conflict"
expect_eq "$(conflict_of "$J1")" "$K2 uscc open" "the same credit code under another name is a conflict"
expect_eq "$(conflict_of "$Q1")" "$K3 name open" "a bracketed place and a legal form differ only"
expect_eq "$(conflict_of "$C1")" "$K4 similar open" "a one-character difference is a near match"
expect_eq "$(conflict_of "$K5")" "" "a district registering its own investor again is no conflict"
expect_eq "$(broker_sql "SELECT count(*) FROM conflict")" 4 "four conflicts on the register"
# Both districts and the center see each conflict, with the earlier date.
expect_eq "$(node_sql longyou "SELECT earlier || ' ' || holder || ' ' || status FROM conflict WHERE lead = '$L1'")" \
          "$K1 kecheng open" "the later district sees who registered first"
expect_eq "$(node_sql kecheng "SELECT count(*) FROM conflict WHERE holder = 'kecheng' AND status = 'open'")" 4 \
          "the first district sees all four"
expect_eq "$(node_sql center "SELECT count(*) FROM conflict WHERE status = 'open'")" 4 "the center sees all four"
expect_eq "$(node_sql kaihua "SELECT count(*) FROM conflict")" 0 "an uninvolved district sees none"
TODAY=$(date +%F)
expect_match "$(city_node longyou conflicts)" "$L1 +longyou +$K1 +kecheng +$TODAY " "longyou's conflicts listing"
expect_match "$(city_broker conflicts)" "$C1 +changshan +江山红星电气制造有限公司 +$K4" "the broker's conflicts listing"
# A lead in conflict waits for the center before it can be offered.
# Staff are told at once, and the record does not show it offered.
expect_refused "offering a lead in conflict" "can be offered once the center resolves the conflict" \
    city_node longyou lead offer "$L1"
expect_eq "$(node_sql longyou "SELECT code FROM rejection WHERE lead = '$L1'")" 421 "offering a lead in conflict is refused"
expect_eq "$(broker_sql "SELECT count(*) FROM offer WHERE lead = '$L1'")" 0 "and nothing is offered"
expect_eq "$(node_sql longyou "SELECT stage FROM lead WHERE id = '$L1'")" "$(broker_sql "SELECT stage FROM lead WHERE id = '$L1'")" \
    "longyou's record shows the stage the broker has"
expect_match "$(city_node longyou notices)" "refused +$L1 .*our offer #[0-9]+ was refused" "the refusal is a notice too"

# -- the center resolves, on the record --------------------------------------
expect_fail "only the center resolves" city_node kecheng resolve "$L1" keep --reason "先报备"
expect_fail "a resolution needs a reason" city_node center resolve "$L1" keep
expect_fail "an unknown resolution" city_node center resolve "$L1" share --reason "x"
city_node center resolve "$L1" keep --reason "柯城区先报备，保留首报"
city_node center resolve "$J1" transfer --reason "江山市有匹配地块，流转至江山"
city_node center resolve "$Q1" merge --reason "同一投资方，合并"
city_node center resolve "$C1" dismiss --reason "电器与电气为两家企业"
expect_refused "a second resolution" "has no conflict awaiting the center" \
    city_node center resolve "$L1" dismiss --reason "again"
city_sync
expect_eq "$(node_sql center "SELECT code FROM rejection ORDER BY ref DESC LIMIT 1")" 421 "a conflict resolves once"
expect_eq "$(broker_sql "SELECT group_concat (status, ' ') FROM (SELECT status FROM conflict ORDER BY lead)")" \
          "dismiss transfer keep merge" "each conflict's outcome on the broker's record"
expect_eq "$(node_sql longyou "SELECT status || ': ' || reason FROM conflict WHERE lead = '$L1'")" \
          "keep: 柯城区先报备，保留首报" "the later district is told the outcome"
expect_eq "$(node_sql kecheng "SELECT count(*) FROM conflict WHERE status != 'open'")" 4 "the first district is told every outcome"
# keep: the later lead is struck off, its district told why.
expect_eq "$(node_sql longyou "SELECT stage FROM lead WHERE id = '$L1'")" struck "keep strikes the later lead off"
expect_match "$(city_node longyou notices)" "struck +$L1 .*a duplicate of $K1" "longyou's notice"
# transfer: the first registration goes to the later district, whose duplicate is struck.
expect_eq "$(broker_sql "SELECT finder || ' ' || lander FROM transfer WHERE lead = '$K2'")" "kecheng jiangshan" \
          "the first registration is transferred to the later district"
expect_eq "$(broker_sql "SELECT decided_by FROM decision WHERE lead = '$K2'")" center "decided by the center"
expect_eq "$(node_sql jiangshan "SELECT lander || ' ' || contact FROM lead WHERE id = '$K2'")" "jiangshan 张总" \
          "the lander holds the lead with its contact"
expect_eq "$(node_sql jiangshan "SELECT stage FROM lead WHERE id = '$J1'")" struck "the lander's duplicate is struck off"
expect_eq "$(node_sql kecheng "SELECT stage || ' ' || lander FROM lead WHERE id = '$K2'")" "transferred jiangshan" \
          "the finder sees its lead transferred"
# merge: the first registration takes the facts only the later one had.
expect_eq "$(broker_sql "SELECT uscc || ' ' || summary FROM lead WHERE id = '$K3'")" "91350100M000100Y43 扩产" \
          "merge fills the first registration's gaps"
expect_eq "$(node_sql kecheng "SELECT uscc FROM lead WHERE id = '$K3'")" 91350100M000100Y43 "and its finder's copy"
expect_eq "$(node_sql qujiang "SELECT stage FROM lead WHERE id = '$Q1'")" struck "the merged lead is struck off"
# dismiss: both stand; the later may now be offered.
expect_eq "$(node_sql changshan "SELECT stage FROM lead WHERE id = '$C1'")" captured "dismiss leaves both standing"
city_node changshan lead offer "$C1"
city_sync changshan
expect_eq "$(broker_sql "SELECT status FROM offer WHERE lead = '$C1'")" open "a dismissed conflict's lead can be offered"

# -- protection windows end --------------------------------------------------
advance 91
B1=$(lead_add kecheng --investor "衢州巨石新能源集团有限公司" --investment 1200000000)
city_sync kecheng
R1=$(lead_add kaihua --investor "衢州晶川新材料有限公司" --investment 400000000)
city_sync kaihua
expect_eq "$(conflict_of "$R1")" "" "after 90 days the first registration protects no more"
advance 120
R2=$(lead_add kaihua --investor "巨石新能源集团（衢州）有限公司" --investment 800000000)
city_sync kaihua
expect_eq "$(conflict_of "$R2")" "$B1 name open" "a project of 1 bn or more is still protected at day 120"
city_node center resolve "$R2" keep --reason "首报保护期内"
city_sync center
advance 61
R3=$(lead_add gaoxin --investor "衢州巨石新能源集团有限公司" --investment 800000000)
city_sync gaoxin
expect_eq "$(conflict_of "$R3")" "" "and no more after 180 days"

# -- an offer nobody claims returns to its finder ------------------------------
O1=$(lead_add kecheng --investor "某储能科技有限公司" --investment 2000000000 --land 200 --contact "李总" \
     --phone 13900000000)
city_node kecheng lead offer "$O1"
city_sync kecheng
ROUTES=$(broker_sql "SELECT group_concat (node, ' ') FROM (SELECT node FROM route WHERE lead = '$O1' ORDER BY node)")
expect_eq "$(echo "$ROUTES" | wc -w)" 3 "the offer is routed to three districts"
advance 13
city_sync kecheng
expect_eq "$(broker_sql "SELECT status FROM offer WHERE lead = '$O1'")" open "an offer is still open on day 13"
advance 1
city_sync
expect_eq "$(broker_sql "SELECT status FROM offer WHERE lead = '$O1'")" expired "an offer expires on day 14"
expect_eq "$(node_sql kecheng "SELECT stage FROM lead WHERE id = '$O1'")" assessing "the lead is back with its finder"
expect_match "$(city_node kecheng notices)" "returned +$O1 .*no district claimed it within 14 days" "the finder is told"
for id in $ROUTES; do
    expect_eq "$(node_sql "$id" "SELECT status || ' ' || note FROM offer WHERE lead = '$O1'")" \
              "closed the offer expired unclaimed" "the offer is closed at $id"
done

# -- a transfer with no progress returns to the pool ----------------------------
city_node kecheng lead offer "$O1"
city_sync kecheng
FIRST=$(broker_sql "SELECT node FROM route WHERE lead = '$O1' ORDER BY score DESC, node LIMIT 1")
city_node "$FIRST" claim "$O1"
city_sync "$FIRST"
city_node center approve "$O1"
city_sync
expect_eq "$(broker_sql "SELECT lander FROM transfer WHERE lead = '$O1'")" "$FIRST" "transferred to $FIRST"
expect_eq "$(node_sql "$FIRST" "SELECT contact FROM lead WHERE id = '$O1'")" 李总 "$FIRST holds the contact"
city_node "$FIRST" progress "$O1" --stage negotiating --date "$(broker_today)"
city_sync "$FIRST"
advance 29
city_sync
expect_eq "$(broker_sql "SELECT lander FROM transfer WHERE lead = '$O1'")" "$FIRST" "29 days after the last progress: still there"
advance 2
city_sync
expect_eq "$(broker_sql "SELECT count(*) FROM transfer WHERE lead = '$O1'")" 0 "31 days without progress: the transfer is undone"
expect_eq "$(broker_sql "SELECT lander || ' ' || splits FROM transfer_returned WHERE lead = '$O1'")" \
          "$FIRST contract=3000,count=3000,fixed_asset=3000,funds=3000,output=3000,tax=5000" \
          "the returned transfer keeps its agreed split on the record"
expect_eq "$(broker_sql "SELECT stage || ' ' || ifnull (lander, '-') FROM lead WHERE id = '$O1'")" "offered -" \
          "the lead is back in the pool"
expect_match "$(city_node center notices)" "stale +$O1 +kecheng +$FIRST +negotiating .*the transfer is undone" \
             "the center is told"
expect_match "$(city_node kecheng notices)" "returned +$O1 .*back in the pool, offered again" "the finder is told"
expect_eq "$(node_sql "$FIRST" "SELECT stage || ' ' || ifnull (contact, 'none') FROM lead WHERE id = '$O1'")" "offered none" \
          "the former lander keeps no contact data"
expect_eq "$(node_sql "$FIRST" "SELECT decision FROM transfer WHERE lead = '$O1'")" returned "the former lander's transfer is undone"
expect_eq "$(node_sql kecheng "SELECT stage || ' ' || ifnull (lander, '-') FROM lead WHERE id = '$O1'")" "offered -" \
          "the finder sees it back in the pool"
OTHERS=$(broker_sql "SELECT group_concat (node, ' ') FROM (SELECT node FROM route WHERE lead = '$O1' ORDER BY node)")
expect_eq "$(echo "$OTHERS" | wc -w)" 2 "the former lander is off the routes"
for id in $OTHERS; do
    expect_eq "$(node_sql "$id" "SELECT status FROM offer WHERE lead = '$O1'")" open "offered again to $id"
done
SECOND=${OTHERS%% *}
city_node "$SECOND" claim "$O1"
city_sync "$SECOND"
expect_match "$(city_node center approvals)" "$O1 .*$SECOND +pending" "the second claim awaits the center"

# -- a claim the center leaves undecided is flagged, once ------------------------
advance 31
city_sync
expect_match "$(city_node center notices)" "stale +$O1 .*claimed .*the center's decision is due" "an undecided claim is flagged"
advance 1
city_sync center
expect_eq "$(node_sql center "SELECT count(*) FROM notice WHERE kind = 'stale' AND lead = '$O1' AND stage = 'claimed'")" 1 \
          "and flagged once"
city_node center approve "$O1"
city_sync
expect_eq "$(broker_sql "SELECT lander FROM transfer WHERE lead = '$O1'")" "$SECOND" "approved to the second district"
expect_eq "$(node_sql "$SECOND" "SELECT contact IS NOT NULL FROM lead WHERE id = '$O1'")" 1 "which holds the contact"

# -- the monthly review: leads with no progress for 90 days are struck off ------
city_node "$SECOND" progress "$O1" --stage signed --metric contract --amount 2000000000 --date "$(broker_today)"
city_sync "$SECOND"
advance 90
city_sync
REVIEW=$(city_broker review)
expect_match "$REVIEW" "kecheng +$K1 +captured" "the review lists kecheng's idle lead"
expect_match "$REVIEW" "changshan +$C1 +offered|changshan +$C1 +assessing" "and changshan's"
if grep -q "$O1" <<< "$REVIEW"; then fail "a signed lead is never due"; fi
if grep -q "$L1 " <<< "$REVIEW"; then fail "a struck lead is never due"; fi
DUE=$(city_broker review --json | grep -o '"lead":"[^"]*"' | wc -l)
expect_match "$DUE" "^[1-9]" "some leads are due"
expect_fail "only the center strikes off" city_node kecheng strike --due --reason "月度清理"
expect_fail "a strike names its leads or says --due" city_node center strike --reason "月度清理"
city_node center strike --due --reason "2027年月度清理：无实质进展"
city_sync
expect_eq "$(city_broker review --json | grep -c '"lead":')" 0 "nothing is due after the strike"
expect_eq "$(node_sql kecheng "SELECT stage FROM lead WHERE id = '$K1'")" struck "the finder's lead is struck off"
expect_eq "$(broker_sql "SELECT count(*) FROM lead_change WHERE kind = 'strike' AND node = 'center'")" $((DUE + 4)) \
          "every due lead, and the four resolutions' duplicates, struck by the center on the record"
expect_eq "$(node_sql "$SECOND" "SELECT stage FROM lead WHERE id = '$O1'")" signed "a signed lead is untouched"

city_reconcile
test_done
