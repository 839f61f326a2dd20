#!/bin/bash
# openssl s_server limited to TLS 1.0; curl offers TLS 1.0-1.3. The server
# settles on TLS 1.0 with the client's first TLS 1.0-capable RSA suite.
# OpenSSL 3 only does TLS 1.0 at security level 0, hence @SECLEVEL=0 on both.
CASE=ats_tls_version; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -tls1 -cipher 'DEFAULT@SECLEVEL=0'
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --tlsv1.0 --tls-max 1.3 --ciphers 'DEFAULT@SECLEVEL=0' \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 || die "curl failed: $(cat "$WORK/client.log")"
capture_stop
