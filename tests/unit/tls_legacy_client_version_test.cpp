#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(TlsLegacyClientVersion, FiresOnTls10Client) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.legacy_client_version")->summary,
                         {"ClientHello offers at most TLS 1.0", "RFC 8996"}));
}

TEST(TlsLegacyClientVersion, FiresOnTls11Client) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS11));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.legacy_client_version")->summary, {"at most TLS 1.1"}));
}

TEST(TlsLegacyClientVersion, FiresOnSsl30Client) {
    Scenario s;
    s.client_hello(legacy_hello(version::SSL3));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.legacy_client_version")->summary, {"at most SSL 3.0"}));
}

TEST(TlsLegacyClientVersion, SilentOnExactlyTls12) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS12));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsLegacyClientVersion, SilentOnModernClient) {
    Scenario s;
    s.client_hello(modern_hello());
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsLegacyClientVersion, GreaseInSupportedVersionsIsNotAVersion) {
    ClientHello ch = legacy_hello(version::TLS10);
    ch.supported_versions() = {0x7a7a};  // numerically above TLS 1.3
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.legacy_client_version")->summary, {"at most TLS 1.0"}));
}

TEST(TlsLegacyClientVersion, SupportedVersionsOverridesLegacyVersion) {
    ClientHello ch = legacy_hello(version::TLS12);
    ch.supported_versions() = {0x2a2a, version::TLS11, version::TLS10};
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
    EXPECT_TRUE(mentions(s.find("tls.legacy_client_version")->summary, {"at most TLS 1.1"}));
}

TEST(TlsLegacyClientVersion, SupportedVersionsWithTls12IsEnough) {
    ClientHello ch = legacy_hello(version::TLS10);
    ch.supported_versions() = {0x2a2a, version::TLS12};
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsLegacyClientVersion, FiresOncePerConnection) {
    ClientHello again = legacy_hello(version::TLS10);
    again.random = "client-random-2";
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10)).client_hello(again);
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
}

TEST(TlsLegacyClientVersion, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"tls"};
    Scenario s(settings);
    s.client_hello(legacy_hello(version::TLS10));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
