#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

ClientHello fallback_hello() {
    ClientHello ch = modern_hello();
    ch.supported_versions().clear();
    ch.cipher_suites().push_back(0x5600);
    return ch;
}

TEST(TlsVersionFallback, FiresOnAClientHelloWithTheFallbackScsv) {
    Scenario s;
    s.client_hello(fallback_hello());
    EXPECT_EQ(s.ids(), (Ids{"tls.version_fallback@1"}));
    EXPECT_TRUE(mentions(
        s.find("tls.version_fallback")->summary,
        {"TLS_FALLBACK_SCSV", "offered at most TLS 1.2", "retrying with a lower version"}));
}

TEST(TlsVersionFallback, InappropriateFallbackSaysWhoIsWrong) {
    Scenario s;
    s.client_hello(fallback_hello()).alert(Side::Server, 2, 86);
    EXPECT_EQ(s.ids(), (Ids{"tls.version_fallback@1", "alert.inappropriate_fallback@2"}));
    EXPECT_TRUE(
        mentions(s.find("alert.inappropriate_fallback")->summary,
                 {"server refused the client's version fallback", "not a version problem"}));
}

TEST(TlsVersionFallback, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsVersionFallback, RenegotiationScsvIsNotAFallback) {
    ClientHello ch = modern_hello();
    ch.cipher_suites().push_back(0x00ff);
    Scenario s;
    s.client_hello(ch);
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
