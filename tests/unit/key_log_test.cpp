#include <gtest/gtest.h>

#include "capture/key_log.h"

namespace tlsdiag::capture {
namespace {

const std::string kRandomHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

std::string random_bytes() {
    std::string out;
    for (int i = 1; i <= 32; ++i) out.push_back(static_cast<char>(i));
    return out;
}

TEST(KeyLog, FindsASecretByLabelAndClientRandom) {
    KeyLog log;
    log.add_text(
        "# a comment\n"
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET " +
        kRandomHex +
        " 00ff10\n"
        "SERVER_HANDSHAKE_TRAFFIC_SECRET " +
        kRandomHex + " ABCD\r\n");
    const std::string* client = log.secret("CLIENT_HANDSHAKE_TRAFFIC_SECRET", random_bytes());
    ASSERT_NE(client, nullptr);
    EXPECT_EQ(*client, std::string("\x00\xff\x10", 3));
    const std::string* server = log.secret("SERVER_HANDSHAKE_TRAFFIC_SECRET", random_bytes());
    ASSERT_NE(server, nullptr);
    EXPECT_EQ(*server, "\xab\xcd");
    EXPECT_EQ(log.secret("CLIENT_TRAFFIC_SECRET_0", random_bytes()), nullptr);
}

TEST(KeyLog, PassesOverLinesThatAreNoSecrets) {
    KeyLog log;
    log.add_text(
        "CLIENT_RANDOM 0102 00ff\n"  // random too short
        "CLIENT_RANDOM " +
        kRandomHex +
        " 0g\n"  // not hex
        "CLIENT_RANDOM " +
        kRandomHex +
        "\n"  // no secret
        "garbage\n\n");
    EXPECT_TRUE(log.empty());
    EXPECT_FALSE(log.load("/nonexistent/keys.log"));
}

}  // namespace
}  // namespace tlsdiag::capture
