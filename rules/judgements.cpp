#include "tlsdiag/judgements.h"

#include <functional>

#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {
// Where `e` stands in `events`; events.size() for an event not stored there
// (a check handed a copy), which then counts as the newest.
template <typename Events>
size_t position(const Events& events, const Event& e) {
    const std::less<const Event*> before;
    const Event* first = events.data();
    if (!before(&e, first) && before(&e, first + events.size()))
        return static_cast<size_t>(&e - first);
    return events.size();
}
}  // namespace

const Event* client_hello_answered_by_close(const Connection& conn, const Event& close,
                                            const Settings& settings) {
    if (!close.is_tcp_close() || close.from != Side::Server) return nullptr;
    const auto& events = conn.events();
    const Event* hello = nullptr;
    // Walk back from the close to the last ClientHello: any server message in
    // between is an answer, and a client close means the client gave up first.
    for (size_t i = position(events, close); i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::ClientHello) {
            hello = &e;
            break;
        }
        if (e.from == Side::Server) return nullptr;
        if (e.is_tcp_close()) return nullptr;
    }
    if (!hello) return nullptr;
    const TimeNs elapsed = Connection::elapsed(*hello, close);
    if (elapsed > static_cast<TimeNs>(settings.close_answer_window_s * 1e9)) return nullptr;
    return hello;
}

namespace {
// The last ClientHello before events[end], when nothing from the server and
// no close from the client came after it; nullptr otherwise.
const Event* hello_without_answer(const std::vector<Event>& events, size_t end) {
    for (size_t i = end; i-- > 0;) {
        const Event& e = events[i];
        if (e.kind == Event::Kind::ClientHello) return &e;
        if (e.from == Side::Server || e.is_tcp_close()) return nullptr;
    }
    return nullptr;
}

TimeNs seconds(double s) {
    return static_cast<TimeNs>(s * 1e9);
}
}  // namespace

const Event* client_hello_unanswered_at_close(const Connection& conn, const Event& close) {
    if (!close.is_tcp_close() || close.from != Side::Client) return nullptr;
    const Event* hello = hello_without_answer(conn.events(), position(conn.events(), close));
    if (!hello || Connection::elapsed(*hello, close) < seconds(kClientGaveUpAfterS)) return nullptr;
    return hello;
}

const Event* client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                            const Settings& settings) {
    const Event* hello = hello_without_answer(conn.events(), conn.events().size());
    if (!hello || end.time - hello->time < seconds(settings.close_answer_window_s)) return nullptr;
    return hello;
}

const Event* split_client_hello_refused(const Connection& conn, const Event& latest,
                                        const Settings& settings) {
    if (!hello_split(conn)) return nullptr;
    const Event* hello = client_hello_answered_by_close(conn, latest, settings);
    return hello ? hello : client_hello_unanswered_at_close(conn, latest);
}

const Event* split_client_hello_unanswered_at_end(const Connection& conn, const CaptureEnd& end,
                                                  const Settings& settings) {
    if (!hello_split(conn)) return nullptr;
    return client_hello_unanswered_at_end(conn, end, settings);
}

bool server_acknowledged_hello(const Connection& conn) {
    return conn.hello_delivery().acked();
}

bool hello_split(const Connection& conn) {
    return conn.hello_delivery().split();
}

bool is_post_quantum_group(uint16_t group) {
    return group == 0x11EB || group == 0x11EC || group == 0x11ED || group == 0x6399;
}

bool offers_post_quantum_key_share(const ClientHello& ch) {
    for (uint16_t g : ch.key_share_groups())
        if (is_post_quantum_group(g)) return true;
    return false;
}

bool sends_no_sni(const ClientHello& ch) {
    return !ch.has_sni;
}

bool is_legacy_client(const ClientHello& ch) {
    return ch.max_version() < version::TLS12;
}

}  // namespace tlsdiag
