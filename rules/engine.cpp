#include "tlsdiag/engine.h"

#include <algorithm>
#include <array>

namespace tlsdiag {

namespace {
// The rules an event of each kind wakes: most events (encrypted records) wake
// none, a ClientHello two.
const std::vector<const RuleInfo*>& rules_after(Event::Kind kind) {
    static const std::array<std::vector<const RuleInfo*>, kEventKinds> by_kind = [] {
        std::array<std::vector<const RuleInfo*>, kEventKinds> out;
        for (size_t k = 0; k < kEventKinds; ++k)
            for (const RuleInfo& r : catalog())
                if (r.check && (r.wakes_on & wakes(static_cast<Event::Kind>(k))))
                    out[k].push_back(&r);
        return out;
    }();
    return by_kind[static_cast<size_t>(kind)];
}

template <typename List>
bool already_fired(const List& fs, const RuleInfo* rule) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule == rule; });
}
}  // namespace

Findings DiagnosedConnection::evaluate(const Event& latest, const Settings& settings) {
    Findings fresh;
    for (const RuleInfo* rule : rules_after(latest.kind)) {
        if (!settings.disabled_families.empty() && settings.disabled_families.count(rule->family()))
            continue;
        Findings candidates;
        rule->check(*rule, conn_, latest, settings, candidates);
        for (Finding& f : candidates)
            if (!already_fired(findings_, f.rule) && !already_fired(fresh, f.rule))
                fresh.push_back(std::move(f));
    }
    for (const Finding& f : fresh) findings_.push_back(f);
    return fresh;
}

bool DiagnosedConnection::amend(const RuleInfo* rule, const std::string& words, Frame related) {
    for (Finding& f : findings_)
        if (f.rule == rule) {
            f.summary += words;
            if (!f.related) f.related = related;
            return true;
        }
    return false;
}

}  // namespace tlsdiag
