#!/bin/bash
# openssl s_client -noservername to a healthy TLS 1.3 s_server: the
# handshake and the request succeed, but the ClientHello names no server.
CASE=no_sni; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_3
wait_port
capture_start
s_client_get -noservername -CAfile "$WORK/ca.crt" -verify_return_error \
    >"$WORK/client.log" 2>&1 || die "s_client failed: $(tail -5 "$WORK/client.log")"
capture_stop
grep -q 'hello from tlsdiag' "$WORK/client.log" || die "no answer to the request"
