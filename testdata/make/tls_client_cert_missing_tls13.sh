#!/bin/bash
# Mutual TLS 1.3: s_server requires a client certificate (-Verify 1) from the
# CA of -CAfile, which its CertificateRequest names in certificate_authorities;
# the client (openssl s_client, no -cert) has none and sends an empty
# Certificate; -ign_eof keeps it from sending anything after its Finished (curl
# sends its request in one segment or two, depending on the run). Everything after the
# ServerHello is encrypted: with tls_client_cert_missing_tls13.keys (written by
# s_server -keylogfile) Wireshark decrypts the CertificateRequest, the empty
# Certificate and the server's certificate_required alert.
CASE=tls_client_cert_missing_tls13; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_ca clients "tlsdiag client CA"
make_cert server ca api.example.com server
start_s_server server -naccept 1 -tls1_3 -Verify 1 -verify_return_error -CAfile "$WORK/clients.crt" \
    -keylogfile "$WORK/keys.txt"
wait_port
capture_start
ns openssl s_client -connect "127.0.0.1:$PORT" -servername api.example.com -tls1_3 \
    -CAfile "$WORK/ca.crt" -ign_eof </dev/null >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
# check.py (in capture_stop) decrypts with the key log the manifest names.
cp "$WORK/keys.txt" "$TESTDATA/$CASE.keys"
chmod 644 "$TESTDATA/$CASE.keys"
capture_stop
grep -q 'peer did not return a certificate' "$WORK/server.log" || die "server failed otherwise: $(cat "$WORK/server.log")"
grep -q 'certificate required' "$WORK/client.log" || die "s_client failed otherwise: $(cat "$WORK/client.log")"
