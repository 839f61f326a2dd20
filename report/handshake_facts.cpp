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
    return sh && sh->alpn.empty() && sh->version() >= version::TLS13 && !alpn_offered(conn).empty();
}

std::string versions_offered(const Connection& conn) {
    const ClientHello* ch = conn.last_client_hello();
    return ch ? offered_versions(*ch) : "";
}

std::string version_negotiated(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh ? version_name(sh->version()) : "";
}

std::string suite_negotiated(const Connection& conn) {
    const ServerHello* sh = conn.negotiated();
    return sh ? suite_label(sh->cipher_suite) : "";
}

}  // namespace tlsdiag::report
