#include "capture/tls_stream_reader.h"

#include <algorithm>
#include <cstdint>

namespace tlsdiag::capture {

class TlsStreamReader::Sink final : public StreamSink {
public:
    Sink(TlsStreamReader& r, unsigned dir, bool from_sender, FrameFacts& facts)
        : r_(r), dir_(dir), from_sender_(from_sender), facts_(facts) {}

    void bytes(const uint8_t* data, size_t len, bool segment_start) override {
        const size_t before = facts_.messages.size();
        begun_ |= r_.dirs_[dir_].tls.read(data, len, segment_start, r_.session_,
                                          r_.buffers_.side(dir_), facts_.messages);
        mark(before);
        said_ |= facts_.messages.size() > before;
    }
    void missing(uint32_t count) override {
        said_ = true;
        r_.dirs_[dir_].tls.lose_sync(r_.buffers_.side(dir_));
        TlsMessage m{TlsMessage::Kind::Missing, from_sender_};
        m.missing_bytes = count;
        facts_.messages.push_back(std::move(m));
    }
    void held() { facts_.messages.push_back(TlsMessage{TlsMessage::Kind::Held, from_sender_}); }
    // A record that began in this frame and ends in a later one still
    // shows the side spoke, if nothing else of it in this frame does.
    void finish() {
        const uint8_t type = r_.dirs_[dir_].tls.record_in_progress();
        if (!begun_ || said_ || !type) return;
        TlsMessage m{TlsMessage::Kind::Record, from_sender_};
        m.content_type = type;
        m.partial = true;
        facts_.messages.push_back(std::move(m));
    }

private:
    void mark(size_t from) {
        for (size_t i = from; i < facts_.messages.size(); ++i)
            facts_.messages[i].from_sender = from_sender_;
    }
    TlsStreamReader& r_;
    unsigned dir_;
    bool from_sender_;
    FrameFacts& facts_;
    bool begun_ = false, said_ = false;
};

unsigned TlsStreamReader::read(uint64_t sender, uint64_t receiver, const TcpSegment& seg,
                               FrameFacts& facts) {
    facts.clear();
    facts.fin = seg.fin;
    facts.rst = seg.rst;
    // Ends of one hash (a socket connected to itself) read as one direction.
    const unsigned dir = (sender > receiver) == first_sender_greater_ ? 0 : 1;
    Direction& mine = dirs_[dir];
    Direction& peer = dirs_[1 - dir];
    Sink own(*this, dir, true, facts), other(*this, 1 - dir, false, facts);
    // A RST's sequence and acknowledgement numbers say nothing about data.
    if (seg.rst) {
        // Nothing more will come either way: what waits is read now.
        for (auto [d, sink] : {std::pair<Direction*, Sink*>{&mine, &own}, {&peer, &other}}) {
            d->tcp.close(*sink);
            d->tcp.flush(*sink);
        }
        copy_flights(dir, facts);
        return dir;
    }
    if (seg.has_ack) {
        peer.tcp.expect(seg.ack);
        peer.tcp.acknowledged(seg.ack);
        note_ack(dir, seg.ack);
    }
    note_segment(dir, seg, mine.tcp.segment(seg, own));
    copy_flights(dir, facts);
    if (seg.fin) {
        mine.tcp.close(own);
        peer.tcp.close(other);
    }
    own.finish();
    other.finish();
    // The sender's bytes that still wait were sent before its FIN.
    if (seg.fin && mine.tcp.holding()) own.held();
    return dir;
}

void TlsStreamReader::note_segment(unsigned dir, const TcpSegment& seg,
                                   TcpDirection::Outcome outcome) {
    if (seg.len == 0 || flight_.answered) return;
    if (dir == 1) {
        flight_.answered = true;
        return;
    }
    HelloDelivery& d = flight_.seen;
    if (outcome == TcpDirection::Outcome::Repeat) {
        if (d.retransmissions < UINT16_MAX) ++d.retransmissions;
        return;
    }
    const uint32_t end = seg.seq + seg.len;
    if (!d.segments) flight_.begin = flight_.end = seg.seq;
    if (static_cast<int32_t>(end - flight_.end) > 0) flight_.end = end;
    if (d.segments < UINT16_MAX) ++d.segments;
    d.bytes = flight_.end - flight_.begin;
}

void TlsStreamReader::note_ack(unsigned dir, uint32_t ack) {
    if (dir == 0 || flight_.answered || !flight_.seen.segments) return;
    const auto covered = static_cast<int32_t>(ack - flight_.begin);
    if (covered <= 0) return;
    HelloDelivery& d = flight_.seen;
    d.acked_bytes = std::max(d.acked_bytes, std::min<uint32_t>(covered, d.bytes));
}

void TlsStreamReader::copy_flights(unsigned sender_dir, FrameFacts& facts) const {
    facts.sender_flight = flight(sender_dir);
    facts.receiver_flight = flight(1 - sender_dir);
}

void TlsStreamReader::expect(uint64_t sender, uint64_t receiver, uint32_t seq) {
    dirs_[(sender > receiver) == first_sender_greater_ ? 0 : 1].tcp.expect(seq);
}

void TlsStreamReader::finish(FrameFacts& facts) {
    facts.clear();
    copy_flights(0, facts);
    for (unsigned dir = 0; dir < 2; ++dir) {
        if (!dirs_[dir].tcp.holding()) continue;
        Sink sink(*this, dir, dir == 0, facts);
        dirs_[dir].tcp.flush(sink);
        sink.finish();
    }
}

void TlsStreamReader::release() {
    FrameFacts ignored;
    for (unsigned dir = 0; dir < 2; ++dir) {
        Sink sink(*this, dir, true, ignored);
        dirs_[dir].tcp.stop_holding(sink);
        dirs_[dir].tls.release(buffers_.side(dir));
    }
}

namespace {

// The run the event a message becomes would continue: only encrypted
// records and unreadable bytes are looked at, the bulk of a settled
// connection's frames; kNoRun for any other message.
Connection::Run run_of_message(const TlsMessage& m) {
    switch (m.kind) {
    case TlsMessage::Kind::Record: return Connection::run_of(Event::Kind::Record, m.content_type);
    case TlsMessage::Kind::Unreadable:
        return Connection::run_of(Event::Kind::Payload,
                                  static_cast<uint8_t>(PayloadKind::Unreadable));
    default: return Connection::kNoRun;
    }
}

}  // namespace

bool StreamReading::adds_nothing(unsigned dir, const FrameFacts& facts) const {
    if (facts.fin || facts.rst) return false;
    if (facts.messages.empty()) return true;
    if (!state) return false;
    for (const TlsMessage& m : facts.messages) {
        const Connection::Run run = run_of_message(m);
        if (!m.from_sender || run == Connection::kNoRun || run != runs[dir]) return false;
    }
    return true;
}

void StreamReading::remember_run(unsigned dir, Side from) {
    runs[dir] = state ? state->diagnosed.conn().run_from(from) : Connection::kNoRun;
}

}  // namespace tlsdiag::capture
