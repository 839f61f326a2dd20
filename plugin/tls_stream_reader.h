// Both directions of one TCP connection that tlsdiag reads TLS from: puts
// each direction's segments in order (skipping what was sent again, noticing
// what the capture lacks) before its TlsRecordReader sees the bytes.
#pragma once

#include <cstdint>

#include "frame_facts.h"
#include "tls_records.h"

namespace tlsdiag::plugin {

// What a frame's TCP header and payload hold, as read from the frame.
struct TcpSegment {
    uint32_t seq = 0;
    bool syn = false, fin = false, rst = false;
    const uint8_t* payload = nullptr;
    uint32_t len = 0;       // payload bytes the segment carried
    uint32_t captured = 0;  // of which the capture kept (a snap length cuts them)
};

class TlsStreamReader {
public:
    TlsStreamReader() = default;
    // Starts with the segment that began the TLS (its sender is `first`).
    explicit TlsStreamReader(const Endpoint& first) : first_(key(first)) {}

    // Fills `facts` (cleared first) with what the segment from `src` shows.
    void read(const Endpoint& src, const TcpSegment& seg, FrameFacts& facts);
    // The handshake is over: keep counting records, drop the buffers.
    void release();

private:
    struct Direction {
        bool started = false;
        uint32_t next = 0;  // sequence number of the next new byte
        TlsRecordReader tls;
    };

    // Endpoints are told apart by a hash: 8 bytes rather than an Endpoint's 20.
    static uint64_t key(const Endpoint& e);

    uint64_t first_ = 0;
    Direction dirs_[2];
    TlsSession session_;
};

// A TLS stream being read: the first pass keeps one per stream, by the
// hash of its endpoint pair (first_pass.h).
struct TrackedStream {
    uint32_t stream = 0;  // TCP's stream index; a SYN may start a new one
    TlsStreamReader reader;
    StreamState* state = nullptr;  // once a hello made it a connection
};

}  // namespace tlsdiag::plugin
