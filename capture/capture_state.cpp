#include "capture/capture_state.h"

#include <algorithm>
#include <cstring>

#include "capture/fallback_origin.h"
#include "capture/quic_tcp_fallback.h"
#include "tlsdiag/describe.h"

namespace tlsdiag::capture {

namespace {
constexpr uint8_t kHandshakeRecord = 22;  // a handshake record

UnixSeconds to_unix_seconds(TimeNs t) {
    return t >= 0 ? t / 1000000000 : (t + 1) / 1000000000 - 1;
}
}  // namespace

void CaptureState::reset() {
    connections_.clear();
    by_stream_.clear();
    by_udp_stream_.clear();
    marked_.clear();
    by_frame_.clear();
    chains_by_frame_.clear();
    unread_ = UnreadTcp{};
    clock_note_.reset();
}

void CaptureState::count_unread_tcp(Frame frame, const UnreadCarrier& carrier) {
    if (unread_.frames++ == 0) add_findings(frame, {capture_tcp_not_read(frame, carrier)});
    ++unread_.by_carrier[carrier.link_type + ", at " + carrier.stopped_at];
}

void CaptureState::add_findings(Frame frame, const Findings& findings) {
    mark(frame);
    auto it = position(by_frame_, frame);
    if (it == by_frame_.end() || it->frame != frame)
        it = by_frame_.insert(it, FindingsAt{frame, {}});
    it->findings.insert(it->findings.end(), findings.begin(), findings.end());
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
        out.push_back(
            {it->from, &connections_[at - 1].diagnosed.conn().certificate_chains()[it->index]});
    }
    return out;
}

void CaptureState::mark(Frame frame) {
    if (frame >= marked_.size()) marked_.resize(std::max<size_t>(frame + 1, marked_.size() * 2));
    marked_[frame] = true;
}

namespace {

// What starts a connection: a hello, or the Version Negotiation packet that
// answers a QUIC Initial in a version no one here can read.
bool well_formed_hello(const TlsMessage& m) {
    return m.well_formed &&
           (m.kind == TlsMessage::Kind::ClientHello || m.kind == TlsMessage::Kind::ServerHello ||
            m.kind == TlsMessage::Kind::QuicPacket);
}

const Event* add_message(Connection& c, Side from, Frame frame, TimeNs time, const TlsMessage& m) {
    switch (m.kind) {
    // A hello from the wrong side (a confused capture) is not believed; one
    // that does not parse still shows the side spoke.
    case TlsMessage::Kind::ClientHello:
        if (from != Side::Client) return nullptr;
        return m.well_formed ? c.add_client_hello(frame, time, m.ch)
                             : c.add_record(frame, time, from, kHandshakeRecord);
    case TlsMessage::Kind::ServerHello:
        if (from != Side::Server) return nullptr;
        return m.well_formed ? c.add_server_hello(frame, time, m.sh)
                             : c.add_record(frame, time, from, kHandshakeRecord);
    case TlsMessage::Kind::Handshake:
        if (m.key_exchange_read && from == Side::Server)
            return c.add_server_key_exchange(frame, time, m.key_exchange);
        return c.add_handshake(frame, time, from, m.handshake_type);
    case TlsMessage::Kind::Alert: return c.add_alert(frame, time, from, m.alert);
    case TlsMessage::Kind::Record:
        return c.add_record(frame, time, from, m.content_type, m.partial);
    case TlsMessage::Kind::Unreadable:
        return c.add_payload(frame, time, from, PayloadKind::Unreadable);
    case TlsMessage::Kind::Missing: return c.add_payload(frame, time, from, PayloadKind::Missing);
    case TlsMessage::Kind::NotTls: return c.add_payload(frame, time, from, PayloadKind::NotTls);
    case TlsMessage::Kind::Held: return c.add_payload(frame, time, from, PayloadKind::Held);
    case TlsMessage::Kind::QuicPacket:
        return c.add_quic_packet(frame, time, from, m.quic_packet, m.quic_versions);
    case TlsMessage::Kind::QuicClose: return c.add_quic_close(frame, time, from, m.quic_close);
    }
    return nullptr;
}

}  // namespace

CapturedConnection* CaptureState::start_connection(uint32_t stream, const Endpoint& src,
                                                   const Endpoint& dst, const FrameFacts& facts) {
    // A connection starts with its ClientHello; a capture that starts later
    // still has the ServerHello, whose receiver is the client.
    const TlsMessage* first = nullptr;
    for (const TlsMessage& m : facts.messages)
        if (well_formed_hello(m)) {
            first = &m;
            break;
        }
    if (!first) return nullptr;
    const bool sender_is_client =
        (first->kind == TlsMessage::Kind::ClientHello) == first->from_sender;  // else the server's
    CapturedConnection* s = &connections_.emplace_back();
    s->ends = sender_is_client ? EndpointPair(src, dst) : EndpointPair(dst, src);
    if (facts.quic_version) {
        s->diagnosed.conn().set_transport(Transport::Quic);
        s->diagnosed.conn().set_quic_version(facts.quic_version);
    } else if (is_udp_stream_key(stream)) {
        s->diagnosed.conn().set_transport(Transport::Dtls);
    }
    std::vector<uint32_t>& by = is_udp_stream_key(stream) ? by_udp_stream_ : by_stream_;
    const uint32_t index = stream_index(stream);
    if (index >= by.size()) by.resize(std::max<size_t>(index + 1, by.size() * 2));
    by[index] = static_cast<uint32_t>(connections_.size());
    return s;
}

