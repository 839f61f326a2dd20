// TlsRecordReader and the message parsers (capture/tls_records.cpp,
// capture/tls_messages.cpp): tlsdiag's own reading of one direction's bytes.
#include <gtest/gtest.h>

#include "capture/tls_records.h"
#include "tls_wire_bytes.h"

namespace tlsdiag::test {

using capture::TlsBufferPair;
using capture::TlsMessage;
using capture::TlsRecordReader;
using capture::TlsSession;
using Kind = TlsMessage::Kind;

namespace {

struct Reader {
    TlsRecordReader reader;
    TlsSession session;
    TlsBufferPair buffers;
    std::vector<TlsMessage> read(const Bytes& b, bool segment_start = true) {
        std::vector<TlsMessage> out;
        reader.read(b.data(), b.size(), segment_start, session, buffers.side(0), out);
        return out;
    }
};

Bytes modern_client_hello() {
    return record(22,
                  handshake(1, client_hello_body({0x1301, 0xc02f, 0x002f},
                                                 {sni_extension("api.example.com"),
                                                  alpn_extension({"h2", "http/1.1"}),
                                                  supported_versions_client({0x0304, 0x0303})})),
                  0x0301);
}

TEST(TlsRecords, ReadsEveryFieldOfAClientHello) {
    Reader r;
    auto out = r.read(modern_client_hello());
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].kind, Kind::ClientHello);
    const ClientHello& ch = out[0].ch;
    EXPECT_EQ(ch.legacy_version, 0x0303);
    EXPECT_EQ(ch.cipher_suites(), (std::vector<uint16_t>{0x1301, 0xc02f, 0x002f}));
    EXPECT_TRUE(ch.has_sni);
    EXPECT_EQ(ch.sni, "api.example.com");
    EXPECT_EQ(ch.alpn, (std::vector<std::string>{"h2", "http/1.1"}));
    EXPECT_EQ(ch.supported_versions(), (std::vector<uint16_t>{0x0304, 0x0303}));
    EXPECT_EQ(ch.random, std::string(32, '\x11'));
}

TEST(TlsRecords, AHelloWithoutExtensionsHasNoSni) {
    Reader r;
    Bytes body = client_hello_body({0x002f}, {});
    body.resize(body.size() - 2);  // no extensions block at all
    auto out = r.read(record(22, handshake(1, body)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(out[0].ch.has_sni);
    EXPECT_EQ(out[0].ch.cipher_suites(), (std::vector<uint16_t>{0x002f}));
}

TEST(TlsRecords, AHelloSentByteByByteIsReadOnceWhole) {
    Reader r;
    const Bytes hello = modern_client_hello();
    size_t hellos = 0;
    for (size_t i = 0; i < hello.size(); ++i) {
        auto out = r.read(Bytes{hello[i]}, true);
        if (i + 1 < hello.size()) {
            EXPECT_TRUE(out.empty()) << i;
        } else {
            ASSERT_EQ(out.size(), 1u);
            EXPECT_EQ(out[0].kind, Kind::ClientHello);
            EXPECT_TRUE(out[0].well_formed);
            ++hellos;
        }
    }
    EXPECT_EQ(hellos, 1u);
    EXPECT_EQ(r.session.status, TlsSession::Status::Tls);
}

TEST(TlsRecords, AMessageSpreadOverRecordsIsReadWhereItEnds) {
    Reader r;
    const Bytes message = handshake(1, client_hello_body({0x1301}, {sni_extension("a.example")}));
    const Bytes first(message.begin(), message.begin() + 20),
        rest(message.begin() + 20, message.end());
    auto out = r.read(record(22, first));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Record);  // the peer spoke, nothing to read yet
    out = r.read(record(22, rest));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::ClientHello);
    EXPECT_EQ(out[0].ch.sni, "a.example");
}

TEST(TlsRecords, ServerFlightOfTls12) {
    Reader r;
    Bytes cert_list, certs;
    for (const std::string& der : {std::string("LEAF"), std::string("CA")}) {
        put24(certs, static_cast<uint32_t>(der.size()));
        append(certs, text(der));
    }
    put24(cert_list, static_cast<uint32_t>(certs.size()));
    append(cert_list, certs);
    Bytes flight = handshake(2, server_hello_body(0xc02f, {alpn_extension({"h2"})}));
    append(flight, handshake(11, cert_list));
    append(flight, handshake(14, {}));
    auto out = r.read(record(22, flight));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].kind, Kind::ServerHello);
    EXPECT_EQ(out[0].sh.cipher_suite, 0xc02f);
    EXPECT_EQ(out[0].sh.alpn, "h2");
    EXPECT_FALSE(out[0].sh.hello_retry_request);
    EXPECT_EQ(out[1].handshake_type, 11);
    EXPECT_EQ(out[1].certificates, (std::vector<std::string>{"LEAF", "CA"}));
    EXPECT_EQ(out[2].handshake_type, 14);
    EXPECT_FALSE(r.session.tls13);
}

