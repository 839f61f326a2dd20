#!/bin/bash
# Mutual TLS 1.2: s_server requires a client certificate (-Verify 1,
# -verify_return_error); curl presents one that is signed by the right CA but
# not valid before 2099 (X509_V_ERR_CERT_NOT_YET_VALID). The server rejects
# it with a fatal bad_certificate alert right after the client's flight.
CASE=alert_bad_certificate; . "$(dirname "$0")/common.sh"

standard_certs
make_cert client ca client.example.com client -startdate 20990101000000Z -enddate 20991231000000Z
start_s_server server -naccept 1 -tls1_2 -Verify 1 -verify_return_error -CAfile "$WORK/ca.crt"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --cert "$WORK/client.crt" --key "$WORK/client.key" \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'certificate is not yet valid' "$WORK/server.log" || die "server failed for another reason: $(cat "$WORK/server.log")"
