// quic.no_reply's fallback: whether the client, its QUIC unanswered, reached
// the same server over TCP, as browsers do. A rule sees one connection; the
// fallback is another one, which only the capture's list of connections
// knows, so it is looked up here (as fallback_origin.h does for TLS).
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "capture/capture_state.h"

namespace tlsdiag::capture {

struct TcpFallback {
    std::string words;  // "; the client then reached the server over TCP: ..."
    Frame hello_frame;
};

// How far from the QUIC ClientHello the TCP one may start to count as its
// fallback: browsers race TCP within a second or two, or start it after
// their own QUIC timeout.
constexpr TimeNs kTcpFallbackWindowNs = 30'000'000'000;

// The first TLS-over-TCP connection from the QUIC connection's client
// address to its server address and port whose ClientHello came within
// kTcpFallbackWindowNs of the QUIC one's; nullopt when the capture has none.
std::optional<TcpFallback> quic_tcp_fallback(const std::deque<CapturedConnection>& connections,
                                             const CapturedConnection& quic);

// The version of the first QUIC connection from the same client address to
// the same server that began after `quic`'s Version Negotiation packet,
// within kTcpFallbackWindowNs; 0 when none.
uint32_t quic_version_retried(const std::deque<CapturedConnection>& connections,
                              const CapturedConnection& quic);

}  // namespace tlsdiag::capture
