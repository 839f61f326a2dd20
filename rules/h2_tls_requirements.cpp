// h2.tls_requirements: HTTP/2 negotiated on a TLS connection that breaks
// RFC 7540 §9.2 (TLS 1.2 or later, no TLS compression); HTTP/2 clients close
// such a connection with INADEQUATE_SECURITY.
#include "tlsdiag/engine.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_h2_tls_requirements(const RuleInfo& rule, const Connection& conn, const Event& latest,
                               const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    if (sh.hello_retry_request || sh.sslv2 || sh.alpn != "h2") return;
    std::string broken;
    if (version_rank(sh.version()) < version_rank(version::TLS12))
        broken = "TLS 1.2 or later (RFC 7540 section 9.2), on " + version_name(sh.version());
    else if (sh.compression_method != 0)
        broken = "no TLS compression (RFC 7540 section 9.2.1), with compression method " +
                 std::to_string(sh.compression_method) +
                 (sh.compression_method == 1 ? " (DEFLATE)" : "");
    if (broken.empty()) return;
    out.push_back({&rule, latest.frame,
                   "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of " +
                       broken + "; HTTP/2 clients close with INADEQUATE_SECURITY",
                   0});
}

}  // namespace tlsdiag
