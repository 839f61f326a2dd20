#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
CertificateChain with_trust(CertificateChain chain, ChainTrust::Status status,
                            const std::string& top, const std::string& issuer, bool root) {
    ChainTrust t;
    t.status = status;
    t.top_subject = top;
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

TEST(CertUnknownIssuer, StepsAsideWhenTheChainStopsBelowARoot) {
    // The missing link is cert.chain_incomplete's to name: said once, not twice.
    Scenario s;
    handshake_with(s, with_trust(chain_of({healthy_leaf()}), ChainTrust::Status::UnknownIssuer,
                                 "CN=api.example.com", "CN=Example Issuing CA", false));
    EXPECT_EQ(s.ids(), (Ids{"cert.chain_incomplete@3"}));
}

TEST(CertUnknownIssuer, UntrustedRoot) {
    Scenario s;
    handshake_with(s, with_trust(chain_of({healthy_leaf(), intermediate_ca(), root_ca()}),
                                 ChainTrust::Status::UnknownIssuer, "CN=Example Root CA",
                                 "CN=Example Root CA", true));
    EXPECT_TRUE(mentions(s.find("cert.unknown_issuer")->summary,
                         {"the server's chain ends at the self-signed root CN=Example Root CA",
                          "which the trust store does not hold"}));
}

TEST(CertUnknownIssuer, TrustedOrUncheckedChainsAreSilent) {
    Scenario trusted, unchecked;
    handshake_with(trusted, with_trust(chain_of({healthy_leaf()}), ChainTrust::Status::Trusted, "",
                                       "", false));
    handshake_with(unchecked, chain_of({healthy_leaf()}));
    EXPECT_EQ(trusted.ids(), Ids{});
    EXPECT_EQ(unchecked.ids(), Ids{});
}

TEST(CertUnknownIssuer, ClientChainSaysItIsTheClients) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .certificate(Side::Client, with_trust(chain_of({healthy_leaf("alice"), root_ca()}),
                                              ChainTrust::Status::UnknownIssuer,
                                              "CN=Example Root CA", "CN=Example Root CA", true));
    EXPECT_EQ(s.ids(), (Ids{"cert.unknown_issuer@4"}));
    EXPECT_EQ(s.find("cert.unknown_issuer")->summary,
              "the client's chain ends at the self-signed root CN=Example Root CA, which the "
              "trust store does not hold");
}

}  // namespace tlsdiag::test
