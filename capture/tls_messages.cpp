#include "capture/tls_messages.h"

#include <algorithm>

namespace tlsdiag::capture {

namespace {

constexpr uint16_t kServerName = 0, kAlpn = 16, kSupportedVersions = 43;
constexpr uint8_t kHostName = 0;

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

std::string text(const uint8_t* p, size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }

// Calls `on(type, data)` for every whole extension of a hello's extension block.
template <typename On>
void each_extension(Cursor& c, On on) {
    uint16_t total = 0;
    Cursor block(nullptr, 0);
    if (!c.u16(total)) return;
    if (!c.sub(total, block)) block = Cursor(nullptr, 0);
    uint16_t type = 0, len = 0;
    while (block.u16(type) && block.u16(len)) {
        Cursor data(nullptr, 0);
        if (!block.sub(len, data)) return;
        on(type, data);
    }
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

}  // namespace

void parse_client_hello(const uint8_t* body, size_t len, ClientHello& ch) {
    Cursor c(body, len);
    const uint8_t* random = nullptr;
    uint8_t session_id_len = 0, compression_len = 0;
    uint16_t suites_len = 0;
    const uint8_t* skipped = nullptr;
    if (!c.u16(ch.legacy_version) || !c.bytes(32, random)) return;
    ch.random = text(random, 32);
    if (!c.u8(session_id_len) || !c.bytes(session_id_len, skipped) || !c.u16(suites_len)) return;
    Cursor suites(nullptr, 0);
    if (!c.sub(suites_len, suites)) suites = Cursor(nullptr, 0);
    for (uint16_t s = 0; suites.u16(s);) ch.cipher_suites().push_back(s);
    if (!c.ok() || !c.u8(compression_len) || !c.bytes(compression_len, skipped)) return;
    each_extension(c, [&](uint16_t type, Cursor data) {
        if (type == kServerName) {
            ch.has_sni = true;
            read_server_names(data, ch);
        } else if (type == kAlpn) {
            each_alpn(data, [&](std::string p) { ch.alpn.push_back(std::move(p)); });
        } else if (type == kSupportedVersions) {
            uint8_t list_len = 0;
            Cursor list(nullptr, 0);
            if (!data.u8(list_len) || !data.sub(list_len, list)) return;
            for (uint16_t v = 0; list.u16(v);) ch.supported_versions().push_back(v);
        }
    });
}

void parse_server_hello(const uint8_t* body, size_t len, ServerHello& sh) {
    Cursor c(body, len);
    const uint8_t* random = nullptr;
    const uint8_t* skipped = nullptr;
    uint8_t session_id_len = 0, compression = 0;
    if (!c.u16(sh.legacy_version) || !c.bytes(32, random)) return;
    sh.random = text(random, 32);
    sh.hello_retry_request = is_hello_retry_random(random, 32);
    // TLS 1.3 drafts before 22 named themselves here and had no session id
    // and no compression method.
    const bool early_draft = (sh.legacy_version >> 8) == 0x7f && (sh.legacy_version & 0xff) < 22;
    if (!early_draft && (!c.u8(session_id_len) || !c.bytes(session_id_len, skipped))) return;
    if (!c.u16(sh.cipher_suite) || (!early_draft && !c.u8(compression))) return;
    each_extension(c, [&](uint16_t type, Cursor data) {
        if (type == kSupportedVersions) data.u16(sh.selected_version);
        else if (type == kAlpn) each_alpn(data, [&](std::string p) { sh.alpn = std::move(p); });
    });
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

void parse_sslv2_client_hello(const uint8_t* record, size_t len, ClientHello& ch) {
    Cursor c(record, len);
    uint8_t type = 0;
    if (c.u8(type)) c.u16(ch.legacy_version);
}

bool is_hello_retry_random(const uint8_t* random, size_t len) {
    return random && len == sizeof kHelloRetryRandom && std::equal(random, random + len, kHelloRetryRandom);
}

bool known_handshake_type(uint8_t type) {
    switch (type) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 8: case 11: case 12: case 13:
    case 14: case 15: case 16: case 20: case 21: case 22: case 23: case 24: case 25: case 254:
        return true;
    default:
        return false;
    }
}

}  // namespace tlsdiag::capture
