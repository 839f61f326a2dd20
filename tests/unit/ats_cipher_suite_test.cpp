#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(AtsCipherSuite, FiresOnRsaKeyExchange) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"server chose TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)",
                          "lacks forward secrecy (RSA key exchange)",
                          "App Transport Security rejects it"}));
}

TEST(AtsCipherSuite, FiresOnForwardSecretSuiteOffApplesList) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009e));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (0x009e)", "forward secret (DHE)",
                          "not on Apple's list"}));
}

// Apple documents no ChaCha20 suite for TLS 1.2, although its implementation
// accepts them (ats_requirements.md §2a): the rule follows the documentation.
TEST(AtsCipherSuite, FiresOnEcdheChacha20BecauseAppleDoesNotDocumentIt) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xcca8));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(AtsCipherSuite, SilentOnEveryDocumentedTls12Suite) {
    for (uint16_t suite : {0xc02c, 0xc02b, 0xc024, 0xc00a, 0xc023, 0xc009, 0xc030, 0xc02f, 0xc028,
                           0xc027, 0xc013}) {
        Scenario s;
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, suite));
        EXPECT_EQ(s.ids(), Ids{}) << std::hex << suite;
    }
}

TEST(AtsCipherSuite, SilentOnTheTls13SuitesAppleOffers) {
    for (uint16_t suite : {0x1301, 0x1302, 0x1303}) {
        Scenario s;
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, suite));
        EXPECT_EQ(s.ids(), Ids{}) << std::hex << suite;
    }
}

TEST(AtsCipherSuite, FiresOnTls13CcmSuite) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1304));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary, {"TLS_AES_128_CCM_SHA256 (0x1304)"}));
}

TEST(AtsCipherSuite, FiresOnUnknownSuiteCode) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x1234));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"server chose unknown suite 0x1234", "does not know"}));
}

TEST(AtsCipherSuite, JudgesTheServerHelloAfterAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(hello_retry_request())
        .client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1304));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@4"}));
}

TEST(AtsCipherSuite, FiresOncePerConnection) {
    ServerHello renegotiated = server_hello(version::TLS12, 0x0035);
    renegotiated.random = "server-random-2";
    Scenario s;
    s.client_hello(legacy_hello(version::TLS12)).server_hello(server_hello(version::TLS12, 0x002f))
        .server_hello(renegotiated);
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(AtsCipherSuite, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"ats"};
    Scenario s(settings);
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
