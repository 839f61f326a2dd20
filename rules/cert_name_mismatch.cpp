// cert.name_mismatch: the server's leaf is not valid for the name the client
// asked for in its SNI (RFC 6125 matching, see name_match.h).
#include "cert_common.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/name_match.h"

namespace tlsdiag {

namespace {
constexpr size_t kNamesShown = 4;

std::string names_of(const CertificateInfo& leaf) {
    if (leaf.dns_names.empty())
        return leaf.subject_cn.empty()
                   ? "it has no dNSName and no CN"
                   : "it has no dNSName, and its CN is " + printable(leaf.subject_cn);
    std::vector<std::string> shown;
    for (size_t i = 0; i < leaf.dns_names.size() && i < kNamesShown; ++i)
        shown.push_back(printable(leaf.dns_names[i], 32));
    std::string out = "its names are " + join(shown, ", ");
    if (leaf.dns_names.size() > kNamesShown)
        out += " and " + std::to_string(leaf.dns_names.size() - kNamesShown) + " more";
    return out;
}
}  // namespace

void check_cert_name_mismatch(const RuleInfo& rule, const Connection& conn, const Event& latest,
                              const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    const Event* hello = conn.last_client_hello_event();
    if (!leaf || !hello) return;
    const ClientHello& ch = conn.client_hello(*hello);
    if (!ch.has_sni || ch.sni.empty() || certificate_matches_host(*leaf, ch.sni)) return;
    out.push_back({&rule, latest.frame,
                   cert_phrase(Side::Server, *chain, 0) + " is not valid for " + printable(ch.sni) +
                       " (the ClientHello's SNI): " + names_of(*leaf),
                   hello->frame});
}

}  // namespace tlsdiag
