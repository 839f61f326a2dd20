// The rules' judgements that the report repeats in its own words (timeline,
// likely causes): defined once here, so that the report never says what the
// rules do not.
#pragma once

#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// The ClientHello that the server close `close` answers
// (tcp.rst_after_client_hello, tcp.fin_after_client_hello): nothing from the
// server and no TCP close between the last ClientHello and `close`, and
// `close` within settings.close_answer_window_s of it. nullptr otherwise.
const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings);

// tls.no_sni: the ClientHello has no server_name extension.
bool sends_no_sni(const ClientHello& ch);

// tls.legacy_client_version: the ClientHello offers nothing newer than TLS 1.1.
bool is_legacy_client(const ClientHello& ch);

}  // namespace tlsdiag
