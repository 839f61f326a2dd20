// What an app declares in its Info.plist NSAppTransportSecurity dictionary,
// and what App Transport Security then demands of a connection to a host.
// The plugin reads the plist; the ATS rules ask this for a verdict.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tlsdiag {

// One NSExceptionDomains entry.
struct AtsDomainException {
    std::string domain;                            // lower case, as listed
    bool includes_subdomains = false;              // NSIncludesSubdomains
    std::optional<uint16_t> minimum_tls;           // NSExceptionMinimumTLSVersion
    std::optional<bool> requires_forward_secrecy;  // NSExceptionRequiresForwardSecrecy
    bool allows_insecure_http = false;             // NSExceptionAllowsInsecureHTTPLoads
};

struct AtsPolicy {
    std::string source;                   // where it was read, for summaries
    bool allows_arbitrary_loads = false;  // NSAllowsArbitraryLoads
    // iOS 10+ ignore NSAllowsArbitraryLoads when one of these is present.
    bool arbitrary_loads_overridden = false;
    std::vector<AtsDomainException> exceptions;
};

// What ATS requires of one connection under a policy.
struct AtsRequirement {
    bool enforced = true;  // false: ATS does not check this connection
    uint16_t minimum_tls = 0x0303;
    bool requires_forward_secrecy = true;
    std::string because;       // the Info.plist entry that decided, "" for defaults
    std::string entry_domain;  // the NSExceptionDomains key that matched, if any
};

// `host` is the ClientHello's SNI ("" when the app connected by address).
AtsRequirement ats_requirement(const AtsPolicy& policy, const std::string& host);

// "TLSv1.0" for NSExceptionMinimumTLSVersion values; nullopt when unknown.
std::optional<uint16_t> parse_ats_tls_version(const std::string& value);
// The NSExceptionMinimumTLSVersion value for a version: TLS 1.0 to 1.3 only
// (no value admits SSL 3.0).
std::optional<std::string> ats_tls_version_name(uint16_t version);

}  // namespace tlsdiag
