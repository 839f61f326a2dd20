#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(TcpRstAfterClientHello, FiresOnServerResetRightAfterTheHello) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 0.4);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
    const Finding* f = s.find("tcp.rst_after_client_hello");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"server reset the connection 0.4 ms after the ClientHello "
                                      "of frame 1",
                                      "no ServerHello", "SNI api.example.com",
                                      "offered TLS 1.2\u20131.3", "9 suites", "ALPN h2,http/1.1"}));
}

TEST(TcpRstAfterClientHello, FiresAfterClientRecordsWithoutServerAnswer) {
    Scenario s;  // middlebox-compatibility ChangeCipherSpec from the client
    s.client_hello(modern_hello()).record(Side::Client, 20).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@3"}));
}

TEST(TcpRstAfterClientHello, SilentAfterServerHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .rst(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, SilentAfterServerAlertWhichSpeaksForItself) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 40).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@2"}));
}

TEST(TcpRstAfterClientHello, SilentWhenClientClosedFirst) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Client).rst(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, SilentOnClientReset) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Client);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, SilentWithoutClientHello) {
    Scenario s;  // capture started mid-connection
    s.record(Side::Client, 23).rst(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, FiresAtTheEdgeOfTheAnswerWindow) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 10'000);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
    EXPECT_TRUE(mentions(s.find("tcp.rst_after_client_hello")->summary, {"10.0 s after"}));
}

TEST(TcpRstAfterClientHello, SilentWhenLaterThanTheAnswerWindow) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 10'001);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, AnswerWindowComesFromSettings) {
    Settings settings;
    settings.close_answer_window_s = 0.5;
    Scenario s(settings);
    s.client_hello(modern_hello()).rst(Side::Server, 600);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TcpRstAfterClientHello, RetransmittedClientHelloIsOneHello) {
    Scenario s;
    s.client_hello(modern_hello()).client_hello(modern_hello()).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@3"}));
    const Finding* f = s.find("tcp.rst_after_client_hello");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"2.0 ms after the ClientHello of frame 1"}));
}

// The second ClientHello repeats the first one's random (RFC 8446 §4.1.2).
TEST(TcpRstAfterClientHello, FiresAfterTheSecondClientHelloOfAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@4"}));
    EXPECT_EQ(s.find("tcp.rst_after_client_hello")->related, 3u);
}

TEST(TcpRstAfterClientHello, FiresOncePerConnection) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
}

TEST(TcpRstAfterClientHello, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"tcp"};
    Scenario s(settings);
    s.client_hello(modern_hello()).rst(Side::Server);
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
