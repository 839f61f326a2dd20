#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

namespace {
HelloDelivery sent_again(uint16_t times) {
    HelloDelivery d;
    d.bytes = 1252;
    d.segments = 1;
    d.retransmissions = times;
    return d;
}
}  // namespace

TEST(QuicNoReply, FiresAtTheCaptureEndOnTheClientHello) {
    Scenario s;
    s.quic().client_hello(modern_hello()).delivery(sent_again(3));
    s.capture_end(12000);
    EXPECT_EQ(s.ids(), (Ids{"quic.no_reply@1"}));
    EXPECT_EQ(s.find("quic.no_reply")->summary,
              "no packet from the server in 12.0 s after the client's QUIC v1 Initial with its "
              "ClientHello (frame 1, SNI api.example.com, offered TLS 1.2\u20131.3, 9 suites, ALPN "
              "h2,http/1.1), when the capture ended; the client sent 1 datagram and sent again 3 "
              "times (RFC 9002 probe timeouts): UDP to the server's port is dropped on the way (a "
              "firewall or network that blocks QUIC) or no QUIC server listens there");
}

TEST(QuicNoReply, TheClientsOwnCloseIsNoAnswer) {
    Scenario s;
    s.quic().client_hello(modern_hello()).quic_close(Side::Client, QuicClose{0x0a, false}, 12000);
    s.capture_end(500);
    EXPECT_EQ(s.ids(), (Ids{"quic.no_reply@1"}));
    EXPECT_EQ(s.find("quic.no_reply")->related, 2u);
}

TEST(QuicNoReply, SilentWhenTheServerSentAnything) {
    Scenario s;
    s.quic().client_hello(modern_hello()).record(Side::Server, content::Handshake);
    s.capture_end(12000);
    EXPECT_TRUE(s.ids().empty());
}

TEST(QuicNoReply, SilentWithinTheAnswerWindow) {
    Scenario s;
    s.quic().client_hello(modern_hello());
    s.capture_end(2000);
    EXPECT_TRUE(s.ids().empty());
}

TEST(QuicNoReply, OverTcpAndDtlsTheTlsRuleSpeaksInstead) {
    Scenario tcp;
    tcp.client_hello(modern_hello());
    tcp.capture_end(12000);
    EXPECT_EQ(tcp.ids(), (Ids{"tls.no_reply_to_client_hello@1"}));
    Scenario quic;
    quic.quic().client_hello(modern_hello());
    quic.capture_end(12000);
    EXPECT_EQ(quic.ids(), (Ids{"quic.no_reply@1"}));
}

}  // namespace tlsdiag::test
