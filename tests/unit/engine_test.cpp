#include <gtest/gtest.h>

#include "scenario.h"

namespace tlsdiag::test {

TEST(Engine, HealthyTls13HandshakeHasNoFinding) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"))
        .record(Side::Server, 23).record(Side::Client, 20).record(Side::Client, 23)
        .fin(Side::Client).fin(Side::Server);
    EXPECT_TRUE(s.ids().empty());
}

}  // namespace tlsdiag::test
