// The conditions of the `when` column of rules/data/likely_causes.tsv and
// client_reports.tsv: the one list of valid names, each with its predicate
// over the connection and the finding. The build checks the tables' names
// against this list (tools/when_names prints it).
#pragma once

#include <string>
#include <vector>

#include "tlsdiag/finding.h"
#include "tlsdiag/model.h"

namespace tlsdiag::report {

struct WhenCondition {
    const char* name;
    bool (*holds)(const Connection& conn, const Finding& finding);
};

// Every condition, by name.
const std::vector<WhenCondition>& when_conditions();

// A `when` expression: condition names joined by "+", all of which must hold.
// A name not in when_conditions() holds nowhere (the build rejects it first).
bool when_holds(const std::string& when, const Connection& conn, const Finding& finding);

// The alert event a finding of the alert family stands on, nullptr if none.
const Event* alert_event(const Connection& conn, const Finding& finding);

}  // namespace tlsdiag::report
