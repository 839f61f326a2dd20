#include <algorithm>

#include "report_internal.h"
#include "tlsdiag/catalog.h"

namespace tlsdiag::report {

namespace {
Severity severity_of(const Finding& f) {
    return f.rule->severity;
}
}  // namespace

Verdict verdict_of(const ConnectionFindings& findings) {
    Verdict v = Verdict::Healthy;
    for (const Finding& f : findings) {
        if (severity_of(f) == Severity::Error) return Verdict::Failed;
        if (severity_of(f) == Severity::Warning) v = Verdict::Warning;
    }
    return v;
}

std::string verdict_text(const ConnectionFindings& findings) {
    const Verdict v = verdict_of(findings);
    if (v == Verdict::Healthy) return "";
    const Severity wanted = v == Verdict::Failed ? Severity::Error : Severity::Warning;
    std::string ids;
    for (const Finding& f : findings)
        if (severity_of(f) == wanted) ids += (ids.empty() ? "" : ",") + f.rule->id;
    return std::string(verdict_name(v)) + ": " + ids;
}

const char* verdict_name(Verdict v) {
    switch (v) {
    case Verdict::Healthy: return "healthy";
    case Verdict::Warning: return "warning";
    case Verdict::Failed: return "failed";
    }
    return "";
}

const char* arrow(Side from) {
    return from == Side::Client ? "client \u2192 server" : "server \u2192 client";
}

Totals count(const std::vector<ConnectionRecord>& conns) {
    Totals t;
    for (const ConnectionRecord& c : conns) {
        ++t.connections;
        const ConnectionFindings& fs = c.diagnosed->findings();
        switch (verdict_of(fs)) {
        case Verdict::Failed: ++t.failed; break;
        case Verdict::Warning: ++t.warnings; break;
        case Verdict::Healthy: ++t.healthy; break;
        }
        for (const Finding& f : fs) ++t.by_rule[f.rule->id];
        const auto& events = c.diagnosed->conn().events();
        if (std::any_of(events.begin(), events.end(), [](const Event& e) {
                return e.payload_kind() == PayloadKind::Missing && e.kind == Event::Kind::Payload;
            }))
            ++t.incomplete;
    }
    return t;
}

std::vector<const ConnectionRecord*> with_findings(const std::vector<ConnectionRecord>& conns) {
    std::vector<const ConnectionRecord*> out;
    for (const ConnectionRecord& c : conns)
        if (!c.diagnosed->findings().empty()) out.push_back(&c);
    std::sort(out.begin(), out.end(), [](const ConnectionRecord* a, const ConnectionRecord* b) {
        const Transport ta = a->diagnosed->conn().transport(),
                        tb = b->diagnosed->conn().transport();
        return ta != tb ? ta < tb : a->stream < b->stream;
    });
    return out;
}

}  // namespace tlsdiag::report
