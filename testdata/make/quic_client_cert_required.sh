#!/bin/bash
# The QUIC server wants a client certificate and the client has none:
# gtlsserver --verify-client (GnuTLS; its help says it "just requests" a
# certificate, but GnuTLS still fails the handshake when none comes) and
# gtlsclient without --cert/--key (SNI api.example.com). The server's
# Handshake flight includes a CertificateRequest; the client answers with an
# empty Certificate (no CertificateVerify) and its Finished; the server's
# TLS stack fails with an alert, which QUIC carries as a CONNECTION_CLOSE
# (0x1c) with a CRYPTO_ERROR code (0x0100 + the alert) from the server.
# quic_client_cert_required.keys: the client's key log (SSLKEYLOGFILE).
CASE=quic_client_cert_required; . "$(dirname "$0")/quic_common.sh"

quic_certs
start_quic_server --verify-client
capture_start_quic
rc=0; quic_client || rc=$?
[ "$rc" -ne 124 ] || die "gtlsclient hung"
capture_stop_quic
keep_keys "$WORK/keys.txt"
[ -n "$(tsk 'tls.handshake.type == 13' frame.number)" ] || die "no CertificateRequest"
log "client rc=$rc: $(quic_messages "$WORK/client.log")"
log "server: $(quic_messages "$WORK/server.log")"
