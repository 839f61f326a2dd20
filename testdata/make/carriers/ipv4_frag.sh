#!/bin/bash
# IPv4 fragments: client - router - server namespaces; the router's link
# towards the receiver of the big messages has an MTU of 400 and the sender
# sends without DF (net.ipv4.ip_no_pmtu_disc=1 in its namespace), so the
# router's kernel fragments the TLS segments. rst_after_client_hello: the
# ClientHello is fragmented on its way to the server (capture on the
# server's veth); cert_expired: the server's Certificate flight is fragmented
# on its way to the client (capture on the client's veth). The receiver
# announces an MSS of 1460 (route advmss) although its own link is smaller.
CARRIER=ipv4_frag; . "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="IPv4 fragments (router MTU 400, DF off) over Ethernet (veth)"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1): client, router and server network namespaces joined by veths, the router's kernel fragments (egress MTU 400, sender with net.ipv4.ip_no_pmtu_disc=1), dumpcap on the receiving host's veth"

netns_add "$NS_C"
netns_add "$NS_R"
ns_prepare "$NS_S"
if [ "$SCENARIO" = rst_after_client_hello ]; then
    MTU_C=1500 MTU_S=400 SENDER=$NS_C RECEIVER=$NS_S CAP_NS=$NS_S CAP_DEV=vs
    STORY_EXTRA="The ClientHello (569-byte IP packet, DF not set) crosses a router whose link to the server has an MTU of 400, so the router fragments it: the capture at the server shows the ClientHello in two IPv4 fragments, reassembled by Wireshark."
else
    MTU_C=400 MTU_S=1500 SENDER=$NS_S RECEIVER=$NS_C CAP_NS=$NS_C CAP_DEV=vc
    STORY_EXTRA="The server's flight (1448-byte segments, DF not set) crosses a router whose link to the client has an MTU of 400, so the router fragments every segment: the capture at the client shows the Certificate in IPv4 fragments, reassembled by Wireshark."
fi
veth "$NS_C" vc "$NS_R" rc "$MTU_C"
veth "$NS_R" rs "$NS_S" vs "$MTU_S"
nsx "$NS_C" ip addr add 10.0.1.1/24 dev vc
nsx "$NS_R" ip addr add 10.0.1.254/24 dev rc
nsx "$NS_R" ip addr add 10.0.2.254/24 dev rs
nsx "$NS_S" ip addr add 10.0.2.1/24 dev vs
nsx "$NS_R" sysctl -q -w net.ipv4.ip_forward=1
neigh "$NS_C" vc 10.0.1.254 "$NS_R" rc
neigh "$NS_R" rc 10.0.1.1 "$NS_C" vc
neigh "$NS_R" rs 10.0.2.1 "$NS_S" vs
neigh "$NS_S" vs 10.0.2.254 "$NS_R" rs
nsx "$NS_C" ip route add 10.0.2.0/24 via 10.0.1.254 advmss 1460
nsx "$NS_S" ip route add 10.0.1.0/24 via 10.0.2.254 advmss 1460
nsx "$SENDER" sysctl -q -w net.ipv4.ip_no_pmtu_disc=1
CLIENT_ADDR=10.0.1.1 SERVER_ADDR=10.0.2.1

start_server
capture_start "$CAP_NS" "$CAP_DEV" "host $CLIENT_ADDR and host $SERVER_ADDR"
run_client
capture_stop
