#!/bin/bash
# TLS 1.2: s_server serves api.example.com (-servername, -cert2) and a default
# certificate for www.example.com. curl asks for shop.example.com: the server
# warns unrecognized_name, goes on with the default certificate, and curl
# then refuses that certificate's names.
CASE=alert_unrecognized_name_warning; . "$(dirname "$0")/common.sh"

make_ca ca "tlsdiag test CA"
make_cert server ca www.example.com server
make_cert api ca api.example.com server
start_s_server server -naccept 1 -tls1_2 -servername api.example.com \
    -cert2 "$WORK/api.crt" -key2 "$WORK/api.key"
wait_port
capture_start
ns "${CURL[@]}" --resolve "shop.example.com:$PORT:127.0.0.1" --cacert "$WORK/ca.crt" \
    "https://shop.example.com:$PORT/hello.txt" >"$WORK/client.log" 2>&1 && die "curl unexpectedly succeeded"
capture_stop
grep -q "no alternative certificate subject name matches target host name 'shop.example.com'" "$WORK/client.log" ||
    die "curl failed for another reason: $(cat "$WORK/client.log")"
