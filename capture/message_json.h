// One line of JSON per TLS message tlsdiag read (-z tlsdiag,messages): what
// the differential test compares with Wireshark's own dissection, frame by
// frame, and what a user can look at to see what tlsdiag made of a frame.
#pragma once

#include <cstdint>
#include <string>

#include "capture/frame_facts.h"

namespace tlsdiag::capture {

// `quic`: the frame is a QUIC connection's (FrameFacts::quic_version).
std::string message_json(uint32_t frame, uint32_t stream, bool quic, const TlsMessage& m);

}  // namespace tlsdiag::capture
