#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs the
# whole test suite (class selftests and integration tests over loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/packages.sh
leadx_install_packages
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"
cd build
ctest --output-on-failure -j 2 "$@"
