#include "close_after_client_hello.h"

#include "tlsdiag/describe.h"

namespace tlsdiag {

void check_close_after_client_hello(const Connection& conn, const Event& latest,
                                    const Settings& settings, Event::Kind kind,
                                    const RuleInfo& rule, const char* verb, Findings& out) {
    if (latest.kind != kind || latest.from != Side::Server) return;
    const auto& events = conn.events();
    const Event* hello = nullptr;
    // Walk back from the close to the last ClientHello: any server message in
    // between is an answer, and a client close means the client gave up first.
    for (size_t i = events.size(); i-- > 0;) {
        const Event& e = events[i];
        if (&e == &latest) continue;
        if (e.kind == Event::Kind::ClientHello) { hello = &e; break; }
        if (e.from == Side::Server) return;
        if (e.is_tcp_close()) return;
    }
    if (!hello) return;
    const TimeNs elapsed = Connection::elapsed(*hello, latest);
    if (elapsed > static_cast<TimeNs>(settings.close_answer_window_s * 1e9)) return;

    out.push_back({&rule, latest.frame,
                   std::string("server ") + verb + " the connection " + format_elapsed(elapsed) +
                       " after the ClientHello of frame " + std::to_string(hello->frame) +
                       ", with no ServerHello (" + describe_client_hello(conn.client_hello(*hello)) +
                       ")",
                   hello->frame});
}

}  // namespace tlsdiag
