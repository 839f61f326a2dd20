#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
Ids run(Scenario& s, CertificateInfo leaf, Side side = Side::Server) {
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    if (side == Side::Client) s.certificate(Side::Server, chain_of({healthy_leaf()}));
    s.certificate(side, chain_of({std::move(leaf)}));
    return s.ids();
}
}  // namespace

TEST(AtsCertNoSan, NoSubjectAltNameAtAll) {
    CertificateInfo leaf = healthy_leaf();
    leaf.dns_names.clear();
    leaf.has_san = false;
    Scenario s;
    EXPECT_EQ(run(s, leaf), (Ids{"ats.cert_no_san@3"}));
    EXPECT_EQ(s.find("ats.cert_no_san")->summary,
              "leaf CN=api.example.com has no subjectAltName extension; iOS 13 and macOS 10.15 "
              "and later ignore the CN and need the host name as a SAN dNSName");
}

TEST(AtsCertNoSan, SanWithIpAddressesOnly) {
    CertificateInfo leaf = healthy_leaf();
    leaf.dns_names.clear();
    leaf.ip_addresses = {"192.0.2.1"};
    Scenario s;
    run(s, leaf);
    EXPECT_TRUE(
        mentions(s.find("ats.cert_no_san")->summary, {"a subjectAltName with IP addresses only"}));
}

TEST(AtsCertNoSan, OneDnsNameIsEnoughAndClientsAreNotJudged) {
    CertificateInfo client = healthy_leaf("alice");
    client.dns_names.clear();
    Scenario server, mutual;
    EXPECT_EQ(run(server, healthy_leaf()), Ids{});
    EXPECT_EQ(run(mutual, client, Side::Client), Ids{});
}

}  // namespace tlsdiag::test
