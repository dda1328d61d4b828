#!/usr/bin/env bash
# Helpers of the fault tests that stream a known load through a city while
# something is done to it (sourced after ../integration/lib.sh):
#   stream_start   creates and starts the fault city (fast heartbeats) and
#                  starts a leadx-load at each of NODES in the background
#   stream_wait    waits for the loads, then for the city to settle
#   stream_check   checks that every message arrived once and every credit
#                  total is exact, and reconciles every node with the broker
# Sizes, per node: LEADX_FAULT_LEADS leads (default 400) of
# LEADX_FAULT_REPORTS progress reports each (default 9): 4,000 messages.
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
LEADS=${LEADX_FAULT_LEADS:-400}
REPORTS=${LEADX_FAULT_REPORTS:-9}
NODES=(kecheng qujiang longyou jiangshan changshan)
LOADERS=()

stream_start () {
    city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
    for cfg in "$CITY_DIR"/*/node.cfg; do
        printf '    heartbeat_ms = 100\n    liveness_ms = 600\n' >> "$cfg"
    done
    city_start "$CITY_DIR"
    local id
    for id in "${NODES[@]}"; do
        "$LOAD" -c "$CITY_DIR/$id/node.cfg" --leads "$LEADS" --reports "$REPORTS" --batch 50 \
            > "$TEST_DIR/expect.$id" &
        LOADERS+=($!)
    done
}

stream_wait () {
    local pid
    for pid in "${LOADERS[@]}"; do
        wait "$pid" || fail "a load generator failed"
    done
    city_sync
}

stream_check () {
    local id leads messages contract funds count entries total=0
    for id in "${NODES[@]}"; do
        read -r leads messages contract funds count < <(sed 's/[a-z]*=//g' "$TEST_DIR/expect.$id")
        total=$((total + messages))
        expect_eq "$(broker_sql "SELECT received FROM node WHERE id = '$id'")" "$messages" "$id: every message received"
        expect_eq "$(broker_sql "SELECT count(*) FROM lead WHERE finder = '$id'")" "$leads" "$id: leads at the broker"
        expect_eq "$(broker_sql "SELECT sum (amount) FROM progress WHERE reporter = '$id' AND metric = 'contract'")" \
                  "$contract" "$id: contract total at the broker"
        expect_eq "$(broker_sql "SELECT sum (amount) FROM progress WHERE reporter = '$id' AND metric = 'funds'")" \
                  "$funds" "$id: funds total at the broker"
        expect_match "$(city_node "$id" credit --json)" \
            "\"metric\":\"contract\",\"own\":$contract,.*\"metric\":\"count\",\"own\":$count,.*\"metric\":\"funds\",\"own\":$funds," \
            "$id: its own credit, to the yuan"
        entries="SELECT lead, stage, metric, amount, finder_share, lander_share FROM progress WHERE finder = '$id' ORDER BY id"
        expect_eq "$(node_sql "$id" "$entries" | md5sum)" "$(broker_sql "$entries" | md5sum)" "$id: entries equal the broker's"
        expect_eq "$(node_sql "$id" "SELECT count(*) FROM outbox WHERE acked = 0")" 0 "$id: outbox all acknowledged"
    done
    expect_eq "$(broker_sql "SELECT count(*) FROM inbound")" "$total" "each message stored once at the broker"
    CHECKS=$((CHECKS + 1))
    city_reconcile || fail "reconcile: a node's record differs from the broker's (above)"
}
