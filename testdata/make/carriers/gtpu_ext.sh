#!/bin/bash
# GTP-U (UDP 2152) with a PDU Session Container extension header (5G N3),
# carrying IPv4, over Ethernet/IPv4/UDP, written by a userspace tunnel
# (carrier.py tunnel gtpu-ext, see tunnel_common.sh); the TCP and TLS inside
# are real. dumpcap on the client's underlay veth.
CARRIER=gtpu_ext; . "$(dirname "$0")/common.sh" "$@"
. "$CARRIERS_DIR/tunnel_common.sh"

CARRIER_TEXT="GTP-U (UDP 2152) with a PDU Session Container extension header (5G N3), carrying IPv4, over Ethernet/IPv4/UDP"
STORY_EXTRA="The TCP connection runs inside GTP-U as on a 5G N3 interface: every G-PDU has the optional fields and a PDU Session Container extension header (QFI 9) before the IPv4 packet."
tunnel_run gtpu-ext "the GTPv1-U header with the E flag, sequence/N-PDU/next-extension fields and a PDU Session Container extension header (TS 38.415; UL PDU session information from the client, DL from the server, QFI 9)"
