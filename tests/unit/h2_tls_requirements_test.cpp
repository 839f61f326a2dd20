#include <gtest/gtest.h>

#include <vector>

#include "capture/tls_messages.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
ServerHello compressed(ServerHello sh, uint8_t method) {
    sh.compression_method = method;
    return sh;
}
}  // namespace

TEST(H2TlsRequirements, FiresOnH2OverTls11) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS11, 0xc013, "h2"));
    EXPECT_EQ(s.ids(),
              (Ids{"ats.tls_version@2", "h2.blacklisted_cipher@2", "h2.tls_requirements@2"}));
    EXPECT_EQ(s.find("h2.tls_requirements")->summary,
              "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of TLS 1.2 "
              "or later (RFC 7540 section 9.2), on TLS 1.1; HTTP/2 clients close with "
              "INADEQUATE_SECURITY");
}

TEST(H2TlsRequirements, FiresOnH2OverTls10) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013, "h2"));
    EXPECT_TRUE(mentions(s.find("h2.tls_requirements")->summary, {"on TLS 1.0;"}));
}

TEST(H2TlsRequirements, FiresOnH2WithDeflateCompression) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(compressed(server_hello(version::TLS12, 0xc02f, "h2"), 1));
    EXPECT_EQ(s.ids(), (Ids{"h2.tls_requirements@2"}));
    EXPECT_TRUE(mentions(s.find("h2.tls_requirements")->summary,
                         {"requirement of no TLS compression (RFC 7540 section 9.2.1), with "
                          "compression method 1 (DEFLATE)"}));
}

TEST(H2TlsRequirements, SilentWithoutH2) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(compressed(server_hello(version::TLS11, 0xc02f, "http/1.1"), 1));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
}

TEST(H2TlsRequirements, SilentOnH2OverTls12And13WithoutCompression) {
    Scenario s12, s13;
    s12.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f, "h2"));
    s13.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    EXPECT_EQ(s12.ids(), Ids{});
    EXPECT_EQ(s13.ids(), Ids{});
}

TEST(H2TlsRequirements, ServerHelloCompressionMethodIsRead) {
    // TLS 1.2 ServerHello: version, random, empty session id, suite, DEFLATE, no extensions.
    std::vector<uint8_t> body = {0x03, 0x03};
    body.insert(body.end(), 32, 0x11);
    body.insert(body.end(), {0x00, 0xc0, 0x2f, 0x01});
    ServerHello sh;
    EXPECT_TRUE(capture::parse_server_hello(body.data(), body.size(), sh));
    EXPECT_EQ(sh.compression_method, 1);
    body.back() = 0x00;
    ServerHello null_method;
    EXPECT_TRUE(capture::parse_server_hello(body.data(), body.size(), null_method));
    EXPECT_EQ(null_method.compression_method, 0);
}

}  // namespace tlsdiag::test
