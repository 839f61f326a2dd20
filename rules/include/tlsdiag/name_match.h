// Host name matching of a server certificate against the name the client
// asked for (the SNI), after RFC 6125 §6.4 as browsers apply it today
// (RFC 9525): a wildcard only as the whole leftmost label, covering exactly
// one label; the CN only when the certificate has no dNSName at all.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "tlsdiag/certificate.h"

namespace tlsdiag {

// `presented` is a dNSName (or CN) from the certificate, `reference` the name
// asked for. Case-insensitive (ASCII; IDNs are compared as A-labels), one
// trailing dot ignored on either side.
bool dns_name_matches(const std::string& presented, const std::string& reference);

// An IPv4 or IPv6 literal as 16 bytes (IPv4 as ::ffff:a.b.c.d); nothing when
// `text` is not one.
std::optional<std::array<uint8_t, 16>> parse_ip_literal(const std::string& text);

// Whether `cert` is valid for `host`: an IP literal against the iPAddress
// entries, a name against the dNSNames, or the CN when there is no dNSName.
bool certificate_matches_host(const CertificateInfo& cert, const std::string& host);

}  // namespace tlsdiag
