#!/bin/bash
# Mutual TLS 1.2: s_server requires a client certificate from its CA
# (-Verify 1 -CAfile); curl presents one from another CA. The server sends a
# fatal unknown_ca alert after the client's Certificate/CertificateVerify.
CASE=alert_unknown_ca_client; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_ca other "tlsdiag other CA"
make_cert server ca api.example.com server
make_cert client other alice.example.com client
start_s_server server -naccept 1 -tls1_2 -Verify 1 -verify_return_error -CAfile "$WORK/ca.crt"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --cert "$WORK/client.crt" --key "$WORK/client.key" \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'unable to get local issuer certificate' "$WORK/server.log" || die "server failed otherwise: $(cat "$WORK/server.log")"
grep -q 'alert unknown ca' "$WORK/client.log" || die "curl failed otherwise: $(cat "$WORK/client.log")"
