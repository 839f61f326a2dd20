#!/bin/bash
# Mutual TLS 1.2: s_server requires a client certificate signed by its CA;
# curl presents one that expired 10 days before the capture. The server
# rejects it with a fatal certificate_expired alert after the client's flight.
CASE=cert_mtls_expired_client; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER"
sign client ca alice.example.com "$EXT_CLIENT_ONLY" -startdate "$(when '-100 days')" -enddate "$(when '-10 days')"
start_s_server server server -naccept 1 -tls1_2 -Verify 1 -verify_return_error -CAfile "$WORK/ca.crt"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --cert "$WORK/client.crt" --key "$WORK/client.key" \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'certificate has expired' "$WORK/server.log" || die "server failed otherwise: $(cat "$WORK/server.log")"
