// tlsdiag's own reading of the TLS records of one direction of a TCP stream,
// from its in-order bytes: the messages the TLS dissector would show, without
// asking tshark for a protocol tree (which would cost every frame of the
// capture, bench/README.md). Free of epan types, so unit tests can feed it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/frame_facts.h"

namespace tlsdiag::capture {

// What the two directions of a connection tell each other.
struct TlsSession {
    // The ServerHello chose TLS 1.3 (or asked for a retry): a ChangeCipherSpec
    // is only for middleboxes then, and starts no encryption.
    bool tls13 = false;
};

// The bytes a TlsRecordReader keeps of plaintext records between reads.
struct TlsRecordBuffers {
    std::string body;       // the current record's content, when kept
    std::string handshake;  // handshake bytes not yet a whole message
};

// Both directions' TlsRecordBuffers, in one allocation made when a plaintext
// record first needs one: the readers stay small, and a settled connection
// keeps none.
class TlsBufferPair {
public:
    // One direction's share, as its reader uses it.
    class Side {
    public:
        TlsRecordBuffers& get();  // made if need be
        // Emptied, their memory given back; the allocation goes once the
        // other direction holds nothing either.
        void drop();

    private:
        friend class TlsBufferPair;
        Side(TlsBufferPair& pair, unsigned dir) : pair_(pair), dir_(dir) {}
        TlsBufferPair& pair_;
        unsigned dir_;
    };
    Side side(unsigned dir) { return Side(*this, dir); }

private:
    std::unique_ptr<std::array<TlsRecordBuffers, 2>> both_;
};

class TlsRecordReader {
public:
    TlsRecordReader() : state_(State::Header), first_bytes_(true), encrypted_(false), keep_body_(false) {}

    // A segment whose payload starts like a TLS handshake record (or an
    // SSLv2-compatible ClientHello): where tlsdiag starts reading a stream.
    static bool starts_handshake(const uint8_t* data, size_t len);

    // The next in-order bytes of this direction. `segment_start` says they
    // begin a TCP segment, the only place a lost reader looks for a record.
    // Every record completed by them adds its messages to `out`. `buffers`
    // keep what a plaintext record leaves for the next read.
    void read(const uint8_t* data, size_t len, bool segment_start, TlsSession& session,
              TlsBufferPair::Side buffers, std::vector<TlsMessage>& out);
    // Bytes before the next read are missing: the record in progress is lost.
    void lose_sync(TlsBufferPair::Side buffers);
    // Gives the buffers back; records are still read, from now on encrypted.
    void release(TlsBufferPair::Side buffers);

private:
    enum class State : uint8_t { Header, Body, Sslv2Body, Lost };

    bool start_record(TlsBufferPair::Side buffers);
    void finish_record(TlsSession& session, TlsBufferPair::Side buffers, std::vector<TlsMessage>& out);
    void read_handshakes(TlsSession& session, TlsBufferPair::Side buffers, std::vector<TlsMessage>& out);

    uint32_t remaining_ = 0;    // bytes of the current record still to come
    uint8_t header_[5] = {};
    uint8_t header_len_ = 0;
    uint8_t content_type_ = 0;
    // Bit-fields, so that a reader is 12 bytes (TrackedStream keeps two);
    // set by the constructor, C++17 has no default initializers for them.
    State state_ : 2;
    bool first_bytes_ : 1;  // nothing read yet: an SSLv2 hello is possible
    bool encrypted_ : 1;    // after this side's ChangeCipherSpec (TLS <= 1.2)
    bool keep_body_ : 1;    // the record's content is read, not skipped
};

}  // namespace tlsdiag::capture
