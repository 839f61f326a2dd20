#include "close_after_client_hello.h"

#include "tlsdiag/describe.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

void check_close_after_client_hello(const Connection& conn, const Event& latest,
                                    const Settings& settings, Event::Kind kind,
                                    const RuleInfo& rule, const char* verb, Findings& out) {
    if (latest.kind != kind) return;
    const Event* hello = client_hello_answered_by_close(conn, latest, settings);
    if (!hello) return;
    const TimeNs elapsed = Connection::elapsed(*hello, latest);
    out.push_back({&rule, latest.frame,
                   std::string("server ") + verb + " the connection " + format_elapsed(elapsed) +
                       " after the ClientHello of frame " + std::to_string(hello->frame) +
                       ", with no ServerHello (" +
                       describe_client_hello(conn.client_hello(*hello)) + ")",
                   hello->frame});
}

}  // namespace tlsdiag
