// ats.cert_no_server_auth: the server's leaf restricts its use with an
// extendedKeyUsage that does not include id-kp-serverAuth (nor
// anyExtendedKeyUsage), so Apple's TLS client rejects it as a server's.
#include "cert_common.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"

namespace tlsdiag {

namespace {
std::string purpose_name(const std::string& oid) {
    static const std::pair<const char*, const char*> names[] = {
        {"1.3.6.1.5.5.7.3.1", "serverAuth"},   {"1.3.6.1.5.5.7.3.2", "clientAuth"},
        {"1.3.6.1.5.5.7.3.3", "codeSigning"},  {"1.3.6.1.5.5.7.3.4", "emailProtection"},
        {"1.3.6.1.5.5.7.3.8", "timeStamping"}, {"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
    };
    for (const auto& n : names)
        if (oid == n.first) return n.second;
    return oid;
}
}  // namespace

void check_ats_cert_no_server_auth(const RuleInfo& rule, const Connection& conn,
                                   const Event& latest, const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    if (!leaf || !leaf->has_eku || leaf->has_eku_purpose(oid::kServerAuth) ||
        leaf->has_eku_purpose(oid::kAnyExtendedKeyUsage))
        return;
    std::vector<std::string> purposes;
    for (const std::string& o : leaf->eku_oids) purposes.push_back(purpose_name(o));
    out.push_back({&rule, latest.frame,
                   cert_phrase(Side::Server, *chain, 0) + " has an extendedKeyUsage of " +
                       (purposes.empty() ? std::string("no purpose") : join(purposes, ", ")) +
                       " without serverAuth; Apple requires id-kp-serverAuth in a TLS server "
                       "certificate",
                   0});
}

}  // namespace tlsdiag
