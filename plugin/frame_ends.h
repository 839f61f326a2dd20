// What the first pass keys its streams by, from a frame's addresses and
// ports, without asking Wireshark's conversation table (which costs more
// than all the rest).
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <cstdint>
#include <cstring>

#include "capture/endpoints.h"
#include "tlsdiag/model.h"

namespace tlsdiag::plugin {

constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;  // odd: multiplying by it loses no bit

// An endpoint's address type, address and port, mixed a word at a time.
inline __attribute__((noinline)) uint64_t any_endpoint_hash(const address& a, uint32_t port) {
    uint64_t h = (static_cast<uint64_t>(a.type) << 32 | port) * kMul;
    const auto* p = static_cast<const uint8_t*>(a.data);
    int n = p ? a.len : 0;
    for (; n >= 4; n -= 4, p += 4) {
        uint32_t w;
        std::memcpy(&w, p, 4);
        h = (h ^ w) * kMul;
    }
    for (; n > 0; --n, ++p) h = (h ^ *p) * kMul;
    return h ^ h >> 31;
}

// The same for an IPv4 endpoint, inline: nearly every frame has two.
inline uint64_t endpoint_hash(const address& a, uint32_t port) {
    if (a.type != AT_IPv4 || a.len != 4) return any_endpoint_hash(a, port);
    uint32_t w;
    std::memcpy(&w, a.data, 4);
    const uint64_t h = ((static_cast<uint64_t>(AT_IPv4) << 32 | port) * kMul ^ w) * kMul;
    return h ^ h >> 31;
}

inline TimeNs frame_time(const packet_info* pinfo) {
    return static_cast<TimeNs>(pinfo->abs_ts.secs) * 1000000000 + pinfo->abs_ts.nsecs;
}

inline capture::Endpoint endpoint(const address& a, uint32_t port) {
    return capture::Endpoint(a.type, a.data, a.data ? static_cast<size_t>(a.len) : 0, port);
}

// The hashes of a frame's sender and receiver (address and port).
struct FrameEnds {
    uint64_t src, dst;
    uint64_t pair() const { return src ^ dst; }  // the same both ways
};

inline FrameEnds frame_ends(const packet_info* pinfo) {
    return {endpoint_hash(pinfo->src, pinfo->srcport), endpoint_hash(pinfo->dst, pinfo->destport)};
}

}  // namespace tlsdiag::plugin
