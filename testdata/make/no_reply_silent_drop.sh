#!/bin/bash
# openssl s_client (SNI api.example.com, no timeout of its own) to a server
# whose packets an nftables rule drops, all but its SYN-ACK: the TCP
# handshake completes, then the server's ACKs never leave, as behind a
# firewall that drops silently. The client sends its ClientHello again and
# again (after 0.2, 0.6, 1.5, 3.2, 6.5 and 13.2 s); the capture stops at
# 14.5 s, its last frame (the sixth retransmission) more than the 10 s
# answer window after the ClientHello,
# the client still waiting.
CASE=no_reply_silent_drop; . "$(dirname "$0")/common.sh"
command -v nft >/dev/null || die "missing nft (apt-get install nftables)"

start server "$PY" "$MAKE_DIR/lib.py" serve silent --port "$PORT"
wait_port
ns nft add table inet tlsdiag
ns nft add chain inet tlsdiag out '{ type filter hook output priority 0; }'
ns nft add rule inet tlsdiag out tcp sport "$PORT" 'tcp flags & syn == 0' drop
capture_start
start client sh -c "sleep 30 | openssl s_client -connect 127.0.0.1:$PORT -servername api.example.com"
sleep 14.5
capture_stop
