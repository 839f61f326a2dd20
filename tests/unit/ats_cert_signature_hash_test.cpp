#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
CertificateInfo signed_with(CertificateInfo c, SignatureHash h, const char* name) {
    c.signature_hash = h;
    c.signature_algorithm = name;
    return c;
}

Ids run(Scenario& s, CertificateChain chain, Side side = Side::Server) {
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    if (side == Side::Client) s.certificate(Side::Server, chain_of({healthy_leaf()}));
    s.certificate(side, std::move(chain));
    return s.ids();
}
}  // namespace

TEST(AtsCertSignatureHash, Sha1SignedLeaf) {
    Scenario s;
    EXPECT_EQ(run(s, chain_of({signed_with(healthy_leaf(), SignatureHash::SHA1, "RSA-SHA1")})),
              (Ids{"ats.cert_signature_hash@3"}));
    EXPECT_EQ(s.find("ats.cert_signature_hash")->summary,
              "leaf CN=api.example.com is signed with SHA-1 (RSA-SHA1); App Transport Security "
              "requires SHA-256 or stronger");
}

TEST(AtsCertSignatureHash, WeakIntermediateCountsAndMoreAreCounted) {
    Scenario s;
    run(s, chain_of({healthy_leaf(), signed_with(intermediate_ca(), SignatureHash::MD5, "RSA-MD5"),
                     signed_with(intermediate_ca("Cross CA"), SignatureHash::SHA1, "RSA-SHA1")}));
    EXPECT_TRUE(mentions(s.find("ats.cert_signature_hash")->summary,
                         {"intermediate 2 CN=Example Issuing CA is signed with MD5 (RSA-MD5)",
                          "and 1 more of the chain"}));
}

TEST(AtsCertSignatureHash, SelfSignedRootIsExcepted) {
    Scenario s;
    EXPECT_EQ(run(s, chain_of({healthy_leaf(), intermediate_ca(),
                               signed_with(root_ca(), SignatureHash::SHA1, "RSA-SHA1")})),
              Ids{});
}

TEST(AtsCertSignatureHash, Sha224IsWeakerSha384AndEdDsaAreNot) {
    Scenario weak, strong, eddsa;
    EXPECT_EQ(
        run(weak, chain_of({signed_with(healthy_leaf(), SignatureHash::SHA224, "RSA-SHA224")})),
        (Ids{"ats.cert_signature_hash@3"}));
    EXPECT_EQ(
        run(strong, chain_of({signed_with(healthy_leaf(), SignatureHash::SHA384, "ECDSA-SHA384")})),
        Ids{});
    EXPECT_EQ(
        run(eddsa,
            chain_of({signed_with(healthy_leaf(), SignatureHash::Intrinsic, "EdDSA-Ed25519")})),
        Ids{});
}

TEST(AtsCertSignatureHash, UnknownHashSaysNothing) {
    Scenario s;
    EXPECT_EQ(run(s, chain_of({signed_with(healthy_leaf(), SignatureHash::Unknown, "1.2.3.4")})),
              Ids{});
}

TEST(AtsCertSignatureHash, ClientCertificatesAreNotAtsBusiness) {
    Scenario s;
    EXPECT_EQ(
        run(s, chain_of({signed_with(healthy_leaf("alice"), SignatureHash::SHA1, "RSA-SHA1")}),
            Side::Client),
        Ids{});
}

}  // namespace tlsdiag::test
