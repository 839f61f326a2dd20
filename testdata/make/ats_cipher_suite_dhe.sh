#!/bin/bash
# openssl s_server on TLS 1.2 with only DHE-RSA-AES128-GCM-SHA256 (0x009E):
# forward secret, but finite-field DHE is not on Apple ATS's list. curl offers
# its default TLS 1.2-1.3 list; the handshake completes and HTTP/1.1 follows.
CASE=ats_cipher_suite_dhe; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_2 -cipher 'DHE-RSA-AES128-GCM-SHA256'
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --http2 "https://api.example.com:$PORT/hello.txt" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
