#!/bin/bash
# DTLS 1.2 with no cipher suite in common: openssl s_server -dtls1_2 accepts
# only ECDHE-RSA-AES256-GCM-SHA384, s_client -dtls1_2 (SNI api.example.com)
# offers only AES128-SHA (plus the renegotiation SCSV). s_server -listen
# does the cookie exchange (HelloVerifyRequest, ClientHello again with the
# cookie), then answers the second ClientHello with a fatal handshake_failure
# alert. Nothing is encrypted and no key is agreed, so there is no key log.
CASE=dtls_no_shared_cipher; . "$(dirname "$0")/dtls_common.sh"

dtls_certs
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -dtls1_2 -listen \
    -cipher ECDHE-RSA-AES256-GCM-SHA384
wait_udp_port
capture_start_udp
printf 'hello from tlsdiag testdata\n' |
    ns openssl s_client -connect "127.0.0.1:$PORT" -dtls1_2 -servername api.example.com \
        -CAfile "$WORK/ca.crt" -cipher AES128-SHA \
        >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
capture_stop_udp
grep -q 'alert handshake failure' "$WORK/client.log" || die "no handshake_failure: $(tail -5 "$WORK/client.log")"
grep -q 'no shared cipher' "$WORK/server.log" || die "server failed otherwise: $(tail -5 "$WORK/server.log")"
