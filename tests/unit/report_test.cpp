// The report: verdicts, the timeline, likely causes and client reports from
// rules/data/likely_causes.tsv and client_reports.tsv, and both renderings.
#include "tlsdiag/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "report_internal.h"
#include "report_records.h"
#include "scenario.h"

namespace tlsdiag::test {

using report::ConnectionRecord;

namespace {

// "frame +offset side: text" per line, to compare whole timelines exactly.
std::vector<std::string> timeline_of(const Scenario& s) {
    std::vector<std::string> out;
    for (const report::TimelineLine& l : report::timeline(s.diagnosed().conn(), s.settings())) {
        char offset[32];
        std::snprintf(offset, sizeof offset, "%+.3f", l.offset_ms);
        out.push_back(std::to_string(l.frame) + " " + offset + " " + side_name(l.from) + ": " +
                      l.text);
    }
    return out;
}

// Each cause starts with its prefix, as many causes as prefixes, in order.
::testing::AssertionResult causes_start_with(const std::vector<report::Cause>& causes,
                                             std::initializer_list<const char*> prefixes) {
    std::string all;
    for (const report::Cause& c : causes) all += "\n  " + c.cause;
    if (causes.size() != prefixes.size())
        return ::testing::AssertionFailure()
               << causes.size() << " causes for " << prefixes.size() << " prefixes:" << all;
    size_t i = 0;
    for (const char* prefix : prefixes) {
        if (causes[i].cause.rfind(prefix, 0) != 0)
            return ::testing::AssertionFailure()
                   << "cause " << i + 1 << " does not start with '" << prefix << "':" << all;
        ++i;
    }
    return ::testing::AssertionSuccess();
}

std::vector<std::string> report_lines(const std::vector<report::ClientReport>& reports) {
    std::vector<std::string> out;
    for (const report::ClientReport& r : reports) out.push_back(r.client + ": " + r.report);
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A strict JSON reader (RFC 8259), enough to check that the report is JSON and
// to read values back out of it.
struct Json {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;  // in document order

    const Json& operator[](const std::string& key) const {
        for (const auto& [k, v] : members)
            if (k == key) return v;
        throw std::out_of_range("no key " + key);
    }
    const Json& operator[](size_t i) const { return items.at(i); }
    std::vector<std::string> keys() const {
        std::vector<std::string> out;
        for (const auto& m : members) out.push_back(m.first);
        return out;
    }
};

class JsonReader {
public:
    explicit JsonReader(const std::string& text) : s_(text) {}

    Json document() {
        Json v = value();
        space();
        if (i_ != s_.size()) fail("text after the document");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& what) {
        throw std::runtime_error(what + " at offset " + std::to_string(i_) + ": " +
                                 s_.substr(i_, 40));
    }
    void space() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
            ++i_;
    }
    bool take(char c) {
        space();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!take(c)) fail(std::string("expected '") + c + "'");
    }
    bool word(const char* w) {
        const std::string text(w);
        if (s_.compare(i_, text.size(), text) != 0) return false;
        i_ += text.size();
        return true;
    }
    Json value() {
        space();
        if (i_ >= s_.size()) fail("unexpected end");
        Json v;
        const char c = s_[i_];
        if (c == '{') {
            v.type = Json::Type::Object;
            ++i_;
            if (take('}')) return v;
            do {
                space();
                std::string key = string();
                expect(':');
                v.members.emplace_back(std::move(key), value());
            } while (take(','));
            expect('}');
        } else if (c == '[') {
            v.type = Json::Type::Array;
            ++i_;
            if (take(']')) return v;
            do v.items.push_back(value());
            while (take(','));
            expect(']');
        } else if (c == '"') {
            v.type = Json::Type::String;
            v.string = string();
        } else if (word("null")) {
            v.type = Json::Type::Null;
        } else if (word("true") || word("false")) {
            v.type = Json::Type::Bool;
            v.boolean = s_[i_ - 1] == 'e' && s_[i_ - 2] == 'u';
        } else {
            v.type = Json::Type::Number;
            v.number = number();
        }
        return v;
    }
    double number() {
        const size_t start = i_;
        auto digits = [&] {
            const size_t from = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
            if (i_ == from) fail("expected a digit");
        };
        if (s_[i_] == '-') ++i_;
        if (i_ < s_.size() && s_[i_] == '0') ++i_;
        else digits();
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            digits();
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
            digits();
        }
        return std::stod(s_.substr(start, i_ - start));
    }
    std::string string() {
        if (i_ >= s_.size() || s_[i_] != '"') fail("expected a string");
        ++i_;
        std::string out;
        for (;;) {
            if (i_ >= s_.size()) fail("unterminated string");
            const unsigned char c = static_cast<unsigned char>(s_[i_++]);
            if (c == '"') return out;
            if (c < 0x20) fail("raw control character in a string");
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (i_ >= s_.size()) fail("unterminated escape");
            switch (s_[i_++]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                if (i_ + 4 > s_.size()) fail("short \\u escape");
                const unsigned code =
                    static_cast<unsigned>(std::stoul(s_.substr(i_, 4), nullptr, 16));
                i_ += 4;
                if (code >= 0x80) fail("test reader only decodes ASCII \\u escapes");
                out += static_cast<char>(code);
                break;
            }
            default: fail("bad escape");
            }
        }
    }
    const std::string& s_;
    size_t i_ = 0;
};

::testing::AssertionResult parses_as_json(const std::string& text, Json* out = nullptr) {
    try {
        Json doc = JsonReader(text).document();
        if (out) *out = std::move(doc);
        return ::testing::AssertionSuccess();
    } catch (const std::exception& e) {
        return ::testing::AssertionFailure() << "not JSON: " << e.what() << "\n" << text;
    }
}

