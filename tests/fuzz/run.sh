#!/usr/bin/env bash
#   run.sh BINARY SEED_DIR SECONDS [LIBFUZZER_OPTION ...]
#
#   Runs one libFuzzer target for SECONDS on a temporary copy of SEED_DIR
#   (the committed corpus is never written), with the dictionary leadx.dict
#   next to this script. Prints libFuzzer's final statistics (executions,
#   new units) and the size the corpus reached. Exits with libFuzzer's
#   status: non-zero when it found a crash, a leak, a timeout or an
#   out-of-memory; the input that did it is kept, and its path printed, as
#   $LEADX_FUZZ_ARTIFACTS/<target>-crash-<sha1> (default: the current
#   directory, which under ctest is build-fuzz/tests/fuzz). Options after
#   SECONDS go to libFuzzer (for example -jobs=2 -workers=2). The temporary
#   directory, the harness's own stores included (it sets TMPDIR), is
#   removed on exit. See README.md for longer campaigns.
set -u
if [ $# -lt 3 ]; then
    echo "usage: run.sh BINARY SEED_DIR SECONDS [LIBFUZZER_OPTION ...]" >&2
    exit 2
fi
binary=$1
seeds=$2
seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$binary")
artifacts=${LEADX_FUZZ_ARTIFACTS:-$PWD}
mkdir -p "$artifacts" || exit 2
artifacts=$(cd "$artifacts" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/leadx-fuzz-$name.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/tmp"
cp -R "$seeds"/. "$work/corpus"/ || exit 2
seeds_count=$(find "$work/corpus" -type f | wc -l)

echo "run.sh: $name for ${seconds}s on a copy of $seeds ($seeds_count seeds)"
TMPDIR="$work/tmp" "$binary" -max_total_time="$seconds" -print_final_stats=1 \
    -dict="$here/leadx.dict" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$artifacts/$name-" "$@" "$work/corpus" > "$work/log" 2>&1
rc=$?

corpus_count=$(find "$work/corpus" -type f | wc -l)
corpus_bytes=$(find "$work/corpus" -type f -printf '%s\n' | awk '{ total += $1 } END { print total + 0 }')
grep -E '^stat::|^Done [0-9]+ runs' "$work/log"
echo "run.sh: corpus $seeds_count -> $corpus_count files ($corpus_bytes bytes)"
if [ $rc -ne 0 ] || ! grep -q '^stat::number_of_executed_units' "$work/log"; then
    echo "run.sh: $name FAILED (libFuzzer exit status $rc); the end of its output:"
    tail -n 80 "$work/log"
    grep -E 'Test unit written to' "$work/log" | sed 's/^/run.sh: /'
    [ $rc -ne 0 ] || rc=1
    exit $rc
fi
echo "run.sh: $name ran clean"
