#!/bin/bash
# openssl s_server offering ALPN h2 on TLS 1.2 with DHE-RSA-AES128-GCM-SHA256
# (0x009E) and a 1024-bit DH group (OpenSSL 3.0 needs @SECLEVEL=0 for it on
# both sides). The ServerKeyExchange's dh_p has 1024 bits, below the 2048 of
# RFC 7540 §9.2.1; s_client -alpn h2 completes the handshake and sends one
# HTTP/1.0 request, which s_server -WWW answers.
CASE=h2_tls_requirements_dhe1024; . "$(dirname "$0")/common.sh"

standard_certs
openssl dhparam -out "$WORK/dh1024.pem" 1024 2>/dev/null
start_s_server server -naccept 1 -tls1_2 -alpn h2 -dhparam "$WORK/dh1024.pem" \
    -cipher 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0'
wait_port
capture_start
s_client_get -tls1_2 -alpn h2 -cipher 'DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0' \
    -servername api.example.com -CAfile "$WORK/ca.crt" >"$WORK/client.log" 2>&1 || true
capture_stop
grep -q 'ALPN protocol: h2' "$WORK/client.log" || die "no h2: $(cat "$WORK/client.log")"
grep -q 'Server Temp Key: DH, 1024 bits' "$WORK/client.log" ||
    die "no 1024-bit DH: $(cat "$WORK/client.log")"
