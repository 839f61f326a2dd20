#!/bin/bash
# TLS 1.2: the server's certificate carries extendedKeyUsage clientAuth only
# (a client certificate deployed on a server). curl fails "unsuitable
# certificate purpose" and sends a fatal alert.
CASE=cert_no_server_auth; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_CLIENT_ONLY"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "unsuitable certificate purpose" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
