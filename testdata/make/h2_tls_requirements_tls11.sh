#!/bin/bash
# openssl s_server offering ALPN h2 on TLS 1.1 only (OpenSSL 3.0 needs
# @SECLEVEL=0 for it). curl --http2 --tlsv1.1 gets ALPN h2 on TLS 1.1, which
# RFC 7540 §9.2 forbids, and sends its HTTP/2 preface, which s_server -WWW
# does not understand.
CASE=h2_tls_requirements_tls11; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1_1 -alpn h2 -cipher 'ECDHE-RSA-AES128-SHA:@SECLEVEL=0'
wait_port
capture_start
ns "${CURL[@]}" -v --cacert "$WORK/ca.crt" --http2 --tlsv1.1 --tls-max 1.1 \
    --ciphers 'DEFAULT:@SECLEVEL=0' "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 || true
capture_stop
grep -q 'ALPN: server accepted h2' "$WORK/client.log" || die "no h2: $(cat "$WORK/client.log")"
grep -q 'SSL connection using TLSv1.1' "$WORK/client.log" || die "not TLS 1.1: $(cat "$WORK/client.log")"
