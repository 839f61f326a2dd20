# Shared pieces of the capture scripts. Each script does:
#
#   CASE=name; . "$(dirname "$0")/common.sh"
#
# and then starts servers with `start NAME cmd...`, waits with `wait_port`,
# brackets the client run with `capture_start` / `capture_stop`.
#
# Everything runs inside a private network namespace (its own loopback), so
# servers can listen on 443 (the port Wireshark decodes as TLS without any
# "decode as"), nothing collides with other software on the machine, and the
# capture holds only the traffic of this one case. The EXIT trap stops every
# process the script started, deletes the namespace and the temp dir, even
# when a step fails.
#
# Needs root (ip netns) and: iproute2 openssl curl nginx-light
# libnginx-mod-stream tshark (dumpcap) python3. See deps.sh.

set -euo pipefail
export LC_ALL=C

MAKE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTDATA=$(dirname "$MAKE_DIR")
: "${CASE:?set CASE before sourcing common.sh}"
PORT=${PORT:-443}
OUT=${OUT:-$TESTDATA/$CASE.pcapng}
PY=/usr/bin/python3

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
    # Anything still alive in our own namespace was started by this script.
    if ip netns list 2>/dev/null | grep -qw "$NS"; then
        for pid in $(ip netns pids "$NS" 2>/dev/null); do kill "$pid" 2>/dev/null; done
        sleep 0.2
        for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
        ip netns del "$NS" 2>/dev/null
    fi
    wait 2>/dev/null
    if [ "$rc" -ne 0 ] && [ -z "${KEEP_WORK:-}" ]; then
        log "failed (rc=$rc); logs:"
        for f in "$WORK"/*.log; do [ -s "$f" ] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done
    fi
    if [ -n "${KEEP_WORK:-}" ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || die "run as root (network namespaces, dumpcap)"
for tool in ip openssl dumpcap tshark "$PY"; do
    command -v "$tool" >/dev/null || die "missing $tool (run make/deps.sh)"
done

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
# No tail loss probes: on loopback Linux now and then fires a TLP
# retransmission a few ms after a segment the peer has not yet ACKed (delayed
# ACK), which would add a "TCP Retransmission" frame to some runs only.
ip netns exec "$NS" sysctl -q -w net.ipv4.tcp_early_retrans=0

# Run a command inside the namespace (foreground).
ns() { ip netns exec "$NS" "$@"; }

# start NAME cmd... : run a command in the namespace in the background,
# output to $WORK/NAME.log; its pid is recorded for cleanup.
start() {
    local name=$1; shift
    ip netns exec "$NS" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    LAST_PID=$!
}

# stop PID: stop one background process we started and wait for it.
stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# wait_port [PORT]: until something listens on the TCP port in the namespace.
wait_port() {
    local port=${1:-$PORT} i
    for i in $(seq 100); do
        if [ -n "$(ns ss -Hltn "sport = :$port")" ]; then return 0; fi
        sleep 0.1
    done
    die "nothing listens on port $port"
}

# capture_start: dumpcap on the namespace's loopback, filtered to $PORT.
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

# capture_stop: let the last packets land, stop dumpcap, install the file.
capture_stop() {
    sleep 0.5
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
    [ -s "$WORK/capture.pcapng" ] || die "no capture written"
    # Check it against manifest.json before it replaces the stored one.
    cp "$WORK/capture.pcapng" "$WORK/$CASE.pcapng"
    "$PY" "$MAKE_DIR/check.py" "$WORK/$CASE.pcapng" >"$WORK/check.log" 2>&1 ||
        die "capture does not show what manifest.json says: $(cat "$WORK/check.log")"
    grep -v 'passed, ' "$WORK/check.log" >&2 || true
    cp "$WORK/$CASE.pcapng" "$OUT"
    chmod 644 "$OUT"
    log "wrote $OUT ($(tshark -r "$OUT" 2>/dev/null | wc -l) frames)"
}

# ---------------------------------------------------------------- certificates
# Throwaway keys and certificates, made fresh in $WORK on every run.

# make_ca NAME "Subject CN"
make_ca() {
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
        -subj "/O=tlsdiag test/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$WORK/$1.key" -out "$WORK/$1.crt" 2>/dev/null
}

# make_cert NAME CA "CN" server|client [openssl-ca-extra-args...]
# Signs with `openssl ca`, which (unlike `req -x509` in OpenSSL 3.0) can set
# an arbitrary validity window via -startdate/-enddate in the extra args.
make_cert() {
    local name=$1 ca=$2 cn=$3 kind=$4; shift 4
    local dir="$WORK/ca-$ca"
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir/new"
        : >"$dir/index.txt"
        cat >"$dir/ca.cnf" <<EOF
[ ca ]
default_ca = tca
[ tca ]
dir = $dir
database = \$dir/index.txt
new_certs_dir = \$dir/new
rand_serial = yes
default_md = sha256
default_days = 30
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
O = optional
CN = supplied
[ server ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$cn,DNS:localhost,IP:127.0.0.1
[ client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
EOF
    fi
    # Re-write the SAN for this certificate's name.
    sed -i "s/^subjectAltName = .*/subjectAltName = DNS:$cn,DNS:localhost,IP:127.0.0.1/" "$dir/ca.cnf"
    openssl req -new -newkey rsa:2048 -nodes -subj "/O=tlsdiag test/CN=$cn" \
        -keyout "$WORK/$name.key" -out "$WORK/$name.csr" 2>/dev/null
    openssl ca -batch -notext -config "$dir/ca.cnf" -extensions "$kind" \
        -cert "$WORK/$ca.crt" -keyfile "$WORK/$ca.key" \
        -in "$WORK/$name.csr" -out "$WORK/$name.crt" "$@" 2>"$WORK/ca-$name.log" \
        || die "signing $name failed: $(cat "$WORK/ca-$name.log")"
}

