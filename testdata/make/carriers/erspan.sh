#!/bin/bash
# ERSPAN type II (GRE protocol 0x88be with sequence numbers) carrying
# Ethernet, over Ethernet/IPv4, written by a userspace tunnel (carrier.py
# tunnel erspan, see tunnel_common.sh); the TCP and TLS inside are real.
# dumpcap on the client's underlay veth.
CARRIER=erspan; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="ERSPAN type II (GRE protocol 0x88be with sequence numbers) carrying Ethernet, over Ethernet/IPv4"
STORY_EXTRA="The TCP connection's Ethernet frames are carried in ERSPAN type II over GRE, as a switch's remote SPAN session delivers mirrored traffic: Ethernet/IPv4/GRE/ERSPAN/Ethernet/IPv4/TCP."
tunnel_run erspan "the GRE header with a sequence number (flags 0x1000, protocol 0x88be) and the 8-byte ERSPAN type II header (version 1, session 1, index 0)"
