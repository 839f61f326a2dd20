#include "when.h"

#include "tlsdiag/catalog.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::report {

namespace {
bool stands_for(const Finding& f, const Event& alert) {
    const uint8_t d = alert.alert().description;
    return f.rule == &alert_rule(d) || (d == 112 && f.rule->id == kUnrecognizedNameWarning);
}
}  // namespace

// On the alert's frame, or (a warning alert reported on a later frame: the
// close, or the server's next message) on the finding's related frame.
const Event* alert_event(const Connection& conn, const Finding& f) {
    for (Frame frame : {f.frame, f.related})
        for (const Event& e : conn.events())
            if (frame && e.kind == Event::Kind::Alert && e.frame == frame && stands_for(f, e))
                return &e;
    return nullptr;
}

namespace {

bool server_sent(const Connection& conn, uint8_t handshake_type) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Handshake && e.from == Side::Server &&
            e.handshake_type() == handshake_type)
            return true;
    return false;
}

// h2.tls_requirements' finding stands on the renegotiation it names.
bool renegotiated(const Connection& conn, const Finding& f) {
    const Event* e = h2_renegotiation(conn);
    return e && e->frame == f.frame;
}

bool alert_from(const Connection& conn, const Finding& f, Side side) {
    const Event* alert = alert_event(conn, f);
    return alert && alert->from == side;
}

}  // namespace

const std::vector<WhenCondition>& when_conditions() {
    static const std::vector<WhenCondition> conditions = {
        {"always", [](const Connection&, const Finding&) { return true; }},
        // TLS over TCP: the HTTPS clients (URLSession, curl, browsers) speak no
        // DTLS, and their HTTP/3 messages were not measured.
        {"over_tcp",
         [](const Connection& c, const Finding&) { return c.transport() == Transport::Tcp; }},
        {"no_sni",
         [](const Connection& c, const Finding&) {
             const ClientHello* ch = c.last_client_hello();
             return ch && sends_no_sni(*ch);
         }},
        {"sni",
         [](const Connection& c, const Finding&) {
             const ClientHello* ch = c.last_client_hello();
             return ch && !sends_no_sni(*ch);
         }},
        {"legacy_client",
         [](const Connection& c, const Finding&) {
             const ClientHello* ch = c.last_client_hello();
             return ch && is_legacy_client(*ch);
         }},
        {"by_server",
         [](const Connection& c, const Finding& f) { return alert_from(c, f, Side::Server); }},
        {"by_client",
         [](const Connection& c, const Finding& f) { return alert_from(c, f, Side::Client); }},
        {"client_cert_requested",
         [](const Connection& c, const Finding&) {
             return server_sent(c, hs::CertificateRequest);
         }},
        {"acked", [](const Connection& c, const Finding&) { return server_acknowledged_hello(c); }},
        {"not_acked",
         [](const Connection& c, const Finding&) { return !server_acknowledged_hello(c); }},
        {"split", [](const Connection& c, const Finding&) { return hello_split(c); }},
        {"post_quantum",
         [](const Connection& c, const Finding&) {
             const ClientHello* ch = c.last_client_hello();
             return ch && offers_post_quantum_key_share(*ch);
         }},
        {"client_cert_rejected",
         [](const Connection& c, const Finding& f) {
             const Event* alert = alert_event(c, f);
             return alert && alert_answers_client_certificate(c, *alert);
         }},
        {"client_cert_not_sent",
         [](const Connection& c, const Finding&) { return client_sent_no_certificate(c); }},
        {"client_cert_cas_named",
         [](const Connection& c, const Finding&) { return !c.requested_authorities().empty(); }},
        {"no_server_hello",
         [](const Connection& c, const Finding&) { return c.negotiated() == nullptr; }},
        {"h2_small_key",
         [](const Connection& c, const Finding&) { return h2_small_ephemeral_key(c).has_value(); }},
        {"h2_renegotiated",
         [](const Connection& c, const Finding& f) { return renegotiated(c, f); }},
        // The finding is about the version or compression of the ServerHello.
        {"h2_version_or_compression",
         [](const Connection& c, const Finding& f) {
             return !h2_small_ephemeral_key(c).has_value() && !renegotiated(c, f);
         }},
    };
    return conditions;
}

namespace {

bool holds_one(const std::string& name, const Connection& conn, const Finding& f) {
    for (const WhenCondition& w : when_conditions())
        if (name == w.name) return w.holds(conn, f);
    return false;
}

}  // namespace

bool when_holds(const std::string& when, const Connection& conn, const Finding& f) {
    size_t start = 0;
    for (;;) {
        const size_t plus = when.find('+', start);
        if (!holds_one(when.substr(start, plus - start), conn, f)) return false;
        if (plus == std::string::npos) return true;
        start = plus + 1;
    }
}

}  // namespace tlsdiag::report
