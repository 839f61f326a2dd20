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

}  // namespace
}  // namespace tlsdiag::capture
