// The report's causes and client reports for alerts read in context: a
// warning the server went on after, and alerts that answer the client's
// certificate (the `when` names client_cert_rejected and client_cert_not_sent).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cert_fixtures.h"
#include "report_internal.h"
#include "scenario.h"
#include "tlsdiag/report.h"

namespace tlsdiag::test {

namespace {
std::vector<std::string> causes_of(const Scenario& s, const std::string& id) {
    std::vector<std::string> out;
    for (const report::Cause& c : report::likely_causes(s.diagnosed().conn(), *s.find(id)))
        out.push_back(c.cause.substr(0, 40));
    return out;
}

std::vector<std::string> reporting_clients(const Scenario& s) {
    std::vector<std::string> out;
    for (const report::ClientReport& r : report::client_reports(s.diagnosed().conn(), s.findings()))
        out.push_back(r.client);
    return out;
}

// TLS 1.2 mutual TLS up to the client's Certificate (frame 6).
Scenario& until_client_certificate(Scenario& s, CertificateChain chain) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .certificate(Side::Client, std::move(chain));
}
}  // namespace

TEST(ReportAlertContext, UnrecognizedNameWarningHasItsCausesAndNoAlertErrorReports) {
    Scenario s;
    s.client_hello(modern_hello("shop.example.com"))
        .alert(Side::Server, 1, 112)
        .server_hello(server_hello(version::TLS12, 0xc02f));
    ASSERT_EQ(s.ids(), (Ids{"alert.unrecognized_name_warning@3"}));
    EXPECT_EQ(causes_of(s, "alert.unrecognized_name_warning"),
              (std::vector<std::string>{"The server has no virtual host or certif"}));
    // The table's rows only: no "-9802 errSSLFatalAlert" for a warning.
    EXPECT_EQ(reporting_clients(s),
              (std::vector<std::string>{"curl with OpenSSL", "Java 7 (JSSE)"}));
}

TEST(ReportAlertContext, WarningTheServerClosedOnHasTheFatalAlertsCauses) {
    Scenario s;
    s.client_hello(modern_hello("shop.example.com")).alert(Side::Server, 1, 112).fin(Side::Server);
    ASSERT_EQ(s.ids(), (Ids{"alert.unrecognized_name@3"}));
    EXPECT_EQ(causes_of(s, "alert.unrecognized_name"),
              (std::vector<std::string>{"No virtual host or certificate is config"}));
    EXPECT_EQ(reporting_clients(s), std::vector<std::string>{});
}

TEST(ReportAlertContext, HandshakeFailureAfterAClientCertificateBlamesThatCertificate) {
    Scenario s;
    until_client_certificate(s, chain_of({healthy_leaf("alice.example.com")}))
        .handshake(Side::Client, hs::CertificateVerify)
        .alert(Side::Server, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"alert.handshake_failure@8"}));
    EXPECT_TRUE(mentions(s.find("alert.handshake_failure")->summary,
                         {"server rejected the client's certificate: handshake_failure (40)"}));
    EXPECT_EQ(causes_of(s, "alert.handshake_failure"),
              (std::vector<std::string>{"The server rejected the client's certifi"}));
}

TEST(ReportAlertContext, HandshakeFailureAfterAnEmptyClientCertificateSaysNoneWasSent) {
    // With the tls family off, the alert's own row names the cause.
    Settings settings;
    settings.disabled_families = {"tls"};
    Scenario s(settings);
    until_client_certificate(s, CertificateChain{}).alert(Side::Server, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"alert.handshake_failure@7"}));
    EXPECT_EQ(causes_of(s, "alert.handshake_failure"),
              (std::vector<std::string>{"The server required a client certificate"}));
}

// The connection's causes and changes when tls.client_cert_missing explains
// the alert: that rule's only, none of the alert's.
std::vector<std::string> connection_causes(const Scenario& s) {
    std::vector<std::string> out;
    for (const report::Cause& c : report::likely_causes(s.diagnosed().conn(), s.findings()))
        out.push_back(c.cause.substr(0, 40));
    return out;
}

TEST(ReportAlertContext, AMissingClientCertificateIsSaidOnceByItsOwnRule) {
    Scenario s;
    until_client_certificate(s, CertificateChain{}).alert(Side::Server, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"tls.client_cert_missing@7", "alert.handshake_failure@7"}));
    EXPECT_EQ(connection_causes(s), (std::vector<std::string>{
                                        "The client has no certificate configured",
                                        "The server requires client certificates ",
                                    }));
    const report::ConnectionRecord record{0, "", "", &s.diagnosed()};
    const report::Diagnosis d = report::diagnose(record, s.settings());
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].substr(0, 30), "Configure the client's certifi");
    // What the client shows comes from the alert still (curl's handshake failure).
    EXPECT_EQ(reporting_clients(s),
              (std::vector<std::string>{"Apple URLSession", "Apple URLSession / Secure Transport",
                                        "curl with OpenSSL 3"}));
}

TEST(ReportAlertContext, CasTheServerListsAddTheUnlistedIssuerCause) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate_request({"CN=Example Client CA"})
        .handshake(Side::Server, hs::ServerHelloDone)
        .certificate(Side::Client, CertificateChain{})
        .handshake(Side::Client, hs::ClientKeyExchange)
        .alert(Side::Server, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"tls.client_cert_missing@7", "alert.handshake_failure@7"}));
    EXPECT_EQ(connection_causes(s), (std::vector<std::string>{
                                        "The client has no certificate configured",
                                        "The client has a certificate, but from a",
                                        "The server requires client certificates ",
                                    }));
}

TEST(ReportAlertContext, DecryptErrorAfterTheClientsCertificateVerify) {
    Scenario s;
    until_client_certificate(s, chain_of({healthy_leaf("alice.example.com")}))
        .handshake(Side::Client, hs::CertificateVerify)
        .alert(Side::Server, 2, 51);
    ASSERT_EQ(s.ids(), (Ids{"alert.decrypt_error@8"}));
    EXPECT_EQ(causes_of(s, "alert.decrypt_error"),
              (std::vector<std::string>{"The server could not verify the client's"}));
}

}  // namespace tlsdiag::test