TEST(TlsRecords, ServerKeyExchangeIsReadAsTheChosenSuiteLaysItOut) {
    // ECDHE params: named_curve secp192r1 and a 1-byte point, then a signature.
    const Bytes ecdh_params = {0x03, 0x00, 0x13, 0x01, 0x04, 0x04, 0x01, 0x00, 0x00};
    // With an ECDHE suite, the curve is read.
    Reader ecdhe;
    Bytes flight = handshake(2, server_hello_body(0xc02f, {}));
    append(flight, handshake(12, ecdh_params));
    auto out = ecdhe.read(record(22, flight));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].handshake_type, 12);
    EXPECT_TRUE(out[1].key_exchange_read);
    EXPECT_EQ(out[1].key_exchange.named_group, 0x0013);
    // With a DHE suite the same bytes are a dh_p of 0x0300 bytes that the message lacks.
    Reader dhe;
    flight = handshake(2, server_hello_body(0x009e, {}));
    append(flight, handshake(12, ecdh_params));
    out = dhe.read(record(22, flight));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].handshake_type, 12);
    EXPECT_FALSE(out[1].key_exchange_read);
    // An RSA suite sends no ephemeral key.
    Reader rsa;
    flight = handshake(2, server_hello_body(0x002f, {}));
    append(flight, handshake(12, ecdh_params));
    out = rsa.read(record(22, flight));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_FALSE(out[1].key_exchange_read);
}

TEST(TlsRecords, AfterChangeCipherSpecTls12RecordsAreEncrypted) {
    Reader r;
    Bytes bytes = record(20, {1});
    append(bytes, record(22, Bytes(40, 0x99)));  // Finished, encrypted
    append(bytes, record(21, Bytes(26, 0x99)));  // an encrypted alert
    append(bytes, record(21, {2, 40}));          // even two bytes are ciphertext now
    auto out = r.read(bytes);
    ASSERT_EQ(out.size(), 4u);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].kind, Kind::Record) << i;
    EXPECT_EQ(out[0].content_type, 20);
    EXPECT_EQ(out[1].content_type, 22);
    EXPECT_EQ(out[2].content_type, 21);
}

TEST(TlsRecords, PlaintextAlertIsRead) {
    Reader r;
    auto out = r.read(record(21, {2, 70}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Alert);
    EXPECT_EQ(out[0].alert.level, 2);
    EXPECT_EQ(out[0].alert.description, 70);
}

TEST(TlsRecords, Tls13ChangeCipherSpecStartsNoEncryption) {
    Reader server, client;
    auto out = server.read(
        record(22, handshake(2, server_hello_body(0x1301, {supported_versions_server(0x0304)}))));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].sh.selected_version, 0x0304);
    EXPECT_TRUE(server.session.tls13);
    // The client's middlebox ChangeCipherSpec, then a second ClientHello in
    // the clear (after a HelloRetryRequest).
    client.session = server.session;
    Bytes bytes = record(20, {1});
    append(bytes, modern_client_hello());
    out = client.read(bytes);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[1].kind, Kind::ClientHello);
}

TEST(TlsRecords, HelloRetryRequestIsRecognisedByItsRandom) {
    Bytes body;
    put16(body, 0x0303);
    const uint8_t hrr[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                             0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                             0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
    body.insert(body.end(), hrr, hrr + 32);
    body.push_back(0);
    put16(body, 0x1301);
    body.push_back(0);
    body = with_extensions(body, {supported_versions_server(0x0304)});
    Reader r;
    auto out = r.read(record(22, handshake(2, body)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].sh.hello_retry_request);
    EXPECT_TRUE(r.session.tls13);
}

TEST(TlsRecords, EarlyTls13DraftServerHelloHasNoSessionId) {
    Bytes body;
    put16(body, 0x7f14);  // draft 20
    body.insert(body.end(), 32, 0x33);
    put16(body, 0x1303);
    body = with_extensions(body, {});
    Reader r;
    auto out = r.read(record(22, handshake(2, body)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].sh.cipher_suite, 0x1303);
    EXPECT_TRUE(r.session.tls13);
}

TEST(TlsRecords, Sslv2CompatibleClientHelloGivesItsVersion) {
    Bytes hello{1};  // CLIENT-HELLO
    put16(hello, 0x0301);
    put16(hello, 3);
    put16(hello, 0);
    put16(hello, 16);
    hello.insert(hello.end(), {0x00, 0x00, 0x2f});
    hello.insert(hello.end(), 16, 0x44);
    Bytes bytes{static_cast<uint8_t>(0x80 | (hello.size() >> 8)),
                static_cast<uint8_t>(hello.size())};
    append(bytes, hello);
    EXPECT_TRUE(TlsRecordReader::starts_handshake(bytes.data(), bytes.size()));
    Reader r;
    auto out = r.read(bytes);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::ClientHello);
    EXPECT_TRUE(out[0].well_formed);
    EXPECT_TRUE(out[0].ch.sslv2);
    EXPECT_EQ(out[0].ch.legacy_version, 0x0301);
    EXPECT_EQ(out[0].ch.cipher_suites(), (std::vector<uint16_t>{0x002f}));
    EXPECT_EQ(r.session.status, TlsSession::Status::Tls);
}

