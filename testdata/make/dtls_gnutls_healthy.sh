#!/bin/bash
# DTLS 1.2 over UDP 4433 between GnuTLS tools, healthy: gnutls-serv --udp
# --echo (its default cookie exchange: HelloVerifyRequest first; -a: no
# CertificateRequest) and gnutls-cli --udp with SNI api.example.com, checking
# the certificate against the test CA. After the handshake the client sends
# one line, the server echoes it back; 1 s later the client's input ends and
# it closes with a close_notify alert. dtls_gnutls_healthy.keys: the client's
# SSLKEYLOGFILE.
CASE=dtls_gnutls_healthy; . "$(dirname "$0")/dtls_common.sh"
command -v gnutls-cli >/dev/null || die "missing gnutls-cli (apt-get install gnutls-bin)"

dtls_certs
start server gnutls-serv --udp --echo -a -p "$PORT" \
    --x509certfile "$WORK/server.crt" --x509keyfile "$WORK/server.key"
wait_udp_port
capture_start_udp
{ printf 'hello from tlsdiag testdata\n'; sleep 1; } |
    ns env SSLKEYLOGFILE="$WORK/keys.txt" gnutls-cli --udp -p "$PORT" \
        --sni-hostname api.example.com --verify-hostname api.example.com \
        --x509cafile "$WORK/ca.crt" 127.0.0.1 >"$WORK/client.log" 2>&1 || die "gnutls-cli failed"
capture_stop_udp
keep_keys "$WORK/keys.txt"
grep -q 'Handshake was completed' "$WORK/client.log" || die "no handshake: $(tail -5 "$WORK/client.log")"
grep -q '^hello from tlsdiag testdata' "$WORK/client.log" || die "no echo: $(tail -5 "$WORK/client.log")"
