// Reads an app's Info.plist (XML or binary, through libplist) into the ATS
// policy the rules understand.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "tlsdiag/ats_policy.h"

namespace tlsdiag::plugin {

// nullptr and a message in `error` when the file cannot be read or parsed.
// A plist without NSAppTransportSecurity is ATS with its defaults.
std::shared_ptr<const AtsPolicy> read_info_plist(const std::string& path, std::string* error);
// The same from the file's bytes; `source` names it in summaries and errors
// (read_info_plist passes the path). For the fuzzer (fuzz/).
std::shared_ptr<const AtsPolicy> read_info_plist_from_memory(const char* data, size_t len,
                                                             const std::string& source,
                                                             std::string* error);

}  // namespace tlsdiag::plugin
