#include "tlsdiag/model.h"

#include <algorithm>
#include <cstdio>

namespace tlsdiag {

namespace {
// A connection's story ends with its handshake; application data after that is
// not kept, so that a long download costs no memory (see Connection::push).
// Event's one-byte indexes rely on this bound (see Event::kNoIndex).
constexpr size_t kMaxEvents = 256;

bool is_scsv(uint16_t suite) {
    return suite == 0x00FF || suite == 0x5600;
}

// a - b, held at int64's bounds.
TimeNs saturated_sub(TimeNs a, TimeNs b) {
    TimeNs out;
    if (!__builtin_sub_overflow(a, b, &out)) return out;
    return b < 0 ? INT64_MAX : INT64_MIN;
}
}  // namespace

Event Connection::make_event(Event::Kind kind, Side from, Frame f, TimeNs t, uint8_t detail0,
                             uint8_t detail1) {
    Event e;
    e.kind = kind;
    e.from = from;
    e.detail_[0] = detail0;
    e.detail_[1] = detail1;
    e.frame = f;
    e.time = t;
    return e;
}

TimeNs Connection::elapsed(const Event& from, const Event& to) {
    return saturated_sub(to.time, from.time);
}

const char* side_name(Side s) {
    return s == Side::Client ? "client" : "server";
}
const char* possessive(Side s) {
    return s == Side::Client ? "client's" : "server's";
}

const char* encrypted_name_label(EncryptedName e) {
    switch (e) {
    case EncryptedName::Ech: return "ECH";
    case EncryptedName::Esni: return "ESNI";
    case EncryptedName::None: break;
    }
    return "";
}

bool is_grease(uint16_t v) {
    return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
}

uint32_t version_rank(uint16_t v) {
    // TLS 1.3 drafts (0x7fNN) and experiments (0x7eNN) sit between 1.2 and 1.3.
    const uint16_t major = v >> 8;
    if (major == 0x7f || major == 0x7e) return (uint32_t{version::TLS13} << 8) - 0x100 + (v & 0xff);
    switch (v) {
    case version::DTLS10: return uint32_t{version::TLS11} << 8;
    case version::DTLS12: return uint32_t{version::TLS12} << 8;
    case version::DTLS13: return uint32_t{version::TLS13} << 8;
    default: return uint32_t{v} << 8;
    }
}

const char* transport_name(Transport t) {
    switch (t) {
    case Transport::Dtls: return "DTLS";
    case Transport::Quic: return "QUIC";
    case Transport::Tcp: break;
    }
    return "TCP";
}

std::string quic_version_name(uint32_t version) {
    if (version == 0x00000001) return "QUIC v1";
    if (version == 0x6b3343cf) return "QUIC v2";
    if ((version >> 8) == 0xff0000) return "QUIC draft-" + std::to_string(version & 0xff);
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", version);
    return std::string("QUIC ") + hex;
}

std::string quic_versions_text(const std::vector<uint32_t>& versions) {
    std::string out;
    for (uint32_t v : versions) {
        if ((v & 0x0f0f0f0f) == 0x0a0a0a0a) continue;
        if (!out.empty()) out += ", ";
        out += quic_version_name(v);
    }
    return out.empty() ? "no version" : out;
}

std::string quic_error_name(const QuicClose& close) {
    // RFC 9000 §20.1, and RFC 9368 §10.2.1 for 0x11.
    static const char* const kNames[] = {
        "NO_ERROR",
        "INTERNAL_ERROR",
        "CONNECTION_REFUSED",
        "FLOW_CONTROL_ERROR",
        "STREAM_LIMIT_ERROR",
        "STREAM_STATE_ERROR",
        "FINAL_SIZE_ERROR",
        "FRAME_ENCODING_ERROR",
        "TRANSPORT_PARAMETER_ERROR",
        "CONNECTION_ID_LIMIT_ERROR",
        "PROTOCOL_VIOLATION",
        "INVALID_TOKEN",
        "APPLICATION_ERROR",
        "CRYPTO_BUFFER_EXCEEDED",
        "KEY_UPDATE_ERROR",
        "AEAD_LIMIT_REACHED",
        "NO_VIABLE_PATH",
        "VERSION_NEGOTIATION_ERROR",
    };
    if (close.application) return "application error " + std::to_string(close.code);
    if (close.code < sizeof kNames / sizeof kNames[0]) return kNames[close.code];
    if (close.code == 0xff) return "an error code above 0xfe";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", close.code);
    return std::string("error ") + hex;
}

const std::vector<uint16_t>& ClientHello::supported_versions() const {
    static const std::vector<uint16_t> none;
    const Offered::Lists* l = offered_.find();
    return l ? l->supported_versions : none;
}

const std::vector<uint16_t>& ClientHello::cipher_suites() const {
    static const std::vector<uint16_t> none;
    const Offered::Lists* l = offered_.find();
    return l ? l->cipher_suites : none;
}

const std::vector<uint16_t>& ClientHello::supported_groups() const {
    static const std::vector<uint16_t> none;
    const Offered::Lists* l = offered_.find();
    return l ? l->supported_groups : none;
}

const std::vector<uint16_t>& ClientHello::key_share_groups() const {
    static const std::vector<uint16_t> none;
    const Offered::Lists* l = offered_.find();
    return l ? l->key_share_groups : none;
}

uint16_t ClientHello::max_version() const {
    if (kept_.valid) return kept_.max_version;
    std::optional<uint16_t> best;
    for (uint16_t v : supported_versions())
        if (!is_grease(v) && (!best || version_rank(v) > version_rank(*best))) best = v;
    return best ? *best : legacy_version;
}

std::optional<uint16_t> ClientHello::min_version() const {
    if (kept_.valid) return kept_.has_min_version ? std::optional(kept_.min_version) : std::nullopt;
    std::optional<uint16_t> low;
    for (uint16_t v : supported_versions())
        if (!is_grease(v) && (!low || version_rank(v) < version_rank(*low))) low = v;
    return low;
}

HelloRandom::HelloRandom(const char* data, size_t size) {
    if (size == 0) return;
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (size_t i = 0; i < size; ++i)
        h = (h ^ static_cast<unsigned char>(data[i])) * 0x100000001b3ull;
    digest_ = h ? h : 1;  // 0 stands for "no random"
}

size_t ClientHello::real_suite_count() const {
    if (kept_.valid) return kept_.real_suites;
    const std::vector<uint16_t>& suites = cipher_suites();
    return std::count_if(suites.begin(), suites.end(),
                         [](uint16_t s) { return !is_grease(s) && !is_scsv(s); });
}

void ClientHello::compact() {
    if (kept_.valid) return;
    Kept kept;
    // A list holds at most 32,767 suites (RFC 8446 §4.1.2).
    kept.real_suites = static_cast<uint16_t>(real_suite_count());
    kept.max_version = max_version();
    const std::optional<uint16_t> low = min_version();
    kept.has_min_version = low.has_value();
    kept.min_version = low.value_or(0);
    kept.valid = true;
    kept_ = kept;
    offered_.clear();
}

const Event* Connection::push(Event e) {
    const Run run = run_of(e.kind, e.detail_[0]);
    if (run != kNoRun) {
        if (run == run_from(e.from)) return nullptr;
        if (events_.size() >= kMaxEvents) return nullptr;
    } else if (events_.size() >= kMaxEvents && !e.is_tcp_close() && e.kind != Event::Kind::Alert) {
        return nullptr;
    }
    events_.push_back(e);
    return &events_.back();
}

const Event* Connection::last_from(Side from) const {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it)
        if (it->from == from) return &*it;
    return nullptr;
}

