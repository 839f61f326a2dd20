#!/bin/bash
# curl (SNI api.example.com, ALPN h2, TLS 1.2-1.3) to a Python server that
# reads the ClientHello and closes with SO_LINGER 0: the server's first answer
# is a TCP RST.
CASE=rst_after_client_hello; . "$(dirname "$0")/common.sh"

start server "$PY" "$MAKE_DIR/lib.py" serve rst --port "$PORT"
wait_port
capture_start
ns "${CURL[@]}" --http2 --tlsv1.2 --tls-max 1.3 -k "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || true   # curl fails: connection reset
capture_stop
