#!/bin/bash
# Installs what the capture scripts use (Debian 12, as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq iproute2 openssl curl nginx-light libnginx-mod-stream \
    tshark python3 nftables ethtool >/dev/null   # the last two: make/carriers/
echo "ok: $(openssl version); $(curl --version | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1); $(tshark --version | head -1)"
