// The certificate cache and the chain check against the analyst's CA bundle.
#include <unordered_map>

#include "gnutls_util.h"
#include "tlsdiag/x509.h"

namespace tlsdiag::x509 {

namespace {

// A long capture of many servers must not grow without bound; past this many
// distinct certificates the cache starts over (a miss only costs a parse).
constexpr size_t kMaxCached = 4096;

struct TrustListDeleter {
    void operator()(gnutls_x509_trust_list_st* list) const {
        gnutls_x509_trust_list_deinit(list, 1);
    }
};
using TrustList = std::unique_ptr<gnutls_x509_trust_list_st, TrustListDeleter>;

struct Entry {
    std::shared_ptr<const CertificateInfo> info;
    Crt crt;
};

}  // namespace

struct CertificateReader::Impl {
    // By the DER itself: hashing it for the lookup costs a fraction of a
    // SHA-256 (which was a quarter of tlsdiag's time on a busy capture).
    std::unordered_map<std::string, Entry> entries;
    // By the chain's fingerprints; shared with the chains that got them.
    std::unordered_map<std::string, std::shared_ptr<const ChainTrust>> verdicts;
    size_t parses = 0;
    std::string store_path;
    TrustList store;

    const Entry& get(const std::string& der) {
        auto it = entries.find(der);
        if (it != entries.end()) return it->second;
        ++parses;
        Parsed p = parse_der(reinterpret_cast<const unsigned char*>(der.data()), der.size());
        return entries.emplace(der, Entry{std::move(p.info), std::move(p.crt)}).first->second;
    }

    ChainTrust verify(const std::vector<const Entry*>& chain) {
        std::vector<gnutls_x509_crt_t> crts;
        crts.reserve(chain.size());
        for (const Entry* e : chain) crts.push_back(e->crt.get());
        unsigned status = 0;
        ChainTrust trust;
        if (gnutls_x509_trust_list_verify_crt(store.get(), crts.data(),
                                              static_cast<unsigned>(crts.size()), kVerifyFlags,
                                              &status, nullptr) < 0)
            return trust;
        if (status == 0) {
            trust.status = ChainTrust::Status::Trusted;
            return trust;
        }
        if (!(status & GNUTLS_CERT_SIGNER_NOT_FOUND)) return trust;  // another failure: no verdict
        // Follow the issuers from the leaf through what was sent: where the
        // path stops is the certificate whose issuer is missing.
        const Entry* top = chain.front();
        for (size_t hops = 0; hops < chain.size(); ++hops) {
            const Entry* next = nullptr;
            for (const Entry* e : chain)
                if (e != top && gnutls_x509_crt_check_issuer(top->crt.get(), e->crt.get()))
                    next = e;
            if (!next || top->info->self_signed) break;
            top = next;
        }
        trust.status = ChainTrust::Status::UnknownIssuer;
        trust.top_subject = top->info->label();
        for (size_t i = 0; i < chain.size(); ++i)
            if (chain[i] == top) trust.top_position = i;
        trust.top_self_signed = top->info->self_signed;
        trust.top_issuer = issuer_label(top->crt.get());
        return trust;
    }
};

CertificateReader::CertificateReader() : impl_(new Impl) {}
CertificateReader::~CertificateReader() = default;

bool CertificateReader::set_trust_store(const std::string& path, std::string* error) {
    if (path == impl_->store_path && (impl_->store || path.empty())) return true;
    impl_->store.reset();
    impl_->store_path = path;
    impl_->verdicts.clear();
    if (path.empty()) return true;
    gnutls_x509_trust_list_t raw = nullptr;
    if (gnutls_x509_trust_list_init(&raw, 0) < 0) {
        if (error) *error = "cannot create a trust list";
        return false;
    }
    TrustList list(raw);
    const int added = gnutls_x509_trust_list_add_trust_file(raw, path.c_str(), nullptr,
                                                            GNUTLS_X509_FMT_PEM, 0, 0);
    if (added <= 0) {
        if (error) *error = added < 0 ? gnutls_strerror(added) : "no certificate in the file";
        return false;
    }
    impl_->store = std::move(list);
    return true;
}

const std::string& CertificateReader::trust_store() const {
    return impl_->store_path;
}

CertificateChain CertificateReader::read_chain(const std::vector<std::string>& ders) {
    if (impl_->entries.size() >= kMaxCached) impl_->entries.clear(), impl_->verdicts.clear();
    CertificateChain chain;
    std::vector<const Entry*> readable;
    std::string key;
    for (const std::string& der : ders) {
        const Entry& e = impl_->get(der);
        chain.certs.push_back(e.info);
        if (e.info) {
            readable.push_back(&e);
            key += e.info->sha256_fingerprint;
        }
    }
    // No verdict on a chain with an unreadable entry: it may be the very
    // issuer the check would miss, and "unknown issuer" would be a guess.
    if (!impl_->store || readable.empty() || readable.size() != ders.size()) return chain;
    auto it = impl_->verdicts.find(key);
    if (it == impl_->verdicts.end())
        it = impl_->verdicts
                 .emplace(key, std::make_shared<const ChainTrust>(impl_->verify(readable)))
                 .first;
    chain.trust_verdict = it->second;
    return chain;
}

size_t CertificateReader::parses() const {
    return impl_->parses;
}
size_t CertificateReader::cached() const {
    return impl_->entries.size();
}

}  // namespace tlsdiag::x509
