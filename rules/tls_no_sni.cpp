// tls.no_sni: a ClientHello without the server_name extension; name-routing
// proxies and multi-tenant servers cannot pick a certificate for it.
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

void check_tls_no_sni(const RuleInfo& rule, const Connection& conn, const Event& latest,
                      const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ClientHello) return;
    const ClientHello& ch = conn.client_hello(latest);
    if (!sends_no_sni(ch)) return;
    out.push_back({&rule, latest.frame,
                   "ClientHello has no server_name (SNI) extension (offered " +
                       offered_versions(ch) +
                       "); servers and proxies that route by name cannot choose a certificate",
                   0});
}

}  // namespace tlsdiag
