# Shared pieces of the carrier capture scripts (make/carriers/*.sh). Each
# script captures one of two scenarios carried in one way:
#
#   CARRIER=vxlan; . "$(dirname "$0")/common.sh" "$@"   # $1: the scenario
#   ... build the topology with the functions below ...
#   start_server; capture_start NS DEV FILTER; run_client; capture_stop
#
# Scenarios (the same as make/rst_after_client_hello.sh and make/cert_expired.sh):
#   rst_after_client_hello  curl (TLS 1.2-1.3, SNI api.example.com, ALPN h2)
#                           -> carrier.py serve-rst: reads the ClientHello,
#                           closes with SO_LINGER 0 (RST)
#   cert_expired            curl --tlsv1.2 --tls-max 1.2 -> openssl s_server
#                           with a leaf that expired 35 days ago; curl sends
#                           certificate_expired
#
# This sources make/common.sh (temp dir, the server namespace $NS, process
# cleanup, certificates) and adds a client namespace ($NS_C) and, when asked,
# a router namespace ($NS_R). The capture's expected findings are derived
# from plain tshark's dissection (carrier.py record) and written into
# testdata/manifest_carriers.json before the capture is installed under
# testdata/carriers/.

CARRIERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCENARIO=${1:-}
case "$SCENARIO" in
    rst_after_client_hello|cert_expired) ;;
    *) echo "usage: $0 rst_after_client_hello|cert_expired" >&2; exit 2 ;;
esac
: "${CARRIER:?set CARRIER before sourcing carriers/common.sh}"
CASE="$SCENARIO.$CARRIER"
EXT=${EXT:-pcapng}
OUT=${OUT:-$(dirname "$(dirname "$CARRIERS_DIR")")/carriers/$CASE.$EXT}
. "$CARRIERS_DIR/../common.sh"
MANIFEST=${MANIFEST:-$TESTDATA/manifest_carriers.json}
CARRIER_PY=("$PY" "$CARRIERS_DIR/carrier.py")
SCRIPT="make/carriers/$(basename "$0") $SCENARIO"

NS_S=$NS
NS_C="$NS-c"
NS_R="$NS-r"
EXTRA_NS=()
IPV6=${IPV6:-0}
TSHARK_ARGS=()

# What the manifest entry says; the carrier script sets these.
CARRIER_TEXT=""   # "carrier": what carries the TCP segments
CARRIER_MADE=""   # appended to "made_by"
STORY_EXTRA=""    # appended to "story"
CRAFTED=false
HOW=""            # for crafted/converted captures: what our program wrote

carriers_cleanup() {
    local rc=$?
    set +e
    local n pid
    for n in "${EXTRA_NS[@]}"; do
        for pid in $(ip netns pids "$n" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    done
    sleep 0.2
    for n in "${EXTRA_NS[@]}"; do
        for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "$n" 2>/dev/null
    done
    (exit "$rc")
    cleanup   # make/common.sh: our processes, the server namespace, $WORK
}
trap carriers_cleanup EXIT

# ns_prepare NAME: what every namespace gets: no tail loss probes (see
# make/common.sh), and no IPv6 unless IPV6=1 (no router/neighbour
# solicitations or MLD reports in the captures).
ns_prepare() {
    ip netns exec "$1" sysctl -q -w net.ipv4.tcp_early_retrans=0
    if [ "$IPV6" != 1 ]; then
        ip netns exec "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1
    fi
}

# netns_add NAME: one more namespace, deleted on exit.
netns_add() {
    ip netns add "$1"
    EXTRA_NS+=("$1")
    ip netns exec "$1" ip link set lo up
    ns_prepare "$1"
}

# nsx NS cmd...: run a command in a namespace.
nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }

# bg NS NAME cmd...: a background command in a namespace, output in
# $WORK/NAME.log, stopped on exit.
bg() {
    local n=$1 name=$2; shift 2
    ip netns exec "$n" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}

# no_offload NS DEV: checksums and segmentation in software, so that every
# frame seen by a capture or by our forwarder is a finished wire frame.
no_offload() {
    nsx "$1" ethtool -K "$2" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
}

# veth NS_A DEV_A NS_B DEV_B [MTU]: a veth pair between two namespaces, up.
veth() {
    ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
    if [ -n "${5:-}" ]; then
        nsx "$1" ip link set "$2" mtu "$5"
        nsx "$3" ip link set "$4" mtu "$5"
    fi
    no_offload "$1" "$2"
    no_offload "$3" "$4"
    nsx "$1" ip link set "$2" up
    nsx "$3" ip link set "$4" up
}

mac_of() { nsx "$1" cat "/sys/class/net/$2/address"; }

# neigh NS DEV ADDR PEER_NS PEER_DEV: a permanent neighbour entry (no ARP or
# neighbour discovery in the captures).
neigh() {
    nsx "$1" ip neigh replace "$3" lladdr "$(mac_of "$4" "$5")" dev "$2" nud permanent
}

