// quic.handshake_closed: a CONNECTION_CLOSE with a transport error (RFC 9000
// §20.1) during the handshake. tlsdiag reads it only in Initial packets,
// which end with the handshake. A CRYPTO_ERROR is a TLS alert instead
// (alert.*), and NO_ERROR no failure. A client that closes without having
// heard the server at all gave up waiting: that is quic.no_reply's.
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

void check_quic_handshake_closed(const RuleInfo& rule, const Connection& conn, const Event& latest,
                                 const Settings&, Findings& out) {
    const QuicClose close = latest.quic_close();
    if (close.code == 0 && !close.application) return;
    if (!conn.last_from(Side::Server)) return;
    const Event* hello = conn.last_client_hello_event();
    std::string summary = std::string("the ") + side_name(latest.from) +
                          " closed the QUIC connection with " + quic_error_name(close) +
                          " before the handshake completed";
    if (hello)
        summary += ", " + format_elapsed(Connection::elapsed(*hello, latest)) +
                   " after the ClientHello of frame " + std::to_string(hello->frame);
    if (const ServerHello* sh = conn.negotiated())
        summary += " (ServerHello: " + suite_label(sh->cipher_suite) + ")";
    else summary += " (no ServerHello)";
    out.push_back({&rule, latest.frame, summary, hello ? hello->frame : 0});
}

}  // namespace tlsdiag
