// Plain-words descriptions of handshake pieces, shared by rule summaries and
// reports so that the same thing is always said the same way.
#pragma once

#include <string>

#include "tlsdiag/certificate.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// "ClientHello", "Certificate", ... ("handshake message 99" when unknown).
std::string handshake_name(uint8_t type);
// "TLS 1.2–1.3", "at most TLS 1.0" (no supported_versions extension).
std::string offered_versions(const ClientHello& ch);
// "SNI api.example.com", "no SNI", "empty SNI"; with ECH or ESNI
// "SNI public.example.com (outer name; ECH may hide the real one)".
std::string describe_sni(const ClientHello& ch);
// "(the real name is encrypted by ESNI)", "(outer name; ECH may hide the real
// one)", or "" when the hello carries neither extension.
std::string encrypted_name_note(const ClientHello& ch);
// "SNI api.example.com, offered TLS 1.2–1.3, 27 suites, ALPN h2,http/1.1".
std::string describe_client_hello(const ClientHello& ch);
// The event as one might say it after "after": "the client's Certificate",
// "the server's encrypted handshake", "a ClientHello".
std::string describe_event(const Connection& conn, const Event& e);
// Elapsed time in a readable unit: "0.4 ms", "2.1 s".
std::string format_elapsed(TimeNs ns);
// "2026-03-01" (UTC).
std::string format_date(UnixSeconds t);
// A span of time in the largest fitting unit: "35 days", "1 day", "5 hours",
// "12 minutes", "1 second".
std::string format_span(int64_t seconds);
// "h2,http/1.1".
std::string join(const std::vector<std::string>& items, const char* sep = ",");
// A name from the wire (SNI, ALPN, a certificate's) as a summary can carry
// it: printable ASCII (other bytes as \xNN, so an IDN or a damaged name stays
// readable), at most `max` characters.
std::string printable(const std::string& text, size_t max = 64);
// At most `shown` items, each printable, so that a one-line summary stays
// short whatever a client offers: "h2,http/1.1,spdy/3,stun.turn and 16 more".
std::string join_first(const std::vector<std::string>& items, size_t shown = 4);

}  // namespace tlsdiag
