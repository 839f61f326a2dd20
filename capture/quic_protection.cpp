#include "capture/quic_protection.h"

#include <nettle/aes.h>
#include <nettle/gcm.h>
#include <nettle/hkdf.h>
#include <nettle/hmac.h>

#include <cstring>
#include <string>

namespace tlsdiag::capture {

namespace {

constexpr size_t kTagLen = 16;

struct Salt {
    uint32_t version;
    uint8_t bytes[20];
    const char* label_prefix;  // "quic " for v1 and the drafts, "quicv2 " for v2
};

// RFC 9001 §5.2, RFC 9369 §3.3.1, draft-ietf-quic-tls-29 §5.2.
constexpr Salt kSalts[] = {
    {quic_version::V1,
     {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
      0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a},
     "quic "},
    {quic_version::V2,
     {0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
      0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9},
     "quicv2 "},
    {quic_version::Draft29,
     {0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
      0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99},
     "quic "},
};

const Salt* salt_of(uint32_t version) {
    for (const Salt& s : kSalts)
        if (s.version == version) return &s;
    return nullptr;
}

// HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
void expand_label(const uint8_t prk[SHA256_DIGEST_SIZE], const std::string& label, uint8_t* out,
                  size_t out_len) {
    const std::string full = "tls13 " + label;
    std::string info;
    info.push_back(static_cast<char>(out_len >> 8));
    info.push_back(static_cast<char>(out_len & 0xff));
    info.push_back(static_cast<char>(full.size()));
    info += full;
    info.push_back(0);
    hmac_sha256_ctx mac;
    hmac_sha256_set_key(&mac, SHA256_DIGEST_SIZE, prk);
    hkdf_expand(&mac, reinterpret_cast<nettle_hash_update_func*>(hmac_sha256_update),
                reinterpret_cast<nettle_hash_digest_func*>(hmac_sha256_digest), SHA256_DIGEST_SIZE,
                info.size(), reinterpret_cast<const uint8_t*>(info.data()), out_len, out);
}

void keys_from_secret(const uint8_t secret[SHA256_DIGEST_SIZE], const char* prefix,
                      QuicInitialKeys& k) {
    expand_label(secret, std::string(prefix) + "key", k.key, sizeof k.key);
    expand_label(secret, std::string(prefix) + "iv", k.iv, sizeof k.iv);
    expand_label(secret, std::string(prefix) + "hp", k.hp, sizeof k.hp);
}

}  // namespace

bool quic_version_known(uint32_t version) {
    return salt_of(version) != nullptr;
}

bool derive_quic_initial_keys(uint32_t version, const uint8_t* dcid, size_t dcid_len,
                              QuicInitialKeys& client, QuicInitialKeys& server) {
    const Salt* salt = salt_of(version);
    if (!salt) return false;
    uint8_t initial[SHA256_DIGEST_SIZE];
    hmac_sha256_ctx mac;
    hmac_sha256_set_key(&mac, sizeof salt->bytes, salt->bytes);
    hkdf_extract(&mac, reinterpret_cast<nettle_hash_update_func*>(hmac_sha256_update),
                 reinterpret_cast<nettle_hash_digest_func*>(hmac_sha256_digest),
                 SHA256_DIGEST_SIZE, dcid_len, dcid, initial);
    uint8_t secret[SHA256_DIGEST_SIZE];
    expand_label(initial, "client in", secret, sizeof secret);
    keys_from_secret(secret, salt->label_prefix, client);
    expand_label(initial, "server in", secret, sizeof secret);
    keys_from_secret(secret, salt->label_prefix, server);
    return true;
}

void quic_header_mask(const QuicInitialKeys& keys, const uint8_t* sample, uint8_t mask[5]) {
    aes128_ctx aes;
    aes128_set_encrypt_key(&aes, keys.hp);
    uint8_t block[AES_BLOCK_SIZE];
    aes128_encrypt(&aes, AES_BLOCK_SIZE, block, sample);
    std::memcpy(mask, block, 5);
}

bool quic_open(const QuicInitialKeys& keys, uint64_t packet_number, const uint8_t* header,
               size_t header_len, const uint8_t* sealed, size_t sealed_len, std::string& plain) {
    if (sealed_len < kTagLen) return false;
    uint8_t nonce[12];
    std::memcpy(nonce, keys.iv, sizeof nonce);
    for (int i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<uint8_t>(packet_number >> (8 * i));
    gcm_aes128_ctx gcm;
    gcm_aes128_set_key(&gcm, keys.key);
    gcm_aes128_set_iv(&gcm, sizeof nonce, nonce);
    gcm_aes128_update(&gcm, header_len, header);
    const size_t len = sealed_len - kTagLen;
    plain.resize(len);
    gcm_aes128_decrypt(&gcm, len, reinterpret_cast<uint8_t*>(&plain[0]), sealed);
    uint8_t tag[kTagLen];
    gcm_aes128_digest(&gcm, kTagLen, tag);
    // Not secret: a capture's packets, so no constant-time compare is needed.
    return std::memcmp(tag, sealed + len, kTagLen) == 0;
}

}  // namespace tlsdiag::capture
