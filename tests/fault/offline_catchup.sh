#!/usr/bin/env bash
# fault.offline_catchup: a node is offline while LEADX_FAULT_EVENTS (default
# 50,000) events addressed to it accumulate at the broker (offers of
# kecheng's leads, routed to longyou, the only district they fit); when it
# comes back it receives all of them, in order, each applied once. Prints
# how long the catch-up took (a figure, not a pass condition: see
# tests/bench for the benchmark).
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
EVENTS=${LEADX_FAULT_EVENTS:-50000}

city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
city_start "$CITY_DIR"
city_node longyou stop >/dev/null
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads "$EVENTS" --reports 0 --batch 1000 --offer > /dev/null
city_sync kecheng
BEHIND=$(city_broker nodes --json | sed -n 's/.*"node":"longyou",[^}]*"online":\([a-z]*\)[^}]*"behind":\([0-9]*\)}.*/\1 \2/p')
expect_eq "$BEHIND" "false $EVENTS" "longyou offline, $EVENTS events waiting on disk"
expect_eq "$(node_sql longyou "SELECT count(*) FROM offer")" 0 "nothing reached longyou yet"

START=$(date +%s%N)
city_node longyou start >/dev/null
city_sync longyou
ELAPSED_MS=$((($(date +%s%N) - START) / 1000000))
expect_eq "$(node_sql longyou "SELECT count(*) FROM offer")" "$EVENTS" "every offer applied at longyou"
expect_eq "$(node_sql longyou "SELECT value FROM meta WHERE key = 'applied'")" "$EVENTS" "events applied once, in order"
expect_eq "$(node_sql longyou "SELECT count(DISTINCT lead) FROM offer")" "$EVENTS" "no duplicate"
expect_match "$(city_broker nodes --json)" '"node":"longyou","role":"county","online":true,[^}]*"behind":0' "longyou caught up"
echo "longyou caught up $EVENTS events in $ELAPSED_MS ms (start + sync)"
test_done
