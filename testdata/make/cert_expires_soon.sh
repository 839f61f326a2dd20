#!/bin/bash
# TLS 1.2: s_server presents a 90-day leaf issued 80 days before the capture,
# so it expires 10 days after it (a renewal that did not happen), signed by
# the CA curl trusts. curl succeeds: nothing fails yet, the failure comes
# when the leaf expires.
CASE=cert_expires_soon; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate "$(when '-80 days')" -enddate "$(when '+10 days')"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
