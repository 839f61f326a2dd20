// capture.clock_implausible (rules/capture_clock_implausible.cpp) on its own;
// that CaptureState says it once per capture is in capture_state_test.cpp.
#include <gtest/gtest.h>

#include "cert_fixtures.h"
#include "tlsdiag/capture_rules.h"
#include "tlsdiag/catalog.h"

namespace tlsdiag::test {

namespace {
constexpr UnixSeconds kEpochPlus = 5 * 60;  // 1970-01-01 00:05:00, a clock reset to zero
}  // namespace

TEST(CaptureClockImplausible, CaptureDatedBefore2000) {
    const auto note = capture_clock_implausible(7, kEpochPlus, chain_of({healthy_leaf()}));
    ASSERT_TRUE(note);
    EXPECT_EQ(note->rule, &clock_implausible_rule());
    EXPECT_EQ(note->frame, 7u);
    EXPECT_EQ(note->summary,
              "this capture's clock says 1970-01-01 (before 2000), while the certificates of this "
              "chain are valid from 2023-10-15 on: its timestamps were rewritten or the capturing "
              "machine's clock was wrong; time-based certificate findings (cert.expired, "
              "cert.not_yet_valid, cert.expires_soon) were judged against this clock");
}

TEST(CaptureClockImplausible, YearsBeforeEveryCertificateOfAChain) {
    const UnixSeconds three_years_early = kCaptureStart - 3 * 365 * kDay;
    CertificateInfo ca = intermediate_ca();
    ca.not_before = kCaptureStart - 100 * kDay;
    const auto note =
        capture_clock_implausible(3, three_years_early, chain_of({healthy_leaf(), ca}));
    ASSERT_TRUE(note);
    EXPECT_NE(note->summary.find("(years before every certificate of this chain), while the "
                                 "certificates of this chain are valid from 2023-08-06 on"),
              std::string::npos)
        << note->summary;
}

TEST(CaptureClockImplausible, OneCertificateDatedAheadIsNotEnough) {
    // A leaf issued for the future is cert.not_yet_valid's, the clock may be right.
    CertificateInfo leaf = healthy_leaf();
    leaf.not_before = kCaptureStart + 20 * 365 * kDay;
    EXPECT_FALSE(capture_clock_implausible(3, kCaptureStart, chain_of({leaf})));
}

TEST(CaptureClockImplausible, PlausibleClocksAreSilent) {
    CertificateChain chain = chain_of({healthy_leaf(), intermediate_ca()});
    EXPECT_FALSE(capture_clock_implausible(3, kCaptureStart, chain));
    // A year early is a wrong clock or a fresh chain: not years.
    EXPECT_FALSE(capture_clock_implausible(3, kCaptureStart - 365 * kDay, chain));
    // 2000-01-01 itself, with certificates of 1998: an old capture, not a wrong clock.
    CertificateInfo old = root_ca();
    old.not_before = 900'000'000;
    EXPECT_FALSE(capture_clock_implausible(3, 946'684'800, chain_of({old, old})));
}

TEST(CaptureClockImplausible, NoReadableCertificateSaysNothing) {
    CertificateChain chain;
    EXPECT_FALSE(capture_clock_implausible(3, kEpochPlus, chain));
    chain.certs.push_back(nullptr);
    EXPECT_FALSE(capture_clock_implausible(3, kEpochPlus, chain));
}

TEST(CaptureClockImplausible, IsACaptureNoteInTheCatalog) {
    const RuleInfo& rule = clock_implausible_rule();
    EXPECT_EQ(rule.id, "capture.clock_implausible");
    EXPECT_EQ(rule.severity, Severity::Note);
    EXPECT_TRUE(rule.about_capture);
    EXPECT_EQ(rule.check, nullptr);
}

}  // namespace tlsdiag::test
