// The "tlsdiag" tap: every dissection of a frame with findings queues them,
// so reports (-z tlsdiag,...) see the same findings on every pass.
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include "tlsdiag/finding.h"

namespace tlsdiag::plugin {

void register_findings_tap();
void queue_findings(packet_info* pinfo, const Findings& findings);

}  // namespace tlsdiag::plugin
