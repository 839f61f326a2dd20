#!/bin/bash
# nginx stream proxy routing by SNI with ssl_preread: the map has a route
# only for www.example.com, so a ClientHello for api.example.com leaves
# $backend empty; nginx logs 'no host in upstream ""' and closes the
# connection with a FIN, having sent nothing.
CASE=fin_after_client_hello; . "$(dirname "$0")/common.sh"

start_nginx proxy "
stream {
    map \$ssl_preread_server_name \$backend {
        www.example.com 127.0.0.1:8443;
    }
    server {
        listen 127.0.0.1:$PORT;
        ssl_preread on;
        proxy_pass \$backend;
    }
}"
wait_port
capture_start
ns "${CURL[@]}" --http2 --tlsv1.2 --tls-max 1.3 -k "https://api.example.com:$PORT/" \
    >"$WORK/client.log" 2>&1 || true   # curl fails: unexpected EOF
capture_stop
grep -q 'no host in upstream' "$WORK/proxy-error.log" || die "nginx did not refuse the name"
