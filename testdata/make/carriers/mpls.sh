#!/bin/bash
# MPLS unicast (ethertype 0x8847), a label stack of 2 (100, 200), IPv4
# payload, written by a userspace tunnel (carrier.py tunnel mpls, see
# tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=mpls; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="MPLS unicast (ethertype 0x8847), a label stack of 2 (100, 200), IPv4 payload"
STORY_EXTRA="Every frame carries an MPLS label stack of two entries (100, 200) between the Ethernet header and IPv4; Wireshark finds IPv4 after the bottom of the stack by its first nibble."
tunnel_run mpls "an MPLS label stack of two entries (label 100, then label 200 with bottom-of-stack, TTL 64) under ethertype 0x8847"
