// The body of the UDP flow fuzzers (dtls_reader_fuzzer, quic_reader_fuzzer):
// arbitrary datagrams of one UDP flow, both directions, into one of
// tlsdiag's UDP readers, then, as the first pass does
// (plugin/first_pass_udp.cpp), the connection model, the rules
// (certificates through x509/) and the report.
//
// Input (tools/fuzz-seeds writes real flows in it):
//   start:u32be  datagram*
//   start: the first datagram's capture time, seconds since 1970
//   datagram := dir:u8 len:u16be payload[len]
//     dir bit 0: 0 from endpoint A (the first sender), 1 from endpoint B;
//     bits 4-7 k: the datagram comes (2^k - 1) ms after the previous one
//   A payload longer than the input left is cut to what is left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/capture_state.h"
#include "tlsdiag/report.h"
#include "tlsdiag/x509.h"

namespace tlsdiag::fuzz {

inline volatile size_t g_sink;

// `starts`: whether a datagram starts a flow the reader reads (its static test).
template <typename Reader>
int read_udp_flow(const uint8_t* data, size_t size, bool (*starts)(const uint8_t*, size_t)) {
    if (size < 4) return 0;
    const uint32_t start = static_cast<uint32_t>(data[0]) << 24 |
                           static_cast<uint32_t>(data[1]) << 16 | data[2] << 8 | data[3];
    size_t at = 4;
    Settings settings;
    x509::CertificateReader certs;
    capture::CaptureState state;
    state.set_chain_reader(
        [&certs](const std::vector<std::string>& ders) { return certs.read_chain(ders); });
    const uint8_t addr[2][4] = {{127, 0, 0, 1}, {127, 0, 0, 2}};
    const capture::Endpoint ends[2] = {capture::Endpoint(2, addr[0], 4, 50000),
                                       capture::Endpoint(2, addr[1], 4, 4443)};
    const uint32_t stream = capture::udp_stream_key(0);
    Reader reader;
    capture::FrameFacts facts;
    bool tracking = false;
    Frame frame = 0;
    TimeNs time = TimeNs{start} * 1000000000;
    size_t sum = 0;
    while (at + 3 <= size) {
        const uint8_t bits = data[at];
        size_t len = static_cast<size_t>(data[at + 1] << 8 | data[at + 2]);
        at += 3;
        if (len > size - at) len = size - at;
        // The datagram in an allocation of its own: a read past it is an
        // ASan report, not a read of the next one.
        std::unique_ptr<uint8_t[]> copy(new uint8_t[len ? len : 1]);
        std::copy(data + at, data + at + len, copy.get());
        at += len;
        ++frame;
        time += ((TimeNs{1} << (bits >> 4)) - 1) * 1000000;
        const unsigned from = bits & 1;
        if (!tracking && !starts(copy.get(), len)) continue;
        tracking = true;
        if (reader.rejected()) break;
        reader.read(from, copy.get(), len, facts);
        sum += facts.messages.size();
        if (!facts.messages.empty())
            sum += state.apply(stream, ends[from], ends[1 - from], frame, time, facts, settings)
                       .size();
    }
    state.end_capture(stream, CaptureEnd{time + 60 * TimeNs{1000000000}, frame}, reader.flight(),
                      settings);
    for (Frame f = 1; f <= frame; ++f) {
        if (!state.shows_something(f)) continue;
        if (const Findings* found = state.findings_at(f)) sum += found->size();
        sum += state.chains_at(f).size();
    }
    if (capture::CapturedConnection* s = state.find(stream)) {
        report::ConnectionRecord record;
        record.client = "127.0.0.1:50000";
        record.server = "127.0.0.2:4443";
        record.diagnosed = &s->diagnosed;
        const report::CaptureInfo capture("fuzz.pcapng", frame);
        sum += report::render_text(capture, {record}).size();
        sum += report::render_json(capture, {record}).size();
    }
    g_sink = sum;
    return 0;
}

}  // namespace tlsdiag::fuzz
