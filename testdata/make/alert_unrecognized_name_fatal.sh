#!/bin/bash
# TLS 1.3: s_server serves api.example.com (-servername, -cert2) and a default
# certificate for www.example.com, and with -servername_fatal refuses any
# other name. curl asks for shop.example.com and gets a fatal
# unrecognized_name alert in answer to its ClientHello.
CASE=alert_unrecognized_name_fatal; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_cert server ca www.example.com server
make_cert api ca api.example.com server
start_s_server server -naccept 1 -servername api.example.com -servername_fatal \
    -cert2 "$WORK/api.crt" -key2 "$WORK/api.key"
wait_port
capture_start
ns "${CURL[@]}" --resolve "shop.example.com:$PORT:127.0.0.1" --cacert "$WORK/ca.crt" \
    "https://shop.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q 'unrecognized name' "$WORK/client.log" || die "curl failed for another reason: $(cat "$WORK/client.log")"
