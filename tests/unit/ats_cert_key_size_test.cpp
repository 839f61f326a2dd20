#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
CertificateInfo with_key(KeyAlgorithm alg, unsigned bits, const std::string& curve = "") {
    CertificateInfo c = healthy_leaf();
    c.key_algorithm = alg;
    c.key_bits = bits;
    c.curve = curve;
    return c;
}

Ids run(Scenario& s, CertificateInfo leaf, Side side = Side::Server) {
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    if (side == Side::Client) s.certificate(Side::Server, chain_of({healthy_leaf()}));
    s.certificate(side, chain_of({std::move(leaf), intermediate_ca()}));
    return s.ids();
}
}  // namespace

TEST(AtsCertKeySize, Rsa1024Leaf) {
    Scenario s;
    EXPECT_EQ(run(s, with_key(KeyAlgorithm::RSA, 1024)), (Ids{"ats.cert_key_size@3"}));
    EXPECT_EQ(s.find("ats.cert_key_size")->summary,
              "leaf CN=api.example.com has a 1024-bit RSA key; App Transport Security requires "
              "RSA of at least 2048 bits or EC of at least 256 bits");
}

TEST(AtsCertKeySize, BoundariesAreAccepted) {
    Scenario rsa, ec;
    EXPECT_EQ(run(rsa, with_key(KeyAlgorithm::RSA, 2048)), Ids{});
    EXPECT_EQ(run(ec, with_key(KeyAlgorithm::EC, 256, "SECP256R1")), Ids{});
}

TEST(AtsCertKeySize, SmallCurveNamesTheCurve) {
    Scenario s;
    run(s, with_key(KeyAlgorithm::EC, 224, "SECP224R1"));
    EXPECT_TRUE(mentions(s.find("ats.cert_key_size")->summary, {"224-bit EC (SECP224R1) key"}));
}

TEST(AtsCertKeySize, OnlyTheLeafAndOnlyTheServerCount) {
    CertificateInfo small_ca = intermediate_ca();
    small_ca.key_bits = 1024;
    Scenario chain, client;
    chain.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf(), small_ca}));
    EXPECT_EQ(chain.ids(), Ids{});
    EXPECT_EQ(run(client, with_key(KeyAlgorithm::RSA, 1024), Side::Client), Ids{});
}

TEST(AtsCertKeySize, UnknownSizeOrOtherAlgorithmsSayNothing) {
    Scenario unknown, ed;
    EXPECT_EQ(run(unknown, with_key(KeyAlgorithm::RSA, 0)), Ids{});
    EXPECT_EQ(run(ed, with_key(KeyAlgorithm::Ed25519, 256)), Ids{});
}

}  // namespace tlsdiag::test
