# Shared by the TCP impairment carriers (tcp_reorder, tcp_loss, tcp_dup,
# client_hello_reorder), sourced after carriers/common.sh: client and server
# namespaces on one subnet (10.0.0.1, 10.0.0.2), joined through a router
# namespace in which carrier.py forward bridges the two veths in userspace
# and reorders, drops or duplicates real TCP segments on a seeded plan. All
# links have an MTU of 400 (MSS 348 with timestamps), so the ClientHello
# takes two segments and the server's Certificate flight four.
#
#   impair_setup
#   start_server; start_forwarder PLAN SEED; capture_start ...; run_client
#   impair_story; capture_stop
IMPAIR_MTU=400

impair_setup() {
    netns_add "$NS_C"
    netns_add "$NS_R"
    ns_prepare "$NS_S"
    veth "$NS_C" vc "$NS_R" ra "$IMPAIR_MTU"
    veth "$NS_R" rb "$NS_S" vs "$IMPAIR_MTU"
    CLIENT_ADDR=10.0.0.1 SERVER_ADDR=10.0.0.2
    nsx "$NS_C" ip addr add 10.0.0.1/24 dev vc
    nsx "$NS_S" ip addr add 10.0.0.2/24 dev vs
    # The forwarder passes frames unchanged: each host's neighbour is the
    # other host's MAC.
    neigh "$NS_C" vc "$SERVER_ADDR" "$NS_S" vs
    neigh "$NS_S" vs "$CLIENT_ADDR" "$NS_C" vc
    CARRIER_MADE="Linux $(uname -r | cut -d- -f1): client and server network namespaces joined through a router namespace where carrier.py forward (Python, AF_PACKET) bridges the two veths (MTU $IMPAIR_MTU) and impairs TCP segments"
}

# start_forwarder PLAN SEED: see carrier.py forward (DIR:ACTION:WHICH).
start_forwarder() {
    FORWARD_PLAN=$1 FORWARD_SEED=$2
    bg "$NS_R" forward "${CARRIER_PY[@]}" forward --client-side ra --server-side rb \
        --plan "$1" --seed "$2" --events "$WORK/events.txt"
    sleep 0.5
}

# impair_story TEXT: the story's carrier part, with what the forwarder did.
impair_story() {
    [ -s "$WORK/events.txt" ] || die "the forwarder did nothing: $(cat "$WORK/forward.log")"
    local done_
    done_=$(paste -sd';' "$WORK/events.txt" | sed 's/;and /, and /g; s/;/; /g')
    STORY_EXTRA="$1 The forwarder (plan $FORWARD_PLAN, seed $FORWARD_SEED) $done_."
    HOW="Every byte comes from the real TCP/TLS stacks; carrier.py forward (Python, AF_PACKET in a router namespace) only changed which frames arrive when: it $done_. The frames it forwarded are unchanged."
}
