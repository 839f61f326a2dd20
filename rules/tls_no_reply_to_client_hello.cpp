// tls.no_reply_to_client_hello: the ClientHello (and its retransmissions)
// got no byte from the server before the client gave up, or before the
// capture ended the answer window later.
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

namespace {

// "sent again 3 times; the server's TCP acknowledged it, ...": what tells a
// hung server from a drop on the path.
// DTLS has no acknowledgements: only how often the client sent its hello.
std::string datagram_words(const HelloDelivery& d) {
    if (!d.bytes) return "";
    return "; its " + std::to_string(d.bytes) + " bytes came in " + std::to_string(d.segments) +
           (d.segments == 1 ? " UDP datagram" : " UDP datagrams") + ", sent again " +
           std::to_string(d.retransmissions) + (d.retransmissions == 1 ? " time" : " times") +
           " (DTLS resends a flight when its answer is late, RFC 6347 section 4.2.4); nothing "
           "came back: a firewall that drops UDP to the port, or no DTLS server behind it";
}

std::string delivery_words(const HelloDelivery& d) {
    if (!d.bytes) return "";
    std::string out =
        "; its " + std::to_string(d.bytes) + " bytes came in " + std::to_string(d.segments) +
        (d.segments == 1 ? " TCP segment" : " TCP segments") + ", sent again " +
        std::to_string(d.retransmissions) + (d.retransmissions == 1 ? " time" : " times");
    if (d.acked())
        return out +
               "; the server's TCP acknowledged it: the server (or a proxy before it) "
               "accepted the connection and never answered";
    if (d.acked_bytes)
        return out + "; the server acknowledged only its first " + std::to_string(d.acked_bytes) +
               " bytes: the rest was lost on the way (a path MTU black hole?)";
    return out +
           "; the server never acknowledged it: dropped on the way (a firewall that drops "
           "silently) or the server is gone";
}

void report(const RuleInfo& rule, const Connection& conn, const Event& hello, Frame at,
            Frame related, TimeNs waited, const char* until, Findings& out) {
    out.push_back({&rule, at,
                   "no byte from the server in " + format_elapsed(waited) +
                       " after the ClientHello of frame " + std::to_string(hello.frame) + ", " +
                       until + " (" + describe_client_hello(conn.client_hello(hello)) + ")" +
                       (conn.transport() == Transport::Dtls ? datagram_words : delivery_words)(
                           conn.hello_delivery()),
                   related});
}

}  // namespace

void check_tls_no_reply_to_client_hello(const RuleInfo& rule, const Connection& conn,
                                        const Event& latest, const Settings&, Findings& out) {
    const Event* hello = client_hello_unanswered_at_close(conn, latest);
    if (!hello) return;
    report(rule, conn, *hello, latest.frame, hello->frame, Connection::elapsed(*hello, latest),
           latest.kind == Event::Kind::Rst ? "when the client reset the connection"
                                           : "when the client closed the connection",
           out);
}

void check_tls_no_reply_to_client_hello_at_end(const RuleInfo& rule, const Connection& conn,
                                               const CaptureEnd& end, const Settings& settings,
                                               Findings& out) {
    const Event* hello = client_hello_unanswered_at_end(conn, end, settings);
    if (!hello) return;
    report(rule, conn, *hello, hello->frame, end.last_frame != hello->frame ? end.last_frame : 0,
           end.time - hello->time, "when the capture ended, the client still waiting", out);
}

}  // namespace tlsdiag
