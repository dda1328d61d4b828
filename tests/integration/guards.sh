#!/usr/bin/env bash
# integration.guards: what the daemons refuse or name at start and on the
# wire, with the real programs over loopback (the fault tests' small city).
#   - one daemon per store: a second `run` of a node or of the broker, and
#     a node `start` with another pid file, exit 1 naming the store and the
#     pid holding it; staff commands keep working meanwhile.
#   - a failed CURVE handshake is named: a node with the wrong broker
#     certificate, and a node whose certificate is not in the broker's
#     clients directory, each log it once, and so does the broker; the
#     success after the fix is logged too.
#   - a damaged store (garbage over one page of a table's b-tree) is
#     refused by `run` and `start` of both programs, with the recovery.
. "$(dirname "$0")/lib.sh"
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow

now_ms () {
    echo $(($(date +%s%N) / 1000000))
}

# wait_for WHAT DEADLINE_MS COMMAND...: polls the command until it
# succeeds; fails the test after the deadline.
wait_for () {
    local what=$1 deadline=$(($(now_ms) + $2))
    shift 2
    until "$@"; do
        [ "$(now_ms)" -lt "$deadline" ] || fail "$what: not within the deadline"
        sleep 0.05
    done
    CHECKS=$((CHECKS + 1))
}

# logged FILE REGEX: the file has a line matching.
logged () {
    grep -Eq -- "$2" "$1" 2>/dev/null
}

# count_logged FILE REGEX: how many lines match.
count_logged () {
    grep -Ec -- "$2" "$1" 2>/dev/null || true
}

# refused WHAT PATTERN COMMAND...: the command exits 1 (not killed by the
# timeout: a daemon that starts would run until then) and its output
# matches PATTERN. The output is kept in REFUSAL.
refused () {
    local what=$1 pattern=$2 rc=0
    shift 2
    REFUSAL=$(timeout 60 "$@" 2>&1) || rc=$?
    expect_eq "$rc" 1 "$what: exit status"
    expect_match "$REFUSAL" "$pattern" "$what: the message"
}

# damage FILE: writes garbage over one page of a table's b-tree in the
# closed store FILE: the root page of its second table (never page 1).
damage () {
    local page size
    [ ! -s "$1-wal" ] || fail "$1 still has a write-ahead log: its daemon did not close it"
    page=$(sqlite3 -batch -noheader "$1" "SELECT rootpage FROM sqlite_schema WHERE type = 'table' ORDER BY rootpage LIMIT 1 OFFSET 1")
    size=$(sqlite3 -batch -noheader "$1" "PRAGMA page_size")
    [ "$page" -gt 1 ] || fail "no table page to damage in $1"
    head -c "$size" /dev/zero | tr '\0' '\245' | dd of="$1" bs="$size" seek=$((page - 1)) conv=notrunc status=none
}

