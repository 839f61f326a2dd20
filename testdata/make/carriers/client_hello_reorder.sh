#!/bin/bash
# The ClientHello's two segments delivered out of order: with an MTU of 400
# curl's TLS 1.2-1.3 ClientHello (517 bytes) takes two segments, and with an
# MTU of 256 its TLS 1.2-only ClientHello (226 bytes) does; the forwarder
# holds back the first and sends it after the second. dumpcap on the
# server's veth.
CARRIER=client_hello_reorder; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/impair_common.sh"
if [ "$SCENARIO" = cert_expired ]; then
    IMPAIR_MTU=256
    text="With an MTU of 256 the ClientHello (226 bytes) takes two segments (204 and 22 bytes); the server receives the second first. Captured at the server."
else
    text="With an MTU of 400 the ClientHello (517 bytes) takes two segments (348 and 169 bytes); the server receives the second first. Captured at the server."
fi

CARRIER_TEXT="Ethernet (veth, MTU $IMPAIR_MTU); the ClientHello's two segments arrive in reverse order"
impair_setup
start_server
start_forwarder "c2s:reorder:1" 4
capture_start "$NS_S" vs "tcp port $PORT"
run_client
impair_story "$text"
capture_stop
