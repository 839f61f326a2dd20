#!/bin/bash
# openssl s_client -tls1 (nothing newer than TLS 1.0; @SECLEVEL=0 so that
# OpenSSL 3 lets it) against an s_server that requires TLS 1.2
# (-min_protocol TLSv1.2): the server refuses the ClientHello with a fatal
# protocol_version alert and closes.
CASE=legacy_client_version; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1 -min_protocol TLSv1.2
wait_port
capture_start
s_client_get -tls1 -cipher 'DEFAULT@SECLEVEL=0' -servername api.example.com \
    >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
capture_stop
grep -q 'alert protocol version' "$WORK/client.log" || die "no protocol_version alert: $(tail -5 "$WORK/client.log")"
