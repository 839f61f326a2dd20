#!/bin/bash
# TLS 1.2: the server presents a self-signed leaf for api.example.com (a
# quick `openssl req -x509` certificate). curl fails "self-signed
# certificate" and sends a fatal unknown_ca alert.
CASE=cert_self_signed; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 90 \
    -subj "/O=tlsdiag test/CN=api.example.com" \
    -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" \
    -addext "subjectAltName=DNS:api.example.com" \
    -keyout "$WORK/server.key" -out "$WORK/server.crt" 2>/dev/null
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "self-signed certificate" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
