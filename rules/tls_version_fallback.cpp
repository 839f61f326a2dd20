// tls.version_fallback: a ClientHello with TLS_FALLBACK_SCSV (RFC 7507): the
// client retries with a lower version after a failed attempt. The earlier
// attempt is another connection, which capture/ names (fallback_origin.h).
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

void check_tls_version_fallback(const RuleInfo& rule, const Connection& conn, const Event& latest,
                                const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ClientHello) return;
    const ClientHello& ch = conn.client_hello(latest);
    if (!signals_fallback(ch)) return;
    out.push_back({&rule, latest.frame,
                   "ClientHello carries TLS_FALLBACK_SCSV (offered " + offered_versions(ch) +
                       "): the client is retrying with a lower version after an earlier "
                       "connection failed",
                   0});
}

}  // namespace tlsdiag
