#include "report_internal.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::report {

std::string sni_of(const Connection& conn) {
    const ClientHello* ch = conn.last_client_hello();
    return ch && ch->has_sni ? ch->sni : "";
}

std::string sni_encrypted_by(const Connection& conn) {
    const ClientHello* ch = conn.last_client_hello();
    return ch ? encrypted_name_label(ch->encrypted_name) : "";
}

std::vector<std::string> alpn_offered(const Connection& conn) {
    const ClientHello* ch = conn.last_client_hello();
    if (!ch) return {};
    return std::vector<std::string>(ch->alpn.begin(), ch->alpn.end());
}

std::string alpn_chosen(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh ? sh->alpn : "";
}

bool alpn_encrypted(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh && sh->alpn.empty() && version_rank(sh->version()) >= version_rank(version::TLS13) &&
           !alpn_offered(conn).empty();
}

std::string versions_offered(const Connection& conn) {
    const ClientHello* ch = conn.last_client_hello();
    return ch ? offered_versions(*ch) : "";
}

std::string version_negotiated(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh ? version_name(sh->version()) : "";
}

std::string transport_text(const Connection& conn) {
    if (conn.transport() == Transport::Tcp) return "TCP";
    if (conn.transport() == Transport::Quic) return quic_version_name(conn.quic_version());
    const ServerHello* sh = conn.negotiated();
    const ClientHello* ch = conn.last_client_hello();
    const uint16_t v = sh ? sh->version() : ch ? ch->max_version() : 0;
    return version_rank(v) >= version_rank(version::TLS11) ? version_name(v) : "DTLS";
}

const char* stream_field(const Connection& conn) {
    return conn.transport() == Transport::Tcp ? "tcp.stream" : "udp.stream";
}

std::string suite_negotiated(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh ? suite_label(sh->cipher_suite) : "";
}

}  // namespace tlsdiag::report
