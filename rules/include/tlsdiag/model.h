// The connection model: what one TCP connection carrying TLS has shown so far,
// built from observations in capture order. Rules read it; they never see
// Wireshark. The plugin (or a unit test) is the only writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlsdiag/certificate.h"

namespace tlsdiag {

using Frame = uint32_t;  // Wireshark frame number, 1-based
using TimeNs = int64_t;  // capture timestamp, nanoseconds since the epoch

// The client is the side that sent the ClientHello (or received the ServerHello
// when the capture starts mid-handshake).
enum class Side : uint8_t { Client, Server };

const char* side_name(Side s);   // "client" / "server"
const char* possessive(Side s);  // "client's" / "server's"

// TLS version codes as on the wire.
namespace version {
constexpr uint16_t SSL3 = 0x0300, TLS10 = 0x0301, TLS11 = 0x0302, TLS12 = 0x0303, TLS13 = 0x0304;
// DTLS counts down from 0xfeff (RFC 6347 §4.1, RFC 9147 §5.3).
constexpr uint16_t DTLS10 = 0xfeff, DTLS12 = 0xfefd, DTLS13 = 0xfefc;
}  // namespace version

// What carried the TLS handshake: TLS over TCP, DTLS over UDP, or QUIC's
// CRYPTO frames (RFC 9001).
enum class Transport : uint8_t { Tcp, Dtls, Quic };
const char* transport_name(Transport t);  // "TCP" / "DTLS" / "QUIC"

// "QUIC v1", "QUIC v2", "QUIC draft-29", "QUIC 0x1a2a3a4a" (RFC 9000 §15:
// the version field on the wire).
std::string quic_version_name(uint32_t version);
// "QUIC v1, QUIC v2"; GREASE versions (0x?a?a?a?a, RFC 9000 §15) left out.
std::string quic_versions_text(const std::vector<uint32_t>& versions);

// A QUIC packet the timeline names that carries no TLS message.
enum class QuicPacket : uint8_t {
    Retry = 1,               // the server asks the client to prove its address
    VersionNegotiation = 2,  // the server speaks none of the client's version
};
// A QUIC CONNECTION_CLOSE read in clear (an Initial packet) that carries no
// TLS alert: a CRYPTO_ERROR (0x0100 + alert) becomes an Alert event instead.
struct QuicClose {
    uint8_t code = 0;          // RFC 9000 §20.1 transport error; 0xff: a code above 0xfe
    bool application = false;  // frame type 0x1d: the application's own code
};
// "PROTOCOL_VIOLATION", "TRANSPORT_PARAMETER_ERROR", ... or "error 0x1f".
std::string quic_error_name(const QuicClose& close);

// Handshake message types (RFC 8446 §4, RFC 5246 §7.4).
namespace hs {
constexpr uint8_t HelloRequest = 0, ClientHello = 1, ServerHello = 2, HelloVerifyRequest = 3,
                  NewSessionTicket = 4, EndOfEarlyData = 5, EncryptedExtensions = 8,
                  Certificate = 11, ServerKeyExchange = 12, CertificateRequest = 13,
                  ServerHelloDone = 14, CertificateVerify = 15, ClientKeyExchange = 16,
                  Finished = 20, CertificateStatus = 22, KeyUpdate = 24;
}  // namespace hs

// Record content types (RFC 8446 §5.1, RFC 5246 §6.2.1, RFC 6520 §3).
namespace content {
constexpr uint8_t ChangeCipherSpec = 20, Alert = 21, Handshake = 22, ApplicationData = 23,
                  Heartbeat = 24;
}  // namespace content

// A hello's 32-byte random, kept as a 64-bit digest: it only serves to
// recognise a retransmitted hello (two hellos of one connection share a digest
// by chance with odds of 2^-64), and a connection is kept until the capture
// is closed. Assigned the random's bytes as the dissector shows them.
class HelloRandom {
public:
    HelloRandom() = default;
    HelloRandom(const char* data, size_t size);
    // Implicit: the readers assign a hello's random bytes directly.
    HelloRandom(const std::string& bytes) : HelloRandom(bytes.data(), bytes.size()) {}
    HelloRandom(const char* text) : HelloRandom(std::string(text)) {}  // tests
    bool empty() const { return digest_ == 0; }                        // no random was seen
    bool operator==(const HelloRandom& o) const { return digest_ == o.digest_; }

private:
    uint64_t digest_ = 0;
};

// An extension that hides the real server name: then server_name, if sent,
// holds only the outer (public) name.
enum class EncryptedName : uint8_t {
    None,
    Ech,   // encrypted_client_hello, 0xfe0d (RFC 9849)
    Esni,  // encrypted_server_name, 0xffce (draft-ietf-tls-esni-00 to -05)
};

const char* encrypted_name_label(EncryptedName e);  // "ECH" / "ESNI" / ""

struct ClientHello {
    uint16_t legacy_version = 0;  // ClientHello.client_version
    bool has_sni = false;         // server_name extension present
    EncryptedName encrypted_name = EncryptedName::None;
    bool sslv2 = false;             // an SSLv2(-compatible) CLIENT-HELLO
    uint16_t sslv2_only_specs = 0;  // its cipher specs that are not TLS suites
    std::string sni;                // first host_name, if any
    std::vector<std::string> alpn;  // offered protocols, in order
    HelloRandom random;             // identifies retransmissions

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
    // The four lists behind one pointer, null until filled and after
    // compact(): a settled connection keeps its hellos without them.
    // Copies copy the lists.
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

// The last eight bytes of a ServerHello's random when they are a downgrade
// sentinel (RFC 8446 §4.1.3): "DOWNGRD" then 01 (the server negotiated TLS
// 1.2) or 00 (TLS 1.1 or below) although it supports TLS 1.3.
enum class DowngradeSentinel : uint8_t { None, Tls12, Tls11OrBelow };

struct ServerHello {
    uint16_t legacy_version = 0;
    uint16_t selected_version = 0;  // supported_versions extension, 0 when absent
    uint16_t cipher_suite = 0;
    uint8_t compression_method = 0;  // 0 null, 1 DEFLATE (RFC 3749)
    bool hello_retry_request = false;
    bool sslv2 = false;            // an SSLv2 SERVER-HELLO: legacy_version 0x0002,
    uint16_t sslv2_specs = 0;      // the cipher specs it lists, cipher_suite 0
    std::string alpn;              // chosen protocol, empty when none
    uint16_t key_share_group = 0;  // TLS 1.3 key_share: the server's group, 0 when absent
    DowngradeSentinel downgrade_sentinel = DowngradeSentinel::None;
    HelloRandom random;

