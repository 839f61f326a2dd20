#include "report_internal.h"
#include "tlsdiag/catalog.h"

namespace tlsdiag::report {

Diagnosis diagnose(const ConnectionRecord& record, const Settings& settings) {
    const Connection& conn = record.diagnosed->conn();
    const ConnectionFindings& findings = record.diagnosed->findings();
    Diagnosis d{&record,
                verdict_of(findings),
                timeline(conn, settings),
                likely_causes(conn, findings),
                client_reports(conn, findings),
                {}};
    // Per finding, the change of its most likely cause, else the rule's own fix.
    for (const Finding& f : findings) {
        if (explained_by_another(findings, f)) continue;
        std::vector<Cause> causes = likely_causes(conn, f);
        if (!causes.empty() && !causes.front().change.empty())
            d.changes.push_back(causes.front().change);
        else d.changes.push_back(f.rule->fix);
    }
    return d;
}

}  // namespace tlsdiag::report
