// TlsStreamReader (capture/tls_stream_reader.cpp, tcp_reassembly.cpp): TCP
// segments of both directions put in order before their TLS records are
// read: what comes early waits, what is sent again is read once, what the
// capture lacks is said.
#include <gtest/gtest.h>

#include <utility>

#include "capture/tls_stream_reader.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using capture::CapturedConnection;
using capture::FrameFacts;
using capture::StreamReading;
using capture::TcpSegment;
using capture::TlsStreamReader;
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

TcpSegment acking(TcpSegment s, uint32_t ack) {
    s.has_ack = true;
    s.ack = ack;
    return s;
}

Bytes slice(const Bytes& b, size_t from, size_t to) {
    return Bytes(b.begin() + from, b.begin() + to);
}
uint32_t size32(const Bytes& b) {
    return static_cast<uint32_t>(b.size());
}

std::vector<Kind> kinds(const FrameFacts& f) {
    std::vector<Kind> out;
    for (const auto& m : f.messages) out.push_back(m.kind);
    return out;
}

const Bytes kHello =
    record(22, handshake(1, client_hello_body({0x1301}, {sni_extension("x.example")})));
const Bytes kServerHello = record(22, handshake(2, server_hello_body(0xc02f, {})));
// A certificate record long enough to span several segments.
const Bytes kCertificate = record(22, handshake(11, [] {
                                      Bytes body, entry(600, 0x30);
                                      put24(body, 603);
                                      put24(body, 600);
                                      append(body, entry);
                                      return body;
                                  }()));
const Bytes kAlert = record(21, {2, 40});

// A client that sent its hello, and a server whose flight follows.
struct Conversation {
    TlsStreamReader r{kClient, kServer};
    FrameFacts f;
    uint32_t client_next = 1000 + size32(kHello);
    // The hello acknowledges the server's SYN: its first byte is 5000.
    Conversation() { r.read(kClient, kServer, acking(segment(1000, kHello), 5000), f); }
    std::vector<Kind> server(uint32_t seq, const Bytes& b) {
        r.read(kServer, kClient, segment(seq, b), f);
        return kinds(f);
    }
    std::vector<Kind> client_ack(uint32_t ack) {
        r.read(kClient, kServer, acking(segment(client_next, {}), ack), f);
        return kinds(f);
    }
};

TEST(TlsStreamReader, ASegmentSentAgainIsReadOnce) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, kHello), f);
    ASSERT_EQ(kinds(f), (std::vector<Kind>{Kind::ClientHello}));
    EXPECT_TRUE(f.messages[0].well_formed);
    r.read(kClient, kServer, segment(1000, kHello), f);
    EXPECT_TRUE(f.messages.empty());  // no "unreadable data" either
}

TEST(TlsStreamReader, AnOverlappingSegmentGivesOnlyItsNewBytes) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    r.read(kClient, kServer, segment(1000, slice(kHello, 0, 30)), f);
    EXPECT_EQ(kinds(f), (std::vector<Kind>{Kind::Record}));  // a record begun, nothing else
    EXPECT_TRUE(f.messages[0].partial);
    r.read(kClient, kServer, segment(1010, slice(kHello, 10, kHello.size())), f);
    ASSERT_EQ(kinds(f), (std::vector<Kind>{Kind::ClientHello}));
    EXPECT_EQ(f.messages[0].ch.sni, "x.example");
}

TEST(TlsStreamReader, SegmentsThatComeEarlyWaitForTheOnesBefore) {
    // The server's first segment the capture shows is its second: the
    // client's acknowledgement said where the server's bytes start.
    Conversation c;
    EXPECT_TRUE(c.server(5040, slice(kServerHello, 40, kServerHello.size())).empty());
    ASSERT_EQ(c.server(5000, slice(kServerHello, 0, 40)), (std::vector<Kind>{Kind::ServerHello}));
    EXPECT_EQ(c.f.messages[0].sh.cipher_suite, 0xc02f);
    EXPECT_TRUE(c.f.messages[0].from_sender);
}

