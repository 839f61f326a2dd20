// The report as text: a header for the capture, then one section per
// connection with findings. Healthy connections are counted, not listed.
#include <cstdio>
#include <sstream>

#include "report_internal.h"
#include "tlsdiag/catalog.h"
#include "tlsdiag/describe.h"

namespace tlsdiag::report {

namespace {

constexpr size_t kWidth = 100;

// Wraps `text` to kWidth, the first line after `first`, the rest after `indent`.
void wrapped(std::ostringstream& out, const std::string& first, const std::string& indent,
             const std::string& text) {
    std::string line = first;
    size_t line_start_len = first.size();
    std::istringstream words(text);
    std::string word;
    bool empty = true;
    while (words >> word) {
        if (!empty && line.size() + 1 + word.size() > kWidth) {
            out << line << '\n';
            line = indent;
            line_start_len = indent.size();
            empty = true;
        }
        if (!empty) line += ' ';
        line += word;
        empty = line.size() == line_start_len;
    }
    out << line << '\n';
}

std::string or_none(const std::string& s) {
    return s.empty() ? "none" : s;
}

void header(std::ostringstream& out, const CaptureInfo& capture, const Totals& t) {
    out << "tlsdiag report" << (capture.name.empty() ? "" : ": " + capture.name) << "\n";
    out << "  " << capture.frames << " frames, " << t.connections << " TLS connection"
        << (t.connections == 1 ? "" : "s") << ": " << t.failed << " failed, " << t.warnings
        << " with warnings, " << t.healthy << " healthy\n";
    if (t.incomplete)
        out << "  " << t.incomplete << " TLS connection" << (t.incomplete == 1 ? "" : "s")
            << " with bytes missing from the capture: what they lack is not judged\n";
    if (capture.unread_tcp_frames) {
        out << "  " << capture.unread_tcp_frames << " TCP frame"
            << (capture.unread_tcp_frames == 1 ? "" : "s")
            << " not read by tlsdiag (their TLS is not in this report):";
        for (const auto& [carrier, n] : capture.unread_by_carrier)
            out << " " << carrier << ": " << n << ";";
        out.seekp(-1, std::ios_base::cur);
        out << "\n";
    }
    if (!capture.clock_note.empty())
        wrapped(out, "  capture.clock_implausible: ", "    ", capture.clock_note);
    if (t.by_rule.empty()) return;
    out << "  findings by rule:\n";
    for (const auto& [rule, n] : t.by_rule) {
        char line[160];
        std::snprintf(line, sizeof line, "    %-40s %zu\n", rule.c_str(), n);
        out << line;
    }
}

void section(std::ostringstream& out, size_t number, const Diagnosis& d) {
    const ConnectionRecord& r = *d.record;
    const Connection& conn = r.diagnosed->conn();
    const std::string over =
        conn.transport() == Transport::Tcp
            ? "TCP stream " + std::to_string(r.stream)
            : transport_text(conn) + ", UDP stream " + std::to_string(r.stream);
    out << "\nConnection " << number << " (" << over << "): " << r.client << " \u2192 " << r.server
        << "   " << verdict_name(d.verdict) << "\n";
    std::vector<std::string> offered;
    for (const std::string& p : alpn_offered(conn)) offered.push_back(printable(p, 255));
    const std::string alpn = join(offered);
    const ClientHello* hello = conn.last_client_hello();
    const std::string hidden = hello ? encrypted_name_note(*hello) : "";
    out << "  SNI " << or_none(printable(sni_of(conn), 255)) << (hidden.empty() ? "" : " " + hidden)
        << "; versions offered " << or_none(versions_offered(conn)) << ", negotiated "
        << or_none(version_negotiated(conn)) << "; ALPN offered " << or_none(alpn) << ", chosen "
        << (alpn_encrypted(conn) ? "unknown (encrypted)"
                                 : or_none(printable(alpn_chosen(conn), 255)))
        << "\n";
    if (!suite_negotiated(conn).empty()) out << "  cipher suite " << suite_negotiated(conn) << "\n";

    out << "  Timeline\n";
    for (const TimelineLine& l : d.timeline) {
        // One line per event, however long: the timeline is read down the frame column.
        char lead[64];
        std::snprintf(lead, sizeof lead, "  %6u  %+9.3f ms  ", l.frame, l.offset_ms);
        out << lead << arrow(l.from) << "  " << l.text << '\n';
    }
    out << "  Diagnosis\n";
    for (const Finding& f : r.diagnosed->findings()) {
        char lead[96];
        std::snprintf(lead, sizeof lead,
                      "    %-7s %s (frame %u): ", severity_name(f.rule->severity),
                      f.rule->id.c_str(), f.frame);
        wrapped(out, lead, "      ", f.summary);
    }
    if (!d.causes.empty()) out << "  Likely causes, most likely first\n";
    for (size_t i = 0; i < d.causes.size(); ++i) {
        wrapped(out, "    " + std::to_string(i + 1) + ". ", "       ", d.causes[i].cause);
        if (!d.causes[i].change.empty())
            wrapped(out, "       change: ", "       ", d.causes[i].change);
    }
    if (!d.reports.empty()) out << "  What the client application most likely reported\n";
    for (const ClientReport& c : d.reports)
        wrapped(out, "    " + c.client + ": ", "      ", c.report);
    out << "  What to change\n";
    for (const std::string& change : d.changes) wrapped(out, "    - ", "      ", change);
}

}  // namespace

std::string render_text(const CaptureInfo& capture, const std::vector<ConnectionRecord>& conns) {
    std::ostringstream out;
    header(out, capture, count(conns));
    size_t number = 0;
    for (const ConnectionRecord* r : with_findings(conns))
        section(out, ++number, diagnose(*r, capture.settings));
    return out.str();
}

}  // namespace tlsdiag::report
