#!/bin/bash
# A real ClientHello (Python ssl/OpenSSL, SNI api.example.com, ALPN h2 and
# http/1.1) taken from a MemoryBIO and sent in two TCP segments (first 100
# bytes, 0.2 s pause, the rest; TCP_NODELAY). The server reads the whole
# record and resets the connection with SO_LINGER 0.
CASE=split_client_hello; . "$(dirname "$0")/common.sh"

start server "$PY" "$MAKE_DIR/lib.py" serve rst --port "$PORT"
wait_port
capture_start
ns "$PY" "$MAKE_DIR/lib.py" hello --port "$PORT" --sni api.example.com --split 100 \
    >"$WORK/client.log" 2>&1 || die "client failed: $(cat "$WORK/client.log")"
capture_stop
grep -q 'connection reset' "$WORK/client.log" || die "no reset seen by the client: $(cat "$WORK/client.log")"
