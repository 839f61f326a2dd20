// TlsStreamReader (capture/tls_stream_reader.cpp): TCP segments of both
// directions put in order before their TLS records are read.
#include <gtest/gtest.h>

#include <utility>

#include "capture/tls_stream_reader.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using capture::FrameFacts;
using capture::TcpSegment;
using capture::StreamState;
using capture::TlsStreamReader;
using capture::TrackedStream;
using Kind = capture::TlsMessage::Kind;

namespace {

// Senders as FirstPass tells them apart: a hash of address and port.
constexpr uint64_t kClient = 0x50000, kServer = 0x443;

TcpSegment segment(uint32_t seq, const Bytes& payload) {
    TcpSegment s;
    s.seq = seq;
    s.payload = payload.data();
    s.len = s.captured = static_cast<uint32_t>(payload.size());
    return s;
}

const Bytes kHello = record(22, handshake(1, client_hello_body({0x1301}, {sni_extension("x.example")})));

TEST(TlsStreamReader, ASegmentSentAgainIsNotReadTwice) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello), f);
    ASSERT_EQ(f.messages.size(), 1u);
    r.read(kClient, kServer, segment(1000, kHello), f);
    EXPECT_TRUE(f.messages.empty());
    EXPECT_EQ(f.tcp_len, kHello.size());
    EXPECT_FALSE(f.data_missing_before);
}

TEST(TlsStreamReader, AnOverlappingSegmentGivesOnlyItsNewBytes) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    const Bytes head(kHello.begin(), kHello.begin() + 30);
    r.read(kClient, kServer, segment(1000, head), f);
    EXPECT_TRUE(f.messages.empty());
    r.read(kClient, kServer, segment(1010, Bytes(kHello.begin() + 10, kHello.end())), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].ch.sni, "x.example");
}

TEST(TlsStreamReader, AGapIsReportedAndThePartialRecordDropped) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, Bytes(kHello.begin(), kHello.begin() + 30)), f);
    // 10 bytes never captured, then the rest of the hello: not readable.
    r.read(kClient, kServer, segment(1040, Bytes(kHello.begin() + 40, kHello.end())), f);
    EXPECT_TRUE(f.data_missing_before);
    EXPECT_TRUE(f.messages.empty());
    // A record that starts a later segment is read again.
    const uint32_t next = 1040 + static_cast<uint32_t>(kHello.size() - 40);
    r.read(kClient, kServer, segment(next, record(21, {2, 40})), f);
    EXPECT_FALSE(f.data_missing_before);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::Alert);
}

TEST(TlsStreamReader, DirectionsAreReadApart) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, Bytes(kHello.begin(), kHello.begin() + 7)), f);
    r.read(kServer, kClient, segment(5000, record(21, {2, 40})), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::Alert);
    r.read(kClient, kServer, segment(1007, Bytes(kHello.begin() + 7, kHello.end())), f);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, Kind::ClientHello);
}

// A reader keeps only which end's hash is greater: either way round, the
// first sender's segments are direction 0.
TEST(TlsStreamReader, DirectionsAreToldApartWhicheverHashIsGreater) {
    for (const auto& [first, other] : {std::pair{kClient, kServer}, std::pair{kServer, kClient}}) {
        TlsStreamReader r(first, other);
        FrameFacts f;
        EXPECT_EQ(r.read(first, other, segment(1000, kHello), f), 0u);
        EXPECT_EQ(r.read(other, first, segment(5000, record(21, {2, 40})), f), 1u);
        EXPECT_EQ(r.read(first, other, segment(1000 + static_cast<uint32_t>(kHello.size()), {}), f), 0u);
    }
}

TEST(TlsStreamReader, FlagsAndLengthsAreTheSegments) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello), f);
    TcpSegment rst = segment(777777, {});  // a RST's sequence number is no gap
    rst.rst = true;
    r.read(kServer, kClient, rst, f);
    EXPECT_TRUE(f.rst);
    EXPECT_FALSE(f.data_missing_before);
    TcpSegment fin = segment(1000 + static_cast<uint32_t>(kHello.size()), {});
    fin.fin = true;
    r.read(kClient, kServer, fin, f);
    EXPECT_TRUE(f.fin);
    EXPECT_EQ(f.tcp_len, 0u);
}

TEST(TlsStreamReader, SequenceNumbersWrap) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    const uint32_t start = 0xFFFFFFF0u;
    r.read(kClient, kServer, segment(start, Bytes(kHello.begin(), kHello.begin() + 32)), f);
    r.read(kClient, kServer, segment(start + 32, Bytes(kHello.begin() + 32, kHello.end())), f);
    EXPECT_FALSE(f.data_missing_before);
    ASSERT_EQ(f.messages.size(), 1u);
}

TEST(TlsStreamReader, BytesTheCaptureCutAreNotRead) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    TcpSegment cut = segment(1000, kHello);
    cut.captured = 10;  // a snap length
    r.read(kClient, kServer, cut, f);
    EXPECT_TRUE(f.messages.empty());
    EXPECT_EQ(f.tcp_len, kHello.size());
}

// What a side last sent, for the table below.
enum class Last { Nothing, AppData, Alert, Payload, Handshake };

void send(Connection& c, Side from, Last last) {
    switch (last) {
    case Last::Nothing: return;
    case Last::AppData: c.add_record(1, 0, from, 23); return;
    case Last::Alert: c.add_record(1, 0, from, 21); return;
    case Last::Payload: c.add_payload(1, 0, from); return;
    case Last::Handshake: c.add_handshake(1, 0, from, 20); return;
    }
}

// A frame that adds nothing skips its connection (first_pass.cpp): that
// must be exactly when the connection would have added no event for it.
TEST(TrackedStream, AFrameAddsNothingExactlyWhenTheConnectionAddsNoEvent) {
    const Last lasts[] = {Last::Nothing, Last::AppData, Last::Alert, Last::Payload, Last::Handshake};
    for (Last before : lasts)
        for (int frame = 0; frame < 5; ++frame) {
            SCOPED_TRACE(testing::Message() << "last " << static_cast<int>(before) << ", frame " << frame);
            StreamState s;
            Connection& c = s.tracked.conn();
            send(c, Side::Server, before);
            send(c, Side::Client, Last::AppData);  // the other side's run is its own
            TrackedStream t;
            t.state = &s;
            t.remember_run(1, Side::Server);
            FrameFacts f;
            f.tcp_len = 100;
            if (frame == 0 || frame == 1) {  // app data, then app data and an alert
                f.messages.emplace_back(Kind::Record);
                f.messages.back().content_type = 23;
            }
            if (frame == 1) {
                f.messages.emplace_back(Kind::Record);
                f.messages.back().content_type = 21;
            }
            if (frame == 3) f.tcp_len = 0;  // a bare ACK
            if (frame == 4) f.fin = true;
            const size_t events = c.events().size();
            for (const auto& m : f.messages) c.add_record(2, 0, Side::Server, m.content_type);
            if (f.messages.empty() && f.tcp_len) c.add_payload(2, 0, Side::Server);  // frame 2
            if (f.fin) c.add_tcp_close(2, 0, Side::Server, false);
            EXPECT_EQ(t.adds_nothing(1, f), c.events().size() == events);
        }
}

TEST(TrackedStream, WithoutAConnectionOnlyABareAckAddsNothing) {
    TrackedStream t;
    FrameFacts f;
    EXPECT_TRUE(t.adds_nothing(0, f));
    f.tcp_len = 10;
    EXPECT_FALSE(t.adds_nothing(0, f));
}

}  // namespace
}  // namespace tlsdiag::test
