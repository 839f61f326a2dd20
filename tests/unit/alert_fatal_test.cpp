#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

namespace {
// A TLS 1.2 handshake up to the server's Certificate (frame 3).
Scenario& tls12_until_server_certificate(Scenario& s) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate);
}
}  // namespace

TEST(AlertFatal, ServerHandshakeFailureAfterClientHello) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@2"}));
    const Finding* f = s.find("alert.handshake_failure");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"server found no acceptable cipher suite",
                                      "handshake_failure (40) after a ClientHello offering "
                                      "TLS 1.2\u20131.3"}));
}

TEST(AlertFatal, WarningLevelAlertsAreNotFindings) {
    Scenario s;  // TLS 1.2 servers often warn unrecognized_name and carry on: a warning rule's
    s.client_hello(modern_hello())
        .alert(Side::Server, 1, 112)
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .alert(Side::Client, 1, 0);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name_warning@3"}));
}

TEST(AlertFatal, Tls13ErrorAlertIsFatalWhateverItsLevel) {
    // RFC 8446 §6.2: error alerts are fatal in TLS 1.3 even when sent as warnings.
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .alert(Side::Client, 1, 46);
    EXPECT_EQ(s.ids(), (Ids{"alert.certificate_unknown@3"}));
}

TEST(AlertFatal, ClosureAlertsAreNoErrorAtAnyLevel) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .alert(Side::Client, 2, 90)
        .alert(Side::Client, 2, 0);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AlertFatal, AlertAfterThePeerClosedOnlyEchoesTheClose) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server).alert(Side::Client, 2, 50);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
}

TEST(AlertFatal, UnknownCodeIsAlertUnknown) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 200);
    EXPECT_EQ(s.ids(), (Ids{"alert.unknown@2"}));
    EXPECT_TRUE(mentions(s.find("alert.unknown")->summary,
                         {"server aborted the handshake", "unknown (200)"}));
}

TEST(AlertFatal, DraftOnlyCodeIsAlertUnknown) {
    Scenario s;  // 1 was end_of_early_data in early TLS 1.3 drafts, never an IANA alert
    s.client_hello(modern_hello()).alert(Side::Client, 2, 1);
    EXPECT_EQ(s.ids(), (Ids{"alert.unknown@2"}));
}

TEST(AlertFatal, BadCertificateAfterClientsCertificate) {
    Scenario s;
    tls12_until_server_certificate(s)
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::Certificate)
        .alert(Side::Server, 2, 42);
    EXPECT_EQ(s.ids(), (Ids{"alert.bad_certificate@7"}));
    const Finding* f = s.find("alert.bad_certificate");
    EXPECT_EQ(f->related, 6u);
    EXPECT_TRUE(mentions(f->summary, {"server rejected the client's certificate",
                                      "bad_certificate (42) after the client's Certificate"}));
}

// The alert answers the client's whole flight; the message it rejects is the Certificate.
TEST(AlertFatal, BadCertificateAfterTheClientsWholeFlight) {
    Scenario s;
    tls12_until_server_certificate(s)
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::Certificate)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .handshake(Side::Client, hs::CertificateVerify)
        .record(Side::Client, 20)
        .record(Side::Client, 22)
        .alert(Side::Server, 2, 42);
    EXPECT_EQ(s.ids(), (Ids{"alert.bad_certificate@11"}));
    EXPECT_TRUE(
        mentions(s.find("alert.bad_certificate")->summary,
                 {"server rejected the client's certificate", "after the client's Certificate"}));
}

TEST(AlertFatal, CertificateAlertWithoutACertificateOnTheWireClaimsNoRejection) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 42);
    EXPECT_EQ(s.ids(), (Ids{"alert.bad_certificate@2"}));
    const std::string& summary = s.find("alert.bad_certificate")->summary;
    EXPECT_TRUE(mentions(summary, {"server aborted the handshake"}));
    EXPECT_EQ(summary.find("rejected"), std::string::npos) << summary;
}

TEST(AlertFatal, ProtocolVersionAfterTls10OnlyClientHello) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10)).alert(Side::Server, 2, 70);
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1", "alert.protocol_version@2"}));
    EXPECT_TRUE(mentions(s.find("alert.protocol_version")->summary,
                         {"server refused the client's versions",
                          "protocol_version (70) after a ClientHello offering at most TLS 1.0"}));
}

