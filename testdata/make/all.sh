#!/bin/bash
# Regenerates every capture of testdata/ (as root, Debian 12; see deps.sh),
# one script after the other, then checks them all against manifest.json.
#   make/all.sh            all cases
#   make/all.sh CASE...    only these
set -uo pipefail
cd "$(dirname "$0")"
if [ $# -gt 0 ]; then
    cases=("$@")
else
    mapfile -t cases < <(/usr/bin/python3 -c '
import json
for c in json.load(open("../manifest.json"))["captures"]:
    print(c["script"].split("/")[-1].rsplit(".", 1)[0])')
fi
failed=()
for c in "${cases[@]}"; do
    ./"$c".sh || failed+=("$c")
done
/usr/bin/python3 check.py || true
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]}" >&2
    exit 1
fi
