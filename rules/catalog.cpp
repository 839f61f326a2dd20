#include "tlsdiag/catalog.h"

#include "tlsdiag/engine.h"
#include "tlsdiag/model.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

// The checks, one per file named after its rule (rules/ats_tls_version.cpp
// for ats.tls_version), each bound to its id in the table below.
using Check = void(const RuleInfo&, const Connection&, const Event&, const Settings&, Findings&);
Check check_ats_tls_version, check_ats_cipher_suite, check_ats_cert_signature_hash,
    check_ats_cert_key_size, check_ats_cert_no_san, check_ats_cert_validity_too_long,
    check_ats_cert_no_server_auth, check_h2_blacklisted_cipher, check_h2_tls_requirements,
    check_tcp_rst_after_client_hello, check_tcp_fin_after_client_hello, check_tls_no_sni,
    check_tls_legacy_client_version, check_cert_expired, check_cert_not_yet_valid,
    check_cert_name_mismatch, check_cert_self_signed, check_cert_unknown_issuer, check_alert_fatal,
    check_tls_sni_ip_literal, check_tls_downgrade_sentinel, check_tls_version_fallback,
    check_tls_no_reply_to_client_hello, check_tls_split_client_hello_dropped,
    check_cert_chain_incomplete, check_cert_expires_soon, check_tls_client_cert_missing,
    check_quic_handshake_closed;
using EndCheck = void(const RuleInfo&, const Connection&, const CaptureEnd&, const Settings&,
                      Findings&);
EndCheck check_tls_no_reply_to_client_hello_at_end, check_tls_split_client_hello_dropped_at_end,
    check_quic_no_reply_at_end, check_quic_version_negotiation_failed_at_end;

