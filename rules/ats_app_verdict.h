// What the app's own ATS settings make of an ATS finding, as the end of its
// summary. Shared by the ATS rules; empty when no Info.plist was given.
#pragma once

#include <string>

#include "tlsdiag/ats_policy.h"
#include "tlsdiag/engine.h"
#include "tlsdiag/tables.h"

namespace tlsdiag {

std::string app_verdict_for_version(const Settings& s, const std::string& sni, uint16_t version);
std::string app_verdict_for_suite(const Settings& s, const std::string& sni,
                                  const CipherSuiteInfo* suite);

}  // namespace tlsdiag
