#include "capture/quic_reader.h"

#include <algorithm>
#include <cstring>

#include "capture/tls_messages.h"

namespace tlsdiag::capture {

namespace {

// After this many datagrams without a readable hello a flow is not QUIC.
constexpr uint16_t kMaxCandidateDatagrams = 8;
constexpr size_t kSampleLen = 16;
constexpr uint8_t kFramePadding = 0x00, kFramePing = 0x01, kFrameAck = 0x02, kFrameAckEcn = 0x03,
                  kFrameCrypto = 0x06, kFrameClose = 0x1c, kFrameAppClose = 0x1d;
constexpr uint64_t kCryptoError = 0x0100;  // + the TLS alert (RFC 9001 §4.8)

enum class LongType : uint8_t { Initial, ZeroRtt, Handshake, Retry, Unknown };

// The long header's two type bits, which QUIC v2 assigns differently
// (RFC 9369 §3.2).
LongType long_type(uint32_t version, uint8_t first) {
    const unsigned bits = (first >> 4) & 3;
    if (version == quic_version::V2) {
        static constexpr LongType kV2[] = {LongType::Retry, LongType::Initial, LongType::ZeroRtt,
                                           LongType::Handshake};
        return kV2[bits];
    }
    if (!quic_version_known(version)) return LongType::Unknown;
    return static_cast<LongType>(bits);
}

uint32_t be32(const uint8_t* p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// A variable-length integer (RFC 9000 §16); false when it runs past `end`.
bool varint(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
    if (p >= end) return false;
    const size_t len = size_t{1} << (*p >> 6);
    if (static_cast<size_t>(end - p) < len) return false;
    out = *p & 0x3f;
    for (size_t i = 1; i < len; ++i) out = out << 8 | p[i];
    p += len;
    return true;
}

// The header fields before the type-specific part.
struct LongHeader {
    uint32_t version = 0;
    const uint8_t* dcid = nullptr;
    size_t dcid_len = 0;
    const uint8_t* scid = nullptr;
    size_t scid_len = 0;
    const uint8_t* rest = nullptr;  // after the Source Connection ID
};

bool parse_long_header(const uint8_t* p, const uint8_t* end, LongHeader& h) {
    if (end - p < 7) return false;
    h.version = be32(p + 1);
    h.dcid_len = p[5];
    const uint8_t* q = p + 6;
    if (static_cast<size_t>(end - q) < h.dcid_len + 1) return false;
    h.dcid = q;
    q += h.dcid_len;
    h.scid_len = *q++;
    if (static_cast<size_t>(end - q) < h.scid_len) return false;
    h.scid = q;
    h.rest = q + h.scid_len;
    return true;
}

// RFC 9000 §A.3.
uint64_t decode_packet_number(uint64_t largest, bool any, uint64_t truncated, size_t pn_len) {
    const uint64_t expected = any ? largest + 1 : 0;
    const uint64_t win = uint64_t{1} << (pn_len * 8), hwin = win / 2, mask = win - 1;
    const uint64_t candidate = (expected & ~mask) | truncated;
    if (candidate + hwin <= expected && candidate < (uint64_t{1} << 62) - win)
        return candidate + win;
    if (candidate > expected + hwin && candidate >= win) return candidate - win;
    return candidate;
}

}  // namespace

bool QuicReader::starts_connection(const uint8_t* data, size_t len) {
    LongHeader h;
    if (len < 7 || !(data[0] & 0x80) || !parse_long_header(data, data + len, h)) return false;
    // RFC 9000 §7.2: a client's first Destination Connection ID has at least 8 bytes.
    if (h.version == 0 || h.dcid_len < 8 || h.dcid_len > 20) return false;
    if (quic_version_known(h.version)) return long_type(h.version, data[0]) == LongType::Initial;
    return len >= 1200;
}

bool QuicReader::CryptoStream::add(uint64_t offset, const uint8_t* data, size_t len) {
    const uint64_t end = offset + len;
    if (end <= bytes.size()) return false;  // all of it came before
    if (offset > bytes.size()) {
        if (offset > kMaxCryptoBytes || ahead_bytes + len > kMaxCryptoBytes) return false;
        std::string& piece = ahead[offset];
        if (piece.size() >= len) return false;
        ahead_bytes += len - piece.size();
        piece.assign(reinterpret_cast<const char*>(data), len);
        return true;
    }
    if (end > kMaxCryptoBytes) return false;
    bytes.append(reinterpret_cast<const char*>(data) + (bytes.size() - offset),
                 static_cast<size_t>(end - bytes.size()));
    // Pieces that waited for this one.
    for (auto it = ahead.begin(); it != ahead.end() && it->first <= bytes.size();) {
        const uint64_t piece_end = it->first + it->second.size();
        if (piece_end > bytes.size())
            bytes.append(it->second, static_cast<size_t>(bytes.size() - it->first),
                         std::string::npos);
        ahead_bytes -= it->second.size();
        it = ahead.erase(it);
    }
    return true;
}

void QuicReader::restart() {
    // The client sends its ClientHello again from CRYPTO offset 0.
    for (Direction& d : dirs_) d = Direction{};
    have_keys_ = false;
}

bool QuicReader::keys_for(uint32_t version, const uint8_t* dcid, size_t dcid_len) {
    // The keys come from the client's first Initial and stay when the
    // client moves to the server's connection id; a Retry or a new version
    // (after Version Negotiation) starts them again.
    if (have_keys_ && version == key_version_) return true;
    if (!derive_quic_initial_keys(version, dcid, dcid_len, keys_[0], keys_[1])) return false;
    key_dcid_.assign(reinterpret_cast<const char*>(dcid), dcid_len);
    key_version_ = version;
    have_keys_ = true;
    return true;
}

void QuicReader::read(unsigned dir, const uint8_t* data, size_t len, FrameFacts& facts) {
    facts.clear();
    if (status_ == Status::NotQuic || !len) return;
    const uint8_t* p = data;
    const uint8_t* end = data + len;
    bool fresh = false;
    while (p < end && read_packet(dir, p, end, facts, fresh)) {
    }
    // The server spoke, even if nothing it sent could be read.
    if (dir == 1 && facts.messages.empty() && status_ != Status::NotQuic)
        facts.messages.push_back(TlsMessage::record(content::Handshake));
    if (status_ == Status::Candidate && ++datagrams_ >= kMaxCandidateDatagrams)
        status_ = Status::NotQuic;
    if (status_ == Status::NotQuic) {
        facts.messages.clear();
        return;
    }
    facts.quic_version = version_;
    // A client that gives up closes: that datagram sends nothing again.
    const bool closes =
        std::any_of(facts.messages.begin(), facts.messages.end(), [](const TlsMessage& m) {
            return m.kind == TlsMessage::Kind::QuicClose || m.kind == TlsMessage::Kind::Alert;
        });
    if (dir == 1) answered_ = true;
    else if (!answered_ && !closes) {
        if (fresh) {
            flight_.bytes += static_cast<uint32_t>(len);
            ++flight_.segments;
        } else if (flight_.retransmissions < UINT16_MAX) {
            ++flight_.retransmissions;
        }
    }
    (dir == 0 ? facts.sender_flight : facts.receiver_flight) = flight_;
}

bool QuicReader::read_packet(unsigned dir, const uint8_t*& p, const uint8_t* end, FrameFacts& facts,
                             bool& fresh) {
    const uint8_t first = *p;
    if (!(first & 0x80)) {
        // A short header: 1-RTT, encrypted with keys tlsdiag does not have.
        // A zero byte is padding after the last packet (RFC 9000 §12.2).
        if (first) facts.messages.push_back(TlsMessage::record(content::ApplicationData));
        return false;
    }
    LongHeader h;
    if (!parse_long_header(p, end, h)) return false;
    if (dir == 0 && client_dcid_.empty()) {
        client_dcid_.assign(reinterpret_cast<const char*>(h.dcid), h.dcid_len);
        client_scid_.assign(reinterpret_cast<const char*>(h.scid), h.scid_len);
    }
    if (h.version == 0) {
        if (dir != 1) return false;
        TlsMessage m(TlsMessage::Kind::QuicPacket);
        m.quic_packet = QuicPacket::VersionNegotiation;
        m.well_formed =
            std::string(reinterpret_cast<const char*>(h.dcid), h.dcid_len) == client_scid_ &&
            std::string(reinterpret_cast<const char*>(h.scid), h.scid_len) == client_dcid_;
        if (m.well_formed) status_ = Status::Quic;
        for (const uint8_t* v = h.rest; end - v >= 4; v += 4) m.quic_versions.push_back(be32(v));
        facts.messages.push_back(std::move(m));
        restart();
        return false;
    }
    if (dir == 0 &&
        (!quic_version_known(h.version) || long_type(h.version, first) == LongType::Initial))
        version_ = h.version;
    // The fixed bit (RFC 9000 §17.2) is not checked: peers may grease it
    // (RFC 9287, which ngtcp2 does).
    const LongType type = long_type(h.version, first);
    if (type == LongType::Unknown) return false;
    if (type == LongType::Retry) {
        // The client starts again toward the connection id the Retry gives:
        // new Initial keys (RFC 9001 §5.2).
        TlsMessage m(TlsMessage::Kind::QuicPacket);
        m.quic_packet = QuicPacket::Retry;
        facts.messages.push_back(std::move(m));
        restart();
        return false;
    }
    const uint8_t* q = h.rest;
    uint64_t token_len = 0, length = 0;
    if (type == LongType::Initial &&
        (!varint(q, end, token_len) || token_len > static_cast<uint64_t>(end - q)))
        return false;
    q += token_len;
    if (!varint(q, end, length) || length > static_cast<uint64_t>(end - q)) return false;
    const size_t pn_offset = static_cast<size_t>(q - p);
    const size_t packet_len = pn_offset + static_cast<size_t>(length);
    if (type == LongType::Initial) {
        // The client's Initial keys come from its own packet; the server's
        // answer uses the same connection id's.
        const bool keys = dir == 0 ? keys_for(h.version, h.dcid, h.dcid_len)
                                   : have_keys_ && h.version == key_version_;
        if (keys) read_protected(dir, kInitial, keys_[dir], p, pn_offset, packet_len, facts, fresh);
        pass_messages(dir, kInitial, facts);
    } else if (type == LongType::Handshake) {
        const QuicKeys* keys = handshake_keys(dir);
        if (!keys ||
            !read_protected(dir, kHandshake, *keys, p, pn_offset, packet_len, facts, fresh))
            facts.messages.push_back(TlsMessage::record(content::Handshake));
        pass_messages(dir, kHandshake, facts);
    } else {
        facts.messages.push_back(TlsMessage::record(content::ApplicationData));
    }
    p += packet_len;
    return true;
}

bool QuicReader::read_protected(unsigned dir, Space space, const QuicKeys& keys,
                                const uint8_t* packet, size_t pn_offset, size_t packet_len,
                                FrameFacts& facts, bool& fresh) {
    if (pn_offset + 4 + kSampleLen > packet_len) return false;
    // Header protection (RFC 9001 §5.4): the first byte's low bits and the
    // packet number are masked with a sample of the ciphertext.
    uint8_t mask[5];
    quic_header_mask(keys, packet + pn_offset + 4, mask);
    std::string header(reinterpret_cast<const char*>(packet), pn_offset + 4);
    header[0] = static_cast<char>(header[0] ^ (mask[0] & 0x0f));
    const size_t pn_len = (static_cast<uint8_t>(header[0]) & 3) + 1;
    uint64_t truncated = 0;
    for (size_t i = 0; i < pn_len; ++i) {
        header[pn_offset + i] = static_cast<char>(header[pn_offset + i] ^ mask[1 + i]);
        truncated = truncated << 8 | static_cast<uint8_t>(header[pn_offset + i]);
    }
    header.resize(pn_offset + pn_len);
    PacketSpace& d = dirs_[dir].spaces[space];
    const uint64_t pn = decode_packet_number(d.largest_pn, d.any_pn, truncated, pn_len);
    std::string plain;
    if (!quic_open(keys, pn, reinterpret_cast<const uint8_t*>(header.data()), header.size(),
                   packet + header.size(), packet_len - header.size(), plain))
        return false;
    if (!d.any_pn || pn > d.largest_pn) d.largest_pn = pn;
    d.any_pn = true;
    read_frames(dir, space, plain, facts, fresh);
    return true;
}

const QuicKeys* QuicReader::handshake_keys(unsigned dir) {
    Direction& d = dirs_[dir];
    if (d.handshake == Direction::Keys::Have) return &d.handshake_keys;
    if (d.handshake == Direction::Keys::None || !key_log_ || !cipher_suite_ ||
        client_random_.empty())
        return nullptr;
    const std::string* secret = key_log_->secret(
        dir == 0 ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "SERVER_HANDSHAKE_TRAFFIC_SECRET",
        client_random_);
    d.handshake =
        secret && quic_keys_from_secret(version_, cipher_suite_, *secret, d.handshake_keys)
            ? Direction::Keys::Have
            : Direction::Keys::None;
    return d.handshake == Direction::Keys::Have ? &d.handshake_keys : nullptr;
}

void QuicReader::read_frames(unsigned dir, Space space, const std::string& plain, FrameFacts& facts,
                             bool& fresh) {
    const auto* p = reinterpret_cast<const uint8_t*>(plain.data());
    const uint8_t* end = p + plain.size();
    while (p < end) {
        uint64_t type = 0;
        if (!varint(p, end, type)) return;
        uint64_t a = 0, b = 0, c = 0;
        switch (type) {
        case kFramePadding:
        case kFramePing: break;
        case kFrameAck:
        case kFrameAckEcn: {
            uint64_t ranges = 0;
            if (!varint(p, end, a) || !varint(p, end, b) || !varint(p, end, ranges) ||
                !varint(p, end, c))
                return;
            for (uint64_t i = 0; i < ranges; ++i)
                if (!varint(p, end, a) || !varint(p, end, b)) return;
            if (type == kFrameAckEcn)
                for (int i = 0; i < 3; ++i)
                    if (!varint(p, end, a)) return;
            break;
        }
        case kFrameCrypto:
            if (!varint(p, end, a) || !varint(p, end, b) || b > static_cast<uint64_t>(end - p))
                return;
            fresh |= dirs_[dir].spaces[space].crypto.add(a, p, static_cast<size_t>(b));
            p += b;
            break;
        case kFrameClose:
        case kFrameAppClose: {
            if (!varint(p, end, a) || (type == kFrameClose && !varint(p, end, b)) ||
                !varint(p, end, c) || c > static_cast<uint64_t>(end - p))
                return;
            p += c;
            // The messages before the close come first.
            pass_messages(dir, space, facts);
            if (type == kFrameClose && a >= kCryptoError && a <= kCryptoError + 0xff) {
                TlsMessage m(TlsMessage::Kind::Alert);
                m.alert = Alert{2, static_cast<uint8_t>(a - kCryptoError)};
                facts.messages.push_back(m);
            } else {
                TlsMessage m(TlsMessage::Kind::QuicClose);
                m.quic_close =
                    QuicClose{static_cast<uint8_t>(a < 0xff ? a : 0xff), type == kFrameAppClose};
                facts.messages.push_back(m);
            }
            break;
        }
        default:
            return;  // no other frame may come in Initial or Handshake packets (RFC 9000 §12.4)
        }
    }
}

void QuicReader::pass_messages(unsigned dir, Space space, FrameFacts& facts) {
    CryptoStream& s = dirs_[dir].spaces[space].crypto;
    while (s.bytes.size() - s.consumed >= 4) {
        const auto* h = reinterpret_cast<const uint8_t*>(s.bytes.data()) + s.consumed;
        const size_t len = size_t{h[1]} << 16 | size_t{h[2]} << 8 | h[3];
        if (s.bytes.size() - s.consumed - 4 < len) return;
        const uint8_t* body = h + 4;
        s.consumed += 4 + len;
        if (h[0] == hs::ClientHello && dir == 0 && space == kInitial) {
            TlsMessage m(TlsMessage::Kind::ClientHello);
            m.well_formed = parse_client_hello(body, len, m.ch);
            if (m.well_formed) status_ = Status::Quic;
            // The random (after the 2-byte version) finds the key log's secrets.
            if (len >= 34) client_random_.assign(reinterpret_cast<const char*>(body) + 2, 32);
            facts.messages.push_back(std::move(m));
        } else if (h[0] == hs::ServerHello && dir == 1 && space == kInitial) {
            TlsMessage m(TlsMessage::Kind::ServerHello);
            m.well_formed = parse_server_hello(body, len, m.sh);
            if (m.well_formed) {
                status_ = Status::Quic;
                if (!m.sh.hello_retry_request) cipher_suite_ = m.sh.cipher_suite;
            }
            facts.messages.push_back(std::move(m));
        } else {
            TlsMessage m(TlsMessage::Kind::Handshake);
            m.handshake_type = h[0];
            if (h[0] == hs::Certificate) parse_tls13_certificate(body, len, m.certificates);
            if (h[0] == hs::CertificateRequest)
                parse_certificate_request(body, len, true, m.authorities);
            facts.messages.push_back(std::move(m));
        }
    }
}

}  // namespace tlsdiag::capture
