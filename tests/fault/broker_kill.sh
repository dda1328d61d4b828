#!/usr/bin/env bash
# fault.broker_kill: five nodes stream leads and progress reports with
# amounts (LEADX_FAULT_LEADS leads of LEADX_FAULT_REPORTS reports each, per
# node: 400 x 9 by default, 20,000 messages in all) while the broker is
# killed with SIGKILL and restarted LEADX_FAULT_KILLS times (default 10) at
# random moments. Afterwards every message is at the broker exactly once,
# and each node's credit equals what it sent, to the yuan.
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
LEADS=${LEADX_FAULT_LEADS:-400}
REPORTS=${LEADX_FAULT_REPORTS:-9}
KILLS=${LEADX_FAULT_KILLS:-10}
NODES=(kecheng qujiang longyou jiangshan changshan)

city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
for cfg in "$CITY_DIR"/*/node.cfg; do
    printf '    heartbeat_ms = 100\n    liveness_ms = 600\n' >> "$cfg"
done
city_start "$CITY_DIR"

LOADERS=()
for id in "${NODES[@]}"; do
    "$LOAD" -c "$CITY_DIR/$id/node.cfg" --leads "$LEADS" --reports "$REPORTS" --batch 50 \
        > "$TEST_DIR/expect.$id" &
    LOADERS+=($!)
done
# Kill the broker at random moments while the stream flows, noting how
# much it had received each time.
KILLED_AT=()
for round in $(seq 1 "$KILLS"); do
    sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
    city_broker stop --kill >/dev/null
    KILLED_AT+=("$(broker_sql "SELECT sum (received) FROM node")")
    city_broker start >/dev/null
done
for pid in "${LOADERS[@]}"; do
    wait "$pid" || fail "a load generator failed"
done
city_sync

TOTAL=0
for id in "${NODES[@]}"; do
    read -r leads messages contract funds count < <(sed 's/[a-z]*=//g' "$TEST_DIR/expect.$id")
    TOTAL=$((TOTAL + messages))
    expect_eq "$(broker_sql "SELECT received FROM node WHERE id = '$id'")" "$messages" "$id: every message received"
    expect_eq "$(broker_sql "SELECT count(*) FROM lead WHERE finder = '$id'")" "$leads" "$id: leads at the broker"
    expect_eq "$(broker_sql "SELECT sum (amount) FROM progress WHERE reporter = '$id' AND metric = 'contract'")" \
              "$contract" "$id: contract total at the broker"
    expect_eq "$(broker_sql "SELECT sum (amount) FROM progress WHERE reporter = '$id' AND metric = 'funds'")" \
              "$funds" "$id: funds total at the broker"
    expect_match "$(city_node "$id" credit --json)" \
        "\"metric\":\"contract\",\"own\":$contract,.*\"metric\":\"count\",\"own\":$count,.*\"metric\":\"funds\",\"own\":$funds," \
        "$id: its own credit, to the yuan"
    ENTRIES="SELECT lead, stage, metric, amount, finder_share, lander_share FROM progress WHERE finder = '$id' ORDER BY id"
    expect_eq "$(node_sql "$id" "$ENTRIES" | md5sum)" "$(broker_sql "$ENTRIES" | md5sum)" "$id: entries equal the broker's"
    expect_eq "$(node_sql "$id" "SELECT count(*) FROM outbox WHERE acked = 0")" 0 "$id: outbox all acknowledged"
done
expect_eq "$(broker_sql "SELECT count(*) FROM inbound")" "$TOTAL" "each message stored once at the broker"
expect_eq "$(grep -c "serving" "$CITY_DIR/broker.log")" "$((KILLS + 1))" "the broker was restarted $KILLS times"
echo "broker killed with SIGKILL after receiving: ${KILLED_AT[*]} of $TOTAL messages"
test_done
