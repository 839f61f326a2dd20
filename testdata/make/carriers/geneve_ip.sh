#!/bin/bash
# Geneve (UDP 6081, VNI 4242) with an 8-byte option, carrying IPv4 directly,
# over Ethernet/IPv4/UDP, written by a userspace tunnel (carrier.py tunnel
# geneve-ip, see tunnel_common.sh); the TCP and TLS inside are real. dumpcap
# on the client's underlay veth.
CARRIER=geneve_ip; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="Geneve (UDP 6081, VNI 4242) with an 8-byte option, carrying IPv4 directly, over Ethernet/IPv4/UDP"
STORY_EXTRA="The TCP connection runs inside Geneve with IPv4 payload and a Geneve option (16-byte Geneve header): Ethernet/IPv4/UDP/Geneve/IPv4/TCP."
tunnel_run geneve-ip "the Geneve header (version 0, protocol 0x0800 IPv4, VNI 4242) with one 8-byte option (class 0xffff experimental, type 1)"
