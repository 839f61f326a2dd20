// quic.no_reply: the client's Initial packets, its ClientHello inside, got no
// packet at all from the server before the capture ended the answer window
// later: UDP to the server is dropped (QUIC blocked), or nothing listens.
// Whether the client then fell back to TCP only the capture's other
// connections tell: CaptureState adds it (capture/quic_tcp_fallback.h).
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

void check_quic_no_reply_at_end(const RuleInfo& rule, const Connection& conn, const CaptureEnd& end,
                                const Settings& settings, Findings& out) {
    const Event* hello = client_hello_unanswered_at_end(conn, end, settings);
    if (!hello) return;
    const HelloDelivery& d = conn.hello_delivery();
    std::string summary = "no packet from the server in " + format_elapsed(end.time - hello->time) +
                          " after the client's " + quic_version_name(conn.quic_version()) +
                          " Initial with its ClientHello (frame " + std::to_string(hello->frame) +
                          ", " + describe_client_hello(conn.client_hello(*hello)) +
                          "), when the capture ended";
    if (d.segments)
        summary += "; the client sent " + std::to_string(d.segments) +
                   (d.segments == 1 ? " datagram" : " datagrams") + " and sent again " +
                   std::to_string(d.retransmissions) +
                   (d.retransmissions == 1 ? " time" : " times") + " (RFC 9002 probe timeouts)";
    summary +=
        ": UDP to the server's port is dropped on the way (a firewall or network that "
        "blocks QUIC) or no QUIC server listens there";
    out.push_back(
        {&rule, hello->frame, summary, end.last_frame != hello->frame ? end.last_frame : 0});
}

}  // namespace tlsdiag
