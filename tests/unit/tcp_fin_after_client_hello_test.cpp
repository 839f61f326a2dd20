#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(TcpFinAfterClientHello, FiresOnServerFinRightAfterTheHello) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Server, 0.2);
    EXPECT_EQ(s.ids(), (Ids{"tcp.fin_after_client_hello@2"}));
    const Finding* f = s.find("tcp.fin_after_client_hello");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"server closed the connection 0.2 ms after the ClientHello "
                                      "of frame 1",
                                      "no ServerHello", "SNI api.example.com"}));
}

// nginx ssl_preread without a default route: FIN, the client's decode_error,
// then the RST that the closed socket answers it with (field_failures.md §2).
TEST(TcpFinAfterClientHello, SniRouterWithoutRouteIsReportedByItsFin) {
    Scenario s;
    s.client_hello(modern_hello("")).fin(Side::Server).alert(Side::Client, 2, 50).rst(Side::Server);
    // The client's decode_error only reports the FIN: no finding of its own.
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1", "tcp.fin_after_client_hello@2"}));
    EXPECT_TRUE(mentions(s.find("tcp.fin_after_client_hello")->summary, {"(no SNI, offered"}));
}

TEST(TcpFinAfterClientHello, SilentAfterServerHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpFinAfterClientHello, SilentAfterServerAlertWhichSpeaksForItself) {
    Scenario s;
    s.client_hello(modern_hello("unknown.example")).alert(Side::Server, 2, 112).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"alert.unrecognized_name@2"}));
}

TEST(TcpFinAfterClientHello, SilentAfterNonTlsAnswer) {
    Scenario s;  // e.g. an HTTP 400 from a plain-HTTP port
    s.client_hello(modern_hello()).payload(Side::Server).fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpFinAfterClientHello, SilentWhenClientClosedFirst) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Client).fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpFinAfterClientHello, SilentWhenLaterThanTheAnswerWindow) {
    Scenario s;  // the server's idle timeout, not an answer
    s.client_hello(modern_hello()).fin(Side::Server, 60'000);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpFinAfterClientHello, FiresAfterTheSecondClientHelloOfAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.fin_after_client_hello@4"}));
    EXPECT_EQ(s.find("tcp.fin_after_client_hello")->related, 3u);
}

TEST(TcpFinAfterClientHello, RetransmittedFinIsOneClose) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Server).fin(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.fin_after_client_hello@2"}));
}

TEST(TcpFinAfterClientHello, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"tcp"};
    Scenario s(settings);
    s.client_hello(modern_hello()).fin(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
