#!/usr/bin/env bash
# Helpers of the integration tests: a city of real processes in a fresh
# directory, checks that name what failed, and a clean stop whatever
# happens. Sourced by each test; ctest passes the programs' paths:
#   bash tests/integration/NAME.sh PATH/leadx-broker PATH/leadx-node
set -euo pipefail
if [ $# -ge 2 ]; then
    LEADX_BROKER=$1
    LEADX_NODE=$2
fi
LEADX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$LEADX_ROOT/deploy/city.sh"

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/leadx-$TEST_NAME.XXXXXX")
CITY_DIR=$TEST_DIR/city
CHECKS=0

# LEADX_VALGRIND=1: every broker and node process (daemons included) runs
# under valgrind (tests/valgrind/wrap.sh); any error or leak fails the test.
if [ "${LEADX_VALGRIND:-0}" = 1 ]; then
    export LEADX_VALGRIND_LOGS=$TEST_DIR/valgrind
    mkdir -p "$TEST_DIR/bin"
    for program in LEADX_BROKER LEADX_NODE; do
        printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$LEADX_ROOT/tests/valgrind/wrap.sh" "${!program}" \
            > "$TEST_DIR/bin/$(basename "${!program}")"
        chmod +x "$TEST_DIR/bin/$(basename "${!program}")"
        printf -v "$program" '%s' "$TEST_DIR/bin/$(basename "${!program}")"
    done
fi

# On exit: stop every daemon; on failure show the logs; remove the files.
test_cleanup () {
    local rc=$?
    set +e
    if [ -e "$CITY_DIR/broker.cfg" ]; then
        city_stop "$CITY_DIR" >/dev/null 2>&1 || { echo "FAIL: a daemon did not stop" >&2; rc=1; }
        # A sanitizer build reports into the daemons' logs, at exit.
        if grep -l -E "ERROR: (Address|Leak)Sanitizer|runtime error:" \
                "$CITY_DIR"/broker.log "$CITY_DIR"/*/node.log 2>/dev/null; then
            echo "FAIL: sanitizer reports in the logs above" >&2
            rc=1
        fi
    fi
    # valgrind -q writes "==PID==" lines only for an error or a leak ("--PID--"
    # lines are its own notes, such as a syscall it does not know).
    if [ -n "${LEADX_VALGRIND_LOGS:-}" ] && ! ls "$LEADX_VALGRIND_LOGS"/*.log >/dev/null 2>&1; then
        echo "FAIL: LEADX_VALGRIND=1 but no program ran under valgrind" >&2
        rc=1
    fi
    if [ -n "${LEADX_VALGRIND_LOGS:-}" ] && grep -q "^==[0-9]*==" "$LEADX_VALGRIND_LOGS"/*.log 2>/dev/null; then
        echo "FAIL: valgrind reports:" >&2
        grep -h "^==[0-9]*==" "$LEADX_VALGRIND_LOGS"/*.log >&2
        rc=1
    fi
    if [ $rc -ne 0 ]; then
        echo "FAILED ($TEST_NAME); last log lines:" >&2
        for log in "$CITY_DIR"/broker.log "$CITY_DIR"/*/node.log; do
            [ -e "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
        done
    fi
    [ -n "${LEADX_KEEP:-}" ] || rm -rf "$TEST_DIR"
    exit $rc
}
trap test_cleanup EXIT

fail () {
    echo "FAIL: $*" >&2
    exit 1
}

# now_ms: monotonic-enough wall time in ms, for the printed figures.
now_ms () {
    echo $(($(date +%s%N) / 1000000))
}

# wait_for WHAT DEADLINE_MS COMMAND...: polls the command until it
# succeeds (a state another process reaches: a log line, a listing); fails
# the test after the deadline. Counts as a check.
wait_for () {
    local what=$1 deadline=$(($(now_ms) + $2))
    shift 2
    CHECKS=$((CHECKS + 1))
    until "$@"; do
        [ "$(now_ms)" -lt "$deadline" ] || fail "$what: not within the deadline"
        sleep 0.02
    done
}

# logged FILE REGEX: the log file has a line matching REGEX (for wait_for).
logged () {
    grep -Eq -- "$2" "$1" 2>/dev/null
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq () {
    CHECKS=$((CHECKS + 1))
    if [ "$1" != "$2" ]; then
        fail "$3: expected '$2', got '$1'"
    fi
}

# expect_match TEXT REGEX WHAT
expect_match () {
    CHECKS=$((CHECKS + 1))
    #  A here-string, not a pipe from printf: no second process whose
    #  exit status pipefail would add to the check's.
    if ! grep -Eq -- "$2" <<< "$1"; then
        fail "$3: '$1' does not match /$2/"
    fi
}

# expect_fail WHAT COMMAND...: the command must exit non-zero with a
# one-line reason on stderr.
expect_fail () {
    local what=$1 out
    shift
    CHECKS=$((CHECKS + 1))
    if out=$("$@" 2>&1 >/dev/null); then
        fail "$what: succeeded but should have failed"
    fi
    if [ "$(printf '%s\n' "$out" | grep -c .)" -ne 1 ]; then
        fail "$what: expected a one-line reason, got: $out"
    fi
}

# expect_refused WHAT REGEX COMMAND...: the broker refuses the staff
# command: it exits 1 and says so, with the broker's reason (REGEX).
expect_refused () {
    local what=$1 regex=$2 out rc=0
    shift 2
    CHECKS=$((CHECKS + 1))
    out=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq 1 ] || fail "$what: exit $rc, expected 1 (refused); said: $out"
    grep -Eq -- "the broker refused .*$regex" <<< "$out" || fail "$what: '$out' does not match /$regex/"
}

# expect_queued WHAT COMMAND...: the staff command could not reach the
# broker: it exits 3 and says the action is queued and not yet accepted.
expect_queued () {
    local what=$1 out rc=0
    shift
    CHECKS=$((CHECKS + 1))
    out=$("$@" 2>&1 >/dev/null) || rc=$?
    [ "$rc" -eq 3 ] || fail "$what: exit $rc, expected 3 (queued); said: $out"
    grep -Eq -- "is queued \(#[0-9]+\) and not yet accepted" <<< "$out" || fail "$what: said '$out'"
}

# node_sql ID SQL: a query on a district's store (sqlite3 CLI, read only).
node_sql () {
    sqlite3 -batch -noheader -readonly "$CITY_DIR/$1/node.db" "$2"
}

# broker_sql SQL: a query on the broker's store.
broker_sql () {
    sqlite3 -batch -noheader -readonly "$CITY_DIR/broker.db" "$1"
}

test_done () {
    echo "$TEST_NAME: $CHECKS checks passed"
}
