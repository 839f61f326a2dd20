#!/bin/bash
# DTLS 1.2 over UDP 4433, healthy: openssl s_server -dtls1_2 -listen and
# s_client -dtls1_2 -servername api.example.com. -listen makes s_server answer
# the first ClientHello with a HelloVerifyRequest (cookie); only the
# ClientHello that echoes the cookie gets a ServerHello. It then connects its
# socket to the client, so it knows the loopback MTU and sends its flight
# unfragmented (without -listen it would send 256-byte datagrams). After the
# full handshake the client sends one line (application data) and, at the end
# of its input, closes with a close_notify alert; s_server answers with its
# own. dtls_healthy_dtls12.keys: s_client -keylogfile.
CASE=dtls_healthy_dtls12; . "$(dirname "$0")/dtls_common.sh"

dtls_certs
# s_server stops at the end of its input (and -WWW is TCP only): keep it open.
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -dtls1_2 -listen
wait_udp_port
capture_start_udp
printf 'hello from tlsdiag testdata\n' |
    ns openssl s_client -connect "127.0.0.1:$PORT" -dtls1_2 -servername api.example.com \
        -CAfile "$WORK/ca.crt" -verify_return_error -keylogfile "$WORK/keys.txt" \
        >"$WORK/client.log" 2>&1 || die "s_client failed"
capture_stop_udp
keep_keys "$WORK/keys.txt"
grep -q 'Verification: OK' "$WORK/client.log" || die "handshake failed: $(tail -5 "$WORK/client.log")"
grep -q 'hello from tlsdiag testdata' "$WORK/server.log" || die "server got no data: $(tail -5 "$WORK/server.log")"
