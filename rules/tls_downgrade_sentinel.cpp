// tls.downgrade_sentinel: a ServerHello below TLS 1.3 whose random carries
// RFC 8446's downgrade sentinel although the ClientHello offered TLS 1.3:
// the server saw another, older ClientHello, so something on the path
// rewrote it, and the client must abort.
#include "tlsdiag/engine.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_tls_downgrade_sentinel(const RuleInfo& rule, const Connection& conn, const Event& latest,
                                  const Settings&, Findings& out) {
    if (latest.kind != Event::Kind::ServerHello) return;
    const ServerHello& sh = conn.server_hello(latest);
    const Event* hello = conn.last_client_hello_event();
    if (!hello || !downgrade_detected(conn.client_hello(*hello), sh)) return;
    const char* tail = sh.downgrade_sentinel == DowngradeSentinel::Tls12
                           ? "44 4F 57 4E 47 52 44 01"
                           : "44 4F 57 4E 47 52 44 00";
    out.push_back({&rule, latest.frame,
                   "ServerHello chose " + version_name(sh.version()) +
                       " and its random ends with the downgrade sentinel " + tail +
                       " (\"DOWNGRD\") although the ClientHello offered " +
                       offered_versions(conn.client_hello(*hello)) +
                       ": the server, which supports TLS 1.3, received a ClientHello without it, "
                       "so something on the path rewrote the ClientHello; a TLS 1.3 client "
                       "aborts with illegal_parameter",
                   hello->frame});
}

}  // namespace tlsdiag