TEST(AlertFatal, UnknownCaFromClientAfterServersCertificate) {
    Scenario s;
    tls12_until_server_certificate(s).alert(Side::Client, 2, 48);
    EXPECT_EQ(s.ids(), (Ids{"alert.unknown_ca@4"}));
    const Finding* f = s.find("alert.unknown_ca");
    EXPECT_EQ(f->related, 3u);
    EXPECT_TRUE(mentions(f->summary, {"client rejected the server's certificate",
                                      "unknown_ca (48) after the server's Certificate"}));
}

TEST(AlertFatal, UnrecognizedNameNamesTheHost) {
    Scenario s;
    s.client_hello(modern_hello("old.example.com")).alert(Side::Server, 2, 112);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name@2"}));
    EXPECT_TRUE(mentions(s.find("alert.unrecognized_name")->summary,
                         {"server has no host named 'old.example.com'"}));
}

TEST(AlertFatal, UnrecognizedNameWithoutSni) {
    Scenario s;
    s.client_hello(modern_hello("")).alert(Side::Server, 2, 112);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1", "alert.unrecognized_name@2"}));
    EXPECT_TRUE(mentions(s.find("alert.unrecognized_name")->summary, {"(no SNI sent)"}));
}

TEST(AlertFatal, NoApplicationProtocolListsTheOffer) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 120);
    EXPECT_TRUE(mentions(s.find("alert.no_application_protocol")->summary,
                         {"none of the offered ALPN protocols (h2,http/1.1)"}));
}

TEST(AlertFatal, InappropriateFallback) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS11)).alert(Side::Server, 2, 86);
    EXPECT_TRUE(mentions(s.find("alert.inappropriate_fallback")->summary,
                         {"server refused the client's version fallback",
                          "the client's earlier failure was not a version problem"}));
}

TEST(AlertFatal, ClientIllegalParameterAfterADowngradeSentinel) {
    ServerHello downgraded = server_hello(version::TLS12, 0xc02f);
    downgraded.downgrade_sentinel = DowngradeSentinel::Tls12;
    Scenario s;
    s.client_hello(modern_hello()).server_hello(downgraded).alert(Side::Client, 2, 47);
    EXPECT_EQ(s.ids(), (Ids{"tls.downgrade_sentinel@2", "alert.illegal_parameter@3"}));
    EXPECT_TRUE(mentions(
        s.find("alert.illegal_parameter")->summary,
        {"client detected a TLS 1.3 downgrade", "after the ServerHello choosing TLS 1.2"}));
}

TEST(AlertFatal, ClientIllegalParameterAfterAPlainTls12ServerHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .alert(Side::Client, 2, 47);
    EXPECT_TRUE(
        mentions(s.find("alert.illegal_parameter")->summary, {"client aborted the handshake"}));
}

TEST(AlertFatal, ClientIllegalParameterAfterHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(hello_retry_request()).alert(Side::Client, 2, 47);
    EXPECT_EQ(s.ids(), (Ids{"alert.illegal_parameter@3"}));
    EXPECT_TRUE(mentions(s.find("alert.illegal_parameter")->summary,
                         {"client aborted the handshake", "after the server's HelloRetryRequest"}));
}

TEST(AlertFatal, HandshakeFailureAfterTheSecondClientHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@4"}));
    EXPECT_EQ(s.find("alert.handshake_failure")->related, 3u);
    EXPECT_TRUE(mentions(s.find("alert.handshake_failure")->summary,
                         {"server found no acceptable cipher suite"}));
}

TEST(AlertFatal, WithoutEarlierEventsTheAlertStandsAlone) {
    Scenario s;  // capture started at the alert
    s.alert(Side::Server, 2, 80);
    EXPECT_EQ(s.ids(), (Ids{"alert.internal_error@1"}));
    const Finding* f = s.find("alert.internal_error");
    EXPECT_EQ(f->related, 0u);
    EXPECT_EQ(f->summary, "server aborted the handshake: internal_error (80)");
}

TEST(AlertFatal, EachAlertOncePerConnectionEachCodeItsOwnFinding) {
    Scenario s;
    s.client_hello(modern_hello())
        .alert(Side::Server, 2, 40)
        .alert(Side::Server, 2, 40)
        .alert(Side::Client, 2, 50);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@2", "alert.decode_error@4"}));
}

TEST(AlertFatal, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"alert"};
    Scenario s(settings);
    s.client_hello(modern_hello()).alert(Side::Server, 2, 40).alert(Side::Server, 2, 200);
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
