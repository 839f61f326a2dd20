#!/bin/bash
# DTLS 1.2 ClientHello that gets no reply: openssl s_server -dtls1_2 -listen
# listens on UDP 4433, but an nftables rule in the namespace's input hook
# drops every datagram to that port, silently (no ICMP), after dumpcap has
# seen it on loopback. openssl s_client -dtls1_2 (SNI api.example.com) sends
# its ClientHello and, on its DTLS retransmission timer, sends it again
# after 1, 3, 7 and 15 s (the timer doubles: 1, 2, 4, 8 s); it is stopped (SIGTERM,
# so it sends nothing more) 16 s after it started, still waiting, and the
# capture ends 0.5 s later: past tlsdiag's 10 s answer window
# (close_answer_window_s). The capture holds only the five ClientHellos.
CASE=dtls_no_reply; . "$(dirname "$0")/dtls_common.sh"
command -v nft >/dev/null || die "missing nft (apt-get install nftables)"

dtls_certs
start server sh -c 'sleep 30 | exec "$@"' sh openssl s_server -accept "127.0.0.1:$PORT" \
    -cert "$WORK/server.crt" -key "$WORK/server.key" -naccept 1 -dtls1_2 -listen
wait_udp_port
ns nft add table inet tlsdiag
ns nft add chain inet tlsdiag in '{ type filter hook input priority 0; }'
ns nft add rule inet tlsdiag in udp dport "$PORT" drop
capture_start_udp
start client openssl s_client -connect "127.0.0.1:$PORT" -dtls1_2 -servername api.example.com \
    -CAfile "$WORK/ca.crt" -ign_eof
client=$LAST_PID
sleep 16
kill -0 "$client" 2>/dev/null || die "s_client gave up early: $(tail -5 "$WORK/client.log")"
stop "$client"
capture_stop_udp
[ "$(tshark -r "$OUT" -Y 'udp.srcport == '"$PORT" 2>/dev/null | wc -l)" -eq 0 ] || die "the server answered"
