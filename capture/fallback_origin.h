// tls.version_fallback's earlier attempt. A rule sees one connection; the
// attempt that failed before a fallback retry is another one, which only the
// capture's list of connections knows, so it is looked up here.
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "capture/capture_state.h"

namespace tlsdiag::capture {

// What a fallback finding adds: its summary's tail and the frame it names.
struct FallbackOrigin {
    std::string words;  // "; the attempt before it, ClientHello in frame 4, failed: ..."
    Frame hello_frame;
};

// The latest connection before `retry` from the same client address to the
// same server address and port with the same SNI whose handshake failed (an
// error-severity finding, or no ServerHello); nullopt when the capture has none.
std::optional<FallbackOrigin> fallback_origin(const std::deque<CapturedConnection>& connections,
                                              const CapturedConnection& retry);

}  // namespace tlsdiag::capture
