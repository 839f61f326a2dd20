#!/bin/bash
# Out-of-order segments in the server's Certificate flight (cert_expired
# only): the forwarder holds back one of the flight's first three data
# segments (picked with seed 7: the second) and sends it after the next one. dumpcap on
# the client's veth, where the segments arrive out of order.
CARRIER=tcp_reorder; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/impair_common.sh"
[ "$SCENARIO" = cert_expired ] || die "tcp_reorder is made for cert_expired only"

CARRIER_TEXT="Ethernet (veth, MTU 400); one segment of the server's Certificate flight arrives after the segment that follows it"
impair_setup
start_server
start_forwarder "s2c:reorder:1|2|3" 7
capture_start "$NS_C" vc "tcp port $PORT"
run_client
impair_story "The server's flight (ServerHello, Certificate, ServerKeyExchange, ServerHelloDone) takes four segments of at most 348 bytes; the capture at the client shows one of them out of order."
capture_stop
