#include "capture/tls_stream_reader.h"

namespace tlsdiag::capture {

unsigned TlsStreamReader::read(uint64_t sender, uint64_t receiver, const TcpSegment& seg,
                               FrameFacts& facts) {
    facts.clear();
    facts.tcp_len = seg.len;
    facts.fin = seg.fin;
    facts.rst = seg.rst;
    // Ends of one hash (a socket connected to itself) read as one direction.
    const unsigned dir = (sender > receiver) == first_sender_greater_ ? 0 : 1;
    Direction& d = dirs_[dir];
    const uint32_t consumed = seg.len + (seg.syn ? 1 : 0) + (seg.fin ? 1 : 0);
    if (!started_[dir]) {
        started_[dir] = true;
        d.next = seg.seq;
    }
    // Sequence numbers wrap: compare by signed distance.
    const int32_t ahead = static_cast<int32_t>(seg.seq - d.next);
    // A RST's sequence number says nothing about missing data.
    if (seg.rst) return dir;
    uint32_t skip = 0;
    if (ahead > 0) {
        facts.data_missing_before = true;
        d.tls.lose_sync(buffers_.side(dir));
    } else if (ahead < 0) {
        // Sent again (or a keep-alive): only bytes past `next` are new.
        const uint32_t behind = static_cast<uint32_t>(-static_cast<int64_t>(ahead));
        if (behind >= consumed) return dir;
        skip = behind;
    }
    d.next = seg.seq + consumed;
    const uint32_t data_skip = skip > seg.len ? seg.len : skip;  // a SYN counts one
    if (seg.len <= data_skip) return dir;
    if (seg.captured < seg.len) {
        // The bytes are not in the capture: what they held cannot be read.
        d.tls.lose_sync(buffers_.side(dir));
        return dir;
    }
    d.tls.read(seg.payload + data_skip, seg.len - data_skip, data_skip == 0, session_,
               buffers_.side(dir), facts.messages);
    return dir;
}

void TlsStreamReader::release() {
    // The second direction's release frees the buffers' allocation.
    for (unsigned dir = 0; dir < 2; ++dir) dirs_[dir].tls.release(buffers_.side(dir));
}

bool TrackedStream::adds_nothing(unsigned dir, const FrameFacts& facts) const {
    if (facts.fin || facts.rst || facts.data_missing_before) return false;
    if (facts.messages.empty())
        return facts.tcp_len == 0 || (state && runs[dir] == run_of(Event::Kind::Payload, 0));
    if (!state) return false;
    for (const TlsMessage& m : facts.messages)
        if (m.kind != TlsMessage::Kind::Record || runs[dir] != run_of(Event::Kind::Record, m.content_type))
            return false;
    return true;
}

void TrackedStream::remember_run(unsigned dir, Side from) {
    const Event* last = state ? state->tracked.conn().last_from(from) : nullptr;
    const bool run = last && (last->kind == Event::Kind::Record || last->kind == Event::Kind::Payload);
    runs[dir] = run ? run_of(last->kind, last->content_type()) : kNoRun;
}

}  // namespace tlsdiag::capture
