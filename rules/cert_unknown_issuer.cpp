// cert.unknown_issuer: checked against the analyst's CA bundle (preference
// tlsdiag.trust_store), the chain does not reach a trusted root. The verdict
// is a fact the plugin computes (x509/); this check only words it.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_unknown_issuer(const RuleInfo& rule, const Connection& conn, const Event& latest,
                               const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    if (!chain || chain->trust().status != ChainTrust::Status::UnknownIssuer) return;
    const ChainTrust& t = chain->trust();
    const std::string top = printable(t.top_subject), issuer = printable(t.top_issuer);
    const std::string who = possessive(latest.from);
    std::string summary;
    if (t.top_self_signed) {
        summary = "the " + who + " chain ends at the self-signed root " + top +
                  ", which the trust store does not hold";
    } else {
        const std::string sent = chain->certs.size() == 1
                                     ? "the " + who + " only certificate, " + top
                                     : "the " + who + " chain ends at " + top;
        summary = sent + ", issued by " + issuer +
                  ", which is neither sent nor in the trust store: a missing intermediate " +
                  issuer + ", or a CA the store does not trust";
    }
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
