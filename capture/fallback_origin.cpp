#include "capture/fallback_origin.h"

#include "tlsdiag/catalog.h"

namespace tlsdiag::capture {

namespace {

std::string sni_of_first_hello(const Connection& c) {
    return c.client_hellos().empty() ? "" : sni_of(c.client_hellos().front());
}

const Finding* first_error(const DiagnosedConnection& d) {
    for (const Finding& f : d.findings())
        if (f.rule->severity == Severity::Error) return &f;
    return nullptr;
}

}  // namespace

std::optional<FallbackOrigin> fallback_origin(const std::deque<CapturedConnection>& connections,
                                              const CapturedConnection& retry) {
    const Connection& later = retry.diagnosed.conn();
    const std::string sni = sni_of_first_hello(later);
    for (auto it = connections.rbegin(); it != connections.rend(); ++it) {
        const CapturedConnection& earlier = *it;
        if (&earlier == &retry) continue;
        const Connection& c = earlier.diagnosed.conn();
        const Event* hello = nullptr;
        for (const Event& e : c.events())
            if (e.kind == Event::Kind::ClientHello) {
                hello = &e;
                break;
            }
        // Connections are kept in the order they began: skip any that began
        // with or after the retry.
        if (!hello || later.events().empty() || hello->frame >= later.events().front().frame)
            continue;
        if (!same_address(earlier.ends.client(), retry.ends.client()) ||
            !(earlier.ends.server() == retry.ends.server()) || sni_of_first_hello(c) != sni)
            continue;
        const Finding* error = first_error(earlier.diagnosed);
        if (!error && c.negotiated()) continue;  // that attempt succeeded
        const std::string why = error
                                    ? error->rule->id + " in frame " + std::to_string(error->frame)
                                    : std::string("no ServerHello");
        return FallbackOrigin{"; the attempt before it, ClientHello in frame " +
                                  std::to_string(hello->frame) + ", failed: " + why,
                              hello->frame};
    }
    return std::nullopt;
}

}  // namespace tlsdiag::capture
