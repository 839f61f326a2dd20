// One direction of a TCP connection, put in sequence order before TLS is read
// from it: bytes at the expected sequence number go on at once; bytes that
// come early wait (bounded) for the ones before them; bytes sent again are
// dropped, the copy seen first winning (as in Wireshark's reassembly); a hole
// the capture will never fill is said to be missing, not guessed over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/tcp_segment.h"

namespace tlsdiag::capture {

// Where a direction's in-order bytes go.
class StreamSink {
public:
    // The next in-order bytes; `segment_start`: they begin a TCP segment
    // (the only place a reader that lost its way looks for a record).
    virtual void bytes(const uint8_t* data, size_t len, bool segment_start) = 0;
    // `count` bytes come next in the stream that the capture does not have.
    virtual void missing(uint32_t count) = 0;

protected:
    ~StreamSink() = default;
};

class TcpDirection {
public:
    enum class Outcome : uint8_t {
        Read,    // new bytes (or none: a bare SYN, FIN or ACK) went on
        Repeat,  // every byte was seen before: a retransmission or keep-alive
        Held,    // the bytes wait for earlier ones
    };

    // The other end's acknowledgement names the next byte, before this
    // direction sent any the reader saw: a segment that comes early waits.
    void expect(uint32_t seq);
    // A segment sent in this direction (SYN and FIN take a sequence number).
    Outcome segment(const TcpSegment& seg, StreamSink& sink);
    // The other end acknowledged everything before `ack`: bytes before it
    // that the capture never showed will not come. They are declared missing
    // when a later segment or a close needs it (an acknowledgement may be
    // captured before the data it acknowledges).
    void acknowledged(uint32_t ack);
    // A FIN or RST: the acknowledged bytes the capture lacks are missing.
    void close(StreamSink& sink);
    // Stops waiting: every hole is missing, and what was held is read.
    void flush(StreamSink& sink);
    bool holding() const { return held_ && !held_->empty(); }
    // Once the handshake is over only record boundaries matter: a hole is
    // then missing at once, and nothing is held.
    void stop_holding(StreamSink& sink);

    // Bounds on what waits for a hole, per direction.
    static constexpr size_t kMaxHeldBytes = 256 * 1024, kMaxHeldSegments = 128;

private:
    struct HeldSegment {
        uint32_t seq;  // of the first byte
        uint32_t len;  // bytes the segment carried, of which `bytes` were captured
        bool fin;
        std::string bytes;
    };
    // Signed distance from the next expected byte: sequence numbers wrap.
    int32_t ahead(uint32_t seq) const { return static_cast<int32_t>(seq - next_); }
    void deliver(uint32_t seq, const uint8_t* data, uint32_t captured, uint32_t len,
                 bool segment_start, bool fin, StreamSink& sink);
    void hold(uint32_t seq, const uint8_t* data, uint32_t captured, uint32_t len, bool fin,
              StreamSink& sink);
    void drain(StreamSink& sink);                  // reads what waited and now comes next
    void skip_to(uint32_t seq, StreamSink& sink);  // the bytes before `seq` are missing
    // The acknowledged bytes before `before` that the capture lacks are missing.
    void settle_acknowledged(uint32_t before, StreamSink& sink);

    uint32_t next_ = 0;        // sequence number of the next byte, once started
    uint32_t other_base_ = 0;  // another SYN's, while no byte went on
    uint32_t acked_ = 0;       // the most the other end acknowledged
    bool started_ = false;
    bool has_acked_ = false;
    bool delivered_ = false;  // a byte went on (a later SYN no longer re-bases)
    bool has_other_base_ = false;
    bool holding_allowed_ = true;
    std::unique_ptr<std::vector<HeldSegment>> held_;  // by sequence, made when needed
    size_t held_bytes_ = 0;
};

}  // namespace tlsdiag::capture
