#!/bin/bash
# Mutual TLS 1.2: s_server requires a client certificate (-Verify 1) from
# "tlsdiag client CA", the one name its CertificateRequest lists. The client
# (openssl s_client -strict) holds a certificate from "tlsdiag other CA"; in
# strict mode OpenSSL sends only a certificate whose issuer is listed, so it
# sends an empty Certificate, and the server answers handshake_failure.
CASE=tls_client_cert_missing_other_ca; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_ca clients "tlsdiag client CA"
make_ca other "tlsdiag other CA"
make_cert server ca api.example.com server
make_cert client other alice.example.com client
start_s_server server -naccept 1 -tls1_2 -Verify 1 -verify_return_error -CAfile "$WORK/clients.crt"
wait_port
capture_start
ns openssl s_client -connect "127.0.0.1:$PORT" -servername api.example.com -tls1_2 -strict \
    -CAfile "$WORK/ca.crt" -cert "$WORK/client.crt" -key "$WORK/client.key" </dev/null \
    >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
capture_stop
grep -q 'peer did not return a certificate' "$WORK/server.log" || die "server failed otherwise: $(cat "$WORK/server.log")"
grep -q 'alert handshake failure' "$WORK/client.log" || die "s_client failed otherwise: $(cat "$WORK/client.log")"