    uint16_t version() const { return selected_version ? selected_version : legacy_version; }
};

// The ephemeral key a TLS 1.0-1.2 ServerKeyExchange carries, as far as its
// size goes: the DH prime's length, or the named curve.
struct ServerKeyExchange {
    uint32_t dh_prime_bits = 0;  // finite-field DHE: bit length of dh_p; 0 otherwise
    uint16_t named_group = 0;    // ECDHE on a named curve: its NamedGroup; 0 otherwise
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
        ClientHello,  // Connection::client_hello()
        ServerHello,  // Connection::server_hello()
        Handshake,    // any other handshake message in clear: handshake_type(); a
                      // Certificate with its chain read: Connection::certificate_chain()
        Alert,        // alert in clear: alert()
        Record,       // a record whose content is not readable here (encrypted
                      // handshake, application data, encrypted alert, CCS)
        Payload,      // TCP payload holding no readable TLS message: payload_kind()
        Fin,
        Rst,
        QuicPacket,  // a Retry or Version Negotiation packet: quic_packet()
        QuicClose,   // a CONNECTION_CLOSE without a TLS alert: quic_close()
    };
    Kind kind = Kind::ClientHello;
    Side from = Side::Client;

private:
    // What the kind adds: Handshake: type and chain index; Alert: level and
    // description; Record: content type and whether it is partial;
    // ClientHello and ServerHello: index; Payload: its PayloadKind.
    uint8_t detail_[2] = {0, kNoIndex};

public:
    Frame frame = 0;
    TimeNs time = 0;  // when the frame was captured

