// CaptureState (capture/capture_state.cpp): how the facts of each frame become
// events of a connection, without Wireshark. Frames are applied as the
// plugin applies them on the first pass.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cert_fixtures.h"
#include "capture/capture_state.h"
#include "scenario.h"

namespace tlsdiag::test {

using capture::CaptureState;
using capture::Endpoint;
using capture::FrameFacts;
using capture::TlsMessage;

namespace {

// Loopback, as in the testdata captures: the ports tell the sides apart.
Endpoint endpoint(uint32_t port) {
    const uint8_t loopback[] = {127, 0, 0, 1};
    return Endpoint(4, loopback, sizeof loopback, port);  // AT_IPv4 127.0.0.1
}
const Endpoint kClient = endpoint(50000);
const Endpoint kServer = endpoint(443);

TlsMessage client_hello_msg(const std::string& sni = "api.example.com") {
    TlsMessage m(TlsMessage::Kind::ClientHello);
    m.ch = modern_hello(sni);
    m.well_formed = true;
    return m;
}
TlsMessage server_hello_msg(uint16_t v = version::TLS13, uint16_t suite = 0x1301) {
    TlsMessage m(TlsMessage::Kind::ServerHello);
    m.sh = server_hello(v, suite);
    m.well_formed = true;
    return m;
}
TlsMessage missing_msg(uint32_t bytes = 1400) {
    TlsMessage m(TlsMessage::Kind::Missing);
    m.missing_bytes = bytes;
    return m;
}
TlsMessage unreadable_msg() {
    return TlsMessage(TlsMessage::Kind::Unreadable);
}
TlsMessage handshake_msg(uint8_t type) {
    TlsMessage m(TlsMessage::Kind::Handshake);
    m.handshake_type = type;
    return m;
}
TlsMessage alert_msg(uint8_t level, uint8_t desc) {
    TlsMessage m(TlsMessage::Kind::Alert);
    m.alert = Alert{level, desc};
    return m;
}
TlsMessage record_msg(uint8_t content_type) {
    TlsMessage m(TlsMessage::Kind::Record);
    m.content_type = content_type;
    return m;
}

FrameFacts facts(std::vector<TlsMessage> messages) {
    FrameFacts f;
    f.messages = std::move(messages);
    return f;
}
FrameFacts fin(std::vector<TlsMessage> messages = {}) {
    FrameFacts f = facts(std::move(messages));
    f.fin = true;
    return f;
}
FrameFacts rst(std::vector<TlsMessage> messages = {}) {
    FrameFacts f = facts(std::move(messages));
    f.rst = true;
    return f;
}

const char* kind_name(Event::Kind k) {
    switch (k) {
    case Event::Kind::ClientHello: return "ClientHello";
    case Event::Kind::ServerHello: return "ServerHello";
    case Event::Kind::Handshake: return "Handshake";
    case Event::Kind::Alert: return "Alert";
    case Event::Kind::Record: return "Record";
    case Event::Kind::Payload: return "Payload";
    case Event::Kind::Fin: return "Fin";
    case Event::Kind::Rst: return "Rst";
    case Event::Kind::QuicPacket: return "QuicPacket";
    case Event::Kind::QuicClose: return "QuicClose";
    }
    return "?";
}

// Drives one CaptureState frame by frame: 1 ms apart, frame numbers counting
// across all streams as in a capture file.
class Capture {
public:
    explicit Capture(Settings s = {}, TimeNs start = 1'700'000'000'000'000'000)
        : settings_(std::move(s)), time_(start) {}

    Findings send(uint32_t stream, const Endpoint& src, const Endpoint& dst, const FrameFacts& f) {
        ++frame_;
        time_ += 1'000'000;
        return state_.apply(stream, src, dst, frame_, time_, f, settings_);
    }
    Findings from_client(const FrameFacts& f, uint32_t stream = 0) {
        return send(stream, kClient, kServer, f);
    }
    Findings from_server(const FrameFacts& f, uint32_t stream = 0) {
        return send(stream, kServer, kClient, f);
    }

