#include <gtest/gtest.h>

#include "make_cert.h"
#include "tlsdiag/x509.h"

namespace tlsdiag::x509::test {

namespace {
std::shared_ptr<const CertificateInfo> parse_made(const CertSpec& spec, const MadeCert* issuer) {
    MadeCert c(spec, issuer);
    return parse(c.bytes(), c.der().size());
}

const MadeCert& test_ca() {
    static const MadeCert ca(
        [] {
            CertSpec s;
            s.cn = "tlsdiag test CA";
            s.dns.clear();
            s.eku.clear();
            s.ca = true;
            return s;
        }(),
        nullptr);
    return ca;
}
}  // namespace

TEST(X509Parse, ReadsEveryFactOfAServerCertificate) {
    CertSpec spec;
    spec.dns = {"api.example.com", "*.api.example.com"};
    spec.ips = {std::string("\x7f\x00\x00\x01", 4),
                std::string("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16)};
    spec.sct = true;
    MadeCert leaf(spec, &test_ca());
    auto info = parse(leaf.bytes(), leaf.der().size());
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->subject_cn, "api.example.com");
    EXPECT_NE(info->subject.find("CN=api.example.com"), std::string::npos) << info->subject;
    EXPECT_EQ(info->issuer_cn, "tlsdiag test CA");
    EXPECT_EQ(info->dns_names, (std::vector<std::string>{"api.example.com", "*.api.example.com"}));
    EXPECT_EQ(info->ip_addresses, (std::vector<std::string>{"127.0.0.1", "2001:db8::1"}));
    EXPECT_TRUE(info->has_san);
    EXPECT_EQ(info->signature_hash, SignatureHash::SHA256);
    EXPECT_EQ(info->signature_algorithm, "RSA-SHA256");
    EXPECT_EQ(info->key_algorithm, KeyAlgorithm::RSA);
    EXPECT_EQ(info->key_bits, 1024u);
    EXPECT_EQ(info->not_before, 1700000000 - 86400);
    EXPECT_EQ(info->not_after, 1700000000 + 86400 * 90);
    EXPECT_TRUE(info->has_eku);
    EXPECT_EQ(info->eku_oids, (std::vector<std::string>{oid::kServerAuth}));
    EXPECT_TRUE(info->has_basic_constraints);
    EXPECT_FALSE(info->is_ca);
    EXPECT_FALSE(info->self_signed);
    EXPECT_TRUE(info->has_sct_list);
    EXPECT_EQ(info->sha256_fingerprint.size(), 64u);
}

TEST(X509Parse, CaIssuersUrlAfterAnOcspEntry) {
    CertSpec spec;
    spec.ocsp = {"http://ocsp.example.com"};
    spec.ca_issuers = {"http://ca.example.com/issuing.crt", "http://ca.example.com/second.crt"};
    auto info = parse_made(spec, &test_ca());
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->ca_issuers_url, "http://ca.example.com/issuing.crt");
}

TEST(X509Parse, NoAiaOrOcspOnlyGivesNoCaIssuersUrl) {
    CertSpec ocsp_only;
    ocsp_only.ocsp = {"http://ocsp.example.com"};
    auto none = parse_made(CertSpec{}, &test_ca());
    auto ocsp = parse_made(ocsp_only, &test_ca());
    ASSERT_NE(none, nullptr);
    ASSERT_NE(ocsp, nullptr);
    EXPECT_EQ(none->ca_issuers_url, "");
    EXPECT_EQ(ocsp->ca_issuers_url, "");
}

TEST(X509Parse, SelfSignedCaAndEcKey) {
    CertSpec spec;
    spec.key = GNUTLS_PK_ECDSA;
    spec.bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1);
    spec.digest = GNUTLS_DIG_SHA384;
    spec.ca = true;
    spec.eku.clear();
    auto info = parse_made(spec, nullptr);
    ASSERT_NE(info, nullptr);
    EXPECT_TRUE(info->self_signed);
    EXPECT_TRUE(info->is_ca);
    EXPECT_FALSE(info->has_eku);
    EXPECT_EQ(info->key_algorithm, KeyAlgorithm::EC);
    EXPECT_EQ(info->key_bits, 256u);
    EXPECT_EQ(info->curve, "SECP256R1");
    EXPECT_EQ(info->signature_hash, SignatureHash::SHA384);
}

TEST(X509Parse, Sha1SignatureAndClientAuthOnly) {
    CertSpec spec;
    spec.digest = GNUTLS_DIG_SHA1;
    spec.eku = {GNUTLS_KP_TLS_WWW_CLIENT};
    auto info = parse_made(spec, &test_ca());
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->signature_hash, SignatureHash::SHA1);
    EXPECT_EQ(info->eku_oids, (std::vector<std::string>{oid::kClientAuth}));
}

TEST(X509Parse, NoSubjectAltName) {
    CertSpec spec;
    spec.dns.clear();
    auto info = parse_made(spec, &test_ca());
    ASSERT_NE(info, nullptr);
    EXPECT_FALSE(info->has_san);
    EXPECT_TRUE(info->dns_names.empty());
    EXPECT_EQ(info->subject_cn, "api.example.com");
}

TEST(X509Parse, DatesBeyond2038AndBefore1970) {
    CertSpec spec;
    spec.not_before = 4070908800;  // 2099-01-01
    spec.not_after = 4102358400;
    auto info = parse_made(spec, &test_ca());
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->not_before, 4070908800);
    EXPECT_EQ(info->not_after, 4102358400);
}

TEST(X509Parse, GarbageAndTruncatedDerGiveNothing) {
    MadeCert leaf(CertSpec{}, &test_ca());
    const std::string& der = leaf.der();
    EXPECT_EQ(parse(nullptr, 0), nullptr);
    EXPECT_EQ(parse(leaf.bytes(), 0), nullptr);
    for (size_t cut : {size_t{1}, size_t{4}, der.size() / 2, der.size() - 1})
        EXPECT_EQ(parse(leaf.bytes(), cut), nullptr) << "cut at " << cut;
    std::string garbage(300, '\x30');
    EXPECT_EQ(parse(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size()), nullptr);
    std::string random_bytes;
    for (int i = 0; i < 500; ++i) random_bytes += static_cast<char>((i * 7919) & 0xff);
    EXPECT_EQ(parse(reinterpret_cast<const uint8_t*>(random_bytes.data()), random_bytes.size()),
              nullptr);
}

TEST(X509Parse, EveryByteFlippedNeverCrashes) {
    MadeCert leaf(CertSpec{}, &test_ca());
    std::string der = leaf.der();
    size_t parsed = 0;
    for (size_t i = 0; i < der.size(); ++i) {
        std::string bad = der;
        bad[i] = static_cast<char>(bad[i] ^ 0xff);
        auto info = parse(reinterpret_cast<const uint8_t*>(bad.data()), bad.size());
        if (info) ++parsed;
    }
    // Many flips land in the key or the signature and still parse; the
    // structure flips do not. Either way, no crash and no exception.
    EXPECT_LT(parsed, der.size());
}

}  // namespace tlsdiag::x509::test
