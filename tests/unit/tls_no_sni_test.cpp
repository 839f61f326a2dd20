#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(TlsNoSni, FiresOnClientHelloWithoutServerName) {
    Scenario s;
    s.client_hello(modern_hello(""));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1"}));
    EXPECT_TRUE(mentions(s.find("tls.no_sni")->summary,
                         {"no server_name (SNI) extension", "offered TLS 1.2\u20131.3",
                          "cannot choose a certificate"}));
}

TEST(TlsNoSni, SilentWithServerName) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoSni, SilentWhenTheExtensionCarriesNoHostName) {
    ClientHello ch = modern_hello();
    ch.sni.clear();  // extension present, host_name missing: a different fault
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoSni, LegacyClientWithoutSniGetsBothFindings) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10, ""));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1", "tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.no_sni")->summary, {"offered at most TLS 1.0"}));
}

TEST(TlsNoSni, FiresOnceAcrossAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello(""))
        .server_hello(hello_retry_request())
        .client_hello(modern_hello(""));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1"}));
}

TEST(TlsNoSni, RetransmittedClientHelloIsOneHello) {
    Scenario s;
    s.client_hello(modern_hello("")).client_hello(modern_hello(""));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1"}));
}

TEST(TlsNoSni, SilentWhenEsniHidesTheName) {
    ClientHello ch = modern_hello("");
    ch.encrypted_name = EncryptedName::Esni;
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoSni, SilentWhenEchHidesTheNameWithoutAnOuterName) {
    ClientHello ch = modern_hello("");
    ch.encrypted_name = EncryptedName::Ech;
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoSni, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"tls"};
    Scenario s(settings);
    s.client_hello(modern_hello(""));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