    // "Kind/side@frame" per event of the stream, e.g. "ClientHello/client@1".
    std::vector<std::string> events(uint32_t stream = 0) {
        std::vector<std::string> out;
        const capture::CapturedConnection* s = state_.find(stream);
        if (!s) return out;
        for (const Event& e : s->diagnosed.conn().events())
            out.push_back(std::string(kind_name(e.kind)) + "/" + side_name(e.from) + "@" +
                          std::to_string(e.frame));
        return out;
    }
    Ids ids(uint32_t stream = 0) {
        Ids out;
        if (const capture::CapturedConnection* s = state_.find(stream))
            for (const Finding& f : s->diagnosed.findings())
                out.push_back(f.rule->id + "@" + std::to_string(f.frame));
        return out;
    }

    CaptureState& state() { return state_; }
    Frame frame() const { return frame_; }

private:
    Settings settings_;
    CaptureState state_;
    Frame frame_ = 0;
    TimeNs time_;
};

using Events = std::vector<std::string>;

Ids ids_of(const Findings& fs) {
    Ids out;
    for (const Finding& f : fs) out.push_back(f.rule->id + "@" + std::to_string(f.frame));
    return out;
}

}  // namespace

// ---- side assignment ---------------------------------------------------------

TEST(CaptureState, ClientHelloSenderIsTheClient) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(facts({server_hello_msg(), record_msg(23)}));
    c.from_client(facts({record_msg(20), record_msg(23)}));
    ASSERT_TRUE(c.state().tracks(0));
    EXPECT_EQ(c.state().find(0)->ends.client(), kClient);
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "ServerHello/server@2", "Record/server@2",
                                  "Record/client@3", "Record/client@3"}));
    EXPECT_EQ(c.ids(), Ids{});
}

TEST(CaptureState, MidStreamServerHelloReceiverIsTheClient) {
    Capture c;  // the capture started after the ClientHello
    c.from_server(facts({server_hello_msg(version::TLS10, 0xc013)}));
    c.from_client(facts({handshake_msg(hs::ClientKeyExchange)}));
    ASSERT_TRUE(c.state().tracks(0));
    EXPECT_EQ(c.state().find(0)->ends.client(), kClient);
    EXPECT_EQ(c.events(), (Events{"ServerHello/server@1", "Handshake/client@2"}));
    EXPECT_EQ(c.ids(), (Ids{"ats.tls_version@1"}));
}

TEST(CaptureState, PortsTellTheSidesApartOnOneAddress) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.send(0, kServer, kClient, facts({alert_msg(2, 40)}));
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Alert/server@2"}));
    EXPECT_EQ(c.ids(), (Ids{"alert.handshake_failure@2"}));
}

TEST(CaptureState, FirstHelloOfTheFrameDecidesTheSides) {
    Capture c;  // a record before the hello in the same segment
    c.from_client(facts({record_msg(23), client_hello_msg()}));
    ASSERT_TRUE(c.state().tracks(0));
    EXPECT_EQ(c.state().find(0)->ends.client(), kClient);
    EXPECT_EQ(c.events(), (Events{"Record/client@1", "ClientHello/client@1"}));
}

TEST(CaptureState, WrongSideHellosAreIgnored) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    // A ClientHello from the server and a ServerHello from the client.
    TlsMessage odd_client_hello = client_hello_msg("other.example.com");
    odd_client_hello.ch.random = "another-random";
    TlsMessage odd_server_hello = server_hello_msg(version::TLS10, 0x000a);
    c.from_server(facts({odd_client_hello}));
    c.from_client(facts({odd_server_hello}));
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1"}));
    EXPECT_EQ(c.state().find(0)->ends.client(), kClient);
    EXPECT_EQ(c.ids(), Ids{});
    // The right side's hello is still believed afterwards.
    c.from_server(facts({server_hello_msg(), record_msg(23)}));
    EXPECT_EQ(c.events(),
              (Events{"ClientHello/client@1", "ServerHello/server@4", "Record/server@4"}));
}

TEST(CaptureState, WrongSideHelloDropsOnlyItselfFromTheFrame) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    TlsMessage odd = client_hello_msg();
    odd.ch.random = "another-random";
    c.from_server(facts({odd, alert_msg(2, 80)}));
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Alert/server@2"}));
    EXPECT_EQ(c.ids(), (Ids{"alert.internal_error@2"}));
}