city_create "$CITY_DIR" "$(dirname "$0")/../fault/city.cfg"
for cfg in "$CITY_DIR"/*/node.cfg; do
    printf '    heartbeat_ms = 100\n    liveness_ms = 600\n' >> "$cfg"
done
city_start "$CITY_DIR"
BROKER_LOG=$CITY_DIR/broker.log
expect_match "$(cat "$BROKER_LOG")" "broker: store .*broker\.db checked \(quick_check\) in [0-9]+ ms" \
    "the broker logs its store's check and its time"
expect_match "$(cat "$CITY_DIR/kecheng/node.log")" "node: store .*node\.db checked \(quick_check\) in [0-9]+ ms" \
    "a node logs its store's check and its time"

# -- one daemon per store ---------------------------------------------------
NODE_PID=$(cat "$CITY_DIR/kecheng/node.pid")
refused "a second node daemon (run) on kecheng's store" \
    "store .*kecheng/node\.db is in use by another daemon \(pid $NODE_PID, which holds .*kecheng/node\.db\.lock\)" \
    "$LEADX_NODE" run -c "$CITY_DIR/kecheng/node.cfg"
# start with another pid file: its own pid file lock cannot see the first.
cp "$CITY_DIR/kecheng/node.cfg" "$CITY_DIR/kecheng/second.cfg"
printf '    pid_file = "second.pid"\n    log_file = "second.log"\n' >> "$CITY_DIR/kecheng/second.cfg"
refused "a second node daemon (start, another pid file) on kecheng's store" "stopped before it was ready" \
    "$LEADX_NODE" start -c "$CITY_DIR/kecheng/second.cfg"
expect_match "$(cat "$CITY_DIR/kecheng/second.log")" \
    "store .*kecheng/node\.db is in use by another daemon \(pid $NODE_PID," "the refused start's log"
refused "a second broker (run) on the broker's store" \
    "store .*broker\.db is in use by another daemon \(pid $(cat "$CITY_DIR/broker.pid"), which holds .*broker\.db\.lock\)" \
    "$LEADX_BROKER" run -c "$CITY_DIR/broker.cfg"
# Staff commands take no lock, and the first daemons serve on.
LEAD=$(city_node kecheng lead add --investor "衢州某智能装备有限公司" --project "工业机器人" \
       --industry C342 --investment 300000000)
expect_match "$(city_node kecheng lead list)" "$LEAD" "a staff command while the daemon runs"
city_sync kecheng
expect_eq "$(broker_sql "SELECT count(*) FROM lead WHERE id = '$LEAD'")" 1 "the first daemons still deliver"

# -- a node with the wrong broker certificate --------------------------------
# Another broker's public certificate only (zcert_load would prefer a
# _secret file beside it).
mkdir -p "$TEST_DIR/other"
printf 'broker\n    cert = "broker.cert"\n' > "$TEST_DIR/other/broker.cfg"
"$LEADX_BROKER" keygen -c "$TEST_DIR/other/broker.cfg" > /dev/null
cp "$TEST_DIR/other/broker.cert" "$CITY_DIR/qujiang/wrong_broker.cert"
city_node qujiang stop > /dev/null
QUJIANG_LOG=$CITY_DIR/qujiang/node.log
sed -i 's|^    broker_cert = .*|    broker_cert = "wrong_broker.cert"|' "$CITY_DIR/qujiang/node.cfg"
city_node qujiang start > /dev/null
WRONG_KEY="node: the CURVE handshake with tcp://127\.0\.0\.1:[0-9]+ failed: the broker closed the connection during the handshake: it did not accept our hello; is node/broker_cert \(.*wrong_broker\.cert\) the broker's public certificate\?"
wait_for "qujiang names the handshake failure" 20000 logged "$QUJIANG_LOG" "$WRONG_KEY"
# Once an episode: two more reconnections (each a new socket, after libzmq's
# own retries), still one line.
SILENT=$(count_logged "$QUJIANG_LOG" "broker silent")
wait_for "qujiang reconnects twice more" 20000 \
    bash -c "[ \$(grep -c 'broker silent' '$QUJIANG_LOG') -ge $((SILENT + 2)) ]"
expect_eq "$(count_logged "$QUJIANG_LOG" "handshake with .* failed")" 1 "the failure is logged once an episode"
wait_for "the broker names the undecryptable hello" 20000 logged "$BROKER_LOG" \
    "broker: a CURVE handshake on tcp://127\.0\.0\.1:[0-9]+ failed: the hello of a client could not be decrypted: it uses another server key"
# The right certificate in its place (the daemon reads it at every
# reconnection): the next connection succeeds, and says so.
cp "$CITY_DIR/keys/broker.cert" "$CITY_DIR/qujiang/wrong_broker.cert"
wait_for "qujiang logs the success after the failures" 20000 logged "$QUJIANG_LOG" \
    "node: the CURVE handshake with tcp://127\.0\.0\.1:[0-9]+ succeeded after [0-9]+ failed attempts?$"
city_sync qujiang

# -- a node whose certificate the broker does not hold ----------------------
city_node longyou stop > /dev/null
LONGYOU_LOG=$CITY_DIR/longyou/node.log
mv "$CITY_DIR/keys/nodes/longyou.cert" "$TEST_DIR/longyou.cert"
city_node longyou start > /dev/null
wait_for "longyou names the refusal" 20000 logged "$LONGYOU_LOG" \
    "node: the CURVE handshake with tcp://127\.0\.0\.1:[0-9]+ failed: the broker refused our certificate \(ZAP status 400\); is .*longyou/node\.cert in the broker's clients directory\?"
# The broker names it too: at once, or counted in its next line.
wait_for "the broker names the refused certificate" 20000 logged "$BROKER_LOG" \
    "the certificate of a client was refused \(ZAP status 400\); its certificate is not in broker/clients|[0-9]+ refused"
SILENT=$(count_logged "$LONGYOU_LOG" "broker silent")
wait_for "longyou reconnects twice more" 20000 \
    bash -c "[ \$(grep -c 'broker silent' '$LONGYOU_LOG') -ge $((SILENT + 2)) ]"
expect_eq "$(count_logged "$LONGYOU_LOG" "handshake with .* failed")" 1 "the refusal is logged once an episode"
mv "$TEST_DIR/longyou.cert" "$CITY_DIR/keys/nodes/longyou.cert"
wait_for "longyou logs the success after the refusals" 20000 logged "$LONGYOU_LOG" "succeeded after [0-9]+ failed attempts?$"
city_sync longyou
expect_eq "$(count_logged "$CITY_DIR/kecheng/node.log" "handshake with")" 0 "a node with the right keys logs no handshake"

# -- a damaged store ----------------------------------------------------------
city_node jiangshan stop > /dev/null
damage "$CITY_DIR/jiangshan/node.db"
RECOVERY="node: store .*jiangshan/node\.db is damaged \(quick_check: .+\)\. Restore it from a backup, or move it aside and rebuild it from the broker's record with \`leadx-node rebuild -c .*jiangshan/node\.cfg\`"
refused "a node on a damaged store (run)" "$RECOVERY" "$LEADX_NODE" run -c "$CITY_DIR/jiangshan/node.cfg"
refused "a node on a damaged store (start)" "stopped before it was ready" \
    "$LEADX_NODE" start -c "$CITY_DIR/jiangshan/node.cfg"
expect_match "$(tail -n 3 "$CITY_DIR/jiangshan/node.log")" "$RECOVERY" "the refused node start's log"

city_stop "$CITY_DIR" > /dev/null
damage "$CITY_DIR/broker.db"
RECOVERY="broker: store .*broker\.db is damaged \(quick_check: .+\)\. Restore it from a backup\."
refused "a broker on a damaged store (run)" "$RECOVERY" "$LEADX_BROKER" run -c "$CITY_DIR/broker.cfg"
refused "a broker on a damaged store (start)" "stopped before it was ready" \
    "$LEADX_BROKER" start -c "$CITY_DIR/broker.cfg"
expect_match "$(tail -n 3 "$BROKER_LOG")" "$RECOVERY" "the refused broker start's log"
test_done
