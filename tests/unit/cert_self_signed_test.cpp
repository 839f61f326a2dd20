#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
CertificateInfo self_signed_leaf() {
    CertificateInfo leaf = healthy_leaf();
    leaf.issuer = leaf.subject;
    leaf.issuer_cn = leaf.subject_cn;
    leaf.self_signed = true;
    return leaf;
}
}  // namespace

TEST(CertSelfSigned, ServerSendsSelfSignedLeaf) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({self_signed_leaf()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.self_signed@3"}));
    EXPECT_EQ(s.find("cert.self_signed")->summary,
              "leaf CN=api.example.com is self-signed (issuer = subject, signed by its own key); "
              "only a peer that installed or pinned it trusts it");
}

TEST(CertSelfSigned, SelfSignedRootAfterTheLeafIsNormal) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf(), intermediate_ca(), root_ca()}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertSelfSigned, SameNameButAnotherKeyIsNotSelfSigned) {
    CertificateInfo leaf = self_signed_leaf();
    leaf.self_signed = false;  // issuer = subject, but its own key does not verify it
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({leaf}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertSelfSigned, ClientsSelfSignedCertificateIsTheClients) {
    CertificateInfo client = self_signed_leaf();
    client.subject_cn = "alice";
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .certificate(Side::Client, chain_of({client, intermediate_ca()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.self_signed@4"}));
    EXPECT_TRUE(
        mentions(s.find("cert.self_signed")->summary,
                 {"client's leaf CN=alice is self-signed", "although 1 more certificate follows"}));
}

}  // namespace tlsdiag::test
