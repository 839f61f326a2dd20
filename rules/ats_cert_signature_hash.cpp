// ats.cert_signature_hash: a certificate of the server's chain is signed with
// a hash weaker than SHA-256 (SHA-1, MD5, ...). A self-signed root is a trust
// anchor whose own signature nobody checks, so it is left out.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_ats_cert_signature_hash(const RuleInfo& rule, const Connection& conn,
                                   const Event& latest, const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    if (!chain) return;
    std::vector<size_t> weak;
    for (size_t i = 0; i < chain->certs.size(); ++i) {
        const CertificateInfo* c = chain->certs[i].get();
        if (c && (i == 0 || !c->self_signed) && weaker_than_sha256(c->signature_hash))
            weak.push_back(i);
    }
    if (weak.empty()) return;
    const CertificateInfo& first = *chain->certs[weak.front()];
    std::string summary = cert_phrase(Side::Server, *chain, weak.front()) + " is signed with " +
                          signature_hash_name(first.signature_hash) + " (" +
                          first.signature_algorithm + ")";
    if (weak.size() > 1)
        summary += ", and " + std::to_string(weak.size() - 1) + " more of the chain";
    summary += "; App Transport Security requires SHA-256 or stronger";
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
