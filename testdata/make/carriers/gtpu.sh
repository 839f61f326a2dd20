#!/bin/bash
# GTP-U (GTPv1-U G-PDU, UDP 2152) carrying IPv4, over Ethernet/IPv4/UDP,
# written by a userspace tunnel (carrier.py tunnel gtpu, see
# tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=gtpu; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="GTP-U (GTPv1-U G-PDU, UDP 2152) carrying IPv4, over Ethernet/IPv4/UDP"
STORY_EXTRA="The TCP connection runs inside a GTP-U tunnel as between a base station and a mobile core's user plane: Ethernet/IPv4/UDP/GTP/IPv4/TCP."
tunnel_run gtpu "the 8-byte GTPv1-U header (G-PDU, no optional fields; TEID 0x1001 uplink, 0x2002 downlink)"
