#!/bin/bash
# Mutual TLS 1.2: s_server requires a client certificate (-Verify 1) from the
# CA of -CAfile, whose name its CertificateRequest lists; curl has no
# certificate configured, so it answers with an empty Certificate, and the
# server sends a fatal handshake_failure alert and closes.
CASE=tls_client_cert_missing; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_ca clients "tlsdiag client CA"
make_cert server ca api.example.com server
start_s_server server -naccept 1 -tls1_2 -Verify 1 -verify_return_error -CAfile "$WORK/clients.crt"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'peer did not return a certificate' "$WORK/server.log" || die "server failed otherwise: $(cat "$WORK/server.log")"
grep -q 'alert handshake failure' "$WORK/client.log" || die "curl failed otherwise: $(cat "$WORK/client.log")"
