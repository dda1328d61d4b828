#!/usr/bin/env bash
# integration.dishonest: a district with a valid key bending the city's
# record on purpose, through the real programs, and what the broker does:
#   - funds of 10^15 yuan on a lead planning 1,000,000: held for the
#     center, not credited, not in the ranking; the center rejects it with
#     a reason and the district is told; an amount within the bounds is
#     credited at once;
#   - a report dated in the future, or before the lead's registration, or
#     before the lead reached an earlier stage: refused;
#   - a published month: its ranking prints the same after more reports,
#     a report dated in it is refused (CLOSED), a correction in the open
#     month with a reason is accepted;
#   - a flood of leads past the district's daily quota: refused (QUOTA);
#   - an investor's name hidden behind a zero-width space, a traditional
#     character or a place prefix: still the same investor (a conflict).
. "$(dirname "$0")/lib.sh"

city_create "$CITY_DIR"
# kaihua may register 8 leads a day here; the broker's clock is moved
# forward through its offset file (the months below).
sed -i 's|^    leads_per_day = .*|    leads_per_day = 8|' "$CITY_DIR/broker.cfg"
sed -i 's|^    max_message = .*|&\n    clock_offset_file = "clock.offset"|' "$CITY_DIR/broker.cfg"
DAYS=0
advance () {
    DAYS=$((DAYS + $1))
    echo $((DAYS * 86400000)) > "$CITY_DIR/clock.offset"
}
broker_today () {
    date -d "@$(( $(date +%s) + DAYS * 86400 ))" +%F
}
city_start "$CITY_DIR"
TODAY=$(broker_today)

# -- an implausible amount is held, not credited ----------------------------
SMALL=$(city_node kaihua lead add --investor "开化某小型加工厂" --project "小型加工项目" --industry C39 \
        --investment 1000000 --type manufacturing 2>/dev/null)
city_node kaihua progress "$SMALL" --stage signed --metric contract --amount 1000000 --date "$TODAY" 2>/dev/null
OUT=$(city_node kaihua progress "$SMALL" --stage signed --metric funds --amount 1000000000000000 --date "$TODAY" 2>&1)
expect_match "$OUT" "accepted the progress report of $SMALL; but not credited: held for the center \(funds 1000000000000000 yuan in one report is above the city.s limit" \
    "the district is told its report is held"
expect_eq "$(broker_sql "SELECT count(*) FROM progress WHERE lead = '$SMALL' AND metric = 'funds'")" 0 \
    "nothing of it is credited"
expect_eq "$(broker_sql "SELECT status FROM held WHERE lead = '$SMALL'")" held "it waits for the center"
city_sync center
expect_match "$(city_node center held)" "held +$SMALL +kaihua +signed .* funds +1000000000000000 +funds 1000000000000000 yuan in one report" \
    "the center sees the queue"
RANKING=$(city_broker ranking --format json)
if grep -q "1000000000000000" <<< "$RANKING"; then fail "the held amount reached the ranking"; fi
CHECKS=$((CHECKS + 1))
HELD=$(broker_sql "SELECT id FROM held WHERE lead = '$SMALL'")
expect_fail "a decision needs a reason" city_node center confirm "$HELD" --reject
expect_match "$(city_node center confirm "$HELD" --reject --reason "到位资金远超计划投资，不予认定" 2>&1)" \
    "accepted the decision on a held report of $SMALL" "the center rejects it"
city_sync kaihua
expect_eq "$(node_sql kaihua "SELECT status || ': ' || reason FROM held")" "rejected: 到位资金远超计划投资，不予认定" \
    "the district is told, with the reason"
expect_eq "$(broker_sql "SELECT decided_by || ' ' || decision_reason FROM held WHERE id = $HELD")" \
    "center 到位资金远超计划投资，不予认定" "on the record"
expect_match "$(city_node kaihua progress "$SMALL" --stage signed --metric funds --amount 2000000 --date "$TODAY" 2>&1)" \
    "accepted the progress report of $SMALL$" "a plausible amount is credited at once"

