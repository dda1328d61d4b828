#!/usr/bin/env bash
# fault.flood: a keyless intruder holds LEADX_FLOOD_CONNECTIONS (default
# 5,000) raw TCP connections open to the broker without ever completing a
# handshake (tests/tools/leadx_flood.c), opening again at once each one the
# broker drops. While they are held, a district's daemon is stopped, its
# staff queue work, and it is started again: it must be welcomed within
# 10 s and sync, and every other district must stay online. Then the flood
# stops and the whole city reconciles. The broker raises its limit of open
# files at start (broker/max_files, 0: to the hard limit) and drops every
# connection whose handshake is not done in broker/handshake_ms (3 s).
# Prints the figures: connections held (by the tool, and sockets open in the
# broker), and the time for the district to be welcomed again.
#   bash tests/fault/flood.sh BROKER NODE LOAD FLOOD
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
FLOOD=$4
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
CONNECTIONS=${LEADX_FLOOD_CONNECTIONS:-5000}
WELCOME_BOUND_MS=10000          # generous for CI: on loopback it takes well under 1 s

# -- file descriptors ------------------------------------------------------------
# The flood's connections take one descriptor each at the tool and at the
# broker (which raises its soft limit to the hard limit itself); 1,024 more
# for everything else. Root may raise the hard limit; anyone else takes
# what there is, and the test says so.
WANT=$((CONNECTIONS + 1024))
HARD=$(ulimit -Hn)
if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$WANT" ]; then
    ulimit -Hn "$WANT" 2>/dev/null || true
    HARD=$(ulimit -Hn)
fi
if [ "$HARD" != unlimited ] && [ "$HARD" -lt "$WANT" ]; then
    WAS=$CONNECTIONS
    CONNECTIONS=$((HARD > 2048? HARD - 1024: HARD / 2))
    echo "flood: the hard limit of open files is $HARD and cannot be raised here (that needs root with CAP_SYS_RESOURCE);" \
         "$WAS connections need $WANT: flooding with $CONNECTIONS instead"
    WANT=$HARD
fi
ulimit -Sn "$WANT"
echo "flood: $CONNECTIONS connections; open files: soft $(ulimit -Sn), hard $(ulimit -Hn)"

# sockets PID: the sockets a process holds open (find complains of the
# descriptors closed while it reads the directory).
sockets () {
    { find "/proc/$1/fd" -lname 'socket:*' 2>/dev/null || true; } | wc -l
}
# flood_held: the flood tool's last count of connections held.
flood_held () {
    tail -n 1 "$TEST_DIR/flood.out" 2>/dev/null | sed -n 's/^held=\([0-9]*\) .*/\1/p'
}
# flood_full: the tool holds at least 95 % of its connections.
flood_full () {
    local held
    held=$(flood_held)
    [ -n "$held" ] && [ "$held" -ge $((CONNECTIONS * 95 / 100)) ]
}
# flood_steady: full again after the broker dropped (handshake timeout) and
# the tool opened again as many connections as it holds.
flood_steady () {
    local dropped
    dropped=$(tail -n 1 "$TEST_DIR/flood.out" 2>/dev/null | sed -n 's/.* dropped=\([0-9]*\) .*/\1/p')
    [ -n "$dropped" ] && [ "$dropped" -ge "$CONNECTIONS" ] && flood_full
}
# welcomed ID COUNT: ID's log has more than COUNT welcomes.
welcomed () {
    [ "$(grep -c "node: $1 welcomed" "$CITY_DIR/$1/node.log")" -gt "$2" ]
}
FLOOD_PID=
flood_stop () {
    if [ -n "$FLOOD_PID" ]; then
        kill -TERM "$FLOOD_PID" 2>/dev/null || true
        wait "$FLOOD_PID" 2>/dev/null || true
        FLOOD_PID=
    fi
}
# The flood stops with the test, whatever happens (the tool also stops when
# this script dies, and after 300 s).
trap 'rc=$?; flood_stop; set +e; (exit $rc); test_cleanup' EXIT

