// The connection model: what one TCP connection carrying TLS has shown so far,
// built from observations in capture order. Rules read it; they never see
// Wireshark. The plugin (or a unit test) is the only writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlsdiag/certificate.h"
#include "tlsdiag/compact_string.h"
#include "tlsdiag/thin_vector.h"

namespace tlsdiag {

using Frame = uint32_t;   // Wireshark frame number, 1-based
using TimeNs = int64_t;   // capture timestamp, nanoseconds since the epoch

// The client is the side that sent the ClientHello (or received the ServerHello
// when the capture starts mid-handshake).
enum class Side : uint8_t { Client, Server };

const char* side_name(Side s);        // "client" / "server"
const char* possessive(Side s);       // "client's" / "server's"

// TLS version codes as on the wire.
namespace version {
constexpr uint16_t SSL3 = 0x0300, TLS10 = 0x0301, TLS11 = 0x0302,
                   TLS12 = 0x0303, TLS13 = 0x0304;
}  // namespace version

// Handshake message types (RFC 8446 §4, RFC 5246 §7.4).
namespace hs {
constexpr uint8_t HelloRequest = 0, ClientHello = 1, ServerHello = 2,
                  NewSessionTicket = 4, EndOfEarlyData = 5,
                  EncryptedExtensions = 8, Certificate = 11,
                  ServerKeyExchange = 12, CertificateRequest = 13,
                  ServerHelloDone = 14, CertificateVerify = 15,
                  ClientKeyExchange = 16, Finished = 20,
                  CertificateStatus = 22, KeyUpdate = 24;
}  // namespace hs

// A hello's 32-byte random, kept as a 64-bit digest: it only serves to
// recognise a retransmitted hello (two hellos of one connection share a digest
// by chance with odds of 2^-64), and a connection is kept until the capture
// is closed. Assigned the random's bytes as the dissector shows them.
class HelloRandom {
public:
    HelloRandom() = default;
    HelloRandom(const char* data, size_t size);
    // Implicit, so that `hello.random = bytes;` reads as before.
    HelloRandom(const std::string& bytes) : HelloRandom(bytes.data(), bytes.size()) {}
    HelloRandom(const char* text) : HelloRandom(std::string(text)) {}  // tests
    bool empty() const { return digest_ == 0; }  // no random was seen
    bool operator==(const HelloRandom& o) const { return digest_ == o.digest_; }

private:
    uint64_t digest_ = 0;
};

// The ALPN protocols a ClientHello offers, in order, packed into one string,
// each after its length (one byte below 128 characters). A hello is kept
// until the capture is closed: a typical list ("h2", "http/1.1": 12 bytes)
// stays in the 16-byte string's inline buffer, where a vector of strings took
// a heap block for the list, and one more per protocol from 16 characters on.
class AlpnList {
public:
    class const_iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string_view*;
        using reference = std::string_view;

        explicit const_iterator(const char* at) : at_(at) {}
        std::string_view operator*() const;
        const_iterator& operator++();
        bool operator==(const const_iterator& o) const { return at_ == o.at_; }
        bool operator!=(const const_iterator& o) const { return at_ != o.at_; }

    private:
        const char* at_;  // a protocol's length
    };
    using iterator = const_iterator;

    AlpnList() = default;
    AlpnList(std::initializer_list<std::string_view> protocols);
    void push_back(std::string_view protocol);
    void emplace_back(std::string_view protocol) { push_back(protocol); }
    bool empty() const { return packed_.empty(); }
    size_t size() const;
    const_iterator begin() const { return const_iterator(packed_.data()); }
    const_iterator end() const { return const_iterator(packed_.data() + packed_.size()); }
    bool operator==(const std::vector<std::string>& protocols) const;
    void shrink_to_fit() { packed_.shrink_to_fit(); }

private:
    CompactString packed_;
};

