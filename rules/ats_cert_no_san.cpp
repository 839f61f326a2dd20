// ats.cert_no_san: the server's leaf names its host only in the CN, which iOS
// 13 / macOS 10.15 and later no longer read: the name must be a SAN dNSName.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_ats_cert_no_san(const RuleInfo& rule, const Connection& conn, const Event& latest,
                           const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    if (!leaf || !leaf->dns_names.empty()) return;
    std::string summary = cert_phrase(Side::Server, *chain, 0) + " has ";
    summary += !leaf->has_san               ? "no subjectAltName extension"
               : leaf->ip_addresses.empty() ? "a subjectAltName without any dNSName"
                                            : "a subjectAltName with IP addresses only";
    summary +=
        "; iOS 13 and macOS 10.15 and later ignore the CN and need the host name as a "
        "SAN dNSName";
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
