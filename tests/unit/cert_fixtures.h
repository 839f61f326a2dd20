// Certificates built by hand for the certificate rules' tests: a healthy
// leaf and CA that each test bends one way.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tlsdiag/certificate.h"

namespace tlsdiag::test {

constexpr UnixSeconds kDay = 86400;
// Scenario's first frame is at 1'700'000'000 s (2023-11-14 22:13:20 UTC).
constexpr UnixSeconds kCaptureStart = 1'700'000'000;

// RSA-2048, SHA-256, SAN DNS:<name>, EKU serverAuth, 90 days around the capture.
inline CertificateInfo healthy_leaf(const std::string& name = "api.example.com") {
    CertificateInfo c;
    c.subject = "CN=" + name + ",O=Example";
    c.subject_cn = name;
    c.issuer = "CN=Example Issuing CA,O=Example";
    c.issuer_cn = "Example Issuing CA";
    c.dns_names = {name};
    c.has_san = true;
    c.signature_hash = SignatureHash::SHA256;
    c.signature_algorithm = "RSA-SHA256";
    c.key_algorithm = KeyAlgorithm::RSA;
    c.key_bits = 2048;
    c.not_before = kCaptureStart - 30 * kDay;
    c.not_after = kCaptureStart + 60 * kDay;
    c.has_eku = true;
    c.eku_oids = {oid::kServerAuth};
    c.has_basic_constraints = true;
    c.has_sct_list = true;
    return c;
}

inline CertificateInfo intermediate_ca(const std::string& cn = "Example Issuing CA") {
    CertificateInfo c;
    c.subject = "CN=" + cn + ",O=Example";
    c.subject_cn = cn;
    c.issuer = "CN=Example Root CA,O=Example";
    c.issuer_cn = "Example Root CA";
    c.signature_hash = SignatureHash::SHA256;
    c.signature_algorithm = "RSA-SHA256";
    c.key_algorithm = KeyAlgorithm::RSA;
    c.key_bits = 4096;
    c.not_before = kCaptureStart - 1000 * kDay;
    c.not_after = kCaptureStart + 1000 * kDay;
    c.has_basic_constraints = true;
    c.is_ca = true;
    return c;
}

inline CertificateInfo root_ca() {
    CertificateInfo c = intermediate_ca("Example Root CA");
    c.issuer = c.subject;
    c.issuer_cn = c.subject_cn;
    c.self_signed = true;
    return c;
}

inline CertificateChain chain_of(std::vector<CertificateInfo> certs) {
    CertificateChain chain;
    for (CertificateInfo& c : certs)
        chain.certs.push_back(std::make_shared<const CertificateInfo>(std::move(c)));
    return chain;
}

}  // namespace tlsdiag::test
