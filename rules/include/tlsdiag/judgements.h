// The rules' judgements that the report repeats in its own words (timeline,
// likely causes): defined once here, so that the report never says what the
// rules do not.
#pragma once

#include <string>

#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// The ClientHello that the server close `close` answers
// (tcp.rst_after_client_hello, tcp.fin_after_client_hello): nothing from the
// server and no TCP close between the last ClientHello and `close`, and
// `close` within settings.close_answer_window_s of it. nullptr otherwise.
const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings);

// tls.no_sni: the ClientHello has no server_name extension and hides no
// name in ECH or ESNI either.
bool sends_no_sni(const ClientHello& ch);

// tls.sni_ip_literal: `name` is an IPv4 dotted quad or an IPv6 address
// (RFC 4291 §2.2 text forms, with or without brackets), which RFC 6066 §3
// does not allow in server_name.
bool is_ip_literal(const std::string& name);

// tls.version_fallback: the ClientHello carries TLS_FALLBACK_SCSV (RFC 7507),
// read from its suites (kept until the connection is compacted).
bool signals_fallback(const ClientHello& ch);

// tls.downgrade_sentinel: the ServerHello negotiated below TLS 1.3 with the
// downgrade sentinel in its random although `ch` offered TLS 1.3.
bool downgrade_detected(const ClientHello& ch, const ServerHello& sh);

// tls.legacy_client_version: the ClientHello offers nothing newer than TLS 1.1.
bool is_legacy_client(const ClientHello& ch);

}  // namespace tlsdiag
