#!/usr/bin/env bash
# fault.freeze: a frozen peer (SIGSTOP), with the shipped heartbeat and
# liveness settings. A node frozen mid-stream is marked offline by the
# broker within 3 s; events for it wait on the broker's disk; on SIGCONT it
# reconnects and catches up without loss. A frozen broker is noticed by the
# nodes within 3 s; on SIGCONT they reconnect and deliver. Prints the
# detection times it measured.
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
EVENTS=${LEADX_FAULT_EVENTS:-2000}

longyou_offline () {
    grep -q '"node":"longyou","role":"county","online":false' <<< "$(city_broker nodes --json)"
}

kecheng_reconnected () {
    [ "$(grep -c "broker silent" "$CITY_DIR/kecheng/node.log")" -gt "$1" ]
}

# The fault city with the shipped heartbeat and liveness (its fast ones removed).
sed '/heartbeat_ms\|liveness_ms/d' "$(dirname "$0")/city.cfg" > "$TEST_DIR/city.cfg"
city_create "$CITY_DIR" "$TEST_DIR/city.cfg"
city_start "$CITY_DIR"

# -- a node frozen mid-stream ------------------------------------------------
read -r _ MESSAGES _ < <("$LOAD" -c "$CITY_DIR/longyou/node.cfg" --leads 500 --reports 3 --batch 100 | sed 's/[a-z]*=//g')
kill -STOP "$(cat "$CITY_DIR/longyou/node.pid")"
FROZEN=$(now_ms)
wait_for "the broker marks the frozen longyou offline" 10000 longyou_offline
NODE_DETECTED=$(($(now_ms) - FROZEN))
CHECKS=$((CHECKS + 1))
[ "$NODE_DETECTED" -le 3000 ] || fail "the frozen node was noticed after $NODE_DETECTED ms, not within 3 s"
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads "$EVENTS" --reports 0 --batch 500 --offer > /dev/null
city_sync kecheng
BEHIND=$(city_broker nodes --json | sed -n 's/.*"node":"longyou",[^}]*"behind":\([0-9]*\)}.*/\1/p')
CHECKS=$((CHECKS + 1))
[ "$BEHIND" -ge "$EVENTS" ] || fail "events for longyou should wait at the broker: $BEHIND behind"
kill -CONT "$(cat "$CITY_DIR/longyou/node.pid")"
city_sync longyou
expect_eq "$(broker_sql "SELECT received FROM node WHERE id = 'longyou'")" "$MESSAGES" "everything longyou accepted arrived"
expect_eq "$(node_sql longyou "SELECT count(*) FROM offer")" "$EVENTS" "every offer made while it was frozen, applied"
expect_match "$(city_broker nodes --json)" '"node":"longyou","role":"county","online":true,[^}]*"behind":0' "longyou is back and caught up"

# -- a frozen broker ---------------------------------------------------------
SILENT=$(grep -c "broker silent" "$CITY_DIR/kecheng/node.log" || true)
kill -STOP "$(cat "$CITY_DIR/broker.pid")"
FROZEN=$(now_ms)
wait_for "kecheng notices the frozen broker" 10000 kecheng_reconnected "$SILENT"
BROKER_DETECTED=$(($(now_ms) - FROZEN))
CHECKS=$((CHECKS + 1))
[ "$BROKER_DETECTED" -le 3000 ] || fail "the frozen broker was noticed after $BROKER_DETECTED ms, not within 3 s"
"$LOAD" -c "$CITY_DIR/qujiang/node.cfg" --leads 100 --reports 2 --batch 50 > "$TEST_DIR/expect.qujiang"
kill -CONT "$(cat "$CITY_DIR/broker.pid")"
city_sync
read -r _ MESSAGES _ < <(sed 's/[a-z]*=//g' "$TEST_DIR/expect.qujiang")
expect_eq "$(broker_sql "SELECT received FROM node WHERE id = 'qujiang'")" "$MESSAGES" "what qujiang queued while the broker was frozen arrived"
CHECKS=$((CHECKS + 1))
city_reconcile || fail "reconcile: a node's record differs from the broker's (above)"
echo "frozen node noticed by the broker after $NODE_DETECTED ms; frozen broker noticed by kecheng after $BROKER_DETECTED ms"
test_done
