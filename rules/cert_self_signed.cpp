// cert.self_signed: the leaf is signed by its own key, so no CA vouches for
// it and only a client that installed or pinned it can trust it.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_self_signed(const RuleInfo& rule, const Connection& conn, const Event& latest,
                            const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    if (!leaf || !leaf->self_signed) return;
    std::string summary = cert_phrase(latest.from, *chain, 0) +
                          " is self-signed (issuer = subject, signed by its own key)";
    if (chain->certs.size() > 1)
        summary += ", although " + std::to_string(chain->certs.size() - 1) + " more certificate" +
                   (chain->certs.size() > 2 ? "s follow" : " follows");
    summary += "; only a peer that installed or pinned it trusts it";
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
