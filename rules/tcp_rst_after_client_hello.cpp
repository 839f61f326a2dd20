// tcp.rst_after_client_hello: the server's first answer to a ClientHello is a
// TCP RST (no shared suite on SChannel, SNI filters, load-balancer policy).
#include "tlsdiag/engine.h"
#include "close_after_client_hello.h"

namespace tlsdiag {

void check_tcp_rst_after_client_hello(const RuleInfo& rule, const Connection& conn,
                                      const Event& latest, const Settings& settings,
                                      Findings& out) {
    check_close_after_client_hello(conn, latest, settings, Event::Kind::Rst, rule, "reset", out);
}

}  // namespace tlsdiag
