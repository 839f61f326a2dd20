#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "capture/tls_messages.h"
#include "scenario.h"
#include "tlsdiag/tables.h"

namespace tlsdiag::test {

namespace {
ServerHello compressed(ServerHello sh, uint8_t method) {
    sh.compression_method = method;
    return sh;
}
ServerHello tls13_with_share(uint16_t group) {
    ServerHello sh = server_hello(version::TLS13, 0x1301, "h2");
    sh.key_share_group = group;
    return sh;
}
ServerKeyExchange dhe(uint32_t bits) {
    ServerKeyExchange ske;
    ske.dh_prime_bits = bits;
    return ske;
}
ServerKeyExchange ecdhe(uint16_t group) {
    ServerKeyExchange ske;
    ske.named_group = group;
    return ske;
}
// A TLS 1.2 h2 handshake with DHE_RSA_WITH_AES_128_GCM_SHA256 (which ATS
// refuses: ats.cipher_suite on frame 2) or ECDHE_RSA_WITH_AES_128_GCM_SHA256,
// up to its ServerKeyExchange (frame 4).
Scenario tls12_h2(ServerKeyExchange ske, const std::string& alpn = "h2") {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, ske.dh_prime_bits ? 0x009e : 0xc02f, alpn))
        .handshake(Side::Server, hs::Certificate)
        .server_key_exchange(ske);
    return s;
}
// A full TLS 1.2 h2 handshake (ECDHE, frames 1-10) as a capture shows it
// without keys: each side's ChangeCipherSpec and encrypted Finished.
Scenario tls12_h2_handshake(const std::string& alpn = "h2") {
    Scenario s = tls12_h2(ecdhe(0x0017), alpn);
    s.handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .record(Side::Client, content::ChangeCipherSpec)
        .record(Side::Client, content::Handshake)
        .record(Side::Server, content::ChangeCipherSpec)
        .record(Side::Server, content::Handshake);
    return s;
}
ClientHello renegotiating_hello() {
    ClientHello ch = modern_hello();
    ch.random = "client-random-2";  // a new hello, no retransmission
    return ch;
}
const char* const kRenegotiatedByClient =
    "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of no TLS "
    "renegotiation after the connection preface (RFC 7540 section 9.2.1), with a renegotiation "
    "begun by the client after it; HTTP/2 endpoints treat it as a connection error "
    "PROTOCOL_ERROR";
std::vector<uint8_t> bytes(std::initializer_list<uint8_t> b) {
    return b;
}
}  // namespace

TEST(H2TlsRequirements, FiresOnH2OverTls11) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS11, 0xc013, "h2"));
    EXPECT_EQ(s.ids(),
              (Ids{"ats.tls_version@2", "h2.blacklisted_cipher@2", "h2.tls_requirements@2"}));
    EXPECT_EQ(s.find("h2.tls_requirements")->summary,
              "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of TLS 1.2 "
              "or later (RFC 7540 section 9.2), on TLS 1.1; HTTP/2 clients close with "
              "INADEQUATE_SECURITY");
}

TEST(H2TlsRequirements, FiresOnH2OverTls10) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS10, 0xc013, "h2"));
    EXPECT_TRUE(mentions(s.find("h2.tls_requirements")->summary, {"on TLS 1.0;"}));
}

TEST(H2TlsRequirements, FiresOnH2WithDeflateCompression) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(compressed(server_hello(version::TLS12, 0xc02f, "h2"), 1));
    EXPECT_EQ(s.ids(), (Ids{"h2.tls_requirements@2"}));
    EXPECT_TRUE(mentions(s.find("h2.tls_requirements")->summary,
                         {"requirement of no TLS compression (RFC 7540 section 9.2.1), with "
                          "compression method 1 (DEFLATE)"}));
}

TEST(H2TlsRequirements, SilentWithoutH2) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(compressed(server_hello(version::TLS11, 0xc02f, "http/1.1"), 1));
    EXPECT_EQ(s.ids(), (Ids{"ats.tls_version@2"}));
}

