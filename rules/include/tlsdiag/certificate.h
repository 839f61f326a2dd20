// What tlsdiag knows about one X.509 certificate and about the chain a peer
// sent in a Certificate message. Plain facts: the plugin fills them from the
// DER (x509/, GnuTLS), unit tests build them by hand, rules read them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tlsdiag {

using UnixSeconds = int64_t;  // seconds since the epoch, UTC

// The hash inside the certificate's signature algorithm. Ed25519/Ed448 sign
// without a separate hash (Intrinsic).
enum class SignatureHash : uint8_t {
    Unknown,
    MD2,
    MD5,
    SHA1,
    SHA224,
    SHA256,
    SHA384,
    SHA512,
    SHA3_256,
    SHA3_384,
    SHA3_512,
    Intrinsic
};
enum class KeyAlgorithm : uint8_t { Unknown, RSA, EC, Ed25519, Ed448, DSA };

const char* signature_hash_name(SignatureHash h);  // "SHA-1", "SHA-256", ...
const char* key_algorithm_name(KeyAlgorithm k);    // "RSA", "EC", ...
// True for MD2, MD5, SHA-1 and SHA-224: digests shorter than SHA-256's.
bool weaker_than_sha256(SignatureHash h);

namespace oid {
constexpr const char* kServerAuth = "1.3.6.1.5.5.7.3.1";
constexpr const char* kClientAuth = "1.3.6.1.5.5.7.3.2";
constexpr const char* kAnyExtendedKeyUsage = "2.5.29.37.0";
}  // namespace oid

struct CertificateInfo {
    std::string subject;     // RFC 4514 string, "CN=api.example.com,O=Example"
    std::string subject_cn;  // last CN attribute, empty when none
    std::string issuer;
    std::string issuer_cn;
    std::vector<std::string> dns_names;  // subjectAltName dNSName entries, as encoded
    std::vector<std::string>
        ip_addresses;      // subjectAltName iPAddress, textual ("127.0.0.1", "::1")
    bool has_san = false;  // the subjectAltName extension is present

    SignatureHash signature_hash = SignatureHash::Unknown;
    std::string signature_algorithm;  // as GnuTLS names it, "RSA-SHA256"
    KeyAlgorithm key_algorithm = KeyAlgorithm::Unknown;
    unsigned key_bits = 0;  // RSA modulus / EC field size / ...
    std::string curve;      // "SECP256R1" for EC keys

    UnixSeconds not_before = 0;
    UnixSeconds not_after = 0;

    bool has_eku = false;               // extendedKeyUsage present
    std::vector<std::string> eku_oids;  // its purposes, dotted OIDs
    bool has_basic_constraints = false;
    bool is_ca = false;         // basicConstraints cA
    bool self_signed = false;   // issuer == subject and its own key verifies it
    bool has_sct_list = false;  // embedded SCTs (RFC 6962 extension)
    // The first caIssuers URI of authorityInformationAccess (RFC 5280
    // 4.2.2.1): where a client that fetches missing issuers gets this one's.
    std::string ca_issuers_url;

    std::string sha256_fingerprint;  // lower-case hex of the DER's SHA-256

    bool has_eku_purpose(const std::string& oid) const;
    // "CN=api.example.com", or the whole subject when it has no CN.
    std::string label() const;
};

// The result of checking the chain against the analyst's CA bundle
// (preference tlsdiag.trust_store). Judged without any time check.
struct ChainTrust {
    enum class Status : uint8_t {
        NotChecked,     // no trust store configured, or nothing parsed
        Trusted,        // reaches a root of the store
        UnknownIssuer,  // does not: no certificate of the store signs the chain's top
    };
    Status status = Status::NotChecked;
    std::string top_subject;       // the chain's last certificate that could be placed
    size_t top_position = 0;       // its index in CertificateChain::certs
    std::string top_issuer;        // whom it names as issuer (the missing link)
    bool top_self_signed = false;  // the chain ends at a root the store does not hold
};

// The certificates of one Certificate message, leaf first, as sent. An entry
// is null when its DER could not be read: rules skip it and say nothing.
struct CertificateChain {
    std::vector<std::shared_ptr<const CertificateInfo>> certs;  // leaf first
    // Null unless a trust store judged the chain: a connection keeps its
    // chains until the capture is closed, and most captures set no store.
    std::shared_ptr<const ChainTrust> trust_verdict;

    const CertificateInfo* leaf() const { return certs.empty() ? nullptr : certs.front().get(); }
    const ChainTrust& trust() const;  // Status::NotChecked without a verdict
};

// "leaf", "intermediate 2", "root 3" (position is 0-based).
std::string chain_position(const CertificateChain& chain, size_t position);

}  // namespace tlsdiag
