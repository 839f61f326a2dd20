#!/bin/bash
# TLS 1.2: the leaf has a 1024-bit RSA key. Both ends run at OpenSSL security
# level 0 (Debian's default level 2 refuses such keys), so the request
# succeeds: only an ATS client would refuse this certificate.
CASE=cert_rsa1024; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
KEY=rsa:1024 sign server ca api.example.com "$EXT_SERVER"
start_s_server server server -naccept 1 -cipher 'DEFAULT:@SECLEVEL=0'
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 --ciphers 'DEFAULT:@SECLEVEL=0'
capture_stop
