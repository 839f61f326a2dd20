#!/bin/bash
# QUIC version negotiation that fails: gtlsclient (SNI api.example.com) puts
# version 0x1a2a3a4a on its first Initial (-v; a reserved version of the
# 0x?a?a?a?a pattern that RFC 9000 §15 keeps for forcing version negotiation)
# and will switch only to QUIC v2 draft (--preferred-versions v2draft).
# gtlsserver does not know 0x1a2a3a4a and answers with a Version Negotiation
# packet listing a random greasing version (0x?a?a?a?a, new each run) and
# 0x00000001 (QUIC v1) only; none is acceptable to the client, which gives
# up at once ("Unable to select a version", exit status 1) without sending
# anything more.
# No key log: the handshake never gets past the client's Initial.
CASE=quic_version_negotiation; . "$(dirname "$0")/quic_common.sh"

quic_certs
start_quic_server
capture_start_quic
rc=0; quic_client -v 0x1a2a3a4a --preferred-versions v2draft || rc=$?
[ "$rc" -eq 1 ] || die "gtlsclient exit status $rc, expected 1"
grep -q 'Unable to select a version' "$WORK/client.log" || die "no version failure: $(quic_messages "$WORK/client.log")"
capture_stop_quic
rm -f "$TESTDATA/$CASE.keys"
[ -n "$(tsk 'quic.version == 0 && udp.srcport == 443' frame.number)" ] || die "no Version Negotiation packet"
log "client rc=$rc: $(quic_messages "$WORK/client.log")"
