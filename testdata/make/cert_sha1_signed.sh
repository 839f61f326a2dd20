#!/bin/bash
# TLS 1.2: the leaf is signed with SHA-1 (openssl ca -md sha1). Both ends run
# at OpenSSL security level 0, as old stacks do, so the handshake and the
# request succeed: only an ATS client would refuse this certificate.
CASE=cert_sha1_signed; . "$(dirname "$0")/cert_common.sh"

make_root ca "tlsdiag test CA"
sign server ca api.example.com "$EXT_SERVER" -md sha1
start_s_server server server -naccept 1 -cipher 'DEFAULT:@SECLEVEL=0'
wait_port
capture_start
get_expecting_success --cacert "$WORK/ca.crt" --tlsv1.2 --tls-max 1.2 --ciphers 'DEFAULT:@SECLEVEL=0'
capture_stop
