#include "tlsdiag/engine.h"

#include <algorithm>

namespace tlsdiag {

namespace {
// Each check once, although a family (alert.*) shares one check across ids.
const std::vector<CheckFn>& distinct_checks() {
    static const std::vector<CheckFn> checks = [] {
        std::vector<CheckFn> out;
        for (const RuleInfo& r : catalog())
            if (r.check && std::find(out.begin(), out.end(), r.check) == out.end())
                out.push_back(r.check);
        return out;
    }();
    return checks;
}

bool already_fired(const Findings& fs, const std::string& id) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule_id == id; });
}
}  // namespace

Findings TrackedConnection::evaluate(const Event& latest, const Settings& settings) {
    Findings candidates;
    for (CheckFn check : distinct_checks()) check(conn_, latest, settings, candidates);

    Findings fresh;
    for (Finding& f : candidates) {
        const RuleInfo* info = find_rule(f.rule_id);
        if (!info || settings.disabled_families.count(info->family())) continue;
        if (already_fired(findings_, f.rule_id) || already_fired(fresh, f.rule_id)) continue;
        fresh.push_back(std::move(f));
    }
    findings_.insert(findings_.end(), fresh.begin(), fresh.end());
    return fresh;
}

}  // namespace tlsdiag
