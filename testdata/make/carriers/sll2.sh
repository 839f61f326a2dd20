#!/bin/bash
# Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): dumpcap on the "any"
# pseudo-interface of the client namespace, as `tcpdump -i any` writes it.
CARRIER=sll2; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="Linux cooked capture v2 (SLL2, link type 276) of Ethernet (veth)"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) veth between two network namespaces, dumpcap -i any -y LINUX_SLL2 in the client's namespace"
STORY_EXTRA="Captured on the 'any' pseudo-interface: every frame has a 20-byte SLL2 header (protocol, interface index, ARPHRD type, packet type, link-layer address) instead of the Ethernet header."

two_hosts
start_server
capture_start "$NS_C" any "tcp port $PORT" -y LINUX_SLL2
run_client
capture_stop
