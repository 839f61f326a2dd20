#!/bin/bash
# A healthy QUIC v1 handshake on UDP 443: ngtcp2's gtlsclient (GnuTLS, SNI
# api.example.com via --sni) to gtlsserver. The client's Initial carries the
# ClientHello, the server answers with its Initial (ServerHello) and Handshake
# packets (EncryptedExtensions .. Finished), the client finishes; then a
# single HTTP/3 GET /hello.txt, and the client closes the connection with an
# application CONNECTION_CLOSE (H3_NO_ERROR) as soon as the stream is done.
# quic_healthy.keys: the client's key log (SSLKEYLOGFILE).
CASE=quic_healthy; . "$(dirname "$0")/quic_common.sh"

quic_certs
start_quic_server
capture_start_quic
quic_client || die "gtlsclient failed (rc=$?): $(tail -5 "$WORK/client.log")"
capture_stop_quic
keep_keys "$WORK/keys.txt"
grep -q '|hello from tlsdi|' "$WORK/client.log" || die "no response body: $(tail -5 "$WORK/client.log")"
[ -n "$(tsk 'tls.handshake.type == 20' frame.number)" ] || die "no Finished decrypted"
