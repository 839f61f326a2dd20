#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(AtsTlsVersion, FiresWhenServerChoosesTls10) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
    const Finding* f = s.find("ats.tls_version");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"server chose TLS 1.0, although the client offered "
                                      "TLS 1.2\u20131.3",
                                      "requires TLS 1.2 or later"}));
}

TEST(AtsTlsVersion, FiresOnTls11WithTheClientsOwnLimit) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS11)).server_hello(server_hello(version::TLS11, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1", "ats.tls_version@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"server chose TLS 1.1, the newest version the client offered"}));
}

TEST(AtsTlsVersion, ServerAboveTheClientsCeilingIsNotTheClientsNewest) {
    Scenario s;  // a protocol violation: the summary must not blame the client
    s.client_hello(legacy_hello(version::TLS10)).server_hello(server_hello(version::TLS11, 0xc013));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"server chose TLS 1.1, although the client offered at most TLS 1.0"}));
}

TEST(AtsTlsVersion, FiresOnSsl30) {
    Scenario s;
    s.client_hello(legacy_hello(version::SSL3)).server_hello(server_hello(version::SSL3, 0x000a));
    EXPECT_EQ(s.ids(),
              (Ids{"tls.legacy_client_version@1", "ats.tls_version@2", "ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary, {"server chose SSL 3.0"}));
}

TEST(AtsTlsVersion, SilentOnExactlyTls12) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, SilentOnTls13) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, JudgesTheServerHelloAfterAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1302));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, WithoutAClientHelloStillReportsTheServersChoice) {
    Scenario s;  // capture started after the ClientHello
    s.server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@1"}));
    const Finding* f = s.find("ats.tls_version");
    EXPECT_EQ(f->related, 0u);
    EXPECT_EQ(f->summary.find("offered"), std::string::npos) << f->summary;
}

TEST(AtsTlsVersion, FiresOncePerConnection) {
    ServerHello renegotiated = server_hello(version::TLS10, 0xc013);
    renegotiated.random = "server-random-2";
    Scenario s;
    s.client_hello(legacy_hello(version::TLS12))
        .server_hello(server_hello(version::TLS10, 0xc013))
        .server_hello(renegotiated);
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
}

TEST(AtsTlsVersion, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"ats"};
    Scenario s(settings);
    s.client_hello(legacy_hello(version::TLS10)).server_hello(server_hello(version::TLS10, 0x000a));
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1"}));
}

// With the app's Info.plist (Settings::ats_policy) the summary ends with what
// this app's ATS settings make of the version (ats_requirements.md §3).

namespace {
const char* const kTls10Summary =
    "server chose TLS 1.0, although the client offered TLS 1.2\u20131.3; App Transport Security "
    "requires TLS 1.2 or later";

AtsDomainException minimum_tls(const std::string& domain, uint16_t v, bool subdomains = false) {
    AtsDomainException e;
    e.domain = domain;
    e.includes_subdomains = subdomains;
    e.minimum_tls = v;
    return e;
}
}  // namespace

TEST(AtsTlsVersion, WithoutAPolicyTheSummarySaysNothingOfTheApp) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.find("ats.tls_version")->summary, kTls10Summary);
}

TEST(AtsTlsVersion, PolicyWhoseExceptionAllowsTheVersion) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS10)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    // The finding stays: the server is still below what ATS wants by default.
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
    EXPECT_EQ(s.find("ats.tls_version")->summary,
              std::string(kTls10Summary) +
                  "; this app (Info.plist) allows it: NSExceptionDomains/api.example.com sets "
                  "NSExceptionMinimumTLSVersion TLSv1.0");
}

TEST(AtsTlsVersion, PolicyWithALowerMinimumThanTheServersVersionAllowsIt) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("example.com", version::TLS10, true)};
    Scenario s(with_ats_policy(p));
    s.client_hello(legacy_hello(version::TLS11)).server_hello(server_hello(version::TLS11, 0xc013));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"; this app (Info.plist) allows it: NSExceptionDomains/example.com sets "
                          "NSExceptionMinimumTLSVersion TLSv1.0"}));
}

TEST(AtsTlsVersion, PolicyWhoseExceptionIsNotLowEnoughFailsDespiteIt) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS11)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.find("ats.tls_version")->summary,
              std::string(kTls10Summary) +
                  "; this app (Info.plist) fails despite NSExceptionDomains/api.example.com; "
                  "NSExceptionMinimumTLSVersion TLSv1.0 in NSExceptionDomains/api.example.com "
                  "would let it through");
}

