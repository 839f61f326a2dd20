#!/bin/bash
# Mutual TLS 1.3: s_server requires a client certificate and rejects curl's
# one (not valid before 2099) with a fatal alert, but the server has been
# writing under its handshake keys since its ServerHello, so the alert is an
# encrypted record ("Application Data" on the wire): nothing is to be found.
CASE=encrypted_alert_tls13; . "$(dirname "$0")/common.sh"

standard_certs
make_cert client ca client.example.com client -startdate 20990101000000Z -enddate 20991231000000Z
start_s_server server -naccept 1 -tls1_3 -Verify 1 -verify_return_error -CAfile "$WORK/ca.crt"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" --cert "$WORK/client.crt" --key "$WORK/client.key" \
    "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'certificate is not yet valid' "$WORK/server.log" || die "server failed for another reason: $(cat "$WORK/server.log")"
