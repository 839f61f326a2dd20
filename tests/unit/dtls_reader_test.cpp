// tlsdiag's own DTLS reading (capture/dtls_reader.h): records, handshake
// fragments in any order, retransmitted flights, the cookie exchange, and
// datagrams that are no DTLS.
#include "capture/dtls_reader.h"

#include <gtest/gtest.h>

#include "tls_wire_bytes.h"

namespace tlsdiag::capture {
namespace {

using test::append;
using test::Bytes;
using test::put16;
using test::put24;

constexpr uint16_t kDtls12 = 0xfefd;

Bytes dtls_record(uint8_t type, const Bytes& content, uint16_t epoch = 0,
                  uint16_t version = kDtls12) {
    Bytes b{type};
    put16(b, version);
    put16(b, epoch);
    b.insert(b.end(), 6, 0);  // sequence number
    put16(b, static_cast<uint16_t>(content.size()));
    append(b, content);
    return b;
}

// A fragment of a handshake message: `body` is the whole message's body.
Bytes fragment(uint8_t type, uint16_t seq, const Bytes& body, size_t offset, size_t length) {
    Bytes b{type};
    put24(b, static_cast<uint32_t>(body.size()));
    put16(b, seq);
    put24(b, static_cast<uint32_t>(offset));
    put24(b, static_cast<uint32_t>(length));
    b.insert(b.end(), body.begin() + static_cast<std::ptrdiff_t>(offset),
             body.begin() + static_cast<std::ptrdiff_t>(offset + length));
    return b;
}

Bytes whole(uint8_t type, uint16_t seq, const Bytes& body) {
    return fragment(type, seq, body, 0, body.size());
}

// A DTLS 1.2 ClientHello body with `cookie` and an SNI.
Bytes client_hello(const Bytes& cookie, uint8_t random = 0x11) {
    Bytes b;
    put16(b, kDtls12);
    b.insert(b.end(), 32, random);
    b.push_back(0);  // session id
    b.push_back(static_cast<uint8_t>(cookie.size()));
    append(b, cookie);
    put16(b, 2);
    put16(b, 0xc02b);
    b.push_back(1);
    b.push_back(0);
    return test::with_extensions(b, {test::sni_extension("dtls.example")});
}

Bytes server_hello() {
    Bytes b;
    put16(b, kDtls12);
    b.insert(b.end(), 32, 0x22);
    b.push_back(0);
    put16(b, 0xc02b);
    b.push_back(0);
    return test::with_extensions(b, {});
}

FrameFacts read(DtlsReader& r, unsigned dir, const Bytes& datagram) {
    FrameFacts facts;
    r.read(dir, datagram.data(), datagram.size(), facts);
    return facts;
}

TEST(DtlsReader, StartsOnlyWithAnEpochZeroHelloAtOffsetZero) {
    const Bytes hello = dtls_record(22, whole(1, 0, client_hello({})));
    EXPECT_TRUE(DtlsReader::starts_handshake(hello.data(), hello.size()));
    const Bytes later = dtls_record(22, fragment(1, 0, client_hello({}), 10, 20));
    EXPECT_FALSE(DtlsReader::starts_handshake(later.data(), later.size()));
    const Bytes tls = test::record(22, test::handshake(1, test::client_hello_body({0xc02b}, {})));
    EXPECT_FALSE(DtlsReader::starts_handshake(tls.data(), tls.size()));
    const Bytes encrypted = dtls_record(22, whole(1, 0, client_hello({})), 1);
    EXPECT_FALSE(DtlsReader::starts_handshake(encrypted.data(), encrypted.size()));
}

TEST(DtlsReader, ReadsTheCookieExchangeAsOneHelloAnsweredTwice) {
    DtlsReader r;
    FrameFacts f = read(r, 0, dtls_record(22, whole(1, 0, client_hello({}))));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::ClientHello);
    EXPECT_TRUE(f.messages[0].well_formed);
    EXPECT_EQ(f.messages[0].ch.legacy_version, kDtls12);
    EXPECT_EQ(f.messages[0].ch.sni, "dtls.example");
    EXPECT_TRUE(r.is_dtls());

    Bytes verify;
    put16(verify, kDtls12);
    verify.push_back(4);
    verify.insert(verify.end(), 4, 0xcc);
    f = read(r, 1, dtls_record(22, whole(3, 0, verify)));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::Handshake);
    EXPECT_EQ(f.messages[0].handshake_type, 3);

