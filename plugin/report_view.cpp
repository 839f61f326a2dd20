#include "report_view.h"

#include <set>

namespace tlsdiag::plugin {

namespace {

// The connections the report lists: those with a finding (render_text's rule).
std::vector<const report::ConnectionRecord*> listed(
    const std::vector<report::ConnectionRecord>& conns) {
    std::vector<const report::ConnectionRecord*> out;
    for (const report::ConnectionRecord& c : conns)
        if (c.diagnosed && !c.diagnosed->findings().empty()) out.push_back(&c);
    return out;
}

std::string in_set(const char* field, const std::set<uint32_t>& values) {
    if (values.empty()) return "";
    std::string out = std::string(field) + " in {";
    for (uint32_t v : values) out += std::to_string(v) + ", ";
    out.resize(out.size() - 2);
    return out + "}";
}

}  // namespace

std::string report_window_text(const report::CaptureInfo& capture,
                               const std::vector<report::ConnectionRecord>& conns,
                               ReportFormat format, const std::string& filter) {
    if (format == ReportFormat::Json) return report::render_json(capture, conns);
    std::string text = report::render_text(capture, conns);
    if (filter.empty()) return text;
    return "Connections with a frame matching the display filter: " + filter + "\n\n" + text;
}

std::string report_frames_filter(const std::vector<report::ConnectionRecord>& conns,
                                 const Settings& settings) {
    std::set<uint32_t> frames;
    for (const report::ConnectionRecord* c : listed(conns)) {
        for (const report::TimelineLine& line : report::diagnose(*c, settings).timeline)
            frames.insert(line.frame);
        for (const Finding& f : c->diagnosed->findings()) {
            if (f.frame) frames.insert(f.frame);
            if (f.related) frames.insert(f.related);
        }
    }
    return in_set("frame.number", frames);
}

std::string report_connections_filter(const std::vector<report::ConnectionRecord>& conns) {
    std::set<uint32_t> tcp, udp;
    for (const report::ConnectionRecord* c : listed(conns))
        (c->diagnosed->conn().transport() == Transport::Tcp ? tcp : udp).insert(c->stream);
    const std::string over_tcp = in_set("tcp.stream", tcp), over_udp = in_set("udp.stream", udp);
    if (over_tcp.empty() || over_udp.empty()) return over_tcp + over_udp;
    return over_tcp + " || " + over_udp;
}

std::string json_path_next_to(const std::string& capture_path, const std::string& fallback_dir) {
    if (capture_path.empty()) {
        std::string dir = fallback_dir.empty() ? "." : fallback_dir;
        if (dir.back() != '/') dir += '/';
        return dir + "tlsdiag-report.json";
    }
    const size_t slash = capture_path.find_last_of('/');
    const size_t name_start = slash == std::string::npos ? 0 : slash + 1;
    const size_t dot = capture_path.find_last_of('.');
    // A dot that starts the name (".pcap") or sits in a directory is no extension.
    const bool has_ext = dot != std::string::npos && dot > name_start;
    return capture_path.substr(0, has_ext ? dot : capture_path.size()) + ".tlsdiag.json";
}

}  // namespace tlsdiag::plugin