TEST(H2TlsRequirements, SilentOnH2OverTls12And13WithoutCompression) {
    Scenario s12, s13;
    s12.client_hello(modern_hello()).server_hello(server_hello(version::TLS12, 0xc02f, "h2"));
    s13.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    EXPECT_EQ(s12.ids(), Ids{});
    EXPECT_EQ(s13.ids(), Ids{});
}

TEST(H2TlsRequirements, ServerHelloCompressionMethodIsRead) {
    // TLS 1.2 ServerHello: version, random, empty session id, suite, DEFLATE, no extensions.
    std::vector<uint8_t> body = {0x03, 0x03};
    body.insert(body.end(), 32, 0x11);
    body.insert(body.end(), {0x00, 0xc0, 0x2f, 0x01});
    ServerHello sh;
    EXPECT_TRUE(capture::parse_server_hello(body.data(), body.size(), sh));
    EXPECT_EQ(sh.compression_method, 1);
    body.back() = 0x00;
    ServerHello null_method;
    EXPECT_TRUE(capture::parse_server_hello(body.data(), body.size(), null_method));
    EXPECT_EQ(null_method.compression_method, 0);
}

TEST(H2TlsRequirements, FiresOnDhe1024OnTheServerKeyExchange) {
    Scenario s = tls12_h2(dhe(1024));
    EXPECT_EQ(s.ids(), (Ids{"ats.cipher_suite@2", "h2.tls_requirements@4"}));
    EXPECT_EQ(s.find("h2.tls_requirements")->summary,
              "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of "
              "finite-field DHE of at least 2048 bits (RFC 7540 section 9.2.1), with finite-field "
              "DHE of 1024 bits; HTTP/2 clients close with INADEQUATE_SECURITY");
}

TEST(H2TlsRequirements, DheBoundaryIs2048Bits) {
    EXPECT_EQ(tls12_h2(dhe(2047)).ids(), (Ids{"ats.cipher_suite@2", "h2.tls_requirements@4"}));
    EXPECT_EQ(tls12_h2(dhe(2048)).ids(), Ids{"ats.cipher_suite@2"});
    EXPECT_EQ(tls12_h2(dhe(4096)).ids(), Ids{"ats.cipher_suite@2"});
}

TEST(H2TlsRequirements, FiresOnEcdheSecp192r1) {
    Scenario s = tls12_h2(ecdhe(0x0013));
    EXPECT_EQ(s.ids(), (Ids{"h2.tls_requirements@4"}));
    EXPECT_EQ(s.find("h2.tls_requirements")->summary,
              "server chose ALPN h2 on a connection that breaks HTTP/2's requirement of ECDHE of "
              "at least 224 bits (RFC 7540 section 9.2.1), with ECDHE on secp192r1 (0x0013) of "
              "192 bits; HTTP/2 clients close with INADEQUATE_SECURITY");
    EXPECT_TRUE(mentions(tls12_h2(ecdhe(0x0010)).find("h2.tls_requirements")->summary,
                         {"ECDHE on secp160r1 (0x0010) of 160 bits"}));
}

TEST(H2TlsRequirements, SilentOnEcdheCurvesOf224BitsOrMoreAndUnknownGroups) {
    for (uint16_t group : {0x0014, 0x0015, 0x0017, 0x001d, 0x001e, 0x7777})
        EXPECT_EQ(tls12_h2(ecdhe(group)).ids(), Ids{}) << group;
}

TEST(H2TlsRequirements, SilentOnSmallKeysWithoutH2) {
    EXPECT_EQ(tls12_h2(dhe(1024), "http/1.1").ids(), Ids{"ats.cipher_suite@2"});
    EXPECT_EQ(tls12_h2(ecdhe(0x0013), "").ids(), Ids{});
}

