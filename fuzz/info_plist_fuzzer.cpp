// The Info.plist reader (plugin/info_plist.cpp, libplist) on arbitrary
// bytes, XML or binary ("bplist00..."), then ATS's verdict from the policy it
// gives for hosts its exceptions name, as the ATS rules ask it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "info_plist.h"
#include "tlsdiag/ats_policy.h"

namespace {

volatile size_t g_sink;

size_t ask(const tlsdiag::AtsPolicy& policy, const std::string& host) {
    const tlsdiag::AtsRequirement r = tlsdiag::ats_requirement(policy, host);
    return r.enforced + r.minimum_tls + r.requires_forward_secrecy + r.because.size() +
           r.entry_domain.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    auto policy = tlsdiag::plugin::read_info_plist_from_memory(reinterpret_cast<const char*>(data),
                                                               size, "fuzz/Info.plist", &error);
    if (!policy) {
        g_sink = error.size();
        return 0;
    }
    size_t sum = policy->source.size() + ask(*policy, "") + ask(*policy, "api.example.com");
    for (const tlsdiag::AtsDomainException& e : policy->exceptions) {
        sum +=
            ask(*policy, e.domain) + ask(*policy, "sub." + e.domain) + ask(*policy, e.domain + ".");
        if (e.minimum_tls) sum += tlsdiag::ats_tls_version_name(*e.minimum_tls).value_or("").size();
    }
    g_sink = sum;
    return 0;
}