// ---- untracked streams -----------------------------------------------------------

TEST(CaptureState, FramesWithoutHelloOnAnUntrackedStreamCreateNothing) {
    Capture c;
    FrameFacts lost = facts({missing_msg(), record_msg(23)});
    FrameFacts reset_with_fin = rst();
    reset_with_fin.fin = true;
    TlsMessage ill_formed = client_hello_msg();
    ill_formed.well_formed = false;
    for (const FrameFacts& f :
         {facts({unreadable_msg()}), facts({record_msg(23)}), facts({ill_formed}),
          facts({alert_msg(2, 40)}), facts({handshake_msg(hs::Certificate)}), fin(), rst(),
          reset_with_fin, lost}) {
        EXPECT_TRUE(c.from_server(f, 7).empty());
        EXPECT_TRUE(c.from_client(f, 7).empty());
    }
    EXPECT_FALSE(c.state().tracks(7));
    EXPECT_EQ(c.state().find(7), nullptr);
    EXPECT_TRUE(c.state().connection_count() == 0u);
    for (Frame f = 1; f <= c.frame(); ++f) EXPECT_EQ(c.state().findings_at(f), nullptr) << f;
}

TEST(CaptureState, StreamIsTrackedFromItsFirstHelloOn) {
    Capture c;
    c.from_client(facts({}), 3);                    // SYN-like: nothing
    c.from_client(facts({client_hello_msg()}), 3);  // frame 2
    c.from_server(rst(), 3);                        // frame 3
    EXPECT_EQ(c.events(3), (Events{"ClientHello/client@2", "Rst/server@3"}));
    EXPECT_EQ(c.ids(3), (Ids{"tcp.rst_after_client_hello@3"}));
}

TEST(CaptureState, StreamsAreKeptApart) {
    Capture c;
    c.from_client(facts({client_hello_msg()}), 1);
    c.from_client(facts({client_hello_msg("")}), 2);
    c.from_server(rst(), 1);
    c.from_server(facts({server_hello_msg()}), 2);
    EXPECT_EQ(c.state().connection_count(), 2u);
    EXPECT_EQ(c.events(1), (Events{"ClientHello/client@1", "Rst/server@3"}));
    EXPECT_EQ(c.events(2), (Events{"ClientHello/client@2", "ServerHello/server@4"}));
    EXPECT_EQ(c.ids(1), (Ids{"tcp.rst_after_client_hello@3"}));
    EXPECT_EQ(c.ids(2), (Ids{"tls.no_sni@2"}));
}

// ---- order within a frame -----------------------------------------------------------

TEST(CaptureState, MissingBytesAreAPayloadInTheirPlace) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts f = facts(
        {missing_msg(), server_hello_msg(version::TLS12, 0xc02f), handshake_msg(hs::Certificate)});
    c.from_server(f);
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/server@2",
                                  "ServerHello/server@2", "Handshake/server@2"}));
}

TEST(CaptureState, MissingBytesBeforeAHelloOfANewStream) {
    Capture c;
    FrameFacts f = facts({missing_msg(), server_hello_msg()});
    c.from_server(f);
    EXPECT_EQ(c.events(), (Events{"Payload/server@1", "ServerHello/server@1"}));
}

TEST(CaptureState, UnreadableTcpDataIsAPayload) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(facts({unreadable_msg()}));  // e.g. an HTTP 400 after lost bytes
    c.from_server(fin());
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/server@2", "Fin/server@3"}));
    EXPECT_EQ(c.ids(), Ids{});  // an answer, not a refusal
}

TEST(CaptureState, EmptySegmentIsNoEvent) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(facts({}));  // a bare ACK, or bytes that only continue a record
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1"}));
}

TEST(CaptureState, MissingBytesAndUnreadableDataAreTwoPayloads) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(facts({missing_msg(), unreadable_msg()}));
    c.from_server(facts({unreadable_msg()}));  // continues the run: no event
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/server@2", "Payload/server@2"}));
    const auto& events = c.state().find(0)->diagnosed.conn().events();
    EXPECT_EQ(events[1].payload_kind(), PayloadKind::Missing);
    EXPECT_EQ(events[2].payload_kind(), PayloadKind::Unreadable);
}

