// What App Transport Security requires of a connection under an app's
// NSAppTransportSecurity dictionary (ats_requirements.md §3). The ATS rules'
// summaries under a policy are tested with the rules (ats_tls_version_test.cpp,
// ats_cipher_suite_test.cpp).
#include "tlsdiag/ats_policy.h"

#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

namespace {

AtsDomainException entry(const std::string& domain, bool subdomains = false,
                         std::optional<uint16_t> minimum = std::nullopt,
                         std::optional<bool> forward_secrecy = std::nullopt) {
    AtsDomainException e;
    e.domain = domain;
    e.includes_subdomains = subdomains;
    e.minimum_tls = minimum;
    e.requires_forward_secrecy = forward_secrecy;
    return e;
}

AtsPolicy policy_with(std::vector<AtsDomainException> exceptions) {
    AtsPolicy p;
    p.source = "Info.plist";
    p.exceptions = std::move(exceptions);
    return p;
}

}  // namespace

TEST(AtsPolicy, NoInfoPlistKeysMeansTheDefaults) {
    const AtsRequirement r = ats_requirement(policy_with({}), "api.example.com");
    EXPECT_TRUE(r.enforced);
    EXPECT_EQ(r.minimum_tls, version::TLS12);
    EXPECT_TRUE(r.requires_forward_secrecy);
    EXPECT_EQ(r.because, "");
}

TEST(AtsPolicy, ExactDomainEntryAppliesItsKeys) {
    const AtsPolicy p = policy_with({entry("api.example.com", false, version::TLS10, false)});
    const AtsRequirement r = ats_requirement(p, "api.example.com");
    EXPECT_TRUE(r.enforced);
    EXPECT_EQ(r.minimum_tls, version::TLS10);
    EXPECT_FALSE(r.requires_forward_secrecy);
    EXPECT_EQ(r.because, "NSExceptionDomains/api.example.com");
}

TEST(AtsPolicy, ListedDomainWithoutKeysKeepsTheDefaults) {
    const AtsPolicy p = policy_with({entry("api.example.com")});
    const AtsRequirement r = ats_requirement(p, "api.example.com");
    EXPECT_TRUE(r.enforced);
    EXPECT_EQ(r.minimum_tls, version::TLS12);
    EXPECT_TRUE(r.requires_forward_secrecy);
    EXPECT_EQ(r.because, "NSExceptionDomains/api.example.com");
}

TEST(AtsPolicy, SubdomainIsCoveredOnlyWithNSIncludesSubdomains) {
    const AtsRequirement without = ats_requirement(
        policy_with({entry("example.com", false, version::TLS10)}), "api.example.com");
    EXPECT_EQ(without.minimum_tls, version::TLS12);
    EXPECT_EQ(without.because, "");

    const AtsRequirement with = ats_requirement(
        policy_with({entry("example.com", true, version::TLS10)}), "api.example.com");
    EXPECT_EQ(with.minimum_tls, version::TLS10);
    EXPECT_EQ(with.because, "NSExceptionDomains/example.com");
}

TEST(AtsPolicy, NSIncludesSubdomainsStillCoversTheDomainItself) {
    const AtsRequirement r =
        ats_requirement(policy_with({entry("example.com", true, version::TLS11)}), "example.com");
    EXPECT_EQ(r.minimum_tls, version::TLS11);
    EXPECT_EQ(r.because, "NSExceptionDomains/example.com");
}

TEST(AtsPolicy, SubdomainMatchIsOnLabelBoundaries) {
    const AtsPolicy p = policy_with({entry("example.com", true, version::TLS10)});
    EXPECT_EQ(ats_requirement(p, "notexample.com").because, "");
    EXPECT_EQ(ats_requirement(p, "notexample.com").minimum_tls, version::TLS12);
    EXPECT_EQ(ats_requirement(p, "example.com.evil.net").because, "");
    EXPECT_EQ(ats_requirement(p, "a.b.example.com").because, "NSExceptionDomains/example.com");
}

TEST(AtsPolicy, MostSpecificEntryWins) {
    // The exact entry resets api.example.com to the defaults, whatever its
    // parent allows; other subdomains keep the parent's exception. The order
    // of the entries does not matter.
    for (bool parent_first : {true, false}) {
        std::vector<AtsDomainException> entries = {
            entry("example.com", true, version::TLS10, false), entry("api.example.com")};
        if (!parent_first) std::swap(entries[0], entries[1]);
        const AtsPolicy p = policy_with(entries);

        const AtsRequirement api = ats_requirement(p, "api.example.com");
        EXPECT_EQ(api.minimum_tls, version::TLS12) << parent_first;
        EXPECT_TRUE(api.requires_forward_secrecy) << parent_first;
        EXPECT_EQ(api.because, "NSExceptionDomains/api.example.com") << parent_first;

        const AtsRequirement www = ats_requirement(p, "www.example.com");
        EXPECT_EQ(www.minimum_tls, version::TLS10) << parent_first;
        EXPECT_FALSE(www.requires_forward_secrecy) << parent_first;
        EXPECT_EQ(www.because, "NSExceptionDomains/example.com") << parent_first;
    }
}

TEST(AtsPolicy, DeeperParentWinsOverShallowerParent) {
    const AtsPolicy p = policy_with({entry("example.com", true, version::TLS10),
                                     entry("eu.example.com", true, version::TLS11)});
    const AtsRequirement r = ats_requirement(p, "api.eu.example.com");
    EXPECT_EQ(r.minimum_tls, version::TLS11);
    EXPECT_EQ(r.because, "NSExceptionDomains/eu.example.com");
}

