// The alert.* rules on warning alerts (alert.unrecognized_name_warning, a
// warning the connection ends on) and on alerts that answer the client's
// certificate.
#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
// A TLS 1.2 mutual-TLS handshake up to the client's Certificate (frame 6).
Scenario& until_client_certificate(Scenario& s, CertificateChain client_chain) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .certificate(Side::Client, std::move(client_chain));
}

CertificateChain one_certificate() {
    return chain_of({healthy_leaf("alice.example.com"), intermediate_ca()});
}
}  // namespace

TEST(AlertWarning, ServerWarnsUnrecognizedNameAndGoesOn) {
    Scenario s;
    s.client_hello(modern_hello("shop.example.com"))
        .alert(Side::Server, 1, 112)
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name_warning@3"}));
    const Finding* f = s.find("alert.unrecognized_name_warning");
    EXPECT_EQ(f->related, 2u);
    EXPECT_TRUE(mentions(f->summary, {"server has no host named 'shop.example.com': warning "
                                      "unrecognized_name (112), then it went on with"}));
}

TEST(AlertWarning, OtherWarningsAfterWhichTheConnectionGoesOnAreNoFindings) {
    Scenario s;  // no_renegotiation (100) refuses a renegotiation and carries on
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .record(Side::Client, 23)
        .alert(Side::Server, 1, 100)
        .record(Side::Server, 23)
        .fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AlertWarning, ClientWarningUnrecognizedNameIsNotTheServersWarning) {
    Scenario s;
    s.client_hello(modern_hello())
        .alert(Side::Client, 1, 112)
        .server_hello(server_hello(version::TLS12, 0xc02f));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AlertWarning, WarningTheServerClosesOnIsTheAlertsError) {
    Scenario s;
    s.client_hello(modern_hello("shop.example.com")).alert(Side::Server, 1, 112).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name@3"}));
    const Finding* f = s.find("alert.unrecognized_name");
    EXPECT_EQ(f->related, 2u);
    EXPECT_TRUE(mentions(f->summary, {"server has no host named 'shop.example.com': "
                                      "unrecognized_name (112) after a ClientHello",
                                      "; a warning, then the server closed the connection"}));
}

TEST(AlertWarning, WarningThenCloseNotifyThenResetByThePeer) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate)
        .alert(Side::Client, 1, 46)
        .alert(Side::Client, 1, 0)
        .rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"alert.certificate_unknown@6"}));
    EXPECT_TRUE(mentions(s.find("alert.certificate_unknown")->summary,
                         {"client rejected the server's certificate: certificate_unknown (46) "
                          "after the server's Certificate",
                          "; a warning, then the server reset the connection"}));
}

TEST(AlertWarning, WarningFollowedByRecordsBeforeTheCloseIsNoError) {
    Scenario s;
    s.client_hello(modern_hello())
        .alert(Side::Server, 1, 112)
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .record(Side::Client, 23)
        .fin(Side::Client);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name_warning@3"}));
}

TEST(AlertWarning, ClosureAlertsThenCloseAreNoError) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .alert(Side::Client, 1, 90)
        .alert(Side::Client, 1, 0)
        .fin(Side::Client);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AlertClientCertificate, DecryptErrorAfterTheClientsFlightIsAboutItsCertificate) {
    Scenario s;  // the server could not verify the CertificateVerify signature
    until_client_certificate(s, one_certificate())
        .handshake(Side::Client, hs::CertificateVerify)
        .record(Side::Client, 20)
        .alert(Side::Server, 2, 51);
    EXPECT_EQ(s.ids(), (Ids{"alert.decrypt_error@9"}));
    EXPECT_TRUE(mentions(s.find("alert.decrypt_error")->summary,
                         {"server rejected the client's certificate: decrypt_error (51)"}));
}

TEST(AlertClientCertificate, EmptyClientCertificateIsNoCertificateToReject) {
    Scenario s;
    until_client_certificate(s, CertificateChain{}).alert(Side::Server, 2, 40);
    // tls.client_cert_missing names the cause; the alert stays the symptom.
    EXPECT_EQ(s.ids(), (Ids{"tls.client_cert_missing@7", "alert.handshake_failure@7"}));
    const std::string& summary = s.find("alert.handshake_failure")->summary;
    EXPECT_TRUE(mentions(summary, {"server aborted the handshake: handshake_failure (40)"}));
    EXPECT_EQ(summary.find("rejected"), std::string::npos) << summary;
}

TEST(AlertClientCertificate, AlertAfterAServerMessageIsNotAboutTheClientsCertificate) {
    Scenario s;
    until_client_certificate(s, one_certificate())
        .record(Side::Server, 20)
        .alert(Side::Server, 2, 80);
    EXPECT_EQ(s.ids(), (Ids{"alert.internal_error@8"}));
    EXPECT_TRUE(mentions(s.find("alert.internal_error")->summary,
                         {"server aborted the handshake: internal_error (80)"}));
}

}  // namespace tlsdiag::test
