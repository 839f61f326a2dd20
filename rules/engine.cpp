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

const std::vector<const RuleInfo*>& rules_at_end() {
    static const std::vector<const RuleInfo*> rules = [] {
        std::vector<const RuleInfo*> out;
        for (const RuleInfo& r : catalog())
            if (r.at_end) out.push_back(&r);
        return out;
    }();
    return rules;
}

template <typename List>
bool already_fired(const List& fs, const RuleInfo* rule) {
    return std::any_of(fs.begin(), fs.end(), [&](const Finding& f) { return f.rule == rule; });
}
}  // namespace

template <typename Rules, typename Run>
Findings DiagnosedConnection::run(const Rules& rules, const Settings& settings, Run run_check) {
    Findings fresh;
    for (const RuleInfo* rule : rules) {
        if (!settings.disabled_families.empty() && settings.disabled_families.count(rule->family()))
            continue;
        if (!rule->runs_on(conn_.transport())) continue;
        Findings candidates;
        run_check(*rule, candidates);
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

Findings DiagnosedConnection::evaluate(const Event& latest, const Settings& settings) {
    return run(rules_after(latest.kind), settings, [&](const RuleInfo& rule, Findings& out) {
        rule.check(rule, conn_, latest, settings, out);
    });
}

Findings DiagnosedConnection::evaluate_end(const CaptureEnd& end, const Settings& settings) {
    return run(rules_at_end(), settings, [&](const RuleInfo& rule, Findings& out) {
        rule.at_end(rule, conn_, end, settings, out);
    });
}

}  // namespace tlsdiag
