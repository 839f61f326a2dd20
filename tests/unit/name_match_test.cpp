// RFC 6125 / RFC 9525 host name matching, the heart of cert.name_mismatch.
#include "tlsdiag/name_match.h"

#include <gtest/gtest.h>

#include "cert_fixtures.h"

namespace tlsdiag::test {

TEST(DnsNameMatches, ExactNamesIgnoreCaseAndOneTrailingDot) {
    EXPECT_TRUE(dns_name_matches("api.example.com", "api.example.com"));
    EXPECT_TRUE(dns_name_matches("API.EXAMPLE.com", "api.example.COM"));
    EXPECT_TRUE(dns_name_matches("api.example.com.", "api.example.com"));
    EXPECT_TRUE(dns_name_matches("api.example.com", "api.example.com."));
    EXPECT_FALSE(dns_name_matches("api.example.com", "api.example.com.."));
    EXPECT_FALSE(dns_name_matches("api.example.com", "api.example.org"));
    EXPECT_FALSE(dns_name_matches("example.com", "api.example.com"));
    EXPECT_FALSE(dns_name_matches("", ""));
}

TEST(DnsNameMatches, WildcardIsOneWholeLeftmostLabel) {
    EXPECT_TRUE(dns_name_matches("*.example.com", "api.example.com"));
    EXPECT_TRUE(dns_name_matches("*.Example.com", "WWW.example.COM"));
    EXPECT_FALSE(dns_name_matches("*.example.com", "example.com"));
    EXPECT_FALSE(dns_name_matches("*.example.com", "a.b.example.com"));
    EXPECT_FALSE(dns_name_matches("*.example.com", ".example.com"));
    EXPECT_FALSE(dns_name_matches("api.*.com", "api.example.com"));
    EXPECT_FALSE(dns_name_matches("*.*.example.com", "a.b.example.com"));
}

TEST(DnsNameMatches, PartialLabelWildcardsAreRefusedLikeBrowsersDo) {
    // RFC 6125 allowed them as a MAY; RFC 9525 and the browsers do not.
    EXPECT_FALSE(dns_name_matches("w*.example.com", "www.example.com"));
    EXPECT_FALSE(dns_name_matches("*w.example.com", "www.example.com"));
    EXPECT_FALSE(dns_name_matches("*", "localhost"));
}

TEST(DnsNameMatches, WildcardNeedsTwoLabelsAfterIt) {
    EXPECT_FALSE(dns_name_matches("*.com", "example.com"));
    EXPECT_FALSE(dns_name_matches("*.", "example"));
    EXPECT_TRUE(
        dns_name_matches("*.co.uk", "example.co.uk"));  // public suffixes are not known here
}

TEST(DnsNameMatches, ReferenceWithWildcardNeverMatches) {
    EXPECT_FALSE(dns_name_matches("*.example.com", "*.example.com"));
    EXPECT_FALSE(dns_name_matches("api.example.com", "*.example.com"));
}

TEST(DnsNameMatches, IdnsCompareAsALabels) {
    // SNI carries A-labels (RFC 6066); a certificate must too.
    EXPECT_TRUE(dns_name_matches("xn--bcher-kva.example", "xn--bcher-kva.example"));
    EXPECT_TRUE(dns_name_matches("XN--BCHER-KVA.example", "xn--bcher-kva.example"));
    EXPECT_TRUE(dns_name_matches("*.example.com", "xn--bcher-kva.example.com"));
    EXPECT_FALSE(
        dns_name_matches("b\xc3\xbc"
                         "cher.example",
                         "xn--bcher-kva.example"));
    EXPECT_FALSE(dns_name_matches("xn--bcher-kva.example",
                                  "b\xc3\xbc"
                                  "cher.example"));
    // Non-ASCII bytes are not folded: only A-Z are case-insensitive.
    EXPECT_FALSE(dns_name_matches("\xc3\x9c.example", "\xc3\xbc.example"));
}

TEST(ParseIpLiteral, Ipv4AndIpv6Forms) {
    EXPECT_TRUE(parse_ip_literal("127.0.0.1"));
    EXPECT_TRUE(parse_ip_literal("::1"));
    EXPECT_TRUE(parse_ip_literal("2001:db8::1"));
    EXPECT_TRUE(parse_ip_literal("::ffff:192.0.2.1"));
    EXPECT_TRUE(parse_ip_literal("2001:db8:0:0:0:0:0:1"));
    EXPECT_EQ(parse_ip_literal("2001:db8::1"), parse_ip_literal("2001:DB8:0:0:0:0:0:1"));
    EXPECT_EQ(parse_ip_literal("192.0.2.1"), parse_ip_literal("::ffff:192.0.2.1"));
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
                            "api.example.com", ":::", "1::2::3", "2001:db8:0:0:0:0:0:0:1",
                            "2001:db8:0:0:0:0:1", "12345::", "g::1", "1:"})
        EXPECT_FALSE(parse_ip_literal(bad)) << bad;
}

TEST(CertificateMatchesHost, IpLiteralsMatchIpAddressEntriesOnly) {
    CertificateInfo c = healthy_leaf();
    c.dns_names = {"api.example.com", "127.0.0.1"};
    c.ip_addresses = {"::1"};
    EXPECT_TRUE(certificate_matches_host(c, "::1"));
    EXPECT_TRUE(certificate_matches_host(c, "0:0::1"));
    EXPECT_FALSE(certificate_matches_host(c, "127.0.0.1"));  // a dNSName is no IP entry
    c.ip_addresses.push_back("127.0.0.1");
    EXPECT_TRUE(certificate_matches_host(c, "127.0.0.1"));
}

TEST(CertificateMatchesHost, CnOnlyWithoutDnsNames) {
    CertificateInfo c = healthy_leaf("api.example.com");
    c.dns_names = {"www.example.com"};
    EXPECT_FALSE(certificate_matches_host(c, "api.example.com"));
    c.dns_names.clear();
    EXPECT_TRUE(certificate_matches_host(c, "api.example.com"));
    c.ip_addresses = {"192.0.2.1"};  // IP entries do not silence the CN (RFC 6125 §6.4.4)
    EXPECT_TRUE(certificate_matches_host(c, "api.example.com."));
    c.subject_cn.clear();
    EXPECT_FALSE(certificate_matches_host(c, "api.example.com"));
}

TEST(CertificateMatchesHost, AnyOfSeveralNames) {
    CertificateInfo c = healthy_leaf();
    c.dns_names = {"example.com", "*.example.com", "api.example.net"};
    EXPECT_TRUE(certificate_matches_host(c, "example.com"));
    EXPECT_TRUE(certificate_matches_host(c, "cdn.example.com"));
    EXPECT_TRUE(certificate_matches_host(c, "API.example.net"));
    EXPECT_FALSE(certificate_matches_host(c, "a.cdn.example.com"));
}

}  // namespace tlsdiag::test
