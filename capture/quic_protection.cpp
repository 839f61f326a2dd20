#include "capture/quic_protection.h"

#include <nettle/aes.h>
#include <nettle/chacha-poly1305.h>
#include <nettle/chacha.h>
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

const char* label_prefix(uint32_t version) {
    return version == quic_version::V2 ? "quicv2 " : "quic ";
}

// The hash of a suite's HKDF: SHA-256, or SHA-384 for TLS_AES_256_GCM_SHA384.
struct Hash {
    bool sha384;
    size_t size() const { return sha384 ? SHA384_DIGEST_SIZE : SHA256_DIGEST_SIZE; }
};

// HKDF-Expand-Label (RFC 8446 §7.1) with an empty context.
void expand_label(Hash hash, const uint8_t* prk, const std::string& label, uint8_t* out,
                  size_t out_len) {
    const std::string full = "tls13 " + label;
    std::string info;
    info.push_back(static_cast<char>(out_len >> 8));
    info.push_back(static_cast<char>(out_len & 0xff));
    info.push_back(static_cast<char>(full.size()));
    info += full;
    info.push_back(0);
    const auto* in = reinterpret_cast<const uint8_t*>(info.data());
    if (hash.sha384) {
        hmac_sha384_ctx mac;
        hmac_sha384_set_key(&mac, SHA384_DIGEST_SIZE, prk);
        hkdf_expand(&mac, reinterpret_cast<nettle_hash_update_func*>(hmac_sha384_update),
                    reinterpret_cast<nettle_hash_digest_func*>(hmac_sha384_digest),
                    SHA384_DIGEST_SIZE, info.size(), in, out_len, out);
        return;
    }
    hmac_sha256_ctx mac;
    hmac_sha256_set_key(&mac, SHA256_DIGEST_SIZE, prk);
    hkdf_expand(&mac, reinterpret_cast<nettle_hash_update_func*>(hmac_sha256_update),
                reinterpret_cast<nettle_hash_digest_func*>(hmac_sha256_digest), SHA256_DIGEST_SIZE,
                info.size(), in, out_len, out);
}

size_t key_len(QuicKeys::Aead aead) {
    return aead == QuicKeys::Aead::Aes128Gcm ? 16 : 32;
}

void keys_from_secret(Hash hash, const uint8_t* secret, const char* prefix, QuicKeys& k) {
    const size_t len = key_len(k.aead);
    expand_label(hash, secret, std::string(prefix) + "key", k.key, len);
    expand_label(hash, secret, std::string(prefix) + "iv", k.iv, sizeof k.iv);
    expand_label(hash, secret, std::string(prefix) + "hp", k.hp, len);
}

}  // namespace

bool quic_version_known(uint32_t version) {
    return salt_of(version) != nullptr;
}

bool derive_quic_initial_keys(uint32_t version, const uint8_t* dcid, size_t dcid_len,
                              QuicKeys& client, QuicKeys& server) {
    const Salt* salt = salt_of(version);
    if (!salt) return false;
    uint8_t initial[SHA256_DIGEST_SIZE];
    hmac_sha256_ctx mac;
    hmac_sha256_set_key(&mac, sizeof salt->bytes, salt->bytes);
    hkdf_extract(&mac, reinterpret_cast<nettle_hash_update_func*>(hmac_sha256_update),
                 reinterpret_cast<nettle_hash_digest_func*>(hmac_sha256_digest), SHA256_DIGEST_SIZE,
                 dcid_len, dcid, initial);
    const Hash sha256{false};
    uint8_t secret[SHA256_DIGEST_SIZE];
    client.aead = server.aead = QuicKeys::Aead::Aes128Gcm;
    expand_label(sha256, initial, "client in", secret, sizeof secret);
    keys_from_secret(sha256, secret, salt->label_prefix, client);
    expand_label(sha256, initial, "server in", secret, sizeof secret);
    keys_from_secret(sha256, secret, salt->label_prefix, server);
    return true;
}

