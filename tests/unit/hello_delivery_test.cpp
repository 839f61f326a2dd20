// The client's first flight as TlsStreamReader sees TCP carry it
// (HelloDelivery): segments, retransmissions, how far the server's ACKs
// covered it, frozen once the server sends a byte.
#include <gtest/gtest.h>

#include "capture/tls_stream_reader.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using capture::FrameFacts;
using capture::TcpSegment;
using capture::TlsStreamReader;

namespace {

constexpr uint64_t kClient = 0x50000, kServer = 0x443;

const Bytes kHello =
    record(22, handshake(1, client_hello_body({0x1301}, {sni_extension("x.example")})));

TcpSegment segment(uint32_t seq, const Bytes& payload, size_t from, size_t to) {
    TcpSegment s;
    s.seq = seq + static_cast<uint32_t>(from);
    s.payload = payload.data() + from;
    s.len = s.captured = static_cast<uint32_t>(to - from);
    return s;
}

TcpSegment ack(uint32_t seq, uint32_t acked) {
    TcpSegment s;
    s.seq = seq;
    s.has_ack = true;
    s.ack = acked;
    return s;
}

const uint32_t kSize = static_cast<uint32_t>(kHello.size());

}  // namespace

TEST(HelloDelivery, CountsSegmentsRetransmissionsAndTheAcknowledgedBytes) {
    TlsStreamReader r{kClient, kServer};
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello, 0, 40), f);
    r.read(kClient, kServer, segment(1000, kHello, 40, kSize), f);
    EXPECT_EQ(f.sender_flight.segments, 2);
    EXPECT_EQ(f.sender_flight.bytes, kSize);
    r.read(kServer, kClient, ack(5000, 1040), f);  // only the first segment
    EXPECT_EQ(f.receiver_flight.acked_bytes, 40u);
    EXPECT_FALSE(f.receiver_flight.acked());
    r.read(kClient, kServer, segment(1000, kHello, 40, kSize), f);
    r.read(kClient, kServer, segment(1000, kHello, 40, kSize), f);
    EXPECT_EQ(f.sender_flight.retransmissions, 2);
    EXPECT_EQ(f.sender_flight.segments, 2);
    // The ACK of the client's FIN covers one byte more: still the flight.
    r.read(kServer, kClient, ack(5000, 1000 + kSize + 1), f);
    EXPECT_EQ(f.receiver_flight.acked_bytes, kSize);
    EXPECT_TRUE(f.receiver_flight.acked());
    EXPECT_EQ(r.flight(0).segments, 2);
    EXPECT_EQ(r.flight(1).segments, 0);
}

TEST(HelloDelivery, StopsCountingOnceTheServerSendsAByte) {
    TlsStreamReader r{kClient, kServer};
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello, 0, kSize), f);
    const Bytes answer = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    r.read(kServer, kClient, segment(5000, answer, 0, answer.size()), f);
    r.read(kClient, kServer, segment(1000, kHello, 0, kSize), f);  // sent again after the answer
    r.read(kClient, kServer, segment(1000 + kSize, kHello, 0, 10), f);
    EXPECT_EQ(r.flight(0).segments, 1);
    EXPECT_EQ(r.flight(0).retransmissions, 0);
    EXPECT_EQ(r.flight(0).bytes, kSize);
    // The server spoke after the client: it has no first flight of its own.
    EXPECT_EQ(r.flight(1).segments, 0);
}

TEST(HelloDelivery, AResetCarriesTheFlightsToo) {
    TlsStreamReader r{kClient, kServer};
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello, 0, kSize), f);
    TcpSegment rst;
    rst.seq = 5000;
    rst.rst = true;
    r.read(kServer, kClient, rst, f);
    EXPECT_EQ(f.receiver_flight.segments, 1);
    EXPECT_EQ(f.receiver_flight.bytes, kSize);
}

}  // namespace tlsdiag::test
