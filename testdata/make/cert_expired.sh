#!/bin/bash
# TLS 1.2: s_server presents a leaf that expired 35 days before the capture
# (valid from 120 to 35 days ago), signed by the CA curl trusts. curl fails
# "certificate has expired" and sends a fatal certificate_expired alert.
CASE=cert_expired; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate "$(when '-120 days')" -enddate "$(when '-35 days')"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "certificate has expired" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
