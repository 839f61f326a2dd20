#!/bin/bash
# TLS 1.2: the leaf names api.example.com only in its CN, no subjectAltName.
# curl (OpenSSL) still falls back to the CN and succeeds; iOS 13+ would not.
CASE=cert_no_san; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER_NO_SAN"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
