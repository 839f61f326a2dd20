#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(QuicVersionNegotiationFailed, FiresWhenTheClientSendsNoListedVersion) {
    Scenario s;
    s.quic(0x1a2a3a4a)
        .client_hello(modern_hello())
        .quic_packet(Side::Server, QuicPacket::VersionNegotiation, {0x00000001, 0x5a6a7a8a});
    s.capture_end(1000);
    EXPECT_EQ(s.ids(), (Ids{"quic.version_negotiation_failed@2"}));
    const Finding* f = s.find("quic.version_negotiation_failed");
    EXPECT_EQ(f->related, 1u);
    EXPECT_EQ(f->summary,
              "the server answered the client's QUIC 0x1a2a3a4a Initial (frame 1) with a Version "
              "Negotiation packet offering QUIC v1, and the client sent no Initial in any of "
              "them: the two share no QUIC version");
}

TEST(QuicVersionNegotiationFailed, FiresOnAVersionNegotiationAloneWhenTheInitialWasUnreadable) {
    Scenario s;
    s.quic(0x1a2a3a4a).quic_packet(Side::Server, QuicPacket::VersionNegotiation, {0x6b3343cf});
    s.capture_end(1000);
    EXPECT_EQ(s.ids(), (Ids{"quic.version_negotiation_failed@1"}));
    EXPECT_TRUE(mentions(s.find("quic.version_negotiation_failed")->summary,
                         {"client's QUIC 0x1a2a3a4a Initial with", "offering QUIC v2"}));
}

TEST(QuicVersionNegotiationFailed, SilentWhenTheClientStartsAgainOnTheSameFlow) {
    Scenario s;
    s.quic()
        .client_hello(modern_hello())
        .quic_packet(Side::Server, QuicPacket::VersionNegotiation, {0x00000001})
        .client_hello(modern_hello());
    s.capture_end(1000);
    EXPECT_TRUE(s.ids().empty());
}

TEST(QuicVersionNegotiationFailed, SilentWhenTheClientStartsAgainFromAnotherPort) {
    Scenario s;
    s.quic(0x1a2a3a4a).quic_packet(Side::Server, QuicPacket::VersionNegotiation, {0x00000001});
    const_cast<Connection&>(s.diagnosed().conn()).set_version_retried(0x00000001);
    s.capture_end(1000);
    EXPECT_TRUE(s.ids().empty());
}

}  // namespace tlsdiag::test
