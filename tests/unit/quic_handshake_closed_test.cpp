#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(QuicHandshakeClosed, FiresOnATransportErrorAfterTheServerSpoke) {
    Scenario s;
    s.quic()
        .client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .quic_close(Side::Client, QuicClose{0x0a, false}, 5000);
    EXPECT_EQ(s.ids(), (Ids{"quic.handshake_closed@3"}));
    const Finding* f = s.find("quic.handshake_closed");
    EXPECT_EQ(f->related, 1u);
    EXPECT_EQ(f->summary,
              "the client closed the QUIC connection with PROTOCOL_VIOLATION before the "
              "handshake completed, 5.0 s after the ClientHello of frame 1 (ServerHello: "
              "TLS_AES_128_GCM_SHA256 (0x1301))");
}

TEST(QuicHandshakeClosed, NamesTheServersRefusal) {
    Scenario s;
    s.quic().client_hello(modern_hello()).quic_close(Side::Server, QuicClose{0x02, false});
    EXPECT_EQ(s.ids(), (Ids{"quic.handshake_closed@2"}));
    EXPECT_TRUE(mentions(s.find("quic.handshake_closed")->summary,
                         {"the server closed", "CONNECTION_REFUSED", "(no ServerHello)"}));
}

TEST(QuicHandshakeClosed, SilentOnNoErrorAndOnAClientThatNeverHeardTheServer) {
    Scenario no_error;
    no_error.quic()
        .client_hello(modern_hello())
        .record(Side::Server, content::Handshake)
        .quic_close(Side::Client, QuicClose{0, false});
    EXPECT_TRUE(no_error.ids().empty());
    Scenario gave_up;  // quic.no_reply's, at the capture's end
    gave_up.quic().client_hello(modern_hello()).quic_close(Side::Client, QuicClose{0x0a, false});
    EXPECT_TRUE(gave_up.ids().empty());
}

TEST(QuicHandshakeClosed, ACryptoErrorIsTheAlertsRule) {
    Scenario s;
    s.quic().client_hello(modern_hello()).alert(Side::Server, 2, 40);
    EXPECT_EQ(s.ids(), (Ids{"alert.handshake_failure@2"}));
    EXPECT_TRUE(mentions(s.find("alert.handshake_failure")->summary,
                         {"sent as a QUIC CONNECTION_CLOSE with CRYPTO_ERROR 0x128"}));
}

}  // namespace tlsdiag::test
