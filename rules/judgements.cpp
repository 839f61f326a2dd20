#include "tlsdiag/judgements.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {
// Where `e` stands in `events`; events.size() for an event not stored there
// (a check handed a copy), which then counts as the newest.
template <typename Events>
size_t position(const Events& events, const Event& e) {
    const std::less<const Event*> before;
    const Event* first = events.data();
    if (!before(&e, first) && before(&e, first + events.size()))
        return static_cast<size_t>(&e - first);
    return events.size();
}
}  // namespace

const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings) {
    if (!close.is_tcp_close() || close.from != Side::Server) return nullptr;
    const auto& events = conn.events();
    const Event* hello = nullptr;
    // Walk back from the close to the last ClientHello: any server message in
    // between is an answer, and a client close means the client gave up first.
    for (size_t i = position(events, close); i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::ClientHello) {
            hello = &e;
            break;
        }
        if (e.from == Side::Server) return nullptr;
        if (e.is_tcp_close()) return nullptr;
    }
    if (!hello) return nullptr;
    const TimeNs elapsed = Connection::elapsed(*hello, close);
    if (elapsed > static_cast<TimeNs>(settings.close_answer_window_s * 1e9)) return nullptr;
    return hello;
}

namespace {
// The last ClientHello before events[end], when nothing from the server and
// no close from the client came after it; nullptr otherwise.
const Event* hello_without_answer(const std::vector<Event>& events, size_t end) {
    for (size_t i = end; i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::ClientHello) return &e;
        if (e.from == Side::Server || e.is_tcp_close()) return nullptr;
    }
    return nullptr;
}

TimeNs seconds(double s) {
    return static_cast<TimeNs>(s * 1e9);
}
}  // namespace

const Event* client_hello_unanswered_at_close(const Connection& conn, const Event& close) {
    if (!close.is_tcp_close() || close.from != Side::Client) return nullptr;
    const Event* hello = hello_without_answer(conn.events(), position(conn.events(), close));
    if (!hello || Connection::elapsed(*hello, close) < seconds(kClientGaveUpAfterS)) return nullptr;
    return hello;
}

const Event* client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                            const Settings& settings) {
    const Event* hello = hello_without_answer(conn.events(), conn.events().size());
    if (!hello || end.time - hello->time < seconds(settings.close_answer_window_s)) return nullptr;
    return hello;
}

const Event* split_client_hello_refused(const Connection& conn, const Event& latest,
                                        const Settings& settings) {
    if (!hello_split(conn)) return nullptr;
    const Event* hello = client_hello_answered_by_close(conn, latest, settings);
    return hello ? hello : client_hello_unanswered_at_close(conn, latest);
}

const Event* split_client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                                  const Settings& settings) {
    if (!hello_split(conn)) return nullptr;
    return client_hello_unanswered_at_end(conn, end, settings);
}

bool server_acknowledged_hello(const Connection& conn) {
    return conn.hello_delivery().acked();
}

bool hello_split(const Connection& conn) {
    return conn.hello_delivery().split();
}

bool is_post_quantum_group(uint16_t group) {
    return group == 0x11EB || group == 0x11EC || group == 0x11ED || group == 0x6399;
}

bool offers_post_quantum_key_share(const ClientHello& ch) {
    for (uint16_t g : ch.key_share_groups())
        if (is_post_quantum_group(g)) return true;
    return false;
}

bool is_warning_alert(const Connection& conn, const Alert& a) {
    if (a.fatal() || is_closure_alert(a.description)) return false;
    const ServerHello* sh = conn.negotiated();
    return !sh || !is_tls13(sh->version());
}

const Event* warning_alert_ended_by_close(const Connection& conn, const Event& close) {
    if (!close.is_tcp_close()) return nullptr;
    const auto& events = conn.events();
    for (size_t i = position(events, close); i-- > 0;) {
        const Event& e = events[i];
        if (e.is_tcp_close() || e.kind == Event::Kind::Payload) continue;
        if (e.kind != Event::Kind::Alert) return nullptr;
        if (is_closure_alert(e.alert().description)) continue;
        return is_warning_alert(conn, e.alert()) ? &e : nullptr;
    }
    return nullptr;
}

