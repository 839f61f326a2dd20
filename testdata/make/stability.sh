#!/bin/bash
# Runs capture scripts N times into a temp dir (the stored captures are not
# touched) and reports, per case, how many runs showed exactly the manifest's
# findings at the manifest's frames, and how many distinct frame structures
# the runs produced (check.py --signature), over the handshake (up to the
# last finding, hello or clear alert) and over the whole capture.
#   make/stability.sh N CASE...
set -uo pipefail
cd "$(dirname "$0")"
n=${1:?usage: stability.sh N CASE...}; shift
tmp=$(mktemp -d /tmp/tlsdiag-stability.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
distinct() { md5sum "$@" 2>/dev/null | cut -d' ' -f1 | sort -u | wc -l; }
for c in "$@"; do
    ok=0
    mkdir -p "$tmp/$c"
    for i in $(seq "$n"); do
        # The script itself checks its capture against the manifest.
        if OUT="$tmp/$c/$c.pcapng" ./"$c".sh >"$tmp/$c/$i.log" 2>&1; then
            ok=$((ok + 1))
            /usr/bin/python3 check.py --signature --handshake "$tmp/$c/$c.pcapng" >"$tmp/$c/$i.hs"
            /usr/bin/python3 check.py --signature "$tmp/$c/$c.pcapng" >"$tmp/$c/$i.all"
        else
            tail -3 "$tmp/$c/$i.log"
        fi
    done
    echo "$c: $ok/$n runs matched the manifest; distinct structures: handshake $(distinct "$tmp/$c"/*.hs), whole capture $(distinct "$tmp/$c"/*.all)"
done
