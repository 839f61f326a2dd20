// tlsdiag's own reading of the TLS records of one direction of a TCP stream,
// from its in-order bytes: the messages the TLS dissector would show, without
// asking tshark for a protocol tree (which would cost every frame of the
// capture, bench/README.md).
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
    // A stream is read as TLS from a segment that starts like a hello, but it
    // is TLS only once a hello parsed completely (Tls); if the first message
    // is anything else, it never was (NotTls).
    enum class Status : uint8_t { Candidate, Tls, NotTls };
    Status status = Status::Candidate;
    // The ServerHello chose TLS 1.3 (or asked for a retry): a ChangeCipherSpec
    // is only for middleboxes then, and starts no encryption.
    bool tls13 = false;
    // An SSLv2 SERVER-HELLO: the rest are SSLv2 records, not read.
    bool sslv2 = false;
    // The suite the ServerHello chose: it lays out the ServerKeyExchange.
    uint16_t cipher_suite = 0;
};

// The bytes a TlsRecordReader keeps of plaintext records between reads.
struct TlsRecordBuffers {
    std::string body;       // the current record's content, when kept
    std::string handshake;  // handshake bytes not yet a whole message
};

// Both directions' TlsRecordBuffers, in one allocation made when a plaintext
// record first needs one: a settled connection keeps none.
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
    TlsRecordReader()
        : state_(State::Header),
          first_bytes_(true),
          encrypted_(false),
          keep_body_(false),
          synced_(false),
          release_after_record_(false) {}

    // Whether a segment's payload starts like a TLS record holding a
    // ClientHello or ServerHello (or like an SSLv2 hello): where tlsdiag
    // starts reading a stream. A cheap look at the first bytes; the hello
    // itself decides (TlsSession::Status).
    static bool starts_handshake(const uint8_t* data, size_t len);

    // The next in-order bytes of this direction. `segment_start` says they
    // begin a TCP segment, the only place a lost reader looks for a record.
    // What they complete (messages, records) is added to `out`. `buffers`
    // keep what a plaintext record leaves for the next read. Returns whether
    // a record began in these bytes.
    bool read(const uint8_t* data, size_t len, bool segment_start, TlsSession& session,
              TlsBufferPair::Side buffers, std::vector<TlsMessage>& out);
    // A record begun and not complete yet: its content type, else 0.
    uint8_t record_in_progress() const;
    // Bytes before the next read are missing: the record in progress is lost.
    void lose_sync(TlsBufferPair::Side buffers);
    // Gives the buffers back; records are still read, from now on encrypted.
    // A plaintext record in progress is read to its end first.
    void release(TlsBufferPair::Side buffers);

private:
    enum class State : uint8_t { Header, Body, Sslv2Body, Lost, Stopped };

    void read_records(const uint8_t* data, size_t len, TlsSession& session,
                      TlsBufferPair::Side buffers, std::vector<TlsMessage>& out, bool& begun);
    // A header that is no TLS record header.
    void broken_framing(TlsSession& session, TlsBufferPair::Side buffers,
                        std::vector<TlsMessage>& out);
    bool start_record();
    void finish_record(TlsSession& session, TlsBufferPair::Side buffers,
                       std::vector<TlsMessage>& out);
    void read_record(TlsSession& session, TlsBufferPair::Side buffers,
                     std::vector<TlsMessage>& out);
    void finish_sslv2(TlsSession& session, TlsBufferPair::Side buffers,
                      std::vector<TlsMessage>& out);
    void read_handshakes(TlsSession& session, TlsBufferPair::Side buffers,
                         std::vector<TlsMessage>& out);
    // A whole hello while the stream is a candidate decides what it is.
    static void decide(TlsSession& session, const TlsMessage& first);

    uint32_t remaining_ = 0;  // bytes of the current record still to come
    // Bytes of a handshake message longer than tlsdiag keeps (kMaxHandshake)
    // still to come: read past, as the dissector waits for them in vain.
    uint32_t skip_handshake_ = 0;
    uint8_t header_[5] = {};
    uint8_t header_len_ = 0;
    uint8_t content_type_ = 0;
    // Bit-fields, so that a reader is 12 bytes (each stream keeps two); set
    // by the constructor, C++17 has no default initializers for them.
    State state_ : 3;
    bool first_bytes_ : 1;  // nothing read yet: an SSLv2 hello is possible
    bool encrypted_ : 1;    // after this side's ChangeCipherSpec (TLS <= 1.2)
    bool keep_body_ : 1;    // the record's content is read, not skipped
    bool synced_ : 1;       // a record was read in step: broken framing now means not TLS
    bool release_after_record_ : 1;
};

}  // namespace tlsdiag::capture
