// The capture.* rules: what tlsdiag says about the capture as a whole, once,
// on the frame that first shows it (not about one connection).
#pragma once

#include <optional>
#include <string>

#include "tlsdiag/certificate.h"
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

// capture.clock_implausible, judged on a Certificate message captured at
// `time`: the note when the capture's clock cannot be the real time of this
// traffic (before 2000, or years before every certificate of a chain of two
// or more), nothing when it can be.
std::optional<Finding> capture_clock_implausible(Frame frame, UnixSeconds time,
                                                 const CertificateChain& chain);

}  // namespace tlsdiag
