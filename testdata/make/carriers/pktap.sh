#!/bin/bash
# Apple PKTAP (LINKTYPE_PKTAP, 258), what macOS's `tcpdump -i pktap -w`
# writes: the stored Ethernet capture of the scenario (eth.sh) with a
# 156-byte Darwin pktap header before every frame (make/convert_pktap.py).
# No macOS here, so this is a conversion of a real capture.
CARRIER=pktap; EXT=pcap; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="Apple PKTAP (link type 258): a 156-byte Darwin pktap header (DLT 1, interface en0, process curl) before each Ethernet frame, pcap"
CARRIER_MADE="converted by make/convert_pktap.py --to pktap from carriers/$SCENARIO.eth.pcapng (the Ethernet baseline)"
STORY_EXTRA="As a macOS 'tcpdump -i pktap' capture: every Ethernet frame is preceded by Apple's pktap header (pth_length 156, pth_dlt 1, pth_ifname en0, direction flags, pth_protocol_family 2, pth_frame_pre_length 14, process id 4242 and command curl for both directions)."
HOW="Converted, not captured: the Ethernet frames and timestamps (to microseconds) are those of carriers/$SCENARIO.eth.pcapng, unchanged; make/convert_pktap.py wrote the pcap file header (link type 258) and the pktap header of every frame (direction from the first SYN's sender; the process id 4242, command name 'curl', flow id and UUID are invented)."
convert_eth pktap
