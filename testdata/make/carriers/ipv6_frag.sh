#!/bin/bash
# IPv6 fragments over Ethernet: the sending host's fragmentation, written by
# a userspace tunnel (carrier.py tunnel frag6, see tunnel_common.sh): Linux
# TCP never fragments IPv6 (it sizes segments to the path MTU), yet hosts
# behind tunnels and some stacks do. The TCP and TLS are real. dumpcap on
# the client's underlay veth.
CARRIER=ipv6_frag; IPV6=1; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="IPv6 fragments (Fragment extension header, 512 bytes per fragment) over Ethernet"
STORY_EXTRA="The TCP connection is IPv6 (fd00:9::1 to fd00:9::2); every packet longer than 552 bytes travels as fragments of 512 bytes each behind a Fragment header, which Wireshark reassembles (Reassembled IPv6)."
tunnel_run frag6 "the IPv6 fragmentation"
