// A finding: one rule that fired on one connection, anchored to the frame
// where its evidence became complete.
#pragma once

#include <string>
#include <vector>

#include "tlsdiag/model.h"

namespace tlsdiag {

struct RuleInfo;

struct Finding {
    const RuleInfo* rule;  // its catalog entry
    Frame frame = 0;       // the frame that shows the problem
    std::string summary;   // one line with the evidence values
    Frame related = 0;     // the other frame of the evidence (e.g. the ClientHello), 0 if none
};

using Findings = std::vector<Finding>;
// What a connection has found so far, kept with it until the capture is closed.
using ConnectionFindings = std::vector<Finding>;

}  // namespace tlsdiag
