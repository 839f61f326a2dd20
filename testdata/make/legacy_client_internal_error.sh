#!/bin/bash
# openssl s_client -tls1 (nothing newer than TLS 1.0; @SECLEVEL=0 so that
# OpenSSL 3 lets it) against an s_server left at its defaults. Debian 12's
# OpenSSL sets no MinProtocol, so the server accepts TLS 1.0 as the version,
# then finds no signature algorithm allowed at security level 2 for TLS 1.0's
# MD5+SHA1 ServerKeyExchange ("tls_choose_sigalg: no suitable signature
# algorithm") and aborts with a fatal internal_error alert, not
# protocol_version. This is what a stock OpenSSL 3 server does to a TLS 1.0
# client.
CASE=legacy_client_internal_error; . "$(dirname "$0")/common.sh"

standard_certs
start_s_server server -naccept 1
wait_port
capture_start
s_client_get -tls1 -cipher 'DEFAULT@SECLEVEL=0' -servername api.example.com \
    >"$WORK/client.log" 2>&1 && die "s_client unexpectedly succeeded"
capture_stop
grep -q 'alert internal error' "$WORK/client.log" || die "no internal_error alert: $(tail -5 "$WORK/client.log")"
grep -q 'no suitable signature algorithm' "$WORK/server.log" || die "server failed for another reason"
