// TcpDirection on its own: what waits for a hole, and how waiting ends.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "capture/tcp_reassembly.h"

namespace tlsdiag::capture {
namespace {

// What the direction passed on, as text: bytes as they are, "[missing N]".
struct Recorder : StreamSink {
    std::string seen;
    void bytes(const uint8_t* data, size_t len, bool) override {
        seen.append(reinterpret_cast<const char*>(data), len);
    }
    void missing(uint32_t count) override { seen += "[missing " + std::to_string(count) + "]"; }
};

TcpSegment segment(uint32_t seq, const std::string& bytes = "", bool syn = false) {
    TcpSegment s;
    s.seq = seq;
    s.syn = syn;
    s.payload = reinterpret_cast<const uint8_t*>(bytes.data());
    s.len = s.captured = static_cast<uint32_t>(bytes.size());
    return s;
}

TEST(TcpDirection, FlushReadsWhatWaitsInOrderAfterSayingWhatIsMissing) {
    TcpDirection d;
    Recorder r;
    d.segment(segment(1000, "", true), r);
    const std::string late = "world", later = "!";
    EXPECT_EQ(d.segment(segment(1011, later), r), TcpDirection::Outcome::Held);
    EXPECT_EQ(d.segment(segment(1006, late), r), TcpDirection::Outcome::Held);
    d.flush(r);
    EXPECT_EQ(r.seen, "[missing 5]world!");
    EXPECT_FALSE(d.holding());
}

// Found by the tls_records fuzzer: a second SYN with another initial
// sequence number moved the next byte past what was held, and flush() never
// ended.
TEST(TcpDirection, FlushEndsWhenAnotherSynMovedTheStreamPastWhatWaits) {
    TcpDirection d;
    Recorder r;
    d.segment(segment(1000, "", true), r);
    const std::string early = "0123456789";
    EXPECT_EQ(d.segment(segment(5000, early), r), TcpDirection::Outcome::Held);
    d.segment(segment(6000, "", true), r);  // the stream goes on from 6001
    d.flush(r);
    EXPECT_EQ(r.seen, "");
    EXPECT_FALSE(d.holding());
    const std::string next = "next";
    EXPECT_EQ(d.segment(segment(6001, next), r), TcpDirection::Outcome::Read);
    EXPECT_EQ(r.seen, "next");
}

}  // namespace
}  // namespace tlsdiag::capture
