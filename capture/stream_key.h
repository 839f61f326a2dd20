// How a connection is keyed through the reading core and the plugin: by its
// transport's stream index as Wireshark numbers it.
#pragma once

#include <cstdint>

namespace tlsdiag::capture {

// A connection's key, where the code says `stream`: TCP's stream
// index (tcp.stream), or for DTLS and QUIC UDP's (udp.stream) with the top
// bit set.
constexpr uint32_t kUdpStream = 1u << 31;
inline uint32_t udp_stream_key(uint32_t udp_stream) {
    return udp_stream | kUdpStream;
}
inline bool is_udp_stream_key(uint32_t stream) {
    return (stream & kUdpStream) != 0;
}
// The protocol's own stream index (tcp.stream or udp.stream).
inline uint32_t stream_index(uint32_t stream) {
    return stream & ~kUdpStream;
}

}  // namespace tlsdiag::capture
