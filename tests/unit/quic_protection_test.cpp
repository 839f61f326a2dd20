// QUIC Initial keys against the RFCs' own test vectors.
#include <gtest/gtest.h>

#include <string>

#include "capture/quic_protection.h"

namespace tlsdiag::capture {
namespace {

std::string hex(const uint8_t* p, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

const uint8_t kDcid[] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};

TEST(QuicProtection, V1KeysAreRfc9001AppendixA1s) {
    QuicInitialKeys client, server;
    ASSERT_TRUE(derive_quic_initial_keys(0x00000001, kDcid, sizeof kDcid, client, server));
    EXPECT_EQ(hex(client.key, 16), "1f369613dd76d5467730efcbe3b1a22d");
    EXPECT_EQ(hex(client.iv, 12), "fa044b2f42a3fd3b46fb255c");
    EXPECT_EQ(hex(client.hp, 16), "9f50449e04a0e810283a1e9933adedd2");
    EXPECT_EQ(hex(server.key, 16), "cf3a5331653c364c88f0f379b6067e37");
    EXPECT_EQ(hex(server.iv, 12), "0ac1493ca1905853b0bba03e");
    EXPECT_EQ(hex(server.hp, 16), "c206b8d9b9f0f37644430b490eeaa314");
}

TEST(QuicProtection, V2KeysAreRfc9369AppendixA1s) {
    QuicInitialKeys client, server;
    ASSERT_TRUE(derive_quic_initial_keys(0x6b3343cf, kDcid, sizeof kDcid, client, server));
    EXPECT_EQ(hex(client.key, 16), "8b1a0bc121284290a29e0971b5cd045d");
    EXPECT_EQ(hex(client.iv, 12), "91f73e2351d8fa91660e909f");
    EXPECT_EQ(hex(client.hp, 16), "45b95e15235d6f45a6b19cbcb0294ba9");
    EXPECT_EQ(hex(server.key, 16), "82db637861d55e1d011f19ea71d5d2a7");
    EXPECT_EQ(hex(server.iv, 12), "dd13c276499c0249d3310652");
    EXPECT_EQ(hex(server.hp, 16), "edf6d05c83121201b436e16877593c3a");
}

TEST(QuicProtection, HeaderMaskIsRfc9001AppendixA2s) {
    QuicInitialKeys client, server;
    ASSERT_TRUE(derive_quic_initial_keys(0x00000001, kDcid, sizeof kDcid, client, server));
    const uint8_t sample[] = {0xd1, 0xb1, 0xc9, 0x8d, 0xd7, 0x68, 0x9f, 0xb8,
                              0xec, 0x11, 0xd2, 0x42, 0xb1, 0x23, 0xdc, 0x9b};
    uint8_t mask[5];
    quic_header_mask(client, sample, mask);
    EXPECT_EQ(hex(mask, 5), "437b9aec36");
}

TEST(QuicProtection, AnUnknownVersionHasNoKeys) {
    QuicInitialKeys client, server;
    EXPECT_FALSE(derive_quic_initial_keys(0x1a2a3a4a, kDcid, sizeof kDcid, client, server));
    EXPECT_FALSE(quic_version_known(0x1a2a3a4a));
}

std::string bytes(const std::string& hex_text) {
    std::string out;
    for (size_t i = 0; i + 1 < hex_text.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex_text.substr(i, 2), nullptr, 16)));
    return out;
}

// RFC 9001 Appendix A.5: a ChaCha20-Poly1305 short header packet.
TEST(QuicProtection, ChaChaKeysAndMaskAreRfc9001AppendixA5s) {
    QuicKeys k;
    ASSERT_TRUE(quic_keys_from_secret(
        0x00000001, 0x1303,
        bytes("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b"), k));
    EXPECT_EQ(hex(k.key, 32), "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
    EXPECT_EQ(hex(k.iv, 12), "e0459b3474bdd0e44a41c144");
    EXPECT_EQ(hex(k.hp, 32), "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
    const std::string sample = bytes("5e5cd55c41f69080575d7999c25a5bfb");
    uint8_t mask[5];
    quic_header_mask(k, reinterpret_cast<const uint8_t*>(sample.data()), mask);
    EXPECT_EQ(hex(mask, 5), "aefefe7d03");
    // The packet: header 4200bff4 (packet number 654360564), payload 01 (PING).
    const std::string header = bytes("4200bff4");
    const std::string sealed = bytes("655e5cd55c41f69080575d7999c25a5bfb");
    std::string plain;
    ASSERT_TRUE(quic_open(k, 654360564, reinterpret_cast<const uint8_t*>(header.data()),
                          header.size(), reinterpret_cast<const uint8_t*>(sealed.data()),
                          sealed.size(), plain));
    EXPECT_EQ(plain, std::string("\x01", 1));
}

TEST(QuicProtection, SecretsOfTheWrongSizeOrSuiteGiveNoKeys) {
    QuicKeys k;
    EXPECT_FALSE(quic_keys_from_secret(1, 0x1302, std::string(32, 'x'), k));  // SHA-384: 48
    EXPECT_TRUE(quic_keys_from_secret(1, 0x1302, std::string(48, 'x'), k));
    EXPECT_EQ(k.aead, QuicKeys::Aead::Aes256Gcm);
    EXPECT_FALSE(quic_keys_from_secret(1, 0x1304, std::string(32, 'x'), k));  // AES-CCM
}

}  // namespace
}  // namespace tlsdiag::capture
