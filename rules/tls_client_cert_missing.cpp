// tls.client_cert_missing: the server asked for a client certificate, the
// client answered without one, and the server ended the handshake.
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {

constexpr size_t kShownAuthorities = 3;

// "from CA 'CN=Example CA'", "from CAs 'CN=A'; 'CN=B' and 2 more", or
// "naming no CA": a client holding a certificate from an unlisted CA may keep
// it back (OpenSSL in strict mode, Java's key manager).
std::string requested_from(const std::vector<std::string>& authorities) {
    if (authorities.empty()) return "naming no CA";
    std::string out = authorities.size() == 1 ? "from CA " : "from CAs ";
    for (size_t i = 0; i < authorities.size() && i < kShownAuthorities; ++i)
        out += (i ? "; '" : "'") + printable(authorities[i], 80) + "'";
    if (authorities.size() > kShownAuthorities)
        out += " and " + std::to_string(authorities.size() - kShownAuthorities) + " more";
    return out;
}

std::string how_it_ended(const Event& failure) {
    if (failure.kind == Event::Kind::Rst) return "reset the connection";
    if (failure.kind == Event::Kind::Fin) return "closed the connection";
    const AlertInfo* info = find_alert(failure.alert().description);
    return std::string("ended the handshake with ") + (info ? info->name : "unknown") + " (" +
           std::to_string(failure.alert().description) + ")";
}

}  // namespace

void check_tls_client_cert_missing(const RuleInfo& rule, const Connection& conn,
                                   const Event& latest, const Settings&, Findings& out) {
    if (latest.kind == Event::Kind::Alert && is_warning_alert(conn, latest.alert())) return;
    const MissingClientCertificate missing = client_certificate_missing(conn, latest);
    if (!missing.request) return;
    const std::string sent = missing.certificate ? "an empty Certificate" : "no Certificate";
    out.push_back({&rule, latest.frame,
                   "server asked for a client certificate " +
                       requested_from(conn.requested_authorities()) + " and the client sent " +
                       sent + "; the server then " + how_it_ended(latest),
                   missing.request->frame});
}

}  // namespace tlsdiag
