// tls.split_client_hello_dropped: a ClientHello spread over two or more TCP
// segments, answered by a reset, a close or silence: the signature of a
// middlebox that reads only the first segment (post-quantum key shares make
// the ClientHello larger than one packet) or of a path MTU black hole.
#include <cstdio>

#include "tlsdiag/describe.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"

namespace tlsdiag {

namespace {

// IANA TLS Supported Groups registry: the groups a key share names.
struct GroupName {
    uint16_t code;
    const char* name;
};
constexpr GroupName kGroups[] = {
    {0x0017, "secp256r1"},
    {0x0018, "secp384r1"},
    {0x0019, "secp521r1"},
    {0x001D, "x25519"},
    {0x001E, "x448"},
    {0x0100, "ffdhe2048"},
    {0x0101, "ffdhe3072"},
    {0x0102, "ffdhe4096"},
    {0x11EB, "SecP256r1MLKEM768"},
    {0x11EC, "X25519MLKEM768"},
    {0x11ED, "SecP384r1MLKEM1024"},
    {0x6399, "X25519Kyber768Draft00"},
};

// "x25519", "X25519MLKEM768 (0x11EC)": post-quantum groups with their code,
// which is what vendors' notes name.
std::string group_words(uint16_t code) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04X", code);
    for (const GroupName& g : kGroups)
        if (g.code == code)
            return is_post_quantum_group(code) ? std::string(g.name) + " (" + hex + ")" : g.name;
    return hex;
}

// "key shares X25519MLKEM768 (0x11EC), x25519: a post-quantum key share ..."
std::string key_share_words(const ClientHello& ch) {
    std::vector<std::string> names;
    for (uint16_t g : ch.key_share_groups())
        if (!is_grease(g)) names.push_back(group_words(g));
    if (names.empty()) return "no key shares";
    return "key shares " + join(names, ", ") +
           (offers_post_quantum_key_share(ch)
                ? ": a post-quantum key share is what makes it larger than one packet"
                : ": none post-quantum");
}

std::string what_came(const Event& latest) {
    if (latest.from == Side::Server)
        return latest.kind == Event::Kind::Rst ? "the server reset the connection"
                                               : "the server closed the connection";
    return latest.kind == Event::Kind::Rst ? "no answer before the client reset the connection"
                                           : "no answer before the client closed the connection";
}

void report(const RuleInfo& rule, const Connection& conn, const Event& hello, Frame at,
            const std::string& what, Findings& out) {
    const HelloDelivery& d = conn.hello_delivery();
    std::string text = "the ClientHello of frame " + std::to_string(hello.frame) + " (" +
                       std::to_string(d.bytes) + " bytes) came in " + std::to_string(d.segments) +
                       " TCP segments, and " + what + " (" +
                       key_share_words(conn.client_hello(hello)) + ")";
    if (d.retransmissions && !d.acked())
        text += "; the server acknowledged " + std::to_string(d.acked_bytes) + " of its bytes, " +
                "the client sent segments again " + std::to_string(d.retransmissions) +
                (d.retransmissions == 1 ? " time" : " times");
    out.push_back({&rule, at, text, at != hello.frame ? hello.frame : 0});
}

}  // namespace

void check_tls_split_client_hello_dropped(const RuleInfo& rule, const Connection& conn,
                                          const Event& latest, const Settings& settings,
                                          Findings& out) {
    const Event* hello = split_client_hello_refused(conn, latest, settings);
    if (hello) report(rule, conn, *hello, latest.frame, what_came(latest), out);
}

void check_tls_split_client_hello_dropped_at_end(const RuleInfo& rule, const Connection& conn,
                                                 const CaptureEnd& end, const Settings& settings,
                                                 Findings& out) {
    const Event* hello = split_client_hello_unanswered_at_end(conn, end, settings);
    if (hello)
        report(
            rule, conn, *hello, hello->frame,
            "no answer in " + format_elapsed(end.time - hello->time) + ", when the capture ended",
            out);
}

}  // namespace tlsdiag
