// The capture.* rules: what tlsdiag says about the capture as a whole, once,
// on the frame that first shows it (not about one connection).
#pragma once

#include <string>

#include "tlsdiag/finding.h"

namespace tlsdiag {

// Where a TCP segment that Wireshark dissected could not be read.
struct UnreadCarrier {
    std::string link_type;   // "Ethernet", "Linux cooked-mode capture v2", ...
    std::string layers;      // the frame's protocols, "eth:ethertype:ip:udp:lisp-data:ip:tcp"
    std::string stopped_at;  // the layer tlsdiag could not step over
};

// capture.tcp_not_read, on the first such frame.
Finding capture_tcp_not_read(Frame frame, const UnreadCarrier& carrier);

}  // namespace tlsdiag
