#!/bin/bash
# QUIC version negotiation that succeeds: gtlsclient (SNI api.example.com)
# puts version 0x1a2a3a4a on its first Initial (-v; a reserved version of the
# 0x?a?a?a?a pattern that RFC 9000 §15 keeps for forcing version
# negotiation) and accepts QUIC v1 (--preferred-versions v1). gtlsserver
# answers with a Version Negotiation packet listing a random greasing version
# and 0x00000001; the client ("Client selected version 0x1") starts over
# with a v1 Initial from a new UDP socket (another source port, new
# connection IDs) and the handshake completes; one HTTP/3 GET, then the
# client closes (application CONNECTION_CLOSE, H3_NO_ERROR).
# quic_version_negotiation_ok.keys: the client's key log (SSLKEYLOGFILE).
CASE=quic_version_negotiation_ok; . "$(dirname "$0")/quic_common.sh"

quic_certs
start_quic_server
capture_start_quic
quic_client -v 0x1a2a3a4a --preferred-versions v1 || die "gtlsclient failed (rc=$?): $(quic_messages "$WORK/client.log")"
grep -q 'Client selected version 0x1' "$WORK/client.log" || die "no version switch: $(quic_messages "$WORK/client.log")"
grep -q '|hello from tlsdi|' "$WORK/client.log" || die "no response body"
capture_stop_quic
keep_keys "$WORK/keys.txt"
[ -n "$(tsk 'quic.version == 0 && udp.srcport == 443' frame.number)" ] || die "no Version Negotiation packet"
[ -n "$(tsk 'tls.handshake.type == 20' frame.number)" ] || die "no Finished decrypted"
log "client: $(quic_messages "$WORK/client.log" | tr '\n' '|')"
