#!/bin/bash
# IP-in-IP (IPv4 protocol 4) over Ethernet/IPv4, written by a userspace
# tunnel (carrier.py tunnel ipip, see tunnel_common.sh); the TCP and TLS
# inside are real. dumpcap on the client's underlay veth.
CARRIER=ipip; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="IP-in-IP (IPv4 protocol 4) over Ethernet/IPv4"
STORY_EXTRA="The TCP connection runs inside IP-in-IP: Ethernet/IPv4/IPv4/TCP."
tunnel_run ipip "it only passed each packet between the TUN device and the raw socket"