const Event* CaptureState::add_chain(CapturedConnection& s, uint32_t stream, Side from, Frame frame,
                                     TimeNs time, const TlsMessage& m) {
    Connection& c = s.diagnosed.conn();
    CertificateChain chain = read_chain_(m.certificates);
    if (!clock_note_) {
        clock_note_ = capture_clock_implausible(frame, to_unix_seconds(time), chain);
        if (clock_note_) scratch_.push_back(*clock_note_);
    }
    const bool shown = !chain.certs.empty();
    const auto index = static_cast<uint32_t>(c.certificate_chains().size());
    const Event* added = c.add_certificate(frame, time, from, std::move(chain));
    if (!shown || !added) return added;
    // Frames come in order on the first pass; keep the order anyway.
    const ChainAt at{frame, stream, index, from};
    auto pos = std::upper_bound(chains_by_frame_.begin(), chains_by_frame_.end(), frame,
                                [](Frame f, const ChainAt& x) { return f < x.frame; });
    chains_by_frame_.insert(pos, at);
    mark(frame);
    return added;
}

std::vector<std::string> CaptureState::names_of(const std::vector<std::string>& ders) const {
    std::vector<std::string> out;
    for (const std::string& der : ders) {
        std::string name = read_name_ ? read_name_(der) : "";
        out.push_back(name.empty() ? printable(der) : std::move(name));
    }
    return out;
}

const std::vector<Finding>& CaptureState::apply(uint32_t stream, const Endpoint& src,
                                                const Endpoint& dst, Frame frame, TimeNs time,
                                                const FrameFacts& facts, const Settings& settings) {
    scratch_.clear();
    CapturedConnection* s = find(stream);
    if (!s && !(s = start_connection(stream, src, dst, facts))) return scratch_;
    const Side sender = s->ends.is_client(src) ? Side::Client : Side::Server;
    if (add_events(*s, stream, sender, frame, time, facts, settings))
        compact_if_settled(s->diagnosed.conn());
    if (!scratch_.empty()) add_findings(frame, scratch_);
    return scratch_;
}

void CaptureState::end_capture(uint32_t stream, const CaptureEnd& end,
                               const HelloDelivery& client_flight, const Settings& settings) {
    CapturedConnection* s = find(stream);
    if (!s) return;
    s->diagnosed.conn().set_hello_delivery(client_flight);
    if (s->diagnosed.conn().transport() == Transport::Quic)
        s->diagnosed.conn().set_version_retried(quic_version_retried(connections_, *s));
    for (Finding& f : s->diagnosed.evaluate_end(end, settings)) {
        if (f.rule->id == "quic.no_reply")
            if (auto fallback = quic_tcp_fallback(connections_, *s)) {
                s->diagnosed.amend(f.rule, fallback->words, fallback->hello_frame);
                f.summary += fallback->words;
                if (!f.related) f.related = fallback->hello_frame;
            }
        add_findings(f.frame, {f});
    }
}

bool CaptureState::add_events(CapturedConnection& s, uint32_t stream, Side sender, Frame frame,
                              TimeNs time, const FrameFacts& facts, const Settings& settings) {
    const Side receiver = sender == Side::Client ? Side::Server : Side::Client;
    Connection& c = s.diagnosed.conn();
    c.set_hello_delivery(sender == Side::Client ? facts.sender_flight : facts.receiver_flight);
    if (facts.quic_version) c.set_quic_version(facts.quic_version);
    bool changed = false;
    for (const TlsMessage& m : facts.messages) {
        const Side from = m.from_sender ? sender : receiver;
        const bool handshake = m.kind == TlsMessage::Kind::Handshake;
        const Event* added =
            read_chain_ && handshake && m.handshake_type == hs::Certificate
                ? add_chain(s, stream, from, frame, time, m)
            : handshake && m.handshake_type == hs::CertificateRequest
                ? c.add_certificate_request(frame, time, from, names_of(m.authorities))
                : add_message(c, from, frame, time, m);
        changed |= run_rules(s, added, settings);
    }
    // FIN and RST come after the segment's data in sequence space.
    if (facts.rst || facts.fin)
        changed |= run_rules(s, c.add_tcp_close(frame, time, sender, facts.rst), settings);
    return changed;
}

bool CaptureState::run_rules(CapturedConnection& s, const Event* added, const Settings& settings) {
    if (!added) return false;
    Findings fresh = s.diagnosed.evaluate(*added, settings);
    for (Finding& f : fresh)
        if (f.rule->id == "tls.version_fallback")
            if (auto origin = fallback_origin(connections_, s)) {
                s.diagnosed.amend(f.rule, origin->words, origin->hello_frame);
                f.summary += origin->words;
                if (!f.related) f.related = origin->hello_frame;
            }
    scratch_.insert(scratch_.end(), fresh.begin(), fresh.end());
    return true;
}

void CaptureState::compact_if_settled(Connection& c) {
    // A closed connection is compacted again: its close events came after
    // the first compaction.
    if ((!c.compacted() || c.events().back().is_tcp_close()) && c.settled()) c.compact();
}

}  // namespace tlsdiag::capture
