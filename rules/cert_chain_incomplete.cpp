// cert.chain_incomplete: the chain does not link up: the issuer of a sent
// certificate is neither sent nor (with a trust store) a trusted root. Clients
// that do not fetch missing issuers fail where browsers often do not.
#include "cert_common.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

namespace {

// Where the chain stops: a certificate whose issuer is missing, and that issuer.
struct MissingLink {
    size_t position;
    std::string issuer;
};

std::string issuer_name(const CertificateInfo& c) {
    return c.issuer_cn.empty() ? c.issuer : "CN=" + c.issuer_cn;
}

// With a trust store, GnuTLS's verdict says where the path stops; a chain
// ending at a self-signed root the store lacks is cert.unknown_issuer's.
std::optional<MissingLink> judged_by_store(const CertificateChain& chain) {
    const ChainTrust& t = chain.trust();
    if (t.status != ChainTrust::Status::UnknownIssuer || t.top_self_signed ||
        t.top_position >= chain.certs.size())
        return std::nullopt;
    return MissingLink{t.top_position, t.top_issuer};
}

// Without one, only the leaf can be judged: an intermediate's issuer is a
// root, which servers need not send. A leaf that names where its issuer can
// be fetched (AIA caIssuers, which public CAs put in every leaf they issue
// from an intermediate) and whose issuer is none of the sent certificates is
// incomplete; a private root's leaf without AIA (mkcert, a cluster CA) may be
// issued by the root itself and is not judged.
std::optional<MissingLink> judged_without_store(const CertificateChain& chain) {
    const CertificateInfo* leaf = chain.leaf();
    if (!leaf || leaf->self_signed || leaf->ca_issuers_url.empty()) return std::nullopt;
    for (const auto& c : chain.certs)
        if (!c || (c.get() != leaf && c->subject == leaf->issuer)) return std::nullopt;
    return MissingLink{0, issuer_name(*leaf)};
}

}  // namespace

void check_cert_chain_incomplete(const RuleInfo& rule, const Connection& conn, const Event& latest,
                                 const Settings&, Findings& out) {
    const CertificateChain* chain = conn.certificate_chain(latest);
    if (!chain) return;
    const bool checked = chain->trust().status != ChainTrust::Status::NotChecked;
    const auto missing = checked ? judged_by_store(*chain) : judged_without_store(*chain);
    if (!missing) return;
    const CertificateInfo* top = chain->certs[missing->position].get();
    const std::string who = possessive(latest.from);
    const size_t sent = chain->certs.size();
    const std::string named = chain_position(*chain, missing->position) + " " +
                              printable(top ? top->label() : std::string());
    std::string summary = sent == 1 ? "the " + who + " only certificate, " + named
                                    : "the " + who + " chain stops at " + named;
    summary += ", issued by " + printable(missing->issuer) +
               (checked ? ", which is neither sent nor in the trust store"
                        : ", which is not among the " + std::to_string(sent) + " certificate" +
                              (sent == 1 ? "" : "s") + " sent");
    if (top && !top->ca_issuers_url.empty())
        summary += " (AIA caIssuers " + printable(top->ca_issuers_url, 120) + ")";
    if (latest.from == Side::Server)
        summary +=
            ": browsers that fetch or cache intermediates often connect; Android, Java, "
            "curl/OpenSSL, Python and Go clients fail";
    out.push_back({&rule, latest.frame, summary, 0});
}

}  // namespace tlsdiag
