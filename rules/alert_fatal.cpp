// alert.<name>: an error alert in clear, read in context: who sent it and
// after which message, in the words a support engineer would use.
#include <cstdio>

#include "cert_common.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
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
    return sh && is_tls13(sh->version());
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

// "'api.example.com'" or "(no SNI sent)": the host a client asked for, as a
// summary shows it.
std::string host_asked_for(const ClientHello* ch) {
    return ch && ch->has_sni ? "'" + printable(ch->sni) + "'" : "(no SNI sent)";
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
    if (alert_answers_client_certificate(conn, alert))
        return "server rejected the client's certificate";
    if (by == Side::Server && d == 70) return "server refused the client's versions";
    if (by == Side::Server && d == 40 && after_hello)
        return "server found no acceptable cipher suite, group or signature algorithm in the "
               "ClientHello";
    if (by == Side::Server && d == 112 && ch)
        return "server has no host named " + host_asked_for(ch);
    if (by == Side::Server && d == 120 && ch)
        return "server supports none of the offered ALPN protocols (" + join_first(ch->alpn) + ")";
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

// The summary of `alert` in context, after the verdict: "<name> (<code>)
// after <what it answers>[; why]".
std::string alert_summary(const Connection& conn, const Event& alert, const Event* before) {
    const AlertInfo* info = find_alert(alert.alert().description);
    const std::string name = info ? info->name : "unknown";
    std::string summary = verdict(conn, alert, before) + ": " + name + " (" +
                          std::to_string(alert.alert().description) + ")";
    if (conn.transport() == Transport::Quic) {
        // RFC 9001 §4.8: QUIC carries the alert as a CONNECTION_CLOSE error.
        char code[8];
        std::snprintf(code, sizeof code, "0x%03x", 0x100 + alert.alert().description);
        summary += std::string(", sent as a QUIC CONNECTION_CLOSE with CRYPTO_ERROR ") + code;
    }
    if (before) summary += " after " + describe_event(conn, *before);
    return summary + rejected_because(conn, alert, before);
}

// A warning alert on which the connection ended: reported on the close, as
// the error its alert.* rule stands for.
void check_warning_then_close(const RuleInfo& rule, const Connection& conn, const Event& close,
                              Findings& out) {
    const Event* alert = warning_alert_ended_by_close(conn, close);
    if (!alert || &alert_rule(alert->alert().description) != &rule) return;
    const Event* before = answered_event(conn, *alert);
    std::string summary = alert_summary(conn, *alert, before);
    summary += "; a warning, then the " + std::string(side_name(close.from)) +
               (close.kind == Event::Kind::Rst ? " reset" : " closed") + " the connection";
    out.push_back({&rule, close.frame, summary, alert->frame});
}

// alert.unrecognized_name_warning: the server warned that it has no host
// for the SNI and went on with the handshake (`latest` is its next message).
void check_unrecognized_name_warning(const RuleInfo& rule, const Connection& conn,
                                     const Event& latest, Findings& out) {
    if (latest.from != Side::Server || latest.is_tcp_close() || latest.kind == Event::Kind::Alert)
        return;
    for (const Event& e : conn.events()) {
        if (&e == &latest) return;
        if (e.kind != Event::Kind::Alert || e.from != Side::Server ||
            e.alert().description != 112 || !is_warning_alert(conn, e.alert()))
            continue;
        out.push_back({&rule, latest.frame,
                       "server has no host named " + host_asked_for(conn.last_client_hello()) +
                           ": warning unrecognized_name (112), then it went on with " +
                           describe_event(conn, latest),
                       e.frame});
        return;
    }
}

}  // namespace

void check_alert_fatal(const RuleInfo& rule, const Connection& conn, const Event& latest,
                       const Settings&, Findings& out) {
    if (rule.id == kUnrecognizedNameWarning)
        return check_unrecognized_name_warning(rule, conn, latest, out);
    if (latest.is_tcp_close()) return check_warning_then_close(rule, conn, latest, out);
    if (latest.kind != Event::Kind::Alert || !is_error(conn, latest.alert())) return;
    if (&alert_rule(latest.alert().description) != &rule) return;  // another alert.* rule's
    if (peer_closed_before(conn, latest)) return;
    const Event* before = answered_event(conn, latest);
    out.push_back(
        {&rule, latest.frame, alert_summary(conn, latest, before), before ? before->frame : 0});
}

}  // namespace tlsdiag