Connection::Run Connection::run_of(Event::Kind kind, uint8_t detail) {
    if (kind != Event::Kind::Record && kind != Event::Kind::Payload) return kNoRun;
    return static_cast<Run>((static_cast<unsigned>(kind) + 1) << 8 | detail);
}

Connection::Run Connection::run_from(Side from) const {
    const Event* last = last_from(from);
    return last ? run_of(last->kind, last->detail_[0]) : kNoRun;
}

const Event* Connection::add_client_hello(Frame f, TimeNs t, ClientHello ch) {
    // The ClientHello answering a HelloRetryRequest repeats the first one's
    // random (RFC 8446 §4.1.2), and so may the one a QUIC client sends again
    // after a Retry or in another version: a new hello, not a retransmission.
    bool retry_requested = false;
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
        if (it->kind == Event::Kind::ClientHello) break;
        if ((it->kind == Event::Kind::ServerHello && server_hello(*it).hello_retry_request) ||
            it->kind == Event::Kind::QuicPacket)
            retry_requested = true;
    }
    for (const auto& old : client_hellos_)
        if (!retry_requested && !ch.random.empty() && old.random == ch.random)
            return nullptr;  // retransmission
    // Stored only with its event, as chains are: see Event::kNoIndex.
    const Event* added = push(make_event(Event::Kind::ClientHello, Side::Client, f, t, 0,
                                         static_cast<uint8_t>(client_hellos_.size())));
    if (added) client_hellos_.push_back(std::move(ch));
    return added;
}

const Event* Connection::add_server_hello(Frame f, TimeNs t, ServerHello sh) {
    for (const auto& old : server_hellos_)
        if (!sh.random.empty() && old.random == sh.random) return nullptr;
    const Event* added = push(make_event(Event::Kind::ServerHello, Side::Server, f, t, 0,
                                         static_cast<uint8_t>(server_hellos_.size())));
    if (added) server_hellos_.push_back(std::move(sh));
    return added;
}

const Event* Connection::add_handshake(Frame f, TimeNs t, Side from, uint8_t type) {
    return push(make_event(Event::Kind::Handshake, from, f, t, type));
}

const Event* Connection::add_certificate(Frame f, TimeNs t, Side from, CertificateChain chain) {
    const Event* added = push(make_event(Event::Kind::Handshake, from, f, t, hs::Certificate,
                                         static_cast<uint8_t>(chains_.size())));
    if (added) chains_.push_back(std::move(chain));
    return added;
}

