// The handshake messages tlsdiag reads itself, from their bytes (the body
// after the 4-byte handshake header). A message cut short keeps what was read
// before the cut, as the TLS dissector's items would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tlsdiag/model.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::capture {

// Each fills `ch` or `sh` with what it could read and returns whether the message
// parsed completely and consistently: every length inside its container, the
// containers used up exactly, the versions in range. Only such a hello makes
// a stream a TLS connection (random bytes seldom are one).
bool parse_client_hello(const uint8_t* body, size_t len, ClientHello& ch);
bool parse_server_hello(const uint8_t* body, size_t len, ServerHello& sh);
// The same for DTLS (RFC 6347 §4.2.1): the ClientHello carries a cookie after
// its session id, and both name a DTLS version.
bool parse_dtls_client_hello(const uint8_t* body, size_t len, ClientHello& ch);
bool parse_dtls_server_hello(const uint8_t* body, size_t len, ServerHello& sh);
// A TLS 1.0-1.2 Certificate: its DER entries, leaf first.
void parse_certificate(const uint8_t* body, size_t len, std::vector<std::string>& out);
// The same for TLS 1.3, whose entries carry extensions.
void parse_tls13_certificate(const uint8_t* body, size_t len, std::vector<std::string>& out);
// A CertificateRequest's certificate_authorities: the DER DistinguishedNames
// the server accepts issuers from, none when it lists none or the list does
// not parse. TLS 1.0-1.2 (RFC 5246 §7.4.4) or TLS 1.3's extension (RFC 8446
// §4.2.4).
void parse_certificate_request(const uint8_t* body, size_t len, bool tls13,
                               std::vector<std::string>& authorities);
// A TLS 1.0-1.2 ServerKeyExchange, read as the suite's key exchange lays it
// out: the size of its DH prime or its named curve. False when the suite
// sends no ephemeral parameters, for an explicit curve, or when the
// parameters do not fit the message.
bool parse_server_key_exchange(const uint8_t* body, size_t len, KeyExchangeParams params,
                               ServerKeyExchange& out);
// SSLv2 records (after the 2-byte record header): an SSLv2-compatible or
// SSLv2 CLIENT-HELLO, and an SSLv2 SERVER-HELLO with its certificate.
bool parse_sslv2_client_hello(const uint8_t* record, size_t len, ClientHello& ch);
bool parse_sslv2_server_hello(const uint8_t* record, size_t len, ServerHello& sh,
                              std::vector<std::string>& certificates);
// The random of a ServerHello that is really a HelloRetryRequest (RFC 8446 §4.1.3).
bool is_hello_retry_random(const uint8_t* random, size_t len);
// A handshake type the dissector names; any other byte starts what it shows
// as an encrypted handshake message.
bool known_handshake_type(uint8_t type);

}  // namespace tlsdiag::capture