TEST(TlsStreamReader, ALostSegmentSentAgainCompletesTheRecordWhereItComes) {
    Conversation c;
    const uint32_t base = 5000;
    EXPECT_EQ(c.server(base, kServerHello), (std::vector<Kind>{Kind::ServerHello}));
    const uint32_t cert = base + size32(kServerHello);
    EXPECT_EQ(c.server(cert, slice(kCertificate, 0, 200)), (std::vector<Kind>{Kind::Record}));
    // 200..400 is lost on the way; 400.. comes, then the retransmission.
    EXPECT_TRUE(c.server(cert + 400, slice(kCertificate, 400, kCertificate.size())).empty());
    EXPECT_EQ(c.server(cert + 200, slice(kCertificate, 200, 400)),
              (std::vector<Kind>{Kind::Handshake}));
    EXPECT_EQ(c.f.messages[0].handshake_type, hs::Certificate);
    EXPECT_EQ(c.f.messages[0].certificates.size(), 1u);
}

TEST(TlsStreamReader, AMiddleSegmentOfARecordAddsNothing) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t cert = base + size32(kServerHello);
    EXPECT_EQ(c.server(cert, slice(kCertificate, 0, 200)), (std::vector<Kind>{Kind::Record}));
    EXPECT_TRUE(c.server(cert + 200, slice(kCertificate, 200, 400)).empty());
    EXPECT_EQ(c.server(cert + 400, slice(kCertificate, 400, kCertificate.size())),
              (std::vector<Kind>{Kind::Handshake}));
}

TEST(TlsStreamReader, BytesTheReceiverAcknowledgedButTheCaptureLacksAreMissing) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t cert = base + size32(kServerHello);
    const uint32_t alert = cert + size32(kCertificate);
    // The certificate record never shows up; the client acknowledges it.
    EXPECT_TRUE(c.client_ack(alert).empty());
    EXPECT_EQ(c.server(alert, kAlert), (std::vector<Kind>{Kind::Missing, Kind::Alert}));
    EXPECT_EQ(c.f.messages[0].missing_bytes, kCertificate.size());
}

TEST(TlsStreamReader, AHoleAcknowledgedWhileBytesWaitIsMissingAndTheyAreRead) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t cert = base + size32(kServerHello);
    const uint32_t alert = cert + size32(kCertificate);
    EXPECT_TRUE(c.server(alert, kAlert).empty());  // early: waits
    c.client_ack(alert + size32(kAlert));
    // The next segment of the server finds the hole acknowledged.
    EXPECT_EQ(c.server(alert + size32(kAlert), kAlert),
              (std::vector<Kind>{Kind::Missing, Kind::Alert, Kind::Alert}));
}

TEST(TlsStreamReader, AnAcknowledgementBeforeItsDataLosesNothing) {
    // Captured out of order: the ACK first, then the data it acknowledges.
    Conversation c;
    c.client_ack(5000 + size32(kServerHello));
    EXPECT_EQ(c.server(5000, kServerHello), (std::vector<Kind>{Kind::ServerHello}));
}

TEST(TlsStreamReader, AFinWithBytesStillWaitingSaysSo) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t cert = base + size32(kServerHello);
    TcpSegment last = segment(cert + 400, slice(kCertificate, 400, kCertificate.size()));
    last.fin = true;
    c.r.read(kServer, kClient, last, c.f);
    EXPECT_TRUE(c.f.fin);
    EXPECT_EQ(kinds(c.f), (std::vector<Kind>{Kind::Held}));
}

TEST(TlsStreamReader, ARstReadsWhatWaitedAfterTheHole) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t alert = base + size32(kServerHello) + size32(kCertificate);
    EXPECT_TRUE(c.server(alert, kAlert).empty());
    TcpSegment rst = segment(alert + size32(kAlert), {});
    rst.rst = true;
    c.r.read(kServer, kClient, rst, c.f);
    EXPECT_TRUE(c.f.rst);
    EXPECT_EQ(kinds(c.f), (std::vector<Kind>{Kind::Missing, Kind::Alert}));
}

