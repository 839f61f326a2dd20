#!/bin/bash
# TLS 1.2: the leaf is valid only from 2099 on (a certificate issued for the
# future, or a clock far behind). curl fails "certificate is not yet valid"
# and sends a fatal bad_certificate alert.
CASE=cert_not_yet_valid; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate 20990101000000Z -enddate 20991201000000Z
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "certificate is not yet valid" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
