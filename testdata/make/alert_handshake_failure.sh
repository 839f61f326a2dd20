#!/bin/bash
# TLS 1.2 with no cipher suite in common: s_server offers only AES256-SHA256,
# curl (TLS 1.2 only) offers only ECDHE-RSA-AES128-GCM-SHA256. The server
# answers the ClientHello with a fatal handshake_failure alert and closes.
CASE=alert_handshake_failure; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_2 -cipher AES256-SHA256
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-RSA-AES128-GCM-SHA256 \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'handshake failure' "$WORK/client.log" || die "no handshake_failure: $(cat "$WORK/client.log")"