TEST(TlsStreamReader, HeldBytesReleasedByTheOtherSidesAckAreTheOtherSides) {
    Conversation c;
    const uint32_t base = 5000;
    c.server(base, kServerHello);
    const uint32_t alert = base + size32(kServerHello) + size32(kCertificate);
    c.server(alert, kAlert);
    // The client acknowledges everything and closes: the server's hole is missing.
    TcpSegment fin = acking(segment(c.client_next, {}), alert + size32(kAlert));
    fin.fin = true;
    c.r.read(kClient, kServer, fin, c.f);
    ASSERT_EQ(kinds(c.f), (std::vector<Kind>{Kind::Missing, Kind::Alert}));
    EXPECT_FALSE(c.f.messages[0].from_sender);
    EXPECT_FALSE(c.f.messages[1].from_sender);
}

TEST(TlsStreamReader, AtTheCapturesEndWhatWaitsIsReadAfterSayingWhatIsMissing) {
    Conversation c;
    c.server(5000, kServerHello);
    const uint32_t alert = 5000 + size32(kServerHello) + size32(kCertificate);
    EXPECT_TRUE(c.server(alert, kAlert).empty());
    c.r.finish(c.f);
    ASSERT_EQ(kinds(c.f), (std::vector<Kind>{Kind::Missing, Kind::Alert}));
    EXPECT_FALSE(c.f.messages[0].from_sender);  // the server's: the client sent first
    EXPECT_EQ(c.f.messages[0].missing_bytes, kCertificate.size());
    c.r.finish(c.f);
    EXPECT_TRUE(c.f.messages.empty());  // nothing waits any more
}

TEST(TlsStreamReader, BytesTheCaptureCutAreMissing) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    TcpSegment cut = segment(1000, kHello);
    cut.captured = 10;  // a snap length
    r.read(kClient, kServer, cut, f);
    EXPECT_EQ(kinds(f), (std::vector<Kind>{Kind::Missing}));
    EXPECT_EQ(f.messages[0].missing_bytes, kHello.size() - 10);
}

TEST(TlsStreamReader, SequenceNumbersWrap) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    const uint32_t start = 0xFFFFFFF0u;
    r.read(kClient, kServer, acking(segment(1000, kHello), start), f);
    r.read(kServer, kClient, segment(start + 32, slice(kServerHello, 32, kServerHello.size())), f);
    EXPECT_TRUE(f.messages.empty());
    r.read(kServer, kClient, segment(start, slice(kServerHello, 0, 32)), f);
    EXPECT_EQ(kinds(f), (std::vector<Kind>{Kind::ServerHello}));
}

TEST(TlsStreamReader, TheSynAckTheDataFollowsSetsTheSequence) {
    // Two SYN-ACKs with different initial sequence numbers: the server's data
    // goes on from the first one's.
    Conversation c;
    TcpSegment syn_ack = segment(4999, {});
    syn_ack.syn = true;
    TlsStreamReader r(kServer, kClient);
    FrameFacts f;
    r.read(kServer, kClient, syn_ack, f);
    syn_ack.seq = 90000;
    r.read(kServer, kClient, syn_ack, f);
    r.read(kServer, kClient, segment(5000, kServerHello), f);
    EXPECT_EQ(kinds(f), (std::vector<Kind>{Kind::ServerHello}));
}

TEST(TlsStreamReader, DirectionsAreToldApartWhicheverHashIsGreater) {
    for (const auto& [first, other] : {std::pair{kClient, kServer}, std::pair{kServer, kClient}}) {
        TlsStreamReader r(first, other);
        FrameFacts f;
        EXPECT_EQ(r.read(first, other, segment(1000, kHello), f), 0u);
        EXPECT_EQ(r.read(other, first, segment(5000, kAlert), f), 1u);
        EXPECT_EQ(r.read(first, other, segment(1000 + size32(kHello), {}), f), 0u);
    }
}

