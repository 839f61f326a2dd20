#include "capture/tls_messages.h"

#include <algorithm>

namespace tlsdiag::capture {

namespace {

constexpr uint16_t kServerName = 0, kSupportedGroups = 10, kAlpn = 16, kSupportedVersions = 43,
                   kKeyShare = 51, kEncryptedClientHello = 0xfe0d, kEncryptedServerName = 0xffce;
// TLS 1.3 drafts up to 22 numbered key_share 40 (draft-ietf-tls-tls13-23 §4.2).
constexpr uint16_t kDraftKeyShare = 40;
constexpr uint8_t kHostName = 0;

// RFC 8446 §4.1.3: a TLS 1.3 server that negotiates an older version ends its
// random with "DOWNGRD" and 01 (TLS 1.2) or 00 (below).
constexpr uint8_t kDowngrade[7] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44};

DowngradeSentinel downgrade_sentinel(const uint8_t* random) {
    const uint8_t* tail = random + 24;
    if (!std::equal(kDowngrade, kDowngrade + sizeof kDowngrade, tail))
        return DowngradeSentinel::None;
    if (tail[7] == 0x01) return DowngradeSentinel::Tls12;
    if (tail[7] == 0x00) return DowngradeSentinel::Tls11OrBelow;
    return DowngradeSentinel::None;
}

// The SHA-256 of "HelloRetryRequest" that RFC 8446 §4.1.3 puts in the random
// of a ServerHello that is really a HelloRetryRequest.
constexpr uint8_t kHelloRetryRandom[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

// A bounds-checked cursor: every read past the end fails and leaves it failed.
class Cursor {
public:
    Cursor(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
    bool ok() const { return ok_; }
    size_t left() const { return ok_ ? static_cast<size_t>(end_ - p_) : 0; }
    bool u8(uint8_t& v) {
        if (!need(1)) return false;
        v = *p_++;
        return true;
    }
    bool u16(uint16_t& v) {
        if (!need(2)) return false;
        v = static_cast<uint16_t>(p_[0] << 8 | p_[1]);
        p_ += 2;
        return true;
    }
    bool u24(uint32_t& v) {
        if (!need(3)) return false;
        v = static_cast<uint32_t>(p_[0]) << 16 | static_cast<uint32_t>(p_[1]) << 8 | p_[2];
        p_ += 3;
        return true;
    }
    bool bytes(size_t n, const uint8_t*& at) {
        if (!need(n)) return false;
        at = p_;
        p_ += n;
        return true;
    }
    // The next `n` bytes as a cursor of their own (a length-prefixed vector).
    bool sub(size_t n, Cursor& out) {
        const uint8_t* at = nullptr;
        if (!bytes(n, at)) return false;
        out = Cursor(at, n);
        return true;
    }

private:
    bool need(size_t n) {
        if (ok_ && static_cast<size_t>(end_ - p_) >= n) return true;
        ok_ = false;
        return false;
    }
    const uint8_t* p_;
    const uint8_t* end_;
    bool ok_ = true;
};

std::string text(const uint8_t* p, size_t n) {
    return std::string(reinterpret_cast<const char*>(p), n);
}

void read_server_names(Cursor ext, ClientHello& ch) {
    uint16_t list_len = 0;
    Cursor list(nullptr, 0);
    if (!ext.u16(list_len) || !ext.sub(list_len, list)) return;
    uint8_t name_type = 0;
    uint16_t name_len = 0;
    while (list.u8(name_type) && list.u16(name_len)) {
        const uint8_t* name = nullptr;
        if (!list.bytes(name_len, name)) return;
        if (name_type == kHostName && ch.sni.empty()) ch.sni = text(name, name_len);
    }
}

// Calls `on(protocol)` for every entry of an ALPN protocol_name_list.
template <typename On>
void each_alpn(Cursor ext, On on) {
    uint16_t list_len = 0;
    Cursor list(nullptr, 0);
    if (!ext.u16(list_len) || !ext.sub(list_len, list)) return;
    uint8_t len = 0;
    while (list.u8(len)) {
        const uint8_t* name = nullptr;
        if (!list.bytes(len, name)) return;
        on(text(name, len));
    }
}

// RFC 8446 §4.1.2 (and the versions before it): a legacy_version of 3.x
// (SSL 3.0 to TLS 1.3 drafts' 0x0303).
bool tls_legacy_version(uint16_t v) {
    return (v >> 8) == 3 && (v & 0xff) <= 4;
}

// What a ServerHello may name: 3.x, or a TLS 1.3 draft (0x7fNN) or
// experiment (0x7eNN) that named itself here before draft 22.
bool server_version(uint16_t v) {
    return tls_legacy_version(v) || (v >> 8) == 0x7f || (v >> 8) == 0x7e;
}

// The extension block of a hello: absent (a hello may end after its
// compression methods), or a length that its extensions fill exactly. Calls
// `on(type, data)` for each; false when the framing does not hold.
template <typename On>
bool read_extensions(Cursor& c, On on) {
    if (c.left() == 0) return true;
    uint16_t total = 0;
    Cursor block(nullptr, 0);
    if (!c.u16(total) || !c.sub(total, block) || c.left() != 0) return false;
    uint16_t type = 0, len = 0;
    while (block.left()) {
        Cursor data(nullptr, 0);
        if (!block.u16(type) || !block.u16(len) || !block.sub(len, data)) return false;
        on(type, data);
    }
    return true;
}

void read_u16_list(Cursor list, std::vector<uint16_t>& out) {
    for (uint16_t v = 0; list.u16(v);) out.push_back(v);
}

void read_key_shares(Cursor ext, std::vector<uint16_t>& groups) {
    uint16_t list_len = 0, group = 0, key_len = 0;
    Cursor list(nullptr, 0);
    if (!ext.u16(list_len) || !ext.sub(list_len, list)) return;
    const uint8_t* key = nullptr;
    while (list.u16(group) && list.u16(key_len) && list.bytes(key_len, key))
        groups.push_back(group);
}

// RFC 6347 §4.1 and RFC 9147 §5.3: DTLS 1.0 and 1.2 (DTLS 1.3 names 1.2
// here), and OpenSSL's pre-RFC DTLS 1.0 (0x0100), which Wireshark reads too.
bool dtls_version(uint16_t v) {
    return v == version::DTLS10 || v == version::DTLS12 || v == 0x0100;
}

// A ClientHello of TLS, or of DTLS with its cookie after the session id.
bool read_client_hello(const uint8_t* body, size_t len, bool dtls, ClientHello& ch) {
    Cursor c(body, len);
    const uint8_t* random = nullptr;
    uint8_t session_id_len = 0, compression_len = 0, cookie_len = 0;
    uint16_t suites_len = 0;
    const uint8_t* skipped = nullptr;
    if (!c.u16(ch.legacy_version) || !c.bytes(32, random)) return false;
    ch.random = text(random, 32);
    if (!c.u8(session_id_len) || !c.bytes(session_id_len, skipped)) return false;
    if (dtls && (!c.u8(cookie_len) || !c.bytes(cookie_len, skipped))) return false;
    if (!c.u16(suites_len)) return false;
    Cursor suites(nullptr, 0);
    const bool suites_fit = c.sub(suites_len, suites);
    read_u16_list(suites, ch.cipher_suites());
    if (!suites_fit || !c.u8(compression_len) || !c.bytes(compression_len, skipped)) return false;
    const bool extensions_fit = read_extensions(c, [&](uint16_t type, Cursor data) {
        if (type == kServerName) {
            ch.has_sni = true;
            read_server_names(data, ch);
        } else if (type == kAlpn) {
            each_alpn(data, [&](std::string p) { ch.alpn.push_back(std::move(p)); });
        } else if (type == kSupportedVersions) {
            uint8_t list_len = 0;
            Cursor list(nullptr, 0);
            if (data.u8(list_len) && data.sub(list_len, list))
                read_u16_list(list, ch.supported_versions());
        } else if (type == kSupportedGroups) {
            uint16_t list_len = 0;
            Cursor list(nullptr, 0);
            if (data.u16(list_len) && data.sub(list_len, list))
                read_u16_list(list, ch.supported_groups());
        } else if (type == kKeyShare || type == kDraftKeyShare) {
            read_key_shares(data, ch.key_share_groups());
        } else if (type == kEncryptedClientHello) {
            ch.encrypted_name = EncryptedName::Ech;
        } else if (type == kEncryptedServerName && ch.encrypted_name == EncryptedName::None) {
            ch.encrypted_name = EncryptedName::Esni;
        }
    });
    const bool version_ok =
        dtls ? dtls_version(ch.legacy_version) : tls_legacy_version(ch.legacy_version);
    return extensions_fit && version_ok && session_id_len <= 32 && suites_len >= 2 &&
           suites_len % 2 == 0 && compression_len >= 1;
}

}  // namespace

bool parse_client_hello(const uint8_t* body, size_t len, ClientHello& ch) {
    return read_client_hello(body, len, false, ch);
}

bool parse_dtls_client_hello(const uint8_t* body, size_t len, ClientHello& ch) {
    return read_client_hello(body, len, true, ch);
}

namespace {

// A ServerHello: DTLS's has TLS's layout, with a DTLS version.
bool read_server_hello(const uint8_t* body, size_t len, bool dtls, ServerHello& sh) {
    Cursor c(body, len);
    const uint8_t* random = nullptr;
    const uint8_t* skipped = nullptr;
    uint8_t session_id_len = 0, compression = 0;
    if (!c.u16(sh.legacy_version) || !c.bytes(32, random)) return false;
    sh.random = text(random, 32);
    sh.hello_retry_request = is_hello_retry_random(random, 32);
    sh.downgrade_sentinel = downgrade_sentinel(random);
    // TLS 1.3 drafts before 22 named themselves here and had no session id
    // and no compression method.
    const bool early_draft = (sh.legacy_version >> 8) == 0x7f && (sh.legacy_version & 0xff) < 22;
    if (!early_draft && (!c.u8(session_id_len) || !c.bytes(session_id_len, skipped))) return false;
    if (!c.u16(sh.cipher_suite) || (!early_draft && !c.u8(compression))) return false;
    sh.compression_method = compression;
    const bool extensions_fit = read_extensions(c, [&](uint16_t type, Cursor data) {
        if (type == kSupportedVersions) data.u16(sh.selected_version);
        else if (type == kAlpn) each_alpn(data, [&](std::string p) { sh.alpn = std::move(p); });
        // A KeyShareEntry (or a HelloRetryRequest's selected_group) starts with its group.
        else if (type == kKeyShare || type == kDraftKeyShare) data.u16(sh.key_share_group);
    });
    const bool version_ok =
        dtls ? dtls_version(sh.legacy_version) : server_version(sh.legacy_version);
    return extensions_fit && version_ok && session_id_len <= 32;
}

}  // namespace

bool parse_server_hello(const uint8_t* body, size_t len, ServerHello& sh) {
    return read_server_hello(body, len, false, sh);
}

bool parse_dtls_server_hello(const uint8_t* body, size_t len, ServerHello& sh) {
    return read_server_hello(body, len, true, sh);
}

namespace {

// The number of bits of a big-endian unsigned integer, leading zeros skipped.
uint32_t bit_length(const uint8_t* p, size_t n) {
    size_t i = 0;
    while (i < n && p[i] == 0) ++i;
    if (i == n) return 0;
    uint32_t bits = static_cast<uint32_t>((n - i - 1) * 8);
    for (uint8_t top = p[i]; top; top >>= 1) ++bits;
    return bits;
}

}  // namespace

bool parse_server_key_exchange(const uint8_t* body, size_t len, KeyExchangeParams params,
                               ServerKeyExchange& out) {
    Cursor c(body, len);
    const uint8_t* skipped = nullptr;
    uint16_t hint_len = 0;
    if (params == KeyExchangeParams::PskDh || params == KeyExchangeParams::PskEcdh) {
        if (!c.u16(hint_len) || !c.bytes(hint_len, skipped)) return false;
    }
    if (params == KeyExchangeParams::Dh || params == KeyExchangeParams::PskDh) {
        // dh_p<1..2^16-1>, then dh_g and dh_Ys, each as long as it says.
        uint16_t p_len = 0, g_len = 0, ys_len = 0;
        const uint8_t* p = nullptr;
        if (!c.u16(p_len) || p_len == 0 || !c.bytes(p_len, p) || !c.u16(g_len) ||
            !c.bytes(g_len, skipped) || !c.u16(ys_len) || !c.bytes(ys_len, skipped))
            return false;
        out.dh_prime_bits = bit_length(p, p_len);
        return out.dh_prime_bits > 0;
    }
    if (params == KeyExchangeParams::Ecdh || params == KeyExchangeParams::PskEcdh) {
        // ECParameters: curve_type named_curve (3) and its NamedGroup, then the point.
        constexpr uint8_t kNamedCurve = 3;
        uint8_t curve_type = 0, point_len = 0;
        if (!c.u8(curve_type) || curve_type != kNamedCurve || !c.u16(out.named_group) ||
            !c.u8(point_len) || !c.bytes(point_len, skipped))
            return false;
        return true;
    }
    return false;
}

void parse_certificate(const uint8_t* body, size_t len, std::vector<std::string>& out) {
    Cursor c(body, len);
    uint32_t total = 0, entry_len = 0;
    Cursor list(nullptr, 0);
    if (!c.u24(total) || !c.sub(total, list)) return;
    while (list.u24(entry_len)) {
        const uint8_t* der = nullptr;
        if (!list.bytes(entry_len, der)) return;
        out.push_back(text(der, entry_len));
    }
}

void parse_tls13_certificate(const uint8_t* body, size_t len, std::vector<std::string>& out) {
    // RFC 8446 §4.4.2: a request context, then entries that each carry
    // extensions after their certificate.
    Cursor c(body, len);
    uint8_t context_len = 0;
    uint32_t total = 0, entry_len = 0;
    uint16_t extensions_len = 0;
    const uint8_t* skipped = nullptr;
    Cursor list(nullptr, 0);
    if (!c.u8(context_len) || !c.bytes(context_len, skipped) || !c.u24(total) ||
        !c.sub(total, list))
        return;
    while (list.u24(entry_len)) {
        const uint8_t* der = nullptr;
        if (!list.bytes(entry_len, der)) return;
        out.push_back(text(der, entry_len));
        if (!list.u16(extensions_len) || !list.bytes(extensions_len, skipped)) return;
    }
}

namespace {

constexpr uint16_t kCertificateAuthorities = 47;

// A DistinguishedName list (RFC 5246 §7.4.4, RFC 8446 §4.2.4): a 16-bit
// length, then DER names each with a 16-bit length. False when the framing
// does not hold.
bool read_names(Cursor& c, std::vector<std::string>& out) {
    uint16_t total = 0, len = 0;
    Cursor list(nullptr, 0);
    if (!c.u16(total) || !c.sub(total, list)) return false;
    while (list.left()) {
        const uint8_t* der = nullptr;
        if (!list.u16(len) || !list.bytes(len, der)) return false;
        out.push_back(text(der, len));
    }
    return true;
}

// TLS 1.0-1.2: certificate_types, supported_signature_algorithms (TLS 1.2
// only), certificate_authorities, filling the message exactly.
bool read_legacy_request(Cursor c, bool with_algorithms, std::vector<std::string>& out) {
    uint8_t types_len = 0;
    uint16_t algorithms_len = 0;
    const uint8_t* skipped = nullptr;
    if (!c.u8(types_len) || !c.bytes(types_len, skipped)) return false;
    if (with_algorithms && (!c.u16(algorithms_len) || !c.bytes(algorithms_len, skipped)))
        return false;
    std::vector<std::string> names;
    if (!read_names(c, names) || c.left() != 0) return false;
    out = std::move(names);
    return true;
}

}  // namespace

void parse_certificate_request(const uint8_t* body, size_t len, bool tls13,
                               std::vector<std::string>& authorities) {
    Cursor c(body, len);
    if (!tls13) {
        // The message does not say its version: the layout that fits is it.
        if (!read_legacy_request(c, true, authorities)) read_legacy_request(c, false, authorities);
        return;
    }
    // RFC 8446 §4.3.2: a request context, then extensions, of which
    // certificate_authorities (§4.2.4) lists the names.
    uint8_t context_len = 0;
    uint16_t extensions_len = 0, type = 0, ext_len = 0;
    const uint8_t* skipped = nullptr;
    Cursor extensions(nullptr, 0);
    if (!c.u8(context_len) || !c.bytes(context_len, skipped) || !c.u16(extensions_len) ||
        !c.sub(extensions_len, extensions))
        return;
    while (extensions.u16(type) && extensions.u16(ext_len)) {
        Cursor data(nullptr, 0);
        if (!extensions.sub(ext_len, data)) return;
        if (type == kCertificateAuthorities) {
            std::vector<std::string> names;
            if (read_names(data, names)) authorities = std::move(names);
            return;
        }
    }
}

namespace {

// SSLv2 cipher specs are 3 bytes; those of the form 00 XX YY are the TLS
// suite XXYY (RFC 5246 §E.2), the others SSLv2's own.
void read_cipher_specs(Cursor specs, std::vector<uint16_t>& suites, uint16_t& sslv2_only) {
    const uint8_t* spec = nullptr;
    while (specs.bytes(3, spec)) {
        if (spec[0] == 0) suites.push_back(static_cast<uint16_t>(spec[1] << 8 | spec[2]));
        else ++sslv2_only;
    }
}

bool sslv2_version(uint16_t v) {
    return v == 0x0002 || (v >> 8) == 3;
}

}  // namespace

bool parse_sslv2_client_hello(const uint8_t* record, size_t len, ClientHello& ch) {
    // RFC 6101 E.1 / the SSL 2.0 draft: type, version, three lengths, then
    // the cipher specs, the session id and the challenge, filling the record.
    Cursor c(record, len);
    uint8_t type = 0;
    uint16_t specs_len = 0, session_id_len = 0, challenge_len = 0;
    ch.sslv2 = true;
    if (!c.u8(type) || !c.u16(ch.legacy_version) || !c.u16(specs_len) || !c.u16(session_id_len) ||
        !c.u16(challenge_len))
        return false;
    Cursor specs(nullptr, 0);
    const bool specs_fit = c.sub(specs_len, specs);
    read_cipher_specs(specs, ch.cipher_suites(), ch.sslv2_only_specs);
    const uint8_t* challenge = nullptr;
    const uint8_t* session_id = nullptr;
    if (!specs_fit || !c.bytes(session_id_len, session_id) || !c.bytes(challenge_len, challenge))
        return false;
    ch.random = text(challenge, challenge_len);
    return type == 1 && c.left() == 0 && sslv2_version(ch.legacy_version) && specs_len > 0 &&
           specs_len % 3 == 0 && (session_id_len == 0 || session_id_len == 16) &&
           challenge_len >= 16 && challenge_len <= 32;
}

bool parse_sslv2_server_hello(const uint8_t* record, size_t len, ServerHello& sh,
                              std::vector<std::string>& certificates) {
    // Type 4, session-id-hit, certificate type, version, then the lengths of
    // the certificate, the cipher specs and the connection id, filling the record.
    Cursor c(record, len);
    uint8_t type = 0, hit = 0, cert_type = 0;
    uint16_t cert_len = 0, specs_len = 0, conn_id_len = 0;
    sh.sslv2 = true;
    if (!c.u8(type) || !c.u8(hit) || !c.u8(cert_type) || !c.u16(sh.legacy_version) ||
        !c.u16(cert_len) || !c.u16(specs_len) || !c.u16(conn_id_len))
        return false;
    const uint8_t* cert = nullptr;
    const uint8_t* conn_id = nullptr;
    Cursor specs(nullptr, 0);
    if (!c.bytes(cert_len, cert) || !c.sub(specs_len, specs) || !c.bytes(conn_id_len, conn_id))
        return false;
    uint16_t sslv2_only = 0;
    std::vector<uint16_t> suites;
    read_cipher_specs(specs, suites, sslv2_only);
    sh.sslv2_specs = static_cast<uint16_t>(specs_len / 3);
    sh.random = text(conn_id, conn_id_len);
    if (cert_len) certificates.push_back(text(cert, cert_len));
    // A session-id hit sends no certificate and no specs.
    return type == 4 && hit <= 1 && c.left() == 0 && sslv2_version(sh.legacy_version) &&
           specs_len % 3 == 0 && conn_id_len >= 16 && conn_id_len <= 32 &&
           (hit || (cert_type == 1 && cert_len > 0 && specs_len > 0));
}

bool is_hello_retry_random(const uint8_t* random, size_t len) {
    return random && len == sizeof kHelloRetryRandom &&
           std::equal(random, random + len, kHelloRetryRandom);
}

bool known_handshake_type(uint8_t type) {
    switch (type) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 8:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
    case 16:
    case 20:
    case 21:
    case 22:
    case 23:
    case 24:
    case 25:
    case 254: return true;
    default: return false;
    }
}

}  // namespace tlsdiag::capture
