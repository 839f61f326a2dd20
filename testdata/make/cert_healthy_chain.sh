#!/bin/bash
# Healthy TLS 1.2 with a full chain: leaf (SAN, serverAuth, 90 days, RSA
# 2048, SHA-256) and its intermediate; curl trusts the root and succeeds.
# The root is kept as cert_healthy_chain.ca.pem to check the chain with the
# trust_store preference: no finding either way.
CASE=cert_healthy_chain; . "$(dirname "$0")/cert_common.sh"

make_root root "tlsdiag test root"
sign intermediate root "tlsdiag test intermediate" "$EXT_CA" -days 365
sign server intermediate api.example.com "$EXT_SERVER"
start_s_server server server -naccept 1 -cert_chain "$WORK/intermediate.crt"
wait_port
capture_start
get_expecting_success --cacert "$WORK/root.crt" --tlsv1.2 --tls-max 1.2
capture_stop
cp "$WORK/root.crt" "$TESTDATA/$CASE.ca.pem"
chmod 644 "$TESTDATA/$CASE.ca.pem"