# two_hosts [MTU]: the client and server namespaces joined by one veth
# (client vc, server vs): 10.0.0.1 and 10.0.0.2, or with IPV6=1 fd00::1 and
# fd00::2.
two_hosts() {
    netns_add "$NS_C"
    ns_prepare "$NS_S"
    veth "$NS_C" vc "$NS_S" vs "${1:-}"
    if [ "$IPV6" = 1 ]; then
        CLIENT_ADDR=fd00::1 SERVER_ADDR=fd00::2
        nsx "$NS_C" ip addr add fd00::1/64 dev vc nodad
        nsx "$NS_S" ip addr add fd00::2/64 dev vs nodad
    else
        CLIENT_ADDR=10.0.0.1 SERVER_ADDR=10.0.0.2
        nsx "$NS_C" ip addr add 10.0.0.1/24 dev vc
        nsx "$NS_S" ip addr add 10.0.0.2/24 dev vs
    fi
    neigh "$NS_C" vc "$SERVER_ADDR" "$NS_S" vs
    neigh "$NS_S" vs "$CLIENT_ADDR" "$NS_C" vc
}

# ---------------------------------------------------------------- scenario

CURL_VERSION=$(curl --version | head -1 | cut -d' ' -f2)
OPENSSL_VERSION=$(openssl version | cut -d' ' -f2)
PY_VERSION=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
SERVER_PY_TLS=${SERVER_PY_TLS:-0}   # cert_expired: a Python ssl server instead of s_server
CLIENT_PY=${CLIENT_PY:-0}           # a Python ssl client instead of curl
SERVER_IPV6_OPT=${SERVER_IPV6_OPT:-}
CLIENT_IPV6_OPT=${CLIENT_IPV6_OPT:-}

url_host() { case "$1" in *:*) echo "[$1]" ;; *) echo "$1" ;; esac; }

# start_server: the scenario's server in the server namespace on
# $SERVER_ADDR:443.
start_server() {
    local opt=()
    [ -n "$SERVER_IPV6_OPT" ] && opt=(--ipv6-opt "$SERVER_IPV6_OPT")
    if [ "$SCENARIO" = rst_after_client_hello ]; then
        bg "$NS_S" server "${CARRIER_PY[@]}" serve-rst --bind "$SERVER_ADDR" "${opt[@]}"
    else
        # make/cert_expired.sh's certificates: a CA curl trusts and a leaf
        # valid from 120 to 35 days before the capture.
        make_ca ca "tlsdiag test CA"
        make_cert server ca api.example.com server \
            -startdate "$(date -u -d '-120 days' +%Y%m%d%H%M%SZ)" \
            -enddate "$(date -u -d '-35 days' +%Y%m%d%H%M%SZ)"
        if [ "$SERVER_PY_TLS" = 1 ]; then
            bg "$NS_S" server "${CARRIER_PY[@]}" serve-tls12 --bind "$SERVER_ADDR" \
                --cert "$WORK/server.crt" --key "$WORK/server.key" "${opt[@]}"
        else
            local fam=-4
            case "$SERVER_ADDR" in *:*) fam=-6 ;; esac
            mkdir -p "$WORK/www"
            printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"
            bg "$NS_S" server sh -c 'cd "$1/www" && shift && exec "$@"' sh "$WORK" \
                openssl s_server "$fam" -accept "$PORT" -cert "$WORK/server.crt" \
                -key "$WORK/server.key" -WWW -naccept 1
        fi
    fi
    local i
    for i in $(seq 100); do
        [ -n "$(nsx "$NS_S" ss -Hltn "sport = :$PORT")" ] && return 0
        sleep 0.1
    done
    die "nothing listens on port $PORT"
}

# run_client: the scenario's client in the client namespace; it must fail
# the way the scenario says.
run_client() {
    if [ "$CLIENT_PY" = 1 ]; then
        local opt=()
        [ -n "$CLIENT_IPV6_OPT" ] && opt=(--ipv6-opt "$CLIENT_IPV6_OPT")
        if [ "$SCENARIO" = rst_after_client_hello ]; then
            nsx "$NS_C" "${CARRIER_PY[@]}" client --connect "$SERVER_ADDR" --scenario rst \
                "${opt[@]}" >"$WORK/client.log" 2>&1 || die "client: $(cat "$WORK/client.log")"
            grep -q -i "reset" "$WORK/client.log" || die "client was not reset: $(cat "$WORK/client.log")"
        else
            nsx "$NS_C" "${CARRIER_PY[@]}" client --connect "$SERVER_ADDR" --scenario cert \
                --cafile "$WORK/ca.crt" "${opt[@]}" >"$WORK/client.log" 2>&1 ||
                die "client: $(cat "$WORK/client.log")"
            grep -q "certificate has expired" "$WORK/client.log" ||
                die "client failed otherwise: $(cat "$WORK/client.log")"
        fi
        return 0
    fi
    local curl=(curl -sS -o /dev/null --max-time 10
                --resolve "api.example.com:$PORT:$(url_host "$SERVER_ADDR")")
    if [ "$SCENARIO" = rst_after_client_hello ]; then
        nsx "$NS_C" "${curl[@]}" --http2 --tlsv1.2 --tls-max 1.3 -k "https://api.example.com:$PORT/" \
            >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
        grep -q "reset by peer" "$WORK/client.log" || die "curl failed otherwise: $(cat "$WORK/client.log")"
    else
        nsx "$NS_C" "${curl[@]}" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 \
            "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 &&
            die "curl unexpectedly succeeded"
        grep -q "certificate has expired" "$WORK/client.log" ||
            die "curl failed otherwise: $(cat "$WORK/client.log")"
    fi
    return 0
}

