// TlsStreamReader (plugin/tls_stream_reader.cpp): TCP segments of both
// directions put in order before their TLS records are read.
#include <gtest/gtest.h>

#include "tls_stream_reader.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using plugin::Endpoint;
using plugin::FrameFacts;
using plugin::TcpSegment;
using plugin::TlsStreamReader;
using Kind = plugin::TlsMessage::Kind;

namespace {

Endpoint at(uint32_t port) {
    const uint8_t loopback[] = {127, 0, 0, 1};
    return Endpoint(4, loopback, sizeof loopback, port);  // AT_IPv4
}
const Endpoint kClient = at(50000), kServer = at(443);

TcpSegment segment(uint32_t seq, const Bytes& payload) {
    TcpSegment s;
    s.seq = seq;
    s.payload = payload.data();
    s.len = s.captured = static_cast<uint32_t>(payload.size());
    return s;
}

const Bytes kHello = record(22, handshake(1, client_hello_body({0x1301}, {sni_extension("x.example")})));

TEST(TlsStreamReader, ASegmentSentAgainIsNotReadTwice) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    r.read(kClient, segment(1000, kHello), f);
    ASSERT_EQ(f.messages.size(), 1u);
    r.read(kClient, segment(1000, kHello), f);
    EXPECT_TRUE(f.messages.empty());
    EXPECT_EQ(f.tcp_len, kHello.size());
    EXPECT_FALSE(f.data_missing_before);
}

TEST(TlsStreamReader, AnOverlappingSegmentGivesOnlyItsNewBytes) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    const Bytes head(kHello.begin(), kHello.begin() + 30);
    r.read(kClient, segment(1000, head), f);
    EXPECT_TRUE(f.messages.empty());
    r.read(kClient, segment(1010, Bytes(kHello.begin() + 10, kHello.end())), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].ch.sni, "x.example");
}

TEST(TlsStreamReader, AGapIsReportedAndThePartialRecordDropped) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    r.read(kClient, segment(1000, Bytes(kHello.begin(), kHello.begin() + 30)), f);
    // 10 bytes never captured, then the rest of the hello: not readable.
    r.read(kClient, segment(1040, Bytes(kHello.begin() + 40, kHello.end())), f);
    EXPECT_TRUE(f.data_missing_before);
    EXPECT_TRUE(f.messages.empty());
    // A record that starts a later segment is read again.
    const uint32_t next = 1040 + static_cast<uint32_t>(kHello.size() - 40);
    r.read(kClient, segment(next, record(21, {2, 40})), f);
    EXPECT_FALSE(f.data_missing_before);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::Alert);
}

TEST(TlsStreamReader, DirectionsAreReadApart) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    r.read(kClient, segment(1000, Bytes(kHello.begin(), kHello.begin() + 7)), f);
    r.read(kServer, segment(5000, record(21, {2, 40})), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::Alert);
    r.read(kClient, segment(1007, Bytes(kHello.begin() + 7, kHello.end())), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::ClientHello);
}

TEST(TlsStreamReader, FlagsAndLengthsAreTheSegments) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    r.read(kClient, segment(1000, kHello), f);
    TcpSegment rst = segment(777777, {});  // a RST's sequence number is no gap
    rst.rst = true;
    r.read(kServer, rst, f);
    EXPECT_TRUE(f.rst);
    EXPECT_FALSE(f.data_missing_before);
    TcpSegment fin = segment(1000 + static_cast<uint32_t>(kHello.size()), {});
    fin.fin = true;
    r.read(kClient, fin, f);
    EXPECT_TRUE(f.fin);
    EXPECT_EQ(f.tcp_len, 0u);
}

TEST(TlsStreamReader, SequenceNumbersWrap) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    const uint32_t start = 0xFFFFFFF0u;
    r.read(kClient, segment(start, Bytes(kHello.begin(), kHello.begin() + 32)), f);
    r.read(kClient, segment(start + 32, Bytes(kHello.begin() + 32, kHello.end())), f);
    EXPECT_FALSE(f.data_missing_before);
    ASSERT_EQ(f.messages.size(), 1u);
}

TEST(TlsStreamReader, BytesTheCaptureCutAreNotRead) {
    TlsStreamReader r(kClient);
    FrameFacts f;
    TcpSegment cut = segment(1000, kHello);
    cut.captured = 10;  // a snap length
    r.read(kClient, cut, f);
    EXPECT_TRUE(f.messages.empty());
    EXPECT_EQ(f.tcp_len, kHello.size());
}

}  // namespace
}  // namespace tlsdiag::test
