#!/bin/bash
# nginx with http2 on a TLS 1.2-only listener (port 8443, which Wireshark
# decodes by heuristics) whose only suite is ECDHE-RSA-AES128-SHA (0xC013): a
# CBC suite on RFC 7540's blacklist that Apple ATS accepts. curl --http2 gets
# ALPN h2 on that suite and does its HTTP/2 request anyway.
PORT=8443; CASE=h2_blacklisted_cipher_cbc; . "$(dirname "$0")/common.sh"

standard_certs
start_nginx web "$(nginx_https TLSv1.2 ECDHE-RSA-AES128-SHA)"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --http2 "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
