// Facts the rules use: cipher suites (with Apple's ATS list and the RFC 7540
// Appendix A list) and alerts. Generated from rules/data/*.tsv; see
// rules/data/SOURCES.md for where each column comes from.
#pragma once

#include <cstdint>
#include <string>

namespace tlsdiag {

struct CipherSuiteInfo {
    uint16_t code;
    const char* name;          // IANA name
    const char* key_exchange;  // "ECDHE", "RSA", "DHE", "TLS1.3 (any)", ...
    bool forward_secret;
    bool aead;
    bool tls13;
    bool http2_blacklisted;                    // RFC 7540 Appendix A
    bool ats_allowed;                          // App Transport Security's accepted suites
    bool ats_allowed_without_forward_secrecy;  // added by NSExceptionRequiresForwardSecrecy NO
    const char* insecure_reason;               // "" when not insecure, else "RC4", "3DES", ...
};

struct AlertInfo {
    uint8_t code;
    const char* name;  // IANA name, without "_RESERVED"
    const char* meaning;
    const char* typically_sent_by;
    const char* root_causes;
    int apple_code;  // Secure Transport OSStatus on receipt, 0 if none
    const char* apple_name;
    const char* openssl_reason;  // OpenSSL 3 error string on receipt
};

// A TLS supported group (IANA TLS Supported Groups registry), from
// rules/data/supported_groups.tsv.
struct GroupInfo {
    uint16_t code;
    const char* name;   // IANA name
    bool finite_field;  // an RFC 7919 ffdhe group; else an elliptic curve or no classical group
    uint16_t bits;      // the prime's or the curve's field size; 0 when the group has no one size
};
const GroupInfo* find_group(uint16_t code);

// How a TLS 1.0-1.2 suite's ServerKeyExchange carries its ephemeral key:
// ServerDHParams (RFC 5246 §7.4.3) or ServerECDHParams (RFC 8422 §5.4), after
// a PSK identity hint for the PSK forms (RFC 4279 §3, RFC 5489 §2).
enum class KeyExchangeParams : uint8_t { None, Dh, Ecdh, PskDh, PskEcdh };
KeyExchangeParams key_exchange_params(uint16_t suite);

const CipherSuiteInfo* find_cipher_suite(uint16_t code);
// The whole suite table, in code order (find_cipher_suite bisects it).
const CipherSuiteInfo* cipher_suites_begin();
const CipherSuiteInfo* cipher_suites_end();
const AlertInfo* find_alert(uint8_t code);
// close_notify and user_canceled end a connection; they report no error (RFC 8446 §6.1).
bool is_closure_alert(uint8_t code);
const AlertInfo* alerts_begin();
const AlertInfo* alerts_end();

// "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)", or "unknown suite 0x1234".
std::string suite_label(uint16_t code);
// "TLS 1.2", "SSL 3.0", "0x7e01".
std::string version_name(uint16_t v);
// "alert 42 bad_certificate" style name, "unknown" when not in the table.
std::string alert_name(uint8_t code);

}  // namespace tlsdiag
