// Pieces shared by the text and JSON renderers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tlsdiag/report.h"

namespace tlsdiag::report {

struct Totals {
    size_t connections = 0, failed = 0, warnings = 0, healthy = 0;
    size_t incomplete = 0;                  // connections with bytes the capture lacks
    std::map<std::string, size_t> by_rule;  // sorted: the report is deterministic
};
Totals count(const std::vector<ConnectionRecord>& conns);

// The connections worth a section (any finding), in stream order.
std::vector<const ConnectionRecord*> with_findings(const std::vector<ConnectionRecord>& conns);

// `settings`: the rules' own, so that a line says what the rules judged.
std::vector<TimelineLine> timeline(const Connection& conn, const Settings& settings);
std::vector<Cause> likely_causes(const Connection& conn, const ConnectionFindings& findings);
std::vector<Cause> likely_causes(const Connection& conn, const Finding& finding);  // its own
// An alert.* finding whose cause another finding of the connection names
// (tls.client_cert_missing on the alert's frame): the alert is the symptom, so
// its own causes and change would say the same thing again.
bool explained_by_another(const ConnectionFindings& findings, const Finding& finding);
std::vector<ClientReport> client_reports(const Connection& conn,
                                         const ConnectionFindings& findings);

// Facts of the handshake for the connection's header line.
std::string sni_of(const Connection& conn);  // "" when none
// "ECH" or "ESNI" when the ClientHello hides the real name, else "".
std::string sni_encrypted_by(const Connection& conn);
std::vector<std::string> alpn_offered(const Connection& conn);
std::string alpn_chosen(const Connection& conn);  // "" when none or unknown
// TLS 1.3 sends the chosen ALPN in the encrypted EncryptedExtensions: when the
// client offered one, which was chosen is unknown, not none.
bool alpn_encrypted(const Connection& conn);
std::string versions_offered(const Connection& conn);    // "" without a ClientHello
std::string version_negotiated(const Connection& conn);  // "" without a ServerHello
std::string suite_negotiated(const Connection& conn);
// "TCP", or "DTLS 1.2": the version negotiated, else the newest offered.
std::string transport_text(const Connection& conn);
// Wireshark's field of the connection's stream: "tcp.stream" / "udp.stream".
const char* stream_field(const Connection& conn);

const char* verdict_name(Verdict v);  // "healthy", "warning", "failed"
const char* arrow(Side from);         // "client → server"

}  // namespace tlsdiag::report
