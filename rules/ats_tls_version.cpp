// ats.tls_version: the server settled on a version below TLS 1.2, which App
// Transport Security refuses (errSSLNegotiation on the client).
#include "ats_app_verdict.h"
#include "checks.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_ats_tls_version(const Connection& conn, const Event& latest, const Settings& settings,
                           Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    if (sh.hello_retry_request || sh.version() >= version::TLS12) return;

    std::string summary = "server chose " + version_name(sh.version());
    const Event* ch = conn.last_client_hello_event();
    if (ch) {
        const ClientHello& hello = conn.client_hello(*ch);
        summary += hello.max_version() == sh.version()
                       ? ", the newest version the client offered"
                       : ", although the client offered " + offered_versions(hello);
    }
    summary += "; App Transport Security requires TLS 1.2 or later";
    summary += app_verdict_for_version(settings, ch ? sni_of(conn.client_hello(*ch)) : "", sh.version());
    out.push_back({"ats.tls_version", latest.frame, summary, ch ? ch->frame : 0});
}

}  // namespace tlsdiag
