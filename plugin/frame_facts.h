// What one frame showed, read from the dissectors but free of epan types, and
// how it is applied to a connection. Kept apart from extract.cpp so that the
// capture logic can be reasoned about (and tested) without Wireshark.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "tlsdiag/engine.h"

namespace tlsdiag::plugin {

// One TLS item of the frame, in dissection order.
struct TlsMessage {
    enum class Kind : uint8_t { ClientHello, ServerHello, Handshake, Alert, Record };
    explicit TlsMessage(Kind k) : kind(k) {}
    Kind kind;
    ClientHello ch;               // Kind::ClientHello
    ServerHello sh;               // Kind::ServerHello
    uint8_t handshake_type = 0;   // Kind::Handshake
    std::vector<std::string> certificates;  // a Certificate's DER entries, leaf first
    Alert alert;                  // Kind::Alert
    uint8_t content_type = 0;     // Kind::Record: a record with nothing readable inside
};

struct FrameFacts {
    uint32_t tcp_len = 0;
    bool fin = false;
    bool rst = false;
    bool data_missing_before = false;  // a gap: the sender sent bytes the capture lacks
    std::vector<TlsMessage> messages;

    bool has_hello() const;
    void clear() {
        tcp_len = 0;
        fin = rst = data_missing_before = false;
        messages.clear();
    }
};

// An endpoint as its raw address (Wireshark's address type and up to 16
// bytes: TCP runs over IPv4 or IPv6) and port, in 20 bytes: two are kept per
// connection until the capture is closed, and the report makes the
// "10.1.2.3:57436" labels from them only when it is asked for.
struct Endpoint {
    static constexpr size_t kMaxAddress = 16;
    Endpoint() = default;
    Endpoint(int type, const void* address, size_t length, uint32_t port);
    int type() const { return type_; }
    const uint8_t* address() const { return address_; }
    size_t address_length() const { return length_; }
    uint16_t port() const { return port_; }
    bool operator==(const Endpoint& o) const;
    bool operator!=(const Endpoint& o) const { return !(*this == o); }

private:
    uint8_t type_ = 0;
    uint8_t length_ = 0;
    uint16_t port_ = 0;
    uint8_t address_[kMaxAddress] = {};
};

// A connection's two ends in 16 bytes: the ports, and both addresses inline
// when each fits in 4 bytes (IPv4); otherwise both whole endpoints in one
// heap block (IPv6: 64 bytes in all, where two Endpoints took 40). Kept by
// every connection until the capture is closed.
class EndpointPair {
public:
    EndpointPair() = default;
    EndpointPair(const Endpoint& client, const Endpoint& server);
    EndpointPair(const EndpointPair& o) : EndpointPair(o.client(), o.server()) {}
    EndpointPair& operator=(const EndpointPair& o) {
        if (this != &o) *this = EndpointPair(o);
        return *this;
    }
    EndpointPair(EndpointPair&& o) noexcept { *this = std::move(o); }
    EndpointPair& operator=(EndpointPair&& o) noexcept;
    ~EndpointPair() {
        if (!inline_) delete[] heap_;
    }

    Endpoint client() const { return end(0); }
    Endpoint server() const { return end(1); }
    bool is_client(const Endpoint& e) const;  // e == client(), without building it

private:
    static constexpr size_t kInline = 4;
    Endpoint end(unsigned i) const;

    uint8_t type_ = 0;
    uint8_t length_ = 0;   // of each address, when inline
    uint16_t ports_[2] = {0, 0};
    bool inline_ = true;  // which of the union holds them
    union {
        uint8_t addresses_[2][kInline] = {};  // inline: client's, server's
        Endpoint* heap_;                      // else: client, server
    };
};
static_assert(sizeof(EndpointPair) == 16, "kept by every connection: keep it small");

// A certificate chain a frame carried, shown on every dissection of it.
struct ShownChain {
    Side from;
    const CertificateChain* chain;
};

// Turns a Certificate message's DER entries into facts (x509/ in the plugin).
using ChainReader = std::function<CertificateChain(const std::vector<std::string>& ders)>;

// A connection, kept until the capture file is closed: each byte counts
// (bench/README.md, "Memory per connection").
struct StreamState {
    EndpointPair ends;
    TrackedConnection tracked;
};

// All connections of the capture file being read, and the findings per frame
// so that every later dissection of a frame shows exactly what the first did.
class CaptureState {
public:
    void reset();
    // Without a reader, Certificate messages count as plain handshake messages.
    void set_chain_reader(ChainReader reader) { read_chain_ = std::move(reader); }

    // Applies a frame of TCP stream `stream` sent by `src` to `dst` and returns
    // the new findings, which are also stored for frame `frame`.
    const std::vector<Finding>& apply(uint32_t stream, const Endpoint& src, const Endpoint& dst,
                                      Frame frame, TimeNs time, const FrameFacts& facts,
                                      const Settings& settings);
    bool tracks(uint32_t stream) const { return slot(stream) != 0; }
    StreamState* find(uint32_t stream) {
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
    // TCP numbers its streams 0, 1, 2, ...: a connection is found by its
    // stream number in a vector, with no hash node or bucket per connection.
    uint32_t slot(uint32_t stream) const { return stream < by_stream_.size() ? by_stream_[stream] : 0; }
    std::deque<StreamState> connections_;  // in the order they began; addresses hold
    std::vector<uint32_t> by_stream_;      // stream -> 1 + index into connections_, 0: none
    // Every frame asks whether it has something to show; few have. A bit per
    // frame answers most of them without a hash lookup (which was half of
    // tlsdiag's time on a busy capture, bench/README.md).
    void mark(Frame frame);
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
    Findings scratch_;
};

}  // namespace tlsdiag::plugin
