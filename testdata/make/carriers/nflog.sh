#!/bin/bash
# NFLOG (LINKTYPE_NFLOG, 239): nftables rules in the client namespace log
# every TCP packet of port 443, in and out, to netlink group 5; dumpcap reads
# the group (nflog:5).
CARRIER=nflog; . "$(dirname "$0")/common.sh" "$@"
command -v nft >/dev/null || die "missing nft (apt-get install nftables; see make/deps.sh)"

CARRIER_TEXT="NFLOG (link type 239): nftables 'log group 5' in the client's input and output hooks"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) veth between two network namespaces, nftables $(nft --version | cut -d' ' -f2) 'log group 5' rules and dumpcap -i nflog:5 in the client's namespace"
STORY_EXTRA="Captured through netfilter's NFLOG: each frame is an NFLOG header with TLVs (prefix, hook, packet payload) carrying the IP packet, without an Ethernet header."

two_hosts
nsx "$NS_C" nft -f - <<NFT
table inet tlsdiag {
    chain out { type filter hook output priority 0; tcp dport $PORT log group 5 queue-threshold 1 prefix "tlsdiag-out"; }
    chain in { type filter hook input priority 0; tcp sport $PORT log group 5 queue-threshold 1 prefix "tlsdiag-in"; }
}
NFT
start_server
capture_start "$NS_C" nflog:5
run_client
sleep 1.5   # NFLOG messages may wait up to the 1 s flush timeout
capture_stop
