#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {

const std::vector<std::string> kClientCa{"CN=Example Client CA,O=Example"};

// TLS 1.2 up to the server's ServerHelloDone (frame 4); the request is frame 3.
Scenario& tls12_request(Scenario& s, std::vector<std::string> authorities = kClientCa) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate_request(std::move(authorities))
        .handshake(Side::Server, hs::ServerHelloDone);
}

// The client's answer without a certificate (frames 5-7): an empty
// Certificate, ClientKeyExchange, ChangeCipherSpec.
Scenario& empty_answer(Scenario& s) {
    return s.certificate(Side::Client, CertificateChain{})
        .handshake(Side::Client, hs::ClientKeyExchange)
        .record(Side::Client, 20);
}

// TLS 1.3 decrypted with a key log, up to the client's Finished (frame 8):
// the request is frame 3, the client's empty Certificate frame 7.
Scenario& tls13_empty_answer(Scenario& s, std::vector<std::string> authorities = kClientCa) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .certificate_request(std::move(authorities))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .handshake(Side::Server, hs::CertificateVerify)
        .handshake(Side::Server, hs::Finished)
        .certificate(Side::Client, CertificateChain{})
        .handshake(Side::Client, hs::Finished);
}

}  // namespace

TEST(TlsClientCertMissing, Tls12EmptyCertificateThenHandshakeFailure) {
    Scenario s;
    empty_answer(tls12_request(s)).alert(Side::Server, 2, 40).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tls.client_cert_missing@8", "alert.handshake_failure@8"}));
    const Finding* f = s.find("tls.client_cert_missing");
    EXPECT_EQ(f->summary,
              "server asked for a client certificate from CA 'CN=Example Client CA,O=Example' "
              "and the client sent an empty Certificate; the server then ended the handshake "
              "with handshake_failure (40)");
    EXPECT_EQ(f->related, 3u);
}

TEST(TlsClientCertMissing, Tls13DecryptedEmptyCertificateThenCertificateRequired) {
    Scenario s;
    tls13_empty_answer(s).record(Side::Client, 23).alert(Side::Server, 2, 116);
    EXPECT_EQ(s.ids(), (Ids{"tls.client_cert_missing@10", "alert.certificate_required@10"}));
    EXPECT_TRUE(mentions(s.find("tls.client_cert_missing")->summary,
                         {"an empty Certificate", "certificate_required (116)"}));
}

TEST(TlsClientCertMissing, NoCertificateMessageThenAClose) {
    Scenario s;
    tls12_request(s).handshake(Side::Client, hs::ClientKeyExchange).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tls.client_cert_missing@6"}));
    EXPECT_TRUE(mentions(s.find("tls.client_cert_missing")->summary,
                         {"the client sent no Certificate", "closed the connection"}));
}

TEST(TlsClientCertMissing, AResetEndsItToo) {
    Scenario s;
    empty_answer(tls12_request(s)).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tls.client_cert_missing@8"}));
    EXPECT_TRUE(mentions(s.find("tls.client_cert_missing")->summary, {"reset the connection"}));
}

TEST(TlsClientCertMissing, NamesAtMostThreeCasAndCountsTheRest) {
    Scenario s;
    empty_answer(tls12_request(s, {"CN=A", "CN=B", "CN=C", "CN=D", "CN=E"}))
        .alert(Side::Server, 2, 40);
    EXPECT_TRUE(mentions(s.find("tls.client_cert_missing")->summary,
                         {"from CAs 'CN=A'; 'CN=B'; 'CN=C' and 2 more and the client"}));
}

TEST(TlsClientCertMissing, ARequestNamingNoCaSaysSo) {
    Scenario s;
    empty_answer(tls12_request(s, {})).alert(Side::Server, 2, 40);
    EXPECT_TRUE(mentions(s.find("tls.client_cert_missing")->summary,
                         {"client certificate naming no CA and the client sent"}));
}

TEST(TlsClientCertMissing, SilentWhenTheClientSentACertificate) {
    Scenario s;
    tls12_request(s)
        .certificate(Side::Client, chain_of({healthy_leaf("alice.example.com")}))
        .handshake(Side::Client, hs::ClientKeyExchange)
        .handshake(Side::Client, hs::CertificateVerify)
        .alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@8"}));
}

TEST(TlsClientCertMissing, SilentWithoutACertificateRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@5"}));
}

TEST(TlsClientCertMissing, SilentWhenTheServerWentOn) {
    // Client authentication optional: the server finishes the handshake and
    // closes later, after the data.
    Scenario s;
    empty_answer(tls12_request(s))
        .record(Side::Server, 20)
        .record(Side::Server, 22)
        .record(Side::Client, 23)
        .record(Side::Server, 23)
        .alert(Side::Server, 1, 0)
        .fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsClientCertMissing, SilentWhenTheClientGaveUpFirst) {
    Scenario s;
    tls12_request(s).alert(Side::Client, 2, 40).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@5"}));
}

TEST(TlsClientCertMissing, SilentWhenTheClientsAnswerIsEncrypted) {
    // TLS 1.3 with only the server's keys: the client's Certificate is not read.
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .certificate_request(kClientCa)
        .handshake(Side::Server, hs::Finished)
        .record(Side::Client, 23)
        .alert(Side::Server, 2, 116);
    EXPECT_EQ(s.ids(), (Ids{"alert.certificate_required@6"}));
}

TEST(TlsClientCertMissing, SilentOnAWarningTheServerGoesOnAfter) {
    Scenario s;
    empty_answer(tls12_request(s)).alert(Side::Server, 1, 46).record(Side::Server, 20);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsClientCertMissing, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
