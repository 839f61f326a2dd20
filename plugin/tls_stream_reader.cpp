#include "tls_stream_reader.h"

#include <cstring>

namespace tlsdiag::plugin {

uint64_t TlsStreamReader::key(const Endpoint& e) {
    // The two ends of one connection differ in their address or port: folding
    // the address into 64 bits and adding the port keeps them apart.
    uint64_t h = static_cast<uint64_t>(e.type()) << 56;
    for (size_t i = 0; i < e.address_length(); i += 8) {
        uint64_t word = 0;
        std::memcpy(&word, e.address() + i, e.address_length() - i < 8 ? e.address_length() - i : 8);
        h = (h ^ word) * 0x100000001B3ull;
    }
    return h * 65537u + e.port();
}

void TlsStreamReader::read(const Endpoint& src, const TcpSegment& seg, FrameFacts& facts) {
    facts.clear();
    facts.tcp_len = seg.len;
    facts.fin = seg.fin;
    facts.rst = seg.rst;
    Direction& d = dirs_[key(src) == first_ ? 0 : 1];
    const uint32_t consumed = seg.len + (seg.syn ? 1 : 0) + (seg.fin ? 1 : 0);
    if (!d.started) {
        d.started = true;
        d.next = seg.seq;
    }
    // Sequence numbers wrap: compare by signed distance.
    const int32_t ahead = static_cast<int32_t>(seg.seq - d.next);
    // A RST's sequence number says nothing about missing data.
    if (seg.rst) return;
    uint32_t skip = 0;
    if (ahead > 0) {
        facts.data_missing_before = true;
        d.tls.lose_sync();
    } else if (ahead < 0) {
        // Sent again (or a keep-alive): only bytes past `next` are new.
        const uint32_t behind = static_cast<uint32_t>(-static_cast<int64_t>(ahead));
        if (behind >= consumed) return;
        skip = behind;
    }
    d.next = seg.seq + consumed;
    const uint32_t data_skip = skip > seg.len ? seg.len : skip;  // a SYN counts one
    if (seg.len <= data_skip) return;
    if (seg.captured < seg.len) {
        // The bytes are not in the capture: what they held cannot be read.
        d.tls.lose_sync();
        return;
    }
    d.tls.read(seg.payload + data_skip, seg.len - data_skip, data_skip == 0, session_,
               facts.messages);
}

void TlsStreamReader::release() {
    for (Direction& d : dirs_) d.tls.release();
}

}  // namespace tlsdiag::plugin