// Three connections as tshark would meet them: a reset (failed), an RSA
// suite (warning: ats.cipher_suite) and a healthy TLS 1.3 handshake.
struct ThreeConnections {
    Scenario reset, rsa, healthy;
    ThreeConnections() {
        reset.client_hello(modern_hello()).rst(Side::Server, 0.4);
        rsa.client_hello(modern_hello())
            .server_hello(server_hello(version::TLS12, 0x009c))
            .record(Side::Server, 22)
            .record(Side::Client, 23);
        healthy.client_hello(modern_hello())
            .server_hello(server_hello(version::TLS13, 0x1301, "h2"))
            .record(Side::Server, 23)
            .fin(Side::Client)
            .fin(Side::Server);
    }
    // In capture order, which is not stream order.
    std::vector<ConnectionRecord> records() const {
        return {record(5, reset), record(0, healthy), record(2, rsa)};
    }
};

}  // namespace

// ---- verdict ---------------------------------------------------------------

TEST(ReportVerdict, NoFindingIsHealthyWithoutText) {
    EXPECT_EQ(report::verdict_of({}), report::Verdict::Healthy);
    EXPECT_EQ(report::verdict_text({}), "");
}

TEST(ReportVerdict, WarningsOnlyIsWarningAndNamesThem) {
    Scenario s;
    s.client_hello(modern_hello("")).server_hello(server_hello(version::TLS12, 0x009c));
    ASSERT_EQ(s.ids(), (Ids{"tls.no_sni@1", "ats.cipher_suite@2"}));
    EXPECT_EQ(report::verdict_of(s.findings()), report::Verdict::Warning);
    EXPECT_EQ(report::verdict_text(s.findings()), "warning: tls.no_sni,ats.cipher_suite");
}

TEST(ReportVerdict, AnErrorFailsTheConnectionAndOnlyErrorsAreNamed) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10, "")).rst(Side::Server);
    ASSERT_EQ(s.ids(),
              (Ids{"tls.no_sni@1", "tls.legacy_client_version@1", "tcp.rst_after_client_hello@2"}));
    EXPECT_EQ(report::verdict_of(s.findings()), report::Verdict::Failed);
    EXPECT_EQ(report::verdict_text(s.findings()), "failed: tcp.rst_after_client_hello");
}

TEST(ReportVerdict, SeveralErrorsAreNamedInFindingOrder) {
    ConnectionFindings fs;
    for (const Finding& f : Findings{{find_rule("tls.no_sni"), 1, "", 0},
                                     {find_rule("h2.blacklisted_cipher"), 2, "", 1},
                                     {find_rule("alert.handshake_failure"), 3, "", 2}})
        fs.push_back(f);
    EXPECT_EQ(report::verdict_of(fs), report::Verdict::Failed);
    EXPECT_EQ(report::verdict_text(fs), "failed: h2.blacklisted_cipher,alert.handshake_failure");
}

// ---- timeline ---------------------------------------------------------------

TEST(ReportTimeline, ClientHelloLineSaysVersionsSuitesSniAndAlpn) {
    Scenario s;
    s.client_hello(modern_hello());
    EXPECT_EQ(timeline_of(s),
              (std::vector<std::string>{"1 +0.000 client: ClientHello: TLS 1.2\u20131.3, 9 suites, "
                                        "SNI api.example.com, ALPN h2,http/1.1"}));
}

TEST(ReportTimeline, LegacyClientHelloWithoutSniOrAlpn) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10, ""));
    // GREASE and the renegotiation SCSV are no suites.
    EXPECT_EQ(timeline_of(s),
              (std::vector<std::string>{
                  "1 +0.000 client: ClientHello: at most TLS 1.0, 5 suites, no SNI"}));
}

TEST(ReportTimeline, ResetWithoutServerHelloSaysHowSoon) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 0.4);
    const std::vector<report::TimelineLine> lines =
        report::timeline(s.diagnosed().conn(), s.settings());
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].frame, 2u);
    EXPECT_DOUBLE_EQ(lines[1].offset_ms, 0.4);
    EXPECT_EQ(lines[1].from, Side::Server);
    EXPECT_EQ(lines[1].text, "TCP RST, 0.4 ms after the ClientHello, no ServerHello");
}

TEST(ReportTimeline, FinWithoutServerHelloSaysHowSoon) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Server, 2500);
    EXPECT_EQ(timeline_of(s)[1],
              "2 +2500.000 server: TCP FIN, 2.5 s after the ClientHello, no ServerHello");
}

// The timeline says "no ServerHello" exactly when the rules find the close
// the server's answer: same answer window, same client-close exception.
std::vector<std::string> rule_ids(const Scenario& s) {
    std::vector<std::string> out;
    for (const Finding& f : s.diagnosed().findings())
        out.push_back(f.rule->id + "@" + std::to_string(f.frame));
    return out;
}

TEST(ReportTimeline, CloseWithinTheAnswerWindowIsTheAnswerAsTheRuleSays) {
    Settings settings;
    settings.close_answer_window_s = 3;
    Scenario s(settings);
    s.client_hello(modern_hello()).rst(Side::Server, 2900);
    EXPECT_EQ(timeline_of(s)[1],
              "2 +2900.000 server: TCP RST, 2.9 s after the ClientHello, no ServerHello");
    EXPECT_EQ(rule_ids(s), (std::vector<std::string>{"tcp.rst_after_client_hello@2"}));
}

TEST(ReportTimeline, CloseAfterTheAnswerWindowIsNotTheAnswerAsTheRuleSays) {
    Settings settings;
    settings.close_answer_window_s = 3;
    Scenario s(settings);
    s.client_hello(modern_hello()).fin(Side::Server, 3100);
    EXPECT_EQ(timeline_of(s)[1], "2 +3100.000 server: TCP FIN");
    EXPECT_TRUE(rule_ids(s).empty());
}

TEST(ReportTimeline, ServerCloseAfterTheClientsCloseIsNotTheAnswerAsTheRuleSays) {
    Scenario s;
    s.client_hello(modern_hello()).fin(Side::Client, 0.2).rst(Side::Server, 0.1);
    EXPECT_EQ(timeline_of(s)[1], "2 +0.200 client: TCP FIN");
    EXPECT_EQ(timeline_of(s)[2], "3 +0.300 server: TCP RST");
    EXPECT_TRUE(rule_ids(s).empty());
}

TEST(ReportTimeline, CloseAfterTheServersAlertIsNotTheAnswer) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 40).rst(Side::Server);
    EXPECT_EQ(timeline_of(s)[2], "3 +2.000 server: TCP RST");
}

