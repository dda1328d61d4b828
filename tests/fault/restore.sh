#!/usr/bin/env bash
# fault.restore: a node store that goes back in time, is lost, or is copied
# to a second machine, against the real programs. Each is recognised and
# named in the log with its fix, and either side's record brings it back
# to exactly where it was:
#   - restored from a backup taken before events arrived: the broker
#     resends from hello's ack, and the node catches up by itself;
#   - restored from a backup taken before messages it sent: the daemon
#     halts naming `leadx-node rebuild` (a staff command says so too), and
#     the rebuild brings back every message and event, to the yuan; what
#     staff entered on the stale store is listed as stranded;
#   - lost entirely: rebuilt from nothing, the same figures;
#   - copied (two daemons with one key): the second connection is refused
#     while the first lives (IN_USE, the center alerted); when the first
#     stops, the copy is recognised as behind and halts.
. "$(dirname "$0")/../integration/lib.sh"
LOAD=$3
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
LEADS=${LEADX_FAULT_LEADS:-300}

city_create "$CITY_DIR" "$(dirname "$0")/city.cfg"
city_start "$CITY_DIR"
LOG=$CITY_DIR/longyou/node.log

# What longyou's record shows, figure by figure: its credit, its leads and
# their stages, the offers routed to it, its chain. The same before and
# after every recovery.
figures () {
    city_node longyou credit --json
    node_sql longyou "SELECT id, stage, ifnull (lander, ''), investor, investment FROM lead ORDER BY id"
    node_sql longyou "SELECT lead, status, score FROM offer ORDER BY lead"
    node_sql longyou "SELECT seq, hash FROM ledger ORDER BY seq"
    node_sql longyou "SELECT count(*), max (seq) FROM outbox WHERE acked = 1"
    node_sql longyou "SELECT value FROM meta WHERE key = 'applied'"
}

# backup NAME: an online backup of longyou's store, taken while it serves.
backup () {
    sqlite3 "$CITY_DIR/longyou/node.db" ".backup '$TEST_DIR/$1.db'"
}

# restore NAME: longyou's store replaced by a backup (the daemon stopped).
restore () {
    rm -f "$CITY_DIR/longyou/node.db" "$CITY_DIR/longyou/node.db-wal" "$CITY_DIR/longyou/node.db-shm"
    cp "$TEST_DIR/$1.db" "$CITY_DIR/longyou/node.db"
}

# Longyou registers and reports on its own leads (its chain grows);
# kecheng offers leads that fit longyou (events for longyou).
"$LOAD" -c "$CITY_DIR/longyou/node.cfg" --leads "$LEADS" --reports 2 --batch 100 > /dev/null
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads 100 --reports 0 --batch 100 --offer > /dev/null
city_sync

# -- 1. restored from a backup behind on events only -------------------------
backup events
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads 50 --reports 0 --batch 50 --offer > /dev/null
city_sync kecheng longyou
BEFORE=$(figures)
city_node longyou stop > /dev/null
restore events
city_node longyou start > /dev/null
city_sync longyou
expect_match "$(grep "has applied .* events, though it had acknowledged" "$CITY_DIR/broker.log")" \
    "longyou has applied [0-9]+ events, though it had acknowledged [0-9]+: its store went back in time" \
    "the broker names a node store that went back in time"
expect_eq "$(figures)" "$BEFORE" "caught up by itself: every figure as before"
city_reconcile longyou || fail "reconcile after catching up"

# -- 2. restored from a backup behind on its own messages ---------------------
backup messages
"$LOAD" -c "$CITY_DIR/longyou/node.cfg" --leads 40 --reports 1 --batch 20 > /dev/null
"$LOAD" -c "$CITY_DIR/kecheng/node.cfg" --leads 20 --reports 0 --batch 20 --offer > /dev/null
city_sync kecheng longyou
BEFORE=$(figures)
REPORT=$(city_node longyou report --format json)
city_node longyou stop > /dev/null
restore messages
city_node longyou start > /dev/null
wait_for "longyou halts on its stale store" 20000 \
    logged "$LOG" "halted: the broker holds longyou's messages up to #[0-9]+, this store .* only up to #[0-9]+"
