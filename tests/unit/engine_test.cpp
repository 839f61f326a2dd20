#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "cert_fixtures.h"
#include "scenario.h"

namespace tlsdiag::test {

TEST(Engine, HealthyTls13HandshakeHasNoFinding) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301, "h2"))
        .record(Side::Server, 23)
        .record(Side::Client, 20)
        .record(Side::Client, 23)
        .fin(Side::Client)
        .fin(Side::Server);
    EXPECT_TRUE(s.ids().empty());
}

namespace {

// Runs every check of the catalog after every event, as the engine did before
// it ran only the checks an event's kind wakes, and notes which rule fired
// after which kind of event.
class EveryCheck {
public:
    void after(const Connection& c, const Event* e) {
        if (!e) return;
        for (const RuleInfo& r : catalog()) {
            if (!r.check) continue;  // the plugin reports it, or only at the capture's end
            Findings out;
            r.check(r, c, *e, settings_, out);
            for (const Finding& f : out) fired_.insert({f.rule->id, e->kind});
        }
    }
    const std::set<std::pair<std::string, Event::Kind>>& fired() const { return fired_; }

private:
    Settings settings_;
    std::set<std::pair<std::string, Event::Kind>> fired_;
};

// A leaf wrong in most ways a rule looks at: self-signed, SHA-1, RSA 1024, no
// SAN, no serverAuth, valid for 900 days and expired at the capture.
CertificateInfo bad_leaf() {
    CertificateInfo c = healthy_leaf("other.example.net");
    c.issuer = c.subject;
    c.issuer_cn = c.subject_cn;
    c.self_signed = true;
    c.signature_hash = SignatureHash::SHA1;
    c.key_bits = 1024;
    c.dns_names.clear();
    c.has_san = false;
    c.eku_oids = {"1.3.6.1.5.5.7.3.2"};  // clientAuth only
    c.not_before = kCaptureStart - 900 * kDay;
    c.not_after = kCaptureStart - kDay;
    return c;
}

CertificateChain untrusted(CertificateChain chain) {
    ChainTrust t;
    t.status = ChainTrust::Status::UnknownIssuer;
    t.top_subject = t.top_issuer = "CN=other.example.net,O=Example";
    t.top_self_signed = true;
    chain.trust_verdict = std::make_shared<const ChainTrust>(t);
    return chain;
}

}  // namespace

