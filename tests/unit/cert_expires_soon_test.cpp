#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
Scenario& handshake_with(Scenario& s, CertificateChain chain) {
    return s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, std::move(chain));
}
}  // namespace

TEST(CertExpiresSoon, LeafExpiringInTenDays) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart + 10 * kDay;  // 2023-11-24 22:13:20
    Scenario s;
    handshake_with(s, chain_of({leaf, intermediate_ca()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.expires_soon@3"}));
    EXPECT_EQ(s.find("cert.expires_soon")->summary,
              "leaf CN=api.example.com expires 2023-11-24, 10 days after this capture: clients "
              "fail from then on unless it is renewed");
}

TEST(CertExpiresSoon, NamesTheFirstToExpire) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart + 20 * kDay;
    CertificateInfo ca = intermediate_ca();
    ca.not_after = kCaptureStart + 5 * kDay;
    Scenario s;
    handshake_with(s, chain_of({leaf, ca}));
    EXPECT_TRUE(
        mentions(s.find("cert.expires_soon")->summary,
                 {"intermediate 2 CN=Example Issuing CA expires 2023-11-19, 5 days after"}));
}

TEST(CertExpiresSoon, WindowEndsAtThirtyDays) {
    CertificateInfo inside = healthy_leaf(), outside = healthy_leaf();
    inside.not_before = outside.not_before = kCaptureStart - 365 * kDay;
    // The Certificate comes 3 ms after kCaptureStart: judged in whole seconds.
    inside.not_after = kCaptureStart + 30 * kDay;
    outside.not_after = kCaptureStart + 30 * kDay + 1;
    Scenario in, out;
    handshake_with(in, chain_of({inside, intermediate_ca()}));
    handshake_with(out, chain_of({outside, intermediate_ca()}));
    EXPECT_EQ(in.ids(), (Ids{"cert.expires_soon@3"}));
    EXPECT_EQ(out.ids(), Ids{});
}

TEST(CertExpiresSoon, ExpiredIsCertExpiredOnly) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_after = kCaptureStart - kDay;
    Scenario s;
    handshake_with(s, chain_of({leaf, intermediate_ca()}));
    EXPECT_EQ(s.ids(), (Ids{"cert.expired@3"}));
}

TEST(CertExpiresSoon, SettingSetsTheWindowAndZeroTurnsItOff) {
    CertificateInfo leaf = healthy_leaf();
    leaf.not_before = kCaptureStart - 300 * kDay;
    leaf.not_after = kCaptureStart + 50 * kDay;
    Settings sixty, off;
    sixty.expiry_warning_days = 60;
    off.expiry_warning_days = 0;
    Scenario wide(sixty), none(off);
    handshake_with(wide, chain_of({leaf, intermediate_ca()}));
    EXPECT_EQ(wide.ids(), (Ids{"cert.expires_soon@3"}));
    leaf.not_after = kCaptureStart + kDay;
    handshake_with(none, chain_of({leaf, intermediate_ca()}));
    EXPECT_EQ(none.ids(), Ids{});
}

TEST(CertExpiresSoon, ShortLivedCertificateOnlyInItsLastThird) {
    // A 6-day certificate is always within 30 days of its end; renewal is due
    // after two thirds of it.
    CertificateInfo fresh = healthy_leaf(), due = healthy_leaf();
    fresh.not_before = kCaptureStart - 3 * kDay;
    fresh.not_after = kCaptureStart + 3 * kDay;
    due.not_before = kCaptureStart - 5 * kDay;
    due.not_after = kCaptureStart + kDay;
    Scenario in_time, late;
    handshake_with(in_time, chain_of({fresh, intermediate_ca()}));
    handshake_with(late, chain_of({due, intermediate_ca()}));
    EXPECT_EQ(in_time.ids(), Ids{});
    EXPECT_EQ(late.ids(), (Ids{"cert.expires_soon@3"}));
}

TEST(CertExpiresSoon, ClientCertificateIsNotJudged) {
    CertificateInfo client = healthy_leaf("alice");
    client.not_after = kCaptureStart + 2 * kDay;
    Scenario s;
    handshake_with(s, chain_of({healthy_leaf(), intermediate_ca()}))
        .certificate(Side::Client, chain_of({client}));
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(CertExpiresSoon, SilentOnAHealthyChain) {
    Scenario s;
    handshake_with(s, chain_of({healthy_leaf(), intermediate_ca()}));
    EXPECT_EQ(s.ids(), Ids{});
}

}  // namespace tlsdiag::test
