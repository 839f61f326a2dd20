#!/bin/bash
# Healthy TLS 1.3: nginx (http2, TLS 1.2-1.3) and curl with its defaults
# (ALPN h2, X25519 key share); one HTTP/2 request and response.
CASE=healthy_tls13; . "$(dirname "$0")/common.sh"

standard_certs
start_nginx web "$(nginx_https 'TLSv1.2 TLSv1.3' 'HIGH:!aNULL:!MD5')"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
