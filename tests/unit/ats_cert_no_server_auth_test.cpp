#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
CertificateInfo with_eku(bool present, std::vector<std::string> oids) {
    CertificateInfo c = healthy_leaf();
    c.has_eku = present;
    c.eku_oids = std::move(oids);
    return c;
}

Ids run(Scenario& s, CertificateInfo leaf) {
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({std::move(leaf)}));
    return s.ids();
}
}  // namespace

TEST(AtsCertNoServerAuth, ClientAuthOnly) {
    Scenario s;
    EXPECT_EQ(run(s, with_eku(true, {oid::kClientAuth})), (Ids{"ats.cert_no_server_auth@3"}));
    EXPECT_EQ(s.find("ats.cert_no_server_auth")->summary,
              "leaf CN=api.example.com has an extendedKeyUsage of clientAuth without serverAuth; "
              "Apple requires id-kp-serverAuth in a TLS server certificate");
}

TEST(AtsCertNoServerAuth, UnknownPurposesAreShownAsOids) {
    Scenario s;
    run(s, with_eku(true, {"1.3.6.1.5.5.7.3.4", "1.2.3.4.5"}));
    EXPECT_TRUE(mentions(s.find("ats.cert_no_server_auth")->summary,
                         {"extendedKeyUsage of emailProtection, 1.2.3.4.5 without serverAuth"}));
}

TEST(AtsCertNoServerAuth, ServerAuthAnyPurposeOrNoEkuAreFine) {
    Scenario server_auth, any, none;
    EXPECT_EQ(run(server_auth, with_eku(true, {oid::kClientAuth, oid::kServerAuth})), Ids{});
    EXPECT_EQ(run(any, with_eku(true, {oid::kAnyExtendedKeyUsage})), Ids{});
    EXPECT_EQ(run(none, with_eku(false, {})), Ids{});
}

TEST(AtsCertNoServerAuth, ClientCertificateWithClientAuthIsRight) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .certificate(Side::Client, chain_of({with_eku(true, {oid::kClientAuth})}));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