struct ClientHello {
    uint16_t legacy_version = 0;              // ClientHello.client_version
    bool has_sni = false;                     // server_name extension present
    bool sslv2 = false;                       // an SSLv2(-compatible) CLIENT-HELLO
    uint16_t sslv2_only_specs = 0;            // its cipher specs that are not TLS suites
    CompactString sni;                        // first host_name, if any
    AlpnList alpn;                            // offered protocols, in order
    HelloRandom random;                       // identifies retransmissions

    // As sent, GREASE included: the supported_versions extension and the
    // cipher suites. Only the handshake reads these two lists directly, so
    // they live out of line and compact() frees them, keeping what the
    // methods below say of them. The non-const forms fill them.
    std::vector<uint16_t>& supported_versions() { return offered_.lists().supported_versions; }
    std::vector<uint16_t>& cipher_suites() { return offered_.lists().cipher_suites; }
    const std::vector<uint16_t>& supported_versions() const;
    const std::vector<uint16_t>& cipher_suites() const;
    // The supported_groups extension, and the group of each key_share entry.
    std::vector<uint16_t>& supported_groups() { return offered_.lists().supported_groups; }
    std::vector<uint16_t>& key_share_groups() { return offered_.lists().key_share_groups; }
    const std::vector<uint16_t>& supported_groups() const;
    const std::vector<uint16_t>& key_share_groups() const;

    // Highest and lowest versions offered, GREASE ignored. Without the
    // supported_versions extension the client offers up to legacy_version.
    uint16_t max_version() const;
    std::optional<uint16_t> min_version() const;  // unknown without the extension
    size_t real_suite_count() const;              // GREASE and SCSVs not counted
    // Drops both lists, keeping what the three methods above return: a
    // settled connection needs no more (Connection::compact()).
    void compact();

private:
    // The two lists behind one pointer (8 bytes in every hello instead of
    // 48), null until filled and after compact(). Copies copy the lists.
    class Offered {
    public:
        struct Lists {
            std::vector<uint16_t> supported_versions, cipher_suites, supported_groups,
                key_share_groups;
        };
        Offered() = default;
        Offered(const Offered& o) { *this = o; }
        Offered(Offered&&) noexcept = default;
        Offered& operator=(const Offered& o) {
            lists_ = o.lists_ ? std::make_unique<Lists>(*o.lists_) : nullptr;
            return *this;
        }
        Offered& operator=(Offered&&) noexcept = default;
        ~Offered() = default;

        Lists& lists() {
            if (!lists_) lists_ = std::make_unique<Lists>();
            return *lists_;
        }
        const Lists* find() const { return lists_.get(); }
        void clear() { lists_.reset(); }

    private:
        std::unique_ptr<Lists> lists_;
    };
    struct Kept {
        uint16_t real_suites = 0, max_version = 0, min_version = 0;
        bool has_min_version = false;
        bool valid = false;  // compact() ran
    };
    Offered offered_;
    Kept kept_;
};

struct ServerHello {
    uint16_t legacy_version = 0;
    uint16_t selected_version = 0;  // supported_versions extension, 0 when absent
    uint16_t cipher_suite = 0;
    bool hello_retry_request = false;
    bool sslv2 = false;             // an SSLv2 SERVER-HELLO: legacy_version 0x0002,
    uint16_t sslv2_specs = 0;       // the cipher specs it lists, cipher_suite 0
    CompactString alpn;             // chosen protocol, empty when none
    HelloRandom random;

    uint16_t version() const { return selected_version ? selected_version : legacy_version; }
};

struct Alert {
    uint8_t level = 0;        // 1 warning, 2 fatal
    uint8_t description = 0;  // RFC 8446 §6 AlertDescription
    bool fatal() const { return level == 2; }
};

// What a Payload event stands for: bytes of a TLS stream that hold no
// readable TLS message, and why.
enum class PayloadKind : uint8_t {
    Unreadable,  // not readable as TLS (after bytes went missing)
    Missing,     // bytes the capture lacks
    NotTls,      // bytes that break TLS framing: the side is not read further
    Held,        // bytes that came before the side's close, after bytes the capture lacks
};

