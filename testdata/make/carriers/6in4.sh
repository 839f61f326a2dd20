#!/bin/bash
# 6in4 (IPv6 in IPv4, protocol 41) over Ethernet/IPv4, written by a
# userspace tunnel (carrier.py tunnel sit, see tunnel_common.sh); the TCP
# and TLS inside are real. dumpcap on the client's underlay veth.
CARRIER=6in4; IPV6=1; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="6in4 (IPv6 in IPv4, protocol 41) over Ethernet/IPv4"
STORY_EXTRA="The TCP connection is IPv6 (fd00:9::1 to fd00:9::2) carried in IPv4 protocol 41 (6in4, as a SIT tunnel): Ethernet/IPv4/IPv6/TCP."
tunnel_run sit "it only passed each packet between the TUN device and the raw socket"
