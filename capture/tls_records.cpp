#include "capture/tls_records.h"

#include <algorithm>

#include "capture/tls_messages.h"

namespace tlsdiag::capture {

namespace {

constexpr uint8_t kChangeCipherSpec = 20, kAlert = 21, kHandshake = 22, kApplicationData = 23,
                  kHeartbeat = 24;
// RFC 8446 §5.2: a record's content is at most 2^14 + 256 bytes; the
// dissector takes up to 2^14 + 2048 (TLS 1.2's ciphertext limit).
constexpr uint32_t kMaxRecord = (1u << 14) + 2048;
// Longer than any certificate chain seen in practice: a larger length is
// not a handshake message but encrypted bytes or garbage.
constexpr uint32_t kMaxHandshake = 1u << 18;

bool valid_header(const uint8_t* h) {
    const uint32_t length = static_cast<uint32_t>(h[3] << 8 | h[4]);
    return h[0] >= kChangeCipherSpec && h[0] <= kHeartbeat && h[1] == 3 && h[2] <= 4 &&
           length <= kMaxRecord;
}

// SSLv2 record header with a CLIENT-HELLO (RFC 6101 E.1) offering SSL 3.0+.
bool sslv2_client_hello(const uint8_t* d, size_t len) {
    return len >= 5 && (d[0] & 0x80) && d[2] == 1 && d[3] <= 3;
}

uint32_t u24(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
}

TlsMessage record_of(uint8_t content_type) {
    TlsMessage m{TlsMessage::Kind::Record};
    m.content_type = content_type;
    return m;
}

}  // namespace

// Every TCP frame asks: kept with the other code every frame runs.
__attribute__((hot)) bool TlsRecordReader::starts_handshake(const uint8_t* data, size_t len) {
    if (len >= 5) return (data[0] == kHandshake && valid_header(data)) || sslv2_client_hello(data, len);
    // A header split over segments (a client may send it byte by byte):
    // what there is must fit, the next segment's bytes will tell.
    return len >= 1 && data[0] == kHandshake && (len < 2 || data[1] == 3) && (len < 3 || data[2] <= 4);
}

TlsRecordBuffers& TlsBufferPair::Side::get() {
    if (!pair_.both_) pair_.both_ = std::make_unique<std::array<TlsRecordBuffers, 2>>();
    return (*pair_.both_)[dir_];
}

void TlsBufferPair::Side::drop() {
    if (!pair_.both_) return;
    TlsRecordBuffers& mine = (*pair_.both_)[dir_];
    const TlsRecordBuffers& other = (*pair_.both_)[1 - dir_];
    if (other.body.empty() && other.handshake.empty()) {
        pair_.both_.reset();
        return;
    }
    // Swapped out rather than cleared: clear() would keep the capacity.
    std::string().swap(mine.body);
    std::string().swap(mine.handshake);
}

void TlsRecordReader::lose_sync(TlsBufferPair::Side buffers) {
    state_ = State::Lost;
    header_len_ = 0;
    buffers.drop();
}

void TlsRecordReader::release(TlsBufferPair::Side buffers) {
    encrypted_ = true;
    keep_body_ = false;
    buffers.drop();
}

void TlsRecordReader::read(const uint8_t* data, size_t len, bool segment_start, TlsSession& session,
                           TlsBufferPair::Side buffers, std::vector<TlsMessage>& out) {
    if (state_ == State::Lost) {
        if (!segment_start || len < 5 || !valid_header(data)) return;
        state_ = State::Header;
    }
    if (first_bytes_ && len) {
        first_bytes_ = false;
        if (sslv2_client_hello(data, len)) {
            state_ = State::Sslv2Body;
            remaining_ = static_cast<uint32_t>((data[0] & 0x7f) << 8 | data[1]);
            keep_body_ = true;
            buffers.get().body.clear();
            data += 2;
            len -= 2;
        }
    }
    while (len) {
        if (state_ == State::Lost) return;
        if (state_ == State::Header) {
            const size_t n = std::min<size_t>(len, sizeof header_ - header_len_);
            std::copy(data, data + n, header_ + header_len_);
            header_len_ = static_cast<uint8_t>(header_len_ + n);
            data += n;
            len -= n;
            if (header_len_ < sizeof header_) return;
            header_len_ = 0;
            if (!start_record(buffers)) {
                lose_sync(buffers);
                return;
            }
            if (remaining_ == 0) finish_record(session, buffers, out);
            continue;
        }
        // Body or Sslv2Body: the record's content.
        const size_t n = std::min<size_t>(len, remaining_);
        if (keep_body_) buffers.get().body.append(reinterpret_cast<const char*>(data), n);
        data += n;
        len -= n;
        remaining_ -= static_cast<uint32_t>(n);
        if (remaining_) return;
        if (state_ == State::Sslv2Body) {
            TlsMessage m{TlsMessage::Kind::ClientHello};
            std::string& body = buffers.get().body;
            parse_sslv2_client_hello(reinterpret_cast<const uint8_t*>(body.data()), body.size(), m.ch);
            out.push_back(std::move(m));
            body.clear();
            state_ = State::Header;
            continue;
        }
        finish_record(session, buffers, out);
    }
}

bool TlsRecordReader::start_record(TlsBufferPair::Side buffers) {
    if (!valid_header(header_)) return false;
    content_type_ = header_[0];
    remaining_ = static_cast<uint32_t>(header_[3] << 8 | header_[4]);
    // Only plaintext handshake and alert content is read; the rest is counted.
    keep_body_ = !encrypted_ && (content_type_ == kHandshake || content_type_ == kAlert);
    if (keep_body_) buffers.get().body.clear();
    state_ = State::Body;
    return true;
}

void TlsRecordReader::finish_record(TlsSession& session, TlsBufferPair::Side buffers,
                                    std::vector<TlsMessage>& out) {
    state_ = State::Header;
    switch (content_type_) {
    case kChangeCipherSpec:
        out.push_back(record_of(kChangeCipherSpec));
        if (!session.tls13) release(buffers);
        return;
    case kAlert:
        if (keep_body_ && buffers.get().body.size() == 2) {
            const std::string& body = buffers.get().body;
            TlsMessage m{TlsMessage::Kind::Alert};
            m.alert.level = static_cast<uint8_t>(body[0]);
            m.alert.description = static_cast<uint8_t>(body[1]);
            out.push_back(m);
        } else {
            out.push_back(record_of(kAlert));  // an encrypted alert
        }
        return;
    case kHandshake: {
        if (!keep_body_) {
            out.push_back(record_of(kHandshake));  // an encrypted handshake message
            return;
        }
        const size_t before = out.size();
        TlsRecordBuffers& b = buffers.get();
        b.handshake.append(b.body);
        read_handshakes(session, buffers, out);
        // A fragment of a longer message still shows the peer spoke.
        if (out.size() == before) out.push_back(record_of(kHandshake));
        return;
    }
    default:
        out.push_back(record_of(content_type_));
        return;
    }
}

void TlsRecordReader::read_handshakes(TlsSession& session, TlsBufferPair::Side buffers,
                                      std::vector<TlsMessage>& out) {
    std::string& pending = buffers.get().handshake;
    size_t at = 0;
    while (pending.size() - at >= 4) {
        const auto* p = reinterpret_cast<const uint8_t*>(pending.data()) + at;
        const uint8_t type = p[0];
        const uint32_t length = u24(p + 1);
        if (!known_handshake_type(type) || length > kMaxHandshake) {
            // Shown as an encrypted handshake message: nothing more to read.
            pending.clear();
            return;
        }
        if (pending.size() - at - 4 < length) break;  // continues in a later record
        const uint8_t* body = p + 4;
        if (type == hs::ClientHello) {
            TlsMessage m{TlsMessage::Kind::ClientHello};
            parse_client_hello(body, length, m.ch);
            out.push_back(std::move(m));
        } else if (type == hs::ServerHello) {
            TlsMessage m{TlsMessage::Kind::ServerHello};
            parse_server_hello(body, length, m.sh);
            if (m.sh.hello_retry_request || m.sh.version() >= 0x0304) session.tls13 = true;
            out.push_back(std::move(m));
        } else {
            TlsMessage m{TlsMessage::Kind::Handshake};
            m.handshake_type = type;
            if (type == hs::Certificate && !session.tls13) parse_certificate(body, length, m.certificates);
            out.push_back(std::move(m));
        }
        at += 4 + length;
    }
    pending.erase(0, at);
}

}  // namespace tlsdiag::capture