// An SSLv2 CLIENT-HELLO: its specs, SSLv2's own (01 00 80) counted apart.
Bytes sslv2_client_hello(uint16_t version, const Bytes& specs, uint16_t challenge = 16) {
    Bytes hello{1};
    put16(hello, version);
    put16(hello, static_cast<uint16_t>(specs.size()));
    put16(hello, 0);
    put16(hello, challenge);
    append(hello, specs);
    hello.insert(hello.end(), challenge, 0x44);
    Bytes bytes{static_cast<uint8_t>(0x80 | (hello.size() >> 8)),
                static_cast<uint8_t>(hello.size())};
    append(bytes, hello);
    return bytes;
}

TEST(TlsRecords, Sslv2ClientHelloListsItsSpecs) {
    Reader r;
    auto out =
        r.read(sslv2_client_hello(0x0002, {0x01, 0x00, 0x80, 0x00, 0x00, 0x0a, 0x07, 0x00, 0xc0}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].well_formed);
    EXPECT_EQ(out[0].ch.legacy_version, 0x0002);
    EXPECT_EQ(out[0].ch.cipher_suites(), (std::vector<uint16_t>{0x000a}));
    EXPECT_EQ(out[0].ch.sslv2_only_specs, 2u);
    EXPECT_EQ(out[0].ch.max_version(), 0x0002);
}

TEST(TlsRecords, Sslv2ServerHelloGivesItsVersionAndCertificate) {
    Reader client, server;
    client.read(sslv2_client_hello(0x0002, {0x01, 0x00, 0x80}));
    Bytes hello{4, 0, 1};  // SERVER-HELLO, no session-id hit, X.509
    put16(hello, 0x0002);
    put16(hello, 3);   // certificate
    put16(hello, 3);   // specs
    put16(hello, 16);  // connection id
    hello.insert(hello.end(), {0x30, 0x01, 0x00, 0x01, 0x00, 0x80});
    hello.insert(hello.end(), 16, 0x55);
    Bytes bytes{static_cast<uint8_t>(0x80 | (hello.size() >> 8)),
                static_cast<uint8_t>(hello.size())};
    append(bytes, hello);
    server.session = client.session;
    auto out = server.read(bytes);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].kind, Kind::ServerHello);
    EXPECT_TRUE(out[0].well_formed);
    EXPECT_TRUE(out[0].sh.sslv2);
    EXPECT_EQ(out[0].sh.version(), 0x0002);
    EXPECT_EQ(out[0].sh.sslv2_specs, 1u);
    EXPECT_EQ(out[1].kind, Kind::Handshake);
    EXPECT_EQ(out[1].certificates.size(), 1u);
    // The rest is SSLv2, not read: no record, no "not TLS".
    EXPECT_TRUE(server.read(Bytes{0x80, 0x05, 2, 1, 2, 3, 4}).empty());
}

TEST(TlsRecords, ABadlyFramedSslv2HelloIsNoHello) {
    for (uint16_t challenge : {8, 40}) {
        Reader r;
        auto out = r.read(sslv2_client_hello(0x0301, {0x00, 0x00, 0x2f}, challenge));
        ASSERT_EQ(out.size(), 1u);
        EXPECT_FALSE(out[0].well_formed) << challenge;
        EXPECT_EQ(r.session.status, TlsSession::Status::NotTls);
    }
}

TEST(TlsRecords, GarbageLosesTheReaderUntilARecordStartsASegment) {
    Reader r;
    r.session.status = TlsSession::Status::Tls;  // the other side's hello made it TLS
    auto out = r.read(text("GET / HTTP/1.1\r\n\r\n"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Unreadable);
    out = r.read(record(21, {2, 40}), false);  // not at a segment start
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Unreadable);
    out = r.read(record(21, {2, 40}), true);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Alert);
}

