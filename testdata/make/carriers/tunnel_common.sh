# Shared by the userspace tunnel carriers (the encapsulations the kernel here
# lacks: no 802.1Q, MPLS routing, PPP, GRE, IPIP, SIT or GENEVE modules),
# sourced after carriers/common.sh:
#
#   tunnel_setup KIND    # see carrier.py tunnel
#   start_server; capture_start "$NS_C" uc "$TUNNEL_FILTER"; run_client; capture_stop
#
# The client and server namespaces each have a TUN device t0 (a TAP device
# for the kinds that carry Ethernet: erspan, geneve-eth) with the inner
# addresses 10.9.0.1 and 10.9.0.2 (fd00:9::1 and fd00:9::2 for sit and
# frag6), MTU
# 1400. In each, carrier.py tunnel reads the kernel's packets from t0,
# writes the encapsulation around them and sends them over the underlay veth
# (uc - us): with AF_PACKET for the Ethernet-level kinds (vlan, qinq, mpls,
# pppoe, frag6; our program writes the Ethernet header too), or with a raw IP or
# UDP socket for the others (the kernel writes the outer IPv4 and UDP
# headers; underlay addresses 192.0.2.1 and 192.0.2.2). The far end takes the
# header off and writes the packet into its t0. The capture is of the
# underlay, on the client's side.

tunnel_setup() {
    TUNNEL_KIND=$1
    local tap=0 dev=t0
    case "$TUNNEL_KIND" in erspan|geneve-eth) tap=1 ;; esac
    netns_add "$NS_C"
    ns_prepare "$NS_S"
    veth "$NS_C" uc "$NS_S" us
    local ip_kind=1
    case "$TUNNEL_KIND" in vlan|qinq|mpls|pppoe|frag6) ip_kind=0 ;; esac
    if [ "$IPV6" = 1 ]; then
        # No router solicitations or MLD reports of the underlay's own.
        nsx "$NS_C" sysctl -q -w net.ipv6.conf.uc.disable_ipv6=1
        nsx "$NS_S" sysctl -q -w net.ipv6.conf.us.disable_ipv6=1
    fi
    if [ $ip_kind = 1 ]; then
        nsx "$NS_C" ip addr add 192.0.2.1/24 dev uc
        nsx "$NS_S" ip addr add 192.0.2.2/24 dev us
        neigh "$NS_C" uc 192.0.2.2 "$NS_S" us
        neigh "$NS_S" us 192.0.2.1 "$NS_C" uc
    fi
    local side n mode inner peer_inner local_ip remote_ip under peer_under gtp mac
    for side in C S; do
        if [ $side = C ]; then
            n=$NS_C under=uc peer_under=us local_ip=192.0.2.1 remote_ip=192.0.2.2 gtp=ul
            mac=02:00:00:00:09:01
        else
            n=$NS_S under=us peer_under=uc local_ip=192.0.2.2 remote_ip=192.0.2.1 gtp=dl
            mac=02:00:00:00:09:02
        fi
        mode=tun
        [ $tap = 1 ] && mode=tap
        nsx "$n" ip tuntap add dev "$dev" mode "$mode"
        nsx "$n" ip link set "$dev" mtu 1400
        [ $tap = 1 ] && nsx "$n" ip link set "$dev" address "$mac"
        if [ "$IPV6" = 1 ]; then
            nsx "$n" ip link set "$dev" addrgenmode none
        fi
        if [ "$IPV6" = 1 ]; then
            nsx "$n" ip addr add "fd00:9::$([ $side = C ] && echo 1 || echo 2)/64" dev "$dev" nodad
        else
            nsx "$n" ip addr add "10.9.0.$([ $side = C ] && echo 1 || echo 2)/24" dev "$dev"
        fi
        nsx "$n" ip link set "$dev" up
        bg "$n" "tunnel-$side" "${CARRIER_PY[@]}" tunnel "$TUNNEL_KIND" --tun "$dev" \
            --dev "$under" --peer-mac "$(mac_of "$([ $side = C ] && echo "$NS_S" || echo "$NS_C")" "$peer_under")" \
            --local "$local_ip" --remote "$remote_ip" --gtp-dir "$gtp"
    done
    if [ "$IPV6" = 1 ]; then
        CLIENT_ADDR=fd00:9::1 SERVER_ADDR=fd00:9::2
    else
        CLIENT_ADDR=10.9.0.1 SERVER_ADDR=10.9.0.2
    fi
    if [ $tap = 1 ]; then
        neigh "$NS_C" "$dev" "$SERVER_ADDR" "$NS_S" "$dev"
        neigh "$NS_S" "$dev" "$CLIENT_ADDR" "$NS_C" "$dev"
    fi
    local i
    for i in $(seq 50); do
        if grep -q "tunnel .* up" "$WORK/tunnel-C.log" 2>/dev/null &&
           grep -q "tunnel .* up" "$WORK/tunnel-S.log" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    grep -q "tunnel .* up" "$WORK/tunnel-C.log" || die "tunnel did not start: $(cat "$WORK/tunnel-C.log")"
    sleep 0.3
    case "$TUNNEL_KIND" in
        gre|erspan) TUNNEL_FILTER="ip proto 47" ;;
        ipip) TUNNEL_FILTER="ip proto 4" ;;
        sit) TUNNEL_FILTER="ip proto 41" ;;
        geneve-*) TUNNEL_FILTER="udp port 6081" ;;
        gtpu*) TUNNEL_FILTER="udp port 2152" ;;
        *) TUNNEL_FILTER="" ;;
    esac
    CRAFTED=true
    local devkind=TUN
    [ $tap = 1 ] && devkind=TAP
    CARRIER_MADE="Linux $(uname -r | cut -d- -f1): client and server network namespaces, each with a $devkind device and carrier.py tunnel $TUNNEL_KIND (Python) over a veth underlay, dumpcap on the client's underlay veth"
}

