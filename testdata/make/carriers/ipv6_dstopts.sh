#!/bin/bash
# IPv6 with a Destination Options header on every packet the server sends:
# the server's listening socket has IPV6_DSTOPTS set (inherited by the
# accepted connection, also used for its SYN-ACK and RST), so the server
# side is Python (carrier.py serve-rst, or serve-tls12 with Python's ssl,
# i.e. OpenSSL, for cert_expired: s_server cannot set the option); the
# client is curl. dumpcap on the client's veth.
CARRIER=ipv6_dstopts; IPV6=1; SERVER_PY_TLS=1; SERVER_IPV6_OPT=dst
. "$(dirname "$0")/common.sh" "$@"

CARRIER_TEXT="IPv6 over Ethernet (veth); the server's packets carry a Destination Options extension header (8 bytes, RFC 4727 experimental option 0x1e)"
CARRIER_MADE="Linux $(uname -r | cut -d- -f1) veth between two network namespaces, IPv6 with IPV6_DSTOPTS on the server's socket, dumpcap on the client's veth"
STORY_EXTRA="Over IPv6; every packet from the server (SYN-ACK, TLS records, RST) has a Destination Options header between the IPv6 header and TCP, set with setsockopt(IPV6_DSTOPTS) on the server's socket; the client's packets have none."

two_hosts
start_server
capture_start "$NS_C" vc "ip6 host $CLIENT_ADDR and ip6 host $SERVER_ADDR"
run_client
capture_stop
