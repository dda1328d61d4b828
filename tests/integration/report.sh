#!/usr/bin/env bash
# integration.report: the assessment reports of a fixed dataset, on real
# processes (the demo city over CURVE). Every report, dated progress made
# through the staff commands, is compared with golden files whose figures
# were computed by hand (tests/data/report/README.md); the broker's report
# of a district equals the one its own node computes from its own store;
# the XLSX workbook is a workbook holding the ranking.
#   UPDATE_GOLDEN=1 bash tests/integration/report.sh BROKER NODE  rewrites them
. "$(dirname "$0")/lib.sh"
GOLDEN=$LEADX_ROOT/tests/data/report

city_create "$CITY_DIR"
# The dataset is dated October 2026 to January 2027: the broker's clock is
# set to its start while the leads are registered, then past its end, so
# that every report lies between its lead's registration and the broker's
# today (a report outside them is refused).
sed -i 's|^    max_message = .*|&\n    clock_offset_file = "clock.offset"|' "$CITY_DIR/broker.cfg"
broker_date () {
    echo $(( $(date -d "$1 12:00" +%s%3N) - $(date +%s%3N) )) > "$CITY_DIR/clock.offset"
}
broker_date 2026-10-15
city_start "$CITY_DIR"

# -- the dataset ---------------------------------------------------------------
# The four leads, on the register from the dataset's start.
L1=$(city_node kecheng lead add --investor "宁德某新能源科技有限公司" --project "动力电池项目" \
     --industry C3841 --investment 2000000000 --land 300 --type manufacturing --date 2026-10-20)
L2=$(city_node kaihua lead add --investor "开化某硅材料有限公司" --project "有机硅项目" --industry C39 \
     --investment 300000000 --type manufacturing --date 2026-10-15)
L3=$(city_node kaihua lead add --investor "开化某文旅发展有限公司" --project "文旅综合体" --industry N78 \
     --investment 80000000 --type tourism --date 2026-11-01)
L4=$(city_node lo-shanghai lead add --investor "上海某数字科技有限公司" --project "区域总部" --industry I65 \
     --investment 600000000 --type headquarters --channel liaison --date 2026-10-30)
broker_date 2027-01-31
# 1. kecheng finds a battery plant; longyou, routed it, claims it; the center
#    approves the policy split (30 / 70; tax 50 / 50 for 5 years from the first).
city_node kecheng lead offer "$L1"
city_sync kecheng
city_node longyou claim "$L1"
city_sync longyou
city_node center approve "$L1"
city_sync
city_node longyou progress "$L1" --stage negotiating --date 2026-10-28
city_node longyou progress "$L1" --stage signed --metric contract --amount 2000000000 --date 2026-11-03
city_node longyou progress "$L1" --stage registered --metric funds --amount 333333333 --date 2026-11-10
city_node longyou progress "$L1" --stage started --metric funds --amount 166666667 --date 2026-11-20
city_node longyou progress "$L1" --stage producing --metric tax --amount 10000001 --date 2026-12-05
# 2. kaihua's own project, signed and funded in November.
city_node kaihua progress "$L2" --stage negotiating --date 2026-11-02
city_node kaihua progress "$L2" --stage signed --metric contract --amount 300000000 --date 2026-11-05
city_node kaihua progress "$L2" --stage signed --metric funds --amount 100000000 --date 2026-11-15
# 3. kaihua's service project: negotiating only.
city_node kaihua progress "$L3" --stage negotiating --date 2026-11-08
# 4. The Shanghai liaison office's lead, landed by kecheng (the liaison rule:
#    40 / 60), a headquarters project signed in November.
city_node lo-shanghai lead offer "$L4"
city_sync lo-shanghai
LANDER4=$(broker_sql "SELECT node FROM route WHERE lead = '$L4' ORDER BY score DESC, node LIMIT 1")
expect_eq "$LANDER4" kecheng "the headquarters lead fits kecheng best"
city_node kecheng claim "$L4"
city_sync kecheng
city_node center approve "$L4"
city_sync
city_node kecheng progress "$L4" --stage signed --metric contract --amount 600000000 --date 2026-11-25
city_node kecheng progress "$L4" --stage signed --metric funds --amount 90000001 --date 2026-11-26
city_sync

# -- the reports, against the golden files -------------------------------------
# compare NAME ACTUAL: the golden file tests/data/report/NAME.
compare () {
    CHECKS=$((CHECKS + 1))
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        printf '%s\n' "$2" > "$GOLDEN/$1"
        return
    fi
    if ! diff -u "$GOLDEN/$1" <(printf '%s\n' "$2") >&2; then
        fail "$1 differs from its golden file (above)"
    fi
}
compare ranking-2026-11.txt "$(city_broker ranking --period 2026-11)"
compare ranking-2026-11.csv "$(city_broker ranking --period 2026-11 --format csv | tr -d '\r')"
compare ranking-2026-Q4.json "$(city_broker ranking --period 2026-Q4 --format json)"
compare longyou-2026-11.json "$(city_broker report longyou --period 2026-11 --format json)"
compare kecheng-2026-11.txt "$(city_broker report kecheng --period 2026-11)"
compare kaihua-2026.json "$(city_broker report kaihua --period 2026 --format json)"
compare longyou-2026-12.json "$(city_broker report longyou --period 2026-12 --format json)"

