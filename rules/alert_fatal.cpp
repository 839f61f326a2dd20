// alert.<name>: an error alert in clear, read in context: who sent it and
// after which message, in the words a support engineer would use.
#include "cert_common.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {

bool is_certificate_rejection(uint8_t d) {
    return d == 42 || d == 43 || d == 44 || d == 45 || d == 46 || d == 48;
}

const Event* certificate_of(const Connection& conn, Side side) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Handshake && e.from == side &&
            e.handshake_type() == hs::Certificate)
            return &e;
    return nullptr;
}

// RFC 8446 §6: close_notify and user_canceled close; the rest are errors, and
// in TLS 1.3 an error alert is fatal whatever level it carries.
bool is_error(const Connection& conn, const Alert& a) {
    if (is_closure_alert(a.description)) return false;
    if (a.fatal()) return true;
    const ServerHello* sh = conn.negotiated();
    return sh && sh->version() == version::TLS13;
}

// An alert sent after the peer closed only reports that close, which the
// tcp.* rules already explain.
bool peer_closed_before(const Connection& conn, const Event& alert) {
    for (const Event& e : conn.events())
        if (&e != &alert && e.is_tcp_close() && e.from != alert.from) return true;
    return false;
}

// What the alert answers: the peer's certificate when it rejects one, else
// the last thing the connection carried before it.
const Event* answered_event(const Connection& conn, const Event& alert) {
    const Side peer = alert.from == Side::Client ? Side::Server : Side::Client;
    if (is_certificate_rejection(alert.alert().description))
        if (const Event* cert = certificate_of(conn, peer)) return cert;
    const auto& events = conn.events();
    for (size_t i = events.size(); i-- > 0;) {
        const Event& e = events[i];
        if (&e == &alert || e.kind == Event::Kind::Payload || e.is_tcp_close()) continue;
        return &e;
    }
    return nullptr;
}

// The sentence before the colon: what the alert means at this point.
std::string verdict(const Connection& conn, const Event& alert, const Event* before) {
    const Side by = alert.from;
    const Side peer = by == Side::Client ? Side::Server : Side::Client;
    const uint8_t d = alert.alert().description;
    const ClientHello* ch = conn.last_client_hello();
    const bool after_hello = before && before->kind == Event::Kind::ClientHello;

    // Only a certificate seen on the wire can have been rejected.
    if (is_certificate_rejection(d) && certificate_of(conn, peer))
        return std::string(side_name(by)) + " rejected the " + possessive(peer) + " certificate";
    if (by == Side::Server && d == 70) return "server refused the client's versions";
    if (by == Side::Server && d == 40 && after_hello)
        return "server found no acceptable cipher suite, group or signature algorithm in the "
               "ClientHello";
    if (by == Side::Server && d == 112 && ch)
        return "server has no host named " + (ch->has_sni ? "'" + ch->sni + "'" : "(no SNI sent)");
    if (by == Side::Server && d == 120 && ch)
        return "server supports none of the offered ALPN protocols (" + join(ch->alpn) + ")";
    if (by == Side::Server && d == 116) return "server required a client certificate";
    // RFC 7507: the server supports a higher version than this retry offers,
    // so the client's earlier failure was not about the version.
    if (by == Side::Server && d == 86)
        return "server refused the client's version fallback (both support a higher version, so "
               "the client's earlier failure was not a version problem)";
    if (by == Side::Client && d == 47 && before && before->kind == Event::Kind::ServerHello && ch &&
        downgrade_detected(*ch, conn.server_hello(*before)))
        return "client detected a TLS 1.3 downgrade (the ServerHello carries the downgrade "
               "sentinel)";
    return std::string(side_name(by)) + " aborted the handshake";
}

// When the rejected certificate was out of its validity period, say so: that
// is most often why (e.g. a not-yet-valid client certificate, bad_certificate).
std::string rejected_because(const Connection& conn, const Event& alert, const Event* before) {
    if (!before || !is_certificate_rejection(alert.alert().description)) return "";
    const CertificateChain* chain = conn.certificate_chain(*before);
    if (!chain) return "";
    const UnixSeconds at = to_seconds(conn.time_of(*before));
    auto problem = find_validity_problem(*chain, before->from, at, true);
    if (!problem) problem = find_validity_problem(*chain, before->from, at, false);
    return problem ? "; " + problem->sentence : "";
}

}  // namespace

void check_alert_fatal(const RuleInfo& rule, const Connection& conn, const Event& latest,
                       const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::Alert || !is_error(conn, latest.alert())) return;
    if (&alert_rule(latest.alert().description) != &rule) return;  // another alert.* rule's
    if (peer_closed_before(conn, latest)) return;
    const AlertInfo* info = find_alert(latest.alert().description);
    const Event* before = answered_event(conn, latest);

    const std::string name = info ? info->name : "unknown";
    std::string summary = verdict(conn, latest, before) + ": " + name + " (" +
                          std::to_string(latest.alert().description) + ")";
    if (before) summary += " after " + describe_event(conn, *before);
    summary += rejected_because(conn, latest, before);
    out.push_back({&rule, latest.frame, summary, before ? before->frame : 0});
}

}  // namespace tlsdiag
