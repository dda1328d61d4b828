#!/usr/bin/env bash
# A city on this machine: one broker and a node per district, each in its own
# directory with its own keys, store and log, all on loopback.
#
#   deploy/city.sh create DIR [BROKER_CFG]   lay out DIR and make every key
#   deploy/city.sh start DIR                 start the broker and every node
#   deploy/city.sh stop DIR                  stop them all
#   deploy/city.sh status DIR                the broker's view of the nodes
#
# Sourced (by deploy/demo.sh and the integration tests) it gives the same as
# functions: city_create, city_start, city_stop, city_node ID ARGS...,
# city_broker ARGS..., city_sync. LEADX_BIN names the directory holding
# leadx-broker and leadx-node (default: ./build's).
#
# The broker binds a free loopback port (the demo config asks czmq for a
# random one from 61000 up, tcp://127.0.0.1:![61000-], above Linux's
# ephemeral range) and writes it to DIR/broker.endpoint; start then pins that
# endpoint in DIR/broker.cfg, so a restarted broker comes back where its
# nodes look for it.

LEADX_ROOT=${LEADX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
LEADX_BIN=${LEADX_BIN:-}

# Finds the programs: LEADX_BROKER and LEADX_NODE if set, else in
# LEADX_BIN, else in the build tree.
city_programs () {
    if [ -n "${LEADX_BROKER:-}" ] && [ -n "${LEADX_NODE:-}" ]; then
        :
    elif [ -n "$LEADX_BIN" ]; then
        LEADX_BROKER=$LEADX_BIN/leadx-broker
        LEADX_NODE=$LEADX_BIN/leadx-node
    else
        LEADX_BROKER=$LEADX_ROOT/build/broker/leadx-broker
        LEADX_NODE=$LEADX_ROOT/build/node/leadx-node
    fi
    if [ ! -x "$LEADX_BROKER" ] || [ ! -x "$LEADX_NODE" ]; then
        echo "city: leadx-broker / leadx-node not built (looked in ${LEADX_BIN:-$LEADX_ROOT/build})" >&2
        return 1
    fi
}

# Prints "id role" for each district of a broker configuration.
city_districts () {
    awk '
        /^[^ #]/ { section = $1 }
        section == "districts" && /^    [a-z0-9][a-z0-9_-]*[ \t]*$/ { id = $1 }
        section == "districts" && /^        role[ \t]*=/ {
            role = $0; sub (/^[^=]*=[ \t]*"?/, "", role); sub (/"?[ \t]*(#.*)?$/, "", role)
            print id, role
        }' "$1"
}

# city_district_key BROKER_CFG ID KEY: the value of KEY directly under the
# district ID (empty when absent).
city_district_key () {
    awk -v want="$2" -v key="$3" '
        /^[^ #]/ { section = $1 }
        section == "districts" && /^    [a-z0-9][a-z0-9_-]*[ \t]*$/ { id = $1 }
        section == "districts" && id == want && $0 ~ "^        " key "[ \t]*=" {
            value = $0; sub (/^[^=]*=[ \t]*"?/, "", value); sub (/"?[ \t]*(#.*)?$/, "", value)
            print value
        }' "$1"
}

# city_create DIR [BROKER_CFG]: the broker's directory and keys (its CURVE
# certificate and ledger signing key, in DIR/keys: the broker configuration
# must keep broker/cert there, and broker/sign beside it), then one directory
# per district with its configuration and keys; each node's public
# certificate goes to the broker's clients directory, and each node reads the
# broker's public certificate and signing key from DIR/keys.
city_create () {
    local dir=$1 config=${2:-$LEADX_ROOT/deploy/city/broker.cfg}
    city_programs || return 1
    if [ -e "$dir/broker.cfg" ]; then
        echo "city: $dir already holds a city (remove it first)" >&2
        return 1
    fi
    mkdir -p "$dir/keys/nodes" || return 1
    cp "$config" "$dir/broker.cfg"
    "$LEADX_BROKER" keygen -c "$dir/broker.cfg" >/dev/null || return 1
    local id role
    while read -r id role; do
        mkdir -p "$dir/$id"
        cat > "$dir/$id/node.cfg" <<EOF
#   leadx node $id (made by deploy/city.sh; every key: deploy/city/node.cfg)
node
    id = "$id"
    role = "$role"
    broker = "tcp://127.0.0.1:9700"
    store = "node.db"
    cert = "node.cert"
    broker_cert = "../keys/broker.cert"
    broker_sign = "../keys/broker.sign"
EOF
        # The district's manufacturing target, as the broker holds it.
        local target
        target=$(city_district_key "$dir/broker.cfg" "$id" manufacturing_target_bp)
        if [ -n "$target" ]; then
            printf '    manufacturing_target_bp = %s\n' "$target" >> "$dir/$id/node.cfg"
        fi
        "$LEADX_NODE" keygen -c "$dir/$id/node.cfg" >/dev/null || return 1
        cp "$dir/$id/node.cert" "$dir/keys/nodes/$id.cert"
    done < <(city_districts "$dir/broker.cfg")
}

# city_start DIR: the broker, then every node; returns once each is up and
# has been welcomed by the broker.
city_start () {
    CITY_DIR=$1
    city_programs || return 1
    "$LEADX_BROKER" start -c "$CITY_DIR/broker.cfg" >/dev/null || return 1
    local endpoint id role
    endpoint=$(cat "$CITY_DIR/broker.endpoint") || return 1
    sed -i "s|^    endpoint = .*|    endpoint = \"$endpoint\"      #   pinned by deploy/city.sh|" "$CITY_DIR/broker.cfg"
    while read -r id role; do
        sed -i "s|^    broker = .*|    broker = \"$endpoint\"|" "$CITY_DIR/$id/node.cfg"
        "$LEADX_NODE" start -c "$CITY_DIR/$id/node.cfg" >/dev/null || return 1
    done < <(city_districts "$CITY_DIR/broker.cfg")
    city_sync
}

# city_stop DIR: every node, then the broker.
city_stop () {
    CITY_DIR=${1:-$CITY_DIR}
    city_programs || return 1
    local id role rc=0
    while read -r id role; do
        "$LEADX_NODE" stop -c "$CITY_DIR/$id/node.cfg" >/dev/null || rc=1
    done < <(city_districts "$CITY_DIR/broker.cfg")
    "$LEADX_BROKER" stop -c "$CITY_DIR/broker.cfg" >/dev/null || rc=1
    return $rc
}

# city_node ID ARGS...: a staff command at district ID.
city_node () {
    local id=$1
    shift
    "$LEADX_NODE" "$@" -c "$CITY_DIR/$id/node.cfg"
}

# city_broker ARGS...: an operator command at the broker.
city_broker () {
    "$LEADX_BROKER" "$@" -c "$CITY_DIR/broker.cfg"
}

# city_sync [ID...]: waits until each node (default: all) and the broker
# agree: everything sent is acknowledged and everything due is applied.
# Each node gets CITY_SYNC_TIMEOUT seconds (default 20).
city_sync () {
    local ids=("$@") id role
    if [ ${#ids[@]} -eq 0 ]; then
        while read -r id role; do ids+=("$id"); done < <(city_districts "$CITY_DIR/broker.cfg")
    fi
    for id in "${ids[@]}"; do
        city_node "$id" sync --timeout "${CITY_SYNC_TIMEOUT:-20}" || return 1
    done
}

# city_reconcile [ID...]: each node (default: all) compares its record with
# the broker's, then the broker checks what they reported; fails (showing
# the tables) on any difference.
city_reconcile () {
    local ids=("$@") id role out
    if [ ${#ids[@]} -eq 0 ]; then
        while read -r id role; do ids+=("$id"); done < <(city_districts "$CITY_DIR/broker.cfg")
    fi
    for id in "${ids[@]}"; do
        out=$(city_node "$id" reconcile --timeout "${CITY_SYNC_TIMEOUT:-20}" 2>&1) || { echo "$id:"; echo "$out"; return 1; }
    done
    out=$(city_broker reconcile "${ids[@]}" 2>&1) || { echo "$out"; return 1; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        create) city_create "$2" "${3:-}" ;;
        start)  city_start "$2" ;;
        stop)   city_stop "$2" ;;
        status) CITY_DIR=$2; city_programs; city_broker nodes ;;
        *)      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
fi
