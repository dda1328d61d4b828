#!/usr/bin/env bash
#   check_seeds.sh FUZZ_SEEDS DIR
#
#   Runs the seed generator into a temporary directory and compares what it
#   writes with the corpus and dictionary committed under DIR (tests/fuzz).
#   A difference means the protocol or the fixture city changed: regenerate
#   with `FUZZ_SEEDS tests/fuzz` (after removing tests/fuzz/corpus, so no
#   stale seed stays) and commit the result.
set -u
generator=$1
dir=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/leadx-fuzz-seeds.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
"$generator" "$work" || exit 1
if ! diff -r "$dir/corpus" "$work/corpus" || ! diff "$dir/leadx.dict" "$work/leadx.dict"; then
    echo "check_seeds.sh: the committed seeds differ from what fuzz_seeds writes; regenerate them"
    exit 1
fi
echo "check_seeds.sh: the committed seeds are current"
