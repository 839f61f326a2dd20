#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(H2BlacklistedCipher, FiresOnH2WithEcdheCbc) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc027, "h2"));
    EXPECT_EQ(s.ids(), (Ids{"h2.blacklisted_cipher@2"}));
    EXPECT_TRUE(mentions(s.find("h2.blacklisted_cipher")->summary,
                         {"server chose ALPN h2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 (0xc027)",
                          "RFC 7540 Appendix A", "INADEQUATE_SECURITY"}));
}

TEST(H2BlacklistedCipher, FiresOnH2WithRsaGcmAlongsideAts) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c, "h2"));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2", "h2.blacklisted_cipher@2"}));
}

TEST(H2BlacklistedCipher, FiresOnAnonymousDhAeadSuite) {
    Scenario s;  // ephemeral and AEAD, but unauthenticated: on the list
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x00a6, "h2"));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2", "h2.blacklisted_cipher@2"}));
}

TEST(H2BlacklistedCipher, SilentOnH2WithAeadEcdheSuite) {
    for (uint16_t suite : {0xc02b, 0xc02c, 0xc02f, 0xc030}) {
        Scenario s;
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, suite, "h2"));
        EXPECT_EQ(s.ids(), Ids{}) << std::hex << suite;
    }
}

TEST(H2BlacklistedCipher, SilentOnSuitesRegisteredAfterTheList) {
    Scenario s;  // ChaCha20 is absent from Appendix A, so h2 clients must accept it
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xcca8, "h2"));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(H2BlacklistedCipher, SilentOnUnknownSuiteCode) {
    Scenario s;  // RFC 7540 §9.2.2: no INADEQUATE_SECURITY for suites not on the list
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x1234, "h2"));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(H2BlacklistedCipher, SilentOnHttp11WithBlacklistedSuite) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc027, "http/1.1"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(H2BlacklistedCipher, SilentWithoutAlpn) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc027));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(H2BlacklistedCipher, SilentOnTls13) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(H2BlacklistedCipher, FiresOncePerConnection) {
    ServerHello renegotiated = server_hello(version::TLS12, 0xc028, "h2");
    renegotiated.random = "server-random-2";
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc027, "h2"))
        .server_hello(renegotiated);
    EXPECT_EQ(s.ids(), (Ids{"h2.blacklisted_cipher@2"}));
}

TEST(H2BlacklistedCipher, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"h2"};
    Scenario s(settings);
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc027, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
