#!/bin/bash
# HTTP/2 over TLS 1.2, renegotiated after the connection preface. openssl
# s_server (no -WWW: it prints what it reads, and accepts secure renegotiation) chooses ALPN
# h2; s_client -alpn h2 sends the HTTP/2 client preface, then the line "R",
# its command to renegotiate: a new ClientHello in an encrypted handshake
# record after both Finished messages, which RFC 7540 §9.2.1 forbids once the
# preface is sent. With h2_tls_requirements_renegotiation.keys (s_client
# -keylogfile) Wireshark decrypts it; the record types alone show it without.
CASE=h2_tls_requirements_renegotiation; . "$(dirname "$0")/common.sh"

standard_certs
# s_server stops at the end of its input: give it one that stays open.
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -tls1_2 -alpn h2 -cipher ECDHE-RSA-AES128-GCM-SHA256
wait_port
capture_start
{
    printf 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'
    sleep 0.5
    printf 'R\n'
    sleep 1
} | ns openssl s_client -connect "127.0.0.1:$PORT" -servername api.example.com -tls1_2 \
    -alpn h2 -CAfile "$WORK/ca.crt" -keylogfile "$WORK/keys.txt" >"$WORK/client.log" 2>&1 || true
cp "$WORK/keys.txt" "$TESTDATA/$CASE.keys"
chmod 644 "$TESTDATA/$CASE.keys"
capture_stop
grep -q 'ALPN protocol: h2' "$WORK/client.log" || die "no h2: $(cat "$WORK/client.log")"
grep -q 'RENEGOTIATING' "$WORK/client.log" || die "no renegotiation: $(cat "$WORK/client.log")"