// The engine runs a check only after the kinds of event its rule wakes on
// (RuleInfo::wakes_on). On connections where every rule fires, every check
// runs after every event: whatever a check reports, its rule wakes on the
// kind of event it reported after.
TEST(Engine, ChecksReportOnlyAfterTheEventsTheirRulesWakeOn) {
    EveryCheck every;
    TimeNs t = static_cast<TimeNs>(kCaptureStart) * 1'000'000'000;
    Frame f = 0;
    auto next = [&] { return t += 1'000'000, ++f; };

    {  // Everything wrong that a handshake can show, then a fatal alert.
        Connection c;
        every.after(c, c.add_client_hello(next(), t, legacy_hello(version::TLS10, "")));
        every.after(c,
                    c.add_client_hello(next(), t, legacy_hello(version::TLS11, "api.example.com")));
        every.after(c, c.add_server_hello(next(), t, server_hello(version::TLS10, 0x002F, "h2")));
        every.after(c,
                    c.add_certificate(next(), t, Side::Server, untrusted(chain_of({bad_leaf()}))));
        every.after(c, c.add_handshake(next(), t, Side::Server, hs::ServerHelloDone));
        every.after(c, c.add_alert(next(), t, Side::Client, Alert{2, 42}));
        every.after(c, c.add_record(next(), t, Side::Server, 23));
        every.after(c, c.add_payload(next(), t, Side::Client));
        every.after(c, c.add_tcp_close(next(), t, Side::Server, false));
        every.after(c, c.add_tcp_close(next(), t, Side::Client, true));
    }
    {  // A certificate from the future, for another name.
        Connection c;
        CertificateInfo future = healthy_leaf("other.example.net");
        future.not_before = kCaptureStart + 10 * kDay;
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        every.after(c, c.add_server_hello(next(), t, server_hello(version::TLS12, 0xC02F)));
        every.after(c, c.add_certificate(next(), t, Side::Server, chain_of({future})));
    }
    {  // A fallback retry with an address as SNI, answered by a downgrade sentinel.
        Connection c;
        ClientHello retry = modern_hello("192.0.2.1");
        retry.cipher_suites().push_back(0x5600);
        ServerHello downgraded = server_hello(version::TLS12, 0xC02F);
        downgraded.downgrade_sentinel = DowngradeSentinel::Tls12;
        every.after(c, c.add_client_hello(next(), t, retry));
        every.after(c, c.add_server_hello(next(), t, downgraded));
    }
    {  // A leaf sent without its intermediate, days before it expires.
        Connection c;
        CertificateInfo leaf = healthy_leaf();
        leaf.ca_issuers_url = "http://ca.example.com/issuing.crt";
        leaf.not_after = kCaptureStart + 5 * kDay;
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        every.after(c, c.add_server_hello(next(), t, server_hello(version::TLS12, 0xC02F)));
        every.after(c, c.add_certificate(next(), t, Side::Server, chain_of({leaf})));
    }
    for (bool rst : {true, false}) {  // Refused after the ClientHello.
        Connection c;
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        every.after(c, c.add_tcp_close(next(), t, Side::Server, rst));
    }
    {  // A ClientHello in two segments that gets no answer: the client gives up.
        Connection c;
        HelloDelivery split;
        split.bytes = 1800;
        split.segments = 2;
        c.set_hello_delivery(split);
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        t += 2'000'000'000;
        every.after(c, c.add_tcp_close(next(), t, Side::Client, false));
    }

    {  // Mutual TLS: the client answers the CertificateRequest without a certificate.
        Connection c;
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        every.after(c, c.add_server_hello(next(), t, server_hello(version::TLS12, 0xC02F)));
        every.after(c, c.add_certificate_request(next(), t, Side::Server, {"CN=Client CA"}));
        every.after(c, c.add_certificate(next(), t, Side::Client, CertificateChain{}));
        every.after(c, c.add_handshake(next(), t, Side::Client, hs::ClientKeyExchange));
        every.after(c, c.add_alert(next(), t, Side::Server, Alert{2, 40}));
    }
    {  // QUIC: the client closes with a transport error after the server's first packets.
        Connection c;
        c.set_transport(Transport::Quic);
        every.after(c, c.add_client_hello(next(), t, modern_hello()));
        every.after(c, c.add_record(next(), t, Side::Server, content::Handshake));
        every.after(c, c.add_quic_close(next(), t, Side::Client, QuicClose{0x0a, false}));
    }

    std::set<std::string> rules;
    for (const auto& [id, kind] : every.fired()) {
        const RuleInfo* rule = find_rule(id);
        ASSERT_NE(rule, nullptr) << id;
        EXPECT_TRUE(rule->wakes_on & wakes(kind))
            << id << " fired after an event of kind " << static_cast<int>(kind);
        rules.insert(id);
    }
    // Every rule fired (the alert family through one of its ids).
    for (const RuleInfo& r : catalog()) {
        if (r.family() != "alert" && r.check) {
            EXPECT_EQ(rules.count(r.id), 1u) << r.id << " never fired";
        }
    }
    EXPECT_EQ(rules.count("alert.bad_certificate"), 1u);
}

// And the engine, running only the woken checks, finds what every check
// run after every event finds.
TEST(Engine, FindsWhatEveryCheckAfterEveryEventFinds) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10, ""))
        .server_hello(server_hello(version::TLS10, 0x002F, "h2"))
        .certificate(Side::Server, untrusted(chain_of({bad_leaf()})))
        .alert(Side::Client, 2, 42)
        .rst(Side::Server);
    std::set<std::string> found;
    for (const Finding& f : s.findings()) found.insert(f.rule->id);
    EXPECT_EQ(found, (std::set<std::string>{
                         "tls.no_sni", "tls.legacy_client_version", "ats.tls_version",
                         "ats.cipher_suite", "h2.blacklisted_cipher", "h2.tls_requirements",
                         "ats.cert_signature_hash", "ats.cert_key_size", "ats.cert_no_san",
                         "ats.cert_validity_too_long", "ats.cert_no_server_auth", "cert.expired",
                         "cert.self_signed", "cert.unknown_issuer", "alert.bad_certificate"}));
}

}  // namespace tlsdiag::test
