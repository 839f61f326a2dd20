// capture.tcp_not_read: the note on the first TCP frame tlsdiag could not
// read, and the counts the report shows (capture/capture_state.cpp).
#include <gtest/gtest.h>

#include "capture/capture_state.h"
#include "tlsdiag/capture_rules.h"

namespace tlsdiag::test {

namespace {

const UnreadCarrier kLisp{"Ethernet", "eth:ethertype:ip:udp:lisp-data:ip:tcp", "lisp-data"};
const UnreadCarrier kEsp{"Ethernet", "eth:ethertype:ip:esp", "esp"};

TEST(CaptureTcpNotRead, SummaryNamesTheCarrierAndTheLayer) {
    const Finding f = capture_tcp_not_read(12, kLisp);
    EXPECT_EQ(f.rule->id, "capture.tcp_not_read");
    EXPECT_EQ(f.frame, 12u);
    EXPECT_EQ(f.related, 0u);
    EXPECT_EQ(f.summary,
              "tlsdiag could not read this frame's TCP segment (Ethernet, "
              "eth:ethertype:ip:udp:lisp-data:ip:tcp): reading stopped at lisp-data; the report "
              "counts every TCP frame it could not read");
}

TEST(CaptureTcpNotRead, OnlyTheFirstFrameOfTheCaptureGetsTheNote) {
    capture::CaptureState state;
    state.count_unread_tcp(3, kLisp);
    state.count_unread_tcp(5, kLisp);
    state.count_unread_tcp(9, kEsp);
    ASSERT_NE(state.findings_at(3), nullptr);
    ASSERT_EQ(state.findings_at(3)->size(), 1u);
    EXPECT_EQ((*state.findings_at(3))[0].rule->id, "capture.tcp_not_read");
    EXPECT_EQ(state.findings_at(5), nullptr);
    EXPECT_EQ(state.findings_at(9), nullptr);
    EXPECT_EQ(state.unread_tcp().frames, 3u);
    EXPECT_EQ(
        state.unread_tcp().by_carrier,
        (std::map<std::string, uint32_t>{{"Ethernet, at esp", 1}, {"Ethernet, at lisp-data", 2}}));
}

TEST(CaptureTcpNotRead, ANewCaptureStartsCountingAgain) {
    capture::CaptureState state;
    state.count_unread_tcp(3, kLisp);
    state.reset();
    EXPECT_EQ(state.unread_tcp().frames, 0u);
    state.count_unread_tcp(4, kLisp);
    EXPECT_NE(state.findings_at(4), nullptr);
}

}  // namespace
}  // namespace tlsdiag::test