city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
city_start "$CITY_DIR"
BROKER_PID=$(cat "$CITY_DIR/broker.pid")
ENDPOINT=$(cat "$CITY_DIR/broker.endpoint")
LIMIT=$(ulimit -Hn)
[ "$LIMIT" != unlimited ] || LIMIT=$(cat /proc/sys/fs/nr_open)
expect_match "$(grep "open files: limit" "$CITY_DIR/broker.log")" \
    "open files: limit $LIMIT \(hard $LIMIT\), one per connection; a connection whose handshake is not done in 3000 ms is dropped" \
    "the broker raised its limit of open files to the hard limit and says so"
BASE=$(sockets "$BROKER_PID")

# -- the flood ---------------------------------------------------------------------
"$FLOOD" --count "$CONNECTIONS" --seconds 300 "$ENDPOINT" > "$TEST_DIR/flood.out" &
FLOOD_PID=$!
wait_for "the flood holds its connections, dropped and opened again" 60000 flood_steady
# The broker's sockets over a second: the connections it holds (accepted,
# handshake not done) on top of what it held before.
BROKER_MOST=0
for _ in $(seq 20); do
    NOW=$(sockets "$BROKER_PID")
    [ "$NOW" -gt "$BROKER_MOST" ] && BROKER_MOST=$NOW
    sleep 0.05
done
BROKER_HELD=$((BROKER_MOST - BASE))
CHECKS=$((CHECKS + 1))
[ "$BROKER_HELD" -ge $((CONNECTIONS * 80 / 100)) ] ||
    fail "the broker held only $BROKER_HELD flood connections of $CONNECTIONS: no pressure"

# -- a district stops, queues work, comes back ---------------------------------------
city_node kecheng stop >/dev/null
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads 100 --reports 3 --batch 50 > "$TEST_DIR/expect.kecheng"
WELCOMES=$(grep -c "node: kecheng welcomed" "$CITY_DIR/kecheng/node.log")
START=$(now_ms)
city_node kecheng start >/dev/null
wait_for "kecheng welcomed again under the flood" 60000 welcomed kecheng "$WELCOMES"
WELCOME_MS=$(($(now_ms) - START))
DURING=$(flood_held)
CHECKS=$((CHECKS + 1))
[ "$WELCOME_MS" -le "$WELCOME_BOUND_MS" ] ||
    fail "kecheng was welcomed $WELCOME_MS ms after its start, not within $WELCOME_BOUND_MS ms"
city_sync kecheng
read -r LEADS MESSAGES _ < <(sed 's/[a-z]*=//g' "$TEST_DIR/expect.kecheng")
expect_eq "$(broker_sql "SELECT received FROM node WHERE id = 'kecheng'")" "$MESSAGES" \
          "everything kecheng queued during the flood arrived"
expect_eq "$(broker_sql "SELECT count(*) FROM lead WHERE finder = 'kecheng'")" "$LEADS" "kecheng's leads at the broker"
CHECKS=$((CHECKS + 1))
! grep -q '"online":false' <<< "$(city_broker nodes --json)" ||
    fail "a district went offline during the flood: $(city_broker nodes --json)"
flood_full || fail "the flood let go during the test (held $(flood_held) of $CONNECTIONS)"
CHECKS=$((CHECKS + 1))

# -- the flood stops; everything reconciles --------------------------------------------
flood_stop
SUMMARY=$(tail -n 1 "$TEST_DIR/flood.out")
expect_match "$SUMMARY" "^flood: held at most [0-9]+ of $CONNECTIONS, [0-9]+ opened, [1-9][0-9]* dropped by the peer" \
             "the broker dropped the flood's connections (handshake timeout)"
expect_match "$(grep "broker: .*closed the connection during the handshake" "$CITY_DIR/broker.log" | head -n 1)" \
             "handshake" "the broker logged the failed handshakes"
city_sync
CHECKS=$((CHECKS + 1))
city_reconcile || fail "reconcile: a node's record differs from the broker's (above)"
echo "flood: held $DURING connections (the broker $BROKER_HELD sockets over its own $BASE);" \
     "kecheng welcomed again $WELCOME_MS ms after its start; $SUMMARY"
test_done
