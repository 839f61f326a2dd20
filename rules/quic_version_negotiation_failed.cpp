// quic.version_negotiation_failed: the server answered the client's Initial
// with a Version Negotiation packet (RFC 9000 §6) and the client sent no
// Initial in any version it lists: the two share no QUIC version, and the
// client gave QUIC up.
#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"

namespace tlsdiag {

void check_quic_version_negotiation_failed_at_end(const RuleInfo& rule, const Connection& conn,
                                                  const CaptureEnd&, const Settings&,
                                                  Findings& out) {
    const Event* negotiation = nullptr;
    const Event* hello = nullptr;
    for (const Event& e : conn.events()) {
        if (e.kind == Event::Kind::QuicPacket && e.from == Side::Server &&
            e.quic_packet() == QuicPacket::VersionNegotiation)
            negotiation = &e;
        else if (e.kind == Event::Kind::ClientHello && !negotiation) hello = &e;
        else if (e.kind == Event::Kind::ClientHello)
            return;  // the client started again in a version the server listed
    }
    if (!negotiation) return;
    for (uint32_t v : conn.negotiation_versions())
        if (v == conn.version_retried()) return;  // started again from another port
    std::string summary =
        "the server answered the client's " + quic_version_name(conn.quic_version()) + " Initial";
    if (hello) summary += " (frame " + std::to_string(hello->frame) + ")";
    summary += " with a Version Negotiation packet offering " +
               quic_versions_text(conn.negotiation_versions()) +
               ", and the client sent no Initial in any of them: the two share no QUIC version";
    out.push_back({&rule, negotiation->frame, summary, hello ? hello->frame : 0});
}

}  // namespace tlsdiag
