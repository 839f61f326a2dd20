#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(AtsCipherSuite, FiresOnRsaKeyExchange) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(
        s.find("ats.cipher_suite")->summary,
        {"server chose TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)",
         "lacks forward secrecy (RSA key exchange)", "App Transport Security rejects it"}));
}

TEST(AtsCipherSuite, FiresOnForwardSecretSuiteOffApplesList) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009e));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (0x009e)", "forward secret (DHE)",
                          "not on Apple's list"}));
}

// Apple documents no ChaCha20 suite for TLS 1.2, although its implementation
// accepts them (ats_requirements.md §2a): the rule follows the documentation.
TEST(AtsCipherSuite, FiresOnEcdheChacha20BecauseAppleDoesNotDocumentIt) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xcca8));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(AtsCipherSuite, SilentOnEveryDocumentedTls12Suite) {
    for (uint16_t suite :
         {0xc02c, 0xc02b, 0xc024, 0xc00a, 0xc023, 0xc009, 0xc030, 0xc02f, 0xc028, 0xc027, 0xc013}) {
        Scenario s;
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, suite));
        EXPECT_EQ(s.ids(), Ids{}) << std::hex << suite;
    }
}

TEST(AtsCipherSuite, SilentOnTheTls13SuitesAppleOffers) {
    for (uint16_t suite : {0x1301, 0x1302, 0x1303}) {
        Scenario s;
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, suite));
        EXPECT_EQ(s.ids(), Ids{}) << std::hex << suite;
    }
}

TEST(AtsCipherSuite, FiresOnTls13CcmSuite) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1304));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary, {"TLS_AES_128_CCM_SHA256 (0x1304)"}));
}

TEST(AtsCipherSuite, FiresOnUnknownSuiteCode) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x1234));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"server chose unknown suite 0x1234", "does not know"}));
}

TEST(AtsCipherSuite, JudgesTheServerHelloAfterAHelloRetryRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1304));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@4"}));
}

TEST(AtsCipherSuite, FiresOncePerConnection) {
    ServerHello renegotiated = server_hello(version::TLS12, 0x0035);
    renegotiated.random = "server-random-2";
    Scenario s;
    s.client_hello(legacy_hello(version::TLS12))
        .server_hello(server_hello(version::TLS12, 0x002f))
        .server_hello(renegotiated);
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
}

TEST(AtsCipherSuite, DisabledWithItsFamily) {
    Settings settings;
    settings.disabled_families = {"ats"};
    Scenario s(settings);
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), Ids{});
}

// With the app's Info.plist (Settings::ats_policy) the summary ends with what
// this app's ATS settings make of the suite (ats_requirements.md §3).

namespace {
const char* const kRsaSummary =
    "server chose TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), which lacks forward secrecy (RSA key "
    "exchange); App Transport Security rejects it";

AtsDomainException forward_secrecy(const std::string& domain, std::optional<bool> required,
                                   bool subdomains = false) {
    AtsDomainException e;
    e.domain = domain;
    e.includes_subdomains = subdomains;
    e.requires_forward_secrecy = required;
    return e;
}
}  // namespace

TEST(AtsCipherSuite, PolicyWithForwardSecrecyExceptionAllowsAnRsaSuite) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", false)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2"}));
    EXPECT_EQ(s.find("ats.cipher_suite")->summary,
              std::string(kRsaSummary) +
                  "; this app (Info.plist) allows it: NSExceptionDomains/api.example.com sets "
                  "NSExceptionRequiresForwardSecrecy NO");
}

TEST(AtsCipherSuite, PolicyWithForwardSecrecyExceptionOnAParentDomainAllowsIt) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("example.com", false, true)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x0035));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"TLS_RSA_WITH_AES_256_CBC_SHA (0x0035)",
                          "; this app (Info.plist) allows it: NSExceptionDomains/example.com sets "
                          "NSExceptionRequiresForwardSecrecy NO"}));
}

TEST(AtsCipherSuite, PolicyEntryWithoutTheForwardSecrecyKeyFailsDespiteIt) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", std::nullopt)};
    p.exceptions[0].minimum_tls = version::TLS10;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.find("ats.cipher_suite")->summary,
              std::string(kRsaSummary) +
                  "; this app (Info.plist) fails despite NSExceptionDomains/api.example.com; "
                  "NSExceptionRequiresForwardSecrecy NO in NSExceptionDomains/api.example.com "
                  "would let it through");
}

TEST(AtsCipherSuite, PolicyRequiringForwardSecrecyExplicitlyFailsDespiteIt) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", true)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_TRUE(
        mentions(s.find("ats.cipher_suite")->summary,
                 {"fails despite NSExceptionDomains/api.example.com; "
                  "NSExceptionRequiresForwardSecrecy NO in NSExceptionDomains/api.example.com "
                  "would let it through"}));
}

