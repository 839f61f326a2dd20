#!/bin/bash
# QUIC Initial that gets no reply: gtlsserver listens on UDP 443, but an
# nftables rule in the namespace's input hook drops every datagram to that
# port, silently (no ICMP), after dumpcap has seen it on loopback. gtlsclient
# (SNI api.example.com) sends its Initial (ClientHello) and, on its probe
# timer (PTO, starting near 1 s with the default 333 ms initial RTT, doubling
# each time), sends it again after 1, 3 and 7 s; its handshake timeout is set to 12 s:
# then it gives up by itself ("ngtcp2_conn_handle_expiry:
# ERR_HANDSHAKE_TIMEOUT"), still without a byte from the server, sending a
# last Initial with a CONNECTION_CLOSE (PROTOCOL_VIOLATION, 0x0a) as it goes,
# and the capture ends 0.5 s later: past tlsdiag's 10 s answer window (close_answer_window_s).
CASE=quic_no_reply; . "$(dirname "$0")/quic_common.sh"
command -v nft >/dev/null || die "missing nft (apt-get install nftables)"

quic_certs
start_quic_server
ns nft add table inet tlsdiag
ns nft add chain inet tlsdiag in '{ type filter hook input priority 0; }'
ns nft add rule inet tlsdiag in udp dport "$PORT" drop
capture_start_quic
rc=0; quic_client --handshake-timeout=12s || rc=$?
[ "$rc" -ne 124 ] || die "gtlsclient did not give up on its own"
capture_stop_quic
# No key log: GnuTLS logs no secret before it has the ServerHello (the
# Initial packets need none).
rm -f "$TESTDATA/$CASE.keys"
[ "$(tshark -r "$OUT" -Y "udp.srcport == $PORT" 2>/dev/null | wc -l)" -eq 0 ] || die "the server answered"
log "client rc=$rc: $(quic_messages "$WORK/client.log")"
