#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

ServerHello downgraded(uint16_t v, DowngradeSentinel sentinel) {
    ServerHello sh = server_hello(v, 0xc02f);
    sh.downgrade_sentinel = sentinel;
    return sh;
}

TEST(TlsDowngradeSentinel, FiresWhenATls13ClientGetsATls12SentinelServerHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(downgraded(version::TLS12, DowngradeSentinel::Tls12));
    EXPECT_EQ(s.ids(), (Ids{"tls.downgrade_sentinel@2"}));
    const Finding* f = s.find("tls.downgrade_sentinel");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(
        f->summary, {"ServerHello chose TLS 1.2", "44 4F 57 4E 47 52 44 01",
                     "offered TLS 1.2\u20131.3", "rewrote the ClientHello", "illegal_parameter"}));
}

TEST(TlsDowngradeSentinel, FiresOnTheTls11Sentinel) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(downgraded(version::TLS11, DowngradeSentinel::Tls11OrBelow));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2", "tls.downgrade_sentinel@2"}));
    EXPECT_TRUE(mentions(s.find("tls.downgrade_sentinel")->summary, {"44 4F 57 4E 47 52 44 00"}));
}

TEST(TlsDowngradeSentinel, SilentWhenTheClientOfferedNoTls13) {
    // Captured beyond the rewriting device, or a TLS 1.2 client: the sentinel is right.
    ClientHello ch = modern_hello();
    ch.supported_versions().clear();
    Scenario s;
    s.client_hello(ch).server_hello(downgraded(version::TLS12, DowngradeSentinel::Tls12));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsDowngradeSentinel, SilentWhenTls13WasNegotiated) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(downgraded(version::TLS13, DowngradeSentinel::Tls12));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsDowngradeSentinel, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"))
        .server_hello(server_hello(version::TLS12, 0xc02f));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsDowngradeSentinel, SilentWithoutAClientHello) {
    Scenario s;
    s.server_hello(downgraded(version::TLS12, DowngradeSentinel::Tls12));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
