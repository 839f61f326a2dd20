// The numbered story of a connection: one line per event, in plain words.
#include <cstdio>

#include "report_internal.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/event_words.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::report {

namespace {

std::string client_hello_line(const ClientHello& ch) {
    std::string out = std::string(ch.sslv2 ? "SSLv2 ClientHello: " : "ClientHello: ") +
                      offered_versions(ch) + ", " + std::to_string(ch.real_suite_count()) +
                      " suites";
    if (ch.sslv2_only_specs)
        out += " and " + std::to_string(ch.sslv2_only_specs) + " SSLv2 cipher specs";
    out += ", " + describe_sni(ch);
    if (!ch.alpn.empty()) out += ", ALPN " + join_first(ch.alpn);
    return out;
}

std::string server_hello_line(const ServerHello& sh) {
    if (sh.hello_retry_request) return "HelloRetryRequest: the server asks for another key share";
    if (sh.sslv2)
        return "SSLv2 ServerHello: " + version_name(sh.version()) + ", " +
               std::to_string(sh.sslv2_specs) + " cipher specs";
    std::string out =
        "ServerHello: " + version_name(sh.version()) + ", " + suite_label(sh.cipher_suite);
    if (!sh.alpn.empty()) out += ", ALPN " + sh.alpn;
    return out;
}

// "TCP RST, 0.4 ms after the ClientHello, no ServerHello" when the rules judge
// it the server's answer to the ClientHello.
std::string close_line(const Connection& conn, const Event& e, const Settings& settings) {
    std::string out = close_words(e.kind).line;
    if (const Event* hello = client_hello_answered_by_close(conn, e, settings))
        out += ", " + format_elapsed(Connection::elapsed(*hello, e)) +
               " after the ClientHello, no ServerHello";
    return out;
}

std::string line(const Connection& conn, const Event& e, const Settings& settings) {
    switch (e.kind) {
    case Event::Kind::ClientHello: return client_hello_line(conn.client_hello(e));
    case Event::Kind::ServerHello: return server_hello_line(conn.server_hello(e));
    case Event::Kind::Handshake: return handshake_name(e.handshake_type());
    case Event::Kind::Alert: {
        const Alert a = e.alert();
        return std::string("Alert (") + (a.fatal() ? "fatal" : "warning") +
               "): " + alert_name(a.description) + " (" + std::to_string(a.description) + ")";
    }
    case Event::Kind::Record:
        return (conn.transport() == Transport::Quic
                    ? quic_record_words(e.content_type())
                    : record_words(e.content_type(), e.partial_record()))
            .line;
    case Event::Kind::Payload: return payload_words(e.payload_kind()).line;
    case Event::Kind::Fin:
    case Event::Kind::Rst: return close_line(conn, e, settings);
    case Event::Kind::QuicPacket: {
        std::string out = quic_packet_words(e.quic_packet()).line;
        if (e.quic_packet() == QuicPacket::VersionNegotiation)
            out += ", offering " + quic_versions_text(conn.negotiation_versions());
        return out;
    }
    case Event::Kind::QuicClose: return quic_close_words(e.quic_close()).line;
    }
    return "";
}

}  // namespace

std::vector<TimelineLine> timeline(const Connection& conn, const Settings& settings) {
    std::vector<TimelineLine> out;
    const auto& events = conn.events();
    if (events.empty()) return out;
    for (const Event& e : events)
        out.push_back({e.frame, static_cast<double>(Connection::elapsed(events.front(), e)) / 1e6,
                       e.from, line(conn, e, settings)});
    return out;
}

}  // namespace tlsdiag::report
