#include "capture/message_json.h"

#include <sstream>
#include <vector>

#include "capture/stream_key.h"
#include "tlsdiag/json_string.h"

namespace tlsdiag::capture {

namespace {

std::string quoted(std::string_view s) {
    return json_string(s, JsonBytes::Ascii);
}

template <typename List>
std::string numbers(const List& list) {
    std::string out = "[";
    for (auto v : list) out += (out.size() > 1 ? "," : "") + std::to_string(v);
    return out + "]";
}

template <typename List>
std::string strings(const List& list) {
    std::string out = "[";
    for (const auto& v : list) out += (out.size() > 1 ? "," : "") + quoted(std::string(v));
    return out + "]";
}

const char* kind_name(TlsMessage::Kind k) {
    switch (k) {
    case TlsMessage::Kind::ClientHello: return "client_hello";
    case TlsMessage::Kind::ServerHello: return "server_hello";
    case TlsMessage::Kind::Handshake: return "handshake";
    case TlsMessage::Kind::Alert: return "alert";
    case TlsMessage::Kind::Record: return "record";
    case TlsMessage::Kind::Unreadable: return "unreadable";
    case TlsMessage::Kind::Missing: return "missing";
    case TlsMessage::Kind::NotTls: return "not_tls";
    case TlsMessage::Kind::Held: return "held";
    case TlsMessage::Kind::QuicPacket: return "quic_packet";
    case TlsMessage::Kind::QuicClose: return "quic_close";
    }
    return "";
}

}  // namespace

std::string message_json(uint32_t frame, uint32_t stream, bool quic, const TlsMessage& m) {
    std::ostringstream out;
    const char* transport = quic ? "QUIC" : is_udp_stream_key(stream) ? "DTLS" : "TCP";
    out << "{\"frame\": " << frame << ", \"stream\": " << stream_index(stream)
        << ", \"transport\": \"" << transport << "\", \"by\": \""
        << (m.from_sender ? "sender" : "receiver") << "\", \"message\": \"" << kind_name(m.kind)
        << "\"";
    switch (m.kind) {
    case TlsMessage::Kind::ClientHello: {
        const ClientHello& ch = m.ch;
        out << ", \"well_formed\": " << (m.well_formed ? "true" : "false")
            << ", \"sslv2\": " << (ch.sslv2 ? "true" : "false")
            << ", \"version\": " << ch.legacy_version
            << ", \"supported_versions\": " << numbers(ch.supported_versions())
            << ", \"cipher_suites\": " << numbers(ch.cipher_suites())
            << ", \"sslv2_only_specs\": " << ch.sslv2_only_specs
            << ", \"sni\": " << (ch.has_sni ? quoted(ch.sni) : "null")
            << ", \"alpn\": " << strings(ch.alpn)
            << ", \"groups\": " << numbers(ch.supported_groups())
            << ", \"key_shares\": " << numbers(ch.key_share_groups());
        break;
    }
    case TlsMessage::Kind::ServerHello: {
        const ServerHello& sh = m.sh;
        out << ", \"well_formed\": " << (m.well_formed ? "true" : "false")
            << ", \"sslv2\": " << (sh.sslv2 ? "true" : "false")
            << ", \"version\": " << sh.legacy_version
            << ", \"selected_version\": " << sh.selected_version
            << ", \"cipher_suite\": " << sh.cipher_suite
            << ", \"alpn\": " << (sh.alpn.empty() ? "null" : quoted(sh.alpn))
            << ", \"hello_retry_request\": " << (sh.hello_retry_request ? "true" : "false");
        break;
    }
    case TlsMessage::Kind::Handshake:
        out << ", \"type\": " << unsigned{m.handshake_type}
            << ", \"certificates\": " << m.certificates.size();
        break;
    case TlsMessage::Kind::Alert:
        out << ", \"level\": " << unsigned{m.alert.level}
            << ", \"description\": " << unsigned{m.alert.description};
        break;
    case TlsMessage::Kind::Record:
        out << ", \"content_type\": " << unsigned{m.content_type}
            << ", \"partial\": " << (m.partial ? "true" : "false");
        break;
    case TlsMessage::Kind::Missing: out << ", \"bytes\": " << m.missing_bytes; break;
    case TlsMessage::Kind::QuicPacket:
        out << ", \"packet\": \""
            << (m.quic_packet == QuicPacket::Retry ? "retry" : "version_negotiation")
            << "\", \"versions\": " << numbers(m.quic_versions);
        break;
    case TlsMessage::Kind::QuicClose:
        out << ", \"error\": " << unsigned{m.quic_close.code}
            << ", \"application\": " << (m.quic_close.application ? "true" : "false");
        break;
    default: break;
    }
    out << "}";
    return out.str();
}

}  // namespace tlsdiag::capture
