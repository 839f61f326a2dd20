#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
Scenario& until_server_certificate(Scenario& s, CertificateChain chain) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, std::move(chain));
}
}  // namespace

TEST(CertExpired, LeafExpiredDaysBeforeTheCapture) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart - 35 * kDay;  // 2023-10-10 22:13:20
    Scenario s;
    until_server_certificate(s, chain_of({leaf, intermediate_ca()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.expired@3"}));
    EXPECT_EQ(s.find("cert.expired")->summary,
              "leaf CN=api.example.com expired 2023-10-10, 35 days before this capture");
}

TEST(CertExpired, IntermediateExpiredIsNamedByPosition) {
    CertificateInfo ca = intermediate_ca();
    ca.not_after = kCaptureStart - 2 * 3600;
    Scenario s;
    until_server_certificate(s, chain_of({healthy_leaf(), ca, root_ca()}));
    EXPECT_TRUE(mentions(s.find("cert.expired")->summary,
                         {"intermediate 2 CN=Example Issuing CA expired 2023-11-14",
                          "2 hours before this capture"}));
}

TEST(CertExpired, ValidUntilTheLastSecondIsNotExpired) {
    // notAfter is inclusive (RFC 5280 §4.1.2.5): valid at that very second.
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart;  // the Certificate comes 3 ms into that second
    Scenario s;
    until_server_certificate(s, chain_of({leaf}));
    // Not expired: only about to be (cert.expires_soon).
    EXPECT_EQ(s.ids(), (Ids{"cert.expires_soon@3"}));
}

TEST(CertExpired, OneSecondPastNotAfterIsExpired) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart - 1;
    Scenario s;
    until_server_certificate(s, chain_of({leaf}));
    EXPECT_TRUE(mentions(s.find("cert.expired")->summary, {"1 second before this capture"}));
}

TEST(CertExpired, ClientCertificateSaysItIsTheClients) {
    CertificateInfo client = healthy_leaf("alice");
    client.dns_names.clear();
    client.not_after = kCaptureStart - 400 * kDay;
    Scenario s;
    until_server_certificate(s, chain_of({healthy_leaf()}))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .certificate(Side::Client, chain_of({client}))
        .alert(Side::Server, 2, 45);
    EXPECT_EQ(s.ids(), (Ids{"cert.expired@6", "alert.certificate_expired@7"}));
    EXPECT_TRUE(mentions(s.find("cert.expired")->summary,
                         {"client's leaf CN=alice expired", "400 days before this capture"}));
    // The alert says why the server rejected the certificate.
    EXPECT_TRUE(mentions(s.find("alert.certificate_expired")->summary,
                         {"server rejected the client's certificate",
                          "after the client's Certificate", "client's leaf CN=alice expired"}));
}

TEST(CertExpired, UnreadableCertificatesSayNothing) {
    CertificateChain chain;
    chain.certs = {nullptr, nullptr};
    Scenario s;
    until_server_certificate(s, chain);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertExpired, CertificateWithoutChainSaysNothing) {
    Scenario s;  // a Certificate seen but not read (plain handshake event)
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertExpired, HealthyChainHasNoFindingAtAll) {
    Scenario s;
    until_server_certificate(s, chain_of({healthy_leaf(), intermediate_ca(), root_ca()}));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
