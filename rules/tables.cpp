#include "tlsdiag/tables.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace tlsdiag {

#include "groups_data.inc"
#include "tables_data.inc"

const CipherSuiteInfo* find_cipher_suite(uint16_t code) {
    auto it = std::lower_bound(std::begin(kCipherSuites), std::end(kCipherSuites), code,
                               [](const CipherSuiteInfo& s, uint16_t c) { return s.code < c; });
    return it != std::end(kCipherSuites) && it->code == code ? &*it : nullptr;
}

const GroupInfo* find_group(uint16_t code) {
    auto it = std::lower_bound(std::begin(kGroups), std::end(kGroups), code,
                               [](const GroupInfo& g, uint16_t c) { return g.code < c; });
    return it != std::end(kGroups) && it->code == code ? &*it : nullptr;
}

KeyExchangeParams key_exchange_params(uint16_t suite) {
    const CipherSuiteInfo* s = find_cipher_suite(suite);
    if (!s) return KeyExchangeParams::None;
    const std::string kx = s->key_exchange;
    // cipher_suites.tsv's key_exchange column: DHE, DHE_EXPORT, DHE_EXPORT1024
    // and anonymous DH send ServerDHParams; ECDHE and anonymous ECDH a named
    // or explicit curve. ECDHE(SM2) and the static kinds send neither.
    if (kx == "DHE_PSK") return KeyExchangeParams::PskDh;
    if (kx == "ECDHE_PSK") return KeyExchangeParams::PskEcdh;
    if (kx.rfind("DHE", 0) == 0 || kx.rfind("DH(anon", 0) == 0) return KeyExchangeParams::Dh;
    if (kx == "ECDHE" || kx == "ECDH(anon,ephemeral)") return KeyExchangeParams::Ecdh;
    return KeyExchangeParams::None;
}

const AlertInfo* find_alert(uint8_t code) {
    for (const AlertInfo& a : kAlerts)
        if (a.code == code) return &a;
    return nullptr;
}

const CipherSuiteInfo* cipher_suites_begin() {
    return std::begin(kCipherSuites);
}
const CipherSuiteInfo* cipher_suites_end() {
    return std::end(kCipherSuites);
}

bool is_closure_alert(uint8_t code) {
    return code == 0 || code == 90;
}

const AlertInfo* alerts_begin() {
    return std::begin(kAlerts);
}
const AlertInfo* alerts_end() {
    return std::end(kAlerts);
}

std::string suite_label(uint16_t code) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%04x", code);
    const CipherSuiteInfo* s = find_cipher_suite(code);
    return s ? std::string(s->name) + " (" + hex + ")" : std::string("unknown suite ") + hex;
}

std::string version_name(uint16_t v) {
    switch (v) {
    case 0x0002: return "SSL 2.0";
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    case 0xfeff: return "DTLS 1.0";
    case 0xfefd: return "DTLS 1.2";
    case 0xfefc: return "DTLS 1.3";
    case 0x0100: return "DTLS 1.0 (OpenSSL's pre-RFC DTLS1_BAD_VER)";
    }
    char buf[32];
    // TLS 1.3 drafts were 0x7fNN with NN the draft number (RFC 8446 §D).
    if ((v >> 8) == 0x7f) std::snprintf(buf, sizeof buf, "TLS 1.3 draft %u", v & 0xffu);
    else std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

std::string alert_name(uint8_t code) {
    const AlertInfo* a = find_alert(code);
    return a ? a->name : "unknown";
}

}  // namespace tlsdiag