TEST(ReportTimeline, ClientRecordsBeforeTheCloseDoNotHideTheAnswer) {
    Scenario s;  // middlebox-compatibility ChangeCipherSpec from the client
    s.client_hello(modern_hello()).record(Side::Client, 20, 0.1).rst(Side::Server, 0.3);
    EXPECT_EQ(timeline_of(s)[2],
              "3 +0.400 server: TCP RST, 0.4 ms after the ClientHello, no ServerHello");
}

TEST(ReportTimeline, CloseAfterAHelloRetryCountsFromTheSecondClientHello) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .fin(Side::Server, 0.05);
    EXPECT_EQ(timeline_of(s)[3],
              "4 +2.050 server: TCP FIN, 0.05 ms after the ClientHello, no ServerHello");
}

TEST(ReportTimeline, EveryEventKindInPlainWords) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(hello_retry_request())
        .client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f, "h2"))
        .handshake(Side::Server, hs::Certificate)
        .handshake(Side::Server, 99)
        .record(Side::Client, 20)
        .record(Side::Client, 22)
        .record(Side::Server, 21)
        .record(Side::Client, 23)
        .record(Side::Server, 24)
        .alert(Side::Server, 1, 112)
        .alert(Side::Client, 2, 200)
        .payload(Side::Server)
        .payload(Side::Client, 1, PayloadKind::Missing)
        .payload(Side::Client, 1, PayloadKind::NotTls)
        .payload(Side::Server, 1, PayloadKind::Held)
        .fin(Side::Client)
        .rst(Side::Server);
    EXPECT_EQ(timeline_of(s),
              (std::vector<std::string>{
                  "1 +0.000 client: ClientHello: TLS 1.2\u20131.3, 9 suites, SNI api.example.com, "
                  "ALPN h2,http/1.1",
                  "2 +1.000 server: HelloRetryRequest: the server asks for another key share",
                  "3 +2.000 client: ClientHello: TLS 1.2\u20131.3, 9 suites, SNI api.example.com, "
                  "ALPN h2,http/1.1",
                  "4 +3.000 server: ServerHello: TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "
                  "(0xc02f), ALPN h2",
                  "5 +4.000 server: Certificate",
                  "6 +5.000 server: handshake message 99",
                  "7 +6.000 client: ChangeCipherSpec",
                  "8 +7.000 client: encrypted handshake message",
                  "9 +8.000 server: encrypted alert",
                  "10 +9.000 client: encrypted records (handshake or application data)",
                  "11 +10.000 server: TLS record of type 24",
                  "12 +11.000 server: Alert (warning): unrecognized_name (112)",
                  "13 +12.000 client: Alert (fatal): unknown (200)",
                  "14 +13.000 server: data not readable as TLS (after bytes the capture lacks)",
                  "15 +14.000 client: bytes missing from the capture",
                  "16 +15.000 client: data that is not TLS: no more is read from this side",
                  "17 +16.000 server: data after bytes the capture lacks, not read",
                  "18 +17.000 client: TCP FIN",
                  // A ServerHello came: no "no ServerHello" remark.
                  "19 +18.000 server: TCP RST",
              }));
}

TEST(ReportTimeline, Tls13ServerHelloWithoutAlpn) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301));
    EXPECT_EQ(timeline_of(s)[1],
              "2 +1.000 server: ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301)");
}

TEST(ReportText, Tls13AlpnIsUnknownNotNone) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS13, 0x1301))
        .alert(Side::Client, 2, 48);
    const std::string text = report::render_text({"x.pcapng", 3}, {record(1, s)});
    EXPECT_NE(text.find("ALPN offered h2,http/1.1, chosen unknown (encrypted)"), std::string::npos)
        << text;
    Scenario tls12;
    tls12.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .alert(Side::Client, 2, 48);
    EXPECT_NE(report::render_text({"x.pcapng", 3}, {record(1, tls12)}).find("chosen none"),
              std::string::npos);
}

TEST(ReportTimeline, Sslv2HellosSayTheirCipherSpecs) {
    ClientHello ch = legacy_hello(version::TLS10, "");
    ch.sslv2 = true;
    ch.sslv2_only_specs = 6;
    ServerHello sh;
    sh.legacy_version = 0x0002;
    sh.sslv2 = true;
    sh.sslv2_specs = 3;
    Scenario s;
    s.client_hello(ch).server_hello(sh);
    const auto lines = timeline_of(s);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].find("1 +0.000 client: SSLv2 ClientHello: at most TLS 1.0, "), 0u)
        << lines[0];
    EXPECT_NE(lines[0].find(" suites and 6 SSLv2 cipher specs"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[1], "2 +1.000 server: SSLv2 ServerHello: SSL 2.0, 3 cipher specs");
}

TEST(ReportText, HeaderCountsTheConnectionsWithBytesMissing) {
    Scenario gap;
    gap.client_hello(modern_hello()).payload(Side::Server, 1, PayloadKind::Missing);
    Scenario whole;
    whole.client_hello(modern_hello());
    const std::string text =
        report::render_text({"x.pcapng", 4}, {record(1, gap), record(2, whole)});
    EXPECT_NE(text.find("\n  1 TLS connection with bytes missing from the capture: what they lack "
                        "is not judged\n"),
              std::string::npos)
        << text;
    Json doc;
    ASSERT_TRUE(parses_as_json(
        report::render_json({"x.pcapng", 4}, {record(1, gap), record(2, whole)}), &doc));
    EXPECT_EQ(doc["with_missing_bytes"].number, 1);
    EXPECT_EQ(report::render_text({"x.pcapng", 4}, {record(2, whole)}).find("missing"),
              std::string::npos);
}

