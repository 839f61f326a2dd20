// tlsdiag's own TLS reading on arbitrary TCP segments of one connection, both
// directions: TlsStreamReader (segment order, held segments, gaps,
// retransmissions, acknowledgements) and the TlsRecordReader and message
// parsers behind it, then, as the first pass does (plugin/first_pass.cpp,
// apply_segment), the connection model, the rules (certificates through
// x509/) and the report.
//
// Input (tools/fuzz-seeds writes real streams in it):
//   settings:u8  start:u32be  segment*
//   settings bit 0: an ATS policy (Info.plist) with an exception for example.com
//   start: the first segment's capture time, seconds since 1970 (certificates
//   are judged at it)
//   segment := flags:u8 timing:u8 [delta:u8] [offset:u32be] len:u16be payload[len]
//     flags bit 0     direction: 0 from endpoint A, 1 from endpoint B
//     flags bits 1-3  SYN, FIN, RST
//     flags bits 4-5  sequence number: 0 the next one of the direction;
//                     1 delta+1 bytes before it (sent again, overlapping);
//                     2 delta+1 bytes after it (a gap); 3 the direction's
//                     initial sequence number + offset
//     flags bit 6     the capture cut the payload to len * (timing >> 4) / 16 bytes;
//                     without it, timing bits 4-7 are the acknowledgement's lag:
//                     the peer's next byte minus lag * 64 (15: no ACK flag)
//     flags bit 7     release the reader's buffers after the segment
//     timing bits 0-3 k: the segment comes (2^k - 1) ms after the previous one
//   A payload longer than the input left is cut to what is left.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/capture_state.h"
#include "capture/tls_records.h"
#include "capture/tls_stream_reader.h"
#include "tlsdiag/report.h"
#include "tlsdiag/x509.h"

namespace {

using namespace tlsdiag;
using capture::FrameFacts;

// ---------------------------------------------------------------------------
// The adapter: the only code here that names the TLS reader's API (today
// capture/tls_stream_reader.h). Porting to another reader means rewriting
// this class; the framing and the driver below stay.
// ---------------------------------------------------------------------------
struct Segment {
    unsigned from = 0;  // 0: endpoint A, 1: endpoint B
    uint32_t seq = 0, ack = 0;
    bool syn = false, fin = false, rst = false, has_ack = false;
    const uint8_t* payload = nullptr;  // `captured` bytes
    uint32_t len = 0, captured = 0;
};

class ReaderAdapter {
public:
    // Whether a segment with this payload would start a TLS stream.
    static bool starts(const Segment& s) {
        return capture::TlsRecordReader::starts_handshake(s.payload, s.captured);
    }
    // Starts the stream with the segment that began it.
    void start(unsigned from) {
        stream_.reader = capture::TlsStreamReader(kHash[from], kHash[1 - from]);
    }
    // Reads the segment into `facts`; returns the reader's direction index.
    unsigned read(const Segment& s, FrameFacts& facts) {
        capture::TcpSegment seg;
        seg.seq = s.seq;
        seg.ack = s.ack;
        seg.has_ack = s.has_ack;
        seg.syn = s.syn;
        seg.fin = s.fin;
        seg.rst = s.rst;
        seg.payload = s.payload;
        seg.len = s.len;
        seg.captured = s.captured;
        return stream_.reader.read(kHash[s.from], kHash[1 - s.from], seg, facts);
    }
    void release() { stream_.reader.release(); }
    // The first pass's bookkeeping around the reader (StreamReading).
    capture::StreamReading& diagnosed() { return stream_; }

private:
    // Endpoint hashes as FirstPass makes them: they only need to differ.
    static constexpr uint64_t kHash[2] = {0x7f0000010000c350, 0x7f000001000001bb};
    capture::StreamReading stream_;
};

// ---------------------------------------------------------------------------
// The framing.
// ---------------------------------------------------------------------------
class Input {
public:
    Input(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
    bool empty() const { return p_ == end_; }
    bool u8(uint8_t& v) {
        if (p_ == end_) return false;
        v = *p_++;
        return true;
    }
    bool u16(uint16_t& v) {
        uint8_t a = 0, b = 0;
        if (!u8(a) || !u8(b)) return false;
        v = static_cast<uint16_t>(a << 8 | b);
        return true;
    }
    bool u32(uint32_t& v) {
        uint16_t a = 0, b = 0;
        if (!u16(a) || !u16(b)) return false;
        v = static_cast<uint32_t>(a) << 16 | b;
        return true;
    }
    // Up to `n` bytes; fewer when the input ends.
    const uint8_t* take(size_t& n) {
        const size_t left = static_cast<size_t>(end_ - p_);
        if (n > left) n = left;
        const uint8_t* at = p_;
        p_ += n;
        return at;
    }

private:
    const uint8_t* p_;
    const uint8_t* end_;
};

// Initial sequence numbers: A's wraps around 2^32 within its first bytes.
constexpr uint32_t kIsn[2] = {0xffffff00u, 1000};

std::shared_ptr<const AtsPolicy> fuzz_policy() {
    auto p = std::make_shared<AtsPolicy>();
    p->source = "fuzz.plist";
    AtsDomainException e;
    e.domain = "example.com";
    e.includes_subdomains = true;
    e.minimum_tls = 0x0301;
    e.requires_forward_secrecy = false;
    p->exceptions.push_back(e);
    return p;
}

volatile size_t g_sink;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Input in(data, size);
    uint8_t settings_bits = 0;
    uint32_t start = 0;
    if (!in.u8(settings_bits) || !in.u32(start)) return 0;
    Settings settings;
    if (settings_bits & 1) settings.ats_policy = fuzz_policy();

