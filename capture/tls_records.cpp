#include "capture/tls_records.h"

#include <algorithm>

#include "capture/tls_messages.h"

namespace tlsdiag::capture {

namespace {

// RFC 8446 §5.2: a record's content is at most 2^14 + 256 bytes; the
// dissector takes up to 2^14 + 2048 (TLS 1.2's ciphertext limit).
constexpr uint32_t kMaxRecord = (1u << 14) + 2048;
// Longer than any certificate chain seen in practice: a larger length is
// not a handshake message but encrypted bytes or garbage.
constexpr uint32_t kMaxHandshake = 1u << 18;
// A hello's extensions are at most 2^16 bytes: a longer "hello" is none.
constexpr uint32_t kMaxHello = (1u << 16) + 512;
constexpr uint8_t kSslv2ClientHello = 1, kSslv2ServerHello = 4;

bool valid_header(const uint8_t* h) {
    const uint32_t length = static_cast<uint32_t>(h[3] << 8 | h[4]);
    return h[0] >= content::ChangeCipherSpec && h[0] <= content::Heartbeat && h[1] == 3 &&
           h[2] <= 4 && length <= kMaxRecord;
}

uint32_t u24(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
}

// The first bytes of an SSLv2 record (2-byte header) holding a CLIENT-HELLO
// or SERVER-HELLO with a version tlsdiag reads (2.0 or 3.x).
bool sslv2_hello(const uint8_t* d, size_t len) {
    if (len < 5 || !(d[0] & 0x80)) return false;
    const uint32_t length = static_cast<uint32_t>((d[0] & 0x7f) << 8 | d[1]);
    const uint8_t* version = d[2] == kSslv2ClientHello               ? d + 3
                             : d[2] == kSslv2ServerHello && len >= 7 ? d + 5
                                                                     : nullptr;
    return version && length >= 9 && ((version[0] == 0 && version[1] == 2) || version[0] == 3);
}

}  // namespace

// Every TCP frame of a stream not yet read asks: kept with the other code
// every frame runs.
__attribute__((hot)) bool TlsRecordReader::starts_handshake(const uint8_t* d, size_t len) {
    if (len >= 1 && d[0] != content::Handshake) return sslv2_hello(d, len);
    // A record header, then a hello's type, length and version (3.x, or a
    // TLS 1.3 draft's 0x7f in a ServerHello). A client may send its hello a
    // few bytes at a time: what there is must fit, the hello decides.
    if (len < 1 || (len >= 2 && d[1] != 3) || (len >= 3 && d[2] > 4)) return false;
    if (len < 5) return true;
    const uint32_t record = static_cast<uint32_t>(d[3] << 8 | d[4]);
    if (record > kMaxRecord || record == 0) return false;
    // The hello's header and version may continue in the next record.
    const size_t in_record = 5 + std::min<size_t>(record, len - 5);
    if (in_record >= 6 && d[5] != hs::ClientHello && d[5] != hs::ServerHello) return false;
    if (in_record >= 9 && u24(d + 6) > kMaxHello) return false;
    if (in_record >= 10 && d[9] != 3 &&
        !(d[5] == hs::ServerHello && (d[9] == 0x7f || d[9] == 0x7e)))
        return false;
    return true;
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
    if (state_ == State::Stopped) return;
    state_ = State::Lost;
    header_len_ = 0;
    skip_handshake_ = 0;
    first_bytes_ = false;
    buffers.drop();
}

void TlsRecordReader::release(TlsBufferPair::Side buffers) {
    if (state_ == State::Body && keep_body_) {
        release_after_record_ = true;
        return;
    }
    encrypted_ = true;
    keep_body_ = false;
    buffers.drop();
}

bool TlsRecordReader::read(const uint8_t* data, size_t len, bool segment_start, TlsSession& session,
                           TlsBufferPair::Side buffers, std::vector<TlsMessage>& out) {
    if (!len || state_ == State::Stopped || session.status == TlsSession::Status::NotTls ||
        session.sslv2)
        return false;
    if (state_ == State::Lost) {
        // Only a segment that starts with a record header is read again.
        if (!segment_start || len < 5 || !valid_header(data)) {
            out.push_back(TlsMessage{TlsMessage::Kind::Unreadable});
            return false;
        }
        state_ = State::Header;
    }
    bool begun = false;
    read_records(data, len, session, buffers, out, begun);
    return begun;
}

uint8_t TlsRecordReader::record_in_progress() const {
    return state_ == State::Body || state_ == State::Sslv2Body ? content_type_ : 0;
}

void TlsRecordReader::read_records(const uint8_t* data, size_t len, TlsSession& session,
                                   TlsBufferPair::Side buffers, std::vector<TlsMessage>& out,
                                   bool& begun) {
    if (first_bytes_) {
        first_bytes_ = false;
        if (sslv2_hello(data, len)) {
            state_ = State::Sslv2Body;
            content_type_ = content::Handshake;
            remaining_ = static_cast<uint32_t>((data[0] & 0x7f) << 8 | data[1]);
            keep_body_ = true;
            buffers.get().body.clear();
            begun = true;
            data += 2;
            len -= 2;
        }
    }
    while (len) {
        if (state_ == State::Lost || state_ == State::Stopped || session.sslv2 ||
            session.status == TlsSession::Status::NotTls)
            return;
        if (state_ == State::Header) {
            const size_t n = std::min<size_t>(len, sizeof header_ - header_len_);
            std::copy(data, data + n, header_ + header_len_);
            header_len_ = static_cast<uint8_t>(header_len_ + n);
            data += n;
            len -= n;
            if (header_len_ < sizeof header_) return;
            header_len_ = 0;
            if (!start_record()) {
                broken_framing(session, buffers, out);
                return;
            }
            begun = true;
            if (keep_body_) buffers.get().body.clear();
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
        if (state_ == State::Sslv2Body) finish_sslv2(session, buffers, out);
        else finish_record(session, buffers, out);
    }
}

void TlsRecordReader::broken_framing(TlsSession& session, TlsBufferPair::Side buffers,
                                     std::vector<TlsMessage>& out) {
    if (session.status == TlsSession::Status::Candidate) {
        session.status = TlsSession::Status::NotTls;
        state_ = State::Stopped;
    } else if (synced_) {
        // In step with TLS records until now: what follows is something else.
        out.push_back(TlsMessage{TlsMessage::Kind::NotTls});
        state_ = State::Stopped;
    } else {
        // This side never read a record (say, text before its TLS): wait
        // for one at a segment start.
        out.push_back(TlsMessage{TlsMessage::Kind::Unreadable});
        state_ = State::Lost;
    }
    buffers.drop();
}

bool TlsRecordReader::start_record() {
    if (!valid_header(header_)) return false;
    content_type_ = header_[0];
    remaining_ = static_cast<uint32_t>(header_[3] << 8 | header_[4]);
    // Only plaintext handshake and alert content is read; the rest is counted.
    keep_body_ =
        !encrypted_ && (content_type_ == content::Handshake || content_type_ == content::Alert);
    state_ = State::Body;
    return true;
}

void TlsRecordReader::finish_record(TlsSession& session, TlsBufferPair::Side buffers,
                                    std::vector<TlsMessage>& out) {
    state_ = State::Header;
    synced_ = true;
    read_record(session, buffers, out);
    if (release_after_record_) {
        release_after_record_ = false;
        release(buffers);
    }
}

void TlsRecordReader::read_record(TlsSession& session, TlsBufferPair::Side buffers,
                                  std::vector<TlsMessage>& out) {
    switch (content_type_) {
    case content::ChangeCipherSpec:
        out.push_back(TlsMessage::record(content::ChangeCipherSpec));
        if (!session.tls13) release(buffers);
        return;
    case content::Alert:
        if (keep_body_ && buffers.get().body.size() == 2) {
            const std::string& body = buffers.get().body;
            TlsMessage m{TlsMessage::Kind::Alert};
            m.alert.level = static_cast<uint8_t>(body[0]);
            m.alert.description = static_cast<uint8_t>(body[1]);
            out.push_back(m);
        } else {
            out.push_back(TlsMessage::record(content::Alert));  // an encrypted alert
        }
        return;
    case content::Handshake: {
        if (!keep_body_) {
            out.push_back(
                TlsMessage::record(content::Handshake));  // an encrypted handshake message
            return;
        }
        const size_t before = out.size();
        TlsRecordBuffers& b = buffers.get();
        const size_t skipped = std::min<size_t>(skip_handshake_, b.body.size());
        skip_handshake_ -= static_cast<uint32_t>(skipped);
        b.handshake.append(b.body, skipped, std::string::npos);
        read_handshakes(session, buffers, out);
        // A fragment of a longer message still shows the peer spoke.
        if (out.size() == before && session.status != TlsSession::Status::NotTls)
            out.push_back(TlsMessage::record(content::Handshake));
        return;
    }
    default: out.push_back(TlsMessage::record(content_type_)); return;
    }
}

void TlsRecordReader::decide(TlsSession& session, const TlsMessage& first) {
    if (session.status != TlsSession::Status::Candidate) return;
    session.status = first.is_hello() && first.well_formed ? TlsSession::Status::Tls
                                                           : TlsSession::Status::NotTls;
}

void TlsRecordReader::finish_sslv2(TlsSession& session, TlsBufferPair::Side buffers,
                                   std::vector<TlsMessage>& out) {
    state_ = State::Header;
    synced_ = true;
    std::string& body = buffers.get().body;
    const auto* p = reinterpret_cast<const uint8_t*>(body.data());
    if (!body.empty() && p[0] == kSslv2ServerHello) {
        TlsMessage hello{TlsMessage::Kind::ServerHello};
        TlsMessage certificate{TlsMessage::Kind::Handshake};
        certificate.handshake_type = hs::Certificate;
        hello.well_formed =
            parse_sslv2_server_hello(p, body.size(), hello.sh, certificate.certificates);
        decide(session, hello);
        if (hello.well_formed) session.sslv2 = true;
        out.push_back(std::move(hello));
        if (!certificate.certificates.empty()) out.push_back(std::move(certificate));
    } else {
        TlsMessage hello{TlsMessage::Kind::ClientHello};
        hello.well_formed = parse_sslv2_client_hello(p, body.size(), hello.ch);
        decide(session, hello);
        out.push_back(std::move(hello));
    }
    body.clear();
    if (session.status == TlsSession::Status::NotTls) state_ = State::Stopped;
}

void TlsRecordReader::read_handshakes(TlsSession& session, TlsBufferPair::Side buffers,
                                      std::vector<TlsMessage>& out) {
    std::string& pending = buffers.get().handshake;
    size_t at = 0;
    while (pending.size() - at >= 4) {
        const auto* p = reinterpret_cast<const uint8_t*>(pending.data()) + at;
        const uint8_t type = p[0];
        const uint32_t length = u24(p + 1);
        const bool candidate = session.status == TlsSession::Status::Candidate;
        if (candidate &&
            ((type != hs::ClientHello && type != hs::ServerHello) || length > kMaxHello)) {
            session.status = TlsSession::Status::NotTls;
            state_ = State::Stopped;
            pending.clear();
            return;
        }
        const size_t available = pending.size() - at - 4;
        if (!known_handshake_type(type) || length > kMaxHandshake) {
            // An unknown type is shown as an encrypted handshake message; a
            // message too long to keep is not kept. Either way the records
            // its length still claims show no message, as the dissector
            // waits for the rest in vain.
            if (length > available) skip_handshake_ = static_cast<uint32_t>(length - available);
            pending.clear();
            return;
        }
        if (available < length) break;  // continues in a later record
        const uint8_t* body = p + 4;
        if (type == hs::ClientHello) {
            TlsMessage m{TlsMessage::Kind::ClientHello};
            m.well_formed = parse_client_hello(body, length, m.ch);
            decide(session, m);
            out.push_back(std::move(m));
        } else if (type == hs::ServerHello) {
            TlsMessage m{TlsMessage::Kind::ServerHello};
            m.well_formed = parse_server_hello(body, length, m.sh);
            decide(session, m);
            if (m.sh.hello_retry_request || m.sh.version() >= 0x0304) session.tls13 = true;
            if (m.well_formed) session.cipher_suite = m.sh.cipher_suite;
            out.push_back(std::move(m));
        } else {
            TlsMessage m{TlsMessage::Kind::Handshake};
            m.handshake_type = type;
            if (type == hs::Certificate)
                (session.tls13 ? parse_tls13_certificate : parse_certificate)(body, length,
                                                                              m.certificates);
            else if (type == hs::CertificateRequest)
                parse_certificate_request(body, length, session.tls13, m.authorities);
            else if (type == hs::ServerKeyExchange && !session.tls13)
                m.key_exchange_read = parse_server_key_exchange(
                    body, length, key_exchange_params(session.cipher_suite), m.key_exchange);
            out.push_back(std::move(m));
        }
        at += 4 + length;
        if (session.status == TlsSession::Status::NotTls) {
            state_ = State::Stopped;
            pending.clear();
            return;
        }
    }
    pending.erase(0, at);
}

}  // namespace tlsdiag::capture
