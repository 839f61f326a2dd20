#!/bin/bash
# openssl s_client (TLS 1.2-1.3) → a relay that strips supported_versions
# from the ClientHello (strip_supported_versions.py: the one crafted piece,
# playing a non-compliant TLS-rewriting middlebox) → openssl s_server
# (TLS 1.2-1.3). The server sees a TLS 1.2 ClientHello, negotiates TLS 1.2
# and, as RFC 8446 §4.1.3 requires, ends its random with "DOWNGRD" 01; the
# client, which offered TLS 1.3, detects the downgrade and aborts with
# illegal_parameter. Only the client ↔ relay side (port 443) is captured.
CASE=tls_downgrade_sentinel; . "$(dirname "$0")/common.sh"
SERVER_PORT=4433

standard_certs
start server openssl s_server -accept "127.0.0.1:$SERVER_PORT" -cert "$WORK/server.crt" \
    -key "$WORK/server.key" -naccept 1 -www
wait_port "$SERVER_PORT"
start relay "$PY" "$MAKE_DIR/strip_supported_versions.py" "$PORT" "$SERVER_PORT"
wait_port
capture_start
if s_client_get -servername api.example.com -CAfile "$WORK/ca.crt" \
    >"$WORK/client.log" 2>&1; then die "the handshake succeeded"; fi
capture_stop
grep -q 'inappropriate fallback' "$WORK/client.log" ||
    die "the client did not detect the downgrade: $(tail -3 "$WORK/client.log")"
