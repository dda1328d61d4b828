#!/usr/bin/env bash
# fault.node_kill: five nodes stream leads and progress reports with
# amounts (20,000 messages by default, see stream.sh) while their daemons
# are killed with SIGKILL and restarted, LEADX_FAULT_KILLS times in all
# (default 10), a random node at a random moment each time. What each node
# accepted (its store committed it) is never lost: afterwards every message
# is at the broker exactly once, every event the broker had for a node is
# applied there once (credit exact to the yuan), and every node reconciles.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/stream.sh"
KILLS=${LEADX_FAULT_KILLS:-10}

stream_start
KILLED=()
for round in $(seq 1 "$KILLS"); do
    sleep "0.$((RANDOM % 2))$((RANDOM % 10))"
    id=${NODES[$((RANDOM % ${#NODES[@]}))]}
    city_node "$id" stop --kill >/dev/null
    KILLED+=("$id@$(broker_sql "SELECT received FROM node WHERE id = '$id'")")
    city_node "$id" start >/dev/null
done
stream_wait
stream_check
STARTS=0
for id in "${NODES[@]}"; do
    STARTS=$((STARTS + $(grep -c "starting" "$CITY_DIR/$id/node.log")))
done
expect_eq "$STARTS" "$((${#NODES[@]} + KILLS))" "node daemons were restarted $KILLS times"
echo "node daemons killed with SIGKILL (node@messages the broker had from it): ${KILLED[*]}"
test_done