TEST(TlsRecords, AStreamWhoseFirstMessageIsNoHelloIsNotTls) {
    Reader r;
    EXPECT_TRUE(r.read(record(22, handshake(11, text("not a hello")))).empty());
    EXPECT_EQ(r.session.status, TlsSession::Status::NotTls);
    EXPECT_TRUE(r.read(modern_client_hello()).empty());
}

TEST(TlsRecords, AStreamWhoseFirstRecordIsNoRecordIsNotTls) {
    Reader r;
    EXPECT_TRUE(r.read(text("\x16\x07\x01 plain text")).empty());
    EXPECT_EQ(r.session.status, TlsSession::Status::NotTls);
}

TEST(TlsRecords, ACutShortHelloKeepsWhatCameBeforeTheCut) {
    Bytes body = client_hello_body({0x1301, 0x1302}, {sni_extension("cut.example")});
    body.resize(2 + 32 + 1 + 2 + 2);  // ends inside the suite list
    Reader r;
    auto out = r.read(record(22, handshake(1, body)));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].ch.legacy_version, 0x0303);
    EXPECT_FALSE(out[0].ch.has_sni);
}

// Both directions' unfinished records in one TlsBufferPair: each keeps its
// own, and one direction losing its record leaves the other's alone.
TEST(TlsRecords, TwoDirectionsShareABufferPairApart) {
    TlsBufferPair buffers;
    TlsSession session;
    TlsRecordReader client, server;
    std::vector<TlsMessage> out;
    const auto read = [&](TlsRecordReader& r, unsigned dir, const Bytes& b, size_t from,
                          size_t to) {
        out.clear();
        r.read(b.data() + from, to - from, true, session, buffers.side(dir), out);
    };
    const Bytes hello = modern_client_hello();
    const Bytes alert = record(21, {2, 40});
    read(client, 0, hello, 0, 20);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(client.record_in_progress(), 22);
    read(server, 1, alert, 0, 6);
    EXPECT_TRUE(out.empty());
    server.lose_sync(buffers.side(1));
    read(client, 0, hello, 20, hello.size());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::ClientHello);
    // What the server had sent of its alert is gone: only the next is read.
    read(server, 1, alert, 6, alert.size());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Unreadable);
    read(server, 1, alert, 0, alert.size());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Alert);
    // Released, records are still counted.
    client.release(buffers.side(0));
    server.release(buffers.side(1));
    read(server, 1, alert, 0, alert.size());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].kind, Kind::Record);
}

TEST(TlsRecords, StartsHandshakeAcceptsOnlyAPlausibleHeader) {
    const Bytes hello = modern_client_hello();
    EXPECT_TRUE(TlsRecordReader::starts_handshake(hello.data(), hello.size()));
    EXPECT_TRUE(TlsRecordReader::starts_handshake(hello.data(), 1));  // split header
    const Bytes http = text("GET / HTTP/1.1");
    EXPECT_FALSE(TlsRecordReader::starts_handshake(http.data(), http.size()));
    const Bytes appdata = record(23, {1, 2, 3});
    EXPECT_FALSE(TlsRecordReader::starts_handshake(appdata.data(), appdata.size()));
    const Bytes bad_version = record(22, {1, 2, 3}, 0x0405);
    EXPECT_FALSE(TlsRecordReader::starts_handshake(bad_version.data(), bad_version.size()));
}

}  // namespace
}  // namespace tlsdiag::test

namespace tlsdiag::test {
namespace {

// As the dissector does: a message whose length runs past its record makes
// the following handshake records its fragments, whatever its type.
TEST(TlsRecords, AMessageClaimingMoreThanItsRecordSwallowsTheRecordsItClaims) {
    for (uint8_t type : {uint8_t{56}, uint8_t{11}}) {
        Reader r;
        r.read(modern_client_hello());
        Bytes body = handshake(2, server_hello_body(0xc02f, {}));
        Bytes claim{type};
        put24(claim, type == 11 ? (1u << 20) : 4000u);  // 11: longer than tlsdiag keeps
        append(body, claim);
        auto out = r.read(record(22, body));
        ASSERT_EQ(out.size(), 1u) << int{type};
        EXPECT_EQ(out[0].kind, Kind::ServerHello);
        out = r.read(record(22, handshake(14, {})));  // would be a ServerHelloDone
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0].kind, Kind::Record);
        EXPECT_EQ(out[0].content_type, 22);
    }
}

}  // namespace
}  // namespace tlsdiag::test