TEST(H2TlsRequirements, OneFindingPerConnection) {
    // TLS 1.1 is reported on the ServerHello; its small key adds nothing.
    Scenario old;
    old.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS11, 0x0033, "h2"))
        .server_key_exchange(dhe(1024));
    EXPECT_EQ(old.ids(), (Ids{"ats.tls_version@2", "ats.cipher_suite@2", "h2.blacklisted_cipher@2",
                              "h2.tls_requirements@2"}));
    // Only the first ServerKeyExchange after the ServerHello is judged.
    Scenario twice = tls12_h2(dhe(1024));
    twice.server_key_exchange(dhe(512));
    EXPECT_EQ(twice.ids(), (Ids{"ats.cipher_suite@2", "h2.tls_requirements@4"}));
}

TEST(H2TlsRequirements, FiresOnAClientRenegotiationAfterThePreface) {
    // The preface (frame 11), the server's SETTINGS (12), then an encrypted
    // handshake record from the client: its new ClientHello.
    Scenario s = tls12_h2_handshake();
    s.record(Side::Client, content::ApplicationData)
        .record(Side::Server, content::ApplicationData)
        .record(Side::Client, content::Handshake);
    EXPECT_EQ(s.ids(), Ids{"h2.tls_requirements@13"});
    EXPECT_EQ(s.find("h2.tls_requirements")->summary, kRenegotiatedByClient);
}

TEST(H2TlsRequirements, ReadsTheSameRenegotiationDecrypted) {
    // With a key log the Finished messages and the new ClientHello are read.
    Scenario s = tls12_h2(ecdhe(0x0017));
    s.handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .record(Side::Client, content::ChangeCipherSpec)
        .handshake(Side::Client, hs::Finished)
        .record(Side::Server, content::ChangeCipherSpec)
        .handshake(Side::Server, hs::Finished)
        .record(Side::Client, content::ApplicationData)
        .record(Side::Server, content::ApplicationData)
        .client_hello(renegotiating_hello());
    EXPECT_EQ(s.ids(), Ids{"h2.tls_requirements@13"});
    EXPECT_EQ(s.find("h2.tls_requirements")->summary, kRenegotiatedByClient);
}

TEST(H2TlsRequirements, FiresOnAServerHelloRequestAfterThePreface) {
    Scenario s = tls12_h2_handshake();
    s.record(Side::Client, content::ApplicationData).handshake(Side::Server, hs::HelloRequest);
    EXPECT_EQ(s.ids(), Ids{"h2.tls_requirements@12"});
    EXPECT_NE(s.find("h2.tls_requirements")->summary.find("begun by the server after it"),
              std::string::npos);
}

TEST(H2TlsRequirements, RenegotiationBeforeThePrefaceIsAllowed) {
    // RFC 7540 section 9.2.1: "any renegotiation MUST occur prior to sending
    // the connection preface"; the client's first application data is it.
    Scenario s = tls12_h2_handshake();
    s.record(Side::Server, content::ApplicationData).record(Side::Client, content::Handshake);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(H2TlsRequirements, AResumedHandshakeIsNoRenegotiation) {
    // An abbreviated handshake: the server's ChangeCipherSpec and Finished first.
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f, "h2"))
        .record(Side::Server, content::ChangeCipherSpec)
        .record(Side::Server, content::Handshake)
        .record(Side::Client, content::ChangeCipherSpec)
        .record(Side::Client, content::Handshake)
        .record(Side::Client, content::ApplicationData)
        .record(Side::Server, content::ApplicationData);
    EXPECT_EQ(s.ids(), Ids{});
}

TEST(H2TlsRequirements, RenegotiationIsNoneOfItsBusinessWithoutH2OrOnTls13) {
    Scenario http1 = tls12_h2_handshake("http/1.1");
    http1.record(Side::Client, content::ApplicationData).record(Side::Client, content::Handshake);
    EXPECT_EQ(http1.ids(), Ids{});
    // TLS 1.3's post-handshake messages (decrypted: a NewSessionTicket) are
    // no renegotiation.
    Scenario tls13;
    tls13.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301, "h2"))
        .record(Side::Server, content::ChangeCipherSpec)
        .handshake(Side::Server, hs::Finished)
        .record(Side::Client, content::ChangeCipherSpec)
        .handshake(Side::Client, hs::Finished)
        .record(Side::Client, content::ApplicationData)
        .handshake(Side::Server, hs::NewSessionTicket);
    EXPECT_EQ(tls13.ids(), Ids{});
}

