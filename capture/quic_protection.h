// QUIC packet protection (RFC 9001 §5; QUIC v2: RFC 9369 §3.3): the Initial
// keys, which anyone can derive from the client's first Destination
// Connection ID (so tlsdiag reads the ClientHello and ServerHello of every
// QUIC connection without a key log), and the Handshake keys, from the
// traffic secrets a key log gives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tlsdiag::capture {

namespace quic_version {
constexpr uint32_t V1 = 0x00000001;       // RFC 9000
constexpr uint32_t V2 = 0x6b3343cf;       // RFC 9369
constexpr uint32_t Draft29 = 0xff00001d;  // the last draft browsers spoke widely
}  // namespace quic_version

// Whether tlsdiag knows the version's Initial salt (and so can read it).
bool quic_version_known(uint32_t version);

// The keys protecting one direction's packets of one packet number space.
struct QuicKeys {
    enum class Aead : uint8_t { Aes128Gcm, Aes256Gcm, ChaCha20Poly1305 };
    Aead aead = Aead::Aes128Gcm;
    uint8_t key[32];
    uint8_t iv[12];
    uint8_t hp[32];
};
using QuicInitialKeys = QuicKeys;

// Both directions' Initial keys, from the Destination Connection ID of the
// client's first Initial (or the Source Connection ID of the server's
// Retry). False for a version whose salt tlsdiag does not know.
bool derive_quic_initial_keys(uint32_t version, const uint8_t* dcid, size_t dcid_len,
                              QuicKeys& client, QuicKeys& server);

// One direction's keys from a TLS 1.3 traffic secret (a key log's
// CLIENT_HANDSHAKE_TRAFFIC_SECRET, say) of a connection that negotiated
// `cipher_suite`. False for a suite QUIC does not use, or a secret of the
// wrong size.
bool quic_keys_from_secret(uint32_t version, uint16_t cipher_suite, const std::string& secret,
                           QuicKeys& out);

// The 5-byte header protection mask from the 16-byte sample.
void quic_header_mask(const QuicKeys& keys, const uint8_t* sample, uint8_t mask[5]);

// Decrypts a packet's payload into `plain`: `header` is the unprotected
// header (the AAD), `packet_number` the full packet number. False when the
// tag does not match: not these keys, or not an intact packet.
bool quic_open(const QuicKeys& keys, uint64_t packet_number, const uint8_t* header,
               size_t header_len, const uint8_t* sealed, size_t sealed_len, std::string& plain);

}  // namespace tlsdiag::capture
