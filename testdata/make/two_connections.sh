#!/bin/bash
# Two connections in one capture, both from curl to one Python server on the
# same port: the first gets a full TLS 1.3 handshake (python ssl) and an HTTP
# answer; the second is reset (SO_LINGER 0) right after its ClientHello.
CASE=two_connections; . "$(dirname "$0")/common.sh"

standard_certs
start server "$PY" "$MAKE_DIR/lib.py" serve tls,rst --port "$PORT" \
    --cert "$WORK/server.crt" --key "$WORK/server.key"
wait_port
capture_start
ns "${CURL[@]}" --cacert "$WORK/ca.crt" "https://api.example.com:$PORT/" \
    >"$WORK/client1.log" 2>&1 || die "first curl failed: $(cat "$WORK/client1.log")"
sleep 0.5
ns "${CURL[@]}" --cacert "$WORK/ca.crt" "https://api.example.com:$PORT/" \
    >"$WORK/client2.log" 2>&1 && die "second curl unexpectedly succeeded"
capture_stop
