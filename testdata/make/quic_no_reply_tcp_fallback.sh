#!/bin/bash
# QUIC blocked, the client falls back to TCP: as in quic_no_reply, an
# nftables rule in the namespace's input hook drops every UDP datagram to
# port 443 (silently, after dumpcap has seen it), so gtlsclient's Initial
# (SNI api.example.com) and its probes after 1, 3 and 7 s get no answer; it
# gives up at its 12 s handshake timeout ("ngtcp2_conn_handle_expiry:
# ERR_HANDSHAKE_TIMEOUT"), with a last Initial carrying a CONNECTION_CLOSE
# (PROTOCOL_VIOLATION). 2 s after its first Initial the same host connects
# over TCP to the same address and port, where openssl s_server -WWW
# listens (TCP 443 is not blocked): curl (SNI api.example.com, our CA) does
# a full TLS 1.3 handshake, GET /hello.txt, and closes. The capture filter
# covers UDP and TCP port 443; it ends 0.5 s after the QUIC client gave up.
# quic_no_reply_tcp_fallback.keys: curl's key log (SSLKEYLOGFILE) for the TLS
# connection; GnuTLS logs no QUIC secret before a ServerHello.
CASE=quic_no_reply_tcp_fallback
CAP_FILTER="udp port 443 or tcp port 443"
. "$(dirname "$0")/quic_common.sh"
command -v nft >/dev/null || die "missing nft (apt-get install nftables)"

quic_certs
start_quic_server
start_s_server tcpserver
wait_port
ns nft add table inet tlsdiag
ns nft add chain inet tlsdiag in '{ type filter hook input priority 0; }'
ns nft add rule inet tlsdiag in udp dport "$PORT" drop
capture_start_quic
quic_client --handshake-timeout=12s &
quic=$!
PIDS+=($quic)
sleep 2
ns env SSLKEYLOGFILE="$WORK/tcpkeys.txt" "${CURL[@]}" --cacert "$WORK/ca.crt" \
    "https://api.example.com/hello.txt" >"$WORK/curl.log" 2>&1 || die "curl failed: $(cat "$WORK/curl.log")"
rc=0; wait "$quic" || rc=$?
[ "$rc" -ne 124 ] || die "gtlsclient did not give up on its own"
capture_stop_quic
keep_keys "$WORK/tcpkeys.txt"
[ "$(tshark -r "$OUT" -Y "udp.srcport == $PORT" 2>/dev/null | wc -l)" -eq 0 ] || die "the QUIC server answered"
[ -n "$(tsk 'tls.handshake.type == 20' frame.number)" ] || die "no TLS Finished over TCP"
log "QUIC client: $(quic_messages "$WORK/client.log")"
