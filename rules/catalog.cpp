#include "tlsdiag/catalog.h"

#include "checks.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {

std::vector<RuleInfo> build() {
    std::vector<RuleInfo> rules = {
        {"ats.tls_version", "Negotiated TLS version below App Transport Security's TLS 1.2",
         Severity::Warning, Group::Security,
         "Enable TLS 1.2 and 1.3 on the server (or its load balancer policy); an ATS exception "
         "(NSExceptionMinimumTLSVersion) only hides the problem.",
         {"Apple NSAppTransportSecurity requirements", "RFC 8996"}, check_ats_tls_version},
        {"ats.cipher_suite", "Negotiated cipher suite not accepted by App Transport Security",
         Severity::Warning, Group::Security,
         "Offer and prefer ECDHE suites with AES-GCM (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) "
         "on the server, or TLS 1.3.",
         {"Apple NSAppTransportSecurity requirements"}, check_ats_cipher_suite},
        {"h2.blacklisted_cipher", "HTTP/2 negotiated on a cipher suite RFC 7540 prohibits",
         Severity::Error, Group::Security,
         "Put ECDHE-AEAD suites (or TLS 1.3) first in the server's cipher order, or stop "
         "offering h2 on this listener.",
         {"RFC 7540 section 9.2.2", "RFC 7540 Appendix A", "RFC 9113 section 9.2.2"},
         check_h2_blacklisted_cipher},
        {"tcp.rst_after_client_hello", "Server reset the connection right after the ClientHello",
         Severity::Error, Group::Sequence,
         "Look at what the server (or a middlebox before it) refuses in this ClientHello: no "
         "shared version or cipher suite, an SNI it filters or does not route, a policy that "
         "drops the client; its logs say which.",
         {"RFC 8446 section 4.1.2", "RFC 9293 section 3.5.2"}, check_tcp_rst_after_client_hello},
        {"tcp.fin_after_client_hello", "Server closed the connection right after the ClientHello",
         Severity::Error, Group::Sequence,
         "Look at what the server or an SNI-routing proxy refuses in this ClientHello: an "
         "unknown or missing SNI, no shared version or cipher suite; its logs say which.",
         {"RFC 8446 section 4.1.2", "RFC 6066 section 3"}, check_tcp_fin_after_client_hello},
        {"tls.no_sni", "ClientHello without Server Name Indication", Severity::Warning,
         Group::Protocol,
         "Connect by host name so the client sends SNI (RFC 6066); for IP-address URLs make the "
         "server's default certificate and route the right ones.",
         {"RFC 6066 section 3"}, check_tls_no_sni},
        {"tls.legacy_client_version", "Client offers nothing newer than TLS 1.1",
         Severity::Warning, Group::Security,
         "Update the client's TLS library or settings to offer TLS 1.2 and 1.3.",
         {"RFC 8996"}, check_tls_legacy_client_version},
    };
    for (const AlertInfo* a = alerts_begin(); a != alerts_end(); ++a)
        if (!is_closure_alert(a->code))
            rules.push_back({std::string("alert.") + a->name,
                         std::string("Fatal alert ") + a->name + " (" + std::to_string(a->code) +
                             ")",
                         Severity::Error, Group::ResponseCode,
                         std::string("Likely causes: ") + a->root_causes,
                         {"RFC 8446 section 6.2"}, check_alert_fatal});
    rules.push_back({"alert.unknown", "Fatal alert with an unassigned code", Severity::Error,
                     Group::ResponseCode,
                     "The peer uses an alert code outside the IANA registry; read its logs.",
                     {"RFC 8446 section 6.2"}, check_alert_fatal});
    return rules;
}

}  // namespace

const char* severity_name(Severity s) {
    switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "";
}

const std::vector<RuleInfo>& catalog() {
    static const std::vector<RuleInfo> rules = build();
    return rules;
}

const RuleInfo* find_rule(const std::string& id) {
    for (const RuleInfo& r : catalog())
        if (r.id == id) return &r;
    return nullptr;
}

}  // namespace tlsdiag
