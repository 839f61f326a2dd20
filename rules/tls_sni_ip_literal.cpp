// tls.sni_ip_literal: the ClientHello's server_name holds an IP address,
// which RFC 6066 §3 forbids; servers reject it or answer with a default
// certificate.
#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

void check_tls_sni_ip_literal(const RuleInfo& rule, const Connection& conn, const Event& latest,
                              const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ClientHello) return;
    const ClientHello& ch = conn.client_hello(latest);
    if (!ch.has_sni || !is_ip_literal(ch.sni)) return;
    out.push_back({&rule, latest.frame,
                   "ClientHello's server_name is the IP address '" + ch.sni +
                       "'; RFC 6066 forbids address literals there, so servers may reject it "
                       "or answer with their default certificate",
                   0});
}

}  // namespace tlsdiag
