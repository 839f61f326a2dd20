#!/bin/bash
# nginx with http2 on a TLS 1.2-only listener whose only suite is
# AES128-GCM-SHA256 (0x009C): RSA key exchange, so it is on RFC 7540's
# blacklist, and not on Apple's ATS list either. curl --http2 gets ALPN h2 on
# that suite and does its HTTP/2 request anyway.
CASE=h2_blacklisted_cipher; . "$(dirname "$0")/common.sh"

standard_certs
start_nginx web "$(nginx_https TLSv1.2 AES128-GCM-SHA256)"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --http2 "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
