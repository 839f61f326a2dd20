// The report window's text, its buttons' display filters and the default
// path of "Save JSON" (plugin/report_view.h), without Wireshark.
#include "report_view.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "report_records.h"
#include "scenario.h"

namespace tlsdiag::test {

using plugin::ReportFormat;
using report::ConnectionRecord;

namespace {

// A reset (failed), an RSA suite (warning) and a healthy handshake.
struct Connections {
    Scenario reset, rsa, healthy;
    Connections() {
        reset.client_hello(modern_hello()).rst(Side::Server, 0.4);
        rsa.client_hello(modern_hello())
            .server_hello(server_hello(version::TLS12, 0x009c))
            .record(Side::Server, 22)
            .record(Side::Client, 23)
            .payload(Side::Client)
            .payload(Side::Server);
        healthy.client_hello(modern_hello())
            .server_hello(server_hello(version::TLS13, 0x1301, "h2"))
            .record(Side::Server, 23)
            .fin(Side::Client)
            .fin(Side::Server);
    }
    std::vector<ConnectionRecord> records() const {
        return {record(5, reset), record(0, healthy), record(2, rsa)};
    }
};

// Every frame number the text report prints: timeline lines and "(frame N)".
std::set<uint32_t> frames_in_text(const std::string& text) {
    std::set<uint32_t> out;
    static const std::regex timeline(R"(^  +(\d+)  +[+-]\d+\.\d{3} ms )");
    static const std::regex finding(R"(\(frame (\d+)\))");
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::smatch m;
        if (std::regex_search(line, m, timeline)) out.insert(std::stoul(m[1]));
        for (auto it = std::sregex_iterator(line.begin(), line.end(), finding);
             it != std::sregex_iterator(); ++it)
            out.insert(std::stoul((*it)[1]));
    }
    return out;
}

}  // namespace

TEST(ReportWindowText, WithoutFilterIsTsharksReport) {
    Connections c;
    const report::CaptureInfo capture("x.pcapng", 20);
    EXPECT_EQ(plugin::report_window_text(capture, c.records(), ReportFormat::Text, ""),
              report::render_text(capture, c.records()));
    EXPECT_EQ(plugin::report_window_text(capture, c.records(), ReportFormat::Json, ""),
              report::render_json(capture, c.records()));
}

TEST(ReportWindowText, AFilterIsNamedAboveTheTextAndNotInTheJson) {
    Connections c;
    const report::CaptureInfo capture("x.pcapng", 20);
    EXPECT_EQ(
        plugin::report_window_text(capture, c.records(), ReportFormat::Text, "ip.addr == 10.0.0.2"),
        "Connections with a frame matching the display filter: ip.addr == 10.0.0.2\n\n" +
            report::render_text(capture, c.records()));
    EXPECT_EQ(plugin::report_window_text(capture, c.records(), ReportFormat::Json, "tls"),
              report::render_json(capture, c.records()));
}

TEST(ReportWindowFilters, FramesAreTheOnesTheTextNames) {
    Connections c;
    const std::string text = report::render_text(report::CaptureInfo("x", 20), c.records());
    const std::set<uint32_t> named = frames_in_text(text);
    ASSERT_EQ(named, (std::set<uint32_t>{1, 2, 3, 4, 5, 6})) << text;
    EXPECT_EQ(plugin::report_frames_filter(c.records(), Settings{}),
              "frame.number in {1, 2, 3, 4, 5, 6}");
}

TEST(ReportWindowFilters, OneFailedConnection) {
    Connections c;
    const std::vector<ConnectionRecord> only_reset = {record(7, c.reset)};
    EXPECT_EQ(plugin::report_frames_filter(only_reset, Settings{}), "frame.number in {1, 2}");
    EXPECT_EQ(plugin::report_connections_filter(only_reset), "tcp.stream in {7}");
}

TEST(ReportWindowFilters, ConnectionsAreTheListedOnesInStreamOrder) {
    Connections c;
    EXPECT_EQ(plugin::report_connections_filter(c.records()), "tcp.stream in {2, 5}");
}

TEST(ReportWindowFilters, DtlsConnectionsAreSelectedByTheirUdpStream) {
    Connections c;
    Scenario dtls;
    dtls.dtls().client_hello(legacy_hello(version::DTLS10)).alert(Side::Server, 2, 40);
    std::vector<ConnectionRecord> both = c.records();
    both.push_back(record(3, dtls));
    EXPECT_EQ(plugin::report_connections_filter(both), "tcp.stream in {2, 5} || udp.stream in {3}");
    EXPECT_EQ(plugin::report_connections_filter({record(3, dtls)}), "udp.stream in {3}");
}

TEST(ReportWindowFilters, HealthyConnectionsGiveNoFilter) {
    Connections c;
    const std::vector<ConnectionRecord> healthy = {record(0, c.healthy)};
    EXPECT_EQ(plugin::report_frames_filter(healthy, Settings{}), "");
    EXPECT_EQ(plugin::report_connections_filter(healthy), "");
    EXPECT_EQ(plugin::report_frames_filter({}, Settings{}), "");
    EXPECT_EQ(plugin::report_connections_filter({}), "");
}

TEST(ReportWindowJsonPath, NextToTheCaptureWithoutItsExtension) {
    EXPECT_EQ(plugin::json_path_next_to("/cap/x.pcapng", "/home/u"), "/cap/x.tlsdiag.json");
    EXPECT_EQ(plugin::json_path_next_to("x.pcap", "/home/u"), "x.tlsdiag.json");
    EXPECT_EQ(plugin::json_path_next_to("/a.b/cap", "/home/u"), "/a.b/cap.tlsdiag.json");
    EXPECT_EQ(plugin::json_path_next_to("/d/.pcap", "/home/u"), "/d/.pcap.tlsdiag.json");
    EXPECT_EQ(plugin::json_path_next_to("/d/x.tar.gz", "/home/u"), "/d/x.tar.tlsdiag.json");
}

TEST(ReportWindowJsonPath, InTheFallbackDirectoryWithoutACapturePath) {
    EXPECT_EQ(plugin::json_path_next_to("", "/home/u"), "/home/u/tlsdiag-report.json");
    EXPECT_EQ(plugin::json_path_next_to("", "/home/u/"), "/home/u/tlsdiag-report.json");
    EXPECT_EQ(plugin::json_path_next_to("", ""), "./tlsdiag-report.json");
}

}  // namespace tlsdiag::test
