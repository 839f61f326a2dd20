#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

namespace {
HelloDelivery split(uint32_t acked, uint16_t retransmissions = 0) {
    HelloDelivery d;
    d.bytes = 1830;
    d.segments = 2;
    d.acked_bytes = acked;
    d.retransmissions = retransmissions;
    return d;
}
ClientHello post_quantum_hello() {
    ClientHello ch = modern_hello();
    ch.key_share_groups() = {0x2a2a, 0x11ec, 0x001d};
    return ch;
}
}  // namespace

TEST(TlsSplitClientHelloDropped, FiresWithTheResetAndNamesThePostQuantumKeyShare) {
    Scenario s;
    s.client_hello(post_quantum_hello()).delivery(split(1830)).rst(Side::Server, 2);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2", "tls.split_client_hello_dropped@2"}));
    const Finding* f = s.find("tls.split_client_hello_dropped");
    EXPECT_EQ(f->related, 1u);
    EXPECT_EQ(f->summary,
              "the ClientHello of frame 1 (1830 bytes) came in 2 TCP segments, and the server "
              "reset the connection (key shares X25519MLKEM768 (0x11EC), x25519: a post-quantum "
              "key share is what makes it larger than one packet)");
}

TEST(TlsSplitClientHelloDropped, FiresWithTheServersFin) {
    Scenario s;
    s.client_hello(modern_hello()).delivery(split(1830)).fin(Side::Server, 2);
    EXPECT_EQ(s.ids(), (Ids{"tcp.fin_after_client_hello@2", "tls.split_client_hello_dropped@2"}));
    EXPECT_TRUE(mentions(s.find("tls.split_client_hello_dropped")->summary,
                         {"the server closed the connection", "no key shares"}));
}

TEST(TlsSplitClientHelloDropped, FiresWhenTheClientGivesUpOnAPathMtuBlackHole) {
    Scenario s;
    ClientHello ch = modern_hello();
    ch.key_share_groups() = {0x001d, 0x0017};
    s.client_hello(ch).delivery(split(1448, 5)).fin(Side::Client, 10000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@2", "tls.split_client_hello_dropped@2"}));
    EXPECT_TRUE(mentions(s.find("tls.split_client_hello_dropped")->summary,
                         {"no answer before the client closed the connection",
                          "key shares x25519, secp256r1: none post-quantum",
                          "the server acknowledged 1448 of its bytes, the client sent segments "
                          "again 5 times"}));
    EXPECT_TRUE(mentions(s.find("tls.no_reply_to_client_hello")->summary,
                         {"acknowledged only its first 1448 bytes"}));
}

TEST(TlsSplitClientHelloDropped, FiresAtTheCaptureEndOnTheClientHello) {
    Scenario s;
    s.client_hello(modern_hello()).delivery(split(0, 3)).capture_end(12000);
    EXPECT_EQ(s.ids(), (Ids{"tls.no_reply_to_client_hello@1", "tls.split_client_hello_dropped@1"}));
    const Finding* f = s.find("tls.split_client_hello_dropped");
    EXPECT_EQ(f->related, 0u);
    EXPECT_TRUE(mentions(f->summary, {"no answer in 12.0 s, when the capture ended"}));
}

TEST(TlsSplitClientHelloDropped, SilentWhenTheHelloCameInOneSegment) {
    Scenario s;
    HelloDelivery one;
    one.bytes = one.acked_bytes = 517;
    one.segments = 1;
    s.client_hello(modern_hello()).delivery(one).rst(Side::Server, 2);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
}

TEST(TlsSplitClientHelloDropped, SilentWhenTheSplitHelloWasAnswered) {
    Scenario s;
    s.client_hello(modern_hello())
        .delivery(split(1830))
        .server_hello(server_hello(version::TLS13, 0x1301))
        .rst(Side::Server, 2)
        .capture_end(20000);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsSplitClientHelloDropped, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
