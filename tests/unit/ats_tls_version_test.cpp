#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(AtsTlsVersion, FiresWhenServerChoosesTls10) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
    const Finding* f = s.find("ats.tls_version");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"server chose TLS 1.0, although the client offered "
                                      "TLS 1.2\u20131.3",
                                      "requires TLS 1.2 or later"}));
}

TEST(AtsTlsVersion, FiresOnTls11WithTheClientsOwnLimit) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS11)).server_hello(server_hello(version::TLS11, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1", "ats.tls_version@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"server chose TLS 1.1, the newest version the client offered"}));
}

TEST(AtsTlsVersion, ServerAboveTheClientsCeilingIsNotTheClientsNewest) {
    Scenario s;  // a protocol violation: the summary must not blame the client
    s.client_hello(legacy_hello(version::TLS10)).server_hello(server_hello(version::TLS11, 0xc013));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"server chose TLS 1.1, although the client offered at most TLS 1.0"}));
}

TEST(AtsTlsVersion, FiresOnSsl30) {
    Scenario s;
    s.client_hello(legacy_hello(version::SSL3)).server_hello(server_hello(version::SSL3, 0x000a));
    EXPECT_EQ(s.ids(),
              (Ids{"tls.legacy_client_version@1", "ats.tls_version@2", "ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary, {"server chose SSL 3.0"}));
}

TEST(AtsTlsVersion, SilentOnExactlyTls12) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, SilentOnTls13) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, JudgesTheServerHelloAfterAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(hello_retry_request())
        .client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1302));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, WithoutAClientHelloStillReportsTheServersChoice) {
    Scenario s;  // capture started after the ClientHello
    s.server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@1"}));
    const Finding* f = s.find("ats.tls_version");
    EXPECT_EQ(f->related, 0u);
    EXPECT_EQ(f->summary.find("offered"), std::string::npos) << f->summary;
}

TEST(AtsTlsVersion, FiresOncePerConnection) {
    ServerHello renegotiated = server_hello(version::TLS10, 0xc013);
    renegotiated.random = "server-random-2";
    Scenario s;
    s.client_hello(legacy_hello(version::TLS12)).server_hello(server_hello(version::TLS10, 0xc013))
        .server_hello(renegotiated);
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
}

TEST(AtsTlsVersion, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"ats"};
    Scenario s(settings);
    s.client_hello(legacy_hello(version::TLS10)).server_hello(server_hello(version::TLS10, 0x000a));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
}

}  // namespace tlsdiag::test
