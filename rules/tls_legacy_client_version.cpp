// tls.legacy_client_version: the client offers nothing newer than TLS 1.1
// (RFC 8996), so a server that requires TLS 1.2 must refuse it.
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_tls_legacy_client_version(const RuleInfo& rule, const Connection& conn,
                                     const Event& latest, const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ClientHello) return;
    const ClientHello& ch = conn.client_hello(latest);
    uint16_t best = ch.max_version();
    if (!is_legacy_client(ch)) return;
    const bool dtls = conn.transport() == Transport::Dtls;
    out.push_back({&rule, latest.frame,
                   "ClientHello offers at most " + version_name(best) +
                       (dtls ? "; RFC 8996 deprecates DTLS 1.0 with TLS 1.0 and 1.1, and servers "
                               "that require DTLS 1.2 refuse it"
                             : "; RFC 8996 deprecates TLS 1.0 and 1.1 and servers that require "
                               "TLS 1.2 refuse it"),
                   0});
}

}  // namespace tlsdiag
