// capture.clock_implausible: the capture's timestamps cannot be the real time
// of its traffic (a clock rewritten to 1970, a device without a real-time
// clock). Time-based certificate findings are judged against the capture's
// timestamps, true to them but misleading without this note. Said once per
// capture, on the first Certificate message that shows it.
#include "tlsdiag/capture_rules.h"

#include "tlsdiag/catalog.h"
#include "tlsdiag/describe.h"

namespace tlsdiag {

namespace {

constexpr UnixSeconds kYear2000 = 946'684'800;  // 2000-01-01 00:00:00 UTC
constexpr UnixSeconds kDay = 86'400;
// A clock this far before every certificate of a chain is wrong: CAs do not
// issue whole chains years ahead, while one test leaf dated in the future is
// cert.not_yet_valid's business, not a reason to doubt the clock.
constexpr UnixSeconds kYearsAhead = 2 * 365 * kDay;

}  // namespace

std::optional<Finding> capture_clock_implausible(Frame frame, UnixSeconds time,
                                                 const CertificateChain& chain) {
    size_t readable = 0;
    UnixSeconds earliest = 0;
    for (const auto& c : chain.certs) {
        if (!c) continue;
        if (readable++ == 0 || c->not_before < earliest) earliest = c->not_before;
    }
    if (readable == 0) return std::nullopt;
    std::string why;
    if (time < kYear2000) why = "before 2000";
    else if (readable >= 2 && earliest - time > kYearsAhead)
        why = "years before every certificate of this chain";
    else return std::nullopt;
    return Finding{&clock_implausible_rule(), frame,
                   "this capture's clock says " + format_date(time) + " (" + why +
                       "), while the certificates of this chain are valid from " +
                       format_date(earliest) +
                       " on: its timestamps were rewritten or the "
                       "capturing machine's clock was wrong; time-based certificate findings "
                       "(cert.expired, cert.not_yet_valid, cert.expires_soon) were judged "
                       "against this clock",
                   0};
}

}  // namespace tlsdiag
