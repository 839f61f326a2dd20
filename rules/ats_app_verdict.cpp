#include "ats_app_verdict.h"

namespace tlsdiag {

namespace {

std::string domain_entry(const std::string& sni) { return "NSExceptionDomains/" + sni; }

std::string not_affected(const AtsPolicy& p, const AtsRequirement& r) {
    return "; this app (" + p.source + ") is not affected: " + r.because;
}

std::string fails(const AtsPolicy& p, const AtsRequirement& r) {
    return "; this app (" + p.source + ") fails" +
           (r.because.empty() ? " (no exception covers this host)" : " despite " + r.because);
}

}  // namespace

std::string app_verdict_for_version(const Settings& s, const std::string& sni, uint16_t version) {
    if (!s.ats_policy) return "";
    const AtsPolicy& p = *s.ats_policy;
    const AtsRequirement r = ats_requirement(p, sni);
    if (!r.enforced) return not_affected(p, r);
    const std::string wanted = ats_tls_version_name(version);
    if (version >= r.minimum_tls)
        return "; this app (" + p.source + ") allows it: " + r.because +
               " sets NSExceptionMinimumTLSVersion " + ats_tls_version_name(r.minimum_tls);
    return fails(p, r) + "; NSExceptionMinimumTLSVersion " + wanted + " in " + domain_entry(sni) +
           " would let it through";
}

std::string app_verdict_for_suite(const Settings& s, const std::string& sni,
                                  const CipherSuiteInfo* suite) {
    if (!s.ats_policy) return "";
    const AtsPolicy& p = *s.ats_policy;
    const AtsRequirement r = ats_requirement(p, sni);
    if (!r.enforced) return not_affected(p, r);
    const bool without_fs = suite && suite->ats_allowed_without_forward_secrecy;
    if (without_fs && !r.requires_forward_secrecy)
        return "; this app (" + p.source + ") allows it: " + r.because +
               " sets NSExceptionRequiresForwardSecrecy NO";
    if (without_fs)
        return fails(p, r) + "; NSExceptionRequiresForwardSecrecy NO in " + domain_entry(sni) +
               " would let it through";
    return fails(p, r) + "; no per-domain TLS exception accepts this suite, only turning ATS off "
                         "(NSAllowsArbitraryLoads) would";
}

}  // namespace tlsdiag