TEST(CaptureState, FinAndRstComeAfterTheFramesMessages) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts f = facts({alert_msg(2, 40)});
    f.fin = true;
    c.from_server(f);
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Alert/server@2", "Fin/server@2"}));
    // The alert speaks for itself: the FIN after it is no silent refusal.
    EXPECT_EQ(c.ids(), (Ids{"alert.handshake_failure@2"}));
}

TEST(CaptureState, RstWinsOverFinInOneSegment) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts f = rst();
    f.fin = true;
    c.from_server(f);
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Rst/server@2"}));
    EXPECT_EQ(c.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
}

TEST(CaptureState, FinCarryingDataComesAfterItsPayload) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(fin({unreadable_msg()}));
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/server@2", "Fin/server@2"}));
    EXPECT_EQ(c.ids(), Ids{});
}

TEST(CaptureState, FinRightAfterTheClientHelloIsARefusal) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    const Findings fresh = c.from_server(fin());
    EXPECT_EQ(ids_of(fresh), (Ids{"tcp.fin_after_client_hello@2"}));
}

TEST(CaptureState, FinAfterALostSegmentIsNotFinAfterClientHello) {
    // The server answered with data the capture lost: its FIN ends an answer.
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts f = fin({missing_msg()});
    EXPECT_TRUE(c.from_server(f).empty());
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/server@2", "Fin/server@2"}));
    EXPECT_EQ(c.ids(), Ids{});
}

TEST(CaptureState, RstAfterALostSegmentIsNotRstAfterClientHello) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts f = rst({missing_msg()});
    EXPECT_TRUE(c.from_server(f).empty());
    EXPECT_EQ(c.ids(), Ids{});
}

TEST(CaptureState, ClientsLostSegmentDoesNotExcuseTheServersFin) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    FrameFacts gap = facts({missing_msg()});
    c.from_client(gap);
    c.from_server(fin());
    EXPECT_EQ(c.events(), (Events{"ClientHello/client@1", "Payload/client@2", "Fin/server@3"}));
    EXPECT_EQ(c.ids(), (Ids{"tcp.fin_after_client_hello@3"}));
}

// ---- findings per frame ---------------------------------------------------------

TEST(CaptureState, ApplyReturnsTheFramesNewFindings) {
    Capture c;
    EXPECT_EQ(ids_of(c.from_client(facts({client_hello_msg("")}))), (Ids{"tls.no_sni@1"}));
    EXPECT_EQ(ids_of(c.from_server(rst())), (Ids{"tcp.rst_after_client_hello@2"}));
    EXPECT_TRUE(c.from_client(facts({alert_msg(2, 50)})).empty());
}

TEST(CaptureState, FindingsAtReplaysWhatTheFirstPassFound) {
    Capture c;
    c.from_client(facts({client_hello_msg("")}));   // 1: tls.no_sni
    c.from_server(rst());                           // 2: tcp.rst_after_client_hello
    c.from_client(facts({record_msg(21)}));         // 3: nothing
    c.from_client(facts({client_hello_msg()}), 4);  // 4: another stream, nothing
    const Findings* at1 = c.state().findings_at(1);
    const Findings* at2 = c.state().findings_at(2);
    ASSERT_NE(at1, nullptr);
    ASSERT_NE(at2, nullptr);
    EXPECT_EQ(ids_of(*at1), (Ids{"tls.no_sni@1"}));
    EXPECT_EQ(ids_of(*at2), (Ids{"tcp.rst_after_client_hello@2"}));
    EXPECT_EQ((*at2)[0].summary, c.state().find(0)->diagnosed.findings()[1].summary);
    EXPECT_EQ((*at2)[0].related, 1u);
    EXPECT_EQ(c.state().findings_at(3), nullptr);
    EXPECT_EQ(c.state().findings_at(4), nullptr);
    EXPECT_EQ(c.state().findings_at(99), nullptr);
}

