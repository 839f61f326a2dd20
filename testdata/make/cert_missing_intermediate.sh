#!/bin/bash
# TLS 1.2: the leaf is issued by an intermediate CA, but the server sends the
# leaf alone. curl trusts only the root and fails "unable to get local issuer
# certificate" (fatal unknown_ca alert). With the root as tlsdiag's trust
# store (cert_missing_intermediate.ca.pem), tlsdiag names the missing
# intermediate.
CASE=cert_missing_intermediate; . "$(dirname "$0")/cert_common.sh"

make_root root "tlsdiag test root"
sign intermediate root "tlsdiag test intermediate" "$EXT_CA" -days 365
sign server intermediate api.example.com "$EXT_SERVER"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "unable to get local issuer certificate" --cacert "$WORK/root.crt" --tlsv1.2 --tls-max 1.2
capture_stop
cp "$WORK/root.crt" "$TESTDATA/$CASE.ca.pem"
chmod 644 "$TESTDATA/$CASE.ca.pem"
