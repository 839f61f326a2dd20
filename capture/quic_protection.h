// QUIC Initial packet protection (RFC 9001 §5; QUIC v2: RFC 9369 §3.3):
// keys that anyone can derive from the client's first Destination
// Connection ID, which is why tlsdiag can read the ClientHello and
// ServerHello of every QUIC connection without a key log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tlsdiag::capture {

namespace quic_version {
constexpr uint32_t V1 = 0x00000001;        // RFC 9000
constexpr uint32_t V2 = 0x6b3343cf;        // RFC 9369
constexpr uint32_t Draft29 = 0xff00001d;   // the last draft browsers spoke widely
}  // namespace quic_version

// Whether tlsdiag knows the version's Initial salt (and so can read it).
bool quic_version_known(uint32_t version);

// The keys protecting one direction's Initial packets.
struct QuicInitialKeys {
    uint8_t key[16];
    uint8_t iv[12];
    uint8_t hp[16];
};

// Both directions' keys, from the Destination Connection ID of the client's
// first Initial (or the Source Connection ID of the server's Retry). False
// for a version whose salt tlsdiag does not know.
bool derive_quic_initial_keys(uint32_t version, const uint8_t* dcid, size_t dcid_len,
                              QuicInitialKeys& client, QuicInitialKeys& server);

// The 5-byte header protection mask from the 16-byte sample (AES-128-ECB).
void quic_header_mask(const QuicInitialKeys& keys, const uint8_t* sample, uint8_t mask[5]);

// Decrypts an Initial packet's payload (AEAD_AES_128_GCM) into `plain`:
// `header` is the unprotected header (the AAD), `packet_number` the full
// packet number. False when the tag does not match: not these keys, or not
// an intact packet.
bool quic_open(const QuicInitialKeys& keys, uint64_t packet_number, const uint8_t* header,
               size_t header_len, const uint8_t* sealed, size_t sealed_len, std::string& plain);

}  // namespace tlsdiag::capture
