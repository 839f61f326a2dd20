#!/bin/bash
# The client gives up first: a real ClientHello (Python ssl, SNI
# api.example.com), then the client closes its sending side (FIN) 0.2 s
# later; only after that does the server reset the connection (it waits for
# the client's FIN, then closes with SO_LINGER 0). The RST is not the
# server's answer to the ClientHello, so nothing is to be found.
CASE=client_closed_first; . "$(dirname "$0")/common.sh"

start server "$PY" "$MAKE_DIR/lib.py" serve eof-rst --port "$PORT"
wait_port
capture_start
ns "$PY" "$MAKE_DIR/lib.py" hello --port "$PORT" --sni api.example.com --shutdown \
    >"$WORK/client.log" 2>&1 || die "client failed: $(cat "$WORK/client.log")"
capture_stop
grep -q 'connection reset' "$WORK/client.log" || die "no reset seen by the client: $(cat "$WORK/client.log")"