bool alert_answers_client_certificate(const Connection& conn, const Event& alert) {
    if (alert.kind != Event::Kind::Alert || alert.from != Side::Server) return false;
    const auto& events = conn.events();
    for (size_t i = position(events, alert); i-- > 0;) {
        const Event& e = events[i];
        if (e.from == Side::Server || e.kind == Event::Kind::ClientHello) return false;
        if (e.kind == Event::Kind::Handshake && e.handshake_type() == hs::Certificate) {
            const CertificateChain* chain = conn.certificate_chain(e);
            return !chain || !chain->certs.empty();
        }
    }
    return false;
}

bool client_sent_no_certificate(const Connection& conn) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::Handshake && e.from == Side::Client &&
            e.handshake_type() == hs::Certificate) {
            const CertificateChain* chain = conn.certificate_chain(e);
            if (!chain || !chain->certs.empty()) return false;
        }
    return true;
}

namespace {
bool ends_handshake(const Event& e) {
    return e.kind == Event::Kind::Alert || e.is_tcp_close();
}
}  // namespace

MissingClientCertificate client_certificate_missing(const Connection& conn, const Event& failure) {
    if (failure.from != Side::Server || !ends_handshake(failure)) return {};
    const auto& events = conn.events();
    MissingClientCertificate found;
    bool client_answered = false;
    // Back from the failure: the server said nothing else since the client's
    // answer, and that answer (back to the request) holds no certificate.
    for (size_t i = position(events, failure); i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::Payload) continue;
        if (e.kind == Event::Kind::ClientHello || e.kind == Event::Kind::ServerHello) return {};
        if (e.from == Side::Server) {
            if (e.handshake_type() == hs::CertificateRequest) {
                if (!client_answered) return {};
                found.request = &e;
                return found;
            }
            if (!client_answered && !ends_handshake(e)) return {};  // the server went on
            continue;
        }
        if (e.kind == Event::Kind::Alert || e.is_tcp_close()) return {};  // the client gave up
        if (e.kind != Event::Kind::Handshake) continue;  // CCS, encrypted records, data
        if (e.handshake_type() == hs::Certificate) {
            const CertificateChain* chain = conn.certificate_chain(e);
            if (!chain || !chain->certs.empty()) return {};
            found.certificate = &e;
        }
        client_answered = true;
    }
    return {};
}

bool sends_no_sni(const ClientHello& ch) {
    return !ch.has_sni && ch.encrypted_name == EncryptedName::None;
}

namespace {

bool is_ipv4(std::string_view s) {
    int parts = 0;
    size_t i = 0;
    while (i <= s.size()) {
        size_t digits = 0;
        unsigned value = 0;
        for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4; ++i, ++digits)
            value = value * 10 + static_cast<unsigned>(s[i] - '0');
        if (digits == 0 || digits > 3 || value > 255) return false;
        ++parts;
        if (i == s.size()) return parts == 4;
        if (s[i] != '.') return false;
        ++i;
    }
    return false;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Groups of 1-4 hex digits separated by ':', at most one "::", an IPv4 tail
// allowed, a zone ("%eth0") dropped.
bool is_ipv6(std::string_view s) {
    s = s.substr(0, s.find('%'));
    const size_t last_colon = s.rfind(':');
    if (last_colon == std::string_view::npos) return false;
    int groups = 0;
    std::string_view head = s;
    if (s.find('.', last_colon) != std::string_view::npos) {
        if (!is_ipv4(s.substr(last_colon + 1))) return false;
        groups += 2;
        // Keep a "::" right before the tail; drop a lone ':'.
        head = s.substr(0, last_colon + 1);
        if (head.size() < 2 || head.substr(head.size() - 2) != "::") head.remove_suffix(1);
    }
    const size_t gap = head.find("::");
    if (gap != std::string_view::npos && head.find("::", gap + 1) != std::string_view::npos)
        return false;
    // Split around the gap; each side is empty or groups joined by ':'.
    auto count = [&](std::string_view part) -> int {
        if (part.empty()) return 0;
        int n = 0;
        size_t start = 0;
        for (;;) {
            const size_t end = std::min(part.find(':', start), part.size());
            const std::string_view g = part.substr(start, end - start);
            if (g.empty() || g.size() > 4) return -1;
            for (char c : g)
                if (!is_hex(c)) return -1;
            ++n;
            if (end == part.size()) return n;
            start = end + 1;
        }
    };
    if (gap == std::string_view::npos) {
        const int n = count(head);
        return n >= 0 && n + groups == 8;
    }
    const int before = count(head.substr(0, gap)), after = count(head.substr(gap + 2));
    return before >= 0 && after >= 0 && before + after + groups <= 7;
}

}  // namespace

