// cert.unknown_issuer: checked against the analyst's CA bundle (preference
// tlsdiag.trust_store), the chain ends at a self-signed root the store does
// not hold. A chain that stops at a certificate whose issuer is missing is
// cert.chain_incomplete's: this rule steps aside so one problem is said once.
// The verdict is a fact the plugin computes (x509/); this check only words it.
#include "cert_common.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_unknown_issuer(const RuleInfo& rule, const Connection& conn, const Event& latest,
                               const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    if (!chain || chain->trust().status != ChainTrust::Status::UnknownIssuer) return;
    const ChainTrust& t = chain->trust();
    if (!t.top_self_signed) return;
    out.push_back({&rule, latest.frame,
                   "the " + std::string(possessive(latest.from)) +
                       " chain ends at the self-signed root " + printable(t.top_subject) +
                       ", which the trust store does not hold",
                   0});
}

}  // namespace tlsdiag