# tunnel_how WRITTEN: the manifest's "how" for a tunnel carrier.
tunnel_how() {
    local real outer="IPv4" sock="a raw IP socket of protocol 47"
    case "$TUNNEL_KIND" in geneve-*|gtpu*) outer="IPv4/UDP" sock="a UDP socket" ;; esac
    case "$TUNNEL_KIND" in
        frag6)
            real="The IPv6 packets (header, TCP, TLS) are the kernel's, as written to the TUN device by the client's and server's TCP stacks with curl and OpenSSL/Python on top; carrier.py tunnel cut each packet longer than 552 bytes into fragments as the sending host's IPv6 layer would (RFC 8200 section 4.5: the IPv6 header repeated with next header 44, a Fragment header, 512 bytes of the rest per fragment), wrote the Ethernet header with the veths' MACs and sent them with AF_PACKET; the far end reassembled them before its TUN device." ;;
        vlan|qinq|mpls|pppoe)
            real="The IP packets (IPv4 header, TCP, TLS) are the kernel's, as written to the TUN device by the client's and server's TCP stacks with curl and OpenSSL/Python on top; carrier.py tunnel wrote the rest of each frame (Ethernet header with the veths' MACs and $1) and sent it with AF_PACKET." ;;
        erspan|geneve-eth)
            real="The inner Ethernet frames are the kernel's, as written to the TAP device (the client's and server's TCP stacks with curl and OpenSSL/Python on top), and the outer Ethernet and $outer headers are the kernel's ($sock on the underlay veth); carrier.py tunnel wrote only $1." ;;
        ipip|sit)
            real="The inner IP packets are the kernel's, as written to the TUN device (the client's and server's TCP stacks with curl and OpenSSL/Python on top), and the outer Ethernet and IPv4 headers are the kernel's too (a raw IP socket of protocol $([ "$TUNNEL_KIND" = sit ] && echo 41 || echo 4) on the underlay veth): carrier.py tunnel wrote no header bytes, $1." ;;
        *)
            real="The inner IP packets are the kernel's, as written to the TUN device (the client's and server's TCP stacks with curl and OpenSSL/Python on top), and the outer Ethernet and $outer headers are the kernel's ($sock on the underlay veth); carrier.py tunnel wrote only $1." ;;
    esac
    HOW="$real The kernel here has no module for this encapsulation, so a userspace tunnel (testdata/make/carriers/carrier.py tunnel) stands in for the router or tunnel endpoint."
}

# tunnel_run KIND WRITTEN: the whole capture for a tunnel carrier; WRITTEN
# says which bytes our program wrote (for "how").
tunnel_run() {
    tunnel_setup "$1"
    tunnel_how "$2"
    start_server
    capture_start "$NS_C" uc "$TUNNEL_FILTER"
    run_client
    capture_stop
}
