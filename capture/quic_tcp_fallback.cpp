#include "capture/quic_tcp_fallback.h"

#include "tlsdiag/describe.h"

namespace tlsdiag::capture {

namespace {

const Event* first_client_hello(const Connection& c) {
    for (const Event& e : c.events())
        if (e.kind == Event::Kind::ClientHello) return &e;
    return nullptr;
}

}  // namespace

std::optional<TcpFallback> quic_tcp_fallback(const std::deque<CapturedConnection>& connections,
                                             const CapturedConnection& quic) {
    const Event* quic_hello = first_client_hello(quic.diagnosed.conn());
    if (!quic_hello) return std::nullopt;
    for (const CapturedConnection& other : connections) {
        const Connection& c = other.diagnosed.conn();
        if (c.transport() != Transport::Tcp ||
            !same_address(other.ends.client(), quic.ends.client()) ||
            !same_address(other.ends.server(), quic.ends.server()) ||
            other.ends.server().port() != quic.ends.server().port())
            continue;
        const Event* hello = first_client_hello(c);
        if (!hello) continue;
        const TimeNs apart = Connection::elapsed(*quic_hello, *hello);
        if (apart < -kTcpFallbackWindowNs || apart > kTcpFallbackWindowNs) continue;
        std::string words =
            "; the client reached the same server over TCP instead: TLS "
            "ClientHello in frame " +
            std::to_string(hello->frame) + ", " + format_elapsed(apart < 0 ? -apart : apart) +
            (apart < 0 ? " before" : " after") + " the QUIC one";
        words += c.negotiated() ? ", answered by a ServerHello (the fallback worked)"
                                : ", with no ServerHello";
        return TcpFallback{words, hello->frame};
    }
    return std::nullopt;
}

uint32_t quic_version_retried(const std::deque<CapturedConnection>& connections,
                              const CapturedConnection& quic) {
    const Event* negotiation = nullptr;
    for (const Event& e : quic.diagnosed.conn().events())
        if (e.kind == Event::Kind::QuicPacket && e.quic_packet() == QuicPacket::VersionNegotiation)
            negotiation = &e;
    if (!negotiation) return 0;
    for (const CapturedConnection& other : connections) {
        const Connection& c = other.diagnosed.conn();
        if (&other == &quic || c.transport() != Transport::Quic ||
            !same_address(other.ends.client(), quic.ends.client()) ||
            !(other.ends.server() == quic.ends.server()))
            continue;
        const Event* hello = first_client_hello(c);
        if (!hello || hello->frame <= negotiation->frame) continue;
        if (Connection::elapsed(*negotiation, *hello) > kTcpFallbackWindowNs) continue;
        return c.quic_version();
    }
    return 0;
}

}  // namespace tlsdiag::capture
