// The engine: runs the catalog's checks on a connection each time the
// connection changes, and keeps each rule to one finding per connection.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "tlsdiag/ats_policy.h"
#include "tlsdiag/catalog.h"
#include "tlsdiag/finding.h"
#include "tlsdiag/model.h"

namespace tlsdiag {

// Tunables shared by the checks; the plugin fills them from preferences.
struct Settings {
    // A server RST or FIN later than this after the ClientHello is a timeout,
    // not the server's answer to it.
    double close_answer_window_s = 10.0;
    // cert.expires_soon: a certificate expiring within this many days of the
    // capture's time; 0 turns the rule off.
    unsigned expiry_warning_days = 30;
    // Rule families switched off (names of rule_families()).
    std::set<std::string> disabled_families;
    // The app's NSAppTransportSecurity, when given: ATS findings then say
    // whether this app really fails, and which exception would let it through.
    std::shared_ptr<const AtsPolicy> ats_policy;
};

// A connection with the findings it has produced so far.
class DiagnosedConnection {
public:
    // Runs the checks after `latest` was added to conn() and returns the new
    // findings (rules that had not fired on this connection before).
    Findings evaluate(const Event& latest, const Settings& settings);
    // Runs the checks that judge the capture's end (RuleInfo::at_end), once
    // the capture was read; returns the new findings as evaluate() does.
    Findings evaluate_end(const CaptureEnd& end, const Settings& settings);

    // Adds what only the whole capture knows (another connection) to the
    // finding of `rule`: `words` at the end of its summary, and `related`
    // when it names no related frame yet. False when the rule has not fired.
    bool amend(const RuleInfo* rule, const std::string& words, Frame related);

    Connection& conn() { return conn_; }
    const Connection& conn() const { return conn_; }
    const ConnectionFindings& findings() const { return findings_; }

private:
    template <typename Rules, typename Run>
    Findings run(const Rules& rules, const Settings& settings, Run run_check);
    Connection conn_;
    ConnectionFindings findings_;
};

}  // namespace tlsdiag
