#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, makes the
# demo city's keys, starts its broker and twelve nodes on localhost, and
# drives one transferred lead through its life with the commands staff type.
#
#   ./deploy/demo.sh          (re)create the city in ./city and run the story
#   ./deploy/demo.sh stop     stop the city's daemons
set -euo pipefail
cd "$(dirname "$0")/.."
LEADX_ROOT=$PWD
CITY=${LEADX_CITY:-$LEADX_ROOT/city}
. deploy/city.sh

if [ "${1:-}" = "stop" ]; then
    city_stop "$CITY"
    echo "the demo city is stopped; its records stay in $CITY"
    exit 0
fi

. deploy/packages.sh
leadx_install_packages
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" >/dev/null

# A fresh city each run: stop what an earlier run left, then start over.
if [ -e "$CITY/broker.cfg" ]; then
    city_stop "$CITY" || true
    rm -rf "$CITY"
fi

step () { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Shows a staff command as typed at district $1, then runs it there.
at () {
    local id=$1
    shift
    printf '\033[2m[%s]$ leadx-node %s\033[0m\n' "$id" "$*"  >&2
    city_node "$id" "$@"
}

step "Keys: a CURVE certificate for the broker and for each of the 12 districts"
city_create "$CITY"
ls "$CITY/keys/nodes"

step "Start the broker and every node (CURVE on; each returns once it serves)"
city_start "$CITY"
city_broker nodes

step "柯城区 (kecheng) registers its leads"
at kecheng lead add --investor "浙江衢州某精密机械有限公司" --uscc 91330800MA28F1234P \
    --project "高端数控机床及功能部件项目" --industry C342 --tags "智能装备" \
    --investment 600000000 --land 90 --tax 30000000 --output 1200000000 \
    --type manufacturing --channel own --contact "王经理" --phone 13905700001
at kecheng lead add --investor "杭州某工业互联网科技有限公司" \
    --project "工业互联网平台区域总部" --industry I6513 --tags "数字经济" \
    --investment 120000000 --type headquarters --channel association
LEAD=$(at kecheng lead add --investor "宁德某新能源科技有限公司" --uscc 91350900MA2YH8K3PB \
    --project "年产10GWh动力锂电池项目" --industry C3841 --tags "新能源,锂电池" \
    --summary "动力及储能锂电池电芯与模组，分两期建设" \
    --investment 2000000000 --land 300 --tax 80000000 --output 5000000000 \
    --type manufacturing --channel own --contact "张总" --phone 13800000000)

at kecheng lead list

step "The battery project fits no industry of 柯城区: it is offered for transfer"
at kecheng lead offer "$LEAD"
city_sync

step "The broker scored it against every district; the best fits see the offer and why"
city_broker transfers
SCORES=()
while read -r id role; do
    score=$(city_node "$id" offers --json | sed -n "s/.*\"lead\":\"$LEAD\",\"score\":\([0-9]*\).*/\1/p")
    if [ -n "$score" ]; then
        SCORES+=("$score $id")
        at "$id" offers
    fi
done < <(city_districts "$CITY/broker.cfg")
# The two best fits claim.
mapfile -t ROUTED < <(printf '%s\n' "${SCORES[@]}" | sort -rn | awk '{ print $2 }')

step "The two best fits claim it at the same moment: ${ROUTED[0]} and ${ROUTED[1]}"
at "${ROUTED[0]}" claim "$LEAD" &
at "${ROUTED[1]}" claim "$LEAD" &
wait
city_sync
WINNER=""
for id in "${ROUTED[0]}" "${ROUTED[1]}"; do
    at "$id" offers
    if grep -q "\"lead\":\"$LEAD\",\"score\":[0-9]*,\"status\":\"won\"" <<< "$(city_node "$id" offers --json)"; then
        WINNER=$id
    fi
done
echo "exactly one won: $WINNER; the other was told the lead is taken"

step "The coordination center approves; the split comes from the city's policy (30 / 70)"
at center approvals
at center approve "$LEAD"
city_sync
at center approvals

step "$WINNER lands it and reports progress"
at "$WINNER" progress "$LEAD" --stage signed --metric contract --amount 2000000000
at "$WINNER" progress "$LEAD" --stage signed --metric funds --amount 333333333
at "$WINNER" progress "$LEAD" --stage registered --metric funds --amount 166666667
at "$WINNER" progress "$LEAD" --stage started
city_sync
at "$WINNER" lead list
city_broker transfers

step "Each reported amount, split: the finder's and the lander's shares add up exactly"
at kecheng credit --entries
at "$WINNER" credit --entries

step "Each district's credit table"
while read -r id role; do
    at "$id" credit
done < <(city_districts "$CITY/broker.cfg")

step "Every credit entry is chained and signed by the broker: each side verifies its ledger"
at kecheng ledger verify
at "$WINNER" ledger verify
city_broker ledger verify

step "$WINNER's assessment report for this month, as its node and the broker both compute it"
at "$WINNER" report

step "The coordination center's monthly ranking (通报)"
MONTH=$(date +%Y-%m)
printf '\033[2m$ leadx-broker ranking --period %s\033[0m\n' "$MONTH" >&2
city_broker ranking --period "$MONTH"
city_broker ranking --period "$MONTH" --format xlsx --output "$CITY/ranking-$MONTH.xlsx"
echo "(also written as a workbook: $CITY/ranking-$MONTH.xlsx)"

step "The city is running"
cat <<EOF
Records: $CITY (broker.db and one node.db per district; logs beside them).
Try:     deploy/city.sh status $CITY
         build/node/leadx-node offers -c $CITY/qujiang/node.cfg
Stop:    ./deploy/demo.sh stop
EOF
