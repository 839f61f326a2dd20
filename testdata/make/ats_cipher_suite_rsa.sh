#!/bin/bash
# openssl s_server on TLS 1.2 with only AES128-GCM-SHA256 (0x009C, RSA key
# exchange); curl offers its default TLS 1.2-1.3 list, so the handshake
# completes on a suite that Apple ATS does not accept (no ALPN: s_server has
# none configured, so HTTP/1.1 follows).
CASE=ats_cipher_suite_rsa; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_2 -cipher 'AES128-GCM-SHA256'
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --http2 "https://api.example.com:$PORT/hello.txt" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
