// cert.expired: a certificate of the chain (the server's, or the client's in
// mutual TLS) had expired when the packets were captured.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_expired(const RuleInfo& rule, const Connection& conn, const Event& latest,
                        const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    if (!chain) return;
    if (auto problem =
            find_validity_problem(*chain, latest.from, to_seconds(conn.time_of(latest)), true))
        out.push_back({&rule, latest.frame, problem->sentence, 0});
}

}  // namespace tlsdiag