// Frames reach apply() in order on a first pass; should one come late, its
// findings are still found by its number, and the others' too.
TEST(CaptureState, FindingsAtKeepsFramesAppliedOutOfOrder) {
    capture::CaptureState state;
    const Settings settings;
    state.apply(0, kClient, kServer, 9, 9'000'000, facts({client_hello_msg("")}), settings);
    state.apply(1, kClient, kServer, 4, 4'000'000, facts({client_hello_msg("")}), settings);
    state.apply(2, kClient, kServer, 6, 6'000'000, facts({client_hello_msg("")}), settings);
    for (Frame f : {4u, 6u, 9u}) {
        ASSERT_NE(state.findings_at(f), nullptr) << f;
        EXPECT_EQ(ids_of(*state.findings_at(f)), (Ids{"tls.no_sni@" + std::to_string(f)})) << f;
    }
    for (Frame f : {1u, 5u, 7u, 10u}) EXPECT_EQ(state.findings_at(f), nullptr) << f;
}

TEST(CaptureState, FindingsAtOutlivesLaterApplies) {
    // apply() returns a scratch list the next frame overwrites; the stored
    // copy stays.
    Capture c;
    c.from_client(facts({client_hello_msg("")}));
    for (int i = 0; i < 5; ++i) c.from_client(facts({client_hello_msg()}), 10 + i);
    ASSERT_NE(c.state().findings_at(1), nullptr);
    EXPECT_EQ(ids_of(*c.state().findings_at(1)), (Ids{"tls.no_sni@1"}));
}

TEST(CaptureState, OneFrameCanCarrySeveralFindings) {
    Capture c;
    TlsMessage legacy(TlsMessage::Kind::ClientHello);
    legacy.ch = legacy_hello(version::TLS10, "");
    legacy.well_formed = true;
    EXPECT_EQ(ids_of(c.from_client(facts({legacy}))),
              (Ids{"tls.no_sni@1", "tls.legacy_client_version@1"}));
    ASSERT_NE(c.state().findings_at(1), nullptr);
    EXPECT_EQ(ids_of(*c.state().findings_at(1)),
              (Ids{"tls.no_sni@1", "tls.legacy_client_version@1"}));
}

