#include "tlsdiag/judgements.h"

#include <functional>

#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {
// Where `e` stands in `events`; events.size() for an event not stored there
// (a check handed a copy), which then counts as the newest.
template <typename Events>
size_t position(const Events& events, const Event& e) {
    const std::less<const Event*> before;
    const Event* first = events.data();
    if (!before(&e, first) && before(&e, first + events.size()))
        return static_cast<size_t>(&e - first);
    return events.size();
}
}  // namespace

const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings) {
    if (!close.is_tcp_close() || close.from != Side::Server) return nullptr;
    const auto& events = conn.events();
    const Event* hello = nullptr;
    // Walk back from the close to the last ClientHello: any server message in
    // between is an answer, and a client close means the client gave up first.
    for (size_t i = position(events, close); i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::ClientHello) {
            hello = &e;
            break;
        }
        if (e.from == Side::Server) return nullptr;
        if (e.is_tcp_close()) return nullptr;
    }
    if (!hello) return nullptr;
    const TimeNs elapsed = Connection::elapsed(*hello, close);
    if (elapsed > static_cast<TimeNs>(settings.close_answer_window_s * 1e9)) return nullptr;
    return hello;
}

bool is_warning_alert(const Connection& conn, const Alert& a) {
    if (a.fatal() || is_closure_alert(a.description)) return false;
    const ServerHello* sh = conn.negotiated();
    return !sh || sh->version() != version::TLS13;
}

const Event* warning_alert_ended_by_close(const Connection& conn, const Event& close) {
    if (!close.is_tcp_close()) return nullptr;
    const auto& events = conn.events();
    for (size_t i = position(events, close); i-- > 0;) {
        const Event& e = events[i];
        if (e.is_tcp_close() || e.kind == Event::Kind::Payload) continue;
        if (e.kind != Event::Kind::Alert) return nullptr;
        if (is_closure_alert(e.alert().description)) continue;
        return is_warning_alert(conn, e.alert()) ? &e : nullptr;
    }
    return nullptr;
}

bool alert_answers_client_certificate(const Connection& conn, const Event& alert) {
    if (alert.kind != Event::Kind::Alert || alert.from != Side::Server) return false;
    const auto& events = conn.events();
    for (size_t i = position(events, alert); i-- > 0;) {
        const Event& e = events[i];
        if (e.from == Side::Server || e.kind == Event::Kind::ClientHello) return false;
        if (e.kind == Event::Kind::Handshake && e.handshake_type() == hs::Certificate) {
            const CertificateChain* chain = conn.certificate_chain(e);
            return !chain || !chain->certs.empty();
        }
    }
    return false;
}

bool client_sent_no_certificate(const Connection& conn) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Handshake && e.from == Side::Client &&
            e.handshake_type() == hs::Certificate) {
            const CertificateChain* chain = conn.certificate_chain(e);
            if (!chain || !chain->certs.empty()) return false;
        }
    return true;
}

bool sends_no_sni(const ClientHello& ch) {
    return !ch.has_sni;
}

bool is_legacy_client(const ClientHello& ch) {
    return ch.max_version() < version::TLS12;
}

}  // namespace tlsdiag