# -- dates: not in the future, not before the register ------------------------
expect_refused "a report dated tomorrow" "is after $TODAY" \
    city_node kaihua progress "$SMALL" --stage signed --metric funds --amount 1 --date "$(date -d "$TODAY + 1 day" +%F)"
expect_refused "a report dated before the lead was registered" "before lead $SMALL was registered" \
    city_node kaihua progress "$SMALL" --stage signed --metric funds --amount 1 --date "$(date -d "$TODAY - 30 days" +%F)"
advance 10
expect_match "$(city_node kaihua progress "$SMALL" --stage started --date "$(broker_today)" 2>&1)" "accepted" \
    "construction starts ten days on"
expect_refused "producing before the construction start" "before the lead reached an earlier stage" \
    city_node kaihua progress "$SMALL" --stage producing --date "$(date -d "$(broker_today) - 5 days" +%F)"

# -- a published month is closed ----------------------------------------------
MONTH=$(broker_today | cut -c1-7)
BEFORE=$(city_broker ranking --period "$MONTH" --format json)
expect_fail "publishing needs a reason" city_broker publish --period "$MONTH"
expect_match "$(city_broker publish --period "$MONTH" --reason "${MONTH} 月度通报" 2>&1)" "is published" "the center publishes"
expect_fail "a ranking is published once" city_broker publish --period "$MONTH" --reason "again"
expect_refused "a report dated in the published month" "is published" \
    city_node kaihua progress "$SMALL" --stage started --metric funds --amount 3 --date "$(broker_today)"
advance 40
NEXT=$(broker_today)
expect_match "$(city_node kaihua progress "$SMALL" --stage started --metric funds --amount 3 --date "$NEXT" \
               --reason "补报${MONTH}到位资金（通报已发布，计入本月）" 2>&1)" "accepted" "a correction in the open month"
expect_eq "$(broker_sql "SELECT reason FROM progress WHERE lead = '$SMALL' AND amount = 3")" \
    "补报${MONTH}到位资金（通报已发布，计入本月）" "with its reason on the record"
expect_eq "$(city_broker ranking --period "$MONTH" --format json)" "$BEFORE" "the published ranking prints the same"
expect_eq "$(broker_sql "SELECT count(*) FROM closed WHERE month = '$MONTH'")" 1 "its month is closed"

# -- a flood of leads: the daily quota (eight a day here; the first lead was
#    registered fifty days before) ----------------------------------------------
for n in 1 2 3 4 5 6 7 8; do
    city_node kaihua lead add --investor "开化某批量公司$n" --project "批量项目$n" --industry C39 \
        --investment 1000000 > /dev/null 2>&1
done
expect_refused "the ninth lead of the day" "8 leads registered accepted today, its daily quota" \
    city_node kaihua lead add --investor "开化某批量公司9" --project "批量项目9" --industry C39 --investment 1000000
expect_eq "$(node_sql kaihua "SELECT count(*) FROM lead WHERE investor = '开化某批量公司9'")" 0 \
    "the refused registration leaves no lead at kaihua"
expect_match "$(city_node qujiang lead add --investor "衢江某公司" --project "项目" --industry C39 --investment 1000000 2>&1)" \
    "accepted the registration" "another district is not held by kaihua's quota"

# -- a name hidden from the duplicate rule ------------------------------------
city_node kecheng lead add --investor "浙江时代锂电材料有限公司" --project "锂电项目" --industry C3841 \
    --investment 500000000 > /dev/null 2>&1
OUT=$(city_node longyou lead add --investor $'浙江時代\u200b锂电材料有限公司' --project "锂电项目" --industry C3841 \
      --investment 500000000 2>&1)
expect_match "$OUT" "it names the investor of kecheng-" "a zero-width space and a traditional character hide nothing"
city_reconcile || fail "every record equal at the end"
test_done