    // Each is what its kind carries, and 0 (no alert) for any other kind.
    uint8_t handshake_type() const { return kind == Kind::Handshake ? detail_[0] : 0; }
    uint8_t content_type() const { return kind == Kind::Record ? detail_[0] : 0; }
    // A record that later segments complete (Kind::Record).
    bool partial_record() const { return kind == Kind::Record && detail_[1] == 1; }
    PayloadKind payload_kind() const {
        return kind == Kind::Payload ? static_cast<PayloadKind>(detail_[0])
                                     : PayloadKind::Unreadable;
    }
    Alert alert() const { return kind == Kind::Alert ? Alert{detail_[0], detail_[1]} : Alert{}; }
    QuicPacket quic_packet() const { return static_cast<QuicPacket>(detail_[0]); }
    QuicClose quic_close() const {
        return kind == Kind::QuicClose ? QuicClose{detail_[0], detail_[1] == 1} : QuicClose{};
    }

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
};

constexpr size_t kEventKinds = static_cast<size_t>(Event::Kind::QuicClose) + 1;
// The bit of an event kind in an EventKinds set (catalog.h).
constexpr uint16_t wakes(Event::Kind k) {
    return static_cast<uint16_t>(1u << static_cast<unsigned>(k));
}

// How TCP carried the client's first flight (its bytes before the server's
// first byte: the ClientHello), as the capture shows it. The reading core
// fills it; a connection built without it (unit tests) has all zero.
struct HelloDelivery {
    uint32_t bytes = 0;            // payload bytes of the flight
    uint32_t acked_bytes = 0;      // of which the server's ACKs covered
    uint16_t segments = 0;         // segments that first carried them
    uint16_t retransmissions = 0;  // segments that carried some of them again
    bool split() const { return segments >= 2; }
    bool acked() const { return bytes && acked_bytes >= bytes; }
};

// The end of the capture, as a connection sees it: the rules that wait for
// an answer judge there what never came (Settings::close_answer_window_s).
struct CaptureEnd {
    TimeNs time = 0;       // the capture's last frame's time
    Frame last_frame = 0;  // the connection's last frame
};

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
    // A CertificateRequest with the CA names it lists (readable text, e.g.
    // "CN=Example CA,O=Example"; none when it lists none).
    const Event* add_certificate_request(Frame f, TimeNs t, Side from,
                                         std::vector<std::string> authorities);
    // A ServerKeyExchange whose ephemeral key was read.
    const Event* add_server_key_exchange(Frame f, TimeNs t, ServerKeyExchange ske);
    const Event* add_alert(Frame f, TimeNs t, Side from, Alert a);
    const Event* add_record(Frame f, TimeNs t, Side from, uint8_t content_type,
                            bool partial = false);
    const Event* add_payload(Frame f, TimeNs t, Side from,
                             PayloadKind kind = PayloadKind::Unreadable);
    const Event* add_tcp_close(Frame f, TimeNs t, Side from, bool rst);
    // A Retry, or a Version Negotiation packet listing `versions`.
    const Event* add_quic_packet(Frame f, TimeNs t, Side from, QuicPacket type,
                                 std::vector<uint32_t> versions = {});
    const Event* add_quic_close(Frame f, TimeNs t, Side from, QuicClose close);

    // The client's first flight as TCP carried it (HelloDelivery).
    void set_hello_delivery(const HelloDelivery& d) { delivery_ = d; }
    const HelloDelivery& hello_delivery() const { return delivery_; }
    // TCP unless the reading core said DTLS or QUIC, before the first event.
    void set_transport(Transport t) { transport_ = t; }
    Transport transport() const { return transport_; }
    // QUIC: the version of the client's first Initial (quic_version_name()).
    void set_quic_version(uint32_t v) { quic_version_ = v; }
    uint32_t quic_version() const { return quic_version_; }
    // The versions the last Version Negotiation packet listed, none before one.
    const std::vector<uint32_t>& negotiation_versions() const;
    // The version of the QUIC connection the client opened to the same
    // server after this one's Version Negotiation (clients start again from
    // a new port), 0 when none: only the capture's other connections tell.
    void set_version_retried(uint32_t v) { version_retried_ = v; }
    uint32_t version_retried() const { return version_retried_; }