TEST(H2TlsRequirements, UnreadServerKeyExchangeIsSilent) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0x009e, "h2"))
        .handshake(Side::Server, hs::ServerKeyExchange);
    EXPECT_EQ(s.ids(), Ids{"ats.cipher_suite@2"});
}

TEST(H2TlsRequirements, Tls13KeyShareGroup) {
    Scenario small;
    small.client_hello(modern_hello()).server_hello(tls13_with_share(0x0013));
    EXPECT_EQ(small.ids(), (Ids{"h2.tls_requirements@2"}));
    EXPECT_TRUE(mentions(small.find("h2.tls_requirements")->summary,
                         {"with ECDHE on secp192r1 (0x0013) of 192 bits;"}));
    for (uint16_t group : {0x001d, 0x0017, 0x0100, 0x0104, 0x11ec}) {
        Scenario fine;
        fine.client_hello(modern_hello()).server_hello(tls13_with_share(group));
        EXPECT_EQ(fine.ids(), Ids{}) << group;
    }
}

TEST(H2TlsRequirements, GroupSizesComeFromTheRegistryTable) {
    ASSERT_NE(find_group(0x0013), nullptr);
    EXPECT_STREQ(find_group(0x0013)->name, "secp192r1");
    EXPECT_EQ(find_group(0x0013)->bits, 192);
    EXPECT_FALSE(find_group(0x0013)->finite_field);
    EXPECT_EQ(find_group(0x0015)->bits, 224);
    EXPECT_EQ(find_group(0x001d)->bits, 255);
    EXPECT_TRUE(find_group(0x0100)->finite_field);
    EXPECT_EQ(find_group(0x0100)->bits, 2048);
    EXPECT_EQ(find_group(0x11ec)->bits, 0);  // X25519MLKEM768: no one size
    EXPECT_EQ(find_group(0x7777), nullptr);
}

TEST(H2TlsRequirements, SuitesNameTheirServerKeyExchangeLayout) {
    EXPECT_EQ(key_exchange_params(0x009e), KeyExchangeParams::Dh);       // DHE_RSA
    EXPECT_EQ(key_exchange_params(0x0018), KeyExchangeParams::Dh);       // DH_anon
    EXPECT_EQ(key_exchange_params(0x0063), KeyExchangeParams::Dh);       // DHE_DSS_EXPORT1024
    EXPECT_EQ(key_exchange_params(0xc02f), KeyExchangeParams::Ecdh);     // ECDHE_RSA
    EXPECT_EQ(key_exchange_params(0xc018), KeyExchangeParams::Ecdh);     // ECDH_anon
    EXPECT_EQ(key_exchange_params(0x00b2), KeyExchangeParams::PskDh);    // DHE_PSK
    EXPECT_EQ(key_exchange_params(0xc035), KeyExchangeParams::PskEcdh);  // ECDHE_PSK
    EXPECT_EQ(key_exchange_params(0x002f), KeyExchangeParams::None);     // RSA
    EXPECT_EQ(key_exchange_params(0x1301), KeyExchangeParams::None);     // TLS 1.3
    EXPECT_EQ(key_exchange_params(0x7777), KeyExchangeParams::None);     // unknown
}

TEST(H2TlsRequirements, ServerKeyExchangeDhPrimeIsRead) {
    // dh_p of 3 bytes with a leading zero (0x00 0x01 0x23: 9 bits), g = 2, Ys of 1 byte,
    // then a signature that is not read.
    auto body = bytes(
        {0x00, 0x03, 0x00, 0x01, 0x23, 0x00, 0x01, 0x02, 0x00, 0x01, 0x05, 0x04, 0x01, 0x00, 0x00});
    ServerKeyExchange ske;
    EXPECT_TRUE(
        capture::parse_server_key_exchange(body.data(), body.size(), KeyExchangeParams::Dh, ske));
    EXPECT_EQ(ske.dh_prime_bits, 9u);
    EXPECT_EQ(ske.named_group, 0);
    // With a PSK identity hint "ab" first.
    auto psk = bytes({0x00, 0x02, 'a', 'b', 0x00, 0x01, 0x80, 0x00, 0x01, 0x02, 0x00, 0x01, 0x05});
    ServerKeyExchange psk_ske;
    EXPECT_TRUE(capture::parse_server_key_exchange(psk.data(), psk.size(), KeyExchangeParams::PskDh,
                                                   psk_ske));
    EXPECT_EQ(psk_ske.dh_prime_bits, 8u);
}

