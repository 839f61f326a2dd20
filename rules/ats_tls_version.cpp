// ats.tls_version: the server settled on a version below TLS 1.2 (or below
// the app's own stricter minimum), which App Transport Security refuses.
#include "ats_app_verdict.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_ats_tls_version(const RuleInfo& rule, const Connection& conn, const Event& latest,
                           const Settings& settings, Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    if (sh.hello_retry_request) return;
    const Event* ch = conn.last_client_hello_event();
    const ClientHello* hello = ch ? &conn.client_hello(*ch) : nullptr;
    const uint16_t minimum = ats_minimum_version(settings, hello);
    if (version_rank(sh.version()) >= version_rank(minimum)) return;

    std::string summary = "server chose " + version_name(sh.version());
    if (hello)
        summary += hello->max_version() == sh.version()
                       ? ", the newest version the client offered"
                       : ", although the client offered " + offered_versions(*hello);
    summary += minimum == version::TLS12
                   ? "; App Transport Security requires TLS 1.2 or later"
                   : "; App Transport Security requires " + version_name(minimum) + " here";
    summary += app_verdict_for_version(settings, hello, sh.version());
    out.push_back({&rule, latest.frame, summary, ch ? ch->frame : 0});
}

}  // namespace tlsdiag
