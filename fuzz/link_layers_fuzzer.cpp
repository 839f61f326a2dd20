// capture/link_layers.cpp on arbitrary frames: the layers Wireshark could
// have found, then the frame's bytes. Whatever it finds must lie inside the
// frame, and a segment's payload starts like TLS or not without reading past it.
//
// Input: count:u8  layer[count % 16]  captured_cut:u8  frame bytes...
//   each layer byte picks a capture::Layer (modulo their number);
//   captured_cut: the capture kept all bytes (0) or cut them to a fraction.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "capture/link_layers.h"
#include "capture/tls_records.h"

using namespace tlsdiag::capture;

namespace {
constexpr unsigned kLayers = static_cast<unsigned>(Layer::Unknown) + 1;

void check_inside(const TcpSegment& s, const uint8_t* data, size_t captured) {
    if (s.captured > s.len) std::abort();
    if (s.payload && (s.payload < data || s.payload + s.captured > data + captured)) std::abort();
    TlsRecordReader::starts_handshake(s.payload, s.captured);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* in, size_t size) {
    if (size < 2) return 0;
    const size_t count = in[0] % 16;
    if (size < 2 + count) return 0;
    std::vector<Layer> layers;
    for (size_t i = 0; i < count; ++i) layers.push_back(static_cast<Layer>(in[1 + i] % kLayers));
    const uint8_t cut = in[1 + count];
    const size_t reported = size - 2 - count;
    const size_t captured = cut ? reported * cut / 256 : reported;
    // The frame in an allocation of its own: a read past it is an ASan report.
    std::unique_ptr<uint8_t[]> frame(new uint8_t[captured ? captured : 1]);
    std::copy(in + 2 + count, in + 2 + count + captured, frame.get());
    const FrameBytes bytes{captured ? frame.get() : nullptr, captured, reported};
    TcpSegment seg;
    LinkRead read = find_tcp_segment(bytes, layers.data(), layers.size(), &seg);
    if (read.status == LinkRead::Status::Segment) check_inside(seg, frame.get(), captured);
    if (read.status == LinkRead::Status::Unreadable && read.layer >= layers.size()) std::abort();
    if (find_tcp_over_ethernet_ipv4(bytes, &seg, &read)) check_inside(seg, frame.get(), captured);
    if (read_tcp_header(bytes, &seg)) check_inside(seg, frame.get(), captured);
    return 0;
}
