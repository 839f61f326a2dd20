#!/bin/bash
# Remakes every carrier capture (as root, Debian 12; see make/deps.sh) into
# testdata/carriers/ and its entry in testdata/manifest_carriers.json, one
# script after the other (eth.sh first: pktap, null and apple_pcapng convert
# its captures).
#   make/carriers/all.sh               every carrier, each scenario it is made for
#   make/carriers/all.sh CARRIER...    only these
set -uo pipefail
cd "$(dirname "$0")"
CARRIERS=(eth sll2 nflog vxlan ipv4_frag ipv6_frag ipv6_dstopts ipv6_hopopts
          tcp_reorder tcp_loss tcp_dup client_hello_reorder
          vlan qinq mpls pppoe gre erspan geneve_eth geneve_ip gtpu gtpu_ext ipip 6in4
          pktap null apple_pcapng)
scenarios_of() {
    case "$1" in
        tcp_reorder|tcp_loss) echo cert_expired ;;   # reordering/loss in the Certificate flight
        *) echo rst_after_client_hello cert_expired ;;
    esac
}
[ $# -gt 0 ] && CARRIERS=("$@")
failed=()
for c in "${CARRIERS[@]}"; do
    for s in $(scenarios_of "$c"); do
        ./"$c".sh "$s" || failed+=("$c $s")
    done
done
if [ ${#failed[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