# The usual setup: a CA and a server certificate for api.example.com.
standard_certs() {
    make_ca ca "tlsdiag test CA"
    make_cert server ca api.example.com server
}

# ---------------------------------------------------------------- servers

# start_nginx NAME CONFIG-BODY: nginx in the foreground with a config that is
# only ours (prefix, pid, logs in $WORK). CONFIG-BODY is the text after the
# main-context lines; it may use the stream module (loaded when it mentions
# "stream {").
start_nginx() {
    local name=$1 body=$2 conf="$WORK/$1.conf"
    command -v nginx >/dev/null || die "missing nginx (run make/deps.sh)"
    mkdir -p "$WORK/$name-prefix/logs"
    {
        if grep -q 'stream *{' <<<"$body"; then
            [ -f /usr/lib/nginx/modules/ngx_stream_module.so ] ||
                die "missing nginx stream module (apt-get install libnginx-mod-stream)"
            echo "load_module /usr/lib/nginx/modules/ngx_stream_module.so;"
        fi
        echo "daemon off; master_process off; worker_processes 1;"
        echo "pid $WORK/$name.pid;"
        echo "error_log $WORK/$name-error.log info;"
        echo "events { worker_connections 64; }"
        echo "$body"
    } >"$conf"
    ns nginx -t -q -e "$WORK/$name-error.log" -p "$WORK/$name-prefix" -c "$conf" 2>"$WORK/$name-test.log" ||
        die "nginx config rejected: $(cat "$WORK/$name-test.log")"
    start "$name" nginx -e "$WORK/$name-error.log" -p "$WORK/$name-prefix" -c "$conf"
}

# curl with the settings every case shares: name resolution of
# api.example.com to loopback (so SNI is sent), our CA, a bounded run time.
CURL=(curl -sS -o /dev/null --max-time 10 --resolve "api.example.com:$PORT:127.0.0.1")

# start_s_server NAME s_server-args...: openssl s_server on $PORT with the
# server certificate, serving files from $WORK/www (-WWW: "GET /hello.txt").
start_s_server() {
    local name=$1; shift
    mkdir -p "$WORK/www"
    printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"
    start "$name" sh -c 'cd "$1/www" && shift && exec "$@"' sh "$WORK" \
        openssl s_server -accept "127.0.0.1:$PORT" -cert "$WORK/server.crt" \
        -key "$WORK/server.key" -WWW "$@"
}

# nginx_https PROTOCOLS CIPHERS [EXTRA]: the http{} block of an HTTPS server
# on $PORT with HTTP/2 enabled, answering every request with a short text.
nginx_https() {
    cat <<EOC
http {
    access_log off;
    server {
        listen 127.0.0.1:$PORT ssl http2;
        server_name api.example.com;
        ssl_certificate $WORK/server.crt;
        ssl_certificate_key $WORK/server.key;
        ssl_protocols $1;
        ssl_ciphers $2;
        ssl_prefer_server_ciphers on;
        ${3:-}
        location / { default_type text/plain; return 200 "hello from tlsdiag testdata\n"; }
    }
}
EOC
}

# s_client_get ARGS...: openssl s_client to $PORT that sends one HTTP/1.0
# request for /hello.txt and reads the answer until the server closes.
s_client_get() {
    printf 'GET /hello.txt HTTP/1.0\r\n\r\n' |
        ns openssl s_client -connect "127.0.0.1:$PORT" -ign_eof "$@"
}