TEST(ReportText, HeaderCountsTheTcpFramesNotRead) {
    report::CaptureInfo capture("x.pcapng", 40);
    capture.unread_tcp_frames = 7;
    capture.unread_by_carrier = {{"Ethernet, at lisp-data", 5}, {"Raw IP, at esp", 2}};
    const std::string text = report::render_text(capture, {});
    EXPECT_NE(text.find("\n  7 TCP frames not read by tlsdiag (their TLS is not in this report): "
                        "Ethernet, at lisp-data: 5; Raw IP, at esp: 2\n"),
              std::string::npos)
        << text;
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json(capture, {}), &doc));
    EXPECT_EQ(doc["unread_tcp_frames"]["count"].number, 7);
    EXPECT_EQ(doc["unread_tcp_frames"]["by_carrier"]["Raw IP, at esp"].number, 2);
    EXPECT_EQ(report::render_text({"x.pcapng", 40}, {}).find("not read"), std::string::npos);
}

TEST(ReportText, HeaderRepeatsTheClockNoteItWasGiven) {
    report::CaptureInfo capture("x.pcapng", 40);
    capture.clock_note = "this capture's clock says 1970-01-01 (before 2000)";
    const std::string text = report::render_text(capture, {});
    EXPECT_NE(text.find("\n  capture.clock_implausible: this capture's clock says 1970-01-01 "
                        "(before 2000)\n"),
              std::string::npos)
        << text;
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json(capture, {}), &doc));
    EXPECT_EQ(doc["clock_implausible"].string, capture.clock_note);
    ASSERT_TRUE(parses_as_json(report::render_json({"x.pcapng", 40}, {}), &doc));
    EXPECT_EQ(doc["clock_implausible"].type, Json::Type::Null);
    EXPECT_EQ(report::render_text({"x.pcapng", 40}, {}).find("clock"), std::string::npos);
}

TEST(ReportTimeline, ClientCloseHasNoRemark) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Client);
    EXPECT_EQ(timeline_of(s)[1], "2 +1.000 client: TCP RST");
}

TEST(ReportTimeline, CaptureStartingAtTheServerHelloStartsThere) {
    Scenario s;
    s.server_hello(server_hello(version::TLS13, 0x1301), 5).fin(Side::Server, 3);
    EXPECT_EQ(timeline_of(s),
              (std::vector<std::string>{
                  "1 +0.000 server: ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256 (0x1301)",
                  "2 +3.000 server: TCP FIN"}));
}

TEST(ReportTimeline, EmptyConnectionHasNoLines) {
    Connection empty;
    EXPECT_TRUE(report::timeline(empty, Settings{}).empty());
}

// ---- likely causes ----------------------------------------------------------

TEST(ReportCauses, ResetOfAClientHelloWithoutSniBlamesAnSniRoutingProxyFirst) {
    Scenario s;
    s.client_hello(modern_hello("")).rst(Side::Server);
    ASSERT_EQ(s.ids(), (Ids{"tls.no_sni@1", "tcp.rst_after_client_hello@2"}));
    const auto causes =
        report::likely_causes(s.diagnosed().conn(), *s.find("tcp.rst_after_client_hello"));
    EXPECT_TRUE(causes_start_with(
        causes, {"An SNI-routing proxy or name-based filter that drops ClientHellos",
                 "The server found no cipher suite or version",
                 "A load balancer, WAF or proxy rule rejects"}));
    EXPECT_EQ(
        causes[0].change,
        "Make the client connect by host name so it sends SNI, or give the proxy a default route");
    EXPECT_EQ(causes[0].source,
              "github.com/bangumi/api/issues/279; nginx docs, ngx_stream_ssl_preread_module");
}

TEST(ReportCauses, ResetOfAClientHelloWithSniBlamesTheServersSuitesFirst) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server);
    const auto causes = report::likely_causes(s.diagnosed().conn(), s.findings());
    EXPECT_TRUE(causes_start_with(causes, {"The server found no cipher suite or version",
                                           "A middlebox on the path filters on the SNI",
                                           "A load balancer, WAF or proxy rule rejects"}));
    EXPECT_TRUE(mentions(causes[0].cause, {"Windows SChannel/IIS: System log event 36874"}));
    EXPECT_TRUE(mentions(causes[0].change, {"SCHANNEL\\Protocols"}));
}

TEST(ReportCauses, ResetOfALegacyClientBlamesTheTls12RequirementFirst) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10)).rst(Side::Server);
    ASSERT_EQ(s.ids(), (Ids{"tls.legacy_client_version@1", "tcp.rst_after_client_hello@2"}));
    const auto causes =
        report::likely_causes(s.diagnosed().conn(), *s.find("tcp.rst_after_client_hello"));
    EXPECT_TRUE(
        causes_start_with(causes, {"The server (or its load balancer policy) requires TLS 1.2",
                                   "The server found no cipher suite or version",
                                   "A middlebox on the path filters on the SNI",
                                   "A load balancer, WAF or proxy rule rejects"}));
    EXPECT_TRUE(mentions(causes[0].cause, {"requires TLS 1.2 or later"}));
}

TEST(ReportCauses, ConnectionCausesFollowTheFindingOrder) {
    // Each finding's causes, most likely first, finding after finding: the
    // tls.no_sni finding (frame 1) comes before the reset (frame 2).
    Scenario s;
    s.client_hello(modern_hello("")).rst(Side::Server);
    const report::Diagnosis d = report::diagnose(record(1, s), s.settings());
    EXPECT_TRUE(causes_start_with(
        d.causes, {"The client connects by IP address",
                   "An SNI-routing proxy or name-based filter that drops ClientHellos",
                   "The server found no cipher suite or version",
                   "A load balancer, WAF or proxy rule rejects"}));
}

TEST(ReportCauses, FinOfAClientHelloWithoutSniBlamesAnSniRouter) {
    Scenario s;
    s.client_hello(modern_hello("")).fin(Side::Server);
    EXPECT_TRUE(causes_start_with(
        report::likely_causes(s.diagnosed().conn(), *s.find("tcp.fin_after_client_hello")),
        {"An SNI-routing proxy (nginx ssl_preread",
         "A TCP proxy or load balancer whose upstream is down"}));
}

