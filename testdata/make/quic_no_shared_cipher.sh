#!/bin/bash
# QUIC handshake refused for want of a common cipher suite: gtlsclient (SNI
# api.example.com) offers only TLS_AES_128_GCM_SHA256 (--ciphers ...
# +AES-128-GCM), gtlsserver accepts only TLS_CHACHA20_POLY1305_SHA256
# (--ciphers ... +CHACHA20-POLY1305). The server's TLS stack rejects the
# ClientHello with a handshake_failure alert, which QUIC carries as a
# CONNECTION_CLOSE (0x1c) with CRYPTO_ERROR 0x128 (0x100 + 40) in an Initial
# packet (frame 2): no ServerHello, so there are no keys beyond the Initial
# ones and GnuTLS writes no key log (none is needed).
CASE=quic_no_shared_cipher; . "$(dirname "$0")/quic_common.sh"

TLS13='NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL'
quic_certs
start_quic_server --ciphers "$TLS13:+CHACHA20-POLY1305"
capture_start_quic
rc=0; quic_client --ciphers "$TLS13:+AES-128-GCM" || rc=$?
[ "$rc" -ne 124 ] || die "gtlsclient hung"
capture_stop_quic
rm -f "$TESTDATA/$CASE.keys"
[ "$(tsk 'quic.frame_type == 0x1c' quic.cc.error_code)" = 296 ] || die "no CONNECTION_CLOSE with CRYPTO_ERROR 0x128"
log "client rc=$rc: $(quic_messages "$WORK/client.log")"
log "server: $(quic_messages "$WORK/server.log")"
