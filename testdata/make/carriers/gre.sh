#!/bin/bash
# GRE (IPv4 protocol 47, RFC 2784 header without options) carrying IPv4,
# over Ethernet/IPv4, written by a userspace tunnel (carrier.py tunnel gre,
# see tunnel_common.sh); the TCP and TLS inside are real. dumpcap on the
# client's underlay veth.
CARRIER=gre; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="GRE (IPv4 protocol 47, RFC 2784 header without options) carrying IPv4, over Ethernet/IPv4"
STORY_EXTRA="The TCP connection runs inside GRE: Ethernet/IPv4/GRE/IPv4/TCP."
tunnel_run gre "the 4-byte GRE header (RFC 2784: no checksum, key or sequence number; protocol 0x0800)"
