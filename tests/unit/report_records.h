// A report's connection record for a scenario, with made-up endpoints: what
// the plugin hands the report for one connection.
#pragma once

#include <cstdint>
#include <string>

#include "scenario.h"
#include "tlsdiag/report.h"

namespace tlsdiag::test {

inline report::ConnectionRecord record(uint32_t stream, const Scenario& s) {
    report::ConnectionRecord r;
    r.stream = stream;
    r.client = "10.0.0.1:" + std::to_string(50000 + stream);
    r.server = "10.0.0.2:443";
    r.diagnosed = &s.diagnosed();
    return r;
}

}  // namespace tlsdiag::test