namespace {

// The event after which each family's checks can fire.
constexpr EventKinds kOnClientHello = wakes(Event::Kind::ClientHello);
constexpr EventKinds kOnServerHello = wakes(Event::Kind::ServerHello);
constexpr EventKinds kOnCertificate = wakes(Event::Kind::Handshake);  // a Certificate's chain
// An alert, and the close that may end the connection on a warning alert.
constexpr EventKinds kOnAlert =
    wakes(Event::Kind::Alert) | wakes(Event::Kind::Fin) | wakes(Event::Kind::Rst);
// What a server sends after a warning alert when it goes on.
constexpr EventKinds kOnServerGoingOn =
    wakes(Event::Kind::ServerHello) | wakes(Event::Kind::Handshake) | wakes(Event::Kind::Record);

std::vector<RuleInfo> build() {
    std::vector<RuleInfo> rules = {
        {"ats.tls_version",
         "Negotiated TLS version below App Transport Security's TLS 1.2",
         Severity::Warning,
         Group::Security,
         "Enable TLS 1.2 and 1.3 on the server (or its load balancer policy); an ATS exception "
         "(NSExceptionMinimumTLSVersion) only hides the problem.",
         {"Apple NSAppTransportSecurity requirements", "RFC 8996"},
         check_ats_tls_version,
         kOnServerHello},
        {"ats.cipher_suite",
         "Negotiated cipher suite not accepted by App Transport Security",
         Severity::Warning,
         Group::Security,
         "Offer and prefer ECDHE suites with AES-GCM (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) "
         "on the server, or TLS 1.3.",
         {"Apple NSAppTransportSecurity requirements"},
         check_ats_cipher_suite,
         kOnServerHello},
        {"ats.cert_signature_hash",
         "Certificate signed with a hash weaker than App Transport Security's SHA-256",
         Severity::Warning,
         Group::Security,
         "Reissue the certificate (and have the CA chain reissued) with a SHA-256 signature; "
         "every public CA issues SHA-256 today.",
         {"Apple NSAppTransportSecurity requirements", "Apple HT210176"},
         check_ats_cert_signature_hash,
         kOnCertificate},
        {"ats.cert_key_size",
         "Server certificate key too small for App Transport Security",
         Severity::Warning,
         Group::Security,
         "Issue the server certificate for a new key of RSA 2048 bits or more, or EC P-256 or "
         "larger.",
         {"Apple NSAppTransportSecurity requirements", "Apple HT210176"},
         check_ats_cert_key_size,
         kOnCertificate},
        {"ats.cert_no_san",
         "Server certificate without a subjectAltName dNSName",
         Severity::Warning,
         Group::Security,
         "Reissue the certificate with every host name it serves as a subjectAltName dNSName "
         "(openssl -addext subjectAltName=DNS:host); the CN alone is ignored.",
         {"Apple HT210176", "RFC 6125 section 6.4.4",
          "CA/Browser Forum Baseline Requirements 7.1.2.7"},
         check_ats_cert_no_san,
         kOnCertificate},
        {"ats.cert_validity_too_long",
         "Server certificate valid longer than Apple allows",
         Severity::Warning,
         Group::Security,
         "Reissue the certificate with a validity of at most 397 days (398 is the limit, 825 for "
         "certificates issued before 2020-09-01) and renew it automatically.",
         {"Apple HT210176", "Apple HT211025", "RFC 5280 section 4.1.2.5"},
         check_ats_cert_validity_too_long,
         kOnCertificate},
        {"ats.cert_no_server_auth",
         "Server certificate's extendedKeyUsage lacks serverAuth",
         Severity::Warning,
         Group::Security,
         "Reissue the certificate with extendedKeyUsage serverAuth (openssl -addext "
         "extendedKeyUsage=serverAuth), or without a client-only profile.",
         {"Apple HT210176", "RFC 5280 section 4.2.1.12"},
         check_ats_cert_no_server_auth,
         kOnCertificate},
        {"h2.blacklisted_cipher",
         "HTTP/2 negotiated on a cipher suite RFC 7540 prohibits",
         Severity::Error,
         Group::Security,
         "Put ECDHE-AEAD suites (or TLS 1.3) first in the server's cipher order, or stop "
         "offering h2 on this listener.",
         {"RFC 7540 section 9.2.2", "RFC 7540 Appendix A", "RFC 9113 section 9.2.2"},
         check_h2_blacklisted_cipher,
         kOnServerHello},
        {"h2.tls_requirements",
         "HTTP/2 negotiated on a TLS connection below RFC 7540's requirements",
         Severity::Error,
         Group::Security,
         "Enable TLS 1.2 or 1.3, disable TLS compression and use DHE groups of 2048 bits or "
         "more and ECDHE curves of 224 bits or more on the server, and disable renegotiation on "
         "both ends, or stop offering h2 on this listener until it does.",
         {"RFC 7540 section 9.2", "RFC 7540 section 9.2.1", "RFC 9113 section 9.2"},
         check_h2_tls_requirements,
         // The ServerHello, a TLS 1.2 ServerKeyExchange's ephemeral key, and a
         // renegotiation's first handshake record or (decrypted) message.
         kOnServerHello | wakes(Event::Kind::Handshake) | wakes(Event::Kind::Record) |
             kOnClientHello},
        {"tcp.rst_after_client_hello",
         "Server reset the connection right after the ClientHello",
         Severity::Error,
         Group::Sequence,
         "Look at what the server (or a middlebox before it) refuses in this ClientHello: no "
         "shared version or cipher suite, an SNI it filters or does not route, a policy that "
         "drops the client; its logs say which.",
         {"RFC 8446 section 4.1.2", "RFC 9293 section 3.5.2"},
         check_tcp_rst_after_client_hello,
         wakes(Event::Kind::Rst)},
        {"tcp.fin_after_client_hello",
         "Server closed the connection right after the ClientHello",
         Severity::Error,
         Group::Sequence,
         "Look at what the server or an SNI-routing proxy refuses in this ClientHello: an "
         "unknown or missing SNI, no shared version or cipher suite; its logs say which.",
         {"RFC 8446 section 4.1.2", "RFC 6066 section 3"},
         check_tcp_fin_after_client_hello,
         wakes(Event::Kind::Fin)},
        {"tls.no_sni",
         "ClientHello without Server Name Indication",
         Severity::Warning,
         Group::Protocol,
         "Connect by host name so the client sends SNI (RFC 6066); for IP-address URLs make the "
         "server's default certificate and route the right ones.",
         {"RFC 6066 section 3"},
         check_tls_no_sni,
         kOnClientHello},
        {"tls.legacy_client_version",
         "Client offers nothing newer than TLS 1.1",
         Severity::Warning,
         Group::Security,
         "Update the client's TLS library or settings to offer TLS 1.2 and 1.3.",
         {"RFC 8996"},
         check_tls_legacy_client_version,
         kOnClientHello},
        {"tls.no_reply_to_client_hello",
         "No answer from the server to the ClientHello",
         Severity::Error,
         Group::Sequence,
         "Find where the ClientHello stops: a server that ACKs it and never answers is hung or "
         "overloaded (its logs, a proxy before it); one that never ACKs it is cut off by a "
         "firewall or route that drops silently.",
         {"RFC 8446 section 4.1.2", "RFC 6298 section 5"},
         check_tls_no_reply_to_client_hello,
         wakes(Event::Kind::Fin) | wakes(Event::Kind::Rst),
         false,
         -1,
         check_tls_no_reply_to_client_hello_at_end},
        {"quic.no_reply",
         "No answer from the server to the client's QUIC Initial",
         Severity::Error,
         Group::Sequence,
         "Let UDP to the server's port (443 for HTTP/3) through the firewalls on the path, or "
         "check that a QUIC server listens there; clients fall back to HTTPS over TCP, "
         "slowly.",
         {"RFC 9000 section 7", "RFC 9002 section 6.2", "RFC 9114 section 3.1"},
         nullptr,
         0,
         false,
         -1,
         check_quic_no_reply_at_end},
        {"quic.version_negotiation_failed",
         "Client and server share no QUIC version",
         Severity::Error,
         Group::Protocol,
         "Enable on the server a QUIC version the client speaks (QUIC v1, RFC 9000, is the "
         "one every client has), or update the client.",
         {"RFC 9000 section 6", "RFC 9368"},
         nullptr,
         0,
         false,
         -1,
         check_quic_version_negotiation_failed_at_end},
        {"quic.handshake_closed",
         "QUIC connection closed with a transport error during the handshake",
         Severity::Error,
         Group::ResponseCode,
         "Read the closing side's logs for the error it names: TRANSPORT_PARAMETER_ERROR and "
         "PROTOCOL_VIOLATION point at an implementation bug or a middlebox altering packets, "
         "CONNECTION_REFUSED at a server that does not accept the connection.",
         {"RFC 9000 section 20.1", "RFC 9000 section 10.2"},
         check_quic_handshake_closed,
         wakes(Event::Kind::QuicClose)},
        {"tls.split_client_hello_dropped",
         "ClientHello spread over several TCP segments, then refused or unanswered",
         Severity::Error,
         Group::Sequence,
         "Retry without the large (post-quantum) key share or with fewer extensions; if that "
         "works, update or bypass the middlebox that reads only the first segment, or fix the "
         "path MTU.",
         {"RFC 8446 section 4.2.8", "draft-ietf-tls-ecdhe-mlkem", "RFC 4821"},
         check_tls_split_client_hello_dropped,
         wakes(Event::Kind::Fin) | wakes(Event::Kind::Rst),
         false,
         -1,
         check_tls_split_client_hello_dropped_at_end},
        // The cert.* rules judge the server's chain and, in mutual TLS, the
        // client's under the same ids: the summary says whose it is.
        {"cert.expired",
         "Certificate expired at the time of the capture",
         Severity::Error,
         Group::Security,
         "Renew the certificate named in the summary and deploy it with its chain (and automate "
         "renewal); if the capturing machine's clock is wrong, fix the clock.",
         {"RFC 5280 section 4.1.2.5", "RFC 5280 section 6.1.3"},
         check_cert_expired,
         kOnCertificate},
        {"cert.not_yet_valid",
         "Certificate not yet valid at the time of the capture",
         Severity::Error,
         Group::Security,
         "Check the clock of the machine that validates (and of the one that captured); else "
         "reissue the certificate with a notBefore in the past.",
         {"RFC 5280 section 4.1.2.5", "RFC 5280 section 6.1.3"},
         check_cert_not_yet_valid,
         kOnCertificate},
        {"cert.name_mismatch",
         "Server certificate does not match the requested host name",
         Severity::Error,
         Group::Security,
         "Serve a certificate whose subjectAltName covers the host the client asks for, or fix "
         "the server's SNI routing so this host gets its own certificate.",
         {"RFC 6125 section 6.4", "RFC 9525 section 6.3", "RFC 6066 section 3"},
         check_cert_name_mismatch,
         kOnCertificate},
        {"cert.self_signed",
         "Self-signed certificate",
         Severity::Warning,
         Group::Security,
         "Use a certificate issued by a CA the clients trust (a public CA, or your private CA "
         "installed on the clients) instead of a self-signed one.",
         {"RFC 5280 section 6.1", "RFC 5280 section 3.2"},
         check_cert_self_signed,
         kOnCertificate},
        {"cert.unknown_issuer",
         "Certificate chain does not reach a trusted root",
         Severity::Error,
         Group::Security,
         "Send the full chain (leaf, then each intermediate, e.g. nginx ssl_certificate with the "
         "fullchain file); if the root is private, install it on the clients.",
         {"RFC 5246 section 7.4.2", "RFC 8446 section 4.4.2", "RFC 5280 section 6.1"},
         check_cert_unknown_issuer,
         kOnCertificate},
        {"tls.sni_ip_literal",
         "SNI holds an IP address literal",
         Severity::Warning,
         Group::Protocol,
         "Send a host name as SNI, or none: clients must leave server_name out when they connect "
         "to an address (curl, browsers and Python's ssl do); fix the code that sets it.",
         {"RFC 6066 section 3"},
         check_tls_sni_ip_literal,
         kOnClientHello},
        {"tls.downgrade_sentinel",
         "ServerHello carries the TLS 1.3 downgrade sentinel",
         Severity::Error,
         Group::Security,
         "Find the device between client and server that rewrites or re-originates the "
         "ClientHello (a TLS-terminating proxy, firewall or load balancer) and update it or make "
         "it pass TLS 1.3 through; never switch the client's downgrade check off.",
         {"RFC 8446 section 4.1.3", "RFC 8446 section 9.3"},
         check_tls_downgrade_sentinel,
         kOnServerHello},
        {"tls.version_fallback",
         "Client retried with a lower TLS version (TLS_FALLBACK_SCSV)",
         Severity::Warning,
         Group::Sequence,
         "Look at the earlier, failed connection: its failure is the problem. If the server "
         "answers inappropriate_fallback, both sides support a higher version and the first "
         "failure came from the path (a middlebox or a timeout), not from the version.",
         {"RFC 7507"},
         check_tls_version_fallback,
         kOnClientHello},
        {"cert.chain_incomplete",
         "Server's certificate chain is missing an intermediate",
         Severity::Error,
         Group::Security,
         "Configure the server with the full chain: the leaf, then each intermediate up to the "
         "root (nginx ssl_certificate with the fullchain file, the chain field of a load "
         "balancer's certificate); the summary names the missing issuer and where to get it.",
         {"RFC 5246 section 7.4.2", "RFC 8446 section 4.4.2", "RFC 5280 section 4.2.2.1"},
         check_cert_chain_incomplete,
         kOnCertificate},
        {"cert.expires_soon",
         "Certificate expires soon after the capture",
         Severity::Warning,
         Group::Security,
         "Renew the certificate named in the summary before that date and deploy it with its "
         "chain; check that automatic renewal (ACME client, timer, deploy hook) still works.",
         {"RFC 5280 section 4.1.2.5", "RFC 8555"},
         check_cert_expires_soon,
         kOnCertificate},
        {"tls.client_cert_missing",
         "Server required a client certificate and the client sent none",
         Severity::Error,
         Group::Sequence,
         "Give the client a certificate (and key) issued by a CA the server accepts (the "
         "summary names them), or make client authentication optional on the server.",
         {"RFC 5246 section 7.4.6", "RFC 8446 section 4.4.2.4", "RFC 8446 section 4.2.4"},
         check_tls_client_cert_missing,
         kOnAlert},
        {"capture.tcp_not_read",
         "TCP segments tlsdiag could not read",
         Severity::Note,
         Group::Undecoded,
         "Strip the encapsulation the summary names (capture on the inner interface, or "
         "decapsulate the file) and read it again; the report counts every such frame.",
         {"RFC 9293 section 3.1", "Wireshark User's Guide: Protocol Hierarchy"},
         nullptr,
         0,
         true},
        {"capture.clock_implausible",
         "Capture timestamps implausible for its certificates",
         Severity::Note,
         Group::Undecoded,
         "Read time-based certificate findings (cert.expired, cert.not_yet_valid, "
         "cert.expires_soon) against the real time of the capture; capture again with the "
         "capturing machine's clock set (NTP).",
         {"RFC 5280 section 4.1.2.5", "pcapng: Enhanced Packet Block timestamps"},
         nullptr,
         0,
         true},
    };
    for (const AlertInfo* a = alerts_begin(); a != alerts_end(); ++a)
        if (!is_closure_alert(a->code))
            rules.push_back(
                {std::string("alert.") + a->name,
                 std::string("Fatal alert ") + a->name + " (" + std::to_string(a->code) + ")",
                 Severity::Error,
                 Group::ResponseCode,
                 std::string("Likely causes: ") + a->root_causes,
                 {"RFC 8446 section 6.2"},
                 check_alert_fatal,
                 kOnAlert,
                 false,
                 a->code});
    rules.push_back({"alert.unknown",
                     "Fatal alert with an unassigned code",
                     Severity::Error,
                     Group::ResponseCode,
                     "The peer uses an alert code outside the IANA registry; read its logs.",
                     {"RFC 8446 section 6.2"},
                     check_alert_fatal,
                     kOnAlert});
    rules.push_back({kUnrecognizedNameWarning,
                     "Server warned it has no host for the SNI and went on",
                     Severity::Warning,
                     Group::ResponseCode,
                     "Add the name to the server's configuration (a virtual host with its own "
                     "certificate), or make the client ask for a name the server serves.",
                     {"RFC 6066 section 3", "RFC 5246 section 7.2"},
                     check_alert_fatal,
                     kOnServerGoingOn});
    // Which transports each rule judges. HTTP/2 is TLS over TCP (RFC 7540
    // §9.2), tcp.* is about TCP's closes, and a ClientHello split over TCP
    // segments has no counterpart elsewhere (DTLS and QUIC fragment it
    // themselves). App Transport Security guards URLSession's HTTPS, which
    // HTTP/3 carries too, never DTLS. QUIC's silence is quic.no_reply's,
    // with QUIC's words; quic.* is QUIC's alone.
    constexpr uint8_t kTcp = transport_bit(Transport::Tcp), kDtls = transport_bit(Transport::Dtls),
                      kQuic = transport_bit(Transport::Quic);
    for (RuleInfo& r : rules) {
        const std::string family = r.family();
        if (family == "h2" || family == "tcp" || r.id == "tls.split_client_hello_dropped")
            r.transports = kTcp;
        else if (family == "ats") r.transports = kTcp | kQuic;
        else if (r.id == "tls.no_reply_to_client_hello") r.transports = kTcp | kDtls;
        else if (family == "quic") r.transports = kQuic;
        else r.transports = kTcp | kDtls | kQuic;
    }
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

const std::vector<RuleFamily>& rule_families() {
    static const std::vector<RuleFamily> families = {
        {"ats", "App Transport Security rules (ats.*)", true},
        {"h2", "HTTP/2 rules (h2.*)", true},
        {"tcp", "TCP answer rules (tcp.*)", true},
        {"tls", "ClientHello rules (tls.*)", true},
        {"quic", "QUIC handshake rules (quic.*)", true},
        {"alert", "Fatal alert rules (alert.*)", true},
        {"cert", "Certificate rules (cert.*)", true},
        {"capture", "What tlsdiag could not read (capture.*)", false},
    };
    return families;
}

const char* group_name(Group g) {
    switch (g) {
    case Group::Security: return "security";
    case Group::Sequence: return "sequence";
    case Group::ResponseCode: return "response code";
    case Group::Protocol: return "protocol";
    case Group::Undecoded: return "undecoded";
    }
    return "";
}

const RuleInfo& alert_rule(uint8_t description) {
    static const std::vector<const RuleInfo*> by_code = [] {
        std::vector<const RuleInfo*> out(256, find_rule("alert.unknown"));
        for (const RuleInfo& r : catalog())
            if (r.alert_code >= 0) out[static_cast<size_t>(r.alert_code)] = &r;
        return out;
    }();
    return *by_code[description];
}

const RuleInfo& clock_implausible_rule() {
    static const RuleInfo& rule = *find_rule("capture.clock_implausible");
    return rule;
}

const RuleInfo& tcp_not_read_rule() {
    static const RuleInfo& rule = *find_rule("capture.tcp_not_read");
    return rule;
}

}  // namespace tlsdiag
