#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs the
# whole test suite (class selftests and integration tests over loopback),
# then the selftests and the hostile corpus under valgrind (label valgrind:
# after the rest, so their slowness never shares the cores with the timed
# fault tests), then builds again with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs the suite once more, and last builds
# the libFuzzer targets with clang and fuzzes each a short while from its
# seed corpus (label fuzz; tests/fuzz/README.md). Extra arguments go to
# every ctest run.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/packages.sh
leadx_install_packages
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
(cd build && ctest --output-on-failure -j 2 -LE valgrind "$@")
echo "leadx: the selftests and the hostile corpus under valgrind"
(cd build && ctest --output-on-failure -j 2 -L valgrind "$@")
echo "leadx: again with ASan + UBSan"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DLEADX_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j "$(nproc)"
cd build-sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --output-on-failure -j 2 "$@"
cd ..
echo "leadx: the fuzz targets (clang, libFuzzer + ASan + UBSan)"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEADX_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)"
cd build-fuzz
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --output-on-failure -j 2 -L fuzz "$@"