TEST(AtsCipherSuite, PolicyWithoutExceptionForTheHostSaysWhichKeyWouldLetItThrough) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.find("ats.cipher_suite")->summary,
              std::string(kRsaSummary) +
                  "; this app (Info.plist) fails (no exception covers this host); "
                  "NSExceptionRequiresForwardSecrecy NO in NSExceptionDomains/api.example.com "
                  "would let it through");
}

TEST(AtsCipherSuite, PolicyCannotLetADheSuiteThroughForAListedHost) {
    // Forward secret but off Apple's list: no per-domain key adds it, and a
    // listed host ignores NSAllowsArbitraryLoads.
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", false)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009e));
    EXPECT_EQ(
        s.find("ats.cipher_suite")->summary,
        "server chose TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (0x009e), which is forward secret "
        "(DHE) but not on Apple's list of ECDHE-AES suites; App Transport Security rejects it; "
        "this app (Info.plist) fails despite NSExceptionDomains/api.example.com; no Info.plist "
        "TLS exception accepts this suite");
}

TEST(AtsCipherSuite, PolicyCannotLetAnUnknownSuiteThrough) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x1234));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"; this app (Info.plist) fails (no exception covers this host); no "
                          "per-domain TLS exception accepts this suite"}));
}

TEST(AtsCipherSuite, PolicyWithArbitraryLoadsIsNotAffected) {
    AtsPolicy p;
    p.allows_arbitrary_loads = true;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.find("ats.cipher_suite")->summary,
              std::string(kRsaSummary) +
                  "; this app (Info.plist) is not affected: NSAllowsArbitraryLoads");
}

TEST(AtsCipherSuite, PolicyAndClientHelloWithoutSniIsNotAffected) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello("")).server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_EQ(s.ids(), (Ids{"tls.no_sni@1", "ats.cipher_suite@2"}));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"; this app (Info.plist) is not affected: no SNI"}));
}

TEST(AtsCipherSuite, PolicyHostMatchIsCaseInsensitive) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", false)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello("API.Example.com"))
        .server_hello(server_hello(version::TLS12, 0x009c));
    EXPECT_TRUE(mentions(s.find("ats.cipher_suite")->summary,
                         {"allows it: NSExceptionDomains/api.example.com sets "
                          "NSExceptionRequiresForwardSecrecy NO"}));
}

TEST(AtsCipherSuite, PolicyDoesNotMakeTheRuleFireOnAnAtsSuite) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("api.example.com", true)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(AtsCipherSuite, PolicyDoesNotAdviseArbitraryLoadsWhenItCannotHelp) {
    AtsPolicy listed;
    listed.allows_arbitrary_loads = true;
    listed.exceptions = {forward_secrecy("api.example.com", false)};
    AtsPolicy overridden;
    overridden.allows_arbitrary_loads = true;
    overridden.arbitrary_loads_overridden = true;
    for (const AtsPolicy& p : {listed, overridden}) {
        Scenario s(with_ats_policy(p));
        s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009e));
        const std::string summary = s.find("ats.cipher_suite")->summary;
        EXPECT_EQ(summary.find("only turning ATS off (NSAllowsArbitraryLoads) would"),
                  std::string::npos)
            << summary;
    }
}

TEST(AtsCipherSuite, PolicyWithoutAClientHelloDoesNotClaimNoSni) {
    AtsPolicy p;
    Scenario s(with_ats_policy(p));
    s.server_hello(server_hello(version::TLS12, 0x009c));
    const std::string summary = s.find("ats.cipher_suite")->summary;
    EXPECT_EQ(summary.find("is not affected: no SNI"), std::string::npos) << summary;
}

TEST(AtsCipherSuite, OnlyArbitraryLoadsHelpsAnUnlistedHost) {
    AtsPolicy p;
    p.exceptions = {forward_secrecy("other.example.org", false)};
    Scenario s(with_ats_policy(p));
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0x009e));
    EXPECT_TRUE(
        mentions(s.find("ats.cipher_suite")->summary,
                 {"fails (no exception covers this host); no per-domain TLS exception "
                  "accepts this suite, only turning ATS off (NSAllowsArbitraryLoads) would"}));
}

}  // namespace tlsdiag::test

namespace tlsdiag::test {

// An SSLv2 SERVER-HELLO lists cipher specs and chooses none: only its
// version is judged (ats.tls_version).
TEST(AtsCipherSuite, SilentOnAnSslv2ServerHello) {
    ServerHello sh;
    sh.legacy_version = 0x0002;
    sh.sslv2 = true;
    sh.sslv2_specs = 3;
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10)).server_hello(sh);
    EXPECT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1", "ats.tls_version@2"}));
    EXPECT_TRUE(mentions(s.find("ats.tls_version")->summary, {"server chose SSL 2.0"}));
}

}  // namespace tlsdiag::test
