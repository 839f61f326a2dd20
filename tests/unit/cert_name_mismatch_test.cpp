#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
Ids run(const std::string& sni, CertificateInfo leaf, Scenario& s) {
    s.client_hello(modern_hello(sni))
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({std::move(leaf)}));
    return s.ids();
}
}  // namespace

TEST(CertNameMismatch, SniNotAmongTheLeafsNames) {
    CertificateInfo leaf = healthy_leaf("other.example.com");
    leaf.dns_names = {"other.example.com", "www.other.example.com"};
    Scenario s;
    EXPECT_EQ(run("api.example.com", leaf, s), (Ids{"cert.name_mismatch@3"}));
    const Finding* f = s.find("cert.name_mismatch");
    EXPECT_EQ(f->related, 1u);
    EXPECT_EQ(f->summary,
              "leaf CN=other.example.com is not valid for api.example.com (the "
              "ClientHello's SNI): its names are other.example.com, "
              "www.other.example.com");
}

TEST(CertNameMismatch, WildcardCoversOneLabel) {
    CertificateInfo leaf = healthy_leaf("*.example.com");
    Scenario ok, deeper, apex;
    EXPECT_EQ(run("api.example.com", leaf, ok), Ids{});
    EXPECT_EQ(run("v1.api.example.com", leaf, deeper), (Ids{"cert.name_mismatch@3"}));
    EXPECT_EQ(run("example.com", leaf, apex), (Ids{"cert.name_mismatch@3"}));
}

TEST(CertNameMismatch, CaseAndTrailingDotDoNotMatter) {
    Scenario s;
    EXPECT_EQ(run("API.Example.COM.", healthy_leaf("api.example.com"), s), Ids{});
}

TEST(CertNameMismatch, CnCountsOnlyWithoutAnyDnsName) {
    CertificateInfo cn_only = healthy_leaf("api.example.com");
    cn_only.dns_names.clear();
    cn_only.has_san = false;
    Scenario s1;
    EXPECT_EQ(run("api.example.com", cn_only, s1), (Ids{"ats.cert_no_san@3"}));

    CertificateInfo cn_and_san = healthy_leaf("api.example.com");
    cn_and_san.dns_names = {"www.example.com"};
    Scenario s2;
    EXPECT_EQ(run("api.example.com", cn_and_san, s2), (Ids{"cert.name_mismatch@3"}));

    cn_only.subject_cn = "wrong.example.com";
    Scenario s3;
    EXPECT_EQ(run("api.example.com", cn_only, s3),
              (Ids{"ats.cert_no_san@3", "cert.name_mismatch@3"}));
    EXPECT_TRUE(mentions(s3.find("cert.name_mismatch")->summary,
                         {"it has no dNSName, and its CN is wrong.example.com"}));
}

TEST(CertNameMismatch, LongNameListsAreCut) {
    CertificateInfo leaf = healthy_leaf("a.example.com");
    leaf.dns_names = {"a.example.com", "b.example.com", "c.example.com",
                      "d.example.com", "e.example.com", "f.example.com"};
    Scenario s;
    run("z.example.com", leaf, s);
    EXPECT_TRUE(mentions(s.find("cert.name_mismatch")->summary, {"d.example.com and 2 more"}));
}

TEST(CertNameMismatch, SilentWithoutSni) {
    Scenario s;
    s.client_hello(modern_hello(""))
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf("other.example.com")}));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1"}));
}

TEST(CertNameMismatch, ClientCertificatesAreNotMatchedAgainstTheSni) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({healthy_leaf()}))
        .certificate(Side::Client, chain_of({healthy_leaf("alice")}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertNameMismatch, UnreadableLeafSaysNothing) {
    CertificateChain chain;
    chain.certs = {nullptr};
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertNameMismatch, NonAsciiNamesAreEscapedInTheSummary) {
    CertificateInfo leaf = healthy_leaf(
        "b\xc3\xbc"
        "cher.example");
    Scenario s;
    run("xn--bcher-kva.example", leaf, s);
    EXPECT_TRUE(mentions(s.find("cert.name_mismatch")->summary, {"b\\xc3\\xbccher.example"}));
}

}  // namespace tlsdiag::test

namespace tlsdiag::test {

TEST(CertNameMismatch, SummaryStaysShortWithLongNames) {
    const std::string label(63, 'a');
    const std::string longest = label + "." + label + "." + label + ".example";
    CertificateInfo leaf = healthy_leaf(longest);
    leaf.dns_names = {longest, longest, longest, longest, longest, longest};
    Scenario s;
    s.client_hello(modern_hello("b" + longest))
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({leaf}));
    const Finding* f = s.find("cert.name_mismatch");
    ASSERT_NE(f, nullptr);
    EXPECT_LE(f->summary.size(), 400u) << f->summary;  // what tshark tests accept as a summary
}

}  // namespace tlsdiag::test