    // The second ClientHello carries the cookie, with the first one's random.
    f = read(r, 0, dtls_record(22, whole(1, 1, client_hello(Bytes(4, 0xcc)))));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_TRUE(f.messages[0].well_formed);
    EXPECT_EQ(f.messages[0].ch.random, std::string(32, '\x11'));

    Bytes flight = dtls_record(22, whole(2, 1, server_hello()));
    append(flight, dtls_record(22, whole(14, 2, {})));
    f = read(r, 1, flight);
    ASSERT_EQ(f.messages.size(), 2u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::ServerHello);
    EXPECT_TRUE(f.messages[0].well_formed);
    EXPECT_EQ(f.messages[0].sh.cipher_suite, 0xc02b);
    EXPECT_EQ(f.messages[1].handshake_type, 14);
}

TEST(DtlsReader, ReassemblesFragmentsInAnyOrder) {
    DtlsReader r;
    const Bytes body = client_hello({});
    const size_t half = body.size() / 2;
    FrameFacts f = read(r, 0, dtls_record(22, fragment(1, 0, body, 0, half)));
    EXPECT_TRUE(f.messages.empty());
    DtlsReader reordered;
    EXPECT_TRUE(read(reordered, 0, dtls_record(22, fragment(1, 0, body, half, body.size() - half)))
                    .messages.empty());
    f = read(reordered, 0, dtls_record(22, fragment(1, 0, body, 0, half)));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_TRUE(f.messages[0].well_formed);
    EXPECT_EQ(f.messages[0].ch.sni, "dtls.example");
    f = read(r, 0, dtls_record(22, fragment(1, 0, body, half, body.size() - half)));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::ClientHello);
}

TEST(DtlsReader, CountsARetransmittedHelloOnceAndItsDatagrams) {
    DtlsReader r;
    const Bytes hello = dtls_record(22, whole(1, 0, client_hello({})));
    EXPECT_EQ(read(r, 0, hello).messages.size(), 1u);
    EXPECT_TRUE(read(r, 0, hello).messages.empty());
    const FrameFacts f = read(r, 0, hello);
    EXPECT_TRUE(f.messages.empty());
    EXPECT_EQ(f.sender_flight.bytes, hello.size());
    EXPECT_EQ(f.sender_flight.segments, 1u);
    EXPECT_EQ(f.sender_flight.retransmissions, 2u);
}

TEST(DtlsReader, AlertsInClearAndEncryptedRecords) {
    DtlsReader r;
    read(r, 0, dtls_record(22, whole(1, 0, client_hello({}))));
    FrameFacts f = read(r, 1, dtls_record(21, {2, 40}));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::Alert);
    EXPECT_EQ(f.messages[0].alert.description, 40);
    f = read(r, 0, dtls_record(21, Bytes(26, 0x5a), 1));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::Record);
    EXPECT_EQ(f.messages[0].content_type, 21);
}

TEST(DtlsReader, AFlowThatIsNoDtlsStaysUnread) {
    DtlsReader r;
    Bytes junk = dtls_record(22, whole(1, 0, Bytes(40, 0x01)));  // a hello that does not parse
    EXPECT_EQ(read(r, 0, junk).messages.size(), 1u);
    EXPECT_TRUE(r.not_dtls());
    EXPECT_TRUE(read(r, 0, dtls_record(22, whole(1, 0, client_hello({})))).messages.empty());

    DtlsReader cut;
    Bytes hello = dtls_record(22, whole(1, 0, client_hello({})));
    hello.resize(hello.size() - 5);  // the record's length claims more than the datagram
    EXPECT_TRUE(read(cut, 0, hello).messages.empty());
    EXPECT_TRUE(cut.not_dtls());
}

TEST(DtlsReader, PassesOverStunAndRtpOnTheSameFlow) {
    DtlsReader r;
    read(r, 0, dtls_record(22, whole(1, 0, client_hello({}))));
    Bytes stun{0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
    stun.resize(20, 0x07);
    EXPECT_TRUE(read(r, 1, stun).messages.empty());
    Bytes rtp{0x80, 0x60};
    rtp.resize(40, 0x33);
    EXPECT_TRUE(read(r, 0, rtp).messages.empty());
    const FrameFacts f = read(r, 1, dtls_record(22, whole(2, 0, server_hello())));
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_EQ(f.messages[0].kind, TlsMessage::Kind::ServerHello);
}

}  // namespace
}  // namespace tlsdiag::capture
