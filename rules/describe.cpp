#include "tlsdiag/describe.h"

#include <cstdio>

#include "tlsdiag/event_words.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {
struct HandshakeTypeName {
    uint8_t type;
    const char* name;
};
#include "handshake_types.inc"
}  // namespace

std::string handshake_name(uint8_t type) {
    for (const HandshakeTypeName& h : kHandshakeTypes)
        if (h.type == type) return h.name;
    return "handshake message " + std::to_string(type);
}

namespace {
template <typename Items>
std::string join_items(const Items& items, const char* sep) {
    std::string out;
    for (std::string_view s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}
}  // namespace

std::string join(const std::vector<std::string>& items, const char* sep) {
    return join_items(items, sep);
}

std::string printable(const std::string& text, size_t max) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        if (out.size() >= max) return out.substr(0, max) + "...";
    }
    return out;
}

std::string join_first(const std::vector<std::string>& items, size_t shown) {
    std::vector<std::string> first;
    for (size_t i = 0; i < items.size() && i < shown; ++i) first.push_back(printable(items[i], 32));
    std::string out = join(first);
    if (items.size() > shown) out += " and " + std::to_string(items.size() - shown) + " more";
    return out;
}

std::string offered_versions(const ClientHello& ch) {
    std::optional<uint16_t> low = ch.min_version();
    uint16_t high = ch.max_version();
    if (!low) return "at most " + version_name(high);
    if (*low == high) return version_name(high);
    std::string lo = version_name(*low), hi = version_name(high);
    // "TLS 1.2–1.3" rather than "TLS 1.2–TLS 1.3" when both are TLS.
    if (lo.compare(0, 4, "TLS ") == 0 && hi.compare(0, 4, "TLS ") == 0) hi = hi.substr(4);
    return lo + "\u2013" + hi;
}

std::string encrypted_name_note(const ClientHello& ch) {
    const bool outer = ch.has_sni && !ch.sni.empty();
    switch (ch.encrypted_name) {
    case EncryptedName::None: return "";
    // Browsers send a GREASE ECH that hides nothing and looks the same on the
    // wire (RFC 9849 §6.2), so ECH only may hide a name.
    case EncryptedName::Ech:
        return outer ? "(outer name; ECH may hide the real one)" : "(ECH may hide the real name)";
    case EncryptedName::Esni:
        return outer ? "(outer name; the real name is encrypted by ESNI)"
                     : "(the real name is encrypted by ESNI)";
    }
    return "";
}

std::string describe_sni(const ClientHello& ch) {
    std::string out =
        ch.has_sni ? (ch.sni.empty() ? "empty SNI" : "SNI " + printable(ch.sni)) : "no SNI";
    const std::string note = encrypted_name_note(ch);
    return note.empty() ? out : out + " " + note;
}

std::string describe_client_hello(const ClientHello& ch) {
    std::string out = describe_sni(ch);
    out += ", offered " + offered_versions(ch);
    const size_t suites = ch.real_suite_count();
    out += ", " + std::to_string(suites) + (suites == 1 ? " suite" : " suites");
    if (!ch.alpn.empty()) out += ", ALPN " + join_first(ch.alpn);
    return out;
}

std::string describe_event(const Connection& conn, const Event& e) {
    const std::string who = std::string("the ") + possessive(e.from) + " ";
    switch (e.kind) {
    case Event::Kind::ClientHello:
        return "a ClientHello offering " + offered_versions(conn.client_hello(e));
    case Event::Kind::ServerHello:
        if (conn.server_hello(e).hello_retry_request) return "the server's HelloRetryRequest";
        return "the ServerHello choosing " + version_name(conn.server_hello(e).version());
    case Event::Kind::Handshake: return who + handshake_name(e.handshake_type());
    case Event::Kind::Alert: return who + alert_name(e.alert().description) + " alert";
    case Event::Kind::Record:
        return who + (conn.transport() == Transport::Quic
                          ? quic_record_words(e.content_type())
                          : record_words(e.content_type(), e.partial_record()))
                         .after;
    case Event::Kind::Payload: return who + payload_words(e.payload_kind()).after;
    case Event::Kind::Fin:
    case Event::Kind::Rst: return who + close_words(e.kind).after;
    case Event::Kind::QuicPacket: return who + quic_packet_words(e.quic_packet()).after;
    case Event::Kind::QuicClose: return who + quic_close_words(e.quic_close()).after;
    }
    return "";
}

std::string format_date(UnixSeconds t) {
    // Days to civil date (H. Hinnant's algorithm): no time zone, no locale.
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const int64_t year = yoe + era * 400 + (month <= 2);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day));
    return buf;
}

std::string format_span(int64_t seconds) {
    struct Unit {
        int64_t size;
        const char* name;
    };
    static const Unit units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    if (seconds < 0) seconds = -seconds;
    for (const Unit& u : units)
        if (seconds >= u.size || u.size == 1) {
            const int64_t n = seconds / u.size;
            return std::to_string(n) + " " + u.name + (n == 1 ? "" : "s");
        }
    return "";
}

std::string format_elapsed(TimeNs ns) {
    char buf[32];
    double ms = static_cast<double>(ns) / 1e6;
    // Loopback answers come within microseconds; 999.95 ms would print as "1000.0 ms".
    if (ms < 0.095) std::snprintf(buf, sizeof buf, "%.2f ms", ms);
    else if (ms < 999.95) std::snprintf(buf, sizeof buf, "%.1f ms", ms);
    else std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
    return buf;
}

}  // namespace tlsdiag
