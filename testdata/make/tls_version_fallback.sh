#!/bin/bash
# A client's version fallback, as browsers did before RFC 8996: a first
# TLS 1.3 attempt fails (s_server accepts only TLS_AES_128_GCM_SHA256, the
# client offers only ChaCha20, so the server answers handshake_failure); the
# client retries with TLS 1.2 and TLS_FALLBACK_SCSV (-fallback_scsv), and the
# server, which supports TLS 1.3, answers inappropriate_fallback (RFC 7507):
# the first failure was not a version problem.
CASE=tls_version_fallback; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -ciphersuites TLS_AES_128_GCM_SHA256
wait_port
capture_start
if s_client_get -servername api.example.com -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 \
    >"$WORK/client1.log" 2>&1; then die "the first attempt succeeded"; fi
grep -q 'alert handshake failure' "$WORK/client1.log" || die "first attempt: $(tail -3 "$WORK/client1.log")"
sleep 0.2
if s_client_get -servername api.example.com -tls1_2 -fallback_scsv \
    >"$WORK/client2.log" 2>&1; then die "the fallback succeeded"; fi
grep -q 'inappropriate fallback' "$WORK/client2.log" || die "fallback: $(tail -3 "$WORK/client2.log")"
capture_stop