TEST(TlsStreamReader, AStreamWhoseFirstMessageIsNoHelloIsNotTls) {
    TlsStreamReader r(kClient, kServer);
    FrameFacts f;
    // Starts like a handshake record with a ClientHello, but the hello's
    // lengths do not add up.
    Bytes body = client_hello_body({0x1301}, {sni_extension("x.example")});
    body.push_back(0);
    r.read(kClient, kServer, segment(1000, record(22, handshake(1, body))), f);
    EXPECT_TRUE(r.not_tls());
    ASSERT_EQ(kinds(f), (std::vector<Kind>{Kind::ClientHello}));
    EXPECT_FALSE(f.messages[0].well_formed);
    r.read(kServer, kClient, segment(5000, kServerHello), f);
    EXPECT_TRUE(f.messages.empty());  // nothing more is read of it
}

TEST(TlsStreamReader, BytesThatBreakTlsFramingStopTheReading) {
    Conversation c;
    c.server(5000, kServerHello);
    const uint32_t next = 5000 + size32(kServerHello);
    EXPECT_EQ(c.server(next, text("HTTP/1.1 400 Bad Request\r\n\r\n")),
              (std::vector<Kind>{Kind::NotTls}));
    EXPECT_TRUE(c.server(next + 100, kAlert).empty());
    EXPECT_FALSE(c.r.not_tls());  // the stream was TLS: its connection stays
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

capture::TlsMessage message(Kind kind, uint8_t content_type = 0, bool by_sender = true) {
    capture::TlsMessage m(kind, by_sender);
    m.content_type = content_type;
    return m;
}

// A frame that adds nothing skips its connection (first_pass.cpp): that
// must be exactly when the connection would have added no event for it.
TEST(StreamReading, AFrameAddsNothingExactlyWhenTheConnectionAddsNoEvent) {
    const Last lasts[] = {Last::Nothing, Last::AppData, Last::Alert, Last::Payload,
                          Last::Handshake};
    const std::vector<std::vector<capture::TlsMessage>> frames = {
        {message(Kind::Record, 23)},
        {message(Kind::Record, 23), message(Kind::Record, 21)},
        {message(Kind::Unreadable)},
        {},  // a bare ACK, or bytes that continue a record
        {message(Kind::Missing)},
        {message(Kind::Record, 23, false)},  // the other side's, released by an ACK
        {message(Kind::Record, 23, true)},   // with a FIN
    };
    for (Last before : lasts)
        for (size_t i = 0; i < frames.size(); ++i) {
            SCOPED_TRACE(testing::Message()
                         << "last " << static_cast<int>(before) << ", frame " << i);
            CapturedConnection s;
            Connection& c = s.diagnosed.conn();
            send(c, Side::Server, before);
            send(c, Side::Client, Last::Handshake);  // the other side's last is its own
            StreamReading t;
            t.state = &s;
            t.remember_run(1, Side::Server);
            FrameFacts f;
            f.messages = frames[i];
            f.fin = i == frames.size() - 1;
            const size_t events = c.events().size();
            for (const auto& m : f.messages) {
                const Side from = m.from_sender ? Side::Server : Side::Client;
                if (m.kind == Kind::Record) c.add_record(2, 0, from, m.content_type);
                else if (m.kind == Kind::Unreadable) c.add_payload(2, 0, from);
                else c.add_payload(2, 0, from, PayloadKind::Missing);
            }
            if (f.fin) c.add_tcp_close(2, 0, Side::Server, false);
            EXPECT_EQ(t.adds_nothing(1, f), c.events().size() == events);
        }
}

TEST(StreamReading, WithoutAConnectionOnlyAnEmptyFrameAddsNothing) {
    StreamReading t;
    FrameFacts f;
    EXPECT_TRUE(t.adds_nothing(0, f));
    f.messages.emplace_back(Kind::Record);
    EXPECT_FALSE(t.adds_nothing(0, f));
}

}  // namespace
}  // namespace tlsdiag::test
