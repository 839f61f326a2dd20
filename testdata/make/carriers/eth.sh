#!/bin/bash
# Baseline: Ethernet over a veth pair between a client and a server network
# namespace; dumpcap on the client's end.
CARRIER=eth; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="Ethernet II (veth)"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) veth between two network namespaces, dumpcap on the client's veth"
STORY_EXTRA="Plain Ethernet between two network namespaces: the baseline the other carriers are compared with."

two_hosts
start_server
capture_start "$NS_C" vc "tcp port $PORT"
run_client
capture_stop