TEST(ReportCauses, AlertRowsAreFilteredBySender) {
    Scenario by_client;
    by_client.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate)
        .alert(Side::Client, 2, 48);
    ASSERT_EQ(by_client.ids(), (Ids{"alert.unknown_ca@4"}));
    const auto client_causes =
        report::likely_causes(by_client.diagnosed().conn(), by_client.findings());
    ASSERT_EQ(client_causes.size(), 1u);
    EXPECT_EQ(client_causes[0].cause,
              "The client does not trust the server certificate's issuer: a private CA not in its "
              "store, or a missing intermediate certificate");
    EXPECT_EQ(client_causes[0].source,
              "RFC 8446 §6.2; RFC 5280 §4.2.2.1 (Authority Information Access)");

    Scenario by_server;
    by_server.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Client, hs::Certificate)
        .alert(Side::Server, 2, 48);
    ASSERT_EQ(by_server.ids(), (Ids{"alert.unknown_ca@5"}));
    const auto server_causes =
        report::likely_causes(by_server.diagnosed().conn(), by_server.findings());
    ASSERT_EQ(server_causes.size(), 1u);
    EXPECT_EQ(server_causes[0].cause,
              "The server does not trust the issuer of the client certificate, or the client sent "
              "no intermediate");
}

TEST(ReportCauses, AlertWithoutRowsForItsSenderFallsBackToTheAlertTable) {
    Scenario s;  // handshake_failure has rows for a server sender only
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .alert(Side::Client, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"alert.handshake_failure@3"}));
    const auto causes = report::likely_causes(s.diagnosed().conn(), s.findings());
    ASSERT_EQ(causes.size(), 1u);
    EXPECT_EQ(causes[0].source, "alerts.tsv 40");
    EXPECT_EQ(causes[0].change, "");
    EXPECT_TRUE(mentions(causes[0].cause, {"no cipher suite in common", "Client-sent 40"}));
}

TEST(ReportCauses, AlertWithoutAnyRowsUsesTheAlertTable) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 49);
    ASSERT_EQ(s.ids(), (Ids{"alert.access_denied@2"}));
    const auto causes = report::likely_causes(s.diagnosed().conn(), s.findings());
    ASSERT_EQ(causes.size(), 1u);
    EXPECT_EQ(causes[0].source, "alerts.tsv 49");
    EXPECT_FALSE(causes[0].cause.empty());
    // Without a change of its own the rule's fix is what to change.
    const report::Diagnosis d = report::diagnose(record(1, s), s.settings());
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0], find_rule("alert.access_denied")->fix);
}

TEST(ReportCauses, UnassignedAlertCodeHasNoCause) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 200);
    ASSERT_EQ(s.ids(), (Ids{"alert.unknown@2"}));
    EXPECT_TRUE(report::likely_causes(s.diagnosed().conn(), s.findings()).empty());
    const report::Diagnosis d = report::diagnose(record(1, s), s.settings());
    EXPECT_EQ(d.changes, (std::vector<std::string>{find_rule("alert.unknown")->fix}));
}

TEST(ReportCauses, ServerHandshakeFailureAfterACertificateRequestNamesTheClientCertificate) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .alert(Side::Server, 2, 40);
    ASSERT_EQ(s.ids(), (Ids{"tls.client_cert_missing@6", "alert.handshake_failure@6"}));
    // tls.client_cert_missing says it; the alert's own row would say it again.
    const auto causes = report::likely_causes(s.diagnosed().conn(), s.findings());
    EXPECT_TRUE(std::none_of(causes.begin(), causes.end(), [](const report::Cause& c) {
        return c.cause.rfind("The server required a client certificate", 0) == 0;
    }));
}

TEST(ReportCauses, ClientCertificateCauseRanksFirstAfterACertificateRequest) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Server, hs::ServerHelloDone)
        .handshake(Side::Client, hs::ClientKeyExchange)
        .alert(Side::Server, 2, 40);
    const auto causes = report::likely_causes(s.diagnosed().conn(), s.findings());
    ASSERT_FALSE(causes.empty());
    EXPECT_TRUE(mentions(causes[0].cause, {"no certificate configured"}));
}

TEST(ReportCauses, DiagnosisChangesAreEachFindingsMostLikelyChange) {
    Scenario s;
    s.client_hello(legacy_hello(version::TLS10)).rst(Side::Server);
    const report::Diagnosis d = report::diagnose(record(1, s), s.settings());
    EXPECT_EQ(d.changes,
              (std::vector<std::string>{
                  "Update the client's TLS library or enable TLS 1.2 in its settings",
                  "Update the client to offer TLS 1.2 and 1.3; as a stopgap re-enable TLS 1.0/1.1 "
                  "on the server"}));
}

// ---- client reports ---------------------------------------------------------

TEST(ReportClients, ServerSentAlertGivesTheAppleAndOpenSslLines) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 40);
    EXPECT_EQ(report_lines(report::client_reports(s.diagnosed().conn(), s.findings())),
              (std::vector<std::string>{
                  "Apple URLSession / Secure Transport: NSURLErrorDomain -1200 "
                  "(NSURLErrorSecureConnectionFailed), _kCFStreamErrorCodeKey -9824 "
                  "errSSLPeerHandshakeFail",
                  "curl with OpenSSL 3: curl: (35) error:0A000410:SSL routines::sslv3 alert "
                  "handshake failure"}));
}

TEST(ReportClients, ServerSentUnknownCaGivesTheReceivedAlertLines) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::CertificateRequest)
        .handshake(Side::Client, hs::Certificate)
        .alert(Side::Server, 2, 48);
    EXPECT_EQ(report_lines(report::client_reports(s.diagnosed().conn(), s.findings())),
              (std::vector<std::string>{
                  "Apple URLSession / Secure Transport: NSURLErrorDomain -1200 "
                  "(NSURLErrorSecureConnectionFailed), _kCFStreamErrorCodeKey -9831 "
                  "errSSLPeerUnknownCA",
                  "curl with OpenSSL 3: curl: (35) error:0A000418:SSL routines::tlsv1 alert "
                  "unknown ca"}));
}

