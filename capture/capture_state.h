// All TLS connections of the capture being read, and the findings of each
// frame, so that every later dissection of a frame shows what the first did.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "capture/endpoints.h"
#include "capture/stream_key.h"
#include "capture/frame_facts.h"
#include "tlsdiag/capture_rules.h"
#include "tlsdiag/engine.h"

namespace tlsdiag::capture {

// A certificate chain a frame carried, shown on every dissection of it.
struct ShownChain {
    Side from;
    const CertificateChain* chain;
};

// Turns a Certificate message's DER entries into facts (x509/ in the plugin).
using ChainReader = std::function<CertificateChain(const std::vector<std::string>& ders)>;
// Turns a DER DistinguishedName into readable text (x509/ in the plugin).
using NameReader = std::function<std::string(const std::string& der)>;

// A connection, kept until the capture file is closed (bench/README.md,
// "Memory per connection").
struct CapturedConnection {
    EndpointPair ends;
    DiagnosedConnection diagnosed;
};

// The TCP frames Wireshark dissected and tlsdiag could not read.
struct UnreadTcp {
    uint32_t frames = 0;
    // "Ethernet, at lisp-data" -> frames, for the report.
    std::map<std::string, uint32_t> by_carrier;
};

// All connections of the capture file being read, and the findings per frame
// so that every later dissection of a frame shows exactly what the first did.
class CaptureState {
public:
    void reset();
    // Without a reader, Certificate messages count as plain handshake messages.
    void set_chain_reader(ChainReader reader) { read_chain_ = std::move(reader); }
    // Without one, a CertificateRequest's CA names show as printable bytes.
    void set_name_reader(NameReader reader) { read_name_ = std::move(reader); }

    // Applies a frame of TCP stream `stream` sent by `src` to `dst` and returns
    // the new findings, which are also stored for frame `frame`.
    const std::vector<Finding>& apply(uint32_t stream, const Endpoint& src, const Endpoint& dst,
                                      Frame frame, TimeNs time, const FrameFacts& facts,
                                      const Settings& settings);
    // The capture was read to its end: the connection of `stream`, whose
    // client's first flight TCP carried as `client_flight`, is judged for
    // what never came (RuleInfo::at_end). Its findings are stored for the
    // frames they name (earlier ones: only later dissections show them).
    void end_capture(uint32_t stream, const CaptureEnd& end, const HelloDelivery& client_flight,
                     const Settings& settings);
    // A TCP frame tlsdiag could not read: counted, and the first one of the
    // capture gets the capture.tcp_not_read note.
    void count_unread_tcp(Frame frame, const UnreadCarrier& carrier);
    const UnreadTcp& unread_tcp() const { return unread_; }
    // The capture.clock_implausible note, once the first pass met it.
    const std::optional<Finding>& clock_note() const { return clock_note_; }

    bool tracks(uint32_t stream) const { return slot(stream) != 0; }
    CapturedConnection* find(uint32_t stream) {
        const uint32_t at = slot(stream);
        return at ? &connections_[at - 1] : nullptr;
    }
    size_t connection_count() const { return connections_.size(); }
    // Whether the frame has findings or chains to show: one bit per frame,
    // asked by every dissection of every frame.
    bool shows_something(Frame frame) const { return frame < marked_.size() && marked_[frame]; }
    const Findings* findings_at(Frame frame) const;
    // The chains of the frame's Certificate messages, in order; usually none.
    std::vector<ShownChain> chains_at(Frame frame) const;

private:
    CapturedConnection* start_connection(uint32_t stream, const Endpoint& src, const Endpoint& dst,
                                         const FrameFacts& facts);
    // Adds the frame's messages, then its FIN or RST, to the connection as
    // events, and runs the rules after each event added; findings go to
    // scratch_. Returns whether any event was added: rules and compaction
    // run only when the connection changed.
    bool add_events(CapturedConnection& s, uint32_t stream, Side sender, Frame frame, TimeNs time,
                    const FrameFacts& facts, const Settings& settings);
    const Event* add_chain(CapturedConnection& s, uint32_t stream, Side from, Frame frame,
                           TimeNs time, const TlsMessage& m);
    // A CertificateRequest's CA names as text (read_name_, else printable bytes).
    std::vector<std::string> names_of(const std::vector<std::string>& ders) const;
    // Runs the rules on the event `added` (none: returns false).
    bool run_rules(CapturedConnection& s, const Event* added, const Settings& settings);
    static void compact_if_settled(Connection& c);
    // TCP numbers its streams 0, 1, 2, ...: a connection is found by its
    // stream number in a vector, with no hash node or bucket per connection.
    uint32_t slot(uint32_t stream) const {
        const std::vector<uint32_t>& by = is_udp_stream_key(stream) ? by_udp_stream_ : by_stream_;
        const uint32_t index = stream_index(stream);
        return index < by.size() ? by[index] : 0;
    }
    std::deque<CapturedConnection> connections_;  // in the order they began; addresses hold
    std::vector<uint32_t> by_stream_;             // stream -> 1 + index into connections_, 0: none
    std::vector<uint32_t> by_udp_stream_;         // the same for DTLS, by udp.stream
    // Every frame asks whether it has something to show; few have. A bit per
    // frame answers most of them without a hash lookup, which would take half
    // of tlsdiag's time on a busy capture (bench/README.md).
    void mark(Frame frame);
    void add_findings(Frame frame, const Findings& findings);
    std::vector<bool> marked_;
    // The findings of each frame that has some, in frame order (the first pass
    // adds them in order): found by a binary search, asked only of marked
    // frames. A hash map's buckets cost a cache miss per insertion.
    struct FindingsAt {
        Frame frame;
        Findings findings;
    };
    std::vector<FindingsAt> by_frame_;
    // The first entry of `frame` (or where it would go) in by_frame_ or
    // chains_by_frame_, both sorted by frame.
    template <typename Entries>
    static auto position(Entries& entries, Frame frame) {
        return std::lower_bound(entries.begin(), entries.end(), frame,
                                [](const auto& e, Frame at) { return e.frame < at; });
    }
    // Which frame showed which chain: the chain itself is kept once, by its
    // connection. In frame order, as the first pass adds them.
    struct ChainAt {
        Frame frame;
        uint32_t stream;
        uint32_t index;  // into the connection's certificate_chains()
        Side from;
    };
    std::vector<ChainAt> chains_by_frame_;
    ChainReader read_chain_;
    NameReader read_name_;
    Findings scratch_;
    UnreadTcp unread_;
    std::optional<Finding> clock_note_;
};

}  // namespace tlsdiag::capture
