#!/bin/bash
# Installs what the capture scripts use (Debian 12, as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq iproute2 openssl curl nginx-light libnginx-mod-stream \
    tshark python3 nftables ethtool \
    gnutls-bin ngtcp2-client ngtcp2-server >/dev/null   # nftables, ethtool: make/carriers/; the rest: dtls_*, quic_*
echo "ok: $(openssl version); $(curl --version | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1); $(tshark --version | head -1)"