    const std::vector<Event>& events() const { return events_; }
    // When the event's frame was captured.
    TimeNs time_of(const Event& e) const { return e.time; }
    // The time from one event to another (negative when `to` came earlier),
    // held at int64's bounds: a mutated capture's timestamps may be anything.
    static TimeNs elapsed(const Event& from, const Event& to);
    const std::vector<ClientHello>& client_hellos() const { return client_hellos_; }
    const std::vector<ServerHello>& server_hellos() const { return server_hellos_; }

    // The ClientHello of an event of kind ClientHello (same for ServerHello).
    const ClientHello& client_hello(const Event& e) const { return client_hellos_[e.index()]; }
    const ServerHello& server_hello(const Event& e) const { return server_hellos_[e.index()]; }
    // The chain a Certificate event carries; null for any other event, and for
    // a Certificate whose content was not readable.
    const CertificateChain* certificate_chain(const Event& e) const;
    const std::vector<CertificateChain>& certificate_chains() const { return chains_; }
    // The CA names of the last CertificateRequest read (empty: none listed).
    const std::vector<std::string>& requested_authorities() const;
    // What a ServerKeyExchange event carries; null for any other event, and
    // for a ServerKeyExchange whose key was not read.
    const ServerKeyExchange* server_key_exchange(const Event& e) const;

    // The ServerHello that settled the handshake (not a HelloRetryRequest).
    const ServerHello* negotiated() const;
    const Event* negotiated_event() const;
    // The last ClientHello and its event, if any.
    const Event* last_client_hello_event() const;
    const ClientHello* last_client_hello() const;
    // Last handshake message (in clear) seen before events_[before], any side.
    const Event* last_handshake_before(size_t before) const;
    // The last event `from` sent, if any.
    const Event* last_from(Side from) const;

    // A run: records of one content type, or payload of one PayloadKind,
    // that a side sends one after another. The connection keeps only a
    // run's first event: a record or payload event whose run_of() equals
    // run_from() of its side adds nothing (StreamReading skips such frames
    // by the same test). kNoRun for every other kind of event.
    using Run = uint16_t;
    static constexpr Run kNoRun = 0;
    static Run run_of(Event::Kind kind, uint8_t detail);
    // The run that the last event `from` sent began; kNoRun when it begins none.
    Run run_from(Side from) const;

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
    std::vector<Event> events_;
    std::vector<ClientHello> client_hellos_;
    std::vector<ServerHello> server_hellos_;
    std::vector<CertificateChain> chains_;
    // Few connections have a CertificateRequest: a pointer costs the others 16 bytes.
    std::shared_ptr<const std::vector<std::string>> authorities_;
    std::vector<ServerKeyExchange> key_exchanges_;
    // Few connections see a Version Negotiation packet.
    std::shared_ptr<const std::vector<uint32_t>> negotiation_versions_;
    HelloDelivery delivery_;
    uint32_t quic_version_ = 0;
    uint32_t version_retried_ = 0;
    bool closed_[2] = {false, false};  // FIN or RST already seen from a side
    bool compacted_ = false;
    Transport transport_ = Transport::Tcp;
};

// The SNI host name, "" when the ClientHello had none.
inline std::string sni_of(const ClientHello& ch) {
    return ch.has_sni ? ch.sni : "";
}

bool is_grease(uint16_t v);  // RFC 8701 reserved values 0x?A?A
// Orders versions by age, TLS 1.3 drafts between TLS 1.2 and TLS 1.3, each
// DTLS version with the TLS version it is based on (DTLS 1.0 with TLS 1.1).
uint32_t version_rank(uint16_t v);
// TLS 1.3 or DTLS 1.3 (not a draft).
inline bool is_tls13(uint16_t v) {
    return v == version::TLS13 || v == version::DTLS13;
}

}  // namespace tlsdiag
