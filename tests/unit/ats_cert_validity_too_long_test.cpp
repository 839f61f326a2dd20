#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

namespace {
constexpr UnixSeconds k2019_07_01 = 1561939200, k2020_09_01 = 1598918400;

CertificateInfo valid_for(UnixSeconds not_before, int64_t seconds_inclusive) {
    CertificateInfo c = healthy_leaf();
    c.not_before = not_before;
    c.not_after = not_before + seconds_inclusive - 1;
    return c;
}

Ids run(Scenario& s, CertificateInfo leaf) {
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .certificate(Side::Server, chain_of({std::move(leaf)}));
    return s.ids();
}
}  // namespace

TEST(AtsCertValidityTooLong, IssuedAfterSeptember2020ForTwoYears) {
    Scenario s;
    EXPECT_EQ(run(s, valid_for(kCaptureStart - kDay, 730 * kDay)),
              (Ids{"ats.cert_validity_too_long@3"}));
    EXPECT_EQ(s.find("ats.cert_validity_too_long")->summary,
              "leaf CN=api.example.com is valid for 730 days (2023-11-13 to 2025-11-12); Apple "
              "allows at most 398 days for certificates issued from 2020-09-01");
}

TEST(AtsCertValidityTooLong, Exactly398DaysInclusiveIsAllowedOneSecondMoreIsNot) {
    Scenario ok, over;
    EXPECT_EQ(run(ok, valid_for(kCaptureStart - kDay, 398 * kDay)), Ids{});
    EXPECT_EQ(run(over, valid_for(kCaptureStart - kDay, 398 * kDay + 1)),
              (Ids{"ats.cert_validity_too_long@3"}));
    EXPECT_TRUE(mentions(over.find("ats.cert_validity_too_long")->summary,
                         {"valid for 398 days and 1 second"}));
}

TEST(AtsCertValidityTooLong, Between2019And2020The825DayRuleApplies) {
    // Such certificates have all expired by the scenario's 2023 capture.
    Scenario ok, over;
    EXPECT_EQ(run(ok, valid_for(k2020_09_01 - 1, 825 * kDay)), (Ids{"cert.expired@3"}));
    EXPECT_EQ(run(over, valid_for(k2019_07_01, 826 * kDay)),
              (Ids{"ats.cert_validity_too_long@3", "cert.expired@3"}));
    EXPECT_TRUE(mentions(over.find("ats.cert_validity_too_long")->summary,
                         {"at most 825 days for certificates issued from 2019-07-01"}));
}

TEST(AtsCertValidityTooLong, OlderCertificatesHaveNoLimit) {
    // Issued before 2019-07-01; expired by the capture, which cert.expired says.
    Scenario s;
    EXPECT_EQ(run(s, valid_for(k2019_07_01 - 1, 3650 * kDay)), Ids{});
    Scenario expired;
    EXPECT_EQ(run(expired, valid_for(k2019_07_01 - 1, 30 * kDay)), (Ids{"cert.expired@3"}));
}

TEST(AtsCertValidityTooLong, NotAfterBeforeNotBeforeSaysNothing) {
    CertificateInfo leaf = healthy_leaf();
    std::swap(leaf.not_before, leaf.not_after);
    Scenario s;
    EXPECT_EQ(run(s, leaf), (Ids{"cert.expired@3", "cert.not_yet_valid@3"}));
}

}  // namespace tlsdiag::test
