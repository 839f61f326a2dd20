#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

namespace {
HelloDelivery acked_once() {
    HelloDelivery d;
    d.bytes = d.acked_bytes = 517;
    d.segments = 1;
    return d;
}
HelloDelivery never_acked(uint16_t retransmissions) {
    HelloDelivery d;
    d.bytes = 517;
    d.segments = 1;
    d.retransmissions = retransmissions;
    return d;
}
}  // namespace

TEST(TlsNoReplyToClientHello, FiresOnTheClientsCloseWhenItGaveUp) {
    Scenario s;
    s.client_hello(modern_hello()).delivery(acked_once()).fin(Side::Client, 3000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@2"}));
    const Finding* f = s.find("tls.no_reply_to_client_hello");
    EXPECT_EQ(f->related, 1u);
    EXPECT_EQ(f->summary,
              "no byte from the server in 3.0 s after the ClientHello of frame 1, when the client "
              "closed the connection (SNI api.example.com, offered TLS 1.2\u20131.3, 9 suites, "
              "ALPN h2,http/1.1); its 517 bytes came in 1 TCP segment, sent again 0 times; the "
              "server's TCP acknowledged it: the server (or a proxy before it) accepted the "
              "connection and never answered");
}

TEST(TlsNoReplyToClientHello, SaysTheServerNeverAcknowledgedTheRetransmittedHello) {
    Scenario s;
    s.client_hello(modern_hello()).delivery(never_acked(4)).rst(Side::Client, 5000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@2"}));
    EXPECT_TRUE(mentions(s.find("tls.no_reply_to_client_hello")->summary,
                         {"in 5.0 s", "when the client reset the connection", "sent again 4 times",
                          "the server never acknowledged it"}));
}

TEST(TlsNoReplyToClientHello, FiresAtTheCaptureEndOnTheClientHello) {
    Scenario s;
    s.client_hello(modern_hello()).delivery(never_acked(5)).payload(Side::Client, 200);
    s.capture_end(11000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@1"}));
    const Finding* f = s.find("tls.no_reply_to_client_hello");
    EXPECT_EQ(f->related, 2u);
    EXPECT_TRUE(mentions(f->summary, {"in 11.2 s",
                                      "when the capture ended, the client still "
                                      "waiting",
                                      "sent again 5 times"}));
}

TEST(TlsNoReplyToClientHello, SilentWhenTheCaptureEndsWithinTheAnswerWindow) {
    Scenario s;
    s.client_hello(modern_hello()).capture_end(9999);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoReplyToClientHello, SilentWhenTheClientClosedWithinASecond) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Client, 200).rst(Side::Server, 5);
    s.capture_end(20000);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsNoReplyToClientHello, SilentWhenTheServerSentAnything) {
    for (int answer = 0; answer < 3; ++answer) {
        Scenario s;
        s.client_hello(modern_hello());
        if (answer == 0) s.server_hello(server_hello(version::TLS13, 0x1301));
        if (answer == 1) s.payload(Side::Server);
        if (answer == 2) s.rst(Side::Server);
        s.fin(Side::Client, 5000).capture_end(20000);
        for (const std::string& id : s.ids())
            EXPECT_EQ(id.find("tls.no_reply_to_client_hello"), std::string::npos) << answer;
    }
}

TEST(TlsNoReplyToClientHello, OnceWhenTheClientClosesAndTheCaptureEnds) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Client, 2000).capture_end(20000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@2"}));
}

TEST(TlsNoReplyToClientHello, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"))
        .server_hello(server_hello(version::TLS13, 0x1301))
        .record(Side::Server, 23)
        .record(Side::Client, 23)
        .fin(Side::Client, 5000)
        .capture_end(20000);
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
