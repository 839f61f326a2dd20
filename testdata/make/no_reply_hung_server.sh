#!/bin/bash
# curl (SNI api.example.com, --max-time 3) to a Python socket server that
# accepts the connection, reads the ClientHello and never sends a byte: the
# server's TCP acknowledges the ClientHello, curl gives up after 3 s and
# closes (FIN).
CASE=no_reply_hung_server; . "$(dirname "$0")/common.sh"

start server "$PY" "$MAKE_DIR/lib.py" serve silent --port "$PORT"
wait_port
capture_start
ns "${CURL[@]}" --max-time 3 --http2 --tlsv1.2 --tls-max 1.3 -k "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || true   # curl fails: operation timed out
sleep 0.3
capture_stop
grep -q 'curl: (28)' "$WORK/client.log" || die "curl did not time out: $(cat "$WORK/client.log")"
cat "$WORK/client.log" >&2