# The same report at each district's own node, from its own store: every
# figure equal (the titles differ: the broker names the district).
untitled () { sed 's/"title":"[^"]*"//g'; }
for id in longyou kecheng kaihua lo-shanghai; do
    for period in 2026-11 2026-12 2026; do
        expect_eq "$(city_node "$id" report --period "$period" --format json | untitled)" \
                  "$(city_broker report "$id" --period "$period" --format json | untitled)" \
                  "$id's report for $period: the node's figures are the broker's"
    done
done
city_reconcile

# -- the workbook ----------------------------------------------------------------
city_broker ranking --period 2026-11 --format xlsx --output "$TEST_DIR/ranking.xlsx"
expect_eq "$(head -c 2 "$TEST_DIR/ranking.xlsx")" PK "the ranking is a zip"
if command -v python3 >/dev/null; then
    expect_match "$(python3 - "$TEST_DIR/ranking.xlsx" <<'EOF'
import sys, zipfile
book = zipfile.ZipFile (sys.argv [1])
assert book.testzip () is None
names = book.namelist ()
strings = book.read ('xl/sharedStrings.xml').decode ()
sheet = book.read ('xl/worksheets/sheet1.xml').decode ()
print ('sheets', sum (name.startswith ('xl/worksheets/sheet') for name in names),
       '龙游县' in strings, '资金到位率' in strings, sheet.count ('<row '))
EOF
)" "^sheets 1 True True 14$" "the workbook: one sheet, Chinese names; rows: title, note, headings, 11 districts"
fi
expect_fail "xlsx needs --output" city_broker ranking --period 2026-11 --format xlsx

# -- files written safely ----------------------------------------------------------
# --output writes the file whole beside the target (mkstemp: a random name,
# mode 0600), then renames it; an existing file is replaced only with --force,
# else the command exits 1 with a one-line reason and changes nothing.
# refused WHAT COMMAND...: exit 1, one line naming the file and --force.
refused () {
    local what=$1 out rc=0
    shift
    CHECKS=$((CHECKS + 1))
    out=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq 1 ] || fail "$what: exit $rc, expected 1; said: $out"
    [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] || fail "$what: expected a one-line reason, got: $out"
    grep -q -- "exists (--force replaces it)" <<< "$out" || fail "$what: said '$out'"
}
no_parts () {
    CHECKS=$((CHECKS + 1))
    ! ls "$TEST_DIR"/*.part >/dev/null 2>&1 || fail "a temporary file was left behind: $(ls "$TEST_DIR"/*.part)"
}
XLSX_SUM=$(md5sum < "$TEST_DIR/ranking.xlsx")
refused "the broker keeps an existing workbook" \
    city_broker ranking --period 2026-11 --format xlsx --output "$TEST_DIR/ranking.xlsx"
expect_eq "$(md5sum < "$TEST_DIR/ranking.xlsx")" "$XLSX_SUM" "the workbook is unchanged"
city_broker ranking --period 2026-11 --format csv --output "$TEST_DIR/ranking.csv"
expect_eq "$(stat -c %a "$TEST_DIR/ranking.csv")" 600 "a report file is the reader's only (mode 0600)"
CSV_SUM=$(md5sum < "$TEST_DIR/ranking.csv")
refused "the broker keeps an existing CSV" city_broker ranking --period 2026-Q4 --format csv --output "$TEST_DIR/ranking.csv"
expect_eq "$(md5sum < "$TEST_DIR/ranking.csv")" "$CSV_SUM" "the CSV is unchanged"
city_broker ranking --period 2026-Q4 --format csv --output "$TEST_DIR/ranking.csv" --force
expect_eq "$(md5sum < "$TEST_DIR/ranking.csv")" "$(city_broker ranking --period 2026-Q4 --format csv | md5sum)" \
          "--force replaces it with the new report"
city_broker ranking --period 2026-Q4 --format xlsx --output "$TEST_DIR/ranking.xlsx" --force
expect_eq "$(head -c 2 "$TEST_DIR/ranking.xlsx")" PK "--force replaces the workbook with a workbook"
city_node longyou report --period 2026-11 --format json --output "$TEST_DIR/longyou.json"
JSON_SUM=$(md5sum < "$TEST_DIR/longyou.json")
refused "the node keeps an existing file" city_node longyou report --period 2026-12 --format json --output "$TEST_DIR/longyou.json"
refused "the node keeps an existing workbook" city_node longyou report --format xlsx --output "$TEST_DIR/longyou.json"
expect_eq "$(md5sum < "$TEST_DIR/longyou.json")" "$JSON_SUM" "the node's file is unchanged"
city_node longyou report --period 2026-12 --format json --output "$TEST_DIR/longyou.json" --force
expect_eq "$(cat "$TEST_DIR/longyou.json")" "$(city_node longyou report --period 2026-12 --format json)" \
          "the node's --force replaces it"
mkdir "$TEST_DIR/folder"
expect_fail "a directory is never replaced" city_node longyou report --output "$TEST_DIR/folder" --force
expect_fail "no file is written where no directory is" city_broker ranking --output "$TEST_DIR/none/ranking.txt"
no_parts
expect_fail "a bad period is refused" city_broker ranking --period 2026-13
expect_fail "an unknown district is refused" city_broker report nowhere --period 2026-11
expect_fail "a node refuses a bad format" city_node kecheng report --format pdf
test_done
