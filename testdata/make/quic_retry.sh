#!/bin/bash
# QUIC address validation with a Retry: gtlsserver -V (--validate-addr)
# answers the client's first Initial with a Retry packet carrying a token
# and a new source connection ID; gtlsclient (SNI api.example.com) sends its
# Initial again, now with the token and that connection ID as destination,
# and the handshake completes; one HTTP/3 GET, then the client closes
# (application CONNECTION_CLOSE, H3_NO_ERROR).
# quic_retry.keys: the client's key log (SSLKEYLOGFILE).
CASE=quic_retry; . "$(dirname "$0")/quic_common.sh"

quic_certs
start_quic_server -V
capture_start_quic
quic_client || die "gtlsclient failed (rc=$?): $(quic_messages "$WORK/client.log")"
grep -q '|hello from tlsdi|' "$WORK/client.log" || die "no response body"
capture_stop_quic
keep_keys "$WORK/keys.txt"
[ -n "$(tsk 'quic.long.packet_type == 3' frame.number)" ] || die "no Retry packet"
[ -n "$(tsk 'tls.handshake.type == 20' frame.number)" ] || die "no Finished decrypted"
log "client: $(quic_messages "$WORK/client.log" | tr '\n' '|')"
