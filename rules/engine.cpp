#include "tlsdiag/engine.h"

#include <algorithm>
#include <array>

namespace tlsdiag {

namespace {
// The checks an event of each kind wakes, each once although a family
// (alert.*) shares one check across ids: most events (encrypted records)
// wake none, a ClientHello two.
const std::vector<CheckFn>& checks_after(Event::Kind kind) {
    static const std::array<std::vector<CheckFn>, kEventKinds> by_kind = [] {
        std::array<std::vector<CheckFn>, kEventKinds> out;
        for (size_t k = 0; k < kEventKinds; ++k)
            for (const RuleInfo& r : catalog())
                if (r.check && (r.wakes_on & wakes(static_cast<Event::Kind>(k))) &&
                    std::find(out[k].begin(), out[k].end(), r.check) == out[k].end())
                    out[k].push_back(r.check);
        return out;
    }();
    return by_kind[static_cast<size_t>(kind)];
}

template <typename List>
bool already_fired(const List& fs, const std::string& id) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule_id == id; });
}
}  // namespace

Findings TrackedConnection::evaluate(const Event& latest, const Settings& settings) {
    Findings candidates;
    for (CheckFn check : checks_after(latest.kind)) check(conn_, latest, settings, candidates);

    Findings fresh;
    for (Finding& f : candidates) {
        const RuleInfo* info = find_rule(f.rule_id);
        if (!info || settings.disabled_families.count(info->family())) continue;
        if (already_fired(findings_, f.rule_id) || already_fired(fresh, f.rule_id)) continue;
        fresh.push_back(std::move(f));
    }
    for (const Finding& f : fresh) findings_.push_back(f);
    return fresh;
}

}  // namespace tlsdiag