TEST(CaptureState, SettingsReachTheRules) {
    Settings settings;
    settings.disabled_families = {"tls"};
    Capture c(settings);
    c.from_client(facts({client_hello_msg("")}));
    c.from_server(rst());
    EXPECT_EQ(c.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
    EXPECT_EQ(c.state().findings_at(1), nullptr);
}

TEST(CaptureState, ResetForgetsStreamsAndFindings) {
    Capture c;
    c.from_client(facts({client_hello_msg("")}));
    c.from_server(rst());
    c.state().reset();
    EXPECT_FALSE(c.state().tracks(0));
    EXPECT_TRUE(c.state().connection_count() == 0u);
    EXPECT_EQ(c.state().findings_at(1), nullptr);
    EXPECT_EQ(c.state().findings_at(2), nullptr);
    // A frame without a hello does not bring the stream back.
    c.from_server(rst());
    EXPECT_FALSE(c.state().tracks(0));
}

// A frame's chains are kept once, by the connection: what a frame shows must
// survive the connection storing a second chain (its vector growing).
TEST(CaptureState, ChainsAtShowsEachFramesChainsWithTheirSender) {
    Capture c;
    // The reader makes a chain of as many certificates as the message has.
    c.state().set_chain_reader([](const std::vector<std::string>& ders) {
        std::vector<CertificateInfo> certs;
        for (const std::string& name : ders) certs.push_back(healthy_leaf(name));
        return chain_of(certs);
    });
    auto certificate = [](std::vector<std::string> names) {
        TlsMessage m = handshake_msg(hs::Certificate);
        m.certificates = std::move(names);
        return m;
    };
    c.from_client(facts({client_hello_msg()}));  // 1
    c.from_server(facts({server_hello_msg(version::TLS12, 0xc02f),
                         certificate({"server.example.com", "CA"})}));  // 2
    c.from_server(facts({handshake_msg(hs::CertificateRequest)}));      // 3
    c.from_client(facts({certificate({"client.example.com"})}));        // 4
    c.from_client(facts({certificate({})}));  // an empty Certificate shows nothing   // 5

    EXPECT_TRUE(c.state().chains_at(1).empty());
    const std::vector<capture::ShownChain> server = c.state().chains_at(2);
    ASSERT_EQ(server.size(), 1u);
    EXPECT_EQ(server[0].from, Side::Server);
    ASSERT_EQ(server[0].chain->certs.size(), 2u);
    EXPECT_EQ(server[0].chain->leaf()->subject_cn, "server.example.com");
    const std::vector<capture::ShownChain> client = c.state().chains_at(4);
    ASSERT_EQ(client.size(), 1u);
    EXPECT_EQ(client[0].from, Side::Client);
    EXPECT_EQ(client[0].chain->leaf()->subject_cn, "client.example.com");
    EXPECT_TRUE(c.state().chains_at(5).empty());
    EXPECT_TRUE(c.state().chains_at(99).empty());
    c.state().reset();
    EXPECT_TRUE(c.state().chains_at(2).empty());
}

TEST(CaptureState, ImplausibleClockIsNotedOncePerCapture) {
    Capture c({}, 300'000'000'000);  // 1970-01-01 00:05:00
    c.state().set_chain_reader([](const std::vector<std::string>& ders) {
        std::vector<CertificateInfo> certs;
        for (const std::string& name : ders) certs.push_back(healthy_leaf(name));
        return chain_of(certs);
    });
    TlsMessage certificate = handshake_msg(hs::Certificate);
    certificate.certificates = {"api.example.com"};
    c.from_client(facts({client_hello_msg()}));  // 1
    const Findings at_2 =
        c.from_server(facts({server_hello_msg(version::TLS12, 0xc02f), certificate}));  // 2
    c.from_client(facts({client_hello_msg()}), 1);                                      // 3
    const Findings at_4 =
        c.from_server(facts({server_hello_msg(version::TLS12, 0xc02f), certificate}), 1);  // 4
    // Noted on the first chain, not counted as a connection's finding.
    EXPECT_EQ(ids_of(at_2), (Ids{"capture.clock_implausible@2", "cert.not_yet_valid@2"}));
    EXPECT_EQ(ids_of(at_4), (Ids{"cert.not_yet_valid@4"}));
    EXPECT_EQ(c.ids(0), (Ids{"cert.not_yet_valid@2"}));
    ASSERT_TRUE(c.state().clock_note());
    EXPECT_EQ(c.state().clock_note()->frame, 2u);
    EXPECT_EQ(ids_of(*c.state().findings_at(2)),
              (Ids{"capture.clock_implausible@2", "cert.not_yet_valid@2"}));
    c.state().reset();
    EXPECT_FALSE(c.state().clock_note());
}

TEST(CaptureState, PlausibleClockIsNotNoted) {
    Capture c;
    c.state().set_chain_reader([](const std::vector<std::string>& ders) {
        std::vector<CertificateInfo> certs;
        for (const std::string& name : ders) certs.push_back(healthy_leaf(name));
        return chain_of(certs);
    });
    TlsMessage certificate = handshake_msg(hs::Certificate);
    certificate.certificates = {"api.example.com"};
    c.from_client(facts({client_hello_msg()}));
    EXPECT_EQ(ids_of(c.from_server(facts({server_hello_msg(version::TLS12, 0xc02f), certificate}))),
              Ids{});
    EXPECT_FALSE(c.state().clock_note());
}

TEST(CaptureState, FindReturnsTheStreamWithBothEndpoints) {
    Capture c;
    c.from_client(facts({client_hello_msg()}), 5);
    capture::CapturedConnection* s = c.state().find(5);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->ends.client(), kClient);
    EXPECT_EQ(s->ends.server(), kServer);
    EXPECT_EQ(c.state().find(6), nullptr);
}

TEST(CaptureState, AServerHelloFirstMakesItsReceiverTheClient) {
    Capture c;
    c.from_server(facts({server_hello_msg()}), 5);
    capture::CapturedConnection* s = c.state().find(5);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->ends.client(), kClient);
    EXPECT_EQ(s->ends.server(), kServer);
}

