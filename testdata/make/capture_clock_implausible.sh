#!/bin/bash
# cert_healthy_chain.pcapng (made by openssl s_server and curl, see
# cert_healthy_chain.sh) with its timestamps moved back with `editcap -t` so
# that its first frame is at 1970-01-01 00:05:00 UTC, as on a device whose
# clock starts at zero. The packets are unchanged: only the clock is wrong.
set -euo pipefail
TESTDATA=$(cd "$(dirname "$0")/.." && pwd)
IN=$TESTDATA/cert_healthy_chain.pcapng
OUT=${OUT:-$TESTDATA/capture_clock_implausible.pcapng}
first=$(tshark -r "$IN" -c 1 -T fields -e frame.time_epoch)
shift_s=$(python3 -c "import sys; print(f'{300 - float(sys.argv[1]):.9f}')" "$first")
editcap -t "$shift_s" "$IN" "$OUT"
chmod 644 "$OUT"
echo "wrote $OUT (shifted by $shift_s s)" >&2
