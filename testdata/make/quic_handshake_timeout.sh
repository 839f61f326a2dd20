#!/bin/bash
# QUIC handshake that times out because the server's packets never arrive:
# an nftables rule in the namespace's input hook drops every UDP datagram
# FROM port 443 (after dumpcap has seen it on loopback), as a broken return
# path would. gtlsclient (SNI api.example.com, --handshake-timeout=5s) sends
# its Initial and probes again on its PTO timer; gtlsserver answers each time
# (Initial with the ServerHello, Handshake packets), limited by QUIC's 3x
# anti-amplification budget, but the client hears nothing. At 5 s the client
# gives up ("ngtcp2_conn_handle_expiry: ERR_HANDSHAKE_TIMEOUT") and sends an
# Initial with a CONNECTION_CLOSE (0x1c) carrying the transport error
# PROTOCOL_VIOLATION (0x0a): a close before the handshake completed.
# No key log: the client never saw a ServerHello, so GnuTLS logged nothing;
# the Initial packets (ClientHello, ServerHello, the close) need no keys.
CASE=quic_handshake_timeout; . "$(dirname "$0")/quic_common.sh"
command -v nft >/dev/null || die "missing nft (apt-get install nftables)"

quic_certs
start_quic_server
ns nft add table inet tlsdiag
ns nft add chain inet tlsdiag in '{ type filter hook input priority 0; }'
ns nft add rule inet tlsdiag in udp sport "$PORT" drop
capture_start_quic
rc=0; quic_client --handshake-timeout=5s || rc=$?
[ "$rc" -ne 124 ] || die "gtlsclient did not give up on its own"
grep -q 'ERR_HANDSHAKE_TIMEOUT' "$WORK/client.log" || die "no handshake timeout: $(quic_messages "$WORK/client.log")"
capture_stop_quic
rm -f "$TESTDATA/$CASE.keys"
[ -n "$(tsk 'quic.frame_type == 0x1c && udp.dstport == 443' frame.number)" ] || die "no CONNECTION_CLOSE from the client"
log "client rc=$rc: $(quic_messages "$WORK/client.log")"
log "server: $(quic_messages "$WORK/server.log")"
