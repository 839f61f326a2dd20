#!/bin/bash
# TLS 1.2: s_server presents a certificate from a CA the client does not
# trust; curl (trusting only the test CA) fails verification with "unable to
# get local issuer certificate" and sends a fatal unknown_ca alert after the
# server's Certificate.
CASE=alert_unknown_ca; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_ca rogue "tlsdiag untrusted CA"
make_cert server rogue api.example.com server
start_s_server server -naccept 1
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'unable to get local issuer certificate' "$WORK/client.log" || die "curl failed for another reason: $(cat "$WORK/client.log")"
