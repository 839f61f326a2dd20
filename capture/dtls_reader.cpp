#include "capture/dtls_reader.h"

#include <algorithm>

#include "capture/tls_messages.h"

namespace tlsdiag::capture {

namespace {

constexpr size_t kRecordHeader = 13;     // type, version, epoch, sequence number, length
constexpr size_t kHandshakeHeader = 12;  // type, length, message_seq, offset, fragment length
// RFC 9146: a record with a connection id, whose length the header does not say.
constexpr uint8_t kTls12Cid = 25;
constexpr uint8_t kAck = 26;  // RFC 9147 §7
// As for TLS (tls_records.cpp): a longer message is no handshake message.
constexpr uint32_t kMaxHandshake = 1u << 18;
// Messages being reassembled per direction; more are dropped (a flood).
constexpr size_t kMaxPartial = 8;
// Datagrams a flow may take to show its first whole hello.
constexpr uint16_t kMaxCandidateDatagrams = 16;

uint16_t u16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

uint32_t u24(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
}

// DTLS 1.0 and 1.2 (DTLS 1.3 writes 1.2 here), and OpenSSL's pre-RFC 1.0.
bool record_version(uint16_t v) {
    return v == version::DTLS10 || v == version::DTLS12 || v == 0x0100;
}

// Adds [begin, end) to sorted, merged ranges.
void add_range(std::vector<std::pair<uint32_t, uint32_t>>& have, uint32_t begin, uint32_t end) {
    have.emplace_back(begin, end);
    std::sort(have.begin(), have.end());
    size_t out = 0;
    for (size_t i = 1; i < have.size(); ++i) {
        if (have[i].first <= have[out].second)
            have[out].second = std::max(have[out].second, have[i].second);
        else have[++out] = have[i];
    }
    have.resize(out + 1);
}

}  // namespace

bool DtlsReader::starts_handshake(const uint8_t* d, size_t len) {
    if (len < kRecordHeader + kHandshakeHeader || d[0] != content::Handshake) return false;
    const uint16_t epoch = u16(d + 3), length = u16(d + 11);
    const uint8_t* h = d + kRecordHeader;
    return record_version(u16(d + 1)) && epoch == 0 && length >= kHandshakeHeader &&
           (h[0] == hs::ClientHello || h[0] == hs::ServerHello) && u24(h + 6) == 0;
}

void DtlsReader::read(unsigned dir, const uint8_t* data, size_t len, FrameFacts& facts) {
    facts.clear();
    // RFC 7983 §7: on a flow that WebRTC shares with STUN, TURN, ZRTP and
    // (S)RTP, a first byte of 20 to 63 is DTLS; anything else is theirs.
    if (status_ == Status::NotDtls || !len || data[0] < 20 || data[0] > 63) return;
    const uint8_t* p = data;
    const uint8_t* end = data + len;
    bool fresh = false;
    while (p < end && status_ != Status::NotDtls)
        if (!read_record(dir, p, end, facts.messages, fresh)) {
            if (status_ == Status::Candidate) status_ = Status::NotDtls;
            else facts.messages.emplace_back(TlsMessage::Kind::Unreadable);
            break;
        }
    if (status_ == Status::Candidate && ++datagrams_ >= kMaxCandidateDatagrams)
        status_ = Status::NotDtls;
    // The first sender's first flight: its datagrams until the other end's
    // first one, those that only repeat messages counted as retransmissions.
    if (dir == 1) answered_ = true;
    else if (!answered_) {
        if (fresh) {
            flight_.bytes += static_cast<uint32_t>(len);
            ++flight_.segments;
        } else if (flight_.retransmissions < UINT16_MAX) {
            ++flight_.retransmissions;
        }
    }
    (dir == 0 ? facts.sender_flight : facts.receiver_flight) = flight_;
}

bool DtlsReader::read_record(unsigned dir, const uint8_t*& p, const uint8_t* end,
                             std::vector<TlsMessage>& out, bool& fresh) {
    const size_t left = static_cast<size_t>(end - p);
    // RFC 9147 §4: the unified header of an encrypted DTLS 1.3 record
    // (001CSLEE): its connection id's length is not in it, so the rest of
    // the datagram is taken as that record.
    if ((p[0] & 0xe0) == 0x20) {
        out.push_back(TlsMessage::record(content::ApplicationData));
        fresh = true;
        p = end;
        return status_ == Status::Dtls;
    }
    if (left < kRecordHeader) return false;
    const uint8_t type = p[0];
    const uint16_t epoch = u16(p + 3);
    if (type < content::ChangeCipherSpec || type > kAck || !record_version(u16(p + 1)))
        return false;
    if (type == kTls12Cid) {  // encrypted, and its header's length unknown
        out.push_back(TlsMessage::record(content::ApplicationData));
        fresh = true;
        p = end;
        return status_ == Status::Dtls;
    }
    const size_t length = u16(p + 11);
    if (length > left - kRecordHeader) return false;
    const uint8_t* body = p + kRecordHeader;
    p = body + length;
    if (status_ == Status::Candidate && (type != content::Handshake || epoch != 0)) return false;
    // Epoch 0 is in clear (in DTLS 1.3 too: a HelloRetryRequest is followed
    // by hellos in clear); a later epoch's records are encrypted.
    const bool clear = epoch == 0;
    if (clear && type == content::Handshake) {
        read_fragments(dir, body, length, out, fresh);
        return true;
    }
    fresh = true;
    if (clear && type == content::Alert && length == 2) {
        TlsMessage m{TlsMessage::Kind::Alert};
        m.alert = Alert{body[0], body[1]};
        out.push_back(std::move(m));
    } else {
        out.push_back(TlsMessage::record(type));
    }
    return true;
}

void DtlsReader::read_fragments(unsigned dir, const uint8_t* p, size_t len,
                                std::vector<TlsMessage>& out, bool& fresh) {
    Direction& d = dirs_[dir];
    while (len >= kHandshakeHeader) {
        const uint8_t type = p[0];
        const uint32_t length = u24(p + 1), offset = u24(p + 6), fragment = u24(p + 9);
        const uint16_t seq = u16(p + 4);
        if (fragment > len - kHandshakeHeader || offset + fragment > length ||
            length > kMaxHandshake) {
            out.emplace_back(TlsMessage::Kind::Unreadable);
            return;
        }
        const uint8_t* bytes = p + kHandshakeHeader;
        p += kHandshakeHeader + fragment;
        len -= kHandshakeHeader + fragment;
        if (std::find(d.done.begin(), d.done.end(), seq) != d.done.end()) continue;  // again
        fresh = true;
        if (offset == 0 && fragment == length) {
            d.done.push_back(seq);
            complete(type, bytes, length, out);
            continue;
        }
        auto it = std::find_if(d.partial.begin(), d.partial.end(),
                               [&](const Partial& m) { return m.seq == seq; });
        if (it == d.partial.end()) {
            if (d.partial.size() >= kMaxPartial) continue;
            Partial m;
            m.seq = seq;
            m.type = type;
            m.length = length;
            m.body.assign(length, '\0');
            d.partial.push_back(std::move(m));
            it = d.partial.end() - 1;
        }
        if (it->type != type || it->length != length) continue;  // not the message begun
        std::copy(bytes, bytes + fragment, it->body.begin() + offset);
        add_range(it->have, offset, offset + fragment);
        if (it->have.size() == 1 && it->have[0].first == 0 && it->have[0].second == length) {
            d.done.push_back(seq);
            const Partial whole = std::move(*it);
            d.partial.erase(it);
            complete(whole.type, reinterpret_cast<const uint8_t*>(whole.body.data()), whole.length,
                     out);
        }
    }
    if (len) out.emplace_back(TlsMessage::Kind::Unreadable);
}

void DtlsReader::complete(uint8_t type, const uint8_t* body, size_t len,
                          std::vector<TlsMessage>& out) {
    if (type == hs::ClientHello) {
        TlsMessage m{TlsMessage::Kind::ClientHello};
        m.well_formed = parse_dtls_client_hello(body, len, m.ch);
        decide(m);
        out.push_back(std::move(m));
    } else if (type == hs::ServerHello) {
        TlsMessage m{TlsMessage::Kind::ServerHello};
        m.well_formed = parse_dtls_server_hello(body, len, m.sh);
        decide(m);
        out.push_back(std::move(m));
    } else {
        if (status_ == Status::Candidate) {
            status_ = Status::NotDtls;
            return;
        }
        TlsMessage m{TlsMessage::Kind::Handshake};
        m.handshake_type = type;
        if (type == hs::Certificate) parse_certificate(body, len, m.certificates);
        else if (type == hs::CertificateRequest)
            parse_certificate_request(body, len, false, m.authorities);
        out.push_back(std::move(m));
    }
}

void DtlsReader::decide(const TlsMessage& first) {
    if (status_ != Status::Candidate) return;
    status_ = first.is_hello() && first.well_formed ? Status::Dtls : Status::NotDtls;
}

}  // namespace tlsdiag::capture
