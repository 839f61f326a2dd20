#!/bin/bash
# QinQ: 802.1ad service tag (TPID 0x88a8, VID 10) + 802.1Q customer tag (VID
# 100) on Ethernet, written by a userspace tunnel (carrier.py tunnel qinq,
# see tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=qinq; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="QinQ: 802.1ad service tag (TPID 0x88a8, VID 10) + 802.1Q customer tag (VID 100) on Ethernet"
STORY_EXTRA="Every frame carries two VLAN tags (QinQ): an 802.1ad S-tag (VID 10) and an 802.1Q C-tag (VID 100)."
tunnel_run qinq "the 802.1ad service tag (TPID 0x88a8, VID 10) and the 802.1Q customer tag (TPID 0x8100, VID 100)"