TEST(ReportClients, ClientSentUnknownCaGivesItsTableRowsOnly) {
    Scenario s;
    s.client_hello(modern_hello())
        .server_hello(server_hello(version::TLS12, 0xc02f))
        .handshake(Side::Server, hs::Certificate)
        .alert(Side::Client, 2, 48);
    const auto reports = report::client_reports(s.diagnosed().conn(), s.findings());
    EXPECT_EQ(
        report_lines(reports),
        (std::vector<std::string>{
            "curl with OpenSSL: curl: (60) SSL certificate problem: unable to get local "
            "issuer certificate (a self-signed server certificate: \"self-signed "
            "certificate\")",
            "Apple URLSession: NSURLErrorDomain -1202 (NSURLErrorServerCertificateUntrusted), "
            "-9807 errSSLXCertChainInvalid"}));
    for (const auto& r : reports)
        EXPECT_EQ(r.report.find("error:0A"), std::string::npos) << r.report;
}

TEST(ReportClients, ResetGivesEveryClientsRowInTableOrder) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server);
    const auto lines = report_lines(report::client_reports(s.diagnosed().conn(), s.findings()));
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_TRUE(mentions(lines[0], {"Apple URLSession (iOS 12+): ", "-9816 errSSLClosedNoNotify",
                                    "(\"Peer disconnected during the middle of a handshake\")"}));
    EXPECT_TRUE(mentions(lines[1], {"Apple Secure Transport (older iOS, CFStream): ", "-9806"}));
    EXPECT_EQ(lines[2], "curl with OpenSSL: curl: (35) Recv failure: Connection reset by peer");
    EXPECT_EQ(lines[3], "Chrome: ERR_CONNECTION_RESET");
}

TEST(ReportClients, HealthyConnectionHasNone) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301));
    EXPECT_TRUE(report::client_reports(s.diagnosed().conn(), s.findings()).empty());
    EXPECT_TRUE(report::likely_causes(s.diagnosed().conn(), s.findings()).empty());
}

// ---- text -------------------------------------------------------------------

TEST(ReportText, EmptyCaptureIsJustTheHeader) {
    EXPECT_EQ(
        report::render_text({"", 0}, {}),
        "tlsdiag report\n  0 frames, 0 TLS connections: 0 failed, 0 with warnings, 0 healthy\n");
}

TEST(ReportText, HeaderCountsVerdictsAndFindingsByRule) {
    const ThreeConnections c;
    const std::vector<std::string> lines =
        lines_of(report::render_text({"three.pcapng", 42}, c.records()));
    ASSERT_GE(lines.size(), 5u);
    EXPECT_EQ(lines[0], "tlsdiag report: three.pcapng");
    EXPECT_EQ(lines[1], "  42 frames, 3 TLS connections: 1 failed, 1 with warnings, 1 healthy");
    EXPECT_EQ(lines[2], "  findings by rule:");
    EXPECT_EQ(lines[3], "    ats.cipher_suite                         1");
    EXPECT_EQ(lines[4], "    tcp.rst_after_client_hello               1");
    EXPECT_EQ(lines[5], "");
}

TEST(ReportText, OneConnectionIsSingular) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301));
    EXPECT_EQ(report::render_text({"one.pcapng", 2}, {record(0, s)}),
              "tlsdiag report: one.pcapng\n"
              "  2 frames, 1 TLS connection: 0 failed, 0 with warnings, 1 healthy\n");
}

TEST(ReportText, HealthyConnectionsAreCountedNotListed) {
    const ThreeConnections c;
    const std::string text = report::render_text({"three.pcapng", 42}, c.records());
    EXPECT_EQ(count_of(text, "\nConnection "), 2u) << text;
    EXPECT_EQ(text.find("(TCP stream 0)"), std::string::npos) << text;
    EXPECT_EQ(text.find("TLS_AES_128_GCM_SHA256"), std::string::npos) << text;
}

TEST(ReportText, ConnectionsAreListedInStreamOrder) {
    const ThreeConnections c;
    const std::string text = report::render_text({"three.pcapng", 42}, c.records());
    const size_t first =
        text.find("\nConnection 1 (TCP stream 2): 10.0.0.1:50002 \u2192 10.0.0.2:443   warning\n");
    const size_t second =
        text.find("\nConnection 2 (TCP stream 5): 10.0.0.1:50005 \u2192 10.0.0.2:443   failed\n");
    ASSERT_NE(first, std::string::npos) << text;
    ASSERT_NE(second, std::string::npos) << text;
    EXPECT_LT(first, second);
}

TEST(ReportText, SectionOfAResetConnection) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 0.4);
    const std::vector<std::string> lines =
        lines_of(report::render_text({"rst.pcapng", 2}, {record(3, s)}));
    auto has = [&](const std::string& line) {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    };
    EXPECT_TRUE(has("Connection 1 (TCP stream 3): 10.0.0.1:50003 \u2192 10.0.0.2:443   failed"));
    EXPECT_TRUE(
        has("  SNI api.example.com; versions offered TLS 1.2\u20131.3, negotiated none; ALPN "
            "offered h2,http/1.1, chosen none"));
    EXPECT_TRUE(has("  Timeline"));
    EXPECT_TRUE(
        has("       1     +0.000 ms  client \u2192 server  ClientHello: TLS 1.2\u20131.3, 9 "
            "suites, SNI api.example.com, ALPN h2,http/1.1"));
    EXPECT_TRUE(
        has("       2     +0.400 ms  server \u2192 client  TCP RST, 0.4 ms after the "
            "ClientHello, no ServerHello"));
    EXPECT_TRUE(has("  Diagnosis"));
    EXPECT_TRUE(has("  Likely causes, most likely first"));
    EXPECT_TRUE(has("  What the client application most likely reported"));
    EXPECT_TRUE(has("    curl with OpenSSL: curl: (35) Recv failure: Connection reset by peer"));
    EXPECT_TRUE(has("    Chrome: ERR_CONNECTION_RESET"));
    EXPECT_TRUE(has("  What to change"));
    // No ServerHello: no cipher suite line.
    for (const std::string& l : lines) EXPECT_NE(l.rfind("  cipher suite ", 0), 0u) << l;
    const std::string text = report::render_text({"rst.pcapng", 2}, {record(3, s)});
    EXPECT_TRUE(
        mentions(text, {"\n    error   tcp.rst_after_client_hello (frame 2): server reset the "
                        "connection 0.4 ms after the\n      ClientHello of frame 1, with no "
                        "ServerHello",
                        "    1. The server found no cipher suite or version it accepts",
                        "       change: Compare the ClientHello's suites"}));
}

