// tcp.fin_after_client_hello: the server's first answer to a ClientHello is a
// FIN (SNI-routing proxies without a route, servers that reject silently).
#include "tlsdiag/engine.h"
#include "close_after_client_hello.h"

namespace tlsdiag {

void check_tcp_fin_after_client_hello(const RuleInfo& rule, const Connection& conn,
                                      const Event& latest, const Settings& settings,
                                      Findings& out) {
    check_close_after_client_hello(conn, latest, settings, Event::Kind::Fin, rule, "closed", out);
}

}  // namespace tlsdiag
