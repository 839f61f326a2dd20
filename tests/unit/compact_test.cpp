// Connection::compact() (rules/model.cpp) and what a settled connection keeps
// (capture/endpoints.h, capture/pair_table.h): less memory, and nothing a
// rule, the report or the hello deduplication reads may change.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "capture/capture_state.h"
#include "capture/pair_table.h"
#include "scenario.h"
#include "tlsdiag/describe.h"
#include "tlsdiag/report.h"

namespace tlsdiag::test {

namespace {

ClientHello compacted(ClientHello ch) {
    ch.compact();
    return ch;
}

// A TLS 1.3 handshake with a renegotiation-free close, and its findings.
Scenario settled_tls13(ClientHello ch) {
    Scenario s;
    s.client_hello(std::move(ch))
        .server_hello(server_hello(version::TLS13, 0x1301))
        .record(Side::Server, 23)
        .record(Side::Client, 23)
        .fin(Side::Server);
    return s;
}

std::string report_of(const DiagnosedConnection& diagnosed) {
    report::ConnectionRecord r;
    r.stream = 7;
    r.client = "10.0.0.1:50000";
    r.server = "10.0.0.2:443";
    r.diagnosed = &diagnosed;
    return report::render_text({"x.pcapng", 5}, {r}) + report::render_json({"x.pcapng", 5}, {r});
}

}  // namespace

// ---- ClientHello::compact ----------------------------------------------------

TEST(ClientHelloCompact, DropsTheListsAndKeepsWhatIsSaidOfThem) {
    const ClientHello full = modern_hello();
    const ClientHello small = compacted(full);
    EXPECT_TRUE(small.cipher_suites().empty());
    EXPECT_EQ(small.cipher_suites().capacity(), 0u);
    EXPECT_TRUE(small.supported_versions().empty());
    EXPECT_EQ(small.real_suite_count(), full.real_suite_count());
    EXPECT_EQ(small.max_version(), full.max_version());
    EXPECT_EQ(small.min_version(), full.min_version());
    EXPECT_EQ(describe_client_hello(small), describe_client_hello(full));
    EXPECT_EQ(offered_versions(small), offered_versions(full));
}

TEST(ClientHelloCompact, WithoutSupportedVersionsTheMinimumStaysUnknown) {
    const ClientHello full = legacy_hello(version::TLS10);
    const ClientHello small = compacted(full);
    EXPECT_EQ(small.max_version(), version::TLS10);
    EXPECT_EQ(small.min_version(), std::nullopt);
    EXPECT_EQ(small.real_suite_count(), 5u);  // the SCSV is not counted
    EXPECT_EQ(offered_versions(small), offered_versions(full));
}

TEST(ClientHelloCompact, GreaseOnlyVersionsAndSuites) {
    ClientHello full;
    full.legacy_version = version::TLS12;
    full.supported_versions() = {0x1a1a};
    full.cipher_suites() = {0x0a0a, 0x00ff};
    const ClientHello small = compacted(full);
    EXPECT_EQ(small.max_version(), version::TLS12);
    EXPECT_EQ(small.min_version(), std::nullopt);
    EXPECT_EQ(small.real_suite_count(), 0u);
}

TEST(ClientHelloCompact, TwiceIsOnce) {
    const ClientHello once = compacted(modern_hello());
    const ClientHello twice = compacted(once);
    EXPECT_EQ(twice.real_suite_count(), 9u);
    EXPECT_EQ(twice.max_version(), version::TLS13);
    EXPECT_EQ(twice.min_version(), version::TLS12);
}

// ---- Event -----------------------------------------------------------------

TEST(Event, EachKindReadsItsOwnDetail) {
    Connection c;
    c.add_handshake(1, 0, Side::Server, hs::ServerHelloDone);
    c.add_record(2, 0, Side::Client, 23);
    c.add_alert(3, 0, Side::Server, Alert{2, 40});
    ASSERT_EQ(c.events().size(), 3u);
    const Event* done = &c.events()[0];
    const Event* data = &c.events()[1];
    const Event* alert = &c.events()[2];
    EXPECT_EQ(done->handshake_type(), hs::ServerHelloDone);
    EXPECT_EQ(done->content_type(), 0);
    EXPECT_EQ(done->alert().description, 0);
    EXPECT_EQ(c.certificate_chain(*done), nullptr);
    EXPECT_EQ(data->content_type(), 23);
    EXPECT_EQ(data->handshake_type(), 0);
    EXPECT_EQ(data->alert().level, 0);
    EXPECT_EQ(alert->alert().level, 2);
    EXPECT_EQ(alert->alert().description, 40);
    EXPECT_EQ(alert->handshake_type(), 0);
    EXPECT_EQ(alert->content_type(), 0);
}

// An event keeps its frame's time as captured; the time between two events
// is held at int64's bounds, whatever a mutated capture's timestamps are.
TEST(Event, KeepsItsFrameTimeAndElapsedNeverOverflows) {
    const TimeNs base = 1'700'000'000'123'456'789;
    const TimeNs minute = 60'000'000'000, day = 1440 * minute;
    for (const TimeNs after : {TimeNs{0}, TimeNs{1}, TimeNs{-1}, TimeNs{5'700'001},
                               74 * minute + 123'456'789, -74 * minute - 7, 60 * day}) {
        Connection conn;
        ASSERT_NE(conn.add_client_hello(1, base, ClientHello{}), nullptr);
        ASSERT_NE(conn.add_tcp_close(2, base + after, Side::Server, true), nullptr);
        const Event& first = conn.events()[0];
        const Event& later = conn.events()[1];
        EXPECT_EQ(conn.time_of(first), base);
        EXPECT_EQ(conn.time_of(later), base + after) << after;
        EXPECT_EQ(Connection::elapsed(first, later), after) << after;
        EXPECT_EQ(Connection::elapsed(later, first), -after) << after;
        EXPECT_EQ(later.kind, Event::Kind::Rst);
        EXPECT_EQ(later.from, Side::Server);
        EXPECT_EQ(later.frame, 2u);
    }
    Connection odd;
    odd.add_client_hello(1, INT64_MAX - 5, ClientHello{});
    odd.add_tcp_close(2, INT64_MIN, Side::Server, true);
    ASSERT_EQ(odd.events().size(), 2u);
    const Event& first = odd.events()[0];
    const Event& back = odd.events()[1];
    EXPECT_EQ(odd.time_of(first), INT64_MAX - 5);
    EXPECT_EQ(odd.time_of(back), INT64_MIN);
    EXPECT_EQ(Connection::elapsed(first, back), INT64_MIN);
    EXPECT_EQ(Connection::elapsed(back, first), INT64_MAX);
}

// Events keep one-byte indexes: they must reach the last of the 256 events a
// connection keeps, and an unread Certificate must never find a chain.
TEST(Event, IndexesReachTheLastEventKept) {
    Connection certs;
    const Event* unread = certs.add_handshake(1, 0, Side::Server, hs::Certificate);
    ASSERT_NE(unread, nullptr);
    while (certs.add_certificate(2, 0, Side::Server, CertificateChain{})) {
    }
    ASSERT_EQ(certs.events().size(), 256u);
    ASSERT_EQ(certs.certificate_chains().size(), 255u);
    EXPECT_EQ(certs.certificate_chain(certs.events()[0]), nullptr);
    for (size_t i = 1; i < certs.events().size(); ++i)
        EXPECT_EQ(certs.certificate_chain(certs.events()[i]), &certs.certificate_chains()[i - 1]);

    Connection only_read;
    while (only_read.add_certificate(1, 0, Side::Client, CertificateChain{})) {
    }
    ASSERT_EQ(only_read.certificate_chains().size(), 256u);
    EXPECT_EQ(only_read.certificate_chain(only_read.events()[255]),
              &only_read.certificate_chains()[255]);

    Connection hellos;
    for (int i = 0; i < 300; ++i) {
        ClientHello ch = modern_hello();
        ch.random = "random " + std::to_string(i);
        ch.sni = std::to_string(i);
        hellos.add_client_hello(static_cast<Frame>(i + 1), 0, std::move(ch));
    }
    ASSERT_EQ(hellos.events().size(), 256u);
    EXPECT_EQ(hellos.client_hellos().size(), 256u);  // stored only with an event
    EXPECT_EQ(hellos.client_hello(hellos.events()[255]).sni, "255");
}

// ---- HelloRandom ------------------------------------------------------------

TEST(HelloRandom, SameBytesSameRandom) {
    EXPECT_EQ(HelloRandom(std::string(32, '\x01')), HelloRandom(std::string(32, '\x01')));
    EXPECT_FALSE(HelloRandom(std::string(32, '\x01')) == HelloRandom(std::string(32, '\x02')));
    EXPECT_TRUE(HelloRandom().empty());
    EXPECT_TRUE(HelloRandom(std::string()).empty());
    EXPECT_FALSE(HelloRandom(std::string(32, '\0')).empty());  // all zero is still a random
    const std::string bytes(32, '\x03');
    EXPECT_EQ(HelloRandom(bytes.data(), bytes.size()), HelloRandom(bytes));
}

// ---- Connection::compact ----------------------------------------------------

TEST(ConnectionCompact, ChangesNoFindingAndNoReportLine) {
    Scenario s = settled_tls13(legacy_hello(version::TLS12));
    ASSERT_TRUE(s.diagnosed().conn().settled());
    DiagnosedConnection small = s.diagnosed();
    small.conn().compact();
    EXPECT_TRUE(small.conn().compacted());
    EXPECT_FALSE(s.diagnosed().conn().compacted());
    EXPECT_EQ(report_of(small), report_of(s.diagnosed()));
}

TEST(ConnectionCompact, RulesRunOnACompactedConnectionAsBefore) {
    // The server's FIN right after a ClientHello, on a compacted connection:
    // the finding names the hello's versions and suite count as before.
    Scenario full;
    full.client_hello(legacy_hello(version::TLS10));
    DiagnosedConnection small = full.diagnosed();
    small.conn().compact();
    full.fin(Side::Server);
    const Event* fin =
        small.conn().add_tcp_close(full.frame(), full.next_time(0), Side::Server, false);
    ASSERT_NE(fin, nullptr);
    EXPECT_FALSE(small.evaluate(*fin, Settings{}).empty());
    ASSERT_EQ(small.findings().size(), full.findings().size());
    for (size_t i = 0; i < full.findings().size(); ++i) {
        EXPECT_EQ(small.findings()[i].rule->id, full.findings()[i].rule->id);
        EXPECT_EQ(small.findings()[i].summary, full.findings()[i].summary);
    }
}

TEST(ConnectionCompact, RetransmittedHellosAreStillRecognised) {
    Scenario s = settled_tls13(modern_hello());
    DiagnosedConnection t = s.diagnosed();
    t.conn().compact();
    const size_t events = t.conn().events().size();
    EXPECT_EQ(t.conn().add_client_hello(99, 0, modern_hello()), nullptr);
    EXPECT_EQ(t.conn().add_server_hello(99, 0, server_hello(version::TLS13, 0x1301)), nullptr);
    EXPECT_EQ(t.conn().events().size(), events);
    // A hello with another random is a new one (a renegotiation).
    ClientHello other = modern_hello();
    other.random = "client-random-2";
    EXPECT_NE(t.conn().add_client_hello(100, 0, other), nullptr);
}

// ---- through CaptureState, as the plugin feeds it ---------------------------

TEST(ConnectionCompact, CaptureStateCompactsOnceSettledAndStillDeduplicates) {
    using capture::Endpoint;
    using capture::FrameFacts;
    using capture::TlsMessage;
    const uint8_t client_ip[] = {10, 0, 0, 1}, server_ip[] = {10, 0, 0, 2};
    const Endpoint client(4, client_ip, 4, 50000), server(4, server_ip, 4, 443);
    auto with = [](TlsMessage m) {
        FrameFacts f;
        f.messages.push_back(std::move(m));
        return f;
    };
    TlsMessage ch(TlsMessage::Kind::ClientHello);
    ch.ch = modern_hello();
    ch.well_formed = true;
    TlsMessage sh(TlsMessage::Kind::ServerHello);
    sh.sh = server_hello(version::TLS13, 0x1301);
    sh.well_formed = true;
    TlsMessage data(TlsMessage::Kind::Record);
    data.content_type = 23;

    capture::CaptureState state;
    const Settings settings;
    Frame frame = 0;
    auto send = [&](bool from_client, const FrameFacts& f) {
        ++frame;
        state.apply(0, from_client ? client : server, from_client ? server : client, frame,
                    frame * 1'000'000, f, settings);
    };
    send(true, with(ch));
    send(false, with(sh));
    send(false, with(data));
    const Connection& conn = state.find(0)->diagnosed.conn();
    EXPECT_FALSE(conn.compacted());
    send(true, with(data));
    ASSERT_TRUE(conn.settled());
    EXPECT_TRUE(conn.compacted());
    EXPECT_TRUE(conn.client_hellos()[0].cipher_suites().empty());
    EXPECT_EQ(conn.client_hellos()[0].real_suite_count(), 9u);

    const size_t events = conn.events().size();
    send(true, with(ch));  // a retransmitted ClientHello, after settling
    send(false, with(sh));
    EXPECT_EQ(conn.events().size(), events);
}

// ---- Endpoint ----------------------------------------------------------------

TEST(Endpoint, ComparesTypeAddressAndPortIn20Bytes) {
    static_assert(sizeof(capture::Endpoint) == 20);
    const uint8_t a[] = {10, 0, 0, 1}, b[] = {10, 0, 0, 2};
    const capture::Endpoint e(4, a, 4, 443);
    EXPECT_EQ(e, capture::Endpoint(4, a, 4, 443));
    EXPECT_NE(e, capture::Endpoint(4, b, 4, 443));
    EXPECT_NE(e, capture::Endpoint(4, a, 4, 444));
    EXPECT_NE(e, capture::Endpoint(5, a, 4, 443));  // another address type
    EXPECT_EQ(e.port(), 443);
    EXPECT_EQ(e.address_length(), 4u);
    EXPECT_EQ(e.address()[3], 1);
    // IPv6 fits; anything longer is cut, never read past.
    const uint8_t v6[17] = {0x20, 0x01, 0x0d, 0xb8};
    EXPECT_EQ(capture::Endpoint(7, v6, 16, 1).address_length(), 16u);
    EXPECT_EQ(capture::Endpoint(7, v6, 17, 1).address_length(), 16u);
    EXPECT_EQ(capture::Endpoint(0, nullptr, 0, 0), capture::Endpoint());
}

TEST(EndpointPair, GivesBackBothEndsOfIPv4AndIPv6) {
    const uint8_t a[] = {10, 0, 0, 1}, b[] = {192, 0, 2, 7};
    uint8_t v6a[16] = {0x20, 0x01, 0x0d, 0xb8}, v6b[16] = {0x20, 0x01, 0x0d, 0xb8};
    v6a[15] = 1;
    v6b[15] = 2;
    const std::vector<std::pair<capture::Endpoint, capture::Endpoint>> cases = {
        {capture::Endpoint(4, a, 4, 50000), capture::Endpoint(4, b, 4, 443)},        // IPv4
        {capture::Endpoint(7, v6a, 16, 50000), capture::Endpoint(7, v6b, 16, 443)},  // IPv6
        {capture::Endpoint(4, a, 4, 50000), capture::Endpoint(7, v6b, 16, 443)},     // mixed
        {capture::Endpoint(), capture::Endpoint()}};
    for (const auto& [client, server] : cases) {
        capture::EndpointPair pair(client, server);
        EXPECT_EQ(pair.client(), client);
        EXPECT_EQ(pair.server(), server);
        EXPECT_TRUE(pair.is_client(client));
        EXPECT_EQ(pair.is_client(server), client == server);
        EXPECT_FALSE(pair.is_client(capture::Endpoint(4, b, 4, 50000)));
        capture::EndpointPair copy = pair;
        EXPECT_EQ(copy.client(), client);
        EXPECT_EQ(copy.server(), server);
        capture::EndpointPair moved = std::move(pair);
        EXPECT_EQ(moved.server(), server);
        EXPECT_TRUE(moved.is_client(client));
        moved = copy;
        EXPECT_EQ(moved.client(), client);
        copy = capture::EndpointPair();
        EXPECT_EQ(copy.client(), capture::Endpoint());
        EXPECT_EQ(moved.server(), server);
    }
}

// ---- PairTable ----------------------------------------------------------------

TEST(PairTable, FindsInsertsAndErases) {
    capture::PairTable<int> t;
    EXPECT_EQ(t.find(7), nullptr);
    t.insert(7, 70);
    t.insert(0, 1);  // key 0 is a key like any other
    ASSERT_NE(t.find(7), nullptr);
    EXPECT_EQ(*t.find(7), 70);
    EXPECT_EQ(*t.find(0), 1);
    t.erase(7);
    EXPECT_EQ(t.find(7), nullptr);
    EXPECT_EQ(*t.find(0), 1);
    t.erase(12345);  // absent: nothing happens
    EXPECT_EQ(t.size(), 1u);
    t.clear();
    EXPECT_EQ(t.find(0), nullptr);
}

// Many keys, many of them colliding in the low bits, inserted and erased in
// turns: every key present is found with its value, every erased one is not.
TEST(PairTable, StaysConsistentThroughGrowthAndErasure) {
    capture::PairTable<uint64_t> t;
    std::vector<bool> present(20000, false);
    auto key = [](uint64_t i) { return i << 40 | (i % 7); };
    for (uint64_t round = 0; round < 3; ++round) {
        for (uint64_t i = 0; i < present.size(); ++i)
            if ((i + round) % 3 != 0 && !present[i]) {
                t.insert(key(i), i);
                present[i] = true;
            }
        for (uint64_t i = 0; i < present.size(); ++i)
            if ((i * 7 + round) % 5 == 0 && present[i]) {
                t.erase(key(i));
                present[i] = false;
            }
        size_t count = 0;
        for (uint64_t i = 0; i < present.size(); ++i) {
            const uint64_t* v = t.find(key(i));
            ASSERT_EQ(v != nullptr, present[i]) << i;
            if (v) {
                EXPECT_EQ(*v, i);
            }
            count += present[i];
        }
        EXPECT_EQ(t.size(), count);
    }
}

}  // namespace tlsdiag::test