// One thing that happened on the connection, in capture order.
class Event {
public:
    enum class Kind : uint8_t {
        ClientHello,   // Connection::client_hello()
        ServerHello,   // Connection::server_hello()
        Handshake,     // any other handshake message in clear: handshake_type(); a
                       // Certificate with its chain read: Connection::certificate_chain()
        Alert,         // alert in clear: alert()
        Record,        // a record whose content is not readable here (encrypted
                       // handshake, application data, encrypted alert, CCS)
        Payload,       // TCP payload holding no readable TLS message: payload_kind()
        Fin,
        Rst,
    };
    Kind kind : 3;
    Side from : 1;

private:
    // 12 bytes in all, as every connection keeps its events: the top 4 of
    // the time's 44 bits (see offset()) share the byte of kind and from.
    uint8_t time_top_ : 4;
    // What the kind adds, in two bytes: Handshake: type and chain index;
    // Alert: level and description; Record: content type; ClientHello and
    // ServerHello: index. Never two of these at once.
    uint8_t detail_[2] = {0, kNoIndex};
    uint8_t time_mid_ = 0;

public:
    Frame frame = 0;

private:
    uint32_t time_low_ = 0;

public:
    Event() : kind(Kind::ClientHello), from(Side::Client), time_top_(0) {}

    // Each is what its kind carries, and 0 (no alert) for any other kind.
    uint8_t handshake_type() const { return kind == Kind::Handshake ? detail_[0] : 0; }
    uint8_t content_type() const { return kind == Kind::Record ? detail_[0] : 0; }
    // A record that later segments complete (Kind::Record).
    bool partial_record() const { return kind == Kind::Record && detail_[1] == 1; }
    PayloadKind payload_kind() const {
        return kind == Kind::Payload ? static_cast<PayloadKind>(detail_[0]) : PayloadKind::Unreadable;
    }
    Alert alert() const { return kind == Kind::Alert ? Alert{detail_[0], detail_[1]} : Alert{}; }

    bool is_tcp_close() const { return kind == Kind::Fin || kind == Kind::Rst; }

private:
    friend class Connection;
    // An index into the connection's hellos or chains. A connection keeps at
    // most 256 events (kMaxEvents in model.cpp) and stores a hello or chain
    // only with its event, so a hello's index is at most 255, and a chain
    // index of 255 (kNoIndex) is the 256th event: no unread Certificate can
    // come after it to be mistaken for it.
    static constexpr uint8_t kNoIndex = 255;
    uint8_t index() const { return detail_[1]; }

    // The time as an offset from the connection's first event (Connection::
    // time_of) in 44 bits: 43 signed bits of nanoseconds, exact within 73
    // minutes; beyond, of microseconds (the finest any output shows) within
    // 50 days; beyond that, held at the bound.
    static constexpr unsigned kTimeBits = 44;
    static constexpr TimeNs kOffsetLimit = (TimeNs{1} << (kTimeBits - 2)) - 1;  // 43 signed bits
    static constexpr uint64_t kMicroseconds = uint64_t{1} << (kTimeBits - 1);   // the unit bit
    void set_offset(TimeNs offset);
    TimeNs offset() const;
};
static_assert(sizeof(Event) == 12, "every connection keeps its events: keep them small");

constexpr size_t kEventKinds = static_cast<size_t>(Event::Kind::Rst) + 1;
static_assert(kEventKinds <= 8, "Event::kind has 3 bits");
// The bit of an event kind in an EventKinds set (catalog.h).
constexpr uint16_t wakes(Event::Kind k) { return static_cast<uint16_t>(1u << static_cast<unsigned>(k)); }