bool quic_keys_from_secret(uint32_t version, uint16_t cipher_suite, const std::string& secret,
                           QuicKeys& out) {
    // RFC 9001 §5.3: the TLS 1.3 suites QUIC uses (not AES-CCM here).
    Hash hash{false};
    switch (cipher_suite) {
    case 0x1301: out.aead = QuicKeys::Aead::Aes128Gcm; break;
    case 0x1302:
        out.aead = QuicKeys::Aead::Aes256Gcm;
        hash.sha384 = true;
        break;
    case 0x1303: out.aead = QuicKeys::Aead::ChaCha20Poly1305; break;
    default: return false;
    }
    if (secret.size() != hash.size()) return false;
    keys_from_secret(hash, reinterpret_cast<const uint8_t*>(secret.data()), label_prefix(version),
                     out);
    return true;
}

void quic_header_mask(const QuicKeys& keys, const uint8_t* sample, uint8_t mask[5]) {
    uint8_t block[AES_BLOCK_SIZE] = {};
    switch (keys.aead) {
    case QuicKeys::Aead::Aes128Gcm: {
        aes128_ctx aes;
        aes128_set_encrypt_key(&aes, keys.hp);
        aes128_encrypt(&aes, AES_BLOCK_SIZE, block, sample);
        break;
    }
    case QuicKeys::Aead::Aes256Gcm: {
        aes256_ctx aes;
        aes256_set_encrypt_key(&aes, keys.hp);
        aes256_encrypt(&aes, AES_BLOCK_SIZE, block, sample);
        break;
    }
    case QuicKeys::Aead::ChaCha20Poly1305: {
        // RFC 9001 §5.4.4: the sample's first 4 bytes are the block counter
        // (little-endian), the other 12 the nonce; the mask is the key stream.
        chacha_ctx chacha;
        chacha_set_key(&chacha, keys.hp);
        chacha_set_nonce96(&chacha, sample + 4);
        chacha_set_counter32(&chacha, sample);
        const uint8_t zeros[5] = {};
        chacha_crypt32(&chacha, sizeof zeros, block, zeros);
        break;
    }
    }
    std::memcpy(mask, block, 5);
}

bool quic_open(const QuicKeys& keys, uint64_t packet_number, const uint8_t* header,
               size_t header_len, const uint8_t* sealed, size_t sealed_len, std::string& plain) {
    if (sealed_len < kTagLen) return false;
    uint8_t nonce[12];
    std::memcpy(nonce, keys.iv, sizeof nonce);
    for (int i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<uint8_t>(packet_number >> (8 * i));
    const size_t len = sealed_len - kTagLen;
    plain.resize(len);
    auto* dst = reinterpret_cast<uint8_t*>(&plain[0]);
    uint8_t tag[kTagLen];
    switch (keys.aead) {
    case QuicKeys::Aead::Aes128Gcm: {
        gcm_aes128_ctx gcm;
        gcm_aes128_set_key(&gcm, keys.key);
        gcm_aes128_set_iv(&gcm, sizeof nonce, nonce);
        gcm_aes128_update(&gcm, header_len, header);
        gcm_aes128_decrypt(&gcm, len, dst, sealed);
        gcm_aes128_digest(&gcm, kTagLen, tag);
        break;
    }
    case QuicKeys::Aead::Aes256Gcm: {
        gcm_aes256_ctx gcm;
        gcm_aes256_set_key(&gcm, keys.key);
        gcm_aes256_set_iv(&gcm, sizeof nonce, nonce);
        gcm_aes256_update(&gcm, header_len, header);
        gcm_aes256_decrypt(&gcm, len, dst, sealed);
        gcm_aes256_digest(&gcm, kTagLen, tag);
        break;
    }
    case QuicKeys::Aead::ChaCha20Poly1305: {
        chacha_poly1305_ctx ctx;
        chacha_poly1305_set_key(&ctx, keys.key);
        chacha_poly1305_set_nonce(&ctx, nonce);
        chacha_poly1305_update(&ctx, header_len, header);
        chacha_poly1305_decrypt(&ctx, len, dst, sealed);
        chacha_poly1305_digest(&ctx, kTagLen, tag);
        break;
    }
    }
    // Not secret: a capture's packets, so no constant-time compare is needed.
    return std::memcmp(tag, sealed + len, kTagLen) == 0;
}

}  // namespace tlsdiag::capture
