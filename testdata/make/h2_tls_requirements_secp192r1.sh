#!/bin/bash
# openssl s_server offering ALPN h2 on TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256
# (0xC02F) on secp192r1 only (OpenSSL 3.0 offers the curve at @SECLEVEL=0 on
# both sides). The ServerKeyExchange names secp192r1 (0x0013), 192 bits, below
# the 224 of RFC 7540 §9.2.1; s_client -alpn h2 completes the handshake and
# sends one HTTP/1.0 request, which s_server -WWW answers.
CASE=h2_tls_requirements_secp192r1; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_2 -alpn h2 -groups secp192r1 \
    -cipher 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0'
wait_port
capture_start
s_client_get -tls1_2 -alpn h2 -groups secp192r1 -cipher 'ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0' \
    -servername api.example.com -CAfile "$WORK/ca.crt" >"$WORK/client.log" 2>&1 || true
capture_stop
grep -q 'ALPN protocol: h2' "$WORK/client.log" || die "no h2: $(cat "$WORK/client.log")"
grep -q 'Server Temp Key: ECDH, prime192v1, 192 bits' "$WORK/client.log" ||
    die "not secp192r1: $(cat "$WORK/client.log")"
