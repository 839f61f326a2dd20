// The name of the capture file tshark reads, for the report's header.
#pragma once

#include <string>

namespace tlsdiag::plugin {

// The base name of the file after -r on tshark's command line, or "" when
// there is none (live capture, the GUI, a system without /proc).
std::string capture_file_name();
// The path after -r as given (relative to the working directory), or "".
std::string capture_file_path();

}  // namespace tlsdiag::plugin
