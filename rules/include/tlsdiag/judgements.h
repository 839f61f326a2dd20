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

// An alert that only warns: level warning, neither close_notify nor
// user_canceled, on a connection not negotiated at TLS 1.3 (where every error
// alert is fatal, RFC 8446 §6.2).
bool is_warning_alert(const Connection& conn, const Alert& a);

// The warning alert (is_warning_alert) that the TCP close `close` ends the
// connection on: between the two, nothing but closure alerts, other closes
// and unreadable bytes. nullptr otherwise. The alert.* rule of that alert
// reports it as an error: the connection did not go on.
const Event* warning_alert_ended_by_close(const Connection& conn, const Event& close);

// A server alert that answers the client's certificate: the client's last
// flight before it (handshake messages and records, nothing from the server
// in between) holds a Certificate that carried a certificate (an empty one,
// read as such, is no certificate to reject).
bool alert_answers_client_certificate(const Connection& conn, const Event& alert);

// The client sent no certificate: no Certificate message from it in clear,
// or one read as empty. (In TLS 1.3 without a key log its Certificate is
// encrypted: this cannot tell, and holds.)
bool client_sent_no_certificate(const Connection& conn);

}  // namespace tlsdiag
