// The report as JSON for scripts: the same content as the text, one object
// per connection with findings. Keys in a fixed order, so output is stable.
#include <cstdio>
#include <sstream>

#include "report_internal.h"
#include "tlsdiag/catalog.h"
#include "tlsdiag/json_string.h"

namespace tlsdiag::report {

namespace {

std::string quoted(const std::string& s) {
    return json_string(s, JsonBytes::Utf8);
}

std::string nullable(const std::string& s) {
    return s.empty() ? "null" : quoted(s);
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

template <typename List, typename Each>
void array(std::ostringstream& out, const List& items, Each each) {
    out << "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out << ", ";
        each(items[i]);
    }
    out << "]";
}

void connection(std::ostringstream& out, const Diagnosis& d) {
    const ConnectionRecord& r = *d.record;
    const Connection& conn = r.diagnosed->conn();
    out << "    {\"stream\": " << r.stream << ", \"transport\": " << quoted(transport_text(conn))
        << ", \"client\": " << quoted(r.client) << ", \"server\": " << quoted(r.server)
        << ", \"verdict\": " << quoted(verdict_name(d.verdict))
        << ",\n     \"sni\": " << nullable(sni_of(conn))
        << ", \"sni_encrypted_by\": " << nullable(sni_encrypted_by(conn))
        << ", \"versions_offered\": " << nullable(versions_offered(conn))
        << ", \"version\": " << nullable(version_negotiated(conn))
        << ", \"cipher_suite\": " << nullable(suite_negotiated(conn)) << ", \"alpn_offered\": ";
    array(out, alpn_offered(conn), [&](const std::string& a) { out << quoted(a); });
    out << ", \"alpn\": " << nullable(alpn_chosen(conn))
        << ", \"alpn_encrypted\": " << (alpn_encrypted(conn) ? "true" : "false")
        << ",\n     \"timeline\": ";
    array(out, d.timeline, [&](const TimelineLine& l) {
        out << "{\"frame\": " << l.frame << ", \"offset_ms\": " << number(l.offset_ms)
            << ", \"from\": " << quoted(side_name(l.from)) << ", \"text\": " << quoted(l.text)
            << "}";
    });
    out << ",\n     \"findings\": ";
    array(out, r.diagnosed->findings(), [&](const Finding& f) {
        out << "{\"rule\": " << quoted(f.rule->id)
            << ", \"severity\": " << quoted(severity_name(f.rule->severity))
            << ", \"frame\": " << f.frame
            << ", \"related_frame\": " << (f.related ? std::to_string(f.related) : "null")
            << ", \"summary\": " << quoted(f.summary) << "}";
    });
    out << ",\n     \"likely_causes\": ";
    array(out, d.causes, [&](const Cause& c) {
        out << "{\"cause\": " << quoted(c.cause) << ", \"change\": " << nullable(c.change)
            << ", \"source\": " << quoted(c.source) << "}";
    });
    out << ",\n     \"client_reports\": ";
    array(out, d.reports, [&](const ClientReport& c) {
        out << "{\"client\": " << quoted(c.client) << ", \"report\": " << quoted(c.report) << "}";
    });
    out << ",\n     \"changes\": ";
    array(out, d.changes, [&](const std::string& c) { out << quoted(c); });
    out << "}";
}

}  // namespace

std::string render_json(const CaptureInfo& capture, const std::vector<ConnectionRecord>& conns) {
    const Totals t = count(conns);
    std::ostringstream out;
    out << "{\"capture\": " << nullable(capture.name) << ", \"frames\": " << capture.frames
        << ",\n \"connections\": " << t.connections << ", \"failed\": " << t.failed
        << ", \"warnings\": " << t.warnings << ", \"healthy\": " << t.healthy
        << ", \"with_missing_bytes\": " << t.incomplete
        << ",\n \"unread_tcp_frames\": {\"count\": " << capture.unread_tcp_frames
        << ", \"by_carrier\": {";
    size_t c = 0;
    for (const auto& [carrier, n] : capture.unread_by_carrier)
        out << (c++ ? ", " : "") << quoted(carrier) << ": " << n;
    out << "}},\n \"clock_implausible\": " << nullable(capture.clock_note);
    out << ",\n \"findings_by_rule\": {";
    size_t i = 0;
    for (const auto& [rule, n] : t.by_rule) out << (i++ ? ", " : "") << quoted(rule) << ": " << n;
    out << "},\n \"diagnoses\": [\n";
    const auto listed = with_findings(conns);
    for (size_t k = 0; k < listed.size(); ++k) {
        connection(out, diagnose(*listed[k], capture.settings));
        out << (k + 1 < listed.size() ? ",\n" : "\n");
    }
    out << " ]}\n";
    return out.str();
}

}  // namespace tlsdiag::report
