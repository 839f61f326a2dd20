#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
constexpr const char* kAia = "http://ca.example.com/issuing.crt";

// A leaf from a public-style CA: it says where its issuer can be fetched.
CertificateInfo public_leaf(const std::string& name = "api.example.com") {
    CertificateInfo c = healthy_leaf(name);
    c.ca_issuers_url = kAia;
    return c;
}

CertificateChain with_trust(CertificateChain chain, ChainTrust::Status status, size_t top,
                            const std::string& issuer, bool root) {
    ChainTrust t;
    t.status = status;
    t.top_position = top;
    t.top_subject = chain.certs[top]->label();
    t.top_issuer = issuer;
    t.top_self_signed = root;
    chain.trust_verdict = std::make_shared<const ChainTrust>(t);
    return chain;
}

Scenario& handshake_with(Scenario& s, CertificateChain chain) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, std::move(chain));
}
}  // namespace

TEST(CertChainIncomplete, LeafAloneNamesTheIssuerAndWhereToGetIt) {
    Scenario s;
    handshake_with(s, chain_of({public_leaf()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@3"}));
    EXPECT_EQ(s.find("cert.chain_incomplete")->summary,
              "the server's only certificate, leaf CN=api.example.com, issued by CN=Example "
              "Issuing CA, which is not among the 1 certificate sent (AIA caIssuers "
              "http://ca.example.com/issuing.crt): browsers that fetch or cache intermediates "
              "often connect; Android, Java, curl/OpenSSL, Python and Go clients fail");
}

TEST(CertChainIncomplete, WrongIntermediateSentInstead) {
    Scenario s;
    handshake_with(s, chain_of({public_leaf(), intermediate_ca("Example Old Issuing CA")}));
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@3"}));
    EXPECT_TRUE(mentions(s.find("cert.chain_incomplete")->summary,
                         {"the server's chain stops at leaf CN=api.example.com",
                          "issued by CN=Example Issuing CA, which is not among the 2 "
                          "certificates sent"}));
}

TEST(CertChainIncomplete, FullChainInAnyOrderIsSilent) {
    Scenario in_order, out_of_order;
    handshake_with(in_order, chain_of({public_leaf(), intermediate_ca()}));
    handshake_with(out_of_order, chain_of({public_leaf(), root_ca(), intermediate_ca()}));
    EXPECT_EQ(in_order.ids(), Ids{});
    EXPECT_EQ(out_of_order.ids(), Ids{});
}

TEST(CertChainIncomplete, WithoutTrustStoreALeafWithoutAiaIsNotJudged) {
    // A private root (mkcert, a cluster CA) may issue the leaf itself.
    Scenario s;
    handshake_with(s, chain_of({healthy_leaf()}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertChainIncomplete, SelfSignedLeafIsSelfSignedsBusiness) {
    CertificateInfo leaf = public_leaf();
    leaf.issuer = leaf.subject;
    leaf.issuer_cn = leaf.subject_cn;
    leaf.self_signed = true;
    Scenario s;
    handshake_with(s, chain_of({leaf}));
    EXPECT_EQ(s.ids(), (Ids{"cert.self_signed@3"}));
}

TEST(CertChainIncomplete, UnreadableEntryMayBeTheIssuer) {
    CertificateChain chain = chain_of({public_leaf()});
    chain.certs.push_back(nullptr);
    Scenario s;
    handshake_with(s, std::move(chain));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertChainIncomplete, TrustStoreNamesTheCertificateWhereThePathStops) {
    Scenario s;
    CertificateInfo ca = intermediate_ca();
    ca.issuer = "CN=Example Policy CA,O=Example";
    ca.ca_issuers_url = "http://ca.example.com/policy.crt";
    handshake_with(s, with_trust(chain_of({healthy_leaf(), ca}), ChainTrust::Status::UnknownIssuer,
                                 1, "CN=Example Policy CA", false));
    // cert.unknown_issuer steps aside: the same missing link is said once.
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@3"}));
    EXPECT_EQ(s.find("cert.chain_incomplete")->summary,
              "the server's chain stops at intermediate 2 CN=Example Issuing CA, issued by "
              "CN=Example Policy CA, which is neither sent nor in the trust store (AIA caIssuers "
              "http://ca.example.com/policy.crt): browsers that fetch or cache intermediates "
              "often connect; Android, Java, curl/OpenSSL, Python and Go clients fail");
}

TEST(CertChainIncomplete, TrustStoreJudgesALeafWithoutAia) {
    Scenario s;
    handshake_with(s, with_trust(chain_of({healthy_leaf()}), ChainTrust::Status::UnknownIssuer, 0,
                                 "CN=Example Issuing CA", false));
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@3"}));
    EXPECT_TRUE(mentions(s.find("cert.chain_incomplete")->summary,
                         {"the server's only certificate, leaf CN=api.example.com, issued by "
                          "CN=Example Issuing CA, which is neither sent nor in the trust store:"}));
}

TEST(CertChainIncomplete, TrustedChainOrUntrustedRootIsNotIncomplete) {
    Scenario trusted, root;
    handshake_with(
        trusted, with_trust(chain_of({public_leaf()}), ChainTrust::Status::Trusted, 0, "", false));
    handshake_with(root,
                   with_trust(chain_of({healthy_leaf(), intermediate_ca(), root_ca()}),
                              ChainTrust::Status::UnknownIssuer, 2, "CN=Example Root CA", true));
    EXPECT_EQ(trusted.ids(), Ids{});
    EXPECT_EQ(root.ids(), (Ids{"cert.unknown_issuer@3"}));
}

TEST(CertChainIncomplete, ClientChainSaysItIsTheClientsWithoutBrowserAdvice) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf(), intermediate_ca()}))
        .certificate(Side::Client, chain_of({public_leaf("alice")}));
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@4"}));
    EXPECT_EQ(s.find("cert.chain_incomplete")->summary,
              "the client's only certificate, leaf CN=alice, issued by CN=Example Issuing CA, "
              "which is not among the 1 certificate sent (AIA caIssuers "
              "http://ca.example.com/issuing.crt)");
}

}  // namespace tlsdiag::test
