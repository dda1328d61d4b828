#!/usr/bin/env bash
# tests/valgrind/wrap.sh PROGRAM ARGS...: runs a leadx program under
# valgrind (memcheck, full leak check), one log per process (a daemon's
# fork included) in $LEADX_VALGRIND_LOGS. The integration tests take this
# script in place of a program; their cleanup (tests/integration/lib.sh)
# fails the test when any log shows an error or a leak.
set -euo pipefail
: "${LEADX_VALGRIND_LOGS:?LEADX_VALGRIND_LOGS must name a directory}"
mkdir -p "$LEADX_VALGRIND_LOGS"
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
     --errors-for-leak-kinds=definite,indirect,possible --track-fds=no \
     --log-file="$LEADX_VALGRIND_LOGS/%p.log" "$@"