class Connection {
public:
    // Each add_* returns the event it appended, or nullptr when the observation
    // adds nothing new (a retransmitted hello, a second FIN from the same side).
    const Event* add_client_hello(Frame f, TimeNs t, ClientHello ch);
    const Event* add_server_hello(Frame f, TimeNs t, ServerHello sh);
    const Event* add_handshake(Frame f, TimeNs t, Side from, uint8_t type);
    // A Certificate message whose certificates were read (TLS 1.2 in clear, or
    // TLS 1.3 decrypted with a key log).
    const Event* add_certificate(Frame f, TimeNs t, Side from, CertificateChain chain);
    const Event* add_alert(Frame f, TimeNs t, Side from, Alert a);
    const Event* add_record(Frame f, TimeNs t, Side from, uint8_t content_type, bool partial = false);
    const Event* add_payload(Frame f, TimeNs t, Side from, PayloadKind kind = PayloadKind::Unreadable);
    const Event* add_tcp_close(Frame f, TimeNs t, Side from, bool rst);

    const ThinVector<Event>& events() const { return events_; }
    // When the event's frame was captured (events keep it as an offset).
    TimeNs time_of(const Event& e) const;
    // The time from one event to another (negative when `to` came earlier).
    static TimeNs elapsed(const Event& from, const Event& to) { return to.offset() - from.offset(); }
    const ThinVector<ClientHello>& client_hellos() const { return client_hellos_; }
    const ThinVector<ServerHello>& server_hellos() const { return server_hellos_; }

    // The ClientHello of an event of kind ClientHello (same for ServerHello).
    const ClientHello& client_hello(const Event& e) const { return client_hellos_[e.index()]; }
    const ServerHello& server_hello(const Event& e) const { return server_hellos_[e.index()]; }
    // The chain a Certificate event carries; null for any other event, and for
    // a Certificate whose content was not readable.
    const CertificateChain* certificate_chain(const Event& e) const;
    const ThinVector<CertificateChain>& certificate_chains() const { return chains_; }

    // The ServerHello that settled the handshake (not a HelloRetryRequest).
    const ServerHello* negotiated() const;
    const Event* negotiated_event() const;
    // The last ClientHello and its event, if any.
    const Event* last_client_hello_event() const;
    const ClientHello* last_client_hello() const;
    // Last handshake message (in clear) seen before events_[before], any side.
    const Event* last_handshake_before(size_t before) const;
    // The last event `from` sent, if any. A record or payload event like it
    // from the same side continues its run and adds nothing.
    const Event* last_from(Side from) const;

    // True once little more can happen: the connection was closed or reset,
    // or both sides sent encrypted records after the negotiating ServerHello.
    bool settled() const;
    // Drops what only the handshake needs (a connection is kept until the
    // capture is closed): the spare capacity of every list and the offered
    // cipher suites (ClientHello::compact()). Every finding and report line
    // comes out the same after it.
    void compact();
    bool compacted() const { return compacted_; }  // compact() ran

private:
    Event make_event(Event::Kind kind, Side from, Frame f, TimeNs t, uint8_t detail0 = 0,
                     uint8_t detail1 = Event::kNoIndex);
    const Event* push(Event e);
    ThinVector<Event> events_;
    ThinVector<ClientHello> client_hellos_;
    ThinVector<ServerHello> server_hellos_;
    ThinVector<CertificateChain> chains_;
    TimeNs base_ = 0;  // the first event's time, which the others' offsets count from
    bool closed_[2] = {false, false};  // FIN or RST already seen from a side
    bool compacted_ = false;
};

// The SNI host name, "" when the ClientHello had none.
inline std::string sni_of(const ClientHello& ch) { return ch.has_sni ? ch.sni.str() : ""; }

bool is_grease(uint16_t v);  // RFC 8701 reserved values 0x?A?A
// Orders versions by age, TLS 1.3 drafts between TLS 1.2 and TLS 1.3.
uint32_t version_rank(uint16_t v);

}  // namespace tlsdiag
