#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

TEST(CertNotYetValid, LeafIssuedForTheFuture) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_before = kCaptureStart + 10 * kDay;
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({leaf}));
    EXPECT_EQ(s.ids(), (Ids{"cert.not_yet_valid@3"}));
    EXPECT_EQ(s.find("cert.not_yet_valid")->summary,
              "leaf CN=api.example.com is not valid before 2023-11-24, 10 days after this capture");
}

TEST(CertNotYetValid, ValidFromTheVerySecond) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_before = kCaptureStart;
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({leaf}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertNotYetValid, ClientCertificateFollowedByBadCertificate) {
    CertificateInfo client = healthy_leaf("client.example.com");
    client.not_before = 4070908800;  // 2099-01-01
    client.not_after = 4102358400;
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .certificate(Side::Client, chain_of({client}))
        .handshake(Side::Client, hs::ClientKeyExchange)
        .alert(Side::Server, 2, 42);
    EXPECT_EQ(s.ids(), (Ids{"cert.not_yet_valid@6", "alert.bad_certificate@8"}));
    EXPECT_TRUE(mentions(s.find("cert.not_yet_valid")->summary,
                         {"client's leaf CN=client.example.com is not valid before 2099-01-01"}));
    const Finding* alert = s.find("alert.bad_certificate");
    EXPECT_EQ(alert->related, 6u);
    EXPECT_TRUE(mentions(alert->summary, {"server rejected the client's certificate",
                                          "not valid before 2099-01-01"}));
}

TEST(CertNotYetValid, LeafIsReportedBeforeTheIntermediate) {
    CertificateInfo ca = intermediate_ca();
    ca.not_before = kCaptureStart + 3600;
    CertificateInfo leaf = healthy_leaf();
    leaf.not_before = kCaptureStart + 7200;
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({leaf, ca}));
    EXPECT_EQ(s.ids(), (Ids{"cert.not_yet_valid@3"}));
    EXPECT_TRUE(mentions(s.find("cert.not_yet_valid")->summary,
                         {"leaf CN=api.example.com", "2 hours after this capture"}));
}

}  // namespace tlsdiag::test
