# Shared pieces of the cert_* capture scripts (a copy of common.sh's
# namespace/capture helpers, plus certificate factories). Each script does:
#
#   CASE=cert_name; . "$(dirname "$0")/cert_common.sh"
#
# Everything runs inside a private network namespace (its own loopback) so
# the servers listen on 443, which Wireshark decodes as TLS without options.
# The EXIT trap stops every process the script started and removes the
# namespace and the temp dir. Certificates are made fresh on every run with
# dates relative to the run, so a capture shows e.g. "expired 35 days before".
#
# Needs root (ip netns) and: iproute2 openssl curl tshark (dumpcap) python3.

set -euo pipefail
export LC_ALL=C

MAKE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTDATA=$(dirname "$MAKE_DIR")
: "${CASE:?set CASE before sourcing cert_common.sh}"
PORT=${PORT:-443}
OUT=${OUT:-$TESTDATA/$CASE.pcapng}

WORK=$(mktemp -d "/tmp/tlsdiag-$CASE.XXXXXX")
NS="tlsd-$CASE-$$"
NS=${NS:0:40}
PIDS=()
CAP_PID=""

log() { printf '[%s] %s\n' "$CASE" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
    local rc=$?
    set +e
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    if [ -n "$CAP_PID" ]; then kill -INT "$CAP_PID" 2>/dev/null; fi
    if ip netns list 2>/dev/null | grep -qw "$NS"; then
        for pid in $(ip netns pids "$NS" 2>/dev/null); do kill "$pid" 2>/dev/null; done
        sleep 0.2
        for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "$NS" 2>/dev/null
    fi
    wait 2>/dev/null
    if [ "$rc" -ne 0 ]; then
        log "failed (rc=$rc); logs:"
        for f in "$WORK"/*.log; do [ -s "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done
    fi
    if [ -n "${KEEP_WORK:-}" ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || die "run as root (network namespaces, dumpcap)"
for tool in ip openssl dumpcap tshark curl; do
    command -v "$tool" >/dev/null || die "missing $tool"
done

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

ns() { ip netns exec "$NS" "$@"; }

# start NAME cmd...: a background command in the namespace, output to $WORK/NAME.log.
start() {
    local name=$1; shift
    ip netns exec "$NS" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}

wait_port() {
    local i
    for i in $(seq 100); do
        if [ -n "$(ns ss -Hltn "sport = :$PORT")" ]; then return 0; fi
        sleep 0.1
    done
    die "nothing listens on port $PORT"
}

capture_start() {
    ip netns exec "$NS" dumpcap -q -i lo -f "tcp port $PORT" -w "$WORK/capture.pcapng" \
        >"$WORK/dumpcap.log" 2>&1 &
    CAP_PID=$!
    local i
    for i in $(seq 100); do
        grep -q "Capturing on" "$WORK/dumpcap.log" 2>/dev/null && { sleep 0.3; return 0; }
        sleep 0.1
    done
    die "dumpcap did not start"
}

capture_stop() {
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    [ -s "$WORK/capture.pcapng" ] || die "no capture written"
    cp "$WORK/capture.pcapng" "$OUT"
    chmod 644 "$OUT"
    log "wrote $OUT ($(tshark -r "$OUT" 2>/dev/null | wc -l) frames)"
}

# ---------------------------------------------------------------- certificates

# A date for `openssl ca -startdate/-enddate`, relative to now: `when "-35 days"`.
when() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# make_root NAME "CN": a self-signed CA (RSA 2048, SHA-256, 10 years).
make_root() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
        -subj "/O=tlsdiag test/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$WORK/$1.key" -out "$WORK/$1.crt" 2>/dev/null
}

# Extension profiles for `sign`: the last argument names one.
EXT_SERVER='basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$ENV::CERT_CN'
EXT_SERVER_NO_SAN='basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth'
EXT_CLIENT_ONLY='basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:$ENV::CERT_CN'
EXT_CA='basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign'

# sign NAME ISSUER "CN" PROFILE [openssl-ca-args...]: a new key (KEY=rsa:2048
# by default, e.g. KEY=rsa:1024 or KEY=ec) and a certificate for it signed by
# ISSUER with `openssl ca`, which (unlike `req -x509` in OpenSSL 3.0) sets any
# validity window (-startdate/-enddate) and digest (-md sha1).
sign() {
    local name=$1 issuer=$2 cn=$3 profile=$4; shift 4
    local dir="$WORK/ca-$name"
    mkdir -p "$dir/new"
    : >"$dir/index.txt"
    cat >"$dir/ca.cnf" <<CNF
[ ca ]
default_ca = tca
[ tca ]
dir = $dir
database = \$dir/index.txt
new_certs_dir = \$dir/new
rand_serial = yes
default_md = sha256
default_days = 90
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
O = optional
CN = supplied
[ ext ]
$profile
CNF
    case "${KEY:-rsa:2048}" in
        ec) openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
                -subj "/O=tlsdiag test/CN=$cn" -keyout "$WORK/$name.key" -out "$WORK/$name.csr" 2>/dev/null ;;
        *) openssl req -new -newkey "${KEY:-rsa:2048}" -nodes -subj "/O=tlsdiag test/CN=$cn" \
                -keyout "$WORK/$name.key" -out "$WORK/$name.csr" 2>/dev/null ;;
    esac
    CERT_CN=$cn openssl ca -batch -notext -config "$dir/ca.cnf" -extensions ext \
        -cert "$WORK/$issuer.crt" -keyfile "$WORK/$issuer.key" \
        -in "$WORK/$name.csr" -out "$WORK/$name.crt" "$@" 2>"$WORK/sign-$name.log" \
        || die "signing $name failed: $(cat "$WORK/sign-$name.log")"
}

# ---------------------------------------------------------------- peers

# Curl with api.example.com on loopback (so SNI is sent) and a bounded run.
CURL=(curl -sS -o /dev/null --max-time 10 --resolve "api.example.com:$PORT:127.0.0.1")

# start_s_server NAME CERT-NAME s_server-args...: openssl s_server on $PORT
# answering "GET /hello.txt" from $WORK/www.
start_s_server() {
    local name=$1 cert=$2; shift 2
    mkdir -p "$WORK/www"
    printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"
    start "$name" sh -c 'cd "$1/www" && shift && exec "$@"' sh "$WORK" \
        openssl s_server -accept "127.0.0.1:$PORT" -cert "$WORK/$cert.crt" \
        -key "$WORK/$cert.key" -WWW "$@"
}

# get_expecting_failure GREP-TEXT curl-args...: curl must fail saying GREP-TEXT.
get_expecting_failure() {
    local expect=$1; shift
    ns "${CURL[@]}" "$@" "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 &&
        die "curl unexpectedly succeeded"
    grep -q "$expect" "$WORK/client.log" || die "curl failed otherwise: $(cat "$WORK/client.log")"
}

get_expecting_success() {
    ns "${CURL[@]}" "$@" "https://api.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 ||
        die "curl failed: $(cat "$WORK/client.log")"
}
