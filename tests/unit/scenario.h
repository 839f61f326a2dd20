// Builds connections event by event for rule tests, the way the plugin feeds
// them, and collects what the engine reports.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tlsdiag/engine.h"

namespace tlsdiag::test {

// EXPECT_TRUE(mentions(f->summary, {"TLS 1.0", "frame 1"})) names the words
// that are missing and prints the whole text.
inline ::testing::AssertionResult mentions(const std::string& text,
                                           std::initializer_list<const char*> words) {
    std::string missing;
    for (const char* w : words)
        if (text.find(w) == std::string::npos) missing += std::string(" '") + w + "'";
    if (missing.empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "missing" << missing << " in: " << text;
}

using Ids = std::vector<std::string>;

// A modern client offer: TLS 1.2–1.3, ECDHE-GCM suites, SNI, ALPN h2.
inline ClientHello modern_hello(const std::string& sni = "api.example.com") {
    ClientHello ch;
    ch.legacy_version = version::TLS12;
    ch.supported_versions() = {0x3a3a, version::TLS13, version::TLS12};
    ch.cipher_suites() = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8};
    ch.has_sni = !sni.empty();
    ch.sni = sni;
    ch.alpn = {"h2", "http/1.1"};
    ch.random = "client-random-1";
    return ch;
}

inline ServerHello server_hello(uint16_t version, uint16_t suite, const std::string& alpn = "") {
    ServerHello sh;
    sh.legacy_version = version >= version::TLS13 ? version::TLS12 : version;
    sh.selected_version = version >= version::TLS13 ? version : 0;
    sh.cipher_suite = suite;
    sh.alpn = alpn;
    sh.random = "server-random-1";
    return sh;
}

// A client without the supported_versions extension, so at most `v`.
inline ClientHello legacy_hello(uint16_t v, const std::string& sni = "api.example.com") {
    ClientHello ch;
    ch.legacy_version = v;
    ch.cipher_suites() = {0xc013, 0xc014, 0x002f, 0x0035, 0x000a, 0x00ff};
    ch.has_sni = !sni.empty();
    ch.sni = sni;
    ch.random = "client-random-legacy";
    return ch;
}

// Real HelloRetryRequests carry a fixed random (RFC 8446 §4.1.3), never the
// ServerHello's.
inline ServerHello hello_retry_request() {
    ServerHello sh = server_hello(version::TLS13, 0x1301);
    sh.hello_retry_request = true;
    sh.random = "hello-retry-request";
    return sh;
}

// Settings with an app's NSAppTransportSecurity policy, read from "Info.plist".
inline Settings with_ats_policy(AtsPolicy policy) {
    if (policy.source.empty()) policy.source = "Info.plist";
    Settings s;
    s.ats_policy = std::make_shared<const AtsPolicy>(std::move(policy));
    return s;
}

class Scenario {
public:
    explicit Scenario(Settings s = {}) : settings_(s) {}
    const Settings& settings() const { return settings_; }

    // Each step is one frame, 1 ms after the previous one unless `ms` says.
    Scenario& client_hello(ClientHello ch, double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) { return c_.conn().add_client_hello(f, t, ch); });
    }
    Scenario& server_hello(ServerHello sh, double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) { return c_.conn().add_server_hello(f, t, sh); });
    }
    Scenario& handshake(Side from, uint8_t type, double ms = 1) {
        return step(ms,
                    [&](Frame f, TimeNs t) { return c_.conn().add_handshake(f, t, from, type); });
    }
    Scenario& certificate(Side from, CertificateChain chain, double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) {
            return c_.conn().add_certificate(f, t, from, std::move(chain));
        });
    }
    Scenario& certificate_request(std::vector<std::string> authorities = {}, double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) {
            return c_.conn().add_certificate_request(f, t, Side::Server, std::move(authorities));
        });
    }
    Scenario& server_key_exchange(ServerKeyExchange ske, double ms = 1) {
        return step(
            ms, [&](Frame f, TimeNs t) { return c_.conn().add_server_key_exchange(f, t, ske); });
    }
    Scenario& alert(Side from, uint8_t level, uint8_t desc, double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) {
            return c_.conn().add_alert(f, t, from, Alert{level, desc});
        });
    }
    Scenario& record(Side from, uint8_t content_type, double ms = 1) {
        return step(
            ms, [&](Frame f, TimeNs t) { return c_.conn().add_record(f, t, from, content_type); });
    }
    Scenario& payload(Side from, double ms = 1, PayloadKind kind = PayloadKind::Unreadable) {
        return step(ms, [&](Frame f, TimeNs t) { return c_.conn().add_payload(f, t, from, kind); });
    }
    Scenario& fin(Side from, double ms = 1) {
        return step(ms,
                    [&](Frame f, TimeNs t) { return c_.conn().add_tcp_close(f, t, from, false); });
    }
    Scenario& rst(Side from, double ms = 1) {
        return step(ms,
                    [&](Frame f, TimeNs t) { return c_.conn().add_tcp_close(f, t, from, true); });
    }

    // The connection is DTLS over UDP: before its first step.
    Scenario& dtls() {
        c_.conn().set_transport(Transport::Dtls);
        return *this;
    }
    // The connection is QUIC in `version`: before its first step.
    Scenario& quic(uint32_t version = 1) {
        c_.conn().set_transport(Transport::Quic);
        c_.conn().set_quic_version(version);
        return *this;
    }
    Scenario& quic_packet(Side from, QuicPacket type, std::vector<uint32_t> versions = {},
                          double ms = 1) {
        return step(ms, [&](Frame f, TimeNs t) {
            return c_.conn().add_quic_packet(f, t, from, type, versions);
        });
    }
    Scenario& quic_close(Side from, QuicClose close, double ms = 1) {
        return step(ms,
                    [&](Frame f, TimeNs t) { return c_.conn().add_quic_close(f, t, from, close); });
    }
    // How TCP carried the client's first flight (the reading core sets it on
    // every frame); no frame of its own.
    Scenario& delivery(const HelloDelivery& d) {
        c_.conn().set_hello_delivery(d);
        return *this;
    }
    // The capture ends `ms` after the last step, the connection's last frame
    // being the last step's.
    Scenario& capture_end(double ms) {
        c_.evaluate_end(CaptureEnd{time_ + static_cast<TimeNs>(ms * 1e6), frame_}, settings_);
        return *this;
    }

    const ConnectionFindings& findings() const { return c_.findings(); }
    // "rule@frame" for every finding, in order: compact to assert exactly.
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const Finding& f : c_.findings())
            out.push_back(f.rule->id + "@" + std::to_string(f.frame));
        return out;
    }
    const Finding* find(const std::string& id) const {
        for (const Finding& f : c_.findings())
            if (f.rule->id == id) return &f;
        return nullptr;
    }
    Frame frame() const { return frame_; }
    // The connection with its findings, e.g. for a report::ConnectionRecord.
    const DiagnosedConnection& diagnosed() const { return c_; }
    // The capture time of the next step when it comes `ms` after the last.
    TimeNs next_time(double ms = 1) const { return time_ + static_cast<TimeNs>(ms * 1e6); }

private:
    template <typename Add>
    Scenario& step(double ms, Add add) {
        ++frame_;
        time_ += static_cast<TimeNs>(ms * 1e6);
        if (const Event* e = add(frame_, time_)) c_.evaluate(*e, settings_);
        return *this;
    }
    Settings settings_;
    DiagnosedConnection c_;
    Frame frame_ = 0;
    TimeNs time_ = 1'700'000'000'000'000'000;
};

}  // namespace tlsdiag::test
