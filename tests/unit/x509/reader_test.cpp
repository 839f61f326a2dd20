#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "make_cert.h"
#include "tlsdiag/x509.h"

namespace tlsdiag::x509::test {

namespace {
CertSpec ca_spec(const std::string& cn) {
    CertSpec s;
    s.cn = cn;
    s.dns.clear();
    s.eku.clear();
    s.ca = true;
    return s;
}

struct Pki {
    MadeCert root{ca_spec("tlsdiag root"), nullptr};
    MadeCert intermediate{ca_spec("tlsdiag intermediate"), &root};
    MadeCert leaf{CertSpec{}, &intermediate};
    MadeCert other_root{ca_spec("other root"), nullptr};
};

const Pki& pki() {
    static const Pki p;
    return p;
}

std::string write_bundle(const std::string& name, const std::string& pem) {
    std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << pem;
    return path;
}
}  // namespace

TEST(CertificateReader, ParsesEachDistinctCertificateOnce) {
    CertificateReader reader;
    const std::vector<std::string> chain = {pki().leaf.der(), pki().intermediate.der()};
    for (int connection = 0; connection < 100; ++connection) {
        CertificateChain c = reader.read_chain(chain);
        ASSERT_EQ(c.certs.size(), 2u);
        ASSERT_NE(c.leaf(), nullptr);
    }
    EXPECT_EQ(reader.parses(), 2u);
    EXPECT_EQ(reader.cached(), 2u);
    // The same facts are shared, not copied, across connections.
    EXPECT_EQ(reader.read_chain(chain).certs[0], reader.read_chain(chain).certs[0]);
}

TEST(CertificateReader, UnreadableEntriesAreNullAndParsedOnceToo) {
    CertificateReader reader;
    const std::string truncated = pki().leaf.der().substr(0, 100);
    for (int i = 0; i < 3; ++i) {
        CertificateChain c = reader.read_chain({truncated, pki().intermediate.der(), "garbage"});
        ASSERT_EQ(c.certs.size(), 3u);
        EXPECT_EQ(c.certs[0], nullptr);
        EXPECT_NE(c.certs[1], nullptr);
        EXPECT_EQ(c.certs[2], nullptr);
    }
    EXPECT_EQ(reader.parses(), 3u);
}

TEST(CertificateReader, WithoutTrustStoreNothingIsChecked) {
    CertificateReader reader;
    EXPECT_EQ(reader.read_chain({pki().leaf.der()}).trust().status, ChainTrust::Status::NotChecked);
}

TEST(CertificateReader, FullChainToTrustedRootIsTrusted) {
    CertificateReader reader;
    std::string error;
    ASSERT_TRUE(reader.set_trust_store(write_bundle("root.pem", pki().root.pem()), &error))
        << error;
    EXPECT_EQ(reader.read_chain({pki().leaf.der(), pki().intermediate.der()}).trust().status,
              ChainTrust::Status::Trusted);
    EXPECT_EQ(reader.read_chain({pki().leaf.der(), pki().intermediate.der(), pki().root.der()})
                  .trust()
                  .status,
              ChainTrust::Status::Trusted);
}

TEST(CertificateReader, MissingIntermediateIsNamed) {
    CertificateReader reader;
    ASSERT_TRUE(reader.set_trust_store(write_bundle("root2.pem", pki().root.pem()), nullptr));
    ChainTrust t = reader.read_chain({pki().leaf.der()}).trust();
    EXPECT_EQ(t.status, ChainTrust::Status::UnknownIssuer);
    EXPECT_EQ(t.top_subject, "CN=api.example.com");
    EXPECT_EQ(t.top_issuer, "CN=tlsdiag intermediate");
    EXPECT_EQ(t.top_position, 0u);
    EXPECT_FALSE(t.top_self_signed);
}

TEST(CertificateReader, PathStopsAtAnIntermediateSentOutOfOrder) {
    // The leaf, an unrelated root, then the intermediate: the path is followed by
    // issuer, not by position, and stops at the intermediate (its root is not in
    // the store).
    CertificateReader reader;
    ASSERT_TRUE(
        reader.set_trust_store(write_bundle("other3.pem", pki().other_root.pem()), nullptr));
    ChainTrust t =
        reader.read_chain({pki().leaf.der(), pki().other_root.der(), pki().intermediate.der()})
            .trust();
    EXPECT_EQ(t.status, ChainTrust::Status::UnknownIssuer);
    EXPECT_EQ(t.top_subject, "CN=tlsdiag intermediate");
    EXPECT_EQ(t.top_position, 2u);
    EXPECT_EQ(t.top_issuer, "CN=tlsdiag root");
    EXPECT_FALSE(t.top_self_signed);
}

TEST(CertificateReader, UntrustedRootIsSaidToBeOne) {
    CertificateReader reader;
    ASSERT_TRUE(reader.set_trust_store(write_bundle("other.pem", pki().other_root.pem()), nullptr));
    ChainTrust t =
        reader.read_chain({pki().leaf.der(), pki().intermediate.der(), pki().root.der()}).trust();
    EXPECT_EQ(t.status, ChainTrust::Status::UnknownIssuer);
    EXPECT_EQ(t.top_subject, "CN=tlsdiag root");
    EXPECT_EQ(t.top_position, 2u);
    EXPECT_TRUE(t.top_self_signed);
}

TEST(CertificateReader, ExpiredCertificatesAreStillTrustedChains) {
    // Validity is judged at capture time by the rules, never by the wall clock.
    CertSpec old;
    old.not_before = 946684800;  // 2000
    old.not_after = 978307200;   // 2001
    MadeCert expired(old, &pki().intermediate);
    CertificateReader reader;
    ASSERT_TRUE(reader.set_trust_store(write_bundle("root3.pem", pki().root.pem()), nullptr));
    EXPECT_EQ(reader.read_chain({expired.der(), pki().intermediate.der()}).trust().status,
              ChainTrust::Status::Trusted);
}

TEST(CertificateReader, UnusableTrustStoreIsReported) {
    CertificateReader reader;
    std::string error;
    EXPECT_FALSE(reader.set_trust_store("/nonexistent/ca.pem", &error));
    EXPECT_FALSE(error.empty());
    EXPECT_FALSE(reader.set_trust_store(write_bundle("empty.pem", "not a pem\n"), &error));
    EXPECT_EQ(reader.read_chain({pki().leaf.der()}).trust().status, ChainTrust::Status::NotChecked);
    EXPECT_TRUE(reader.set_trust_store("", &error));
}

TEST(CertificateReader, ChainWithAnUnreadableEntryGetsNoVerdict) {
    CertificateReader reader;
    ASSERT_TRUE(reader.set_trust_store(write_bundle("root4.pem", pki().root.pem()), nullptr));
    EXPECT_EQ(reader.read_chain({"garbage", pki().intermediate.der()}).trust().status,
              ChainTrust::Status::NotChecked);
    // The unreadable one may be the very intermediate the leaf needs.
    EXPECT_EQ(reader.read_chain({pki().leaf.der(), "garbage"}).trust().status,
              ChainTrust::Status::NotChecked);
}

}  // namespace tlsdiag::x509::test
