#include <gtest/gtest.h>

#include "scenario.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag::test {

TEST(TlsSniIpLiteral, FiresOnAnIpv4ServerName) {
    Scenario s;
    s.client_hello(modern_hello("127.0.0.1"));
    EXPECT_EQ(s.ids(), (Ids{"tls.sni_ip_literal@1"}));
    EXPECT_TRUE(mentions(s.find("tls.sni_ip_literal")->summary,
                         {"the IP address '127.0.0.1'", "RFC 6066", "default certificate"}));
}

TEST(TlsSniIpLiteral, FiresOnAnIpv6ServerName) {
    Scenario s;
    s.client_hello(modern_hello("2001:db8::1"));
    EXPECT_EQ(s.ids(), (Ids{"tls.sni_ip_literal@1"}));
}

TEST(TlsSniIpLiteral, SilentOnAHealthyConnection) {
    Scenario s;
    s.client_hello(modern_hello("api.example.com"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(TlsSniIpLiteral, SilentWithoutSni) {
    Scenario s;
    s.client_hello(modern_hello(""));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1"}));
}

TEST(TlsSniIpLiteral, FiresOnceAcrossAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello("10.0.0.1"))
        .server_hello(hello_retry_request())
        .client_hello(modern_hello("10.0.0.1"));
    EXPECT_EQ(s.ids(), (Ids{"tls.sni_ip_literal@1"}));
}

TEST(IsIpLiteral, Ipv4DottedQuads) {
    EXPECT_TRUE(is_ip_literal("127.0.0.1"));
    EXPECT_TRUE(is_ip_literal("255.255.255.255"));
    EXPECT_TRUE(is_ip_literal("0.0.0.0"));
    EXPECT_FALSE(is_ip_literal("256.0.0.1"));
    EXPECT_FALSE(is_ip_literal("1.2.3"));
    EXPECT_FALSE(is_ip_literal("1.2.3.4.5"));
    EXPECT_FALSE(is_ip_literal("1.2.3.4."));
    EXPECT_FALSE(is_ip_literal("1..3.4"));
    EXPECT_FALSE(is_ip_literal("0001.2.3.4"));
}

TEST(IsIpLiteral, Ipv6Forms) {
    EXPECT_TRUE(is_ip_literal("::1"));
    EXPECT_TRUE(is_ip_literal("::"));
    EXPECT_TRUE(is_ip_literal("[::1]"));
    EXPECT_TRUE(is_ip_literal("fe80::1%eth0"));
    EXPECT_TRUE(is_ip_literal("2001:0db8:0000:0000:0000:ff00:0042:8329"));
    EXPECT_TRUE(is_ip_literal("::ffff:192.0.2.1"));
    EXPECT_TRUE(is_ip_literal("64:ff9b::192.0.2.1"));
    EXPECT_FALSE(is_ip_literal("1:2:3:4:5:6:7"));
    EXPECT_FALSE(is_ip_literal("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(is_ip_literal("1::2::3"));
    EXPECT_FALSE(is_ip_literal(":::"));
    EXPECT_FALSE(is_ip_literal("12345::1"));
    EXPECT_FALSE(is_ip_literal("g::1"));
}

TEST(IsIpLiteral, HostNamesAreNot) {
    EXPECT_FALSE(is_ip_literal("api.example.com"));
    EXPECT_FALSE(is_ip_literal("1.2.3.4.nip.io"));
    EXPECT_FALSE(is_ip_literal("cafe"));
    EXPECT_FALSE(is_ip_literal("example.com:443"));
    EXPECT_FALSE(is_ip_literal(""));
}

}  // namespace tlsdiag::test
