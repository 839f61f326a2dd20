// tlsdiag's own reading of DTLS 1.0 and 1.2 (RFC 6347), and of what DTLS 1.3
// (RFC 9147) shows without keys, from the datagrams of one UDP flow: the
// messages the DTLS dissector would show, as TlsMessages for the same
// connection model as TLS over TCP.
//
// Unlike TCP, DTLS frames its handshake itself: each message carries its
// sequence number and may come in fragments, in any order, and a whole
// flight is sent again when its answer is late. A message is passed on once,
// when its last fragment comes; its retransmissions are counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "capture/frame_facts.h"

namespace tlsdiag::capture {

// clang-tidy 14 takes a name the compiler makes for the defaulted constructor for ours.
class DtlsReader {  // NOLINT(bugprone-reserved-identifier)
public:
    // Whether a UDP payload starts with a DTLS record holding the first
    // fragment of a ClientHello or ServerHello in epoch 0: where tlsdiag
    // starts reading a flow. A cheap look; the hello itself decides.
    static bool starts_handshake(const uint8_t* data, size_t len);

    // Reads one datagram sent in direction `dir` (0: by the flow's first
    // sender) and fills `facts` (cleared first) with the messages it
    // completes, and the first sender's first flight so far. A datagram of
    // the protocols WebRTC multiplexes with DTLS (STUN, RTP) is passed over.
    void read(unsigned dir, const uint8_t* data, size_t len, FrameFacts& facts);
    // The first complete message was no hello: the flow is not DTLS.
    bool not_dtls() const { return status_ == Status::NotDtls; }
    bool rejected() const { return not_dtls(); }  // as QuicReader's: nothing more is read
    bool is_dtls() const { return status_ == Status::Dtls; }
    // The first sender's first flight: its datagrams before the other end's
    // first, and how many of them only repeated earlier ones.
    const HelloDelivery& flight() const { return flight_; }

private:
    enum class Status : uint8_t { Candidate, Dtls, NotDtls };
    // A handshake message whose fragments are still coming.
    struct Partial {
        uint16_t seq = 0;
        uint8_t type = 0;
        uint32_t length = 0;
        std::string body;
        std::vector<std::pair<uint32_t, uint32_t>> have;  // [begin, end), merged, sorted
    };
    struct Direction {
        std::vector<uint16_t> done;  // message_seq of every message passed on
        std::vector<Partial> partial;
    };

    // Returns false where the datagram stops being DTLS records.
    bool read_record(unsigned dir, const uint8_t*& p, const uint8_t* end,
                     std::vector<TlsMessage>& out, bool& fresh);
    // The handshake fragments of an epoch-0 record; `fresh`: one of them
    // was new (not a retransmission).
    void read_fragments(unsigned dir, const uint8_t* p, size_t len, std::vector<TlsMessage>& out,
                        bool& fresh);
    void complete(uint8_t type, const uint8_t* body, size_t len, std::vector<TlsMessage>& out);
    void decide(const TlsMessage& first);

    Direction dirs_[2];
    HelloDelivery flight_;
    bool answered_ = false;  // the other end sent a datagram: the first flight is over
    Status status_ = Status::Candidate;
    uint16_t datagrams_ = 0;  // read while a candidate
};

}  // namespace tlsdiag::capture