const Event* Connection::add_certificate_request(Frame f, TimeNs t, Side from,
                                                 std::vector<std::string> authorities) {
    const Event* added = add_handshake(f, t, from, hs::CertificateRequest);
    if (added)
        authorities_ = std::make_shared<const std::vector<std::string>>(std::move(authorities));
    return added;
}

const std::vector<std::string>& Connection::requested_authorities() const {
    static const std::vector<std::string> none;
    return authorities_ ? *authorities_ : none;
}

const CertificateChain* Connection::certificate_chain(const Event& e) const {
    if (e.handshake_type() != hs::Certificate) return nullptr;
    return e.index() < chains_.size() ? &chains_[e.index()] : nullptr;
}

const Event* Connection::add_server_key_exchange(Frame f, TimeNs t, ServerKeyExchange ske) {
    // Indexed as chains are (Event::kNoIndex).
    const Event* added =
        push(make_event(Event::Kind::Handshake, Side::Server, f, t, hs::ServerKeyExchange,
                        static_cast<uint8_t>(key_exchanges_.size())));
    if (added) key_exchanges_.push_back(ske);
    return added;
}

const ServerKeyExchange* Connection::server_key_exchange(const Event& e) const {
    if (e.handshake_type() != hs::ServerKeyExchange || e.from != Side::Server) return nullptr;
    return e.index() < key_exchanges_.size() ? &key_exchanges_[e.index()] : nullptr;
}

const Event* Connection::add_alert(Frame f, TimeNs t, Side from, Alert a) {
    return push(make_event(Event::Kind::Alert, from, f, t, a.level, a.description));
}

const Event* Connection::add_record(Frame f, TimeNs t, Side from, uint8_t content_type,
                                    bool partial) {
    return push(
        make_event(Event::Kind::Record, from, f, t, content_type, partial ? 1 : Event::kNoIndex));
}

const Event* Connection::add_payload(Frame f, TimeNs t, Side from, PayloadKind kind) {
    return push(make_event(Event::Kind::Payload, from, f, t, static_cast<uint8_t>(kind)));
}

const Event* Connection::add_tcp_close(Frame f, TimeNs t, Side from, bool rst) {
    bool& closed = closed_[from == Side::Client ? 0 : 1];
    if (closed && !rst) return nullptr;  // a retransmitted FIN
    closed = true;
    return push(make_event(rst ? Event::Kind::Rst : Event::Kind::Fin, from, f, t));
}

const Event* Connection::add_quic_packet(Frame f, TimeNs t, Side from, QuicPacket type,
                                         std::vector<uint32_t> versions) {
    const Event* added =
        push(make_event(Event::Kind::QuicPacket, from, f, t, static_cast<uint8_t>(type)));
    if (added && type == QuicPacket::VersionNegotiation)
        negotiation_versions_ = std::make_shared<const std::vector<uint32_t>>(std::move(versions));
    return added;
}

const std::vector<uint32_t>& Connection::negotiation_versions() const {
    static const std::vector<uint32_t> none;
    return negotiation_versions_ ? *negotiation_versions_ : none;
}

const Event* Connection::add_quic_close(Frame f, TimeNs t, Side from, QuicClose close) {
    return push(
        make_event(Event::Kind::QuicClose, from, f, t, close.code, close.application ? 1 : 0));
}

const Event* Connection::negotiated_event() const {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it)
        if (it->kind == Event::Kind::ServerHello && !server_hello(*it).hello_retry_request)
            return &*it;
    return nullptr;
}

const ServerHello* Connection::negotiated() const {
    const Event* e = negotiated_event();
    return e ? &server_hello(*e) : nullptr;
}

const Event* Connection::last_client_hello_event() const {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it)
        if (it->kind == Event::Kind::ClientHello) return &*it;
    return nullptr;
}

const ClientHello* Connection::last_client_hello() const {
    const Event* e = last_client_hello_event();
    return e ? &client_hello(*e) : nullptr;
}

const Event* Connection::last_handshake_before(size_t before) const {
    for (size_t i = std::min(before, events_.size()); i-- > 0;) {
        const Event& e = events_[i];
        if (e.kind == Event::Kind::ClientHello || e.kind == Event::Kind::ServerHello ||
            e.kind == Event::Kind::Handshake)
            return &e;
    }
    return nullptr;
}

bool Connection::settled() const {
    if (closed_[0] || closed_[1]) return true;
    const Event* hello = negotiated_event();
    if (!hello) return false;
    bool records[2] = {false, false};
    for (const Event* e = hello + 1; e != events_.data() + events_.size(); ++e)
        if (e->kind == Event::Kind::Record) records[e->from == Side::Client ? 0 : 1] = true;
    return records[0] && records[1];
}

void Connection::compact() {
    events_.shrink_to_fit();
    client_hellos_.shrink_to_fit();
    server_hellos_.shrink_to_fit();
    chains_.shrink_to_fit();
    key_exchanges_.shrink_to_fit();
    for (ClientHello& ch : client_hellos_) ch.compact();
    compacted_ = true;
}

}  // namespace tlsdiag
