#!/bin/bash
# BSD loopback (LINKTYPE_NULL, 0), as macOS's lo0 is captured: the stored
# Ethernet capture of the scenario (eth.sh) with each Ethernet header
# replaced by a 4-byte address family in host byte order (AF_INET = 2,
# little-endian) (make/convert_pktap.py). No macOS here.
CARRIER=null; EXT=pcap; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="BSD loopback / DLT_NULL (link type 0): a 4-byte little-endian address family (AF_INET = 2) before each IPv4 packet, pcap"
CARRIER_MADE="converted by make/convert_pktap.py --to null from carriers/$SCENARIO.eth.pcapng (the Ethernet baseline)"
STORY_EXTRA="As a capture on macOS's lo0 (DLT_NULL): every IPv4 packet is preceded by the address family 2 as a 4-byte little-endian word, without a link-layer header (the addresses are still the veth's 10.0.0.1 and 10.0.0.2)."
HOW="Converted, not captured: the IPv4 packets and timestamps (to microseconds) are those of carriers/$SCENARIO.eth.pcapng, unchanged; make/convert_pktap.py removed the Ethernet headers and wrote the pcap file header (link type 0) and the 4-byte address family of every packet."
convert_eth null
