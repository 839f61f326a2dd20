#!/bin/bash
# TLS 1.2: the leaf was issued yesterday for 825 days, more than the 398 days
# Apple allows since 2020-09-01. curl does not care and succeeds.
CASE=cert_long_validity; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate "$(when '-1 day')" -enddate "$(when '+824 days')"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
