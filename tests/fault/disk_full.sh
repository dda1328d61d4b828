#!/usr/bin/env bash
# fault.disk_full: a full disk under a node's store, then under the
# broker's, with real daemons. Each store sits on a small tmpfs of its own
# (a private mount namespace: root, or an unprivileged user namespace),
# which is filled up mid-stream and freed again. Nothing is lost, the stall
# is named in the log with its fix, and delivery resumes by itself once
# space returns, without a restart:
#   - the node keeps the events it could not write in memory and retries
#     with backoff; the broker still holds them, unacknowledged;
#   - the broker abandons its batches; the nodes, whose windows fill with
#     unacknowledged messages, send them again after resend_ms.
# Prints how long each recovery took after the space came back.
if [ -z "${LEADX_FAULT_NAMESPACE:-}" ]; then
    export LEADX_FAULT_NAMESPACE=1
    if [ "$(id -u)" -eq 0 ]; then
        exec unshare --mount --propagation private bash "$0" "$@"
    fi
    exec unshare --user --map-root-user --mount bash "$0" "$@"
fi
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow

# small_disk DIR: a 64 MB tmpfs at DIR (gone with this namespace).
small_disk () {
    mkdir -p "$1" && mount -t tmpfs -o size=64m leadx-test "$1"
}

# fill DIR: the disk under DIR has no byte left. (The broker's comes first,
# while its write-ahead log is small: a log that grew earlier takes new
# commits in place, and a full disk shows only once it must grow.)
fill () {
    dd if=/dev/zero of="$1/filler" bs=64k 2>/dev/null || true
    CHECKS=$((CHECKS + 1))
    [ "$(df --output=avail "$1" | tail -n 1)" -eq 0 ] || fail "$1 is not full"
}

pid_of () {
    cat "$CITY_DIR/$1/node.pid"
}

# node_sql_at FILE SQL / broker_sql_at FILE SQL: a query on a store that
# is not where the city keeps it (read only).
node_sql_at () {
    sqlite3 -batch -noheader -readonly "$1" "$2"
}
broker_sql_at () {
    node_sql_at "$@"
}

city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
small_disk "$CITY_DIR/disk-longyou"
small_disk "$CITY_DIR/disk-broker"
# The disks go before the files are removed, whatever happens.
trap 'rc=$?; city_stop "$CITY_DIR" > /dev/null 2>&1; umount "$CITY_DIR/disk-longyou" "$CITY_DIR/disk-broker";
      (exit $rc); test_cleanup' EXIT
sed -i 's|^    store = "node.db"|    store = "../disk-longyou/node.db"|' "$CITY_DIR/longyou/node.cfg"
sed -i 's|^    store = "broker.db"|    store = "disk-broker/broker.db"|' "$CITY_DIR/broker.cfg"
city_start "$CITY_DIR"

# -- the broker's disk fills up -------------------------------------------------
BROKER=$(cat "$CITY_DIR/broker.pid")
fill "$CITY_DIR/disk-broker"
read -r _ MESSAGES _ < <("$LOAD" -c "$CITY_DIR/qujiang/node.cfg" --leads 1000 --reports 2 --batch 100 | sed 's/[a-z]*=//g')
wait_for "the broker names its full disk" 30000 logged "$CITY_DIR/broker.log" "batch abandoned: .*full"
expect_match "$(grep -c "batch abandoned" "$CITY_DIR/broker.log")" "^[1-9]" "the broker abandons batches while full"
# qujiang sends again what the broker did not take: after resend_ms of
# silence, or at once when a later message of the window arrives first
# (SEQ_GAP, then a fresh hello).
wait_for "qujiang sends again what the broker did not acknowledge" 30000 \
    logged "$CITY_DIR/qujiang/node.log" "the broker acknowledged none of our [0-9]+ messages in flight|SEQ_GAP"
rm "$CITY_DIR/disk-broker/filler"
FREED=$(now_ms)
city_sync qujiang
echo "the broker took qujiang's $MESSAGES messages $(($(now_ms) - FREED)) ms after the space came back"
expect_eq "$(broker_sql_at "$CITY_DIR/disk-broker/broker.db" "SELECT received FROM node WHERE id = 'qujiang'")" "$MESSAGES" \
    "every message qujiang sent, on the broker's record"
expect_eq "$(cat "$CITY_DIR/broker.pid")" "$BROKER" "without a restart"
# -- the node's disk fills up ---------------------------------------------------
LONGYOU=$(pid_of longyou)
fill "$CITY_DIR/disk-longyou"
# Offers of kecheng's leads fit longyou only: events it cannot write.
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads 3000 --reports 0 --batch 500 --offer > /dev/null
city_sync kecheng
wait_for "longyou names its full disk" 30000 \
    logged "$CITY_DIR/longyou/node.log" "cannot write the store .*full.* kept in memory .* Free disk space"
expect_match "$(city_broker nodes --json)" '"node":"longyou","role":"county","online":true' \
    "longyou stays online: its heartbeats go on"
BEHIND=$(city_broker nodes --json | sed -n 's/.*"node":"longyou",[^}]*"behind":\([0-9]*\)}.*/\1/p')
CHECKS=$((CHECKS + 1))
[ "$BEHIND" -gt 0 ] || fail "events for longyou should wait at the broker, unacknowledged"
rm "$CITY_DIR/disk-longyou/filler"
FREED=$(now_ms)
city_sync longyou
echo "longyou applied the rest $(($(now_ms) - FREED)) ms after the space came back"
expect_eq "$(node_sql_at "$CITY_DIR/disk-longyou/node.db" "SELECT count(*) FROM offer")" 3000 "every offer applied, once"
expect_match "$(grep "takes writes again" "$CITY_DIR/longyou/node.log")" "events applied after [0-9]+ failed attempts" \
    "the recovery is logged"
expect_eq "$(pid_of longyou)" "$LONGYOU" "without a restart"

city_sync
city_reconcile || fail "reconcile the whole city after both"
test_done
