#!/bin/bash
# Duplicated segments: rst_after_client_hello: both segments of the
# ClientHello are delivered twice (dumpcap on the server's veth);
# cert_expired: the second and third segments of the server's Certificate
# flight are delivered twice (dumpcap on the client's veth).
CARRIER=tcp_dup; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/impair_common.sh"

CARRIER_TEXT="Ethernet (veth, MTU 400); TCP segments duplicated on the path"
impair_setup
start_server
if [ "$SCENARIO" = rst_after_client_hello ]; then
    start_forwarder "c2s:dup:1+2" 3
    capture_start "$NS_S" vs "tcp port $PORT"
    text="The ClientHello takes two segments; both arrive twice at the server, which answers each duplicate with a duplicate ACK (D-SACK) before its RST. Captured at the server."
else
    start_forwarder "s2c:dup:2+3" 3
    capture_start "$NS_C" vc "tcp port $PORT"
    text="The server's flight takes four segments; the second and third arrive twice at the client. Captured at the client."
fi
run_client
impair_story "$text"
capture_stop