TEST(AtsTlsVersion, PolicyWithoutExceptionForTheHostSaysWhichKeyWouldLetItThrough) {
    AtsPolicy p;
    p.source = "MyApp-Info.plist";
    p.exceptions = {minimum_tls("other.example.net", version::TLS10)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.find("ats.tls_version")->summary,
              std::string(kTls10Summary) +
                  "; this app (MyApp-Info.plist) fails (no exception covers this host); "
                  "NSExceptionMinimumTLSVersion TLSv1.0 in NSExceptionDomains/api.example.com "
                  "would let it through");
}

TEST(AtsTlsVersion, PolicyWithArbitraryLoadsIsNotAffected) {
    AtsPolicy p;
    p.allows_arbitrary_loads = true;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.find("ats.tls_version")->summary,
              std::string(kTls10Summary) +
                  "; this app (Info.plist) is not affected: NSAllowsArbitraryLoads");
}

TEST(AtsTlsVersion, PolicyWithOverriddenArbitraryLoadsFails) {
    AtsPolicy p;
    p.allows_arbitrary_loads = true;
    p.arbitrary_loads_overridden = true;  // e.g. NSAllowsArbitraryLoadsInWebContent present
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_TRUE(
        mentions(s.find("ats.tls_version")->summary,
                 {"; this app (Info.plist) fails (no exception covers this host); "
                  "NSExceptionMinimumTLSVersion TLSv1.0 in NSExceptionDomains/api.example.com "
                  "would let it through"}));
}

TEST(AtsTlsVersion, PolicyAndClientHelloWithoutSniIsNotAffected) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS12)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello("")).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1", "ats.tls_version@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"; this app (Info.plist) is not affected: no SNI: ATS does not apply to "
                          "connections made to an IP address"}));
}

TEST(AtsTlsVersion, PolicyIsReadForTheLastClientHellosSni) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS10)};
    ClientHello second = modern_hello("www.example.com");
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello("api.example.com"))
        .server_hello(hello_retry_request())
        .client_hello(second)
        .server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@4"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"fails (no exception covers this host)",
                          "in NSExceptionDomains/www.example.com would let it through"}));
}

TEST(AtsTlsVersion, LooseningPolicyDoesNotMakeTheRuleFireOnTls12) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS10)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsTlsVersion, Ssl30IsNotLetThroughByAnyMinimumTLSVersion) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS10)};
    Scenario s(with_ats_policy(p));
    s.client_hello(legacy_hello(version::SSL3)).server_hello(server_hello(version::SSL3, 0xc013));
    const std::string summary = s.find("ats.tls_version")->summary;
    EXPECT_TRUE(mentions(summary, {"fails despite NSExceptionDomains/api.example.com"}));
    EXPECT_EQ(summary.find("NSExceptionMinimumTLSVersion TLSv1.0 in"), std::string::npos)
        << summary;
}

TEST(AtsTlsVersion, PolicyWithoutAClientHelloDoesNotClaimNoSni) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.server_hello(server_hello(version::TLS10, 0xc013));
    const std::string summary = s.find("ats.tls_version")->summary;
    EXPECT_EQ(summary.find("no SNI"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("is not affected"), std::string::npos) << summary;
}

TEST(AtsTlsVersion, AppRequiringTls13FailsATls12Server) {
    AtsPolicy p;
    p.exceptions = {minimum_tls("api.example.com", version::TLS13)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
    EXPECT_TRUE(
        mentions(s.find("ats.tls_version")->summary,
                 {"App Transport Security requires TLS 1.3 here",
                  "fails despite NSExceptionDomains/api.example.com",
                  "NSExceptionMinimumTLSVersion TLSv1.2 in NSExceptionDomains/api.example.com"}));
}

TEST(AtsTlsVersion, AdviceNamesTheHostInLowerCase) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello("API.Example.COM"))
        .server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"in NSExceptionDomains/api.example.com would let it through"}));
}

TEST(AtsTlsVersion, AdviceGoesToTheParentEntryThatCoversTheHost) {
    // A new entry for the host would reset it to the defaults, dropping the parent's keys.
    AtsPolicy p;
    p.exceptions = {minimum_tls("example.com", version::TLS12, true)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary,
                         {"fails despite NSExceptionDomains/example.com",
                          "NSExceptionMinimumTLSVersion TLSv1.0 in NSExceptionDomains/example.com "
                          "would let it through"}));
}

}  // namespace tlsdiag::test