bool is_ip_literal(const std::string& name) {
    std::string_view s = name;
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']')
        return is_ipv6(s.substr(1, s.size() - 2));
    return is_ipv4(s) || is_ipv6(s);
}

bool signals_fallback(const ClientHello& ch) {
    constexpr uint16_t kFallbackScsv = 0x5600;
    const auto& suites = ch.cipher_suites();
    return std::find(suites.begin(), suites.end(), kFallbackScsv) != suites.end();
}

bool downgrade_detected(const ClientHello& ch, const ServerHello& sh) {
    return sh.downgrade_sentinel != DowngradeSentinel::None && !sh.hello_retry_request &&
           version_rank(sh.version()) < version_rank(version::TLS13) && is_tls13(ch.max_version());
}

bool is_legacy_client(const ClientHello& ch) {
    return version_rank(ch.max_version()) < version_rank(version::TLS12);
}

std::optional<SmallEphemeralKey> small_h2_key(uint16_t group) {
    const GroupInfo* g = find_group(group);
    if (!g || g->bits == 0) return std::nullopt;
    if (g->bits >= (g->finite_field ? kH2MinDheBits : kH2MinEcdheBits)) return std::nullopt;
    return SmallEphemeralKey{g->finite_field, g->bits, group};
}

std::optional<SmallEphemeralKey> small_h2_key(const ServerKeyExchange& ske) {
    if (ske.dh_prime_bits == 0) return small_h2_key(ske.named_group);
    if (ske.dh_prime_bits >= kH2MinDheBits) return std::nullopt;
    return SmallEphemeralKey{true, ske.dh_prime_bits, 0};
}

const ServerKeyExchange* first_key_exchange(const Connection& conn) {
    const Event* hello = conn.negotiated_event();
    if (!hello) return nullptr;
    const Event* end = conn.events().data() + conn.events().size();
    for (const Event* e = hello + 1; e < end; ++e)
        if (const ServerKeyExchange* ske = conn.server_key_exchange(*e)) return ske;
    return nullptr;
}

std::optional<SmallEphemeralKey> h2_small_ephemeral_key(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    if (!sh || sh->sslv2 || sh->alpn != "h2" || sh->compression_method != 0 ||
        version_rank(sh->version()) < version_rank(version::TLS12))
        return std::nullopt;
    if (version_rank(sh->version()) >= version_rank(version::TLS13))
        return small_h2_key(sh->key_share_group);
    const ServerKeyExchange* ske = first_key_exchange(conn);
    return ske ? small_h2_key(*ske) : std::nullopt;
}

namespace {

bool carries_handshake(const Event& e) {
    switch (e.kind) {
    case Event::Kind::ClientHello:
    case Event::Kind::ServerHello:
    case Event::Kind::Handshake: return true;
    case Event::Kind::Record: return e.content_type() == content::Handshake;
    default: return false;
    }
}

// The first ServerHello that is no HelloRetryRequest: a renegotiation's own
// ServerHello, read decrypted, must not stand for the connection's.
const ServerHello* first_server_hello(const Connection& conn) {
    for (const Event& e : conn.events())
        if (e.kind == Event::Kind::ServerHello && !conn.server_hello(e).hello_retry_request)
            return &conn.server_hello(e);
    return nullptr;
}

}  // namespace

const Event* h2_renegotiation(const Connection& conn) {
    const ServerHello* sh = first_server_hello(conn);
    if (!sh || sh->sslv2 || sh->alpn != "h2" ||
        version_rank(sh->version()) >= version_rank(version::TLS13))
        return nullptr;
    bool change_cipher_spec[2] = {false, false}, finished[2] = {false, false}, preface = false;
    for (const Event& e : conn.events()) {
        const int side = e.from == Side::Client ? 0 : 1;
        if (e.kind == Event::Kind::Record && e.content_type() == content::ChangeCipherSpec) {
            change_cipher_spec[side] = true;
        } else if (e.kind == Event::Kind::Record && e.content_type() == content::ApplicationData) {
            preface = preface || e.from == Side::Client;
        } else if (carries_handshake(e) && change_cipher_spec[side]) {
            if (finished[side] && preface) return &e;
            finished[side] = true;
        }
    }
    return nullptr;
}

}  // namespace tlsdiag