expect_match "$(grep "halted:" "$LOG" | head -n 1)" "run \`leadx-node rebuild -c CONFIG\`" "the log names the fix"
# Staff acting on the stale store are told it is queued, and why.
OUT=$(city_node longyou lead add --investor "龙游某新材料有限公司" --project "过期备份上录入的项目" \
      --industry C3841 --investment 1000000 2>&1 >/dev/null) && RC=0 || RC=$?
expect_eq "$RC" 3 "a staff command on a halted node exits 3 (queued)"
expect_match "$OUT" "not yet accepted: this node is halted: the broker holds" "and says why"
expect_fail "no rebuild while the daemon runs" city_node longyou rebuild
city_node longyou stop > /dev/null
REBUILT=$(city_node longyou rebuild)
expect_match "$REBUILT" "rebuilt: every section equals the broker's record" "the rebuild reconciles equal"
expect_match "$REBUILT" "1 messages made here never reached the broker's record" "the stale entry is named"
expect_match "$REBUILT" "lead +longyou-" "as a registration, to enter again"
expect_eq "$(figures)" "$BEFORE" "rebuilt: every figure as before"
expect_eq "$(city_node longyou report --format json)" "$REPORT" "the assessment report as before"
expect_match "$(city_node longyou ledger verify)" "chain good" "the rebuilt chain verifies"
city_node longyou start > /dev/null
NEXT=$(city_node longyou lead add --investor "龙游某新材料有限公司" --project "重建后录入的项目" \
       --industry C3841 --investment 1000000 2>/dev/null)
expect_eq "$(broker_sql "SELECT project FROM lead WHERE id = '$NEXT'")" "重建后录入的项目" \
    "a new lead after the rebuild takes a fresh id, accepted"
city_reconcile longyou || fail "reconcile after the rebuild"

# -- 3. lost entirely ----------------------------------------------------------
city_sync longyou
BEFORE=$(figures)
city_node longyou stop > /dev/null
rm -f "$CITY_DIR/longyou/node.db" "$CITY_DIR/longyou/node.db-wal" "$CITY_DIR/longyou/node.db-shm"
expect_match "$(city_node longyou rebuild)" "rebuilt: every section equals" "rebuilt from nothing"
expect_eq "$(figures)" "$BEFORE" "every figure as before the loss"
city_node longyou start > /dev/null

# -- 4. a copied node directory: two daemons with one key ----------------------
city_sync longyou
COPY=$CITY_DIR/longyou-copy
cp -r "$CITY_DIR/longyou" "$COPY"
rm -f "$COPY/node.pid" "$COPY/node.log"
# The copy is no district of the city's: stopped here, whatever happens.
trap 'rc=$?; "$LEADX_NODE" stop -c "$COPY/node.cfg" > /dev/null 2>&1; (exit $rc); test_cleanup' EXIT
"$LOAD" -c "$CITY_DIR/longyou/node.cfg" --leads 5 --reports 0 --batch 5 > /dev/null
city_sync longyou
"$LEADX_NODE" start -c "$COPY/node.cfg" > /dev/null
wait_for "the copy is refused" 20000 logged "$COPY/node.log" "the broker refuses this connection: longyou is connected from another process"
expect_match "$(grep "IN_USE: a second connection for longyou" "$CITY_DIR/broker.log")" "two daemons hold its key" \
    "the broker names it"
city_sync center
expect_match "$(node_sql center "SELECT finder || ': ' || reason FROM notice WHERE kind = 'alert'")" \
    "longyou: two processes connect with longyou's key at once" "the center is told"
"$LOAD" -c "$CITY_DIR/longyou/node.cfg" --leads 5 --reports 0 --batch 5 > /dev/null
city_sync longyou
city_node longyou stop > /dev/null
wait_for "the copy, connected once the first is gone, halts: it is behind" 20000 \
    logged "$COPY/node.log" "halted: the broker holds longyou's messages up to"
"$LEADX_NODE" stop -c "$COPY/node.cfg" > /dev/null
city_node longyou start > /dev/null
city_sync
city_reconcile || fail "reconcile the whole city at the end"
test_done