TEST(FrameFacts, HasHelloOnlyWithAClientOrServerHello) {
    EXPECT_FALSE(facts({}).has_hello());
    EXPECT_FALSE(
        facts({record_msg(23), alert_msg(2, 40), handshake_msg(hs::Certificate)}).has_hello());
    EXPECT_TRUE(facts({record_msg(23), client_hello_msg()}).has_hello());
    EXPECT_TRUE(facts({server_hello_msg()}).has_hello());
}

TEST(FrameFacts, ClearEmptiesEverything) {
    FrameFacts f = fin({missing_msg()});
    f.rst = true;
    f.messages.push_back(client_hello_msg());
    f.clear();
    EXPECT_FALSE(f.fin);
    EXPECT_FALSE(f.rst);
    EXPECT_TRUE(f.messages.empty());
}

}  // namespace tlsdiag::test

namespace tlsdiag::test {
namespace {

TlsMessage fallback_hello_msg(const std::string& sni) {
    TlsMessage m = client_hello_msg(sni);
    m.ch.supported_versions().clear();
    m.ch.cipher_suites().push_back(0x5600);  // TLS_FALLBACK_SCSV
    return m;
}

// A first attempt answered by handshake_failure on stream 0 (frames 1-2), then
// the fallback retry from another client port on stream 1 (frame 3).
Findings retry_after_a_failure(Capture& c, const std::string& first_sni,
                               const std::string& retry_sni) {
    c.from_client(facts({client_hello_msg(first_sni)}));
    c.from_server(facts({alert_msg(2, 40)}));
    return c.send(1, endpoint(50001), kServer, facts({fallback_hello_msg(retry_sni)}));
}

}  // namespace

TEST(CaptureStateFallback, NamesTheFailedAttemptBeforeTheRetry) {
    Capture c;
    const Findings found = retry_after_a_failure(c, "api.example.com", "api.example.com");
    ASSERT_EQ(found.size(), 1u);
    const Finding* f = &found[0];
    EXPECT_EQ(f->rule->id, "tls.version_fallback");
    EXPECT_EQ(f->related, 1u);
    EXPECT_TRUE(mentions(f->summary, {"TLS_FALLBACK_SCSV",
                                      "; the attempt before it, ClientHello in frame 1, failed: "
                                      "alert.handshake_failure in frame 2"}));
    // The connection keeps the same words as the frame.
    EXPECT_EQ(c.state().find(1)->diagnosed.findings()[0].summary, f->summary);
    EXPECT_EQ(c.state().find(1)->diagnosed.findings()[0].related, 1u);
}

TEST(CaptureStateFallback, AnotherSniIsNotTheEarlierAttempt) {
    Capture c;
    const Findings found = retry_after_a_failure(c, "www.example.com", "api.example.com");
    ASSERT_EQ(found.size(), 1u);
    const Finding* f = &found[0];
    EXPECT_EQ(f->related, 0u);
    EXPECT_EQ(f->summary.find("attempt before it"), std::string::npos) << f->summary;
}

TEST(CaptureStateFallback, AnotherServerPortIsNotTheEarlierAttempt) {
    Capture c;
    c.send(0, kClient, endpoint(8443), facts({client_hello_msg()}));
    c.send(0, endpoint(8443), kClient, facts({alert_msg(2, 40)}));
    Findings found =
        c.send(1, endpoint(50001), kServer, facts({fallback_hello_msg("api.example.com")}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].summary.find("attempt before it"), std::string::npos) << found[0].summary;
}

TEST(CaptureStateFallback, ASuccessfulEarlierConnectionIsNotTheFailedAttempt) {
    Capture c;
    c.from_client(facts({client_hello_msg()}));
    c.from_server(facts({server_hello_msg(), record_msg(23)}));
    Findings found =
        c.send(1, endpoint(50001), kServer, facts({fallback_hello_msg("api.example.com")}));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].related, 0u);
    EXPECT_EQ(found[0].summary.find("attempt before it"), std::string::npos) << found[0].summary;
}

}  // namespace tlsdiag::test