TEST(ReportText, NegotiatedSuiteHasItsLine) {
    const ThreeConnections c;
    const std::string text = report::render_text({"", 0}, c.records());
    EXPECT_TRUE(
        mentions(text, {"\n  SNI api.example.com; versions offered TLS 1.2\u20131.3, negotiated "
                        "TLS 1.2; ALPN offered h2,http/1.1, chosen none\n",
                        "\n  cipher suite TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)\n",
                        "\n    warning ats.cipher_suite (frame 2): server chose"}));
}

TEST(ReportText, WrappedTextKeepsWithinOneHundredColumns) {
    const ThreeConnections c;
    Scenario legacy;
    legacy.client_hello(legacy_hello(version::TLS10, "")).rst(Side::Server);
    std::vector<ConnectionRecord> records = c.records();
    records.push_back(record(9, legacy));
    for (const std::string& l : lines_of(report::render_text({"", 0}, records))) {
        // Timeline lines and connection headers are one line however long.
        if (l.find("\u2192") != std::string::npos || l.rfind("  SNI ", 0) == 0) continue;
        EXPECT_LE(l.size(), 100u) << l;
    }
}

// ---- JSON -------------------------------------------------------------------

TEST(ReportJson, TestReaderRejectsWhatIsNotJson) {
    // The reader the JSON tests rely on: strict, so that they mean something.
    EXPECT_TRUE(parses_as_json("{\"a\": [1, -2.5, \"x\\\"y\", null, true], \"b\": {}}\n"));
    for (const char* bad : {"{\"a\": \"x\ny\"}", "{\"a\": 1,}", "[1 2]", "{'a': 1}", "{\"a\": 01}",
                            "{\"a\": \"\\q\"}", "{\"a\": 1} x", "{\"a\" 1}", "[nul]"})
        EXPECT_FALSE(parses_as_json(bad)) << bad;
}

TEST(ReportJson, IsJsonWithCountsAndDiagnosesInStreamOrder) {
    const ThreeConnections c;
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json({"three.pcapng", 42}, c.records()), &doc));
    EXPECT_EQ(doc.keys(),
              (std::vector<std::string>{"capture", "frames", "connections", "failed", "warnings",
                                        "healthy", "with_missing_bytes", "unread_tcp_frames",
                                        "clock_implausible", "findings_by_rule", "diagnoses"}));
    EXPECT_EQ(doc["capture"].string, "three.pcapng");
    EXPECT_EQ(doc["frames"].number, 42);
    EXPECT_EQ(doc["connections"].number, 3);
    EXPECT_EQ(doc["failed"].number, 1);
    EXPECT_EQ(doc["warnings"].number, 1);
    EXPECT_EQ(doc["healthy"].number, 1);
    EXPECT_EQ(doc["findings_by_rule"].keys(),
              (std::vector<std::string>{"ats.cipher_suite", "tcp.rst_after_client_hello"}));
    EXPECT_EQ(doc["findings_by_rule"]["tcp.rst_after_client_hello"].number, 1);
    const Json& diagnoses = doc["diagnoses"];
    ASSERT_EQ(diagnoses.items.size(), 2u);
    EXPECT_EQ(diagnoses[0]["stream"].number, 2);
    EXPECT_EQ(diagnoses[0]["verdict"].string, "warning");
    EXPECT_EQ(diagnoses[1]["stream"].number, 5);
    EXPECT_EQ(diagnoses[1]["verdict"].string, "failed");
}

TEST(ReportJson, ConnectionObjectHasEveryPart) {
    Scenario s;
    s.client_hello(modern_hello()).rst(Side::Server, 0.4);
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json({"", 2}, {record(3, s)}), &doc));
    EXPECT_EQ(doc["capture"].type, Json::Type::Null);
    const Json& d = doc["diagnoses"][0];
    EXPECT_EQ(d.keys(), (std::vector<std::string>{
                            "stream", "transport", "client", "server", "verdict", "sni",
                            "sni_encrypted_by", "versions_offered", "version", "cipher_suite",
                            "alpn_offered", "alpn", "alpn_encrypted", "timeline", "findings",
                            "likely_causes", "client_reports", "changes"}));
    EXPECT_EQ(d["client"].string, "10.0.0.1:50003");
    EXPECT_EQ(d["server"].string, "10.0.0.2:443");
    EXPECT_EQ(d["sni"].string, "api.example.com");
    EXPECT_EQ(d["versions_offered"].string, "TLS 1.2\u20131.3");
    EXPECT_EQ(d["version"].type, Json::Type::Null);
    EXPECT_EQ(d["cipher_suite"].type, Json::Type::Null);
    ASSERT_EQ(d["alpn_offered"].items.size(), 2u);
    EXPECT_EQ(d["alpn_offered"][1].string, "http/1.1");
    EXPECT_EQ(d["alpn"].type, Json::Type::Null);

    ASSERT_EQ(d["timeline"].items.size(), 2u);
    const Json& reset = d["timeline"][1];
    EXPECT_EQ(reset["frame"].number, 2);
    EXPECT_DOUBLE_EQ(reset["offset_ms"].number, 0.4);
    EXPECT_EQ(reset["from"].string, "server");
    EXPECT_EQ(reset["text"].string, "TCP RST, 0.4 ms after the ClientHello, no ServerHello");

    ASSERT_EQ(d["findings"].items.size(), 1u);
    const Json& f = d["findings"][0];
    EXPECT_EQ(f["rule"].string, "tcp.rst_after_client_hello");
    EXPECT_EQ(f["severity"].string, "error");
    EXPECT_EQ(f["frame"].number, 2);
    EXPECT_EQ(f["related_frame"].number, 1);
    EXPECT_EQ(f["summary"].string, s.find("tcp.rst_after_client_hello")->summary);

    EXPECT_EQ(d["likely_causes"].items.size(), 3u);
    EXPECT_EQ(
        d["likely_causes"][0]["source"].string,
        "Y Soft SafeQ 6 docs, SSL/TLS handshake and SChannel; en.ittrip.xyz fix-schannel-errors "
        "(Event 36874)");
    EXPECT_TRUE(mentions(d["likely_causes"][0]["change"].string, {"SCHANNEL\\Protocols"}));
    EXPECT_EQ(d["client_reports"].items.size(), 4u);
    EXPECT_EQ(d["client_reports"][3]["client"].string, "Chrome");
    ASSERT_EQ(d["changes"].items.size(), 1u);
    EXPECT_EQ(d["changes"][0].string, d["likely_causes"][0]["change"].string);
}

