#!/bin/bash
# TLS 1.3 version of alert_unknown_ca: curl rejects the server's certificate
# (issued by a CA it does not trust) and sends unknown_ca. The server's
# Certificate is encrypted, but OpenSSL's client has not switched its write
# side to the handshake keys yet (it does so only when it sends its own
# Finished flight), so the alert goes out in a plaintext record that
# Wireshark reads: alert.unknown_ca is found even though this is TLS 1.3.

CASE=alert_unknown_ca_tls13; . "$(dirname "$0")/common.sh"
make_ca ca "tlsdiag test CA"
make_ca rogue "tlsdiag untrusted CA"
make_cert server rogue api.example.com server
start_s_server server -naccept 1 -tls1_3
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" "https://api.example.com:$PORT/hello.txt" \
    >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'unable to get local issuer certificate' "$WORK/client.log" || die "curl failed for another reason: $(cat "$WORK/client.log")"
