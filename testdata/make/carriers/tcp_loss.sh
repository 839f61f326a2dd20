#!/bin/bash
# A lost and retransmitted segment of the server's Certificate flight
# (cert_expired only): the forwarder drops one of the flight's first three
# data segments (picked with seed 5: the third) once; the server's kernel retransmits
# it. dumpcap on the client's veth.
CARRIER=tcp_loss; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/impair_common.sh"
[ "$SCENARIO" = cert_expired ] || die "tcp_loss is made for cert_expired only"

CARRIER_TEXT="Ethernet (veth, MTU 400); one segment of the server's Certificate flight is lost and retransmitted by the server's TCP"
impair_setup
start_server
start_forwarder "s2c:drop:1|2|3" 5
capture_start "$NS_C" vc "tcp port $PORT"
run_client
impair_story "The server's flight takes four segments; the client sees a hole, acknowledges with SACK, and the server's TCP retransmits the missing segment."
capture_stop
