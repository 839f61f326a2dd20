// ats.cert_validity_too_long: Apple limits a TLS server certificate's validity
// by its issue date (notBefore): 825 days from 2019-07-01, 398 days from
// 2020-09-01. Validity counts notBefore through notAfter inclusive (RFC 5280
// §4.1.2.5), so notAfter - notBefore + 1 second.
#include "cert_common.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"

namespace tlsdiag {

namespace {
constexpr UnixSeconds kRule825From = 1561939200;  // 2019-07-01 00:00:00 UTC
constexpr UnixSeconds kRule398From = 1598918400;  // 2020-09-01 00:00:00 UTC
constexpr int64_t kDay = 86400;

std::string duration(int64_t seconds) {
    std::string out = std::to_string(seconds / kDay) + " days";
    if (seconds % kDay) out += " and " + format_span(seconds % kDay);
    return out;
}
}  // namespace

void check_ats_cert_validity_too_long(const RuleInfo& rule, const Connection& conn,
                                      const Event& latest, const Settings&, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    const CertificateInfo* leaf = chain ? chain->leaf() : nullptr;
    if (!leaf || leaf->not_after < leaf->not_before) return;
    const int64_t validity = leaf->not_after - leaf->not_before + 1;
    int64_t limit_days = 0;
    const char* since = "";
    if (leaf->not_before >= kRule398From) limit_days = 398, since = "2020-09-01";
    else if (leaf->not_before >= kRule825From) limit_days = 825, since = "2019-07-01";
    if (limit_days == 0 || validity <= limit_days * kDay) return;
    out.push_back({&rule, latest.frame,
                   cert_phrase(Side::Server, *chain, 0) + " is valid for " + duration(validity) +
                       " (" + format_date(leaf->not_before) + " to " +
                       format_date(leaf->not_after) + "); Apple allows at most " +
                       std::to_string(limit_days) + " days for certificates issued from " + since,
                   0});
}

}  // namespace tlsdiag
