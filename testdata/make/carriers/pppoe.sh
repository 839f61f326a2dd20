#!/bin/bash
# PPPoE session (ethertype 0x8864, session 0x1234) + PPP (protocol 0x0021)
# carrying IPv4, written by a userspace tunnel (carrier.py tunnel pppoe, see
# tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=pppoe; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="PPPoE session (ethertype 0x8864, session 0x1234) + PPP (protocol 0x0021) carrying IPv4"
STORY_EXTRA="Every frame is a PPPoE session frame (session 0x1234) with PPP carrying IPv4, as on a DSL line."
tunnel_run pppoe "the PPPoE session header (ethertype 0x8864, version 1, type 1, code 0, session 0x1234, length) and the 2-byte PPP protocol field (0x0021, IPv4)"
