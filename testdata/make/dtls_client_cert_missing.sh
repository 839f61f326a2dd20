#!/bin/bash
# Mutual DTLS 1.2: openssl s_server -dtls1_2 -listen requires a client
# certificate (-Verify 1 -verify_return_error) from the CA of -CAfile, whose
# name its CertificateRequest lists; s_client -dtls1_2 (SNI api.example.com)
# has no certificate, so it answers with an empty Certificate (then
# ClientKeyExchange, ChangeCipherSpec, Finished), and the server sends a
# fatal handshake_failure alert. The cookie exchange (HelloVerifyRequest)
# comes first. dtls_client_cert_missing.keys: s_client -keylogfile (the
# client's Finished is encrypted).
CASE=dtls_client_cert_missing; . "$(dirname "$0")/dtls_common.sh"

dtls_certs
make_ca_year clients "tlsdiag client CA"
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -dtls1_2 -listen \
    -Verify 1 -verify_return_error -CAfile "$WORK/clients.crt"
wait_udp_port
capture_start_udp
printf 'hello from tlsdiag testdata\n' |
    ns openssl s_client -connect "127.0.0.1:$PORT" -dtls1_2 -servername api.example.com \
        -CAfile "$WORK/ca.crt" -verify_return_error -keylogfile "$WORK/keys.txt" \
        >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
capture_stop_udp
keep_keys "$WORK/keys.txt"
grep -q 'peer did not return a certificate' "$WORK/server.log" || die "server failed otherwise: $(tail -5 "$WORK/server.log")"
grep -q 'alert handshake failure' "$WORK/client.log" || die "s_client failed otherwise: $(tail -5 "$WORK/client.log")"
