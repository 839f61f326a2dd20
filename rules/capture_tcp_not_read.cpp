// capture.tcp_not_read: Wireshark dissected a TCP segment that tlsdiag could
// not read (a carrier it does not step over). Said once per capture, so that
// "no TLS connection" never hides frames that were skipped.
#include "tlsdiag/capture_rules.h"

#include "tlsdiag/catalog.h"

namespace tlsdiag {

Finding capture_tcp_not_read(Frame frame, const UnreadCarrier& carrier) {
    return {&tcp_not_read_rule(), frame,
            "tlsdiag could not read this frame's TCP segment (" + carrier.link_type + ", " +
                carrier.layers + "): reading stopped at " + carrier.stopped_at +
                "; the report counts every TCP frame it could not read",
            0};
}

}  // namespace tlsdiag