TEST(AtsPolicy, HostIsMatchedCaseInsensitively) {
    const AtsPolicy p = policy_with({entry("api.example.com", false, version::TLS11)});
    const AtsRequirement r = ats_requirement(p, "API.Example.COM");
    EXPECT_EQ(r.minimum_tls, version::TLS11);
    EXPECT_EQ(r.because, "NSExceptionDomains/api.example.com");
}

TEST(AtsPolicy, EntryIsMatchedCaseInsensitively) {
    // The plugin lower-cases the keys; a policy built elsewhere may not.
    const AtsPolicy p = policy_with({entry("Example.COM", true, version::TLS11)});
    const AtsRequirement r = ats_requirement(p, "api.example.com");
    EXPECT_EQ(r.minimum_tls, version::TLS11);
    EXPECT_EQ(r.because, "NSExceptionDomains/Example.COM");
}

TEST(AtsPolicy, NSAllowsArbitraryLoadsTurnsAtsOffForUnlistedHosts) {
    AtsPolicy p = policy_with({});
    p.allows_arbitrary_loads = true;
    const AtsRequirement r = ats_requirement(p, "api.example.com");
    EXPECT_FALSE(r.enforced);
    EXPECT_EQ(r.because, "NSAllowsArbitraryLoads");
}

TEST(AtsPolicy, ListedDomainDropsNSAllowsArbitraryLoads) {
    AtsPolicy p = policy_with({entry("example.com", true)});
    p.allows_arbitrary_loads = true;
    const AtsRequirement listed = ats_requirement(p, "api.example.com");
    EXPECT_TRUE(listed.enforced);
    EXPECT_EQ(listed.minimum_tls, version::TLS12);
    EXPECT_EQ(listed.because, "NSExceptionDomains/example.com");
    EXPECT_FALSE(ats_requirement(p, "other.net").enforced);
}

TEST(AtsPolicy, NSAllowsArbitraryLoadsOverriddenIsIgnored) {
    // iOS 10+: NSAllowsArbitraryLoadsInWebContent & co. switch it off.
    AtsPolicy p = policy_with({});
    p.allows_arbitrary_loads = true;
    p.arbitrary_loads_overridden = true;
    const AtsRequirement r = ats_requirement(p, "api.example.com");
    EXPECT_TRUE(r.enforced);
    EXPECT_EQ(r.minimum_tls, version::TLS12);
    EXPECT_TRUE(r.requires_forward_secrecy);
    EXPECT_EQ(r.because, "");
}

TEST(AtsPolicy, OverrideAloneTurnsNothingOff) {
    AtsPolicy p = policy_with({});
    p.arbitrary_loads_overridden = true;
    EXPECT_TRUE(ats_requirement(p, "api.example.com").enforced);
}

TEST(AtsPolicy, EmptyHostIsNotEnforced) {
    // No SNI: the app most likely connected by address, which ATS leaves alone,
    // whatever the exceptions say.
    const AtsPolicy p = policy_with({entry("example.com", true, version::TLS12, true)});
    const AtsRequirement r = ats_requirement(p, "");
    EXPECT_FALSE(r.enforced);
    EXPECT_EQ(r.because, "no SNI: ATS does not apply to connections made to an IP address");
}

TEST(AtsPolicy, ParsesTheNSExceptionMinimumTLSVersionValues) {
    EXPECT_EQ(parse_ats_tls_version("TLSv1.0"), std::optional<uint16_t>(version::TLS10));
    EXPECT_EQ(parse_ats_tls_version("TLSv1.1"), std::optional<uint16_t>(version::TLS11));
    EXPECT_EQ(parse_ats_tls_version("TLSv1.2"), std::optional<uint16_t>(version::TLS12));
    EXPECT_EQ(parse_ats_tls_version("TLSv1.3"), std::optional<uint16_t>(version::TLS13));
}

TEST(AtsPolicy, RejectsUnknownNSExceptionMinimumTLSVersionValues) {
    for (const char* value : {"", "TLSv1.4", "TLSv1", "tlsv1.2", "TLS 1.2", "1.2", "SSLv3",
                              "DTLSv1.2", " TLSv1.2", "TLSv1.2 "})
        EXPECT_EQ(parse_ats_tls_version(value), std::nullopt) << "'" << value << "'";
}

TEST(AtsPolicy, NamesVersionsAsInfoPlistSpellsThem) {
    EXPECT_EQ(ats_tls_version_name(version::TLS10), "TLSv1.0");
    EXPECT_EQ(ats_tls_version_name(version::TLS11), "TLSv1.1");
    EXPECT_EQ(ats_tls_version_name(version::TLS12), "TLSv1.2");
    EXPECT_EQ(ats_tls_version_name(version::TLS13), "TLSv1.3");
}

TEST(AtsPolicy, NameAndParseRoundTrip) {
    for (uint16_t v : {version::TLS10, version::TLS11, version::TLS12, version::TLS13})
        EXPECT_EQ(parse_ats_tls_version(ats_tls_version_name(v).value()),
                  std::optional<uint16_t>(v))
            << v;
}

TEST(AtsPolicy, NoInfoPlistValueNamesSsl3) {
    EXPECT_EQ(ats_tls_version_name(version::SSL3), std::nullopt);
}

}  // namespace tlsdiag::test
