# Shared pieces of the quic_* capture scripts: common.sh (namespace, `start`,
# `stop`, `make_cert`, cleanup trap) and dtls_common.sh's UDP helpers
# (wait_udp_port, dtls_certs, keep_keys), plus what QUIC needs. Each script
# does:
#
#   CASE=quic_name; . "$(dirname "$0")/quic_common.sh"
#
# The port is UDP 443: Wireshark 4.0 decodes QUIC there by port, so
# `tshark -r X -Y quic` shows the packets without any "decode as"; with
# `-o tls.keylog_file:X.keys` it decrypts the Handshake and 1-RTT packets too.
#
# Client and server are the ngtcp2 example programs built with GnuTLS
# (Debian package ngtcp2-client / ngtcp2-server: gtlsclient, gtlsserver).
# GnuTLS writes a TLS key log to $SSLKEYLOGFILE. Needs, besides common.sh's
# tools: ngtcp2-client ngtcp2-server, nftables (quic_no_reply*).

PORT=${PORT:-443}
. "$(dirname "${BASH_SOURCE[0]}")/dtls_common.sh"

for tool in gtlsclient gtlsserver; do
    command -v "$tool" >/dev/null || die "missing $tool (apt-get install ngtcp2-client ngtcp2-server)"
done

# gtlsclient (GnuTLS build) ignores --sni and sends "localhost" as SNI when
# its HOST argument is an IP address; with a DNS name it sends that name. So
# the name must resolve inside the namespace: `ip netns exec` bind-mounts
# /etc/netns/$NS/hosts over /etc/hosts (ip-netns(8)). That directory is
# outside the namespace and `ip netns del` leaves it, so the EXIT trap (run
# before common.sh's cleanup) removes it again.
[ -d /etc/netns ] && NETNS_ETC_WAS_THERE=1 || NETNS_ETC_WAS_THERE=""
mkdir -p "/etc/netns/$NS"
printf '127.0.0.1 localhost\n127.0.0.1 api.example.com\n' >"/etc/netns/$NS/hosts"
quic_cleanup() {
    local rc=$?
    set +e
    rm -rf "/etc/netns/$NS"
    [ -n "$NETNS_ETC_WAS_THERE" ] || rmdir /etc/netns 2>/dev/null
    (exit "$rc")
    cleanup
}
trap quic_cleanup EXIT

# What dumpcap captures (quic_no_reply_tcp_fallback widens it to TCP 443).
CAP_FILTER=${CAP_FILTER:-udp port $PORT}

# quic_certs: dtls_certs (CA, server certificate for api.example.com valid
# for a year), and a document root with one small file for the HTTP/3 GET.
quic_certs() {
    dtls_certs
    mkdir -p "$WORK/www"
    printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"
}

# start_quic_server ARGS...: gtlsserver on 127.0.0.1:$PORT with the server
# certificate, serving $WORK/www; its output (debug trace, error lines, all on
# stderr) to server.log.
start_quic_server() {
    ip netns exec "$NS" gtlsserver -d "$WORK/www" "$@" 127.0.0.1 "$PORT" \
        "$WORK/server.key" "$WORK/server.crt" >"$WORK/server.log" 2>&1 &
    PIDS+=($!)
    SERVER_PID=$!
    wait_udp_port
}

# quic_client ARGS...: gtlsclient to api.example.com (127.0.0.1, see above;
# sent as SNI) port $PORT, one GET /hello.txt, exit when the stream closes, key log to
# $WORK/keys.txt. Runs in the foreground, at most $CLIENT_TIMEOUT seconds;
# its output (debug trace, the response body as a hex dump, error lines, all
# on stderr) to client.log. Returns the client's exit status (124 when
# timeout stopped it).
CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-15}
quic_client() {
    local rc=0
    ip netns exec "$NS" env SSLKEYLOGFILE="$WORK/keys.txt" \
        timeout "$CLIENT_TIMEOUT" gtlsclient --exit-on-all-streams-close \
        "$@" api.example.com "$PORT" https://api.example.com/hello.txt \
        >"$WORK/client.log" 2>&1 || rc=$?
    return $rc
}

# capture_start_quic / capture_stop_quic: dtls_common.sh's UDP capture with
# $CAP_FILTER, checked to decode as QUIC by port (no "decode as").
capture_start_quic() { capture_start_udp "$CAP_FILTER"; }
capture_stop_quic() { capture_stop_udp quic; }

# tsk FILTER FIELDS...: tshark over the installed capture, decrypted with
# testdata/$CASE.keys when there is one; prints the fields of matching frames.
tsk() {
    local filter=$1; shift
    local opts=() f
    [ -s "$TESTDATA/$CASE.keys" ] && opts=(-o "tls.keylog_file:$TESTDATA/$CASE.keys")
    for f in "$@"; do opts+=(-e "$f"); done
    tshark -r "$OUT" "${opts[@]}" -Y "$filter" -T fields 2>/dev/null
}

# quic_messages LOG: the lines of a gtlsclient/gtlsserver log that are not
# its debug trace (packet and frame lines, timers, hex dumps): the error
# messages the program itself printed.
quic_messages() {
    grep -Ev '^[IWE]?[0-9]{8} 0x|^(Sent|Received) packet|^Set timer|^[0-9a-f]{8}( |$)|^Using document root|^\[|^http: |^Ordered |^Timer (has|expired)|^Draining|^Updating traffic|^Closing|^0x[0-9a-f]+ Closing' "$1" || true
}
