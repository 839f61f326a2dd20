#!/bin/bash
# openssl s_client (SNI api.example.com) with a long ALPN list, so that its
# ClientHello (about 1.9 kB) is larger than one 1500-byte packet, as a
# ClientHello with a post-quantum key share is (OpenSSL 3.0 has no ML-KEM:
# the key share here is X25519; the size comes from the ALPN list). A token
# bucket on the namespace's loopback (MTU 1500) lets the first segment go at
# once and the rest a few ms later, as on a real path. In front of the
# server (openssl s_server on 8443) sits the crafted middlebox (lib.py proxy
# first-read): it resets the connection because its first read holds no
# whole TLS record. CONTROL=1 puts the proxy that reassembles there instead
# (split_client_hello_passes.pcapng): the handshake completes.
CASE=${CONTROL:+split_client_hello_passes}
CASE=${CASE:-split_client_hello_dropped}
. "$(dirname "$0")/common.sh"

UPSTREAM=8443
MODE=first-read
[ -n "${CONTROL:-}" ] && MODE=reassemble
# Ten 190-byte protocol names: no real client offers these; they only make
# the ClientHello as large as a post-quantum one.
ALPN=h2,http/1.1
for i in $(seq 10); do ALPN="$ALPN,$(printf 'x-padding-protocol-%02d-%0170d' "$i" 0)"; done

standard_certs
ip netns exec "$NS" ip link set lo mtu 1500
ip netns exec "$NS" tc qdisc add dev lo root tbf rate 400kbit burst 1600 latency 1s
mkdir -p "$WORK/www"
printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"
start server sh -c 'cd "$1/www" && shift && exec "$@"' sh "$WORK" \
    openssl s_server -accept "127.0.0.1:$UPSTREAM" -cert "$WORK/server.crt" \
    -key "$WORK/server.key" -WWW
wait_port "$UPSTREAM"
start proxy "$PY" "$MAKE_DIR/lib.py" proxy "$MODE" --port "$PORT" --upstream "$UPSTREAM"
wait_port
capture_start
printf 'GET /hello.txt HTTP/1.0\r\n\r\n' |
    ns openssl s_client -connect "127.0.0.1:$PORT" -servername api.example.com -alpn "$ALPN" \
        -ign_eof >"$WORK/client.log" 2>&1 || true
capture_stop
cat "$WORK/proxy.log" >&2
if [ -n "${CONTROL:-}" ]; then
    grep -q 'hello from tlsdiag testdata' "$WORK/client.log" || die "no answer: $(cat "$WORK/client.log")"
else
    grep -q 'reset: the first read' "$WORK/proxy.log" || die "the proxy did not reset"
fi
