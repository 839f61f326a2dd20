// cert.not_yet_valid: a certificate of the chain (the server's, or the
// client's in mutual TLS) was not yet valid when the packets were captured:
// a certificate issued for the future, or the clock of whoever made it.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_not_yet_valid(const RuleInfo& rule, const Connection& conn, const Event& latest,
                              const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    if (!chain) return;
    if (auto problem =
            find_validity_problem(*chain, latest.from, to_seconds(conn.time_of(latest)), false))
        out.push_back({&rule, latest.frame, problem->sentence, 0});
}

}  // namespace tlsdiag
