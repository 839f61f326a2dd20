#!/bin/bash
# Geneve (UDP 6081, VNI 4242) carrying Ethernet, over Ethernet/IPv4/UDP,
# written by a userspace tunnel (carrier.py tunnel geneve-eth, see
# tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=geneve_eth; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="Geneve (UDP 6081, VNI 4242) carrying Ethernet, over Ethernet/IPv4/UDP"
STORY_EXTRA="The TCP connection runs inside Geneve with Ethernet payload: Ethernet/IPv4/UDP/Geneve/Ethernet/IPv4/TCP."
tunnel_run geneve-eth "the 8-byte Geneve header (version 0, no options, protocol 0x6558 Transparent Ethernet Bridging, VNI 4242)"
