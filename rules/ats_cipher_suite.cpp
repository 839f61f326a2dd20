// ats.cipher_suite: the negotiated suite is not one App Transport Security
// accepts (ECDHE with AES, or the TLS 1.3 suites).
#include "ats_app_verdict.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_ats_cipher_suite(const RuleInfo& rule, const Connection& conn, const Event& latest,
                            const Settings& settings, Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    // An SSLv2 SERVER-HELLO chooses no suite (the client does, later):
    // ats.tls_version says what is wrong with it.
    if (sh.hello_retry_request || sh.sslv2) return;
    const CipherSuiteInfo* suite = find_cipher_suite(sh.cipher_suite);
    if (suite && suite->ats_allowed) return;

    std::string why;
    if (!suite) why = "which App Transport Security does not know";
    else if (!suite->forward_secret)
        why = std::string("which lacks forward secrecy (") + suite->key_exchange + " key exchange)";
    else
        why = std::string("which is forward secret (") + suite->key_exchange +
              ") but not on Apple's list of ECDHE-AES suites";
    std::string summary = "server chose " + suite_label(sh.cipher_suite) + ", " + why +
                          "; App Transport Security rejects it";
    const ClientHello* ch = conn.last_client_hello();
    summary += app_verdict_for_suite(settings, ch, suite);
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
