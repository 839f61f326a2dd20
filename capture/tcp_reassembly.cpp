#include "capture/tcp_reassembly.h"

#include <algorithm>
#include <utility>

namespace tlsdiag::capture {

TcpDirection::Outcome TcpDirection::segment(const TcpSegment& seg, StreamSink& sink) {
    const uint32_t syn = seg.syn ? 1 : 0;
    if (!started_) {
        started_ = true;
        next_ = seg.seq + syn;
    } else if (seg.syn && !delivered_ && seg.seq + 1 != next_) {
        // Another SYN with another initial sequence number: the data that
        // follows says which one the connection went on with.
        other_base_ = next_;
        has_other_base_ = true;
        next_ = seg.seq + 1;
    }
    const uint32_t start = seg.seq + syn;
    if (!delivered_ && has_other_base_ && start == other_base_ && start != next_)
        std::swap(next_, other_base_);
    if (seg.len == 0 && !seg.fin) return Outcome::Read;

    const int32_t distance = ahead(start);
    if (distance > 0) {
        settle_acknowledged(start, sink);
        if (ahead(start) > 0) {
            hold(start, seg.payload, seg.captured, seg.len, seg.fin, sink);
            return holding() ? Outcome::Held : Outcome::Read;
        }
    }
    const uint32_t behind = static_cast<uint32_t>(-ahead(start));
    const bool new_bytes = seg.len > behind;
    const bool new_fin = seg.fin && ahead(start + seg.len) >= 0;
    if (!new_bytes && !new_fin) return Outcome::Repeat;
    deliver(start, seg.payload, seg.captured, seg.len, true, seg.fin, sink);
    drain(sink);
    return Outcome::Read;
}

void TcpDirection::deliver(uint32_t seq, const uint8_t* data, uint32_t captured, uint32_t len,
                           bool segment_start, bool fin, StreamSink& sink) {
    const uint32_t skip = static_cast<uint32_t>(-ahead(seq));
    if (skip < len) {
        if (skip < captured) sink.bytes(data + skip, captured - skip, segment_start && skip == 0);
        // The snap length cut the segment: the rest of its bytes are not here.
        if (captured < len) sink.missing(len - std::max(skip, captured));
        next_ = seq + len;
        delivered_ = true;
    }
    if (fin && next_ == seq + len) next_ += 1;
}

void TcpDirection::hold(uint32_t seq, const uint8_t* data, uint32_t captured, uint32_t len,
                        bool fin, StreamSink& sink) {
    if (!holding_allowed_) {
        sink.missing(static_cast<uint32_t>(ahead(seq)));
        next_ = seq;
        deliver(seq, data, captured, len, true, fin, sink);
        return;
    }
    if (!held_) held_ = std::make_unique<std::vector<HeldSegment>>();
    // After the ones that start at the same byte: the copy seen first wins.
    const auto at =
        std::upper_bound(held_->begin(), held_->end(), ahead(seq),
                         [this](int32_t d, const HeldSegment& h) { return d < ahead(h.seq); });
    held_->insert(
        at, HeldSegment{seq, len, fin, std::string(reinterpret_cast<const char*>(data), captured)});
    held_bytes_ += captured;
    if (held_bytes_ > kMaxHeldBytes || held_->size() > kMaxHeldSegments) flush(sink);
}

void TcpDirection::drain(StreamSink& sink) {
    while (holding() && ahead(held_->front().seq) <= 0) {
        HeldSegment h = std::move(held_->front());
        held_->erase(held_->begin());
        held_bytes_ -= h.bytes.size();
        deliver(h.seq, reinterpret_cast<const uint8_t*>(h.bytes.data()),
                static_cast<uint32_t>(h.bytes.size()), h.len, true, h.fin, sink);
    }
    if (held_ && held_->empty()) held_.reset();
}

void TcpDirection::skip_to(uint32_t seq, StreamSink& sink) {
    // Up to `seq`, the bytes the capture lacks are missing; what was held
    // in between is read in its place.
    while (ahead(seq) > 0) {
        const bool held_before = holding() && static_cast<int32_t>(held_->front().seq - seq) < 0;
        const uint32_t until = held_before ? held_->front().seq : seq;
        if (ahead(until) > 0) {
            sink.missing(static_cast<uint32_t>(ahead(until)));
            next_ = until;
        }
        delivered_ = true;
        const uint32_t before = next_;
        drain(sink);
        if (!held_before && next_ == before) break;
    }
}

void TcpDirection::flush(StreamSink& sink) {
    if (!held_) return;
    std::vector<HeldSegment> held = std::move(*held_);
    held_.reset();
    held_bytes_ = 0;
    // Another SYN may have moved the next byte since they were held: in
    // order from where the stream stands now; what lies behind it adds
    // nothing.
    std::stable_sort(held.begin(), held.end(), [this](const HeldSegment& a, const HeldSegment& b) {
        return ahead(a.seq) < ahead(b.seq);
    });
    for (const HeldSegment& h : held) {
        if (ahead(h.seq) > 0) {
            sink.missing(static_cast<uint32_t>(ahead(h.seq)));
            next_ = h.seq;
            delivered_ = true;
        }
        deliver(h.seq, reinterpret_cast<const uint8_t*>(h.bytes.data()),
                static_cast<uint32_t>(h.bytes.size()), h.len, true, h.fin, sink);
    }
}

void TcpDirection::expect(uint32_t seq) {
    if (started_) return;
    started_ = true;
    next_ = seq;
}

void TcpDirection::acknowledged(uint32_t ack) {
    if (!started_ || (!delivered_ && has_other_base_)) return;
    if (!has_acked_ || static_cast<int32_t>(ack - acked_) > 0) acked_ = ack;
    has_acked_ = true;
}

void TcpDirection::settle_acknowledged(uint32_t before, StreamSink& sink) {
    // The other end has bytes the capture lacks: they will never come.
    if (!has_acked_ || ahead(acked_) <= 0) return;
    const uint32_t until = static_cast<int32_t>(acked_ - before) < 0 ? acked_ : before;
    skip_to(until, sink);
}

void TcpDirection::close(StreamSink& sink) {
    if (holding()) {
        settle_acknowledged(held_->front().seq, sink);
        return;
    }
    // With nothing held, an acknowledgement one byte ahead may be for a FIN
    // the capture lacks; more than that was data.
    if (has_acked_ && ahead(acked_) > 1) skip_to(acked_, sink);
}

void TcpDirection::stop_holding(StreamSink& sink) {
    flush(sink);
    holding_allowed_ = false;
}

}  // namespace tlsdiag::capture
