#!/bin/bash
# VXLAN (the kernel's vxlan driver, UDP 4789): the client and server talk over
# a VXLAN link (VNI 42) whose underlay is a veth; dumpcap on the underlay.
CARRIER=vxlan; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="VXLAN (UDP 4789, VNI 42) over Ethernet (veth): Ethernet/IPv4/UDP/VXLAN/Ethernet/IPv4/TCP"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) vxlan devices over a veth underlay between two network namespaces, dumpcap on the client's underlay veth"
STORY_EXTRA="The TCP connection runs inside VXLAN (the kernel's vxlan driver); the capture is of the underlay, so every TLS segment is inside Ethernet/IPv4/UDP/VXLAN/Ethernet/IPv4."

netns_add "$NS_C"
ns_prepare "$NS_S"
veth "$NS_C" uc "$NS_S" us
nsx "$NS_C" ip addr add 192.0.2.1/24 dev uc
nsx "$NS_S" ip addr add 192.0.2.2/24 dev us
neigh "$NS_C" uc 192.0.2.2 "$NS_S" us
neigh "$NS_S" us 192.0.2.1 "$NS_C" uc
for side in C S; do
    n=NS_$side; n=${!n}
    if [ $side = C ]; then local_ip=192.0.2.1 remote_ip=192.0.2.2 dev=uc addr=10.0.0.1
    else local_ip=192.0.2.2 remote_ip=192.0.2.1 dev=us addr=10.0.0.2; fi
    nsx "$n" ip link add vx0 type vxlan id 42 local "$local_ip" remote "$remote_ip" dstport 4789 dev "$dev"
    no_offload "$n" vx0
    nsx "$n" ip addr add "$addr/24" dev vx0
    nsx "$n" ip link set vx0 up
done
CLIENT_ADDR=10.0.0.1 SERVER_ADDR=10.0.0.2
neigh "$NS_C" vx0 "$SERVER_ADDR" "$NS_S" vx0
neigh "$NS_S" vx0 "$CLIENT_ADDR" "$NS_C" vx0
start_server
capture_start "$NS_C" uc "udp port 4789"
run_client
capture_stop
