#include "capture/capture_state.h"

#include <algorithm>
#include <cstring>

namespace tlsdiag::capture {

void CaptureState::reset() {
    connections_.clear();
    by_stream_.clear();
    marked_.clear();
    by_frame_.clear();
    chains_by_frame_.clear();
}

const Findings* CaptureState::findings_at(Frame frame) const {
    if (!shows_something(frame)) return nullptr;
    auto it = position(by_frame_, frame);
    return it == by_frame_.end() || it->frame != frame ? nullptr : &it->findings;
}

std::vector<ShownChain> CaptureState::chains_at(Frame frame) const {
    std::vector<ShownChain> out;
    if (!shows_something(frame)) return out;
    auto it = position(chains_by_frame_, frame);
    for (; it != chains_by_frame_.end() && it->frame == frame; ++it) {
        const uint32_t at = slot(it->stream);
        if (!at) continue;
        out.push_back({it->from, &connections_[at - 1].tracked.conn().certificate_chains()[it->index]});
    }
    return out;
}

void CaptureState::mark(Frame frame) {
    if (frame >= marked_.size()) marked_.resize(std::max<size_t>(frame + 1, marked_.size() * 2));
    marked_[frame] = true;
}

namespace {
const Event* add_message(Connection& c, Side from, Frame frame, TimeNs time, const TlsMessage& m) {
    switch (m.kind) {
    case TlsMessage::Kind::ClientHello: return c.add_client_hello(frame, time, m.ch);
    case TlsMessage::Kind::ServerHello: return c.add_server_hello(frame, time, m.sh);
    case TlsMessage::Kind::Handshake: return c.add_handshake(frame, time, from, m.handshake_type);
    case TlsMessage::Kind::Alert: return c.add_alert(frame, time, from, m.alert);
    case TlsMessage::Kind::Record: return c.add_record(frame, time, from, m.content_type);
    }
    return nullptr;
}
}  // namespace

const std::vector<Finding>& CaptureState::apply(uint32_t stream, const Endpoint& src,
                                                const Endpoint& dst, Frame frame, TimeNs time,
                                                const FrameFacts& facts,
                                                const Settings& settings) {
    scratch_.clear();
    StreamState* s = find(stream);
    if (!s) {
        // A connection starts with its ClientHello; a capture that starts
        // later still has the ServerHello, whose receiver is the client.
        const TlsMessage* first = nullptr;
        for (const TlsMessage& m : facts.messages)
            if (m.kind == TlsMessage::Kind::ClientHello || m.kind == TlsMessage::Kind::ServerHello) {
                first = &m;
                break;
            }
        if (!first) return scratch_;
        const bool src_is_client = first->kind == TlsMessage::Kind::ClientHello;
        s = &connections_.emplace_back();
        s->ends = src_is_client ? EndpointPair(src, dst) : EndpointPair(dst, src);
        if (stream >= by_stream_.size()) by_stream_.resize(std::max<size_t>(stream + 1, by_stream_.size() * 2));
        by_stream_[stream] = static_cast<uint32_t>(connections_.size());
    }
    const Side from = s->ends.is_client(src) ? Side::Client : Side::Server;
    Connection& c = s->tracked.conn();
    bool changed = false;
    auto evaluate = [&](const Event* e) {
        if (!e) return;
        changed = true;
        Findings fresh = s->tracked.evaluate(*e, settings);
        scratch_.insert(scratch_.end(), fresh.begin(), fresh.end());
    };

    // Whatever the capture missed came before this segment: an answer we
    // cannot read is still an answer (a FIN after lost data is no refusal).
    if (facts.data_missing_before) evaluate(c.add_payload(frame, time, from));
    for (const TlsMessage& m : facts.messages) {
        // A hello from the wrong side (a confused capture) is not believed.
        if (m.kind == TlsMessage::Kind::ClientHello && from != Side::Client) continue;
        if (m.kind == TlsMessage::Kind::ServerHello && from != Side::Server) continue;
        if (read_chain_ && m.kind == TlsMessage::Kind::Handshake &&
            m.handshake_type == hs::Certificate) {
            CertificateChain chain = read_chain_(m.certificates);
            const bool shown = !chain.certs.empty();
            const auto index = static_cast<uint32_t>(c.certificate_chains().size());
            const Event* added = c.add_certificate(frame, time, from, std::move(chain));
            if (shown && added) {
                // Frames come in order on the first pass; keep the order anyway.
                const ChainAt at{frame, stream, index, from};
                auto pos = std::upper_bound(chains_by_frame_.begin(), chains_by_frame_.end(), frame,
                                            [](Frame f, const ChainAt& x) { return f < x.frame; });
                chains_by_frame_.insert(pos, at);
                mark(frame);
            }
            evaluate(added);
            continue;
        }
        evaluate(add_message(c, from, frame, time, m));
    }
    if (facts.messages.empty() && facts.tcp_len > 0) evaluate(c.add_payload(frame, time, from));
    // FIN and RST come after the segment's data in sequence space.
    if (facts.rst) evaluate(c.add_tcp_close(frame, time, from, true));
    else if (facts.fin) evaluate(c.add_tcp_close(frame, time, from, false));

    // Rules and compaction run only when the connection changed. A closed
    // connection is compacted again: its close events came after the first.
    if (changed && (!c.compacted() || c.events().back().is_tcp_close()) && c.settled())
        c.compact();

    if (!scratch_.empty()) {
        mark(frame);
        auto it = position(by_frame_, frame);
        if (it == by_frame_.end() || it->frame != frame) it = by_frame_.insert(it, FindingsAt{frame, {}});
        it->findings.insert(it->findings.end(), scratch_.begin(), scratch_.end());
    }
    return scratch_;
}

}  // namespace tlsdiag::capture
