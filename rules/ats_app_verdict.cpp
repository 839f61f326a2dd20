#include "ats_app_verdict.h"

#include <algorithm>
#include <cctype>

namespace tlsdiag {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Where to put a key: the entry that already covers the host (a new entry
// for the host would reset it to the defaults), else a new one for the host.
std::string entry_for(const AtsRequirement& r, const ClientHello& hello) {
    return "NSExceptionDomains/" + (r.entry_domain.empty() ? lower(hello.sni) : r.entry_domain);
}

std::string app(const AtsPolicy& p) {
    return "; this app (" + p.source + ")";
}

std::string fails(const AtsPolicy& p, const AtsRequirement& r) {
    return app(p) + " fails" +
           (r.because.empty() ? " (no exception covers this host)" : " despite " + r.because);
}

// The app verdict needs the host name; a capture without the ClientHello
// cannot tell it (and "no SNI" would be a guess).
std::string unknown_host(const AtsPolicy& p) {
    return app(p) + ": cannot tell, the capture lacks the ClientHello and so the host name";
}

}  // namespace

uint16_t ats_minimum_version(const Settings& s, const ClientHello* hello) {
    if (!s.ats_policy || !hello) return version::TLS12;
    const AtsRequirement r = ats_requirement(*s.ats_policy, sni_of(*hello));
    return r.enforced ? std::max<uint16_t>(version::TLS12, r.minimum_tls) : version::TLS12;
}

std::string app_verdict_for_version(const Settings& s, const ClientHello* hello, uint16_t version) {
    if (!s.ats_policy) return "";
    const AtsPolicy& p = *s.ats_policy;
    if (!hello) return unknown_host(p);
    const AtsRequirement r = ats_requirement(p, sni_of(*hello));
    if (!r.enforced) return app(p) + " is not affected: " + r.because;
    if (version >= r.minimum_tls)
        return app(p) + " allows it: " + r.because + " sets NSExceptionMinimumTLSVersion " +
               ats_tls_version_name(r.minimum_tls).value_or("?");
    const auto wanted = ats_tls_version_name(version);
    if (!wanted) return fails(p, r) + "; no NSExceptionMinimumTLSVersion admits it";
    return fails(p, r) + "; NSExceptionMinimumTLSVersion " + *wanted + " in " +
           entry_for(r, *hello) + " would let it through";
}

std::string app_verdict_for_suite(const Settings& s, const ClientHello* hello,
                                  const CipherSuiteInfo* suite) {
    if (!s.ats_policy) return "";
    const AtsPolicy& p = *s.ats_policy;
    if (!hello) return unknown_host(p);
    const AtsRequirement r = ats_requirement(p, sni_of(*hello));
    if (!r.enforced) return app(p) + " is not affected: " + r.because;
    const bool without_fs = suite && suite->ats_allowed_without_forward_secrecy;
    if (without_fs && !r.requires_forward_secrecy)
        return app(p) + " allows it: " + r.because + " sets NSExceptionRequiresForwardSecrecy NO";
    if (without_fs)
        return fails(p, r) + "; NSExceptionRequiresForwardSecrecy NO in " + entry_for(r, *hello) +
               " would let it through";
    // NSAllowsArbitraryLoads helps only a host no entry lists, and only
    // when no newer key overrides it.
    if (r.entry_domain.empty() && !p.arbitrary_loads_overridden)
        return fails(p, r) +
               "; no per-domain TLS exception accepts this suite, only turning ATS "
               "off (NSAllowsArbitraryLoads) would";
    return fails(p, r) + "; no Info.plist TLS exception accepts this suite";
}

}  // namespace tlsdiag
