#include "first_pass.h"

#include "frame_ends.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/prefs-int.h>
#include <epan/prefs.h>

#include <algorithm>
#include <cstring>

namespace tlsdiag::plugin {

void FirstPass::start(int proto_tlsdiag, dissector_handle_t postdissector) {
    proto_tlsdiag_ = proto_tlsdiag;
    proto_tcp_ = proto_get_id_by_filter_name("tcp");
    proto_udp_ = proto_get_id_by_filter_name("udp");
    resolve_frame_protocols();
    resolve_decrypted_records();
    reset();
    load_key_log();
    // No field is wanted: a wanted field makes tshark build a protocol tree
    // for every frame. Wireshark owns the array.
    set_postdissector_wanted_hfids(postdissector, g_array_new(FALSE, FALSE, sizeof(int)));
}

// Later passes find the connection of a frame through its TCP conversation
// (they read nothing from the frame).
void FirstPass::remember_stream(packet_info* pinfo, uint32_t stream) {
    conversation_t* conv = find_or_create_conversation(pinfo);
    conversation_add_proto_data(conv, proto_tlsdiag_, GUINT_TO_POINTER(stream + 1));
}

// The TCP stream index of the frame's conversation, as TCP numbered it.
bool FirstPass::tcp_stream(packet_info* pinfo, uint32_t* stream) const {
    conversation_t* conv = find_conversation_pinfo(pinfo, 0);
    auto* tcpd =
        conv ? static_cast<tcp_analysis*>(conversation_get_proto_data(conv, proto_tcp_)) : nullptr;
    if (!tcpd) return false;
    *stream = tcpd->stream;
    return true;
}

__attribute__((noinline)) void FirstPass::count_unread(packet_info* pinfo, const UnreadCarrier& why,
                                                       CaptureState& state) {
    state.count_unread_tcp(pinfo->num, why);
}

// A frame's TCP segment, and the TLS records of a stream that began with a
// handshake record. Every frame runs this: what only TLS frames need is in
// feed(), so that this stays a few cache lines of code.
__attribute__((hot)) void FirstPass::read(tvbuff_t* tvb, packet_info* pinfo, bool watched,
                                          CaptureState& state, const Settings& settings) {
    TcpSegment segment;
    UnreadCarrier why;
    switch (read_tcp_segment(tvb, pinfo, &segment, &why)) {
    case FrameTcp::NotTcp:
        if (pinfo->ptype == PT_UDP) read_udp(tvb, pinfo, state, settings);
        return;
    case FrameTcp::Unread: count_unread(pinfo, why, state); return;
    case FrameTcp::Segment: break;
    }
    const bool starts = TlsRecordReader::starts_handshake(segment.payload, segment.captured);
    const FrameEnds ends = frame_ends(pinfo);
    StreamReading* t = readings_.find(ends.pair());
    // Most TCP frames belong to no TLS stream and start none.
    if (t || starts || (segment.syn && !segment.has_ack))
        feed(pinfo, segment, starts, ends, t, watched, state, settings);
}

// Until the client's first bytes come, a connection is only remembered: its
// frames are not read, and the bytes that come before the first ones (its
// ClientHello's segments out of order) are kept for when they do.
bool FirstPass::await_first_bytes(const TcpSegment& segment, bool starts, const FrameEnds& ends,
                                  StreamReading*& t) {
    if (!t) {
        if (starts || awaiting_ >= kMaxAwaiting) return false;
        t = &readings_.insert(ends.pair(), StreamReading{});
        t->awaiting = std::make_unique<StreamReading::FirstBytes>();
        t->awaiting->sender = ends.src;
        t->awaiting->seq = segment.seq + 1;
        ++awaiting_;
        return true;
    }
    StreamReading::FirstBytes& first = *t->awaiting;
    const bool from_client = ends.src == first.sender;
    if (from_client && segment.syn && !segment.has_ack && segment.seq + 1 != first.seq) {
        first =
            StreamReading::FirstBytes{first.sender, segment.seq + 1, {}, 0};  // a new connection
        return true;
    }
    const int32_t ahead = static_cast<int32_t>(segment.seq - first.seq);
    if (segment.rst || (segment.fin && segment.len == 0) ||
        (from_client && segment.len && ahead <= 0 && !starts)) {
        // Closed, or its first bytes are not TLS: forgotten.
        readings_.erase(ends.pair());
        --awaiting_;
        t = nullptr;
        return true;
    }
    if (from_client && segment.len && ahead > 0) {
        if (first.bytes + segment.captured <= kMaxEarlyBytes) {
            first.early.emplace_back(
                segment,
                std::string(reinterpret_cast<const char*>(segment.payload), segment.captured));
            first.bytes += segment.captured;
        }
        return true;
    }
    return !starts;  // a server that speaks first is read when its bytes start TLS
}

StreamReading& FirstPass::start_reading(packet_info* pinfo, const FrameEnds& ends, StreamReading* t,
                                        uint32_t stream) {
    if (!t) t = &readings_.insert(ends.pair(), StreamReading{});
    std::unique_ptr<StreamReading::FirstBytes> first = std::move(t->awaiting);
    if (first) --awaiting_;
    t->stream = stream;
    t->reader = TlsStreamReader(ends.src, ends.dst);
    remember_stream(pinfo, stream);
    if (!first) return *t;
    // What came early waits in the reader for the bytes before it.
    const uint64_t client = first->sender, server = client == ends.src ? ends.dst : ends.src;
    t->reader.expect(client, server, first->seq);
    FrameFacts ignored;
    for (auto& [seg, bytes] : first->early) {
        seg.payload = reinterpret_cast<const uint8_t*>(bytes.data());
        t->reader.read(client, server, seg, ignored);
    }
    return *t;
}

__attribute__((noinline)) void FirstPass::feed(packet_info* pinfo, const TcpSegment& segment,
                                               bool starts, const FrameEnds& ends, StreamReading* t,
                                               bool watched, CaptureState& state,
                                               const Settings& settings) {
    if (t && segment.syn && !t->awaiting) {
        // The same endpoints again: TCP numbers a new connection anew.
        uint32_t stream = 0;
        if (!tcp_stream(pinfo, &stream) || stream != t->stream) {
            catch_up(state, settings);  // frames that wait may be the old stream's
            readings_.erase(ends.pair());
            t = nullptr;
        }
    }
    if ((!t || t->awaiting) && await_first_bytes(segment, starts, ends, t)) return;
    uint32_t stream = 0;
    if ((!t || t->awaiting) && (!starts || !tcp_stream(pinfo, &stream))) return;
    if (!t || t->awaiting) t = &start_reading(pinfo, ends, t, stream);
    if (pending_.empty()) decrypted_.clear();
    const size_t decrypted_at = decrypted_.size();
    decrypted_records(pinfo, decrypted_);
    const Pending p{t,
                    pinfo->num,
                    frame_time(pinfo),
                    ends,
                    endpoint(pinfo->src, pinfo->srcport),
                    endpoint(pinfo->dst, pinfo->destport),
                    segment,
                    0,
                    decrypted_at,
                    decrypted_.size() - decrypted_at};
    if (watched) apply_segment(p, segment, state, settings);
    else defer(p, state, settings);
}

void FirstPass::defer(const Pending& p, CaptureState& state, const Settings& settings) {
    if (pending_bytes_.capacity() < kMaxPendingBytes) pending_bytes_.reserve(kMaxPendingBytes);
    pending_.push_back(p);
    pending_.back().payload_at = pending_bytes_.size();
    const uint8_t* payload = p.segment.payload;
    if (payload) pending_bytes_.insert(pending_bytes_.end(), payload, payload + p.segment.captured);
    if (pending_.size() >= kMaxPending || pending_bytes_.size() >= kMaxPendingBytes)
        apply_pending(state, settings);
}

__attribute__((noinline)) void FirstPass::apply_pending(CaptureState& state,
                                                        const Settings& settings) {
    for (const Pending& p : pending_) {
        TcpSegment segment = p.segment;
        if (segment.payload) segment.payload = pending_bytes_.data() + p.payload_at;
        apply_segment(p, segment, state, settings);
    }
    pending_.clear();
    pending_bytes_.clear();
    decrypted_.clear();
}

void FirstPass::finish(CaptureState& state, const Settings& settings, TimeNs capture_end) {
    if (finished_) return;
    finished_ = true;
    catch_up(state, settings);
    readings_.for_each([&](StreamReading& t) {
        if (!t.state) return;
        t.reader.finish(facts_);
        const bool client_first = t.first_sender_is_client;
        if (!facts_.messages.empty()) {
            if (log_) log_(t.last_frame, t.stream, facts_);
            const Endpoint client = t.state->ends.client(), server = t.state->ends.server();
            state.apply(t.stream, client_first ? client : server, client_first ? server : client,
                        t.last_frame, t.last_time, facts_, settings);
        }
        state.end_capture(t.stream, CaptureEnd{capture_end, t.last_frame},
                          t.reader.flight(client_first ? 0 : 1), settings);
    });
    finish_udp(state, settings, capture_end);
}

// Decryption shows what the frame's encrypted records held: those records
// are the decrypted messages now.
void FirstPass::read_decrypted(const Pending& p, unsigned dir) {
    StreamReading& t = *p.stream;
    if (!t.decrypted) t.decrypted = std::make_unique<DecryptedReader>();
    const size_t before = facts_.messages.size();
    for (size_t i = p.decrypted_at; i < p.decrypted_at + p.decrypted_count; ++i) {
        const DecryptedRecord& r = decrypted_[i];
        t.decrypted->record(dir, r.content_type, r.data, r.len, t.reader.tls13(), facts_.messages);
    }
    if (facts_.messages.size() == before) return;
    std::vector<TlsMessage> decrypted(
        std::make_move_iterator(facts_.messages.begin() + static_cast<std::ptrdiff_t>(before)),
        std::make_move_iterator(facts_.messages.end()));
    facts_.messages.erase(facts_.messages.begin() + static_cast<std::ptrdiff_t>(before),
                          facts_.messages.end());
    facts_.messages.erase(std::remove_if(facts_.messages.begin(), facts_.messages.end(),
                                         [](const TlsMessage& m) {
                                             return m.from_sender &&
                                                    m.kind == TlsMessage::Kind::Record &&
                                                    !m.partial &&
                                                    m.content_type != content::ChangeCipherSpec;
                                         }),
                          facts_.messages.end());
    for (TlsMessage& m : decrypted) facts_.messages.push_back(std::move(m));
}

// What one frame's segment `segment` (its payload where it is now) shows,
// read in order with the stream's earlier frames and applied to its
// connection.
void FirstPass::apply_segment(const Pending& p, const TcpSegment& segment, CaptureState& state,
                              const Settings& settings) {
    StreamReading& t = *p.stream;
    if (t.reader.not_tls() && !t.state) return;
    t.last_frame = p.frame;
    t.last_time = p.time;
    const unsigned dir = t.reader.read(p.ends.src, p.ends.dst, segment, facts_);
    if (p.decrypted_count) read_decrypted(p, dir);
    if (log_ && !facts_.messages.empty()) log_(p.frame, t.stream, facts_);
    if (t.adds_nothing(dir, facts_)) return;
    state.apply(t.stream, p.src, p.dst, p.frame, p.time, facts_, settings);
    if (!t.state && (t.state = state.find(t.stream)))
        t.first_sender_is_client = (dir == 0) == t.state->ends.is_client(p.src);
    if (!t.state) return;
    const Side sender = t.state->ends.is_client(p.src) ? Side::Client : Side::Server;
    t.remember_run(dir, sender);
    t.remember_run(1 - dir, sender == Side::Client ? Side::Server : Side::Client);
    // Once the handshake is over only record boundaries matter.
    if (t.state->diagnosed.conn().compacted()) t.reader.release();
}

}  // namespace tlsdiag::plugin
