// cert.expires_soon: a certificate of the server's chain expires within
// Settings::expiry_warning_days of the capture's time, and within the last
// third of its validity, where automated renewal should already have replaced
// it (a short-lived certificate is always less than 30 days from its end):
// the failure that support will see next. Judged against the capture's time.
#include <algorithm>

#include "cert_common.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_cert_expires_soon(const RuleInfo& rule, const Connection& conn, const Event& latest,
                             const Settings& settings, Findings& out) {
    const CertificateChain* chain = chain_from(conn, latest, Side::Server);
    if (!chain || settings.expiry_warning_days == 0) return;
    const UnixSeconds now = to_seconds(conn.time_of(latest));
    const UnixSeconds window = static_cast<UnixSeconds>(settings.expiry_warning_days) * 86400;
    // The first to expire; an expired one is cert.expired's.
    const CertificateInfo* soonest = nullptr;
    size_t position = 0;
    for (size_t i = 0; i < chain->certs.size(); ++i) {
        const CertificateInfo* c = chain->certs[i].get();
        if (!c || c->not_after < now) continue;
        const UnixSeconds last_third = (c->not_after - c->not_before) / 3;
        if (c->not_after - now > std::min(window, last_third)) continue;
        if (!soonest || c->not_after < soonest->not_after) soonest = c, position = i;
    }
    if (!soonest) return;
    out.push_back({&rule, latest.frame,
                   cert_phrase(Side::Server, *chain, position) + " expires " +
                       format_date(soonest->not_after) + ", " +
                       format_span(soonest->not_after - now) +
                       " after this capture: clients fail from then on unless it is renewed",
                   0});
}

}  // namespace tlsdiag
