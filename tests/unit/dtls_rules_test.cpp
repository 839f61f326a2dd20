// Which rules judge a DTLS connection (RuleInfo::transports), and how DTLS
// versions are ranked and named.
#include <gtest/gtest.h>

#include "scenario.h"
#include "tlsdiag/report.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::test {
namespace {

ClientHello dtls_hello(uint16_t version, const std::string& sni = "vpn.example.com") {
    ClientHello ch = legacy_hello(version, sni);
    ch.cipher_suites() = {0x002f, 0x0035};  // no forward secrecy: ATS would object
    return ch;
}

TEST(DtlsRules, RulesNotForDtlsAreTheAtsH2TcpAndQuicFamiliesAndTheSplitHello) {
    std::vector<std::string> not_dtls;
    for (const RuleInfo& r : catalog()) {
        const std::string f = r.family();
        const bool family_off = f == "ats" || f == "h2" || f == "tcp" || f == "quic";
        EXPECT_EQ(r.runs_on(Transport::Dtls),
                  !family_off && r.id != "tls.split_client_hello_dropped")
            << r.id;
        if (!r.runs_on(Transport::Dtls) && !family_off) not_dtls.push_back(r.id);
    }
    EXPECT_EQ(not_dtls, std::vector<std::string>{"tls.split_client_hello_dropped"});
}

TEST(DtlsRules, AtsRulesJudgeTheSameHandshakeOverTcpOnly) {
    Scenario tcp;
    tcp.client_hello(dtls_hello(version::TLS12)).server_hello(server_hello(version::TLS12, 0x002f));
    EXPECT_EQ(tcp.ids(), std::vector<std::string>{"ats.cipher_suite@2"});

    Scenario dtls;
    dtls.dtls()
        .client_hello(dtls_hello(version::DTLS12))
        .server_hello(server_hello(version::DTLS12, 0x002f));
    EXPECT_TRUE(dtls.ids().empty());
}

TEST(DtlsRules, Dtls10IsALegacyClientAndDtls12IsNot) {
    Scenario old;
    old.dtls().client_hello(dtls_hello(version::DTLS10));
    EXPECT_EQ(old.ids(), std::vector<std::string>{"tls.legacy_client_version@1"});
    EXPECT_NE(old.find("tls.legacy_client_version")->summary.find("DTLS 1.0"), std::string::npos);

    Scenario current;
    current.dtls().client_hello(dtls_hello(version::DTLS12));
    EXPECT_TRUE(current.ids().empty());
}

TEST(DtlsRules, AlertsAndNoSniJudgeDtlsToo) {
    Scenario s;
    s.dtls().client_hello(dtls_hello(version::DTLS12, "")).alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (std::vector<std::string>{"tls.no_sni@1", "alert.handshake_failure@2"}));
}

TEST(DtlsRules, NoReplyCountsDatagramsNotSegments) {
    HelloDelivery d;
    d.bytes = 180;
    d.segments = 1;
    d.retransmissions = 4;
    Scenario s;
    s.dtls().delivery(d).client_hello(dtls_hello(version::DTLS12)).capture_end(15000);
    ASSERT_EQ(s.ids(), std::vector<std::string>{"tls.no_reply_to_client_hello@1"});
    const std::string& summary = s.find("tls.no_reply_to_client_hello")->summary;
    EXPECT_NE(summary.find("1 UDP datagram, sent again 4 times"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("TCP"), std::string::npos) << summary;
}

// URLSession, curl and Chrome speak no DTLS: their reports are not listed.
TEST(DtlsRules, TheReportListsNoHttpsClientForADtlsConnection) {
    auto reports = [](bool dtls) {
        Scenario s;
        if (dtls) s.dtls();
        s.client_hello(dtls_hello(dtls ? version::DTLS12 : version::TLS12)).capture_end(15000);
        const report::ConnectionRecord record{0, "10.0.0.1:5000", "10.0.0.2:4433", &s.diagnosed()};
        std::vector<std::string> clients;
        for (const report::ClientReport& r : report::diagnose(record, s.settings()).reports)
            clients.push_back(r.client);
        return clients;
    };
    EXPECT_EQ(reports(false), (std::vector<std::string>{"curl with OpenSSL",
                                                        "Apple URLSession (iOS 12+)", "Chrome"}));
    EXPECT_TRUE(reports(true).empty());
}

TEST(DtlsRules, VersionsRankWithTheTlsVersionTheyAreBasedOn) {
    EXPECT_EQ(version_rank(version::DTLS10), version_rank(version::TLS11));
    EXPECT_EQ(version_rank(version::DTLS12), version_rank(version::TLS12));
    EXPECT_EQ(version_rank(version::DTLS13), version_rank(version::TLS13));
    EXPECT_TRUE(is_tls13(version::DTLS13));
    EXPECT_EQ(version_name(version::DTLS12), "DTLS 1.2");
    EXPECT_EQ(version_name(version::DTLS10), "DTLS 1.0");
}

}  // namespace
}  // namespace tlsdiag::test
