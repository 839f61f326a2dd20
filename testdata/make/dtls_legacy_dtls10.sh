#!/bin/bash
# DTLS 1.0 over UDP 4433, healthy: openssl s_server -dtls1 and s_client -dtls1
# (SNI api.example.com), both with DEFAULT@SECLEVEL=0, without which OpenSSL 3
# refuses DTLS 1.0 (its SHA-1/MD5 PRF). s_server -listen: cookie exchange
# (HelloVerifyRequest) first, then a socket connected to the client, whose
# MTU (loopback) it can read, so no handshake message is fragmented. After
# the full handshake the client sends one line (application data) and closes
# with a close_notify alert; s_server answers with its own.
# dtls_legacy_dtls10.keys: s_client -keylogfile.
CASE=dtls_legacy_dtls10; . "$(dirname "$0")/dtls_common.sh"

dtls_certs
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -dtls1 -listen -cipher 'DEFAULT@SECLEVEL=0'
wait_udp_port
capture_start_udp
printf 'hello from tlsdiag testdata\n' |
    ns openssl s_client -connect "127.0.0.1:$PORT" -dtls1 -cipher 'DEFAULT@SECLEVEL=0' \
        -servername api.example.com -CAfile "$WORK/ca.crt" -verify_return_error \
        -keylogfile "$WORK/keys.txt" >"$WORK/client.log" 2>&1 || die "s_client failed"
capture_stop_udp
keep_keys "$WORK/keys.txt"
grep -q 'Protocol  : DTLSv1$' "$WORK/client.log" || die "not DTLS 1.0: $(grep Protocol "$WORK/client.log")"
grep -q 'hello from tlsdiag testdata' "$WORK/server.log" || die "server got no data: $(tail -5 "$WORK/server.log")"
