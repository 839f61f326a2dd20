#!/bin/bash
# 802.1Q VLAN (VID 100) on Ethernet, written by a userspace tunnel
# (carrier.py tunnel vlan, see tunnel_common.sh); the TCP and TLS inside are
# real. dumpcap on the client's underlay veth.
CARRIER=vlan; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="802.1Q VLAN (VID 100) on Ethernet"
STORY_EXTRA="Every frame carries an 802.1Q tag (VID 100) between the Ethernet header and IPv4."
tunnel_run vlan "the 4-byte 802.1Q tag (TPID 0x8100, VID 100)"