TEST(ReportJson, FindingWithoutRelatedFrameAndCauseWithoutChangeAreNull) {
    Scenario s;
    s.client_hello(modern_hello()).alert(Side::Server, 2, 49);  // access_denied: alerts.tsv only
    s.server_hello(server_hello(version::TLS12, 0x009c));       // ats.cipher_suite: related 0
    ASSERT_EQ(s.ids(), (Ids{"alert.access_denied@2", "ats.cipher_suite@3"}));
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json({"", 3}, {record(0, s)}), &doc));
    const Json& d = doc["diagnoses"][0];
    EXPECT_EQ(d["findings"][1]["related_frame"].type, Json::Type::Null);
    EXPECT_EQ(d["likely_causes"][0]["source"].string, "alerts.tsv 49");
    EXPECT_EQ(d["likely_causes"][0]["change"].type, Json::Type::Null);
    EXPECT_EQ(d["cipher_suite"].string, "TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)");
}

TEST(ReportJson, EscapesQuotesBackslashesAndControlCharacters) {
    const std::string sni = "we\"ird\\host\nname\twith\x01";
    Scenario s;
    s.client_hello(modern_hello(sni)).rst(Side::Server);
    const std::string json = report::render_json({"my \"capture\".pcapng", 2}, {record(1, s)});
    EXPECT_TRUE(mentions(json, {"\"sni\": \"we\\\"ird\\\\host\\nname\\twith\\u0001\"",
                                "\"capture\": \"my \\\"capture\\\".pcapng\""}));
    Json doc;
    ASSERT_TRUE(parses_as_json(json, &doc));
    EXPECT_EQ(doc["capture"].string, "my \"capture\".pcapng");
    const Json& d = doc["diagnoses"][0];
    EXPECT_EQ(d["sni"].string, sni);
    // The sni field keeps the name as sent; sentences show it printable.
    const std::string shown = "we\"ird\\host\\x0aname\\x09with\\x01";
    EXPECT_EQ(d["timeline"][0]["text"].string,
              "ClientHello: TLS 1.2\u20131.3, 9 suites, SNI " + shown + ", ALPN h2,http/1.1");
    EXPECT_TRUE(mentions(d["findings"][0]["summary"].string, {("SNI " + shown).c_str()}));
}

TEST(ReportJson, EchShowsTheOuterNameAndThatTheRealOneMayBeHidden) {
    ClientHello ch = modern_hello("cloudflare-ech.com");
    ch.encrypted_name = EncryptedName::Ech;
    Scenario s;
    s.client_hello(ch).rst(Side::Server);
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json({"ech.pcapng", 2}, {record(1, s)}), &doc));
    const Json& d = doc["diagnoses"][0];
    EXPECT_EQ(d["sni"].string, "cloudflare-ech.com");
    EXPECT_EQ(d["sni_encrypted_by"].string, "ECH");
    EXPECT_EQ(
        d["timeline"][0]["text"].string,
        "ClientHello: TLS 1.2\u20131.3, 9 suites, SNI cloudflare-ech.com (outer name; ECH may "
        "hide the real one), ALPN h2,http/1.1");
}

TEST(ReportText, EsniWithoutSniSaysTheNameIsEncrypted) {
    ClientHello ch = modern_hello("");
    ch.encrypted_name = EncryptedName::Esni;
    Scenario s;
    s.client_hello(ch).rst(Side::Server);
    EXPECT_EQ(s.ids(), (Ids{"tcp.rst_after_client_hello@2"}));
    const std::string text = report::render_text({"esni.pcapng", 2}, {record(1, s)});
    EXPECT_TRUE(
        mentions(text, {"  SNI none (the real name is encrypted by ESNI); versions offered"}));
}

TEST(ReportJson, EmptyCaptureIsJson) {
    const std::string json = report::render_json({"", 0}, {});
    Json doc;
    ASSERT_TRUE(parses_as_json(json, &doc));
    EXPECT_EQ(doc["connections"].number, 0);
    EXPECT_TRUE(doc["findings_by_rule"].members.empty());
    EXPECT_TRUE(doc["diagnoses"].items.empty());
    EXPECT_EQ(json.back(), '\n');
}

TEST(ReportJson, HealthyConnectionsAreCountedNotListed) {
    Scenario s;
    s.client_hello(modern_hello()).server_hello(server_hello(version::TLS13, 0x1301, "h2"));
    Json doc;
    ASSERT_TRUE(parses_as_json(report::render_json({"ok.pcapng", 2}, {record(0, s)}), &doc));
    EXPECT_EQ(doc["healthy"].number, 1);
    EXPECT_TRUE(doc["diagnoses"].items.empty());
}

TEST(ReportJson, IdenticalInputGivesIdenticalOutput) {
    const ThreeConnections a, b;
    std::vector<ConnectionRecord> a_records = a.records(), b_records = b.records();
    const std::string once = report::render_json({"x.pcapng", 9}, a_records);
    EXPECT_EQ(report::render_json({"x.pcapng", 9}, a_records), once);
    EXPECT_EQ(report::render_json({"x.pcapng", 9}, b_records), once);
    // The order in which the connections were met does not matter either.
    std::reverse(b_records.begin(), b_records.end());
    EXPECT_EQ(report::render_json({"x.pcapng", 9}, b_records), once);
    EXPECT_EQ(report::render_text({"x.pcapng", 9}, b_records),
              report::render_text({"x.pcapng", 9}, a_records));
}

}  // namespace tlsdiag::test
