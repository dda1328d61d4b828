#!/usr/bin/env bash
# fault.claim_race: LEADX_FAULT_CLAIMANTS districts (default 50, the most an
# offer is routed to) each run a node daemon; kecheng offers a lead that
# fits them all equally, and every one of them claims it at the same moment
# (50 `leadx-node claim` processes, delivered together). Exactly one wins; every one of
# them is told who did; the finder and the center see the same winner; and
# every node reconciles with the broker.
. "$(dirname "$0")/../integration/lib.sh"
CITY_SYNC_TIMEOUT=180          # a sanitizer build on a busy machine is slow
CLAIMANTS=${LEADX_FAULT_CLAIMANTS:-50}

{
    printf 'broker\n    endpoint = "tcp://127.0.0.1:![61000-]"\n    endpoint_file = "broker.endpoint"\n'
    printf '    store = "broker.db"\n    cert = "keys/broker.cert"\n    clients = "keys/nodes"\n'
    printf 'match\n    top = %d\n' "$CLAIMANTS"
    printf 'districts\n    center\n        name = "协作中心"\n        role = "center"\n'
    printf '    kecheng\n        name = "柯城区"\n        role = "county"\n        leading = "C34"\n'
    for n in $(seq -w 1 "$CLAIMANTS"); do
        printf '    c%s\n        name = "县%s"\n        role = "county"\n        leading = "C38"\n' "$n" "$n"
    done
} > "$TEST_DIR/city.cfg"
city_create "$CITY_DIR" "$TEST_DIR/city.cfg"
city_start "$CITY_DIR"
CLAIMING=()
for n in $(seq -w 1 "$CLAIMANTS"); do CLAIMING+=("c$n"); done

LEAD=$(city_node kecheng lead add --investor "宁德某新能源科技有限公司" --project "动力电池项目" \
       --industry C3841 --investment 2000000000 --land 300)
city_node kecheng lead offer "$LEAD" > /dev/null
city_sync
expect_eq "$(broker_sql "SELECT count(*) FROM route WHERE lead = '$LEAD'")" "$CLAIMANTS" "offered to all $CLAIMANTS"
expect_eq "$(for id in "${CLAIMING[@]}"; do node_sql "$id" "SELECT status FROM offer WHERE lead = '$LEAD'"; done | sort | uniq -c | awk '{print $1, $2}')" \
          "$CLAIMANTS open" "each of them sees it open"

# Every one claims at once: the claims are queued at all fifty nodes while
# the broker is down, and reach it together when it comes back, each node
# reconnecting and sending on its own connection.
city_broker stop > /dev/null
PIDS=()
for id in "${CLAIMING[@]}"; do
    city_node "$id" claim "$LEAD" > "$TEST_DIR/claim.$id" 2>&1 &
    PIDS+=($!)
done
# With the broker down, each claim is queued, and staff are told so (exit 3).
for index in "${!PIDS[@]}"; do
    rc=0
    wait "${PIDS[$index]}" || rc=$?
    [ "$rc" -eq 3 ] || fail "${CLAIMING[$index]}: claim exit $rc, expected 3 (queued): $(cat "$TEST_DIR/claim.${CLAIMING[$index]}")"
done
CHECKS=$((CHECKS + 1))
city_broker start > /dev/null
city_sync
# The verdict that came later is each claimant's notice.
for id in "${CLAIMING[@]}"; do
    expect_match "$(node_sql "$id" "SELECT kind || ' ' || reason FROM notice WHERE lead = '$LEAD'")" \
                 "^accepted the broker accepted our claim #1" "$id's notice of its claim's verdict"
done

WINNER=$(broker_sql "SELECT claimant FROM offer WHERE lead = '$LEAD'")
expect_match "$WINNER" "^c[0-9]+$" "one winner at the broker"
expect_eq "$(broker_sql "SELECT count(*) FROM claim WHERE lead = '$LEAD' AND won = 1")" 1 "exactly one claim won"
expect_eq "$(broker_sql "SELECT count(*) FROM claim WHERE lead = '$LEAD'")" "$CLAIMANTS" "all $CLAIMANTS claims reached the broker, on the record"
expect_eq "$(node_sql "$WINNER" "SELECT status FROM offer WHERE lead = '$LEAD'")" "won" "the winner is told it won"
TOLD=0
for id in "${CLAIMING[@]}"; do
    [ "$id" = "$WINNER" ] && continue
    expect_match "$(node_sql "$id" "SELECT status || ' ' || note FROM offer WHERE lead = '$LEAD'")" \
                 "^lost taken by $WINNER$" "$id is told $WINNER took it"
    TOLD=$((TOLD + 1))
done
expect_eq "$(node_sql kecheng "SELECT stage || ' ' || note FROM lead WHERE id = '$LEAD'")" "claimed $WINNER" "the finder is told"
expect_eq "$(node_sql center "SELECT claimant FROM approval WHERE lead = '$LEAD'")" "$WINNER" "the center is asked to approve the winner"
CHECKS=$((CHECKS + 1))
city_reconcile || fail "reconcile: a node's record differs from the broker's (above)"
echo "$CLAIMANTS claims at once: $WINNER won; $TOLD others told they lost to $WINNER"
test_done
