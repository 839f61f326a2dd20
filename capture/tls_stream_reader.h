// Both directions of one TCP connection that tlsdiag reads TLS from: each
// direction's segments put in order (TcpDirection), then read as TLS records
// (TlsRecordReader).
#pragma once

#include <cstdint>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capture/capture_state.h"
#include "capture/decrypted_reader.h"
#include "capture/frame_facts.h"
#include "capture/tcp_reassembly.h"
#include "capture/tcp_segment.h"
#include "capture/tls_records.h"

namespace tlsdiag::capture {

// clang-tidy 14 takes a name the compiler makes for the defaulted constructor for ours.
class TlsStreamReader {  // NOLINT(bugprone-reserved-identifier)
public:
    TlsStreamReader() = default;
    // Starts with the segment that began the TLS, from `sender` to
    // `receiver`: 64-bit hashes of address and port (FirstPass: FrameEnds),
    // which differ between the two ends of a connection. Only which of them
    // is greater is kept: it tells the directions apart in one bit.
    TlsStreamReader(uint64_t sender, uint64_t receiver)
        : first_sender_greater_(sender > receiver) {}

    // Fills `facts` (cleared first) with what the segment from `sender` to
    // `receiver` shows; returns the segment's direction: 0 from the first
    // sender, 1 from the other end.
    unsigned read(uint64_t sender, uint64_t receiver, const TcpSegment& seg, FrameFacts& facts);
    // The next byte from `sender` is `seq`, before any of its segments came:
    // one that comes early then waits for the ones before it.
    void expect(uint64_t sender, uint64_t receiver, uint32_t seq);
    // The handshake is over: keep counting records, drop the buffers.
    void release();
    // The capture ended: bytes that still wait for earlier ones the capture
    // lacks are read after saying so. Messages `from_sender` are the first
    // sender's (direction 0).
    void finish(FrameFacts& facts);
    // The stream's first message was no hello: it is not TLS after all.
    bool not_tls() const { return session_.status == TlsSession::Status::NotTls; }
    // The ServerHello chose TLS 1.3.
    bool tls13() const { return session_.tls13; }
    // Direction `dir`'s first flight so far (0: the first sender's). Only
    // the first sender has one: its first segment carried bytes, so the
    // other end always speaks after it.
    HelloDelivery flight(unsigned dir) const { return dir == 0 ? flight_.seen : HelloDelivery{}; }

private:
    struct Direction {
        TcpDirection tcp;
        TlsRecordReader tls;
    };
    class Sink;  // feeds one direction's in-order bytes to its TLS reader

    // The first sender's first flight: its bytes before the other end's
    // first byte, how TCP carried them and how far the other end
    // acknowledged them.
    struct Flight {
        HelloDelivery seen;
        uint32_t begin = 0, end = 0;  // sequence numbers of its first byte and after its last
        bool answered = false;        // the other end sent a byte: the flight is over
    };
    void note_segment(unsigned dir, const TcpSegment& seg, TcpDirection::Outcome outcome);
    void note_ack(unsigned dir, uint32_t ack);  // an acknowledgement sent in direction `dir`
    void copy_flights(unsigned sender_dir, FrameFacts& facts) const;

    Direction dirs_[2];
    Flight flight_;
    TlsBufferPair buffers_;  // both directions', while plaintext records come
    TlsSession session_;
    bool first_sender_greater_ = false;
};

// A TLS stream being read: the first pass keeps one per stream, by the
// hash of its endpoint pair (first_pass.h).
struct StreamReading {
    uint32_t stream = 0;  // TCP's stream index; a SYN may start a new one
    // Per direction of the reader: the run that the connection's last event
    // from that side began (Connection::run_from).
    Connection::Run runs[2] = {Connection::kNoRun, Connection::kNoRun};
    // A client's SYN came: its first bytes decide whether the connection is
    // read as TLS, and bytes that arrive before them wait here until then.
    struct FirstBytes {
        uint64_t sender = 0;  // the SYN's sender (FirstPass: FrameEnds)
        uint32_t seq = 0;     // of its first byte
        std::vector<std::pair<TcpSegment, std::string>> early;  // copies
        size_t bytes = 0;
    };
    std::unique_ptr<FirstBytes> awaiting;  // until then; no reader runs yet
    TlsStreamReader reader;
    CapturedConnection* state = nullptr;  // once a hello made it a connection
    // The last frame applied, where what waits at the capture's end is said.
    Frame last_frame = 0;
    TimeNs last_time = 0;
    bool first_sender_is_client = true;
    // The records Wireshark decrypted, once there are some.
    std::unique_ptr<DecryptedReader> decrypted;

    // Whether the frame read in direction `dir` would add nothing to the
    // connection: no TCP flag, and nothing but records or unreadable bytes
    // from its sender that continue the sender's run (Connection::run_of).
    // Most frames of a settled connection do; they skip it, and with it a
    // cache miss or two on a large capture.
    bool adds_nothing(unsigned dir, const FrameFacts& facts) const;
    // After a frame from `from` in direction `dir` was applied.
    void remember_run(unsigned dir, Side from);
};

}  // namespace tlsdiag::capture
