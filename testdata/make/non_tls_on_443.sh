#!/bin/bash
# Plain HTTP sent to an HTTPS port: curl http://api.example.com:443/ to an
# nginx TLS listener on 443. nginx notices the non-TLS bytes and answers with
# its plain-text "400 The plain HTTP request was sent to HTTPS port" page.
# There is no ClientHello in the capture, so there is nothing to find (and
# nothing may crash).
CASE=non_tls_on_443; . "$(dirname "$0")/common.sh"

standard_certs
start_nginx web "$(nginx_https 'TLSv1.2 TLSv1.3' 'HIGH:!aNULL:!MD5')"
wait_port
capture_start
ns "${CURL[@]}" "http://api.example.com:$PORT/" >"$WORK/client.log" 2>&1 \
    || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
