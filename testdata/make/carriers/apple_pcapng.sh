#!/bin/bash
# macOS tcpdump's pcapng with process metadata (what `tcpdump -i pktap -w`
# writes and `tcpdump -k` shows): the stored Ethernet capture of the
# scenario (eth.sh) with Apple's Process Information Block (block type
# 0x80000001) and per-packet options 0x8001-0x8004 (make/convert_pktap.py,
# layout from Apple's libpcap pcap-ng.h / pcap-util.c). No macOS here.
CARRIER=apple_pcapng; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="pcapng with Apple's process metadata: Ethernet frames in Enhanced Packet Blocks with options 0x8001 (process info index), 0x8002 (service class), 0x8003 (effective process index), 0x8004 (metadata flags) and epb_flags, plus a Process Information Block (type 0x80000001, curl)"
CARRIER_MADE="converted by make/convert_pktap.py --to apple-pcapng from carriers/$SCENARIO.eth.pcapng (the Ethernet baseline)"
STORY_EXTRA="As macOS's tcpdump writes a pktap capture to pcapng: a Process Information Block (pid 4242, name curl, UUID) and, on every packet, Apple's options naming that process, the service class BE, the direction and metadata flags. Wireshark 4.0 skips the vendor block and options and shows plain Ethernet."
HOW="Converted, not captured: the Ethernet frames are those of carriers/$SCENARIO.eth.pcapng, unchanged (timestamps to microseconds); make/convert_pktap.py wrote the pcapng blocks (SHB, IDB for en0, the Process Information Block with an invented pid 4242, name 'curl' and UUID) and every packet's options, in the layout of Apple's libpcap (pcap_ng_dump_pktap)."
convert_eth apple-pcapng
