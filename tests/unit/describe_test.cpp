#include "tlsdiag/describe.h"

#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(OfferedVersions, WithoutSupportedVersionsOnlyTheCeilingIsKnown) {
    EXPECT_EQ(offered_versions(legacy_hello(version::TLS10)), "at most TLS 1.0");
    EXPECT_EQ(offered_versions(legacy_hello(version::SSL3)), "at most SSL 3.0");
}

TEST(OfferedVersions, RangeFromSupportedVersionsIgnoresGrease) {
    EXPECT_EQ(offered_versions(modern_hello()), "TLS 1.2\u20131.3");
    ClientHello ch = legacy_hello(version::TLS12);
    ch.supported_versions() = {0xfafa, version::TLS13, 0x0a0a};
    EXPECT_EQ(offered_versions(ch), "TLS 1.3");
}

TEST(OfferedVersions, RangeAcrossSslAndTlsNamesBoth) {
    ClientHello ch = legacy_hello(version::TLS12);
    ch.supported_versions() = {version::TLS12, version::TLS11, version::TLS10, version::SSL3};
    EXPECT_EQ(offered_versions(ch), "SSL 3.0\u2013TLS 1.2");
}

TEST(OfferedVersions, OnlyGreaseFallsBackToLegacyVersion) {
    ClientHello ch = legacy_hello(version::TLS12);
    ch.supported_versions() = {0x1a1a};
    EXPECT_EQ(offered_versions(ch), "at most TLS 1.2");
}

TEST(FormatElapsed, MillisecondsBelowOneSecond) {
    EXPECT_EQ(format_elapsed(0), "0.00 ms");
    EXPECT_EQ(format_elapsed(40'000), "0.04 ms");  // loopback: not "0.0 ms"
    EXPECT_EQ(format_elapsed(400'000), "0.4 ms");
    EXPECT_EQ(format_elapsed(999'000'000), "999.0 ms");
}

TEST(FormatElapsed, SecondsFromOneSecond) {
    EXPECT_EQ(format_elapsed(999'960'000), "1.0 s");  // not "1000.0 ms"
    EXPECT_EQ(format_elapsed(1'000'000'000), "1.0 s");
    EXPECT_EQ(format_elapsed(2'100'000'000), "2.1 s");
    EXPECT_EQ(format_elapsed(10'000'000'000), "10.0 s");
}

TEST(DescribeClientHello, ModernHello) {
    EXPECT_EQ(describe_client_hello(modern_hello()),
              "SNI api.example.com, offered TLS 1.2\u20131.3, 9 suites, ALPN h2,http/1.1");
}

TEST(DescribeClientHello, GreaseAndScsvsAreNotSuites) {
    ClientHello ch = legacy_hello(version::TLS12, "");
    ch.cipher_suites() = {0x0a0a, 0xc02f, 0x00ff, 0x5600};
    EXPECT_EQ(describe_client_hello(ch), "no SNI, offered at most TLS 1.2, 1 suite");
}

TEST(DescribeClientHello, EmptyServerName) {
    ClientHello ch = legacy_hello(version::TLS12);
    ch.sni.clear();
    EXPECT_EQ(describe_client_hello(ch), "empty SNI, offered at most TLS 1.2, 5 suites");
}

TEST(HandshakeName, KnownAndUnknownTypes) {
    EXPECT_EQ(handshake_name(hs::Certificate), "Certificate");
    EXPECT_EQ(handshake_name(99), "handshake message 99");
}

// The code's constants (model.h `hs`) and rules/data/handshake_types.tsv name
// the same types the same way.
TEST(HandshakeName, EveryConstantHasItsOwnNameInTheTable) {
#define EXPECT_NAMED(type) EXPECT_EQ(handshake_name(hs::type), #type)
    EXPECT_NAMED(HelloRequest);
    EXPECT_NAMED(ClientHello);
    EXPECT_NAMED(ServerHello);
    EXPECT_NAMED(HelloVerifyRequest);
    EXPECT_NAMED(NewSessionTicket);
    EXPECT_NAMED(EndOfEarlyData);
    EXPECT_NAMED(EncryptedExtensions);
    EXPECT_NAMED(Certificate);
    EXPECT_NAMED(ServerKeyExchange);
    EXPECT_NAMED(CertificateRequest);
    EXPECT_NAMED(ServerHelloDone);
    EXPECT_NAMED(CertificateVerify);
    EXPECT_NAMED(ClientKeyExchange);
    EXPECT_NAMED(Finished);
    EXPECT_NAMED(CertificateStatus);
    EXPECT_NAMED(KeyUpdate);
#undef EXPECT_NAMED
}

TEST(Describe, SniWithAnEncryptedName) {
    ClientHello ch = legacy_hello(version::TLS12, "public.example.com");
    EXPECT_EQ(describe_sni(ch), "SNI public.example.com");
    ch.encrypted_name = EncryptedName::Ech;
    EXPECT_EQ(describe_sni(ch), "SNI public.example.com (outer name; ECH may hide the real one)");
    ch.encrypted_name = EncryptedName::Esni;
    EXPECT_EQ(describe_sni(ch),
              "SNI public.example.com (outer name; the real name is encrypted by ESNI)");
    ch.has_sni = false;
    ch.sni.clear();
    EXPECT_EQ(describe_sni(ch), "no SNI (the real name is encrypted by ESNI)");
    ch.encrypted_name = EncryptedName::Ech;
    EXPECT_EQ(describe_sni(ch), "no SNI (ECH may hide the real name)");
}

TEST(Describe, JoinFirstShortensLongLists) {
    EXPECT_EQ(join_first({}), "");
    EXPECT_EQ(join_first({"h2", "http/1.1"}), "h2,http/1.1");
    EXPECT_EQ(join_first({"a", "b", "c", "d"}), "a,b,c,d");
    EXPECT_EQ(join_first({"a", "b", "c", "d", "e"}), "a,b,c,d and 1 more");
    EXPECT_EQ(join_first({"a", "b", "c", "d", "e", "f"}, 2), "a,b and 4 more");
}

TEST(Describe, ClientHelloSummaryShowsAtMostFourAlpnProtocols) {
    ClientHello ch = legacy_hello(version::TLS12, "example.com");
    ch.alpn = {"h2", "http/1.1", "spdy/3", "stun.turn", "webrtc", "coap"};
    const std::string summary = describe_client_hello(ch);
    EXPECT_NE(summary.find(", ALPN h2,http/1.1,spdy/3,stun.turn and 2 more"), std::string::npos)
        << summary;
}

}  // namespace tlsdiag::test
