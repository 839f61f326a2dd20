#!/bin/bash
# TLS 1.2: s_server presents a leaf issued the day before the capture that
# expires 10 days after it, signed by the CA curl trusts. curl succeeds:
# nothing fails yet, the failure comes when the leaf expires.
CASE=cert_expires_soon; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate "$(when '-1 day')" -enddate "$(when '+10 days')"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
