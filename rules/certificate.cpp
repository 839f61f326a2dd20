#include "tlsdiag/certificate.h"

#include <algorithm>

namespace tlsdiag {

const char* signature_hash_name(SignatureHash h) {
    switch (h) {
    case SignatureHash::Unknown: return "unknown hash";
    case SignatureHash::MD2: return "MD2";
    case SignatureHash::MD5: return "MD5";
    case SignatureHash::SHA1: return "SHA-1";
    case SignatureHash::SHA224: return "SHA-224";
    case SignatureHash::SHA256: return "SHA-256";
    case SignatureHash::SHA384: return "SHA-384";
    case SignatureHash::SHA512: return "SHA-512";
    case SignatureHash::SHA3_256: return "SHA3-256";
    case SignatureHash::SHA3_384: return "SHA3-384";
    case SignatureHash::SHA3_512: return "SHA3-512";
    case SignatureHash::Intrinsic: return "intrinsic (EdDSA)";
    }
    return "unknown hash";
}

const char* key_algorithm_name(KeyAlgorithm k) {
    switch (k) {
    case KeyAlgorithm::Unknown: return "unknown";
    case KeyAlgorithm::RSA: return "RSA";
    case KeyAlgorithm::EC: return "EC";
    case KeyAlgorithm::Ed25519: return "Ed25519";
    case KeyAlgorithm::Ed448: return "Ed448";
    case KeyAlgorithm::DSA: return "DSA";
    }
    return "unknown";
}

bool weaker_than_sha256(SignatureHash h) {
    return h == SignatureHash::MD2 || h == SignatureHash::MD5 || h == SignatureHash::SHA1 ||
           h == SignatureHash::SHA224;
}

bool CertificateInfo::has_eku_purpose(const std::string& oid) const {
    return std::find(eku_oids.begin(), eku_oids.end(), oid) != eku_oids.end();
}

std::string CertificateInfo::label() const {
    if (!subject_cn.empty()) return "CN=" + subject_cn;
    return subject.empty() ? "(empty subject)" : subject;
}

const ChainTrust& CertificateChain::trust() const {
    static const ChainTrust not_checked;
    return trust_verdict ? *trust_verdict : not_checked;
}

std::string chain_position(const CertificateChain& chain, size_t position) {
    if (position == 0) return "leaf";
    const CertificateInfo* c =
        position < chain.certs.size() ? chain.certs[position].get() : nullptr;
    const std::string number = std::to_string(position + 1);
    return (c && c->self_signed ? "root " : "intermediate ") + number;
}

}  // namespace tlsdiag
