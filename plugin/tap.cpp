#include "tap.h"

#include <epan/tap.h>

#include "tlsdiag_entry.h"

namespace tlsdiag::plugin {

namespace {
int tap_tlsdiag = -1;
}

void register_findings_tap() { tap_tlsdiag = register_tap("tlsdiag"); }

void queue_findings(packet_info* pinfo, const Findings& findings) {
    tap_queue_packet(tap_tlsdiag, pinfo, &findings);
}

}  // namespace tlsdiag::plugin

extern "C" void tlsdiag_register_tap_listeners(void) {}
