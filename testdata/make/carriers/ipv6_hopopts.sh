#!/bin/bash
# IPv6 with a Hop-by-Hop Options header on every packet the client sends:
# a Python ssl (OpenSSL) client with IPV6_HOPOPTS on its socket (curl cannot
# set it); the server is the scenario's usual one (carrier.py serve-rst or
# openssl s_server -6). dumpcap on the client's veth.
CARRIER=ipv6_hopopts; IPV6=1; CLIENT_PY=1; CLIENT_IPV6_OPT=hop
. "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="IPv6 over Ethernet (veth); the client's packets carry a Hop-by-Hop Options extension header (8 bytes, RFC 4727 experimental option 0x1e)"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) veth between two network namespaces, IPv6 with IPV6_HOPOPTS on the client's socket, dumpcap on the client's veth"
STORY_EXTRA="Over IPv6; every packet from the client (SYN, ClientHello, alerts, ACKs) has a Hop-by-Hop Options header between the IPv6 header and TCP, set with setsockopt(IPV6_HOPOPTS) by a Python ssl client (curl has no option for it); the server's packets have none."

two_hosts
start_server
capture_start "$NS_C" vc "ip6 host $CLIENT_ADDR and ip6 host $SERVER_ADDR"
run_client
capture_stop
