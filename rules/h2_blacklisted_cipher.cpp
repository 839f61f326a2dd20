// h2.blacklisted_cipher: HTTP/2 was negotiated over a suite that RFC 7540
// Appendix A prohibits; clients answer with INADEQUATE_SECURITY.
#include "tlsdiag/engine.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_h2_blacklisted_cipher(const RuleInfo& rule, const Connection& conn, const Event& latest,
                                 const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    if (sh.hello_retry_request || sh.alpn != "h2") return;
    const CipherSuiteInfo* suite = find_cipher_suite(sh.cipher_suite);
    if (!suite || !suite->http2_blacklisted) return;

    out.push_back({&rule, latest.frame,
                   "server chose ALPN h2 with " + suite_label(sh.cipher_suite) +
                       ", a suite RFC 7540 Appendix A prohibits; HTTP/2 clients close with "
                       "INADEQUATE_SECURITY",
                   0});
}

}  // namespace tlsdiag
