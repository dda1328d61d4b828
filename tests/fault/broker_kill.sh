#!/usr/bin/env bash
# fault.broker_kill: five nodes stream leads and progress reports with
# amounts (20,000 messages by default, see stream.sh) while the broker is
# killed with SIGKILL and restarted LEADX_FAULT_KILLS times (default 10) at
# random moments. Afterwards every message is at the broker exactly once,
# each node's credit equals what it sent, to the yuan, and every node
# reconciles with the broker.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/stream.sh"
KILLS=${LEADX_FAULT_KILLS:-10}

stream_start
# Kill the broker at random moments while the stream flows, noting how
# much it had received each time.
KILLED_AT=()
for round in $(seq 1 "$KILLS"); do
    sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
    city_broker stop --kill >/dev/null
    KILLED_AT+=("$(broker_sql "SELECT sum (received) FROM node")")
    city_broker start >/dev/null
done
stream_wait
stream_check
expect_eq "$(grep -c "serving" "$CITY_DIR/broker.log")" "$((KILLS + 1))" "the broker was restarted $KILLS times"
echo "broker killed with SIGKILL after receiving: ${KILLED_AT[*]} of $(broker_sql "SELECT count(*) FROM inbound") messages"
test_done
