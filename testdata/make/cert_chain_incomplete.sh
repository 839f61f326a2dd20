#!/bin/bash
# TLS 1.2: a three-level PKI like a public CA's (root, intermediate, leaf whose
# authorityInfoAccess names the intermediate's caIssuers URL). The server
# sends the leaf alone; curl trusts only the root and does not fetch the
# caIssuers URL: it fails "unable to get local issuer certificate" (fatal
# unknown_ca alert). The root is kept as cert_chain_incomplete.ca.pem for the
# trust_store preference: the same finding either way.
CASE=cert_chain_incomplete; . "$(dirname "$0")/cert_common.sh"

EXT_SERVER_AIA="$EXT_SERVER
authorityInfoAccess = caIssuers;URI:http://ca.example.com/intermediate.crt"
make_root root "tlsdiag test root"
sign intermediate root "tlsdiag test intermediate" "$EXT_CA" -days 365
sign server intermediate api.example.com "$EXT_SERVER_AIA"
start_s_server server server -naccept 1
wait_port
capture_start
get_expecting_failure "unable to get local issuer certificate" --cacert "$WORK/root.crt" --tlsv1.2 --tls-max 1.2
capture_stop
cp "$WORK/root.crt" "$TESTDATA/$CASE.ca.pem"
chmod 644 "$TESTDATA/$CASE.ca.pem"
