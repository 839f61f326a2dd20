// What one frame's TCP header and payload hold, as read from the frame.
#pragma once

#include <cstdint>

namespace tlsdiag::capture {

struct TcpSegment {
    uint16_t src_port = 0, dst_port = 0;
    uint32_t seq = 0;
    uint32_t ack = 0;  // meaningful when has_ack
    bool syn = false, fin = false, rst = false, has_ack = false;
    const uint8_t* payload = nullptr;
    uint32_t len = 0;       // payload bytes the segment carried
    uint32_t captured = 0;  // of which the capture kept (a snap length cuts them)
};

}  // namespace tlsdiag::capture
