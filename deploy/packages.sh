#!/usr/bin/env bash
# Installs the Debian packages leadx builds and tests with, when missing.
# Sourced by setup.sh and test.sh; runs apt-get only if something is absent.
# clang and libclang-rt-dev (libFuzzer) build the fuzz targets of the tests.
# libutf8proc-dev and libopencc-dev (with libopencc-data, its conversions)
# fold company names (common/lx_name).
leadx_packages=(build-essential cmake pkg-config libzmq3-dev libczmq-dev libmsgpack-dev
                libsqlite3-dev libsodium-dev libxlsxwriter-dev libutf8proc-dev libopencc-dev
                sqlite3 valgrind clang libclang-rt-dev)

leadx_install_packages () {
    local missing=()
    for package in "${leadx_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "leadx: installing ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
