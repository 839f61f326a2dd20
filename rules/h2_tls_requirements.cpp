// h2.tls_requirements: HTTP/2 negotiated on a TLS connection that breaks
// RFC 7540 §9.2 (TLS 1.2 or later) or §9.2.1 (no TLS compression; ephemeral
// keys of at least 2048 bits for finite-field DHE and 224 bits for ECDHE; no
// renegotiation after the connection preface). HTTP/2 endpoints may close such
// a connection with INADEQUATE_SECURITY, a renegotiation with PROTOCOL_ERROR.
#include <cstdio>

#include "tlsdiag/engine.h"
#include "tlsdiag/judgements.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

namespace {

// The version or compression requirement the ServerHello breaks, "" if none.
std::string hello_broken(const ServerHello& sh) {
    if (version_rank(sh.version()) < version_rank(version::TLS12))
        return "TLS 1.2 or later (RFC 7540 section 9.2), on " + version_name(sh.version());
    if (sh.compression_method != 0)
        return "no TLS compression (RFC 7540 section 9.2.1), with compression method " +
               std::to_string(sh.compression_method) +
               (sh.compression_method == 1 ? " (DEFLATE)" : "");
    return "";
}

std::string key_broken(const std::optional<SmallEphemeralKey>& key) {
    if (!key) return "";
    const std::string bits = std::to_string(key->bits) + " bits";
    if (key->finite_field)
        return "finite-field DHE of at least 2048 bits (RFC 7540 section 9.2.1), with "
               "finite-field DHE of " +
               bits;
    const GroupInfo* g = find_group(key->group);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04x", key->group);
    return "ECDHE of at least 224 bits (RFC 7540 section 9.2.1), with ECDHE on " +
           std::string(g ? g->name : "group") + " (" + hex + ") of " + bits;
}

bool h2_chosen(const ServerHello& sh) {
    return !sh.hello_retry_request && !sh.sslv2 && sh.alpn == "h2";
}

}  // namespace

void check_h2_tls_requirements(const RuleInfo& rule, const Connection& conn, const Event& latest,
                               const Settings&, Findings& out) {
    if (h2_renegotiation(conn) == &latest) {
        out.push_back({&rule, latest.frame,
                       "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of "
                       "no TLS renegotiation after the connection preface (RFC 7540 section "
                       "9.2.1), with a renegotiation begun by the " +
                           std::string(latest.from == Side::Client ? "client" : "server") +
                           " after it; HTTP/2 endpoints treat it as a connection error "
                           "PROTOCOL_ERROR",
                       0});
        return;
    }
    std::string broken;
    if (latest.kind == Event::Kind::ServerHello) {
        const ServerHello& sh = conn.server_hello(latest);
        if (!h2_chosen(sh)) return;
        broken = hello_broken(sh);
        // TLS 1.3 names its ephemeral group in the ServerHello's key_share.
        if (broken.empty() && version_rank(sh.version()) >= version_rank(version::TLS13))
            broken = key_broken(small_h2_key(sh.key_share_group));
    } else if (const ServerKeyExchange* ske = conn.server_key_exchange(latest)) {
        const ServerHello* sh = conn.negotiated();
        // One finding per connection: a ServerHello that broke the version or
        // compression had it, and only the first ServerKeyExchange counts.
        if (!sh || !h2_chosen(*sh) || !hello_broken(*sh).empty() || first_key_exchange(conn) != ske)
            return;
        broken = key_broken(small_h2_key(*ske));
    }
    if (broken.empty()) return;
    out.push_back({&rule, latest.frame,
                   "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of " +
                       broken + "; HTTP/2 clients close with INADEQUATE_SECURITY",
                   0});
}

}  // namespace tlsdiag