made_by() {
    local client server
    if [ "$CLIENT_PY" = 1 ]; then
        client="Python $PY_VERSION ssl (OpenSSL $OPENSSL_VERSION) client"
    else
        client="curl $CURL_VERSION (OpenSSL $OPENSSL_VERSION)"
    fi
    if [ "$SCENARIO" = rst_after_client_hello ]; then
        server="Python $PY_VERSION socket server closing with SO_LINGER 0"
    elif [ "$SERVER_PY_TLS" = 1 ]; then
        server="Python $PY_VERSION ssl (OpenSSL $OPENSSL_VERSION) TLS 1.2 server"
    else
        server="openssl $OPENSSL_VERSION s_server"
    fi
    echo "$client → $server; $CARRIER_MADE"
}

story() {
    local who=curl
    [ "$CLIENT_PY" = 1 ] && who="the Python client"
    if [ "$SCENARIO" = rst_after_client_hello ]; then
        echo "$who offers TLS 1.2-1.3 with SNI api.example.com and ALPN h2; the server reads the ClientHello and resets the connection. $STORY_EXTRA"
    else
        echo "TLS 1.2; the server's leaf expired 35 days before the capture; $who fails 'certificate has expired' and sends certificate_expired. $STORY_EXTRA"
    fi
}

# ---------------------------------------------------------------- capture

# capture_start NS DEV [FILTER] [dumpcap options...]: dumpcap in a namespace.
capture_start() {
    local n=$1 dev=$2 filter=${3:-}; shift 2; [ $# -gt 0 ] && shift
    local f=()
    [ -n "$filter" ] && f=(-f "$filter")
    ip netns exec "$n" dumpcap -q -i "$dev" "${f[@]}" "$@" -w "$WORK/capture.pcapng" \
        >"$WORK/dumpcap.log" 2>&1 &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "Capturing on" "$WORK/dumpcap.log" 2>/dev/null && { sleep 0.3; return 0; }
        sleep 0.1
    done
    die "dumpcap did not start: $(cat "$WORK/dumpcap.log")"
}

# capture_stop: stop dumpcap, then install_capture.
capture_stop() {
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    [ -s "$WORK/capture.pcapng" ] || die "no capture written"
    install_capture "$WORK/capture.pcapng"
}

# install_capture FILE: derive the findings from plain tshark (the capture
# must show the scenario), write the manifest entry, copy FILE to $OUT.
install_capture() {
    local args_json=""
    if [ ${#TSHARK_ARGS[@]} -gt 0 ]; then
        args_json=$("$PY" -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "${TSHARK_ARGS[@]}")
    fi
    "${CARRIER_PY[@]}" record "$1" --scenario "$SCENARIO" --install-as "$OUT" \
        --manifest "$MANIFEST" --script "$SCRIPT" --made-by "$(made_by)" \
        --crafted "$CRAFTED" --how "$HOW" --carrier "$CARRIER_TEXT" --story "$(story)" \
        --args "$args_json" 2>"$WORK/record.log" ||
        die "the capture does not show the scenario: $(cat "$WORK/record.log")"
    cat "$WORK/record.log" >&2
    mkdir -p "$(dirname "$OUT")"
    cp "$1" "$OUT"
    chmod 644 "$OUT"
    log "wrote $OUT ($(tshark -r "$OUT" "${TSHARK_ARGS[@]}" 2>/dev/null | wc -l) frames)"
}

# ---------------------------------------------------------------- conversions

# convert_eth FORMAT: the stored Ethernet capture of this scenario
# (carriers/SCENARIO.eth.pcapng, made by eth.sh) converted by
# make/convert_pktap.py --to FORMAT, then installed like a capture.
convert_eth() {
    local src="$TESTDATA/carriers/$SCENARIO.eth.pcapng"
    [ -s "$src" ] || die "make the Ethernet capture first: make/carriers/eth.sh $SCENARIO"
    "$PY" "$MAKE_DIR/convert_pktap.py" --to "$1" "$src" "$WORK/converted" 2>"$WORK/convert.log" ||
        die "conversion failed: $(cat "$WORK/convert.log")"
    CRAFTED=true
    install_capture "$WORK/converted"
}