    x509::CertificateReader certs;
    capture::CaptureState state;
    state.set_chain_reader(
        [&certs](const std::vector<std::string>& ders) { return certs.read_chain(ders); });
    const uint8_t addr[2][4] = {{127, 0, 0, 1}, {127, 0, 0, 2}};
    const capture::Endpoint ends[2] = {capture::Endpoint(2, addr[0], 4, 50000),
                                       capture::Endpoint(2, addr[1], 4, 443)};

    ReaderAdapter reader;
    bool tracking = false;
    uint32_t next[2] = {kIsn[0], kIsn[1]};
    Frame frame = 0;
    TimeNs time = TimeNs{start} * 1000000000;
    FrameFacts facts;
    size_t sum = 0;

    uint8_t flags = 0, timing = 0;
    while (in.u8(flags) && in.u8(timing)) {
        Segment s;
        s.from = flags & 1;
        s.syn = flags & 2;
        s.fin = flags & 4;
        s.rst = flags & 8;
        uint8_t delta = 0;
        uint32_t offset = 0;
        switch ((flags >> 4) & 3) {
        case 0: s.seq = next[s.from]; break;
        case 1:
            if (!in.u8(delta)) return 0;
            s.seq = next[s.from] - delta - 1;
            break;
        case 2:
            if (!in.u8(delta)) return 0;
            s.seq = next[s.from] + delta + 1;
            break;
        default:
            if (!in.u32(offset)) return 0;
            s.seq = kIsn[s.from] + offset;
            break;
        }
        uint16_t len16 = 0;
        if (!in.u16(len16)) return 0;
        size_t len = len16;
        const uint8_t* bytes = in.take(len);
        s.len = static_cast<uint32_t>(len);
        s.captured = flags & 0x40 ? static_cast<uint32_t>(len * (timing >> 4) / 16) : s.len;
        // Exactly the captured bytes in an allocation of their own: a read
        // past them is an ASan report, not a read of the next segment.
        std::unique_ptr<uint8_t[]> copy(new uint8_t[s.captured ? s.captured : 1]);
        std::copy(bytes, bytes + s.captured, copy.get());
        s.payload = s.captured ? copy.get() : nullptr;
        if (!(flags & 0x40) && (timing >> 4) != 15) {
            s.has_ack = true;
            s.ack = next[1 - s.from] - (timing >> 4) * 64u;
        }
        // Whatever comes of it, TCP moves on (the framing's "next").
        if (!s.rst) next[s.from] = s.seq + s.len + s.syn + s.fin;
        ++frame;
        time += ((TimeNs{1} << (timing & 15)) - 1) * 1000000;

        // plugin/first_pass.cpp: a stream is read from the segment that
        // starts a handshake on; the frames' facts go to the connection.
        if (!tracking) {
            if (!ReaderAdapter::starts(s)) continue;
            tracking = true;
            reader.start(s.from);
        }
        if (reader.diagnosed().reader.not_tls() && !reader.diagnosed().state) break;
        const unsigned dir = reader.read(s, facts);
        sum += facts.messages.size() + facts.has_hello();
        capture::StreamReading& t = reader.diagnosed();
        if (!t.adds_nothing(dir, facts)) {
            sum +=
                state.apply(0, ends[s.from], ends[1 - s.from], frame, time, facts, settings).size();
            if (!t.state) t.state = state.find(0);
            if (t.state) {
                const Side sender =
                    t.state->ends.is_client(ends[s.from]) ? Side::Client : Side::Server;
                t.remember_run(dir, sender);
                t.remember_run(1 - dir, sender == Side::Client ? Side::Server : Side::Client);
                if (t.state->diagnosed.conn().compacted()) reader.release();
            }
        }
        if (flags & 0x80) reader.release();
    }

    // What every later dissection and the report ask.
    for (Frame f = 1; f <= frame; ++f) {
        if (!state.shows_something(f)) continue;
        if (const Findings* found = state.findings_at(f)) sum += found->size();
        sum += state.chains_at(f).size();
    }
    if (capture::CapturedConnection* s = state.find(0)) {
        report::ConnectionRecord record;
        record.stream = 0;
        record.client = "127.0.0.1:50000";
        record.server = "127.0.0.2:443";
        record.diagnosed = &s->diagnosed;
        const report::CaptureInfo capture("fuzz.pcapng", frame);
        sum += report::render_text(capture, {record}).size();
        sum += report::render_json(capture, {record}).size();
    }
    g_sink = sum;
    return 0;
}
