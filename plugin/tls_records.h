// tlsdiag's own reading of the TLS records of one direction of a TCP stream,
// from its in-order bytes: the messages the TLS dissector would show, without
// asking tshark for a protocol tree (which would cost every frame of the
// capture, bench/README.md). Free of epan types, so unit tests can feed it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frame_facts.h"

namespace tlsdiag::plugin {

// What the two directions of a connection tell each other.
struct TlsSession {
    // The ServerHello chose TLS 1.3 (or asked for a retry): a ChangeCipherSpec
    // is only for middleboxes then, and starts no encryption.
    bool tls13 = false;
};

class TlsRecordReader {
public:
    // A segment whose payload starts like a TLS handshake record (or an
    // SSLv2-compatible ClientHello): where tlsdiag starts reading a stream.
    static bool starts_handshake(const uint8_t* data, size_t len);

    // The next in-order bytes of this direction. `segment_start` says they
    // begin a TCP segment, the only place a lost reader looks for a record.
    // Every record completed by them adds its messages to `out`.
    void read(const uint8_t* data, size_t len, bool segment_start, TlsSession& session,
              std::vector<TlsMessage>& out);
    // Bytes before the next read are missing: the record in progress is lost.
    void lose_sync();
    // Gives the buffers back; records are still read, from now on encrypted.
    void release();

private:
    enum class State : uint8_t { Header, Body, Sslv2Body, Lost };

    bool start_record(TlsSession& session);
    void take_body(const uint8_t* data, size_t n);
    void finish_record(TlsSession& session, std::vector<TlsMessage>& out);
    void read_handshakes(TlsSession& session, std::vector<TlsMessage>& out);

    // Only while plaintext records come: a settled connection keeps none.
    struct Buffers {
        std::string body;       // the current record's content, when kept
        std::string handshake;  // handshake bytes not yet a whole message
    };
    Buffers& buffers();

    State state_ = State::Header;
    bool first_bytes_ = true;   // nothing read yet: an SSLv2 hello is possible
    bool encrypted_ = false;    // after this side's ChangeCipherSpec (TLS <= 1.2)
    bool keep_body_ = false;    // the record's content is read, not skipped
    uint8_t header_[5] = {};
    uint8_t header_len_ = 0;
    uint8_t content_type_ = 0;
    uint32_t remaining_ = 0;    // bytes of the current record still to come
    std::unique_ptr<Buffers> buffers_;
};

}  // namespace tlsdiag::plugin
