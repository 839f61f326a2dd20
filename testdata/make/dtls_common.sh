# Shared pieces of the dtls_* capture scripts: common.sh (namespace, `start`,
# `stop`, `capture_stop`, `make_cert`, cleanup trap) plus what DTLS over UDP
# needs. Each script does:
#
#   CASE=dtls_name; . "$(dirname "$0")/dtls_common.sh"
#
# The port is UDP 4433: Wireshark 4.0 registers no DTLS port there (nor on
# UDP 443, which is QUIC's), but its DTLS heuristic on UDP (enabled by
# default) recognises the records, so `tshark -r X -Y dtls` shows them
# without any "decode as".
#
# Needs, besides common.sh's tools: nftables (dtls_no_reply), gnutls-bin
# (dtls_gnutls_healthy).

PORT=${PORT:-4433}
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# wait_udp_port [PORT]: until a UDP socket is bound to the port in the namespace.
wait_udp_port() {
    local port=${1:-$PORT} i
    for i in $(seq 100); do
        if [ -n "$(ns ss -Hlun "sport = :$port")" ]; then return 0; fi
        sleep 0.1
    done
    die "nothing bound to UDP port $port"
}

# capture_start_udp [FILTER]: common.sh's capture_start, but for UDP $PORT
# (its filter is TCP) or FILTER. Stop it with capture_stop_udp.
capture_start_udp() {
    ip netns exec "$NS" dumpcap -q -i lo -f "${1:-udp port $PORT}" -w "$WORK/capture.pcapng" \
        >"$WORK/dumpcap.log" 2>&1 &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "Capturing on" "$WORK/dumpcap.log" 2>/dev/null && { sleep 0.3; return 0; }
        sleep 0.1
    done
    die "dumpcap did not start"
}

# capture_stop_udp [PROTOCOL]: common.sh's capture_stop without its check.py
# step (check.py reads TCP only, and has no manifest entry for these),
# checking instead that tshark decodes the capture as PROTOCOL (dtls by
# default) without "decode as".
capture_stop_udp() {
    local protocol=${1:-dtls}
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    [ -s "$WORK/capture.pcapng" ] || die "no capture written"
    [ -n "$(tshark -r "$WORK/capture.pcapng" -Y "$protocol" 2>/dev/null)" ] ||
        die "tshark does not decode the capture as $protocol"
    cp "$WORK/capture.pcapng" "$OUT"
    chmod 644 "$OUT"
    log "wrote $OUT ($(tshark -r "$OUT" 2>/dev/null | wc -l) frames)"
}

# make_ca_year NAME "CN": common.sh's make_ca, but valid for a year, so that
# nothing looks like it is about to expire (make_ca gives 30 days).
make_ca_year() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 \
        -subj "/O=tlsdiag test/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$WORK/$1.key" -out "$WORK/$1.crt" 2>/dev/null
}

# dtls_certs: a CA and a server certificate for api.example.com (SAN also
# localhost, 127.0.0.1), both valid for a year from now.
dtls_certs() {
    make_ca_year ca "tlsdiag test CA"
    make_cert server ca api.example.com server -days 365
}

# keep_keys FILE: install a key log as testdata/$CASE.keys.
keep_keys() {
    [ -s "$1" ] || die "no key log written to $1"
    cp "$1" "$TESTDATA/$CASE.keys"
    chmod 644 "$TESTDATA/$CASE.keys"
}