TEST(H2TlsRequirements, ServerKeyExchangeNamedCurveIsRead) {
    // named_curve (3) secp192r1, a 2-byte point, then the signature.
    auto body = bytes({0x03, 0x00, 0x13, 0x02, 0x04, 0x00, 0x04, 0x01, 0x00, 0x00});
    ServerKeyExchange ske;
    EXPECT_TRUE(
        capture::parse_server_key_exchange(body.data(), body.size(), KeyExchangeParams::Ecdh, ske));
    EXPECT_EQ(ske.named_group, 0x0013);
    EXPECT_EQ(ske.dh_prime_bits, 0u);
    auto psk = bytes({0x00, 0x00, 0x03, 0x00, 0x17, 0x01, 0x04});
    ServerKeyExchange psk_ske;
    EXPECT_TRUE(capture::parse_server_key_exchange(psk.data(), psk.size(),
                                                   KeyExchangeParams::PskEcdh, psk_ske));
    EXPECT_EQ(psk_ske.named_group, 0x0017);
}

TEST(H2TlsRequirements, ServerKeyExchangeThatDoesNotFitIsNotRead) {
    ServerKeyExchange ske;
    auto explicit_prime = bytes({0x01, 0x00, 0x13, 0x02, 0x04, 0x00});
    EXPECT_FALSE(capture::parse_server_key_exchange(explicit_prime.data(), explicit_prime.size(),
                                                    KeyExchangeParams::Ecdh, ske));
    auto cut_point = bytes({0x03, 0x00, 0x13, 0x41, 0x04});
    EXPECT_FALSE(capture::parse_server_key_exchange(cut_point.data(), cut_point.size(),
                                                    KeyExchangeParams::Ecdh, ske));
    auto cut_prime = bytes({0x01, 0x00, 0xff});
    EXPECT_FALSE(capture::parse_server_key_exchange(cut_prime.data(), cut_prime.size(),
                                                    KeyExchangeParams::Dh, ske));
    auto zero_prime = bytes({0x00, 0x01, 0x00, 0x00, 0x01, 0x02, 0x00, 0x01, 0x05});
    EXPECT_FALSE(capture::parse_server_key_exchange(zero_prime.data(), zero_prime.size(),
                                                    KeyExchangeParams::Dh, ske));
    auto dh = bytes({0x00, 0x01, 0x80, 0x00, 0x01, 0x02, 0x00, 0x01, 0x05});
    EXPECT_FALSE(
        capture::parse_server_key_exchange(dh.data(), dh.size(), KeyExchangeParams::None, ske));
    EXPECT_FALSE(capture::parse_server_key_exchange(nullptr, 0, KeyExchangeParams::Dh, ske));
}

TEST(H2TlsRequirements, ServerHelloKeyShareGroupIsRead) {
    // TLS 1.3 ServerHello: supported_versions 0x0304, key_share secp192r1 with a 1-byte key.
    std::vector<uint8_t> body = {0x03, 0x03};
    body.insert(body.end(), 32, 0x22);
    body.insert(body.end(), {0x00, 0x13, 0x01, 0x00, 0x00, 0x0f, 0x00, 0x2b, 0x00, 0x02, 0x03,
                             0x04, 0x00, 0x33, 0x00, 0x05, 0x00, 0x13, 0x00, 0x01, 0x07});
    ServerHello sh;
    EXPECT_TRUE(capture::parse_server_hello(body.data(), body.size(), sh));
    EXPECT_EQ(sh.selected_version, version::TLS13);
    EXPECT_EQ(sh.key_share_group, 0x0013);
}

}  // namespace tlsdiag::test
