// ats.cert_key_size: the server's leaf key is RSA below 2048 bits or EC below
// 256 bits, which App Transport Security refuses.
#include "cert_common.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

namespace {
constexpr unsigned kMinRsaBits = 2048, kMinEcBits = 256;
}

void check_ats_cert_key_size(const RuleInfo& rule, const Connection& conn, const Event& latest,
                             const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    if (!leaf || leaf->key_bits == 0) return;
    const bool small = (leaf->key_algorithm == KeyAlgorithm::RSA && leaf->key_bits < kMinRsaBits) ||
                       (leaf->key_algorithm == KeyAlgorithm::EC && leaf->key_bits < kMinEcBits);
    if (!small) return;
    std::string key =
        std::to_string(leaf->key_bits) + "-bit " + key_algorithm_name(leaf->key_algorithm);
    if (!leaf->curve.empty()) key += " (" + leaf->curve + ")";
    out.push_back({&rule, latest.frame,
                   cert_phrase(Side::Server, *chain, 0) + " has a " + key +
                       " key; App Transport Security requires RSA of at least 2048 bits or EC of "
                       "at least 256 bits",
                   0});
}

}  // namespace tlsdiag
