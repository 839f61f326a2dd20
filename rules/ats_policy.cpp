#include "tlsdiag/ats_policy.h"

#include <algorithm>
#include <cctype>

namespace tlsdiag {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The most specific entry that covers the host (Apple: the exact domain, or
// a parent domain with NSIncludesSubdomains).
const AtsDomainException* matching(const AtsPolicy& policy, const std::string& host) {
    const AtsDomainException* best = nullptr;
    for (const AtsDomainException& e : policy.exceptions) {
        const std::string d = lower(e.domain);
        const bool hit = host == d || (e.includes_subdomains && ends_with(host, "." + d));
        if (hit && (!best || d.size() > best->domain.size())) best = &e;
    }
    return best;
}

}  // namespace

std::optional<uint16_t> parse_ats_tls_version(const std::string& value) {
    if (value == "TLSv1.0") return 0x0301;
    if (value == "TLSv1.1") return 0x0302;
    if (value == "TLSv1.2") return 0x0303;
    if (value == "TLSv1.3") return 0x0304;
    return std::nullopt;
}

std::optional<std::string> ats_tls_version_name(uint16_t version) {
    if (version < 0x0301 || version > 0x0304) return std::nullopt;
    return "TLSv1." + std::to_string(version - 0x0301);
}

AtsRequirement ats_requirement(const AtsPolicy& policy, const std::string& host) {
    AtsRequirement r;
    // ATS leaves connections to IP literals alone; without SNI the host was
    // most likely an address (Apple's clients send SNI for names).
    if (host.empty()) {
        r.enforced = false;
        r.because = "no SNI: ATS does not apply to connections made to an IP address";
        return r;
    }
    const std::string h = lower(host);
    if (const AtsDomainException* e = matching(policy, h)) {
        const std::string entry = "NSExceptionDomains/" + e->domain;
        // Listing a domain resets it to the defaults, then applies its keys.
        if (e->minimum_tls) r.minimum_tls = *e->minimum_tls;
        if (e->requires_forward_secrecy) r.requires_forward_secrecy = *e->requires_forward_secrecy;
        r.because = entry;
        r.entry_domain = e->domain;
        return r;
    }
    if (policy.allows_arbitrary_loads && !policy.arbitrary_loads_overridden) {
        r.enforced = false;
        r.because = "NSAllowsArbitraryLoads";
    }
    return r;
}

}  // namespace tlsdiag
