#!/bin/bash
# Healthy TLS 1.2: nginx (http2, TLS 1.2-1.3, server-preferred
# ECDHE-RSA-AES128-GCM-SHA256) and curl --http2 --tls-max 1.2; ALPN h2, one
# HTTP/2 request and response, orderly close.
CASE=healthy_tls12_h2; . "$(dirname "$0")/common.sh"

standard_certs
start_nginx web "$(nginx_https 'TLSv1.2 TLSv1.3' 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384')"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --http2 --tlsv1.2 --tls-max 1.2 "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
