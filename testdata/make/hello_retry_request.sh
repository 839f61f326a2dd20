#!/bin/bash
# TLS 1.3 HelloRetryRequest: curl sends its key share for X25519 only, the
# s_server accepts only P-256 (-groups P-256), so the server answers with a
# HelloRetryRequest; curl retries with a P-256 key share and the handshake and
# request complete.
PORT=4433; CASE=hello_retry_request; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_3 -groups P-256
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" "https://api.example.com:$PORT/hello.txt" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
