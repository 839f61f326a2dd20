#!/bin/bash
# TLS 1.2 session resumption: two s_client connections to one s_server; the
# first saves its session (-sess_out), the second offers it (-sess_in) and the
# server resumes it with an abbreviated handshake. Both fetch a file.
PORT=4433; CASE=session_resumption; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 2 -tls1_2
wait_port
capture_start
s_client_get -servername api.example.com -CAfile "$WORK/ca.crt" -verify_return_error \
    -sess_out "$WORK/session.pem" >"$WORK/client1.log" 2>&1 || die "first s_client failed"
sleep 0.5
s_client_get -servername api.example.com -CAfile "$WORK/ca.crt" -verify_return_error \
    -sess_in "$WORK/session.pem" >"$WORK/client2.log" 2>&1 || die "second s_client failed"
capture_stop
grep -q '^Reused' "$WORK/client2.log" || die "second connection did not resume"
