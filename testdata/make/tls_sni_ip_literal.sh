#!/bin/bash
# openssl s_client -servername 127.0.0.1 to a healthy TLS 1.3 s_server: the
# ClientHello's server_name is an IPv4 literal (RFC 6066 §3 forbids it);
# s_server ignores the name and answers with its only certificate.
CASE=tls_sni_ip_literal; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_3
wait_port
capture_start
s_client_get -servername 127.0.0.1 -CAfile "$WORK/ca.crt" \
    >"$WORK/client.log" 2>&1 || die "s_client failed: $(tail -5 "$WORK/client.log")"
capture_stop
grep -q 'hello from tlsdiag' "$WORK/client.log" || die "no answer to the request"
