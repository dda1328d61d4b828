#!/usr/bin/env bash
# integration.hostile: a corpus of hostile messages (leadx-hostile) sent to
# the real broker of a running city from a raw ZeroMQ socket that holds a
# valid district key (kaihua's, its daemon stopped). Each gets its expected
# error or refusal; afterwards the broker still serves every other node, the
# city's record is unchanged (leads, offers, routes, claims, decisions,
# transfers, splits, progress, every other node's events), the only trace
# is the refusals on kaihua's record, and every other store is unchanged
# byte for byte in content.
#   bash hostile.sh LEADX_BROKER LEADX_NODE LEADX_HOSTILE
LEADX_HOSTILE=$3
. "$(dirname "$0")/lib.sh"

city_create "$CITY_DIR"
city_start "$CITY_DIR"

# Something on the record to protect: kecheng's lead, offered (not to
# kaihua), claimed by zhizao, approved by the center, with progress.
LEAD=$(city_node kecheng lead add --investor "宁德某新能源科技有限公司" --uscc 91350900MA2YH8K3PB \
       --project "年产10GWh动力锂电池项目" --industry C3841 --investment 2000000000 \
       --type manufacturing --channel own --contact "张总" --phone 13800000000)
city_node kecheng lead offer "$LEAD" >/dev/null
city_sync
city_node zhizao claim "$LEAD" >/dev/null
city_sync
city_node center approve "$LEAD" >/dev/null
city_sync
city_node zhizao progress "$LEAD" --stage signed --metric contract --amount 1200000000 >/dev/null
city_sync
expect_eq "$(broker_sql "SELECT count(*) FROM route WHERE lead = '$LEAD' AND node = 'kaihua'")" 0 \
    "the lead was not offered to kaihua"
expect_eq "$(broker_sql "SELECT count(*) FROM progress WHERE amount = 1200000000")" 1 "the signing is on the record"

city_node kaihua stop >/dev/null

# The record, as it stands. node (liveness) and reconcile change by
# themselves; inbound and event are compared without kaihua's rows.
broker_state () {
    local table
    for table in lead offer route claim decision transfer transfer_split progress; do
        echo "-- $table"
        broker_sql "SELECT * FROM $table ORDER BY 1, 2"
    done
    echo "-- inbound"
    broker_sql "SELECT node, seq, cmd, hex(body), outcome FROM inbound WHERE node != 'kaihua' ORDER BY 1, 2"
    echo "-- event"
    broker_sql "SELECT node, seq, cmd, hex(body) FROM event WHERE node != 'kaihua' AND cmd != 'alert' ORDER BY 1, 2"
}
# The center is told of the reused seq (an alert): its counter of events
# applied and that notice are left out, and checked on their own.
node_state () {
    sqlite3 -batch -readonly "$CITY_DIR/$1/node.db" .dump \
        | grep -v -e "^INSERT INTO meta VALUES('applied'" -e "^INSERT INTO notice VALUES([0-9]*,'alert'" || true
}
OTHERS=(kecheng qujiang zhizao center longyou)
broker_state > "$TEST_DIR/broker.before"
for id in "${OTHERS[@]}"; do node_state "$id" > "$TEST_DIR/$id.before"; done
INBOUND=$(broker_sql "SELECT count(*) FROM inbound WHERE node = 'kaihua'")
EVENTS=$(broker_sql "SELECT count(*) FROM event WHERE node = 'kaihua'")

# The corpus.
if ! "$LEADX_HOSTILE" -c "$CITY_DIR/kaihua/node.cfg" --lead "$LEAD" > "$TEST_DIR/hostile.out"; then
    cat "$TEST_DIR/hostile.out" >&2
    fail "leadx-hostile: a case did not get its expected answer (above)"
fi
cat "$TEST_DIR/hostile.out"
CASES=$(sed -n 's/^hostile: \([0-9]*\) cases, 0 failed$/\1/p' "$TEST_DIR/hostile.out")
expect_match "$CASES" "^[0-9]+$" "leadx-hostile reports its cases"
CHECKS=$((CHECKS + CASES))
REFUSED=$(grep -c "^ok .*: rejected " "$TEST_DIR/hostile.out")
expect_eq "$REFUSED" 12 "well-formed messages refused by the rules"

# The dishonest district's reconciliation is on the broker's record as it
# is: kaihua's made-up and echoed digests differ in every section.
expect_fail "the broker does not call kaihua's echoed digests equal" city_broker reconcile kaihua
expect_eq "$(city_broker reconcile kaihua 2>/dev/null | grep -c ' DIFFERENT$')" 8 "every section of kaihua's differs"
expect_match "$(city_broker reconcile kaihua 2>/dev/null)" "keyed with the broker's challenge" "under the broker's key"

# The broker kept serving: every other node still syncs and reconciles.
city_sync "${OTHERS[@]}"
city_reconcile "${OTHERS[@]}" || fail "reconcile after the corpus"
expect_match "$(city_broker nodes)" "kecheng +county +yes" "kecheng online at the broker"

# Nothing changed but the refusals, on kaihua's record only.
broker_state > "$TEST_DIR/broker.after"
diff "$TEST_DIR/broker.before" "$TEST_DIR/broker.after" >&2 || fail "the broker's record changed"
CHECKS=$((CHECKS + 1))
for id in "${OTHERS[@]}"; do
    node_state "$id" > "$TEST_DIR/$id.after"
    diff "$TEST_DIR/$id.before" "$TEST_DIR/$id.after" >&2 || fail "$id's store changed"
    CHECKS=$((CHECKS + 1))
done
expect_eq "$(broker_sql "SELECT count(*) FROM inbound WHERE node = 'kaihua'")" $((INBOUND + REFUSED)) \
    "kaihua's refused messages are on the record"
expect_eq "$(broker_sql "SELECT count(*) FROM inbound WHERE node = 'kaihua' AND outcome = 0")" 0 \
    "none of kaihua's messages was applied"
expect_eq "$(broker_sql "SELECT count(*) FROM event WHERE node = 'kaihua'")" $((EVENTS + REFUSED)) \
    "one rejected event a refusal"
expect_eq "$(broker_sql "SELECT count(*) FROM event WHERE node = 'kaihua' AND seq > $EVENTS AND cmd != 'rejected'")" 0 \
    "kaihua got nothing but rejections"
expect_eq "$(broker_sql "SELECT count(*) FROM event WHERE cmd = 'alert'")" 1 "one alert, to the center"
expect_match "$(node_sql center "SELECT finder || ': ' || reason FROM notice WHERE kind = 'alert'")" \
    "^kaihua: kaihua sent messages under numbers it had used for others" "the center's notice of the reused seq"
expect_match "$(grep "SEQ_REUSED: kaihua sent claim #1" "$CITY_DIR/broker.log")" "leadx-node rebuild" \
    "the broker names the reused seq and the fix in its log"
expect_eq "$(grep -c "IDENTITY: a connection authenticated as kaihua sent" "$CITY_DIR/broker.log")" 2 \
    "messages in another district's name are logged as identity violations"
expect_eq "$(grep -c "rejected lead #[0-9]* from kaihua: IDENTITY" "$CITY_DIR/broker.log")" 2 \
    "leads naming another finder are logged as identity violations"
test_done
