#!/bin/bash
# QUIC v1 on UDP 443 as in quic_healthy, but gtlsserver presents a leaf for
# api.example.com that expired 35 days before the capture (valid from 120 to
# 35 days ago, as in cert_expired), signed by the script's CA. gtlsclient
# (GnuTLS build) does not verify the server's certificate, so the handshake
# completes and the HTTP/3 GET /hello.txt is answered; the Certificate sits
# in the server's Handshake packets, readable with the key log.
# quic_cert_expired.keys: the client's key log (SSLKEYLOGFILE).
CASE=quic_cert_expired; . "$(dirname "$0")/quic_common.sh"

# quic_certs, with the leaf's validity window in the past.
make_ca_year ca "tlsdiag test CA"
make_cert server ca api.example.com server \
    -startdate "$(date -u -d '-120 days' +%Y%m%d%H%M%SZ)" \
    -enddate "$(date -u -d '-35 days' +%Y%m%d%H%M%SZ)"
mkdir -p "$WORK/www"
printf 'hello from tlsdiag testdata\n' >"$WORK/www/hello.txt"

start_quic_server
capture_start_quic
quic_client || die "gtlsclient failed (rc=$?): $(tail -5 "$WORK/client.log")"
capture_stop_quic
keep_keys "$WORK/keys.txt"
grep -q '|hello from tlsdi|' "$WORK/client.log" || die "no response body: $(tail -5 "$WORK/client.log")"
[ -n "$(tsk 'tls.handshake.type == 11' frame.number)" ] || die "no Certificate decrypted"
[ -n "$(tsk 'tls.handshake.type == 20' frame.number)" ] || die "no Finished decrypted"
