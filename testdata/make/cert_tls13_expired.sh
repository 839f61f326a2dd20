#!/bin/bash
# TLS 1.3 with a key log: the leaf expired 20 days before the capture. The
# Certificate and the client's certificate_expired alert are encrypted; with
# cert_tls13_expired.keys (written by s_server -keylogfile) Wireshark decrypts
# them and tlsdiag judges the certificate; without it, it says nothing.
CASE=cert_tls13_expired; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -startdate "$(when '-60 days')" -enddate "$(when '-20 days')"
start_s_server server server -naccept 1 -tls1_3 -keylogfile "$WORK/keys.txt"
wait_port
capture_start
get_expecting_failure "certificate has expired" --cacert "$WORK/ca.crt" --tlsv1.3
capture_stop
cp "$WORK/keys.txt" "$TESTDATA/$CASE.keys"
chmod 644 "$TESTDATA/$CASE.keys"
