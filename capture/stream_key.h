// How a connection is keyed through the reading core and the plugin: by its
// transport's stream index as Wireshark numbers it.
#pragma once

#include <cstdint>

namespace tlsdiag::capture {

// A connection's key, where the code says `stream`: TCP's stream
// index (tcp.stream), or for DTLS UDP's (udp.stream) with the top bit set.
constexpr uint32_t kDtlsStream = 1u << 31;
inline uint32_t dtls_stream(uint32_t udp_stream) {
    return udp_stream | kDtlsStream;
}
inline bool is_dtls_stream(uint32_t stream) {
    return (stream & kDtlsStream) != 0;
}
// The protocol's own stream index (tcp.stream or udp.stream).
inline uint32_t stream_index(uint32_t stream) {
    return stream & ~kDtlsStream;
}

}  // namespace tlsdiag::capture
