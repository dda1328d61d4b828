#!/usr/bin/env bash
# integration.flow: the demo city's story on real processes (a broker and
# twelve nodes over CURVE on loopback), asserting what every store and
# command shows: routing with reasons, one winner of two simultaneous
# claims, the center's approval with the policy split, progress reported
# while the lander's daemon and then the broker were down, and credit
# shares that add up exactly, identical at the broker and both nodes. The
# investor's contact reaches the winner only with the approval; the finder
# edits and withdraws its leads, and every copy follows. A district that
# re-hashes its own ledger with other amounts (leadx-forge) is caught by the
# broker's signatures, at the node and by an auditor holding only the
# broker's public key.
#   bash flow.sh LEADX_BROKER LEADX_NODE LEADX_FORGE
LEADX_FORGE=${3:-}
. "$(dirname "$0")/lib.sh"
[ -n "$LEADX_FORGE" ] || LEADX_FORGE=$LEADX_ROOT/build/tests/leadx-forge

city_create "$CITY_DIR"
# Faster liveness, so the restarts below reconnect quickly.
for cfg in "$CITY_DIR"/*/node.cfg; do
    printf '    heartbeat_ms = 100\n    liveness_ms = 600\n' >> "$cfg"
done
city_start "$CITY_DIR"
expect_eq "$(city_broker nodes --json | grep -o '"online":true' | wc -l)" 12 "nodes online after start"

# -- help and refusals ------------------------------------------------------
expect_match "$(city_node kecheng claim --help)" "^usage: leadx-node claim ID" "claim --help"
expect_match "$("$LEADX_BROKER" --help)" "transfers" "leadx-broker --help"
expect_fail "an unknown command" city_node kecheng fly
expect_fail "a second broker on the same files" city_broker start

# -- registration -----------------------------------------------------------
expect_fail "a bad credit code is refused" \
    city_node kecheng lead add --investor X --project P --industry C3841 --investment 1 \
    --uscc 91350900MA2YH8K3PA
LEAD1=$(city_node kecheng lead add --investor "浙江衢州某精密机械有限公司" --project "数控机床" \
        --industry C342 --investment 600000000)
LEAD=$(city_node kecheng lead add --investor "宁德某新能源科技有限公司" --uscc 91350900MA2YH8K3PB \
       --project "年产10GWh动力锂电池项目" --industry C3841 --tags "新能源,锂电池" \
       --investment 2000000000 --land 300 --tax 80000000 --output 5000000000 \
       --type manufacturing --channel own --contact "张总" --phone 13800000000)
expect_eq "$LEAD1 $LEAD" "kecheng-000001 kecheng-000002" "lead ids"
expect_fail "only the finder offers its lead" city_node qujiang lead offer "$LEAD"

# -- offer and routing ------------------------------------------------------
city_node kecheng lead offer "$LEAD"
city_sync
expect_eq "$(broker_sql "SELECT count(*) FROM route WHERE lead = '$LEAD'")" 3 "routed to the top 3"
for id in center kecheng qujiang changshan kaihua gaoxin lo-beijing lo-shanghai lo-shenzhen; do
    expect_eq "$(node_sql "$id" "SELECT count(*) FROM offer")" 0 "no offer at $id"
done
expect_eq "$(node_sql zhizao "SELECT score FROM offer WHERE lead = '$LEAD'")" 75 "zhizao's score"
expect_eq "$(node_sql longyou "SELECT score FROM offer WHERE lead = '$LEAD'")" 50 "longyou's score"
expect_eq "$(node_sql jiangshan "SELECT score FROM offer WHERE lead = '$LEAD'")" 40 "jiangshan's score"
expect_match "$(city_node zhizao offers)" "leading industry C384 matches C3841.*plot zz-01" "zhizao sees why"
expect_match "$(city_node longyou offers --json)" "\"status\":\"open\".*plot ly-01" "longyou's offer, as JSON"
# An offer shows what is needed to judge fit, never the investor's contact.
# (The finder's own files hold it: the search does find what is there.)
contact_rows () { cat "$CITY_DIR/$1"/node.db* | grep -c -a -e 13800000000 -e 张总 || true; }
expect_match "$(contact_rows kecheng)" "^[1-9]" "the finder holds its contact data"
for id in zhizao longyou jiangshan; do
    expect_eq "$(contact_rows "$id")" 0 "no contact data at $id"
done

# -- two claims at the same moment: exactly one wins ------------------------
expect_fail "a district the offer did not reach cannot claim it" city_node qujiang claim "$LEAD"
# Both claims are queued at once. Usually both reach the broker and one is
# told "lost"; on a loaded machine the first may be settled before the
# second command runs, which then refuses at once: the offer here is closed.
city_node zhizao claim "$LEAD" 2>"$TEST_DIR/claim.zhizao" & ZHIZAO=$!
city_node longyou claim "$LEAD" 2>"$TEST_DIR/claim.longyou" & LONGYOU=$!
CLAIMS=0
wait $ZHIZAO && CLAIMS=$((CLAIMS + 1))
wait $LONGYOU && CLAIMS=$((CLAIMS + 1))
city_sync
STATUS="$(node_sql zhizao "SELECT status FROM offer WHERE lead = '$LEAD'") $(node_sql longyou "SELECT status FROM offer WHERE lead = '$LEAD'")"
case "$STATUS" in
    "won lost"|"won closed") WINNER=zhizao LOSER=longyou ;;
    "lost won"|"closed won") WINNER=longyou LOSER=zhizao ;;
    *) fail "claims: expected one won and one lost, got '$STATUS'" ;;
esac
expect_eq "$CLAIMS $(node_sql "$LOSER" "SELECT status FROM offer WHERE lead = '$LEAD'")" \
          "$([ $CLAIMS = 2 ] && echo "2 lost" || echo "1 closed")" "the loser's claim: sent and lost, or refused as closed"
[ $CLAIMS = 2 ] || expect_match "$(cat "$TEST_DIR/claim.$LOSER")" "no longer open: closed \(taken by $WINNER" "the loser's refusal"
expect_eq "$(broker_sql "SELECT claimant FROM offer WHERE lead = '$LEAD'")" "$WINNER" "the broker's claimant"
expect_eq "$(broker_sql "SELECT count(*) FROM claim WHERE lead = '$LEAD'")" "$CLAIMS" "every claim sent is on record"
expect_match "$(node_sql jiangshan "SELECT status || ': ' || note FROM offer WHERE lead = '$LEAD'")" "^closed: .+" "jiangshan told the offer is closed"
expect_match "$(node_sql "$LOSER" "SELECT note FROM offer WHERE lead = '$LEAD'")" "$WINNER" "the loser told who has it"
expect_match "$(city_node center approvals)" "$LEAD +kecheng +$WINNER +pending" "the center sees the claim"
expect_eq "$(contact_rows "$WINNER")" 0 "the winner holds no contact data before the approval"

# -- approval: only the center; the split from the policy -------------------
expect_fail "a county cannot approve" city_node kecheng approve "$LEAD"
expect_fail "an override needs a reason" city_node center approve "$LEAD" --split contract=5000
city_node center approve "$LEAD"
city_sync
expect_eq "$(broker_sql "SELECT finder_bp FROM transfer_split WHERE lead = '$LEAD' AND metric = 'contract'")" 3000 "contract split 30 / 70"
expect_eq "$(broker_sql "SELECT finder_bp FROM transfer_split WHERE lead = '$LEAD' AND metric = 'tax'")" 5000 "tax split 5 : 5 (policy rule)"
expect_eq "$(node_sql kecheng "SELECT stage || ' ' || lander FROM lead WHERE id = '$LEAD'")" "transferred $WINNER" "finder's record"
expect_eq "$(node_sql "$WINNER" "SELECT stage || ' ' || finder FROM lead WHERE id = '$LEAD'")" "transferred kecheng" "lander's record"
expect_fail "the loser cannot report progress" city_node "$LOSER" progress "$LEAD" --stage signed
expect_eq "$(node_sql "$WINNER" "SELECT contact || ' ' || phone FROM lead WHERE id = '$LEAD'")" "张总 13800000000" \
          "the approval brings the winner the contact"
for id in "$LOSER" jiangshan center; do
    expect_eq "$(contact_rows "$id")" 0 "still no contact data at $id"
done

# -- the finder edits and withdraws its leads (only it, only before signing) -
# A transferred lead: the edit reaches the lander with the contact.
city_node kecheng lead edit "$LEAD" --phone 13800000009 --reason "联系人换号"
city_sync
expect_eq "$(node_sql "$WINNER" "SELECT phone FROM lead WHERE id = '$LEAD'")" 13800000009 "the lander's copy follows the edit"
expect_eq "$(node_sql kecheng "SELECT phone FROM lead WHERE id = '$LEAD'")" 13800000009 "so does the finder's, once the broker has it"
for id in "$LOSER" jiangshan center; do
    expect_eq "$(contact_rows "$id")" 0 "no contact data at $id after the edit"
done
# An open offer: the routed districts' offers follow, still without contact.
LEAD3=$(city_node kecheng lead add --investor "某储能科技有限公司" --project "储能系统集成项目" \
        --industry C3841 --investment 500000000 --contact "刘经理" --phone 13700000000)
city_node kecheng lead offer "$LEAD3"
city_sync
ROUTED=$(broker_sql "SELECT group_concat (node, ' ') FROM (SELECT node FROM route WHERE lead = '$LEAD3' ORDER BY node)")
expect_match "$ROUTED" "^[a-z]" "the third lead is routed"
expect_fail "only the finder edits its lead" city_node zhizao lead edit "$LEAD3" --investment 1
expect_fail "an edit must change something" city_node kecheng lead edit "$LEAD3" --reason "nothing"
city_node kecheng lead edit "$LEAD3" --investment 650000000 --summary "一期扩产" --phone 13700000001 --reason "投资方追加投资"
city_sync
for id in $ROUTED; do
    expect_eq "$(node_sql "$id" "SELECT investment || ' ' || summary FROM offer WHERE lead = '$LEAD3'")" \
              "650000000 一期扩产" "$id's offer follows the edit"
    expect_eq "$(cat "$CITY_DIR/$id"/node.db* | grep -c -a -e 1370000000 -e 刘经理 || true)" 0 "no contact of the third lead at $id"
done
expect_eq "$(node_sql kecheng "SELECT investment || ' ' || phone FROM lead WHERE id = '$LEAD3'")" \
          "650000000 13700000001" "the finder's record follows"
expect_eq "$(broker_sql "SELECT fields || ': ' || reason FROM lead_change WHERE lead = '$LEAD3'")" \
          "summary,investment,phone: 投资方追加投资" "the edit is on the broker's record"
expect_fail "only the finder withdraws its lead" city_node zhizao lead withdraw "$LEAD3" --reason "x"
expect_fail "a withdrawal needs a reason" city_node kecheng lead withdraw "$LEAD3"
city_node kecheng lead withdraw "$LEAD3" --reason "投资方改投外省"
city_sync
expect_eq "$(node_sql kecheng "SELECT stage || ': ' || note FROM lead WHERE id = '$LEAD3'")" "withdrawn: 投资方改投外省" "the finder's lead is withdrawn"
for id in $ROUTED; do
    expect_eq "$(node_sql "$id" "SELECT status FROM offer WHERE lead = '$LEAD3'")" withdrawn "$id's offer is withdrawn"
done
FIRST=${ROUTED%% *}
expect_fail "a withdrawn lead takes no claim" city_node "$FIRST" claim "$LEAD3"
expect_fail "a withdrawn lead takes no edit" city_node kecheng lead edit "$LEAD3" --investment 1
expect_eq "$(broker_sql "SELECT stage FROM lead WHERE id = '$LEAD3'")" withdrawn "the broker's register"

# -- progress, with the lander's daemon down, then the broker down ----------
city_node "$WINNER" stop >/dev/null
expect_queued "progress while the lander's daemon is down" \
    city_node "$WINNER" progress "$LEAD" --stage signed --metric contract --amount 2000000000
expect_eq "$(broker_sql "SELECT count(*) FROM progress")" 0 "queued at the node while its daemon is down"
expect_match "$(city_node "$WINNER" lead list)" "$LEAD +transferred .* progress *\$" "the lander's list shows it pending"
city_node "$WINNER" start >/dev/null
city_sync "$WINNER" kecheng
expect_match "$(city_node "$WINNER" notices)" "accepted +$LEAD +.*the broker accepted our progress #" \
    "the verdict that came later is a notice"
# (the first signing also counts the project: a second entry, metric count)
expect_eq "$(broker_sql "SELECT group_concat (metric) FROM (SELECT metric FROM progress WHERE lead = '$LEAD' ORDER BY id)")" "contract,count" "delivered after the node restarted"

city_broker stop >/dev/null
expect_queued "progress while the broker is down" \
    city_node "$WINNER" progress "$LEAD" --stage signed --metric funds --amount 333333333
expect_eq "$(broker_sql "SELECT count(*) FROM progress")" 2 "queued at the node while the broker is down"
city_broker start >/dev/null
city_node "$WINNER" progress "$LEAD" --stage registered --metric funds --amount 166666667
city_node "$WINNER" progress "$LEAD" --stage started
city_sync
expect_eq "$(broker_sql "SELECT group_concat (step) FROM (SELECT ifnull (metric, stage) AS step FROM progress WHERE lead = '$LEAD' ORDER BY id)")" "contract,count,funds,funds,started" "delivered after the broker restarted"
expect_eq "$(node_sql kecheng "SELECT stage FROM lead WHERE id = '$LEAD'")" "started" "the finder follows the stage"
expect_fail "a signed lead cannot be withdrawn" city_node kecheng lead withdraw "$LEAD" --reason "x"

# -- credit: exact shares, the same everywhere -------------------------------
FINDER=$(city_node kecheng credit --json)
LANDER=$(city_node "$WINNER" credit --json)
expect_match "$FINDER" '"metric":"contract","own":0,"as_finder":600000000,"as_lander":0,"partner_share":1400000000,"reported":2000000000,"exact":true' "finder's contract credit"
expect_match "$FINDER" '"metric":"funds","own":0,"as_finder":149999999,"as_lander":0,"partner_share":350000001,"reported":500000000,"exact":true' "finder's funds credit"
expect_match "$FINDER" '"metric":"count","own":0,"as_finder":3000,"as_lander":0,"partner_share":7000,"reported":10000,"exact":true' "finder's 0.3 project"
expect_match "$LANDER" '"metric":"contract","own":0,"as_finder":0,"as_lander":1400000000,"partner_share":600000000' "lander's contract credit"
expect_match "$LANDER" '"metric":"funds","own":0,"as_finder":0,"as_lander":350000001,"partner_share":149999999' "lander's funds credit"
expect_match "$LANDER" '"metric":"count","own":0,"as_finder":0,"as_lander":7000' "lander's 0.7 project"
expect_match "$(city_node kecheng credit --entries --json)" '"metric":"funds","amount":333333333,"finder":"kecheng","finder_share":99999999,"lander":"'"$WINNER"'","lander_share":233333334,"check":"exact"' "one tranche, split"
expect_eq "$(city_node "$WINNER" credit --entries | grep -c ' exact$')" 4 "the lander's four entries are exact"
ENTRIES="SELECT lead, stage, date, ifnull (metric, ''), ifnull (amount, ''), finder, lander, ifnull (finder_share, ''), ifnull (lander_share, '') FROM progress ORDER BY id"
AT_BROKER=$(broker_sql "$ENTRIES")
expect_eq "$(node_sql kecheng "$ENTRIES")" "$AT_BROKER" "finder's entries equal the broker's"
expect_eq "$(node_sql "$WINNER" "$ENTRIES")" "$AT_BROKER" "lander's entries equal the broker's"
expect_eq "$(broker_sql "SELECT count(*) FROM progress WHERE metric IS NOT NULL AND finder_share + lander_share != amount")" 0 "every entry sums exactly"
expect_match "$(city_node kecheng credit --period "$(date +%Y-%m)")" "funds +0 +149999999" "credit this month"
expect_match "$(city_node kecheng credit --period 2020)" "no credit in this period" "credit of a year without any"
expect_fail "a bad period is refused" city_node kecheng credit --period 2026-13
expect_match "$(city_node "$LOSER" credit)" "no credit in this period" "the loser has no credit"

# -- reconcile: every node's record equals the broker's; a change shows -----
city_reconcile || fail "a node's record differs from the broker's (above)"
CHECKS=$((CHECKS + 1))
expect_eq "$(city_node kecheng reconcile | grep -c ' equal$')" 8 "kecheng: all eight sections equal"
expect_match "$(city_node kecheng reconcile)" "credit +5 +5 +equal" "kecheng: its five progress entries (four with amounts)"
expect_match "$(city_node kecheng reconcile)" "ledger +4 +4 +equal" "kecheng: its four credit entries, chained"
expect_eq "$(city_broker reconcile | grep -c ' equal$')" $((8 * $(city_districts "$CITY_DIR/broker.cfg" | wc -l))) "broker: every section of every node equal"
# A credit share changed behind the node's back is found on both sides.
sqlite3 "$CITY_DIR/$WINNER/node.db" "UPDATE progress SET lander_share = lander_share + 1, amount = amount + 1 WHERE metric = 'funds' AND amount = 333333333"
expect_fail "the lander's changed entry is found" city_node "$WINNER" reconcile
expect_match "$(city_node "$WINNER" reconcile 2>/dev/null)" "credit +5 +5 +DIFFERENT" "named: the credit section"
expect_fail "the broker reports it too" city_broker reconcile "$WINNER"
expect_match "$(city_broker reconcile --json "$WINNER" 2>/dev/null)" '"section":"credit","node":5,"broker":5,"equal":false' "the broker names the section"
city_broker reconcile kecheng > /dev/null || fail "the finder still reconciles"
expect_fail "an unknown district is refused" city_broker reconcile nowhere
# A node that shows a stage the broker has not accepted differs, named.
sqlite3 "$CITY_DIR/kecheng/node.db" "UPDATE lead SET stage = 'offered' WHERE id = '$LEAD1'"
expect_match "$(city_node kecheng reconcile 2>/dev/null)" "stages +[0-9]+ +[0-9]+ +DIFFERENT" "named: the stages section"
sqlite3 "$CITY_DIR/kecheng/node.db" "UPDATE lead SET stage = 'captured' WHERE id = '$LEAD1'"
city_node kecheng reconcile > /dev/null || fail "equal again once the stage is the broker's"

# -- the ledger: each district's chain, the same at the broker; tampering named --
expect_match "$(city_node kecheng ledger verify)" "^kecheng: 4 entries, chain good" "the finder's chain"
expect_match "$(city_node "$WINNER" ledger verify)" "^$WINNER: 4 entries, chain good" "the lander's chain"
expect_match "$(city_broker ledger verify)" "kecheng: 4 entries, chain good" "the broker's copy of each chain"
HEAD_SQL="SELECT seq || ' ' || hash FROM ledger WHERE node = '$WINNER' ORDER BY seq DESC LIMIT 1"
expect_eq "$(node_sql "$WINNER" "$HEAD_SQL")" "$(broker_sql "$HEAD_SQL")" "the lander's head is the broker's"

# -- the broker's signature: a district that re-hashes its own chain ---------
# Every entry came with the broker's signature of its head, checked and kept.
expect_match "$(city_node kecheng ledger verify)" "^kecheng: backed by the broker's signature: entry 4's is good" "the finder's chain is the broker's"
expect_match "$(city_node "$WINNER" ledger verify)" "^$WINNER: backed by the broker's signature: entry 4's is good.*4 signatures checked, all good" "the lander's too, every signature"
expect_eq "$(node_sql kecheng "SELECT count(*) FROM ledger_signature WHERE node = 'kecheng'")" 4 "the finder keeps each entry's signature"
expect_match "$(city_node kecheng credit)" "contract +0 +600000000 .*shares sum exactly$" "the finder's true credit, unmarked"
# kecheng multiplies every amount of its chain by 100 and re-hashes it: the
# chain is good again, but no signature is the broker's.
"$LEADX_FORGE" "$CITY_DIR/kecheng/node.db" kecheng 100 > /dev/null
expect_eq "$(node_sql kecheng "SELECT amount FROM ledger WHERE node = 'kecheng' AND metric = 'contract'")" 200000000000 "the forged amount is in the store"
if OUT=$(city_node kecheng ledger verify); then fail "a re-hashed chain passed as the broker's"; fi
CHECKS=$((CHECKS + 1))
expect_match "$OUT" "^kecheng: 4 entries, chain good" "ledger verify: the forged chain links (its hashes are unkeyed)"
expect_match "$OUT" "^kecheng: NOT BACKED by the broker's signature: none of the 4 entries is the broker's \(entry 1's signature does not verify" "ledger verify: not the broker's, exit 1"
OUT=$(city_node kecheng credit)
expect_match "$OUT" "^WARNING: kecheng's ledger is NOT BACKED by the broker's signature" "credit: a warning line"
expect_match "$OUT" "contract +0 +60000000000 .*shares sum exactly, NOT BACKED by the broker's signature" "credit: the forged figure, marked"
expect_match "$(city_node kecheng credit --json 2>/dev/null)" '"metric":"contract","own":0,"as_finder":60000000000,.*"exact":true,"backed":false' "credit --json: backed false"
expect_eq "$(city_node kecheng credit --entries | grep -c "NOT BACKED by the broker's signature$")" 4 "credit --entries: each entry marked"
REPORT=$(city_node kecheng report 2> "$TEST_DIR/report.err")
expect_match "$REPORT" "NOT BACKED by the broker's signature" "report: its titles are marked"
expect_match "$REPORT" "contract .* 60,000,000,000" "report: with the forged figure"
expect_match "$(cat "$TEST_DIR/report.err")" "WARNING: kecheng's ledger is NOT BACKED by the broker's signature" "report: a warning"
# The broker's copy stays true and verifies.
expect_match "$(city_broker ledger verify kecheng)" "^kecheng: 4 entries, chain good" "the broker's copy verifies"
expect_eq "$(broker_sql "SELECT amount FROM ledger WHERE node = 'kecheng' AND metric = 'contract'")" 2000000000 "the broker's copy holds the true amount"
# An auditor with a copy of a store and the broker's public key only: no
# daemon, no broker, no certificate.
mkdir -p "$TEST_DIR/audit"
cp "$CITY_DIR/keys/broker.sign" "$TEST_DIR/audit/broker.sign"
for district in kecheng "$WINNER"; do
    sqlite3 "$CITY_DIR/$district/node.db" ".backup '$TEST_DIR/audit/$district.db'"
    printf 'node\n    id = "%s"\n    store = "%s.db"\n' "$district" "$district" > "$TEST_DIR/audit/$district.cfg"
done
if OUT=$("$LEADX_NODE" ledger verify -c "$TEST_DIR/audit/kecheng.cfg"); then fail "the auditor took the forged chain"; fi
CHECKS=$((CHECKS + 1))
expect_match "$OUT" "^kecheng: NOT BACKED by the broker's signature" "the auditor: kecheng's copy is not the broker's"
expect_match "$("$LEADX_NODE" ledger verify -c "$TEST_DIR/audit/$WINNER.cfg")" "^$WINNER: backed by the broker's signature" "the auditor: the lander's copy is"
# Guards refuse an honest mistake; someone who drops them changes an amount:
# the chain names the entry.
if sqlite3 "$CITY_DIR/$WINNER/node.db" "UPDATE ledger SET counted = 0 WHERE seq = 3" 2>/dev/null; then
    fail "the ledger took an update"
fi
sqlite3 "$CITY_DIR/$WINNER/node.db" "DROP TRIGGER ledger_no_update;
    UPDATE ledger SET amount = amount + 1, lander_share = lander_share + 1 WHERE seq = 3"
if OUT=$(city_node "$WINNER" ledger verify); then fail "a changed ledger entry went unnoticed"; fi
expect_match "$OUT" "^$WINNER: entry 3 is bad \(changed\)" "the lander's changed entry is named"
expect_match "$(city_broker ledger verify "$WINNER")" "4 entries, chain good" "the broker's copy is untouched"
# The broker's copy loses its last entry: its own chain still links, but the
# node's copy, compared entry by entry, shows it.
sqlite3 "$CITY_DIR/broker.db" "DROP TRIGGER ledger_no_delete;
    DELETE FROM ledger WHERE node = 'kecheng' AND seq = 4"
expect_match "$(city_broker ledger verify kecheng)" "kecheng: 3 entries, chain good" "a cut chain still links"
expect_fail "reconcile finds the cut" city_node kecheng reconcile
expect_match "$(city_node kecheng reconcile 2>/dev/null)" "ledger +4 +3 +DIFFERENT" "named: the ledger section"

test_done
