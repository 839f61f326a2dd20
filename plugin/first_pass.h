// The first dissection of a frame: its TCP segment, read from its bytes, and
// the TLS it carries, fed to the connection of its TCP stream. Later
// dissections only replay what this found (packet-tlsdiag.cpp).
#pragma once

#include <wireshark.h>
#include <epan/packet.h>

#include <cstdint>
#include <functional>
#include <variant>
#include <vector>

#include "capture/capture_state.h"
#include "capture/dtls_reader.h"
#include "capture/quic_reader.h"
#include "capture/pair_table.h"
#include "capture/tls_stream_reader.h"
#include "capture/decrypted_reader.h"
#include "decrypted.h"
#include "frame_ends.h"
#include "frame_tcp.h"

namespace tlsdiag::plugin {

using namespace tlsdiag::capture;

// Whoever wants to see each frame's TLS messages as they are read
// (-z tlsdiag,messages): the frame, its TCP stream, and the messages.
using MessageLog = std::function<void(uint32_t frame, uint32_t stream, const FrameFacts& facts)>;

class FirstPass {
public:
    // At the start of every capture file, once every protocol registered:
    // looks ids up.
    void start(int proto_tlsdiag, dissector_handle_t postdissector);
    void reset() {
        readings_.clear();
        awaiting_ = 0;
        finished_ = false;
        pending_.clear();
        pending_bytes_.clear();
        decrypted_.clear();
        udp_flows_.clear();
    }
    void set_message_log(MessageLog log) { log_ = std::move(log); }
    // A frame's first dissection. `watched`: something looks at the frame's
    // findings during this dissection (a tree, a tap): it is applied now;
    // otherwise it may wait for others (see Pending).
    void read(tvbuff_t* tvb, packet_info* pinfo, bool watched, CaptureState& state,
              const Settings& settings);
    // The capture was read to its end (a report is drawn, or the second pass
    // begins): bytes that still wait for a hole are said and read, and each
    // connection is judged for what never came before `capture_end` (the
    // last frame's time), once.
    void finish(CaptureState& state, const Settings& settings, TimeNs capture_end);
    // Applies the frames that wait, in order: before anything reads `state`.
    void catch_up(CaptureState& state, const Settings& settings) {
        if (!pending_.empty()) apply_pending(state, settings);
    }

private:
    void feed(packet_info* pinfo, const TcpSegment& segment, bool starts, const FrameEnds& ends,
              StreamReading* t, bool watched, CaptureState& state, const Settings& settings);
    void remember_stream(packet_info* pinfo, uint32_t stream);
    // A client's SYN: the connection waits for its first bytes (see
    // StreamReading::awaiting). False when it is not tracked.
    bool await_first_bytes(const TcpSegment& segment, bool starts, const FrameEnds& ends,
                           StreamReading*& t);
    StreamReading& start_reading(packet_info* pinfo, const FrameEnds& ends, StreamReading* t,
                                 uint32_t stream);
    bool tcp_stream(packet_info* pinfo, uint32_t* stream) const;
    void count_unread(packet_info* pinfo, const UnreadCarrier& why, CaptureState& state);

    // A frame of a TLS stream that nobody watched: what apply_segment()
    // needs of it, its payload kept in pending_bytes_. Such frames are
    // applied a few hundred at a time, so that the code that reads TLS and
    // runs the rules stays in the instruction cache for all of them instead
    // of being fetched again for each between tshark's own work: on 20k
    // packets tlsdiag's extra first-level instruction misses are 1.22 M with
    // batches and 2.13 M without (bench/README.md, "Frames applied in
    // batches"). Nothing of them can be shown before they are
    // applied: every dissection that could show something catches up first.
    struct Pending {
        StreamReading* stream;
        uint32_t frame;
        TimeNs time;
        FrameEnds ends;
        Endpoint src, dst;
        TcpSegment segment;
        size_t payload_at;  // into pending_bytes_
        // The frame's records Wireshark decrypted, in decrypted_.
        size_t decrypted_at, decrypted_count;
    };
    static constexpr size_t kMaxPending = 512, kMaxPendingBytes = 512 * 1024;
    void apply_segment(const Pending& p, const TcpSegment& segment, CaptureState& state,
                       const Settings& settings);
    void read_decrypted(const Pending& p, unsigned dir);
    void defer(const Pending& p, CaptureState& state, const Settings& settings);
    void apply_pending(CaptureState& state, const Settings& settings);

    // A UDP flow read as DTLS or QUIC: from the datagram that began like a
    // DTLS hello or a QUIC client's Initial.
    struct UdpFlow {
        uint32_t udp_stream = 0;    // udp.stream
        uint64_t first_sender = 0;  // its sender (FrameEnds)
        std::variant<DtlsReader, QuicReader> reader;
        CapturedConnection* state = nullptr;  // once a hello made it a connection
        bool first_sender_is_client = true;
        Frame last_frame = 0;
        TimeNs last_time = 0;
    };
    // Frames of UDP (first_pass_udp.cpp): what only they need.
    void read_udp(tvbuff_t* tvb, packet_info* pinfo, CaptureState& state, const Settings& settings);
    bool udp_stream(packet_info* pinfo, uint32_t* stream) const;
    // The TLS dissector's key log (tls.keylog_file), read again for every
    // capture file: QUIC's Handshake packets are decrypted with it.
    void load_key_log();
    void finish_udp(CaptureState& state, const Settings& settings, TimeNs capture_end);

    int proto_tlsdiag_ = -1;
    int proto_tcp_ = -1, proto_udp_ = -1;
    KeyLog key_log_;
    PairTable<UdpFlow> udp_flows_;  // each UDP flow being read as DTLS or QUIC, by endpoint pair
    // The decrypted records of the frames that wait (Pending), and of the
    // frame being read.
    std::vector<DecryptedRecord> decrypted_;
    // The TLS streams, found by their two endpoints without asking
    // Wireshark's conversation table (which costs more than all the rest).
    // Kept while the capture is read: what a connection sends after its
    // FINs (a RST, a late record) is part of its story.
    PairTable<StreamReading> readings_;  // each TCP stream being read, by endpoint pair
    // Connections waiting for their first bytes, bounded (a SYN flood).
    size_t awaiting_ = 0;
    bool finished_ = false;
    static constexpr size_t kMaxAwaiting = 1u << 16, kMaxEarlyBytes = 64 * 1024;
    std::vector<Pending> pending_;
    std::vector<uint8_t> pending_bytes_;
    FrameFacts facts_;  // reused: no allocation per frame once warm
    MessageLog log_;
};

}  // namespace tlsdiag::plugin
