#!/bin/bash
# TLS 1.2: curl asks for api.example.com (SNI), the server answers with a
# certificate for www.example.org only. curl fails "no alternative
# certificate subject name matches target host name".
CASE=cert_name_mismatch; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca www.example.org "$EXT_SERVER"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "subject name" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2
capture_stop
